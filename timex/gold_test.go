package timex

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
)

type goldFile struct {
	Documents []struct {
		ID        string `json:"id"`
		File      string `json:"file"`
		Published string `json:"published"`
		Dates     []struct {
			Text  string  `json:"text"`
			Value *string `json:"value"`
			Start int     `json:"start"`
			End   int     `json:"end"`
		} `json:"dates"`
	} `json:"documents"`
}

const sharedDir = "../../shared"

type seedDoc struct {
	id, text string
	pub      time.Time
}

func loadGold(tb testing.TB) (goldFile, []seedDoc) {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(sharedDir, "gold", "seeds.gold.json"))
	if err != nil {
		tb.Skipf("gold annotation not available (%v)", err)
	}
	var g goldFile
	if err := json.Unmarshal(raw, &g); err != nil {
		tb.Fatal(err)
	}
	var docs []seedDoc
	for _, d := range g.Documents {
		b, err := os.ReadFile(filepath.Join(sharedDir, "seeds", d.File))
		if err != nil {
			tb.Skipf("seed text not available (%v)", err)
		}
		pub, err := time.Parse("2006-01-02", d.Published)
		if err != nil {
			tb.Fatalf("%s: bad published date %q", d.ID, d.Published)
		}
		docs = append(docs, seedDoc{d.ID, string(b), pub})
	}
	return g, docs
}

// byteOffset converts a code-point index into a byte offset.
func byteOffset(s string, cp int) int {
	n := 0
	for i := range s {
		if n == cp {
			return i
		}
		n++
	}
	return len(s)
}

// TestGoldSeeds runs Find over the seed texts with the gold publication date
// and measures span recall and value accuracy against the hand annotation.
// Values are compared at date level: gold writes "Wednesday night" as
// 2026-02-25 where TIMEX3 gives 2026-02-25TNI.
func TestGoldSeeds(t *testing.T) {
	g, docs := loadGold(t)
	var gold, exact, overlap, valued, correct, predicted, spurious int
	for di, d := range g.Documents {
		text := docs[di].text
		got := Find(text, nil, Anchor{Time: docs[di].pub, Granularity: sitrep.GranularityDay})
		used := make([]bool, len(got))
		for _, gd := range d.Dates {
			gold++
			span := sitrep.Span{Start: byteOffset(text, gd.Start), End: byteOffset(text, gd.End)}
			hit := -1
			for i, e := range got {
				if e.Span.Overlaps(span) {
					hit = i
					break
				}
			}
			if hit < 0 {
				t.Logf("%s MISS %q (gold %v)", d.ID, gd.Text, deref(gd.Value))
				continue
			}
			used[hit] = true
			overlap++
			e := got[hit]
			if e.Span == span {
				exact++
			}
			if gd.Value == nil {
				continue
			}
			valued++
			v := e.Value
			if i := strings.Index(v, "T"); i > 0 && !strings.Contains(*gd.Value, "T") {
				v = v[:i]
			}
			if v == *gd.Value {
				correct++
			} else {
				t.Logf("%s VALUE %q: got %s %s, gold %s", d.ID, gd.Text, e.Type, e.Value, *gd.Value)
			}
		}
		for i, e := range got {
			if e.Type == sitrep.TimeDuration {
				continue
			}
			predicted++
			if !used[i] {
				spurious++
				t.Logf("%s EXTRA %q %s %s", d.ID, text[e.Span.Start:e.Span.End], e.Type, e.Value)
			}
		}
	}
	recall := float64(overlap) / float64(gold)
	acc := float64(correct) / float64(valued)
	t.Logf("gold dates %d: span recall %.3f (exact %.3f), value accuracy %.3f (%d/%d), non-duration predictions %d, unmatched %d",
		gold, recall, float64(exact)/float64(gold), acc, correct, valued, predicted, spurious)
	if recall < 0.85 || acc < 0.85 {
		t.Errorf("below floor: recall %.3f, value accuracy %.3f (want ≥ 0.85 each)", recall, acc)
	}
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}
