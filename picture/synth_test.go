package picture

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	sitrep "github.com/sitrep-dev/sitrep"
)

// stream makes a synthetic news stream from the examples, for crash tests
// and benchmarks: each example sentence is a template whose places, days
// and numbers (as the extractor finds them) are slots; each document tells
// one incident (a place, a day, figures) in a few recombined sentences,
// published a day or two after it. Publication advances through two years
// over the stream, several documents tell each incident, and some are
// republished copies (rewrite families), as in a real feed. Deterministic
// for a seed; documents come a run at a time (Next), so the whole stream is
// never held in memory.
type stream struct {
	rng       *rand.Rand
	templates []template
	dated     []template // templates with a day slot
	titles    []template
	places    []string
	total     int // documents the stream will give, for the pace of time
	n         int // documents given so far
	start     time.Time
	incidents []incident
	recent    []string // recent texts, for copies
}

type template struct {
	parts []string // literal text around the slots
	slots []byte   // 'P' place, 'D' day, 'N' number; len(parts) = len(slots)+1
}

type incident struct {
	day   time.Time
	place string
	figs  [3]int
}

func newStream(t testing.TB, total int, seed uint64) *stream {
	t.Helper()
	s := &stream{rng: rand.New(rand.NewPCG(seed, 11)), total: total, start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	x := extractor(t)
	seen := map[string]bool{}
	for _, d := range exampleDocs(t) {
		rec := x.Extract(d)
		text := []rune(d.Text)
		slots := map[int][2]int{} // start → end, kind
		for _, p := range rec.Places {
			if !seen[p.Name] && p.Kind != "country" {
				seen[p.Name] = true
				s.places = append(s.places, p.Name)
			}
			for _, m := range p.Mentions {
				slots[m.Start] = [2]int{m.End, 'P'}
			}
		}
		for _, tm := range rec.Times {
			if tm.Type == "DATE" && len(tm.Value) == 10 {
				slots[tm.Start] = [2]int{tm.End, 'D'}
			}
		}
		for i := 0; i < len(text); i++ {
			if unicode.IsDigit(text[i]) && (i == 0 || !unicode.IsDigit(text[i-1]) && text[i-1] != ',' && text[i-1] != '.') {
				j := i
				for j < len(text) && unicode.IsDigit(text[j]) {
					j++
				}
				if _, ok := slots[i]; !ok && j-i <= 3 && (j == len(text) || text[j] == ' ') {
					slots[i] = [2]int{j, 'N'}
				}
			}
		}
		for pi, para := range paragraphs(text) {
			for _, sen := range sentences(para[0], para[1], text) {
				if pi == 0 {
					s.titles = append(s.titles, makeTemplate(text, sen[0], sen[1], slots))
					continue
				}
				for _, cl := range clauses(sen[0], sen[1], text) {
					tp := makeTemplate(text, cl[0], cl[1], slots)
					if len(tp.slots) == 0 {
						continue
					}
					s.templates = append(s.templates, tp)
					if slices.Contains(tp.slots, 'D') {
						s.dated = append(s.dated, tp)
					}
				}
			}
		}
	}
	// More places, from the curated gazetteer rows (ours): cities,
	// districts, provinces and features, not regions.
	if raw, err := os.ReadFile(filepath.Join("..", "gazetteer", "data", "curated.tsv")); err == nil {
		for _, line := range strings.Split(string(raw), "\n") {
			f := strings.Split(line, "\t")
			if len(f) > 2 && !strings.HasPrefix(line, "#") && f[1] != "region" && f[1] != "kind" && !seen[f[0]] {
				seen[f[0]] = true
				s.places = append(s.places, f[0])
			}
		}
	}
	slices.Sort(s.places)
	if len(s.dated) == 0 || len(s.places) == 0 {
		t.Fatal("synthetic stream: no templates or places in the examples")
	}
	return s
}

// paragraphs are the non-empty lines of the text, as rune spans.
func paragraphs(text []rune) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			if strings.TrimSpace(string(text[start:i])) != "" {
				out = append(out, [2]int{start, i})
			}
			start = i + 1
		}
	}
	return out
}

// sentences splits a paragraph after ". " followed by a capital.
func sentences(from, to int, text []rune) [][2]int {
	var out [][2]int
	start := from
	for i := from; i < to; i++ {
		if text[i] == '.' && i+2 < to && text[i+1] == ' ' && unicode.IsUpper(text[i+2]) {
			out = append(out, [2]int{start, i + 1})
			start = i + 2
		}
	}
	return append(out, [2]int{start, to})
}

// clauses splits a sentence at its commas and final full stop, so that
// documents recombine clauses (two documents rarely share a sentence, as
// independent reports do not).
func clauses(from, to int, text []rune) [][2]int {
	for to > from && (text[to-1] == '.' || text[to-1] == ' ') {
		to--
	}
	var out [][2]int
	start := from
	for i := from; i < to; i++ {
		if text[i] == ',' && i+1 < to && text[i+1] == ' ' {
			if i-start > 20 {
				out = append(out, [2]int{start, i})
				start = i + 2
			}
		}
	}
	return append(out, [2]int{start, to})
}

