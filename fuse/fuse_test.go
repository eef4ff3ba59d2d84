package fuse_test

import (
	"reflect"
	"slices"
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/fuse"
)

// The actors of the hand-built reports, as a record's actor table gives them.
var actorTable = map[string]sitrep.Actor{
	"pakistan-military": {ID: "pakistan-military", Name: "Military Forces of Pakistan", Type: sitrep.ActorState, Country: "PK"},
	"pakistan-gov":      {ID: "pakistan-gov", Name: "Government of Pakistan", Type: sitrep.ActorState, Country: "PK"},
	"afghan-taliban":    {ID: "afghan-taliban", Name: "Afghan Taliban", Type: sitrep.ActorState, Country: "AF"},
	"ttp":               {ID: "ttp", Name: "Tehreek-e-Taliban Pakistan", Type: sitrep.ActorArmedGroup, Country: "PK"},
	"bla":               {ID: "bla", Name: "Balochistan Liberation Army", Type: sitrep.ActorArmedGroup, Country: "PK"},
}

type place struct {
	loc, adm1, cc string
	lat, lon      float64
	gp            int
}

var (
	kurram     = place{"Kurram", "Khyber Pakhtunkhwa", "PK", 33.72, 70.10, 2}
	parachinar = place{"Parachinar", "Khyber Pakhtunkhwa", "PK", 33.90, 70.10, 1}
	spinBoldak = place{"Spin Boldak", "Kandahar", "AF", 31.00, 66.40, 1}
	quetta     = place{"Quetta", "Balochistan", "PK", 30.18, 66.99, 1}
	khyberPK   = place{"", "Khyber Pakhtunkhwa", "PK", 34.5, 72.0, 2}
)

// rep builds a report; date "" is undated.
type rep struct {
	doc, family, published string
	typ, sub               string
	date                   string
	prec                   int
	a1, a2                 string
	at                     place
	figs                   []sitrep.FatalityClaim
}

func (r rep) report() sitrep.Report {
	e := sitrep.Event{ID: r.doc + "-e1", EventType: r.typ, SubEventType: r.sub}
	if r.date != "" {
		d, p := r.date, r.prec
		e.EventDate, e.TimePrecision = &d, &p
	}
	ref := func(id string) *sitrep.ActorRef {
		if id == "" {
			return nil
		}
		return &sitrep.ActorRef{ID: id, Name: actorTable[id].Name}
	}
	e.Actor1, e.Actor2 = ref(r.a1), ref(r.a2)
	if r.at.loc != "" || r.at.adm1 != "" {
		lat, lon, gp := r.at.lat, r.at.lon, r.at.gp
		e.Location, e.Admin1, e.CountryCode = r.at.loc, r.at.adm1, r.at.cc
		e.Latitude, e.Longitude, e.GeoPrecision = &lat, &lon, &gp
	}
	e.FatalityClaims = r.figs
	total := 0
	for _, f := range r.figs {
		if f.Count != nil && !f.Injured {
			total = max(total, *f.Count)
		}
	}
	e.Fatalities = &total
	pub := r.published
	if pub == "" && r.date != "" {
		pub = r.date
	}
	return sitrep.Report{DocID: r.doc, Event: e, Published: pub, Family: r.family, Actors: actorTable}
}

func fig(n int, qualifier, victims, claimant string) sitrep.FatalityClaim {
	c := sitrep.FatalityClaim{Qualifier: qualifier, Victims: victims}
	if n >= 0 {
		c.Count = &n
	}
	if claimant != "" {
		c.Claimant = &sitrep.ActorRef{ID: claimant}
	}
	c.Text = victims
	return c
}

func fuseAll(rs ...rep) *fuse.Fuser {
	f := fuse.New()
	for _, r := range rs {
		f.Add(r.report())
	}
	return f
}

func clash(doc, date string, at place, figs ...sitrep.FatalityClaim) rep {
	return rep{doc: doc, typ: "Battles", sub: "Armed clash", date: date, prec: 1,
		a1: "pakistan-military", a2: "afghan-taliban", at: at, figs: figs}
}

