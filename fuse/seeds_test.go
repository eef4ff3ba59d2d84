package fuse_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/eval"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/fuse"
	"github.com/sitrep-dev/sitrep/ingest"
)

// goldCross is the cross-document part of the gold file.
type goldCross struct {
	EventClusters []struct {
		ID     string   `json:"id"`
		Events []string `json:"events"`
	} `json:"event_clusters"`
	Contradictions []struct {
		ID     string `json:"id"`
		Values []struct {
			Count     *int    `json:"count"`
			Qualifier *string `json:"qualifier"`
			Claimant  string  `json:"claimant"`
			Doc       string  `json:"doc"`
			Event     string  `json:"event"`
			Text      string  `json:"text"`
		} `json:"values"`
	} `json:"contradictions"`
}

const shared = "../../shared"

// seedFamilies puts 000 and 001, two rewrites of one original, in one
// rewrite family.
var seedFamilies = map[string]string{"000": "000+001", "001": "000+001"}

// seedRecords extracts the seeds with the gold's publication dates (records
// in the gold's document order, ids the gold's), with the gold and its
// cross-document part; it skips when ../shared is absent.
func seedRecords(t *testing.T) (*eval.Gold, goldCross, []sitrep.Record) {
	t.Helper()
	goldPath := filepath.Join(shared, "gold", "seeds.gold.json")
	if _, err := os.Stat(goldPath); err != nil {
		t.Skip("seed gold not found beside the repository (../shared): ", err)
	}
	g, err := eval.LoadGold(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	var cross goldCross
	raw, err := os.ReadFile(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := jsonUnmarshal(raw, &cross); err != nil {
		t.Fatal(err)
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x.WithText = true
	recs := make([]sitrep.Record, len(g.Documents))
	for i, d := range g.Documents {
		doc, err := ingest.ReadFile(filepath.Join(shared, "seeds", d.File), ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		doc.ID = d.ID
		if pt := d.PublishedTime(); !pt.IsZero() {
			doc.Published, doc.PublishedSource = pt, sitrep.PublishedInput
		}
		recs[i] = x.Extract(doc)
	}
	return g, cross, recs
}

// seedPicture fuses the seeds (seedRecords) and maps gold event ids to
// picture events.
func seedPicture(t *testing.T) (*fuse.Fuser, map[string]int64, *eval.Gold, goldCross) {
	t.Helper()
	g, cross, recs := seedRecords(t)
	f := fuse.New()
	goldOf := map[string]int64{} // gold event id → picture event
	for i, d := range g.Documents {
		reports := fuse.FromRecord(recs[i], seedFamilies[d.ID])
		changes := f.Add(reports...)
		pic := make([]int64, len(reports))
		for _, c := range changes {
			for _, i := range c.Added {
				pic[i] = c.Event
			}
		}
		for gi, pi := range matchEvents(d, recs[i]) {
			goldOf[d.Events[gi].ID] = pic[pi]
		}
	}
	return f, goldOf, g, cross
}

// matchEvents pairs gold events with extracted events of one document, one
// to one, by overlap of their evidence sentences (primary evidence counting
// most), then by type.
func matchEvents(d eval.GoldDoc, rec sitrep.Record) map[int]int {
	type cand struct {
		gi, pi int
		score  float64
	}
	var cands []cand
	for gi, ge := range d.Events {
		for k, q := range append([]string{ge.Evidence}, ge.More...) {
			i := strings.Index(rec.Text, q)
			if q == "" || i < 0 {
				continue
			}
			s := utf8.RuneCountInString(rec.Text[:i])
			e := s + utf8.RuneCountInString(q)
			for pi, pe := range rec.Events {
				score := 0.0
				for _, m := range pe.Evidence {
					if m.Start < e && s < m.End {
						score = 1
						if k == 0 {
							score = 2
						}
					}
				}
				if score == 0 {
					continue
				}
				if pe.EventType == ge.Type {
					score += 0.5
				}
				if pe.SubEventType == ge.SubType {
					score += 0.25
				}
				cands = append(cands, cand{gi, pi, score})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	out := map[int]int{}
	usedP := map[int]bool{}
	for _, c := range cands {
		if _, ok := out[c.gi]; ok || usedP[c.pi] {
			continue
		}
		out[c.gi] = c.pi
		usedP[c.pi] = true
	}
	return out
}

// pairwise scores event clusters: a pair of gold events is predicted
// together when both were matched to one picture event, and is right when
// one gold cluster holds both. Gold events outside every cluster are
// singletons.
func pairwise(g *eval.Gold, cross goldCross, goldOf map[string]int64) (p, r, f1 float64, tp, fp, fn int) {
	cluster := map[string]string{}
	for _, c := range cross.EventClusters {
		for _, e := range c.Events {
			cluster[e] = c.ID
		}
	}
	var ids []string
	for _, d := range g.Documents {
		for _, e := range d.Events {
			ids = append(ids, e.ID)
		}
	}
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			gold := cluster[a] != "" && cluster[a] == cluster[b]
			pa, oka := goldOf[a]
			pb, okb := goldOf[b]
			pred := oka && okb && pa == pb
			switch {
			case gold && pred:
				tp++
			case pred:
				fp++
			case gold:
				fn++
			}
		}
	}
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return
}

func TestSeedsClusters(t *testing.T) {
	f, goldOf, g, cross := seedPicture(t)
	p, r, f1, tp, fp, fn := pairwise(g, cross, goldOf)
	t.Logf("event clusters, pairwise: P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d); %d picture events", p, r, f1, tp, fp, fn, f.Len())
	for _, c := range cross.EventClusters {
		var got []string
		for _, e := range c.Events {
			if id, ok := goldOf[e]; ok {
				got = append(got, e+"→"+itoa(id))
			} else {
				got = append(got, e+"→?")
			}
		}
		t.Logf("  %-32s %s", c.ID, strings.Join(got, " "))
	}
	// A regression floor just under the figure reached with the current
	// extractor (0.656; issue 4's target was 0.6).
	const floor = 0.64
	if f1 < floor {
		t.Errorf("pairwise F1 %.3f below %.2f", f1, floor)
	}

	// Numeric contradictions of the gold: found when the picture event of
	// their gold event has a contested quantity holding figures of both
	// claimants, or a victims conflict.
	events := f.Events()
	ledger := fuse.Ledger(events)
	for _, c := range cross.Contradictions {
		numeric, ev := false, ""
		for _, v := range c.Values {
			if v.Count != nil || v.Qualifier != nil {
				numeric = true
			}
			if ev == "" && v.Event != "" {
				ev = v.Event
			}
		}
		if !numeric {
			continue
		}
		id, ok := goldOf[ev]
		found := false
		claimants := map[string]bool{}
		for _, v := range c.Values {
			claimants[v.Claimant] = true
		}
		for _, q := range ledger {
			if !ok || q.Event != id || !q.Contested() {
				continue
			}
			// The quantity must hold figures of at least two of the gold's
			// claimants: the dispute itself, not any dispute on the event.
			seen := map[string]bool{}
			for _, fg := range q.Figures {
				k := "reporter"
				if fg.Claimant != nil {
					k = fg.Claimant.ID
				}
				if claimants[k] {
					seen[k] = true
				}
			}
			if len(seen) >= 2 {
				found = true
				t.Logf("  %s: %s — %d figures, %d sources, %d claimants, disputed %v, %d contradictions", c.ID, q.Label, len(q.Figures), q.Sources, q.Claimants, q.Disputed, len(q.Contradictions))
			}
		}
		if ok {
			e, _ := f.Event(id)
			for _, cf := range e.Conflicts {
				if cf == sitrep.ConflictVictims {
					found = true
				}
			}
		}
		t.Logf("gold contradiction %s (event %s → picture %d): found %v", c.ID, ev, id, found)
	}
	for _, ep := range fuse.Episodes(events) {
		t.Logf("episode %d %s..%s %q: %d events", ep.ID, ep.Start, ep.End, ep.Label, len(ep.Events))
	}
}
