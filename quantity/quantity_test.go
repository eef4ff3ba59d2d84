package quantity

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func show(text string, qs []Quantity) string {
	var parts []string
	for _, q := range qs {
		c := "nil"
		if q.Count != nil {
			c = fmt.Sprint(*q.Count)
		}
		if q.Max != nil {
			c += fmt.Sprintf("..%d", *q.Max)
		}
		parts = append(parts, fmt.Sprintf("%s=%s %s", text[q.Span.Start:q.Span.End], q.Qualifier, c))
	}
	return strings.Join(parts, "; ")
}

func TestFind(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"At least 23 soldiers were killed.", "At least 23=at least 23"},
		{"The army said 2,400 personnel died.", "2,400=exact 2400"},
		{"Fifty-eight soldiers and twenty one civilians.", "Fifty-eight=exact 58; twenty one=exact 21"},
		{"A hundred families fled; three were hurt.", "A hundred=exact 100; three=exact 3"},
		{"one hundred and twenty people", "one hundred and twenty=exact 120"},
		{"two thousand five hundred troops", "two thousand five hundred=exact 2500"},
		{"A dozen houses burned.", "A dozen=exact 12"},
		{"two dozen fighters", "two dozen=exact 24"},
		{"Dozens of soldiers died.", "Dozens=vague 12"},
		{"Scores were wounded and hundreds fled.", "Scores=vague 20; hundreds=vague 100"},
		{"Thousands marched; tens of others watched.", "Thousands=vague 1000; tens=vague 10"},
		{"tens of thousands of refugees", "tens of thousands=vague 10000"},
		{"Several civilians and a number of police.", "Several=vague nil; a number of=vague nil"},
		{"some militants escaped", "some=vague nil"},
		{"several hundred refugees", "several hundred=vague 100"},
		{"More than 200 died, over 50 were hurt, upwards of 30 missing.", "More than 200=more than 200; over 50=more than 50; upwards of 30=more than 30"},
		{"no fewer than 12 and a minimum of 4", "no fewer than 12=at least 12; a minimum of 4=at least 4"},
		{"about 40, around 15, nearly 60, almost 9, approximately 100, roughly 7", "about 40=about 40; around 15=about 15; nearly 60=about 60; almost 9=about 9; approximately 100=about 100; roughly 7=about 7"},
		{"some 300 fighters and an estimated 5,000 people", "some 300=about 300; an estimated 5,000=about 5000"},
		{"up to 25 dead, as many as 40 hurt", "up to 25=up to 25; as many as 40=up to 40"},
		{"fewer than 10, less than 5, under 3", "fewer than 10=fewer than 10; less than 5=fewer than 5; under 3=fewer than 3"},
		{"killed 20 to 25 militants", "20 to 25=range 20..25"},
		{"killed 20-25 militants", "20-25=range 20..25"},
		{"between 20 and 25 killed", "between 20 and 25=range 20..25"},
		{"6,000–6,500 troops", "6,000–6,500=range 6000..6500"},
		{"1.5 million refugees", "1.5 million=exact 1500000"},
		{"a couple of soldiers", "a couple of=about 2"},
		{"born around 2007 in Kurram", "around 2007=about 2007"},
		{"the 16th day; a T-62 tank; at 10:30", ""},
		{"more than a dozen houses", "more than a dozen=more than 12"},
		{"between 5 and then", "5=exact 5"},
	}
	for _, tc := range tests {
		got := show(tc.text, Find(tc.text))
		if got != tc.want {
			t.Errorf("Find(%q)\n got: %s\nwant: %s", tc.text, got, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" = not ok
	}{
		{"at least 23", "at least 23"},
		{" dozens ", "vague 12"},
		{"20 to 25.", "range 20..25"},
		{"fifty-eight", "exact 58"},
		{"several", "vague nil"},
		{"23 soldiers", ""},
		{"soldiers", ""},
		{"", ""},
	}
	for _, tc := range tests {
		q, ok := Parse(tc.in)
		got := ""
		if ok {
			got = strings.SplitN(show(tc.in, []Quantity{q}), "=", 2)[1]
		}
		if got != tc.want {
			t.Errorf("Parse(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func valid(t *testing.T, text string, qs []Quantity) {
	prev := 0
	for _, q := range qs {
		if q.Span.Start < prev || q.Span.End <= q.Span.Start || q.Span.End > len(text) ||
			!boundary(text, q.Span.Start) || !boundary(text, q.Span.End) || !utf8.ValidString(text[q.Span.Start:q.Span.End]) {
			t.Fatalf("bad span %v in %q", q.Span, text)
		}
		if q.Qualifier == "" || q.Max != nil && (q.Count == nil || *q.Max <= *q.Count) {
			t.Fatalf("bad quantity %+v in %q", q, text)
		}
		prev = q.Span.End
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"at least 23", "between 20 and", "6,000–6,500", "tens of thousands", "a hundred and", "99999999999999999999", "1.5 million", "\xffover 3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { valid(t, s, Find(s)) })
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"at least 23", "dozens", "20 to 25", "fifty-eight"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if q, ok := Parse(s); ok {
			valid(t, s, []Quantity{q})
		}
	})
}

// boundary reports whether byte offset i starts a rune of text as Go decodes
// it (an invalid byte counts as one rune), or is its end.
func boundary(text string, i int) bool {
	if i == len(text) {
		return true
	}
	for k := range text {
		if k == i {
			return true
		}
		if k > i {
			break
		}
	}
	return false
}

func BenchmarkFind(b *testing.B) {
	files, _ := filepath.Glob("../../shared/seeds/*.txt")
	if len(files) == 0 {
		b.Skip("seed texts not available (../../shared/seeds)")
	}
	var texts []string
	total := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(raw))
		total += len(raw)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range texts {
			Find(s)
		}
	}
}
