package fuse_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/fuse"
)

// A Fuser restored with only the stored events whose span meets a
// report's window decides the report as a Fuser holding the whole picture:
// the same event, under the same id.
func TestRestoredFuserDecidesAsWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	places := []place{kurram, parachinar, spinBoldak, quetta, khyberPK}
	types := [][2]string{{"Battles", "Armed clash"}, {"Explosions/Remote violence", "Air/drone strike"}, {"Strategic developments", "Agreement"}}
	pairs := [][2]string{{"pakistan-military", "afghan-taliban"}, {"pakistan-military", "ttp"}, {"pakistan-gov", "afghan-taliban"}, {"bla", ""}}
	base := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	whole := fuse.New()
	stored := map[int64]sitrep.PictureEvent{}
	for i := range 400 {
		day := base.AddDate(0, 0, rng.IntN(120))
		r := rep{doc: "d" + strconv.Itoa(i/2), published: day.AddDate(0, 0, 1+rng.IntN(3)).Format(time.DateOnly)}
		tp, pr := types[rng.IntN(len(types))], pairs[rng.IntN(len(pairs))]
		r.typ, r.sub, r.a1, r.a2 = tp[0], tp[1], pr[0], pr[1]
		r.at = places[rng.IntN(len(places))]
		switch rng.IntN(4) {
		case 0: // undated
		case 1:
			r.date, r.prec = day.Format(time.DateOnly), 1
		case 2:
			r.date, r.prec = day.AddDate(0, 0, -int(day.Weekday()+6)%7).Format(time.DateOnly), 2
		default:
			r.date, r.prec = day.Format("2006-01")+"-01", 3
		}
		if rng.IntN(3) == 0 {
			r.figs = []sitrep.FatalityClaim{fig(1+rng.IntN(30), "exact", "soldiers", pr[1])}
		}
		if rng.IntN(5) == 0 {
			r.family = "f" + strconv.Itoa(i/10)
		}
		rp := r.report()

		// What a store would hand back for this report.
		var next int64
		var restore []sitrep.PictureEvent
		w, ok := fuse.Window(rp)
		for id, e := range stored {
			next = max(next, id)
			sp := fuse.SpanOf(&e)
			if ok && sp.From != "" && sp.From <= w.To && w.From <= sp.To {
				restore = append(restore, e)
			}
		}
		part := fuse.Restore(restore, next)
		got := part.Add(rp)
		want := whole.Add(rp)
		if len(got) != 1 || len(want) != 1 || got[0].Event != want[0].Event || got[0].Kind != want[0].Kind {
			t.Fatalf("report %d (%+v): restored Fuser gave %+v, the whole picture %+v", i, r, got, want)
		}
		e, _ := whole.Event(want[0].Event)
		stored[e.ID] = e
	}
	if whole.Len() < 50 || whole.Len() > 380 {
		t.Errorf("%d picture events for 400 reports: the test does not exercise fusion", whole.Len())
	}
}

// An undated report of a document known only to the year does not join an
// incident: it could be any of the year's. Known to the day, it does.
func TestUndatedNeedsAPublicationDay(t *testing.T) {
	for _, c := range []struct {
		published string
		want      int
	}{{"2025-10-14", 1}, {"2025-10", 1}, {"2025", 2}} {
		dated := clash("a", "2025-10-12", kurram)
		dated.a1, dated.a2 = "pakistan-military", "afghan-taliban"
		undated := dated
		undated.doc, undated.date, undated.published = "b", "", c.published
		if n := fuseAll(dated, undated).Len(); n != c.want {
			t.Errorf("published %q: %d picture events, want %d", c.published, n, c.want)
		}
	}
}

// A rewrite that repeats two of the original's figures tells its incident,
// even when it dates it elsewhere (a garbled relative date); the dates are
// then flagged as conflicting.
func TestRewriteWithTheOriginalsFigures(t *testing.T) {
	orig := clash("orig", "2025-10-11", kurram, fig(58, "exact", "soldiers", "afghan-taliban"), fig(200, "more than", "fighters", "pakistan-military"))
	orig.a1, orig.a2, orig.family = "pakistan-military", "afghan-taliban", "F"
	rw := orig
	rw.doc, rw.date, rw.prec, rw.published = "rw", "2021-01-01", 3, "2025-10-14"
	f := fuse.New()
	f.Add(orig.report())
	f.AddRelated([]string{"orig"}, rw.report())
	e, _ := f.Event(1)
	if f.Len() != 1 || len(e.Reports) != 2 {
		t.Fatalf("the rewrite founded an event of its own: %d events", f.Len())
	}
	if !slices.Contains(e.Conflicts, sitrep.ConflictDate) {
		t.Errorf("the two dates should conflict: %v", e.Conflicts)
	}
	other := rw
	other.doc, other.family = "other", ""
	if g := fuseAll(orig, other); g.Len() != 2 {
		t.Errorf("an independent report dated elsewhere joined: %d events", g.Len())
	}
}

// Forget drops the events filed before a day and keeps the rest: a report
// of the kept weeks still joins its incident, and a forgotten event comes
// back by Load.
func TestForget(t *testing.T) {
	jan := clash("jan", "2025-01-10", kurram)
	mar := clash("mar", "2025-03-10", kurram)
	f := fuseAll(jan, mar)
	janEvent, _ := f.Event(1)
	if n := f.Forget("2025-03-01"); n != 1 || f.Holds(1) || !f.Holds(2) {
		t.Fatalf("after Forget: %d held, holds jan %v, mar %v", n, f.Holds(1), f.Holds(2))
	}
	again := mar
	again.doc = "mar2"
	if ch := f.Add(again.report()); len(ch) != 1 || ch[0].Event != 2 {
		t.Errorf("a March report after Forget: %+v, want it in event 2", ch)
	}
	f.Load(janEvent)
	late := jan
	late.doc = "jan2"
	if ch := f.Add(late.report()); len(ch) != 1 || ch[0].Event != 1 {
		t.Errorf("a January report after reloading: %+v, want it in event 1", ch)
	}
	if f.Len() != 2 {
		t.Errorf("%d events held, want 2", f.Len())
	}
}
