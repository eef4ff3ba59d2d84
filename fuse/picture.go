package fuse

import (
	"sort"
	"strconv"
	"strings"

	sitrep "github.com/sitrep-dev/sitrep"
)

// values collects the values one field takes across reports, in first-seen
// order.
type values struct {
	list    []sitrep.FieldValue
	sources []map[string]bool
	at      map[string]int
}

func (v *values) add(val, doc string, ref int64, source string) int {
	if v.at == nil {
		v.at = map[string]int{}
	}
	i, ok := v.at[val]
	if !ok {
		i = len(v.list)
		v.at[val] = i
		v.list = append(v.list, sitrep.FieldValue{Value: val})
		v.sources = append(v.sources, map[string]bool{})
	}
	fv := &v.list[i]
	fv.Docs = append(fv.Docs, doc)
	fv.Refs = append(fv.Refs, ref)
	v.sources[i][source] = true
	fv.Sources = len(v.sources[i])
	return i
}

// fusePicture builds the picture event of a group of reports. Each fused
// field takes the finest value, then the one with most independent sources,
// then the first reported; every value is kept in the field's list.
func fusePicture(id int64, reports []sitrep.Report, feats []feat) *sitrep.PictureEvent {
	p := &sitrep.PictureEvent{ID: id, Reports: reports}
	var dates, places, types, fats values
	sources := map[string]bool{}
	dateAt := make([]int, len(reports)) // value index per report, -1 when none
	placeAt := make([]int, len(reports))
	typeAt := make([]int, len(reports))
	for i, r := range reports {
		e, ft := r.Event, &feats[i]
		src := r.Source()
		sources[src] = true
		dv := "none"
		if ft.dated {
			dv = *e.EventDate + "/" + strconv.Itoa(ft.prec)
		}
		dateAt[i] = dates.add(dv, r.DocID, r.Ref, src)
		if !ft.dated {
			dateAt[i] = -1
		}
		placeAt[i] = -1
		if e.Location != "" || e.Admin1 != "" || e.CountryCode != "" {
			placeAt[i] = places.add(e.Location+", "+e.Admin1+", "+e.CountryCode, r.DocID, r.Ref, src)
		}
		typeAt[i] = types.add(e.EventType+" / "+e.SubEventType, r.DocID, r.Ref, src)
		fv := "null"
		if e.Fatalities != nil {
			fv = strconv.Itoa(*e.Fatalities)
		}
		fats.add(fv, r.DocID, r.Ref, src)
	}
	bestDate := pick(dateAt, dates, func(i int) int { return feats[i].prec })
	bestPlace := pick(placeAt, places, func(i int) int { return feats[i].gp })
	bestType := pick(typeAt, types, func(int) int { return 0 })
	p.Dates, p.Places, p.Types, p.FatalityValues = dates.list, places.list, types.list, fats.list
	p.Sources = len(sources)

	t := reports[bestType].Event
	p.EventType, p.SubEventType = t.EventType, t.SubEventType
	if bestDate >= 0 {
		e := reports[bestDate].Event
		d, pr := *e.EventDate, feats[bestDate].prec
		p.EventDate = &d
		pr = min(pr, 3)
		p.TimePrecision = &pr
	}
	if bestPlace >= 0 {
		e := reports[bestPlace].Event
		p.Country, p.CountryCode, p.Admin1, p.Admin2, p.Location = e.Country, e.CountryCode, e.Admin1, e.Admin2, e.Location
		p.Latitude, p.Longitude, p.GeoPrecision = e.Latitude, e.Longitude, e.GeoPrecision
	}
	p.Actor1, p.Actor2 = fuseActors(reports)
	p.Fatalities = fuseFatalities(reports)
	p.Conflicts = conflicts(reports, feats)
	return p
}

