// Package extract reads one document into the record of the output contract:
// it runs the recognisers (actors, places, times), then event and claim
// extraction, and assembles their findings.
package extract

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/event"
	"github.com/sitrep-dev/sitrep/gazetteer"
	"github.com/sitrep-dev/sitrep/lexicon"
	"github.com/sitrep-dev/sitrep/text"
	"github.com/sitrep-dev/sitrep/timex"
)

// Extractor holds the loaded knowledge. It is safe for concurrent use.
type Extractor struct {
	lex *lexicon.Lexicon
	gaz *gazetteer.Gazetteer
	// WithText adds the document text to each record.
	WithText bool
}

// Options configure New.
type Options struct {
	// Actors and Places are user files merged over the built-in dictionary
	// and gazetteer; nil when none.
	Actors io.Reader
	Places io.Reader
}

// New loads the actor dictionary and the gazetteer.
func New(opt Options) (*Extractor, error) {
	lex, err := lexicon.Load()
	if err != nil {
		return nil, fmt.Errorf("actor dictionary: %w", err)
	}
	if opt.Actors != nil {
		if err := lex.Merge(opt.Actors); err != nil {
			return nil, fmt.Errorf("user actors: %w", err)
		}
	}
	gaz, err := gazetteer.Load()
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	if opt.Places != nil {
		if err := gaz.Merge(opt.Places); err != nil {
			return nil, fmt.Errorf("user places: %w", err)
		}
	}
	return &Extractor{lex: lex, gaz: gaz}, nil
}

// Analysis is what the recognisers found in one document, in byte offsets:
// the input of the later stages (events, claims).
type Analysis struct {
	Doc       sitrep.Document
	Sentences []sitrep.Span
	Tokens    []text.Token
	Anchor    timex.Anchor
	Actors    []sitrep.ActorMention
	Places    []sitrep.PlaceMention
	Times     []sitrep.TimeExpr
	Warnings  []string
}

// Analyse runs the recognisers over doc. When doc has no publication date,
// one is inferred from the text and recorded in the returned Doc.
func (x *Extractor) Analyse(doc sitrep.Document) *Analysis {
	a := &Analysis{Doc: doc}
	a.Sentences = text.Sentences(doc.Text)
	a.Tokens = text.Tokenize(doc.Text)
	a.Anchor = x.anchor(a)
	a.Actors = x.lex.Recognise(doc.Text, a.Tokens, a.Sentences, a.Anchor.Time)
	a.Places = x.gaz.Recognise(doc.Text, a.Tokens, a.Sentences)
	a.resolveOverlaps()
	a.Times = timex.Find(doc.Text, a.Sentences, a.Anchor)
	return a
}

// anchor returns the date relative expressions are read against: the
// publication date, or one inferred from the text at a safe granularity.
func (x *Extractor) anchor(a *Analysis) timex.Anchor {
	d := &a.Doc
	if !d.Published.IsZero() {
		g := d.PublishedGranularity
		if g == sitrep.GranularityNone {
			g = sitrep.GranularityDay
		}
		if d.PublishedSource == "" {
			d.PublishedSource = sitrep.PublishedInput
		}
		return timex.Anchor{Time: d.Published, Granularity: g}
	}
	anc, ok := timex.InferAnchor(d.Text, a.Sentences)
	if !ok {
		d.PublishedSource = sitrep.PublishedNone
		a.Warnings = append(a.Warnings, "no publication date given or inferable: relative dates are left unresolved")
		return timex.Anchor{}
	}
	d.Published, d.PublishedGranularity, d.PublishedSource = anc.Time, anc.Granularity, sitrep.PublishedInferred
	a.Warnings = append(a.Warnings, "publication date inferred from the text: "+formatDate(anc.Time, anc.Granularity))
	return anc
}

// resolveOverlaps settles spans that both recognisers claimed: a place name
// used for its government ("Islamabad says") or inside an actor's name
// ("Tehreek-e-Taliban Pakistan", "Islamabad’s foreign ministry") is not a
// place; a person found only by pattern that is a known place is a place.
func (a *Analysis) resolveOverlaps() {
	places := a.Places[:0]
	for _, p := range a.Places {
		if !insideActor(p.Span, a.Actors) {
			places = append(places, p)
		}
	}
	a.Places = places
	var placeSpans []sitrep.Span
	for _, p := range a.Places {
		placeSpans = append(placeSpans, p.Span)
	}
	actors := a.Actors[:0]
	for _, m := range a.Actors {
		if strings.HasPrefix(m.Actor.ID, "x-") && overlapsAny(m.Span, placeSpans) {
			continue
		}
		actors = append(actors, m)
	}
	a.Actors = actors
}

// insideActor reports whether s is a metonym's span or lies inside a longer
// actor mention.
func insideActor(s sitrep.Span, actors []sitrep.ActorMention) bool {
	for _, m := range actors {
		if m.Span.Overlaps(s) && (m.Metonym || m.Span.Contains(s) && m.Span.Len() > s.Len()) {
			return true
		}
	}
	return false
}

func overlapsAny(s sitrep.Span, spans []sitrep.Span) bool {
	for _, o := range spans {
		if s.Overlaps(o) {
			return true
		}
	}
	return false
}

// Extract reads doc into a contract record.
func (x *Extractor) Extract(doc sitrep.Document) sitrep.Record {
	return x.Record(x.Analyse(doc))
}

