package fuse

import (
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
)

// Counts of things other than the dead are ledger quantities too: "over 21
// positions" from one claimant cannot hold with "21 posts" from another.
func TestLedgerTallies(t *testing.T) {
	n := 21
	tally := func(qual, claimant, text string) sitrep.Tally {
		return sitrep.Tally{Count: &n, Qualifier: qual, Unit: "posts",
			Claimant: &sitrep.ActorRef{ID: claimant}, Mention: sitrep.Mention{Text: text}}
	}
	e := &sitrep.PictureEvent{ID: 1, SubEventType: "Armed clash", Reports: []sitrep.Report{
		{DocID: "a", Event: sitrep.Event{Tallies: []sitrep.Tally{tally("more than", "rebels", "over 21 positions")}}},
		{DocID: "b", Event: sitrep.Event{Tallies: []sitrep.Tally{tally("exact", "army", "21 posts")}}},
	}}
	qs := LedgerOf(e)
	if len(qs) != 1 || qs[0].Group != tallyGroup+"posts:" {
		t.Fatalf("quantities %+v, want one of posts", qs)
	}
	if len(qs[0].Figures) != 2 || len(qs[0].Contradictions) != 1 || !qs[0].Contested() {
		t.Errorf("posts: %d figures, %d contradictions; want 2 figures that contradict", len(qs[0].Figures), len(qs[0].Contradictions))
	}
	if qs[0].Label != "posts counted in armed clash (undated)" {
		t.Errorf("label %q", qs[0].Label)
	}

	// Posts of two sides are two quantities.
	e.Reports[0].Event.Tallies[0].Text = "21 Afghan posts"
	e.Reports[1].Event.Tallies[0].Text = "21 Pakistani posts"
	if qs := LedgerOf(e); len(qs) != 2 || qs[0].Contested() || qs[1].Contested() {
		t.Errorf("Afghan and Pakistani posts: %+v, want two undisputed quantities", qs)
	}
}
