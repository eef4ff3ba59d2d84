package sqlite_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// A synthetic corpus for the kill test and the benchmarks: reports built by
// recombining a few sentence patterns, actors, places and dates, with their
// records (mentions, events, claims) built alongside so offsets are right.

type synthActor struct {
	id, name string
	typ      sitrep.ActorType
	country  string
}

var synthActors = []synthActor{
	{"pakistan-military", "Military Forces of Pakistan", sitrep.ActorState, "PK"},
	{"afghan-taliban", "Taliban", sitrep.ActorArmedGroup, "AF"},
	{"ttp", "Tehrik-i-Taliban Pakistan", sitrep.ActorArmedGroup, "PK"},
	{"pakistan-gov", "Government of Pakistan", sitrep.ActorState, "PK"},
	{"afghanistan-gov", "Government of Afghanistan", sitrep.ActorState, "AF"},
	{"bla", "Baloch Liberation Army", sitrep.ActorArmedGroup, "PK"},
	{"iskp", "Islamic State Khorasan Province", sitrep.ActorArmedGroup, "AF"},
	{"pakistan-police", "Police Forces of Pakistan", sitrep.ActorState, "PK"},
	{"unama", "UN Assistance Mission in Afghanistan", sitrep.ActorOrganisation, ""},
	{"civilians-pk", "Civilians (Pakistan)", sitrep.ActorCivilians, "PK"},
	{"civilians-af", "Civilians (Afghanistan)", sitrep.ActorCivilians, "AF"},
	{"hafiz-gul-bahadur", "Hafiz Gul Bahadur Group", sitrep.ActorArmedGroup, "PK"},
}

type synthPlace struct {
	id, name, kind, cc, country, admin1 string
	lat, lon                            float64
}

// Approximate coordinates (GeoNames, CC BY 4.0).
var synthPlaces = []synthPlace{
	{"geonames:1168103", "Kurram", "admin2", "PK", "Pakistan", "Khyber Pakhtunkhwa", 33.83, 70.25},
	{"geonames:1168197", "Peshawar", "city", "PK", "Pakistan", "Khyber Pakhtunkhwa", 34.01, 71.58},
	{"geonames:1180281", "Chaman", "city", "PK", "Pakistan", "Balochistan", 30.92, 66.45},
	{"geonames:1167528", "Quetta", "city", "PK", "Pakistan", "Balochistan", 30.19, 67.01},
	{"geonames:1178338", "Bannu", "city", "PK", "Pakistan", "Khyber Pakhtunkhwa", 32.99, 70.60},
	{"geonames:1162813", "Wana", "city", "PK", "Pakistan", "Khyber Pakhtunkhwa", 32.30, 69.57},
	{"geonames:1138958", "Kabul", "city", "AF", "Afghanistan", "Kabul", 34.53, 69.17},
	{"geonames:1138336", "Kandahār", "city", "AF", "Afghanistan", "Kandahar", 31.61, 65.71},
	{"geonames:1135689", "Khōst", "city", "AF", "Afghanistan", "Khost", 33.34, 69.92},
	{"geonames:1127110", "Spīn Bōldak", "city", "AF", "Afghanistan", "Kandahar", 31.01, 66.40},
	{"geonames:1131162", "Paktika", "admin1", "AF", "Afghanistan", "Paktika", 32.50, 68.75},
	{"geonames:1126085", "Barmal", "admin2", "AF", "Afghanistan", "Paktika", 32.71, 69.17},
	{"geonames:1180809", "Bajaur", "admin2", "PK", "Pakistan", "Khyber Pakhtunkhwa", 34.79, 71.53},
	{"geonames:1174872", "Kohat", "city", "PK", "Pakistan", "Khyber Pakhtunkhwa", 33.58, 71.44},
	{"x-torkham", "Torkham", "feature", "PK", "Pakistan", "Khyber Pakhtunkhwa", 0, 0},
	{"geonames:1135158", "Jalālābād", "city", "AF", "Afghanistan", "Nangarhar", 34.43, 70.45},
}

type synthKind struct {
	typ, sub string
	verb     string // "%[1]s … %[2]s … %[3]s" actor1, actor2, place
}

