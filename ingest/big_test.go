package ingest

import (
	"strings"
	"testing"
)

// Pages beyond the extractor's comfortable size still give their text (the
// extractor is quadratic in text and tree size, so these take the fallback
// path; without it the first case takes seconds and hundreds of MB).
func TestLargePages(t *testing.T) {
	const para = "<p>Residents said the shelling lasted for nearly two hours and that several houses near the market were hit.</p>\n"
	unit := `<div class="x"><span>a</span></div>`
	tests := []struct {
		name, page, want string
		minText          int
	}{
		{"much text", "<html><body><article>" + strings.Repeat(para, 10000) + "</article></body></html>",
			"houses near the market were hit.\nResidents", 900000},
		{"many elements", "<html><body><nav>" + strings.Repeat("<a href=x>link</a>", 20000) + "</nav><article>" + para +
			strings.Repeat(unit, 20000) + "</article></body></html>", "Residents said the shelling", 0},
		{"deep nesting", strings.Repeat("<div>", 5000) + para, "Residents said the shelling", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := FromHTML(strings.NewReader(tc.page), "", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(doc.Text, tc.want) || len(doc.Text) < tc.minText {
				t.Errorf("text (%d bytes) lacks %q", len(doc.Text), tc.want)
			}
			if strings.Contains(doc.Text, "link") {
				t.Errorf("navigation kept")
			}
		})
	}
}