// Record assembles the contract record of an analysis: mentions grouped per
// actor and place in order of first mention, offsets in code points.
func (x *Extractor) Record(a *Analysis) sitrep.Record {
	d := a.Doc
	runes := sitrep.NewRunes(d.Text)
	mention := func(s sitrep.Span) sitrep.Mention {
		return sitrep.Mention{Start: runes.Of(s.Start), End: runes.Of(s.End), Text: d.Text[s.Start:s.End]}
	}
	r := sitrep.Record{
		Contract:        sitrep.ContractVersion,
		ID:              d.ID,
		Title:           d.Title,
		Outlet:          d.Outlet,
		URL:             d.URL,
		PublishedSource: d.PublishedSource,
		Actors:          []sitrep.RecordActor{},
		Places:          []sitrep.RecordPlace{},
		Times:           []sitrep.RecordTime{},
		Events:          []sitrep.Event{},
		Claims:          []sitrep.Claim{},
		Warnings:        append([]string{}, a.Warnings...),
	}
	if r.PublishedSource == "" {
		r.PublishedSource = sitrep.PublishedNone
	}
	if !d.Published.IsZero() {
		p := formatDate(d.Published, d.PublishedGranularity)
		r.Published = &p
	}
	if x.WithText {
		r.Text = d.Text
	}

	actorAt := map[string]int{}
	for _, m := range sortedActors(a.Actors) {
		i, ok := actorAt[m.Actor.ID]
		if !ok {
			i = len(r.Actors)
			actorAt[m.Actor.ID] = i
			r.Actors = append(r.Actors, sitrep.RecordActor{ID: m.Actor.ID, Name: m.Actor.Name, Type: m.Actor.Type, Country: m.Actor.Country})
		}
		r.Actors[i].Mentions = append(r.Actors[i].Mentions, mention(m.Span))
	}
	placeAt := map[string]int{}
	for _, m := range sortedPlaces(a.Places) {
		i, ok := placeAt[m.Place.ID]
		if !ok {
			i = len(r.Places)
			placeAt[m.Place.ID] = i
			p := m.Place
			rp := sitrep.RecordPlace{ID: p.ID, Name: p.Name, Kind: p.Kind, CountryCode: p.CountryCode, Admin1: p.Admin1, Admin2: p.Admin2}
			if p.HasCoords {
				lat, lon := p.Lat, p.Lon
				rp.Lat, rp.Lon = &lat, &lon
			}
			r.Places = append(r.Places, rp)
		}
		r.Places[i].Mentions = append(r.Places[i].Mentions, mention(m.Span))
	}
	for _, t := range a.Times {
		m := mention(t.Span)
		r.Times = append(r.Times, sitrep.RecordTime{Start: m.Start, End: m.End, Text: m.Text, Type: t.Type, Value: t.Value})
	}
	r.Events, r.Claims = event.Extract(event.Input{
		DocID: d.ID, Text: d.Text, Sentences: a.Sentences, Tokens: a.Tokens,
		Actors: a.Actors, Places: a.Places, Times: a.Times, Published: d.Published, PublishedGranularity: d.PublishedGranularity,
		Mention: mention, Forces: x.lex.MilitaryOf, Government: x.lex.GovernmentOf,
	})
	x.addEventActors(&r, actorAt, d.Published)
	return r
}

// addEventActors lists the actors that only event coding named (an
// "Unidentified Armed Group (Pakistan)" for "gunmen", the police of the
// event's country) among the record's actors, without mentions: no single
// span names them. The forces that event coding puts for a mentioned state
// ("Pakistan struck" coded on the military) are that mention's, not new.
func (x *Extractor) addEventActors(r *sitrep.Record, actorAt map[string]int, at time.Time) {
	var derived map[string]bool // built on first need: most event actors are mentioned ones
	add := func(ref *sitrep.ActorRef) {
		if ref == nil || ref.ID == "" {
			return
		}
		if _, ok := actorAt[ref.ID]; ok {
			return
		}
		if derived == nil {
			derived = map[string]bool{}
			for _, a := range r.Actors {
				if m, ok := x.lex.MilitaryOf(a.ID, at); ok {
					derived[m.ID] = true
				}
			}
		}
		if derived[ref.ID] {
			return
		}
		ra := sitrep.RecordActor{ID: ref.ID, Name: ref.Name, Type: sitrep.ActorOther, Mentions: []sitrep.Mention{}}
		if a, ok := x.lex.Actor(ref.ID); ok {
			ra.Type, ra.Country = a.Type, a.Country
		} else if cc, ok := strings.CutPrefix(ref.ID, event.UnidentifiedPrefix); ok {
			ra.Type, ra.Country = sitrep.ActorArmedGroup, strings.ToUpper(cc)
		}
		actorAt[ref.ID] = len(r.Actors)
		r.Actors = append(r.Actors, ra)
	}
	for _, e := range r.Events {
		add(e.Actor1)
		add(e.Actor2)
		for i := range e.AssocActor1 {
			add(&e.AssocActor1[i])
		}
		for i := range e.AssocActor2 {
			add(&e.AssocActor2[i])
		}
	}
	for _, c := range r.Claims {
		add(c.Claimant)
		add(c.About)
	}
}

func sortedActors(ms []sitrep.ActorMention) []sitrep.ActorMention {
	out := append([]sitrep.ActorMention(nil), ms...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start })
	return out
}

func sortedPlaces(ms []sitrep.PlaceMention) []sitrep.PlaceMention {
	out := append([]sitrep.PlaceMention(nil), ms...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start })
	return out
}

// formatDate writes a date at the granularity that is known of it.
func formatDate(t time.Time, g sitrep.Granularity) string {
	switch g {
	case sitrep.GranularityYear:
		return t.Format("2006")
	case sitrep.GranularityMonth:
		return t.Format("2006-01")
	}
	return t.Format("2006-01-02")
}