var synthKinds = []synthKind{
	{"Battles", "Armed clash", "%s and %s exchanged heavy fire near %s"},
	{"Explosions/Remote violence", "Air/drone strike", "%s carried out air strikes on hideouts of %s in %s"},
	{"Explosions/Remote violence", "Shelling/artillery/missile attack", "%s shelled positions held by %s around %s"},
	{"Violence against civilians", "Attack", "gunmen of %s attacked a convoy escorted by %s outside %s"},
	{"Explosions/Remote violence", "Remote explosive/landmine/IED", "a roadside bomb blamed on %s hit a patrol of %s near %s"},
	{"Strategic developments", "Agreement", "%s and %s agreed to a truce covering %s"},
}

var synthSaid = []string{
	"officials said on condition of anonymity",
	"a spokesman said in a statement",
	"residents told reporters by telephone",
	"according to a local police officer",
}

var synthFiller = []string{
	"Markets in the area stayed closed and schools sent pupils home early.",
	"The border crossing was shut to trade for the rest of the day.",
	"Hospital staff appealed for blood donations as the wounded arrived.",
	"Talks between the two sides have stalled since the spring.",
	"Mobile phone service in the district was suspended as a precaution.",
	"Analysts said the clashes showed how fragile the ceasefire had become.",
}

