package fuse

import (
	"hash/fnv"
	"math"
	"strconv"
	"strings"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/event"
	"github.com/sitrep-dev/sitrep/text"
)

// Thresholds of event fusion. Scores add up evidence: type, date, place,
// actors and shared figures each give at most about 1.
const (
	// dayTolerance, weekTolerance: how far apart (in days) the spans of two
	// dates may lie and still be one incident. Month and year spans must
	// overlap (adjacent months only with the same sub-type, both parties
	// and the same place).
	dayTolerance  = 2
	weekTolerance = 7
	// undatedLookback: an undated event is taken to have happened within
	// this many days before its document's publication.
	undatedLookback = 45
	// undatedPubGap: two undated events may be one only when their
	// documents appeared within this many days of each other.
	undatedPubGap = 14
	// nearKm: places this close are one place; two precise places within
	// 2*nearKm are neighbours (compatible); a district-level place is
	// compatible within regionKm.
	nearKm   = 30
	regionKm = 120
	// borderKm: places of different countries this close can still be one
	// cross-border incident.
	borderKm = 60
	// datedThreshold: the score two reports dated to the day or week need
	// to be one incident; undatedThreshold: the score when either is
	// undated or dated only to the month or year (and then the same type
	// and a strong cast are required too).
	datedThreshold   = 2.0
	undatedThreshold = 2.5
	// maxPubSpan: the longest publication span (in days) that places an
	// undated report in time (a month; not a year).
	maxPubSpan = 31
	// minRewrittenFigures: how many figures two rewrites of one original
	// must share (count, qualifier, claimant) to be one incident whatever
	// their dates.
	minRewrittenFigures = 2
	// rewrittenScore is the score of a report that retells a member's
	// incident with its figures: above any pair score.
	rewrittenScore = 10.0
	// maxCompared bounds how many members of a picture event a new report is
	// compared with (the first ones, which founded it).
	maxCompared = 16
)

// feat is what fusion compares of one report, computed once.
type feat struct {
	doc, source  string
	family       string // rewrite family, "" when none
	dated        bool
	lo, hi, prec int // event date span (days) and precision (4: year)
	pubOK        bool
	pubLo, pubHi int
	sides        []string // sorted, distinct
	typ, sub     string
	loc          string // folded location name
	adm1, cc     string
	lat, lon     float64
	coords       bool
	gp           int
	region       bool // a broad area without admin1: a border, a region
	figs         []string
	// twin is what a copy of this report in its rewrite family shares
	// with it (twinKey, hashed); 0 without a family.
	twin uint64
}

func featOf(r sitrep.Report) feat {
	e := r.Event
	f := feat{doc: r.DocID, source: r.Source(), family: r.Family, typ: e.EventType, sub: e.SubEventType}
	f.lo, f.hi, f.prec, f.dated = eventSpan(e)
	f.pubLo, f.pubHi, f.pubOK = pubSpan(r.Published)
	// A publication known only to the year (inferred from the text)
	// cannot place an undated incident: "the strikes", in a piece from
	// some time in 2025, may be any strike of the year.
	f.pubOK = f.pubOK && f.pubHi-f.pubLo <= maxPubSpan
	for _, a := range []*sitrep.ActorRef{e.Actor1, e.Actor2} {
		if a == nil || a.ID == "" {
			continue
		}
		s := sideOf(a.ID, r.Actors)
		if !contains(f.sides, s) {
			f.sides = append(f.sides, s)
		}
	}
	if len(f.sides) == 2 && f.sides[0] > f.sides[1] {
		f.sides[0], f.sides[1] = f.sides[1], f.sides[0]
	}
	f.loc = text.Key(e.Location)
	f.adm1 = text.Key(e.Admin1)
	f.cc = e.CountryCode
	if e.Latitude != nil && e.Longitude != nil {
		f.lat, f.lon, f.coords = *e.Latitude, *e.Longitude, true
	}
	f.gp = 1
	if e.GeoPrecision != nil {
		f.gp = *e.GeoPrecision
	}
	// A border or a region without a province: its point says little.
	f.region = f.loc != "" && f.adm1 == "" && (f.gp == 2 || f.cc == "")
	for _, c := range e.FatalityClaims {
		if c.Count == nil || *c.Count <= 0 {
			continue
		}
		k := strconv.Itoa(*c.Count) + "|" + c.Qualifier
		if c.Claimant != nil {
			k += "|" + sideOf(c.Claimant.ID, r.Actors)
		}
		f.figs = append(f.figs, k)
	}
	if r.Family != "" {
		h := fnv.New64a()
		h.Write([]byte(twinKey(r)))
		f.twin = h.Sum64() | 1
	}
	return f
}