func TestTwoReportsOfOneClash(t *testing.T) {
	f := fuseAll(
		clash("dawn", "2025-10-12", kurram, fig(23, "exact", "soldiers", "pakistan-gov")),
		clash("tolo", "2025-10-11", parachinar, fig(58, "exact", "Pakistani soldiers", "afghan-taliban")),
	)
	if f.Len() != 1 {
		t.Fatalf("want one picture event, got %d", f.Len())
	}
	e, _ := f.Event(1)
	if len(e.Reports) != 2 || e.Sources != 2 {
		t.Errorf("reports %d sources %d, want 2 and 2", len(e.Reports), e.Sources)
	}
	if len(e.Dates) != 2 || !slices.Contains(e.Conflicts, sitrep.ConflictDate) {
		t.Errorf("dates should stand side by side and be flagged: %+v conflicts %v", e.Dates, e.Conflicts)
	}
	if !slices.Contains(e.Conflicts, sitrep.ConflictFatalities) {
		t.Errorf("fatalities 23 and 58 should be flagged: %v", e.Conflicts)
	}
	if e.Fatalities == nil || *e.Fatalities != 23 {
		t.Errorf("fused fatalities should be the conservative 23, got %v", e.Fatalities)
	}
	// The finer place (a town, precision 1) is the fused one; the district stays listed.
	if e.Location != "Parachinar" || len(e.Places) != 2 {
		t.Errorf("fused place %q, places %+v", e.Location, e.Places)
	}
	qs := fuse.LedgerOf(&e)
	if len(qs) != 1 || qs[0].Group != "forces:PK" {
		t.Fatalf("want one quantity of Pakistani forces, got %+v", qs)
	}
	q := qs[0]
	if !q.Disputed || len(q.Contradictions) != 1 || q.Claimants != 2 {
		t.Errorf("23 against 58, both exact, should contradict: %+v", q)
	}
}

func TestFiguresContradict(t *testing.T) {
	type f = sitrep.FatalityClaim
	rng := func(a, b int) f { c := fig(a, "range", "people", "pakistan-gov"); c.CountMax = &b; return c }
	cases := []struct {
		name       string
		a, b       f
		contradict bool
	}{
		{"at least 23 and 58 can both hold", fig(23, "at least", "people", "pakistan-gov"), fig(58, "exact", "people", "afghan-taliban"), false},
		{"23 and 58 exact cannot", fig(23, "exact", "people", "pakistan-gov"), fig(58, "exact", "people", "afghan-taliban"), true},
		{"dozens holds 58", fig(12, "vague", "people", "pakistan-gov"), fig(58, "exact", "people", "afghan-taliban"), false},
		{"dozens is not 150", fig(12, "vague", "people", "pakistan-gov"), fig(150, "exact", "people", "afghan-taliban"), true},
		{"hundreds is not 58", fig(100, "vague", "people", "pakistan-gov"), fig(58, "exact", "people", "afghan-taliban"), true},
		{"about 70 holds 60", fig(70, "about", "people", "pakistan-gov"), fig(60, "exact", "people", "afghan-taliban"), false},
		{"about 70 is not 40", fig(70, "about", "people", "pakistan-gov"), fig(40, "exact", "people", "afghan-taliban"), true},
		{"up to 10 is not 12", fig(10, "up to", "people", "pakistan-gov"), fig(12, "exact", "people", "afghan-taliban"), true},
		{"fewer than 12 is not 12", fig(12, "fewer than", "people", "pakistan-gov"), fig(12, "exact", "people", "afghan-taliban"), true},
		{"more than 12 is not 12", fig(12, "more than", "people", "pakistan-gov"), fig(12, "exact", "people", "afghan-taliban"), true},
		{"more than 12 and up to 13 meet", fig(12, "more than", "people", "pakistan-gov"), fig(13, "up to", "people", "afghan-taliban"), false},
		{"20 to 25 holds 22", rng(20, 25), fig(22, "exact", "people", "afghan-taliban"), false},
		{"20 to 25 is not 30", rng(20, 25), fig(30, "exact", "people", "afghan-taliban"), true},
		{"deaths without a number hold any figure", fig(-1, "", "people", "pakistan-gov"), fig(3, "exact", "people", "afghan-taliban"), false},
		{"one claimant never contradicts itself", fig(23, "exact", "people", "afghan-taliban"), fig(58, "exact", "people", "afghan-taliban"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := fuseAll(clash("a", "2025-10-12", kurram, c.a), clash("b", "2025-10-12", kurram, c.b))
			e, _ := f.Event(1)
			qs := fuse.LedgerOf(&e)
			if f.Len() != 1 || len(qs) != 1 {
				t.Fatalf("want one event and one quantity: %d events, %+v", f.Len(), qs)
			}
			if got := len(qs[0].Contradictions) > 0; got != c.contradict {
				t.Errorf("contradiction %v, want %v (%+v)", got, c.contradict, qs[0].Contradictions)
			}
		})
	}
}

