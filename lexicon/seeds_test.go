package lexicon

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

const sharedDir = "../../shared"

type goldDoc struct {
	ID        string `json:"id"`
	File      string `json:"file"`
	Published string `json:"published"`
	Actors    []struct {
		ID string `json:"id"`
	} `json:"actors"`
}

type seed struct {
	gold goldDoc
	text string
	date time.Time
}

func loadSeeds(tb testing.TB) []seed {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(sharedDir, "gold", "seeds.gold.json"))
	if err != nil {
		tb.Skipf("shared seeds not available (%v): skipping", err)
	}
	var g struct {
		Documents []goldDoc `json:"documents"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		tb.Fatal(err)
	}
	var out []seed
	for _, d := range g.Documents {
		b, err := os.ReadFile(filepath.Join(sharedDir, "seeds", d.File))
		if err != nil {
			tb.Skipf("seed %s not available: %v", d.File, err)
		}
		t, _ := time.Parse("2006-01-02", d.Published)
		out = append(out, seed{gold: d, text: string(b), date: t})
	}
	return out
}

// goldID maps an id to the gold's convention: people found by pattern carry
// "x-", which the hand annotation does not write.
func goldID(id string) string { return strings.TrimPrefix(id, "x-") }

// TestSeeds scores distinct actor ids per document against the gold.
func TestSeeds(t *testing.T) {
	seeds := loadSeeds(t)
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var tp, fp, fn int
	for _, s := range seeds {
		ms := l.Recognise(s.text, text.Tokenize(s.text), text.Sentences(s.text), s.date)
		got := map[string]string{}
		for _, m := range ms {
			if _, ok := got[goldID(m.Actor.ID)]; !ok {
				got[goldID(m.Actor.ID)] = s.text[m.Span.Start:m.Span.End]
			}
		}
		want := map[string]bool{}
		for _, a := range s.gold.Actors {
			want[a.ID] = true
		}
		var miss, extra []string
		for id := range want {
			if _, ok := got[id]; ok {
				tp++
			} else {
				fn++
				miss = append(miss, id)
			}
		}
		for id, surf := range got {
			if !want[id] {
				fp++
				extra = append(extra, id+" ("+surf+")")
			}
		}
		sort.Strings(miss)
		sort.Strings(extra)
		t.Logf("%s: %d gold, %d found; missing %v; extra %v", s.gold.ID, len(want), len(got), miss, extra)
	}
	p := float64(tp) / float64(max(tp+fp, 1))
	r := float64(tp) / float64(max(tp+fn, 1))
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	t.Logf("distinct actor ids: P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)", p, r, f, tp, fp, fn)
	if f < 0.90 {
		t.Errorf("F1 %.3f below the 0.90 target", f)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := build(nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRecognise(b *testing.B) {
	seeds := loadSeeds(b)
	l, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	type prepared struct {
		s    seed
		toks []text.Token
		sent []sitrep.Span
	}
	var ps []prepared
	n := 0
	for _, s := range seeds {
		ps = append(ps, prepared{s, text.Tokenize(s.text), text.Sentences(s.text)})
		n += len(s.text)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for b.Loop() {
		for _, p := range ps {
			l.Recognise(p.s.text, p.toks, p.sent, p.s.date)
		}
	}
}