// synthDoc returns report i of the synthetic corpus and its record.
func synthDoc(i int) (sitrep.Document, sitrep.Record) {
	r := uint64(i)*0x9E3779B97F4A7C15 + 1
	next := func(n int) int {
		r ^= r << 13
		r ^= r >> 7
		r ^= r << 17
		return int(r % uint64(n))
	}
	base := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	pub := base.AddDate(0, 0, next(900))
	id := fmt.Sprintf("synth-%06d", i)
	rec := sitrep.Record{
		Contract: sitrep.ContractVersion, ID: id, Title: "", PublishedSource: sitrep.PublishedInput,
		Actors: []sitrep.RecordActor{}, Places: []sitrep.RecordPlace{}, Times: []sitrep.RecordTime{},
		Events: []sitrep.Event{}, Claims: []sitrep.Claim{}, Warnings: []string{},
	}
	var b strings.Builder
	runes := 0
	write := func(s string) sitrep.Mention {
		m := sitrep.Mention{Start: runes, End: runes + len([]rune(s)), Text: s}
		b.WriteString(s)
		runes = m.End
		return m
	}
	actorAt := map[string]int{}
	mentionActor := func(a synthActor) {
		m := write(a.name)
		j, ok := actorAt[a.id]
		if !ok {
			j = len(rec.Actors)
			actorAt[a.id] = j
			rec.Actors = append(rec.Actors, sitrep.RecordActor{ID: a.id, Name: a.name, Type: a.typ, Country: a.country})
		}
		rec.Actors[j].Mentions = append(rec.Actors[j].Mentions, m)
	}
	placeAt := map[string]int{}
	mentionPlace := func(p synthPlace) {
		m := write(p.name)
		j, ok := placeAt[p.id]
		if !ok {
			j = len(rec.Places)
			placeAt[p.id] = j
			rp := sitrep.RecordPlace{ID: p.id, Name: p.name, Kind: p.kind, CountryCode: p.cc, Admin1: p.admin1}
			if p.lat != 0 {
				lat, lon := p.lat, p.lon
				rp.Lat, rp.Lon = &lat, &lon
			}
			rec.Places = append(rec.Places, rp)
		}
		rec.Places[j].Mentions = append(rec.Places[j].Mentions, m)
	}
	nEvents := 1 + next(3)
	for e := range nEvents {
		k := synthKinds[next(len(synthKinds))]
		a1 := synthActors[next(len(synthActors))]
		a2 := synthActors[next(len(synthActors))]
		for a2.id == a1.id {
			a2 = synthActors[next(len(synthActors))]
		}
		p := synthPlaces[next(len(synthPlaces))]
		day := pub.AddDate(0, 0, -next(4))
		dead := next(40)
		start := runes
		if e > 0 {
			write(" ")
			start = runes
		}
		// Split the pattern around its three verbs so mentions get offsets.
		parts := strings.SplitN(k.verb, "%s", 4)
		write(strings.ToUpper(parts[0][:min(1, len(parts[0]))]) + parts[0][min(1, len(parts[0])):])
		mentionActor(a1)
		write(parts[1])
		mentionActor(a2)
		write(parts[2])
		mentionPlace(p)
		write(" on ")
		dt := day.Format("January 2")
		tm := write(dt)
		rec.Times = append(rec.Times, sitrep.RecordTime{Start: tm.Start, End: tm.End, Text: dt, Type: sitrep.TimeDate, Value: day.Format("2006-01-02")})
		write(fmt.Sprintf(", killing at least %d people, %s.", dead, synthSaid[next(len(synthSaid))]))
		evidence := sitrep.Mention{Start: start, End: runes, Text: string([]rune(b.String())[start:runes])}
		date := day.Format("2006-01-02")
		prec, geo, fat := 1, 1, dead
		ev := sitrep.Event{
			ID: fmt.Sprintf("%s-e%d", id, e+1), EventType: k.typ, SubEventType: k.sub,
			EventDate: &date, TimePrecision: &prec, DateText: dt,
			Actor1: &sitrep.ActorRef{ID: a1.id, Name: a1.name}, Actor2: &sitrep.ActorRef{ID: a2.id, Name: a2.name},
			AssocActor1: []sitrep.ActorRef{}, AssocActor2: []sitrep.ActorRef{},
			Country: p.country, CountryCode: p.cc, Admin1: p.admin1, Location: p.name,
			GeoPrecision: &geo, Fatalities: &fat, Evidence: []sitrep.Mention{evidence}, Confidence: 0.7,
			FatalityClaims: []sitrep.FatalityClaim{{Count: &fat, Qualifier: "at least", Victims: "people", Mention: evidence}},
		}
		if p.lat != 0 {
			lat, lon := p.lat, p.lon
			ev.Latitude, ev.Longitude = &lat, &lon
		}
		rec.Events = append(rec.Events, ev)
		if next(2) == 0 {
			rec.Claims = append(rec.Claims, sitrep.Claim{Kind: sitrep.ClaimAccusation,
				Claimant: &sitrep.ActorRef{ID: a2.id, Name: a2.name}, About: &sitrep.ActorRef{ID: a1.id, Name: a1.name},
				Mention: evidence})
		}
		for range 2 + next(4) {
			write(" " + synthFiller[next(len(synthFiller))])
		}
	}
	write(fmt.Sprintf(" (Report %d.)", i)) // every report distinct
	text := b.String()
	title := fmt.Sprintf("%s: %s", rec.Places[0].Name, synthKinds[i%len(synthKinds)].sub)
	pd := pub.Format("2006-01-02")
	rec.Title, rec.Published = title, &pd
	doc := sitrep.Document{ID: id, Text: text, Title: title, Outlet: []string{"Wire", "Daily", "Monitor"}[i%3],
		Published: pub, PublishedGranularity: sitrep.GranularityDay, PublishedSource: sitrep.PublishedInput}
	return doc, rec
}

// synthFuser fuses stored events the simple way a test can check: events
// of one day, location and sub-type are one picture event. It works as the
// picture builder does, incrementally: for each batch it restores the
// stored picture events its reports may join (PictureEventsBetween) and
// returns the update to apply.
type synthFuser struct {
	s *sqlite.Store
}

func synthKey(e sitrep.Event) string {
	d := ""
	if e.EventDate != nil {
		d = *e.EventDate
	}
	return d + "|" + e.Location + "|" + e.SubEventType
}