func TestRewritesAreOneSource(t *testing.T) {
	taliban58 := fig(58, "exact", "Pakistani soldiers", "afghan-taliban")
	a := clash("wire-copy-1", "2025-10-12", kurram, taliban58)
	b := clash("wire-copy-2", "2025-10-12", kurram, taliban58)
	a.family, b.family = "F1", "F1"
	f := fuseAll(a, b)
	e, _ := f.Event(1)
	if f.Len() != 1 || e.Sources != 1 {
		t.Fatalf("two rewrites: %d events, %d sources; want 1 and 1", f.Len(), e.Sources)
	}
	if q := fuse.LedgerOf(&e)[0]; q.Sources != 1 || q.Disputed {
		t.Errorf("the repeated 58 is one source, undisputed: %+v", q)
	}
	c := clash("independent", "2025-10-13", kurram, taliban58)
	f.Add(c.report())
	e, _ = f.Event(1)
	if e.Sources != 2 {
		t.Errorf("an independent report makes two sources, got %d", e.Sources)
	}
}

func TestDistinctIncidentsStayApart(t *testing.T) {
	cases := []struct {
		name string
		a, b rep
	}{
		{"clashes a week apart in different provinces",
			clash("a", "2025-10-05", kurram), clash("b", "2025-10-12", spinBoldak)},
		{"clashes on one day far apart",
			clash("a", "2025-10-12", parachinar), clash("b", "2025-10-12", quetta)},
		{"an agreement and a clash on the same day",
			clash("a", "2025-10-15", kurram),
			rep{doc: "b", typ: "Strategic developments", sub: "Agreement", date: "2025-10-15", prec: 1,
				a1: "pakistan-gov", a2: "afghan-taliban", at: kurram}},
		{"one place and day, other parties",
			rep{doc: "a", typ: "Battles", sub: "Armed clash", date: "2025-03-02", prec: 1, a1: "pakistan-military", a2: "ttp", at: quetta},
			rep{doc: "b", typ: "Battles", sub: "Armed clash", date: "2025-03-02", prec: 1, a1: "afghan-taliban", a2: "bla", at: quetta}},
		{"two clashes in one report",
			clash("a", "2025-10-12", kurram), clash("a", "2025-10-13", parachinar)},
		{"an undated clash reported half a year later",
			clash("a", "2025-10-12", kurram),
			rep{doc: "b", published: "2026-04-20", typ: "Battles", sub: "Armed clash", a1: "pakistan-military", a2: "afghan-taliban", at: kurram}},
		{"undated talks mentioned twice in one report",
			rep{doc: "a", published: "2025-10-14", typ: "Strategic developments", sub: "Other", a1: "pakistan-gov", a2: "afghan-taliban"},
			rep{doc: "a", published: "2025-10-14", typ: "Strategic developments", sub: "Other", a1: "pakistan-gov"}},
		{"a passing mention of another party's strikes",
			strike("a", "", parachinar, "pakistan-military", "afghan-taliban"),
			strike("a", "", place{}, "bla", "")},
		{"a blast and an attack in one town, unrelated reports, undated",
			strike("a", "rewrite", parachinar, "pakistan-military", "afghan-taliban"),
			rep{doc: "b", published: "2025-10-14", typ: "Violence against civilians", sub: "Attack", a1: "afghan-taliban", at: parachinar}},
		{"rewrites telling violence in two towns, undated",
			strike("a", "rewrite", parachinar, "pakistan-military", "afghan-taliban"),
			rep{doc: "b", family: "rewrite", published: "2025-10-14", typ: "Violence against civilians", sub: "Attack", a1: "afghan-taliban", at: quetta}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if f := fuseAll(c.a, c.b); f.Len() != 2 {
				t.Errorf("want two picture events, got %d", f.Len())
			}
		})
	}
}

