package fuse_test

import (
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/fuse"
)

// Two wire reports of one border clash, written for this test, read by the
// real extractor: one picture event, two sources, the two tolls side by
// side as a disputed quantity that is not a contradiction ("at least 23"
// and 58 can both hold).
func TestExtractedReportsOfOneClash(t *testing.T) {
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs := []sitrep.Document{
		{ID: "wire-pk", Text: "PESHAWAR, Oct 13, 2025 (Wire) - Afghan Taliban forces attacked Pakistani border posts in Kurram district on Sunday, and Pakistani troops returned fire, officials said. The Pakistani military said at least 23 soldiers were killed in the clashes."},
		{ID: "wire-af", Text: "KABUL, Oct 13, 2025 (Agency) - Afghan Taliban fighters clashed with Pakistani forces in Kurram on Sunday. Taliban spokesman Zabihullah Mujahid said 58 Pakistani soldiers were killed in the fighting."},
	}
	f := fuse.New()
	for _, d := range docs {
		d.Published, d.PublishedSource = time.Date(2025, 10, 13, 0, 0, 0, 0, time.UTC), sitrep.PublishedInput
		f.Add(fuse.FromRecord(x.Extract(d), "")...)
	}
	var clash *sitrep.PictureEvent
	evs := f.Events()
	for i := range evs {
		if evs[i].EventType == "Battles" {
			if clash != nil {
				t.Fatalf("the clash was split: %+v", evs)
			}
			clash = &evs[i]
		}
	}
	if clash == nil || clash.Sources != 2 {
		t.Fatalf("want one clash told by two sources, got %+v", clash)
	}
	qs := fuse.LedgerOf(clash)
	if len(qs) != 1 || qs[0].Group != "forces:PK" || len(qs[0].Figures) != 2 {
		t.Fatalf("want the two tolls of Pakistani soldiers in one quantity: %+v", qs)
	}
	if q := qs[0]; !q.Disputed || len(q.Contradictions) != 0 {
		t.Errorf("at least 23 against 58: disputed, not contradictory: %+v", q)
	}
}