// pick chooses the report whose value is finest (lowest precision
// number), then has most independent sources, then came first; -1 when no
// report has a value.
func pick(at []int, v values, prec func(int) int) int {
	best := -1
	for i, vi := range at {
		if vi < 0 {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		pi, pb := prec(i), prec(best)
		if pi < pb || (pi == pb && v.list[vi].Sources > v.list[at[best]].Sources) {
			best = i
		}
	}
	return best
}

// fuseActors takes the actor pair most reports give (unordered), then the
// first reported.
func fuseActors(reports []sitrep.Report) (*sitrep.ActorRef, *sitrep.ActorRef) {
	type pair struct{ a, b *sitrep.ActorRef }
	count := map[string]int{}
	var keys []string
	first := map[string]pair{}
	for _, r := range reports {
		a, b := r.Event.Actor1, r.Event.Actor2
		if a == nil && b == nil {
			continue
		}
		ids := []string{"", ""}
		if a != nil {
			ids[0] = a.ID
		}
		if b != nil {
			ids[1] = b.ID
		}
		n := 0
		if a != nil {
			n++
		}
		if b != nil {
			n++
		}
		sort.Strings(ids)
		k := strings.Join(ids, "|")
		if _, ok := first[k]; !ok {
			first[k] = pair{a, b}
			keys = append(keys, k)
		}
		count[k] += 1 + n // fuller pairs win ties
	}
	best := ""
	for _, k := range keys {
		if best == "" || count[k] > count[best] {
			best = k
		}
	}
	if best == "" {
		return nil, nil
	}
	return first[best].a, first[best].b
}

// fuseFatalities is ACLED's conservative figure: the lowest positive
// figure of any report; 0 when every report gives 0; nil when none gives a
// number but some report deaths.
func fuseFatalities(reports []sitrep.Report) *int {
	var low *int
	zero := false
	for _, r := range reports {
		f := r.Event.Fatalities
		switch {
		case f == nil:
		case *f > 0:
			if low == nil || *f < *low {
				v := *f
				low = &v
			}
		default:
			zero = true
		}
	}
	if low == nil && zero {
		allZero := true
		for _, r := range reports {
			if r.Event.Fatalities == nil {
				allZero = false
			}
		}
		if allZero {
			v := 0
			return &v
		}
	}
	return low
}

// conflicts flags the fields on which two reports cannot both be right:
// dates whose spans do not meet or, both precise to the day, differ;
// places that are not compatible or lie in different countries;
// different types or sub-types; different positive fatality figures; one
// claimant's dead all combatants and another's all civilians. Reports are
// compared by their distinct values: a story told a thousand times the
// same way costs one comparison.
func conflicts(reports []sitrep.Report, feats []feat) []string {
	var out []string
	var dateC, placeC, typeC, fatC bool
	var dates, places []*feat
	seenDate, seenPlace := map[[3]int]bool{}, map[string]bool{}
	types, fats := map[string]bool{}, map[int]bool{}
	for i := range feats {
		a := &feats[i]
		if a.dated && !seenDate[[3]int{a.lo, a.hi, a.prec}] {
			seenDate[[3]int{a.lo, a.hi, a.prec}] = true
			dates = append(dates, a)
		}
		if a.loc != "" || a.coords {
			k := a.loc + "\x00" + a.adm1 + "\x00" + a.cc + "\x00" + strconv.FormatFloat(a.lat, 'g', -1, 64) + "\x00" +
				strconv.FormatFloat(a.lon, 'g', -1, 64) + "\x00" + strconv.FormatBool(a.coords) + "\x00" + strconv.Itoa(a.gp)
			if !seenPlace[k] {
				seenPlace[k] = true
				places = append(places, a)
			}
		}
		types[a.typ+"\x00"+a.sub] = true
		if f := reports[i].Event.Fatalities; f != nil && *f > 0 {
			fats[*f] = true
		}
	}
	for i, a := range dates {
		for _, b := range dates[i+1:] {
			gap := max(a.lo-b.hi, b.lo-a.hi, 0)
			if gap > 0 || (a.prec == 1 && b.prec == 1 && a.lo != b.lo) {
				dateC = true
			}
		}
	}
	for i, a := range places {
		for _, b := range places[i+1:] {
			if placeScore(a, b) < 0.4 || (a.cc != "" && b.cc != "" && a.cc != b.cc) {
				placeC = true // apart, or on two sides of a border
			}
		}
	}
	typeC = len(types) > 1
	fatC = len(fats) > 1
	if dateC {
		out = append(out, sitrep.ConflictDate)
	}
	if placeC {
		out = append(out, sitrep.ConflictPlace)
	}
	if typeC {
		out = append(out, sitrep.ConflictType)
	}
	if fatC {
		out = append(out, sitrep.ConflictFatalities)
	}
	if victimsDisputed(reports) {
		out = append(out, sitrep.ConflictVictims)
	}
	return out
}
