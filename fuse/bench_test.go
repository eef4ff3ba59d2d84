package fuse_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/fuse"
)

// synthetic (Ref: the true incident) recombines invented actors, places, types and dates into a
// stream of reports as a newsroom feed would bring them: incidents happen
// at a steady rate (about 40 a day), each is told by one to four
// documents over the following days, some undated, some only to the week
// or month, some with a place one level coarser, some off by a day.
func synthetic(n int, seed uint64) []sitrep.Report {
	r := rand.New(rand.NewPCG(seed, 7))
	type site struct {
		loc, adm1, cc string
		lat, lon      float64
	}
	var sites []site
	for i := range 60 {
		cc := []string{"PK", "AF", "IR", "IN"}[i%4]
		sites = append(sites, site{fmt.Sprintf("Town %d", i), fmt.Sprintf("Province %s-%d", cc, i%6), cc,
			25 + float64(i%10)*1.3, 60 + float64(i/10)*1.7})
	}
	sides := []string{"pakistan-military", "afghan-taliban", "ttp", "bla", "iskp", "iran-military", "india-military", "x-militia-a", "x-militia-b", "civilians"}
	kinds := [][2]string{
		{"Battles", "Armed clash"}, {"Explosions/Remote violence", "Air/drone strike"},
		{"Explosions/Remote violence", "Shelling/artillery/missile attack"}, {"Violence against civilians", "Attack"},
		{"Strategic developments", "Agreement"}, {"Protests", "Peaceful protest"},
	}
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []sitrep.Report
	doc := 0
	for inc := 0; len(out) < n; inc++ {
		day := start.AddDate(0, 0, inc/40)
		s := sites[r.IntN(len(sites))]
		k := kinds[r.IntN(len(kinds))]
		a1, a2 := sides[r.IntN(len(sides))], sides[r.IntN(len(sides))]
		deaths := r.IntN(60)
		for range 1 + r.IntN(4) {
			if len(out) == n {
				break
			}
			doc++
			e := sitrep.Event{ID: fmt.Sprintf("d%d-e1", doc), EventType: k[0], SubEventType: k[1]}
			d, p := day, 1
			switch x := r.IntN(20); {
			case x == 0:
				p = 0 // undated
			case x < 3:
				p, d = 2, day.AddDate(0, 0, -int(day.Weekday()+6)%7)
			case x < 5:
				p, d = 3, day.AddDate(0, 0, 1-day.Day())
			case x < 7:
				d = day.AddDate(0, 0, 1)
			}
			if p > 0 {
				ds := d.Format("2006-01-02")
				e.EventDate, e.TimePrecision = &ds, &p
			}
			e.Actor1 = &sitrep.ActorRef{ID: a1}
			if r.IntN(4) > 0 {
				e.Actor2 = &sitrep.ActorRef{ID: a2}
			}
			lat, lon, gp := s.lat, s.lon, 1
			e.Location, e.Admin1, e.CountryCode = s.loc, s.adm1, s.cc
			if r.IntN(5) == 0 {
				e.Location, gp = s.adm1, 2
			}
			e.Latitude, e.Longitude, e.GeoPrecision = &lat, &lon, &gp
			c := deaths + r.IntN(3)
			e.Fatalities = &c
			claimant := &sitrep.ActorRef{ID: a1}
			e.FatalityClaims = []sitrep.FatalityClaim{{Count: &c, Qualifier: "at least", Victims: "soldiers", Claimant: claimant}}
			pub := day.AddDate(0, 0, r.IntN(3)).Format("2006-01-02")
			out = append(out, sitrep.Report{DocID: fmt.Sprintf("d%d", doc), Ref: int64(inc), Event: e, Published: pub})
		}
	}
	return out
}

// BenchmarkAdd100k adds 100,000 synthetic reports one document at a time
// and reports the time per 10,000 reports for the blocks ending at 10k, 50k
// and 100k: near-constant figures mean fusion grows linearly.
func BenchmarkAdd100k(b *testing.B) {
	const n = 100_000
	reports := synthetic(n, 1)
	b.ResetTimer()
	for range b.N {
		f := fuse.New()
		var blockStart time.Time
		var blockPairs int64
		at := map[int]time.Duration{}
		pairs := map[int]int64{}
		for i, r := range reports {
			if i%10_000 == 0 {
				blockStart, blockPairs = time.Now(), f.Stats().Pairs
			}
			f.Add(r)
			if (i+1)%10_000 == 0 {
				at[i+1] = time.Since(blockStart)
				pairs[i+1] = f.Stats().Pairs - blockPairs
			}
		}
		b.ReportMetric(float64(at[10_000].Milliseconds()), "ms/10k@10k")
		b.ReportMetric(float64(at[50_000].Milliseconds()), "ms/10k@50k")
		b.ReportMetric(float64(at[100_000].Milliseconds()), "ms/10k@100k")
		for _, k := range []int{10_000, 50_000, 100_000} {
			b.ReportMetric(float64(pairs[k])/10_000, fmt.Sprintf("pairs/report@%dk", k/1000))
		}
		b.ReportMetric(float64(f.Len()), "events")
		evs := f.Events()
		p, r := clusterPR(evs)
		b.ReportMetric(p, "cluster-P")
		b.ReportMetric(r, "cluster-R")
		t0 := time.Now()
		_ = fuse.Ledger(evs)
		b.ReportMetric(float64(time.Since(t0).Milliseconds()), "ms-ledger")
		t0 = time.Now()
		_ = fuse.Episodes(evs)
		b.ReportMetric(float64(time.Since(t0).Milliseconds()), "ms-episodes")
	}
}

// clusterPR is the pairwise precision and recall of the picture events
// against the true incidents (the synthetic reports' Ref).
func clusterPR(evs []sitrep.PictureEvent) (p, r float64) {
	var tp, pred, gold int64
	perInc := map[int64]int64{}
	for _, e := range evs {
		n := int64(len(e.Reports))
		pred += n * (n - 1) / 2
		same := map[int64]int64{}
		for _, rep := range e.Reports {
			same[rep.Ref]++
			perInc[rep.Ref]++
		}
		for _, k := range same {
			tp += k * (k - 1) / 2
		}
	}
	for _, k := range perInc {
		gold += k * (k - 1) / 2
	}
	if pred > 0 {
		p = float64(tp) / float64(pred)
	}
	if gold > 0 {
		r = float64(tp) / float64(gold)
	}
	return p, r
}