// update fuses the events of docs (stored document ids) into the stored
// picture and returns what changed.
func (f synthFuser) update(ctx context.Context, docs []int64) (sitrep.PictureUpdate, error) {
	var u sitrep.PictureUpdate
	var evs []sitrep.StoredEvent
	lo, hi := "", ""
	for _, id := range docs {
		got, err := f.s.Events(ctx, sitrep.EventFilter{DocID: id})
		if err != nil {
			return u, err
		}
		for _, e := range got {
			if d := e.Event.EventDate; d != nil {
				if lo == "" || *d < lo {
					lo = *d
				}
				if *d > hi {
					hi = *d
				}
			}
		}
		evs = append(evs, got...)
	}
	byKey := map[string]*sitrep.PictureEvent{}
	if lo != "" {
		old, err := f.s.PictureEventsBetween(ctx, lo, hi, false)
		if err != nil {
			return u, err
		}
		for i := range old {
			byKey[synthKey(old[i].Reports[0].Event)] = &old[i]
		}
	}
	next, err := f.s.MaxPictureEventID(ctx)
	if err != nil {
		return u, err
	}
	changed := map[int64]*sitrep.PictureEvent{}
	var order []int64
	for _, se := range evs {
		k := synthKey(se.Event)
		pe := byKey[k]
		if pe == nil {
			next++
			pe = &sitrep.PictureEvent{ID: next}
			byKey[k] = pe
		}
		pe.Reports = append(pe.Reports, sitrep.Report{DocID: fmt.Sprint(se.DocID), Ref: se.RowID, Event: se.Event, Published: se.Published})
		if changed[pe.ID] == nil {
			changed[pe.ID] = pe
			order = append(order, pe.ID)
		}
	}
	for _, id := range order {
		pe := changed[id]
		synthFuse(pe)
		u.Events = append(u.Events, *pe)
		d := *pe.EventDate
		t, _ := time.Parse(time.DateOnly, d)
		u.Spans = append(u.Spans, sitrep.PictureSpan{From: t.AddDate(0, 0, -3).Format(time.DateOnly), To: t.AddDate(0, 0, 3).Format(time.DateOnly)})
		q := sitrep.Quantity{ID: fmt.Sprintf("%d/people", id), Event: id, Group: "people", Label: "people killed"}
		for _, r := range pe.Reports {
			for _, fc := range r.Event.FatalityClaims {
				q.Figures = append(q.Figures, sitrep.Figure{Count: fc.Count, Qualifier: fc.Qualifier, Victims: fc.Victims,
					DocID: r.DocID, Ref: r.Ref, Text: fc.Text, Start: fc.Start, End: fc.End, Low: float64(*fc.Count)})
			}
		}
		q.Sources = pe.Sources
		q.Disputed = slices.Contains(pe.Conflicts, sitrep.ConflictFatalities)
		u.Quantities = append(u.Quantities, q)
		for _, r := range pe.Reports {
			u.Clusters = append(u.Clusters, sitrep.EventCluster{RowID: r.Ref, Cluster: id, Contested: pe.Contested()})
		}
	}
	for _, id := range docs {
		u.Signatures = append(u.Signatures, sitrep.DocSignature{DocID: id, Sig: []byte(fmt.Sprint("sig-", id)),
			Keys: []uint64{uint64(id) * 0x9E3779B97F4A7C15, uint64(id%97) | 1<<63}})
	}
	u.Done = docs
	return u, nil
}

// synthFuse sets a picture event's fused fields from its reports: the
// first report's, the lowest figure, and a fatalities conflict when the
// figures differ.
func synthFuse(pe *sitrep.PictureEvent) {
	e := pe.Reports[0].Event
	pe.EventType, pe.SubEventType, pe.EventDate, pe.TimePrecision = e.EventType, e.SubEventType, e.EventDate, e.TimePrecision
	pe.Actor1, pe.Actor2 = e.Actor1, e.Actor2
	pe.Country, pe.CountryCode, pe.Admin1, pe.Admin2, pe.Location = e.Country, e.CountryCode, e.Admin1, e.Admin2, e.Location
	pe.Latitude, pe.Longitude, pe.GeoPrecision = e.Latitude, e.Longitude, e.GeoPrecision
	pe.Fatalities, pe.Conflicts = nil, []string{}
	docs := map[string]bool{}
	for _, r := range pe.Reports {
		docs[r.DocID] = true
		if f := r.Event.Fatalities; f != nil {
			if pe.Fatalities != nil && *pe.Fatalities != *f && !slices.Contains(pe.Conflicts, sitrep.ConflictFatalities) {
				pe.Conflicts = append(pe.Conflicts, sitrep.ConflictFatalities)
			}
			if pe.Fatalities == nil || *f < *pe.Fatalities {
				v := *f
				pe.Fatalities = &v
			}
		}
	}
	pe.Sources = len(docs)
}