// twinKey is what two copies of one event report share: the family and
// the event's type, date, place, cast and figures (a rewrite that reads
// one figure differently is not a copy: fusion decides on it).
func twinKey(r sitrep.Report) string {
	e := &r.Event
	var b strings.Builder
	b.WriteString(r.Family)
	field := func(v string) {
		b.WriteByte(0)
		b.WriteString(v)
	}
	for _, v := range []string{e.EventType, e.SubEventType, strOf(e.EventDate), intOf(e.TimePrecision),
		refID(e.Actor1), refID(e.Actor2), e.Location, e.Admin1, e.CountryCode, intOf(e.Fatalities)} {
		field(v)
	}
	for _, c := range e.FatalityClaims {
		field(intOf(c.Count) + "|" + intOf(c.CountMax) + "|" + c.Qualifier + "|" + c.Victims + "|" + refID(c.Claimant) + "|" + strconv.FormatBool(c.Injured))
	}
	return b.String()
}

func strOf(p *string) string {
	if p == nil {
		return "\x01"
	}
	return *p
}

func intOf(p *int) string {
	if p == nil {
		return "\x01"
	}
	return strconv.Itoa(*p)
}

func refID(r *sitrep.ActorRef) string {
	if r == nil {
		return ""
	}
	return r.ID
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// sideOf is the party an actor id acts for: a state's arms (government,
// military, police) and its office holders are one side, keyed by the
// state's country.
func sideOf(id string, actors map[string]sitrep.Actor) string {
	if a, ok := actors[id]; ok && a.Country != "" && (a.Type == sitrep.ActorState || a.Type == sitrep.ActorPerson) {
		// A person of the dictionary with a country is, as a rule, an
		// office holder acting for the state: a foreign minister's talks
		// are the government's talks.
		return "state:" + a.Country
	}
	for _, suf := range sideSuffix {
		if strings.HasSuffix(id, suf) && len(id) > len(suf) {
			// "india-military" without a table entry is the Indian state,
			// as "india-gov" described as the state of IN is.
			base := strings.TrimSuffix(id, suf)
			if cc, ok := event.CountryOf(strings.ReplaceAll(base, "-", " ")); ok {
				return "state:" + cc
			}
			return base
		}
	}
	return id
}

// violent event types may describe one incident differently (a border
// flare-up as a battle by one writer, as shelling by another).
func violent(t string) bool {
	return t == "Battles" || t == "Explosions/Remote violence" || t == "Violence against civilians"
}

// typeScore: same sub-type 1, same type 0.6, two violent types 0.2 (weak:
// needs agreeing date and place), otherwise -1 (never one incident).
// Strategic developments must agree on the sub-type: an agreement and talks
// are different incidents.
func typeScore(a, b *feat) float64 {
	switch {
	case a.typ == b.typ && a.sub == b.sub:
		return 1
	case a.typ == b.typ && a.typ != "Strategic developments":
		return 0.6
	case violent(a.typ) && violent(b.typ):
		return 0.2
	case a.typ != b.typ && (a.typ == "Protests" || a.typ == "Riots") && (b.typ == "Protests" || b.typ == "Riots"):
		return 0.2
	}
	return -1
}

func tolerance(prec int) int {
	switch prec {
	case 1:
		return dayTolerance
	case 2:
		return weekTolerance
	}
	return 0
}

// dateScore compares two dated reports: same day 1, overlapping spans 0.7,
// within the coarser precision's tolerance 0.4, else -1.
func dateScore(a, b *feat) float64 {
	gap := max(a.lo-b.hi, b.lo-a.hi, 0)
	switch {
	case a.prec == 1 && b.prec == 1 && a.lo == b.lo:
		return 1
	case gap == 0:
		return 0.7
	case gap <= max(tolerance(a.prec), tolerance(b.prec)):
		return 0.4
	}
	return -1
}

// adjacentMonths: both dates known to the month only, one month apart.
func adjacentMonths(a, b *feat) bool {
	return a.prec == 3 && b.prec == 3 && abs(monthOf(a.lo)-monthOf(b.lo)) == 1
}

// undatedCompatible: an undated report lies in the weeks before its
// publication; the other report's date (or its publication, when it is
// undated too) must fall there.
func undatedCompatible(a, b *feat) bool {
	if !a.dated && !b.dated {
		if !a.pubOK || !b.pubOK {
			return false
		}
		return max(a.pubLo-b.pubHi, b.pubLo-a.pubHi, 0) <= undatedPubGap
	}
	u, d := a, b
	if a.dated {
		u, d = b, a
	}
	if !u.pubOK {
		return false
	}
	return d.lo <= u.pubHi && d.hi >= u.pubLo-undatedLookback
}

// placeScore: one place 1, compatible (one contains the other, or both in
// one region) 0.4, unknown 0, incompatible -1.
func placeScore(a, b *feat) float64 {
	if (a.loc == "" && !a.coords) || (b.loc == "" && !b.coords) {
		return 0
	}
	if a.loc != "" && a.loc == b.loc && (a.cc == b.cc || a.cc == "" || b.cc == "") {
		return 1
	}
	if a.region || b.region {
		// A border or a region is a long line or a wide area: its point
		// says little. Same country or unknown country is compatible.
		if a.cc == "" || b.cc == "" || a.cc == b.cc {
			return 0.4
		}
		if a.coords && b.coords && haversine(a.lat, a.lon, b.lat, b.lon) <= regionKm {
			return 0.4
		}
		return 0.2
	}
	gp := max(a.gp, b.gp)
	if !a.coords || !b.coords {
		switch {
		case a.cc != "" && b.cc != "" && a.cc != b.cc:
			return -1
		case a.adm1 != "" && a.adm1 == b.adm1, gp >= 3:
			return 0.4
		}
		return 0 // names without coordinates: cannot tell
	}
	d := haversine(a.lat, a.lon, b.lat, b.lon)
	switch {
	case d <= nearKm && gp <= 2:
		return 1
	case a.cc != "" && b.cc != "" && a.cc != b.cc:
		if d <= borderKm {
			return 0.4 // a cross-border incident, told from each side
		}
		return -1
	case gp == 1:
		// Two precise places: neighbours at most.
		if d <= 2*nearKm {
			return 0.4
		}
		return -1
	case gp >= 3:
		return 0.4 // a country contains the other place
	case a.adm1 != "" && a.adm1 == b.adm1:
		return 0.4 // one names the province only
	case d <= regionKm:
		return 0.4
	}
	return -1
}

// actorScore: both sides shared 1; one report naming one side only, which
// the other names too, 0.75 (it left the other party unnamed); one side
// shared 0.5; none although both have actors -0.6; unknown 0.
func actorScore(a, b *feat) float64 {
	if len(a.sides) == 0 || len(b.sides) == 0 {
		return 0
	}
	n := 0
	for _, s := range a.sides {
		if contains(b.sides, s) {
			n++
		}
	}
	switch {
	case n >= 2 || (n == 1 && len(a.sides) == 1 && len(b.sides) == 1):
		return 1
	case n == 1 && (len(a.sides) == 1 || len(b.sides) == 1):
		return 0.75
	case n == 1:
		return 0.5
	}
	return -0.6
}

func figureScore(a, b *feat) float64 {
	for _, x := range a.figs {
		if contains(b.figs, x) {
			return 0.5
		}
	}
	return 0
}

// compatible says whether two reports could be one incident at all: no
// incompatible types, dates or places, and not two full, disjoint pairs of
// parties.
func compatible(a, b *feat) bool {
	if typeScore(a, b) < 0 {
		return false
	}
	if a.dated && b.dated && dateScore(a, b) < 0 && !adjacentMonths(a, b) {
		return false
	}
	if len(a.sides) == 2 && len(b.sides) == 2 && actorScore(a, b) < 0 {
		return false
	}
	return placeScore(a, b) >= 0
}

// pairScore says how strongly two reports are one incident; ok is false
// when they cannot be.
func pairScore(a, b *feat) (float64, bool) {
	// Cheap vetoes first: type, then date, then place (trigonometry).
	ts := typeScore(a, b)
	if ts < 0 {
		return 0, false
	}
	ds := 0.0
	as := actorScore(a, b)
	if as < 0 && len(a.sides) == 2 && len(b.sides) == 2 {
		return 0, false // two full pairs of parties, none shared
	}
	if a.doc == b.doc && ts >= 0.6 && violent(a.typ) && as >= 0.75 && (backRef(a) || backRef(b)) {
		// "Pakistan's recent strikes", undated and placeless, after the
		// strike on Kabul: the writer points back to an incident already
		// told, not to a new one. Only for violence: a writer's undated
		// talks and visits are many distinct meetings.
		return undatedThreshold, true
	}
	if a.dated && b.dated {
		ds = dateScore(a, b)
		if ds < 0 && !adjacentMonths(a, b) {
			return 0, false
		}
	} else if !undatedCompatible(a, b) || (ts < 0.6 && !rewrittenPlace(a, b, as)) {
		// Without a date on both sides, only the same type will do, or
		// two rewrites of one original telling a flare-up at one place
		// in two ways.
		return 0, false
	}
	if a.doc == b.doc {
		// One writer reports distinct incidents distinctly: two events of
		// one document are one only as an exact double. Violent incidents
		// on different days are distinct (fighting flares day after day);
		// an agreement or talks dated a day apart are one deal restated.
		if ts < 1 || !a.dated || !b.dated || as < 1 || len(a.sides) < 2 || ds < 0 {
			return 0, false
		}
		if a.prec == 1 && b.prec == 1 && a.lo != b.lo && a.typ != "Strategic developments" {
			return 0, false
		}
	}
	ps := placeScore(a, b)
	if ps < 0 {
		return 0, false
	}
	fs := figureScore(a, b)
	if a.dated && b.dated {
		if ds < 0 {
			// Writers often put a late-month incident in the next month
			// (or the reverse): with the same sub-type, both parties and
			// the same place, adjacent months are one incident, and the
			// picture flags the date as contested.
			if ts < 1 || as < 1 || ps < 1 {
				return 0, false
			}
			ds = 0
		}
		if ts < 0.6 && (ds < 0.7 || ps < 0.4) {
			return 0, false
		}
		s := ts + ds + ps + as + fs
		if max(a.prec, b.prec) >= 3 {
			// "In October" fits every incident of the month: a date known
			// to the month or year is weak evidence, as an absent one.
			if ts < 0.6 || !strongCast(as, ps) {
				return 0, false
			}
			return s, s >= undatedThreshold
		}
		return s, s >= datedThreshold
	}
	if !strongCast(as, ps) {
		return 0, false
	}
	s := ts + ps + as + fs + 0.5
	if ts < 0.6 {
		return s, true // rewrittenPlace vouched for it
	}
	return s, s >= undatedThreshold
}

// rewrittenFigures: two documents of one rewrite family report events of
// a compatible type with the same figures ("58 Pakistani soldiers", the
// Taliban's claim; "over 200 fighters", Pakistan's): the rewriter retold
// the original's incident, whatever date or place each text gives it (a
// rewrite often drops or garbles the original's relative dates). The
// picture then flags the dates or places as conflicting.
func rewrittenFigures(a, b *feat) bool {
	if a.family == "" || a.family != b.family || a.doc == b.doc || len(a.figs) < minRewrittenFigures || typeScore(a, b) <= 0 {
		return false
	}
	n := 0
	for i, x := range a.figs {
		if contains(b.figs, x) && !contains(a.figs[:i], x) {
			n++
		}
	}
	return n >= minRewrittenFigures
}

// rewrittenUndated: two documents of one rewrite family tell an incident
// of the same sub-type, between the same parties at the same place, one of
// them without a date: the rewriter kept or dropped the original's date,
// the incident is one.
func rewrittenUndated(a, b *feat) bool {
	return a.family != "" && a.family == b.family && a.doc != b.doc && (!a.dated || !b.dated) &&
		typeScore(a, b) == 1 && actorScore(a, b) == 1 && placeScore(a, b) == 1
}

// backRef: an undated, placeless event, a passing mention ("the recent
// strikes") that can only point back to an incident its writer told.
func backRef(a *feat) bool {
	return !a.dated && a.loc == "" && !a.coords
}

// rewrittenPlace: two documents of one rewrite family (copies of one
// original) tell two violent types at one precise place, sharing a party:
// the same incident in the rewriter's words ("explosions rocked Kabul",
// "an attack in Kabul").
func rewrittenPlace(a, b *feat, as float64) bool {
	return a.family != "" && a.family == b.family && a.doc != b.doc &&
		violent(a.typ) && violent(b.typ) && as >= 0.75 &&
		max(a.gp, b.gp) <= 2 && placeScore(a, b) >= 1
}

// strongCast is the evidence that stands in for a precise date: both
// parties shared, or one party (the other left unnamed) and a compatible
// place, or one party in common and the same place.
func strongCast(as, ps float64) bool {
	return as >= 1 || (as >= 0.75 && ps >= 0.4) || (as >= 0.5 && ps >= 1)
}

const earthKm = 6371.0

func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	if d := math.Abs(lat1-lat2) * 111.19; d > 2*regionKm {
		return d // far apart in latitude alone: a lower bound is enough
	}
	r := math.Pi / 180
	dlat, dlon := (lat2-lat1)*r, (lon2-lon1)*r
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*r)*math.Cos(lat2*r)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * earthKm * math.Asin(math.Sqrt(min(1, h)))
}