func makeTemplate(text []rune, from, to int, slots map[int][2]int) template {
	var tp template
	lit := from
	for i := from; i < to; i++ {
		sl, ok := slots[i]
		if !ok || sl[0] > to {
			continue
		}
		tp.parts = append(tp.parts, string(text[lit:i]))
		tp.slots = append(tp.slots, byte(sl[1]))
		lit = sl[0]
		i = sl[0] - 1
	}
	tp.parts = append(tp.parts, string(text[lit:to]))
	return tp
}

func (s *stream) fill(b *strings.Builder, tp template, in incident) {
	for i, p := range tp.parts {
		b.WriteString(p)
		if i == len(tp.slots) {
			break
		}
		switch tp.slots[i] {
		case 'P':
			if s.rng.IntN(4) == 0 {
				b.WriteString(s.places[s.rng.IntN(len(s.places))])
			} else {
				b.WriteString(in.place)
			}
		case 'D':
			b.WriteString(in.day.Format("January 2, 2006"))
		case 'N':
			b.WriteString(strconv.Itoa(in.figs[s.rng.IntN(3)]))
		}
	}
}

// Next gives the next n documents of the stream.
func (s *stream) Next(n int) []sitrep.Document {
	out := make([]sitrep.Document, 0, n)
	span := 730 * 24 * time.Hour
	for range n {
		i := s.n
		s.n++
		pub := s.start.Add(time.Duration(float64(span) * float64(i) / float64(max(s.total, 1)))).Truncate(24 * time.Hour)
		var text string
		if len(s.recent) > 0 && s.rng.IntN(12) == 0 {
			// A copy republished by another outlet.
			text = s.recent[s.rng.IntN(len(s.recent))] + "\n\nRepublished by partner outlet " + strconv.Itoa(i) + "."
		} else {
			var in incident
			if k := len(s.incidents); k > 0 && s.rng.IntN(2) == 0 {
				in = s.incidents[max(0, k-1-s.rng.IntN(min(k, 8)))]
			} else {
				in = incident{day: pub.AddDate(0, 0, -s.rng.IntN(3)), place: s.places[s.rng.IntN(len(s.places))]}
				for j := range in.figs {
					in.figs[j] = 2 + s.rng.IntN(60)
				}
				s.incidents = append(s.incidents, in)
				if len(s.incidents) > 64 {
					s.incidents = s.incidents[len(s.incidents)-32:]
				}
			}
			var b strings.Builder
			s.fill(&b, s.titles[s.rng.IntN(len(s.titles))], in)
			b.WriteString("\n\n")
			// Most reports date their incident; some leave it undated.
			// Sentences join two clauses of different examples.
			for k := 4 + s.rng.IntN(4); k > 0; k-- {
				first := s.templates[s.rng.IntN(len(s.templates))]
				if k == 1 && s.rng.IntN(4) > 0 {
					first = s.dated[s.rng.IntN(len(s.dated))]
				}
				var sb strings.Builder
				s.fill(&sb, first, in)
				sb.WriteString(", ")
				s.fill(&sb, s.templates[s.rng.IntN(len(s.templates))], in)
				sen := []rune(strings.TrimSpace(sb.String()))
				sen[0] = unicode.ToUpper(sen[0])
				b.WriteString(string(sen))
				b.WriteString(". ")
			}
			fmt.Fprintf(&b, "\n\nReport %d.\n", i)
			text = b.String()
			s.recent = append(s.recent, text)
			if len(s.recent) > 50 {
				s.recent = s.recent[1:]
			}
		}
		out = append(out, sitrep.Document{
			ID: "syn-" + strconv.Itoa(i), Text: text, Outlet: "Outlet " + strconv.Itoa(i%37),
			Published: pub, PublishedSource: sitrep.PublishedInput,
		})
	}
	return out
}

// The stream tells incidents through time: its documents yield events and
// rewrite families, and their dates move with publication.
func TestStream(t *testing.T) {
	s := newStream(t, 400, 1)
	docs := s.Next(400)
	x := extractor(t)
	events, dated := 0, 0
	for _, d := range docs[:40] {
		rec := x.Extract(d)
		events += len(rec.Events)
		for _, e := range rec.Events {
			if e.EventDate != nil {
				dated++
			}
		}
	}
	if events < 40 || dated < events/3 {
		t.Errorf("40 synthetic documents gave %d events, %d dated", events, dated)
	}
	if docs[0].Published.Equal(docs[399].Published) || docs[399].Published.Sub(docs[0].Published) < 700*24*time.Hour {
		t.Errorf("publication does not advance: %s to %s", docs[0].Published, docs[399].Published)
	}
	t.Logf("%d templates (%d dated), %d places; first document:\n%s", len(s.templates), len(s.dated), len(s.places), docs[1].Text)
}
