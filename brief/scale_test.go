package brief_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/brief"
)

// bigInput is a picture of many documents: 20,000 events in 400 episodes,
// 5,000 claims by 100 claimants, 300 disputed quantities.
func bigInput() brief.Input {
	var in brief.Input
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 20000; i++ {
		doc := fmt.Sprintf("doc-%d", i/2)
		d := day.AddDate(0, 0, i/40).Format("2006-01-02")
		e := event(int64(i+1), d, ptr(i%50), fmt.Sprintf("Town%d", i%300), doc)
		in.Events = append(in.Events, e)
		if i%40 == 0 {
			in.Episodes = append(in.Episodes, sitrep.Episode{ID: int64(i/40 + 1), Label: "Town", Start: d, End: d})
		}
		ep := &in.Episodes[len(in.Episodes)-1]
		ep.Events = append(ep.Events, e.ID)
		if i%2 == 0 {
			in.Sources = append(in.Sources, brief.Source{DocID: doc, Title: "Report " + doc, Published: d})
		}
	}
	for i := 0; i < 300; i++ {
		doc := fmt.Sprintf("doc-%d", i)
		q := sitrep.Quantity{ID: fmt.Sprint(i + 1), Event: int64(2*i + 1), Label: "soldiers killed", Sources: 1, Claimants: 2, Disputed: true}
		for j, who := range []string{"Army", "Rebels"} {
			q.Figures = append(q.Figures, sitrep.Figure{Count: ptr(10 * (j + 1)), Qualifier: "exact", Claimant: &sitrep.ActorRef{ID: who, Name: who}, DocID: doc, Text: "soldiers were killed"})
		}
		in.Ledger = append(in.Ledger, q)
	}
	for i := 0; i < 5000; i++ {
		in.Claims = append(in.Claims, brief.Claim{Kind: sitrep.ClaimAccusation,
			Claimant: &sitrep.ActorRef{ID: fmt.Sprint(i % 100), Name: fmt.Sprintf("Claimant%d", i%100)},
			About:    &sitrep.ActorRef{ID: "x", Name: "Target"}, DocID: fmt.Sprintf("doc-%d", i), Published: "2024-01-01",
			Text: fmt.Sprintf("accused the other side of attack number %d", i)})
	}
	return in
}

func TestLargeInputStaysBrief(t *testing.T) {
	in := bigInput()
	start := time.Now()
	md, page := render(t, in)
	took := time.Since(start)
	if took > 5*time.Second {
		t.Errorf("brief of 20,000 events took %v", took)
	}
	t.Logf("20,000 events, 5,000 claims: Markdown and HTML in %v, %d and %d bytes", took, len(md), len(page))
	if n := strings.Count(md, "\n"); n > 600 {
		t.Errorf("a brief of %d lines is not brief", n)
	}
	for _, want := range []string{
		"290 more disputed figures in the input, not shown.",
		"88 more claimants and parties in the input, not shown.",
		"45 more statements in the input, not shown.",
		"488 more earlier episodes in the input, not shown.",
		"30 more events in the input, not shown.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("brief lacks %q", want)
		}
	}
	assertCited(t, md)
	assertSafeHTML(t, page)
	// Only what is cited is listed.
	cited := strings.Count(md[strings.Index(md, "## Sources"):], "\n- [")
	if cited == 0 || cited > 1000 {
		t.Errorf("%d sources listed", cited)
	}
}

func BenchmarkMarkdown(b *testing.B) {
	in := bigInput()
	for b.Loop() {
		if err := brief.Markdown(&bytes.Buffer{}, in); err != nil {
			b.Fatal(err)
		}
	}
}