func TestOneIncidentDifferentlyTold(t *testing.T) {
	cases := []struct {
		name string
		a, b rep
	}{
		{"day and week", clash("a", "2025-10-12", kurram),
			rep{doc: "b", typ: "Battles", sub: "Armed clash", date: "2025-10-06", prec: 2, a1: "afghan-taliban", a2: "pakistan-military", at: kurram}},
		{"town and its province", clash("a", "2025-10-12", parachinar), clash("b", "2025-10-12", khyberPK)},
		{"undated, published two days later, same parties and place", clash("a", "2025-10-12", kurram),
			rep{doc: "b", published: "2025-10-14", typ: "Battles", sub: "Armed clash", a1: "pakistan-military", a2: "afghan-taliban", at: kurram}},
		{"shelling and a clash, same day and place", clash("a", "2025-10-12", kurram),
			rep{doc: "b", typ: "Explosions/Remote violence", sub: "Shelling/artillery/missile attack", date: "2025-10-12", prec: 1, a1: "pakistan-military", a2: "afghan-taliban", at: kurram}},
		{"one state's army under a known and an unknown id, month-dated, no place",
			rep{doc: "a", typ: "Battles", sub: "Armed clash", date: "2025-10-01", prec: 3, a1: "pakistan-military", a2: "afghan-taliban"},
			rep{doc: "b", typ: "Battles", sub: "Armed clash", date: "2025-10-01", prec: 3, a1: "pakistani-army", a2: "afghan-taliban"}},
		{"an undated strike and the report's later passing mention of it",
			strike("a", "", parachinar, "pakistan-military", "afghan-taliban"),
			strike("a", "", place{}, "pakistan-military", "")},
		{"rewrites telling one undated blast as a blast and as an attack",
			strike("a", "rewrite", parachinar, "pakistan-military", "afghan-taliban"),
			rep{doc: "b", family: "rewrite", published: "2025-10-14", typ: "Violence against civilians", sub: "Attack", a1: "afghan-taliban", at: parachinar}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if f := fuseAll(c.a, c.b); f.Len() != 1 {
				t.Errorf("want one picture event, got %d", f.Len())
			}
		})
	}
}

func TestVictimGroups(t *testing.T) {
	pkTTP := rep{doc: "a", typ: "Battles", sub: "Armed clash", date: "2025-03-02", prec: 1, a1: "pakistan-military", a2: "ttp", at: quetta}
	cases := []struct {
		victims string
		r       rep
		want    string
	}{
		{"Pakistani soldiers", clash("a", "2025-10-12", kurram), "forces:PK"},
		{"security personnel", pkTTP, "forces:PK"},
		{"militants", pkTTP, "fighters:ttp"},
		{"civilians, mostly women and children", pkTTP, "civilians"},
		{"people", pkTTP, "people"},
		{"", pkTTP, "people"},
	}
	for _, c := range cases {
		t.Run(c.victims, func(t *testing.T) {
			c.r.figs = []sitrep.FatalityClaim{fig(5, "exact", c.victims, "")}
			f := fuseAll(c.r)
			e, _ := f.Event(1)
			if qs := fuse.LedgerOf(&e); len(qs) != 1 || qs[0].Group != c.want {
				t.Errorf("group of %q: %+v, want %s", c.victims, qs, c.want)
			}
		})
	}
}

func TestVictimsDisputed(t *testing.T) {
	strike := func(doc string, fc sitrep.FatalityClaim) rep {
		return rep{doc: doc, typ: "Explosions/Remote violence", sub: "Air/drone strike", date: "2026-02-22", prec: 1,
			a1: "pakistan-military", a2: "ttp", at: place{"Barmal", "Paktika", "AF", 32.9, 69.2, 1}, figs: []sitrep.FatalityClaim{fc}}
	}
	f := fuseAll(strike("a", fig(70, "about", "terrorists", "pakistan-gov")), strike("b", fig(-1, "vague", "civilians", "afghan-taliban")))
	e, _ := f.Event(1)
	if f.Len() != 1 || !slices.Contains(e.Conflicts, sitrep.ConflictVictims) {
		t.Errorf("militants against civilians should be flagged: %d events, conflicts %v", f.Len(), e.Conflicts)
	}
}

func TestIncrementalAndDeterministic(t *testing.T) {
	reports := []rep{
		clash("a", "2025-10-12", kurram),
		clash("b", "2025-10-05", spinBoldak),
		clash("c", "2025-10-11", parachinar),
		{doc: "d", published: "2025-10-14", typ: "Battles", sub: "Armed clash", a1: "pakistan-military", a2: "afghan-taliban", at: spinBoldak},
	}
	f := fuse.New()
	if ch := f.Add(reports[0].report(), reports[1].report()); len(ch) != 2 || ch[0].Kind != fuse.Created || ch[1].Kind != fuse.Created {
		t.Fatalf("first batch: %+v", ch)
	}
	ch := f.Add(reports[2].report())
	if len(ch) != 1 || ch[0].Kind != fuse.Grown || ch[0].Event != 1 {
		t.Errorf("the second report of the Kurram clash should grow event 1: %+v", ch)
	}
	ch = f.Add(reports[3].report())
	if len(ch) != 1 || ch[0].Event != 2 {
		t.Errorf("the undated Spin Boldak report should join event 2: %+v", ch)
	}
	g := fuse.New()
	for _, r := range reports {
		g.Add(r.report())
	}
	h := fuse.New()
	for _, r := range reports {
		h.Add(r.report())
	}
	if !reflect.DeepEqual(g.Events(), h.Events()) || !reflect.DeepEqual(fuse.Episodes(g.Events()), fuse.Episodes(h.Events())) {
		t.Error("the same reports in the same order must give the same picture")
	}
}

func TestEpisodes(t *testing.T) {
	pkTTP := func(doc, date string) rep {
		return rep{doc: doc, typ: "Explosions/Remote violence", sub: "Air/drone strike", date: date, prec: 1,
			a1: "pakistan-military", a2: "ttp", at: place{"Barmal", "Paktika", "AF", 32.9, 69.2, 1}}
	}
	f := fuseAll(
		pkTTP("a", "2024-12-24"),
		clash("b", "2024-12-28", kurram),
		pkTTP("c", "2025-03-18"), // three months later: a new episode
		rep{doc: "d", typ: "Protests", sub: "Peaceful protest", date: "2024-12-26", prec: 1,
			a1: "x-farmers-union", at: place{"Lahore", "Punjab", "PK", 31.5, 74.3, 1}}, // other cast, other place
		rep{doc: "e", typ: "Battles", sub: "Armed clash", a1: "pakistan-military", a2: "ttp", published: "2025-01-02"}, // undated
	)
	eps := fuse.Episodes(f.Events())
	if len(eps) != 3 {
		t.Fatalf("want 3 episodes, got %+v", eps)
	}
	if eps[0].Start != "2024-12-24" || eps[0].End != "2024-12-28" || len(eps[0].Events) != 2 {
		t.Errorf("first episode: %+v", eps[0])
	}
	if eps[2].Start != "2025-03-18" {
		t.Errorf("last episode: %+v", eps[2])
	}
}

func TestBadInputDoesNotPanic(t *testing.T) {
	bad := "not a date"
	zero := 0
	f := fuse.New()
	f.Add()
	f.Add(sitrep.Report{}, sitrep.Report{Event: sitrep.Event{EventDate: &bad, TimePrecision: &zero}, Published: "yesterday"},
		sitrep.Report{Event: sitrep.Event{FatalityClaims: []sitrep.FatalityClaim{{Qualifier: "range"}, {Count: &zero, Qualifier: "vague"}}}})
	evs := f.Events()
	_ = fuse.Ledger(evs)
	_ = fuse.Episodes(evs)
	if _, ok := f.Event(99); ok {
		t.Error("no event 99")
	}
}

// strike is an undated air strike in a report published 2025-10-14.
func strike(doc, family string, at place, a1, a2 string) rep {
	return rep{doc: doc, family: family, published: "2025-10-14", typ: "Explosions/Remote violence", sub: "Air/drone strike",
		a1: a1, a2: a2, at: at}
}
