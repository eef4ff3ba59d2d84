// Package sitrep holds the domain types shared by every stage of sitrep:
// documents, recognised mentions (actors, places, times), events and claims.
//
// Offsets inside the engine are byte offsets into Document.Text; the output
// contract (Record) speaks in Unicode code points, and Runes converts.
package sitrep

import (
	"time"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) in a document's text.
type Span struct {
	Start, End int
}

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether o lies inside s.
func (s Span) Contains(o Span) bool { return o.Start >= s.Start && o.End <= s.End }

// Overlaps reports whether the two spans share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Granularity is how precisely a date is known.
type Granularity int

// Granularities from the finest to the coarsest. GranularityNone means unknown.
const (
	GranularityNone Granularity = iota
	GranularityDay
	GranularityWeek
	GranularityMonth
	GranularityYear
)

// Publication sources, as named in the output contract.
const (
	PublishedInput    = "input"
	PublishedMetadata = "metadata"
	PublishedInferred = "inferred"
	PublishedNone     = "none"
)

// Document is one report as ingested: its main text and what is known about it.
type Document struct {
	ID     string // input id, or the file path as given
	Text   string // main text; every offset points into it
	Title  string
	Outlet string
	URL    string
	Author string

	// Published is the publication instant, in the time zone the source gave
	// when it gave one. Zero when unknown.
	Published time.Time
	// PublishedGranularity says how much of Published is known: an inferred
	// date may only be safe to the month.
	PublishedGranularity Granularity
	// PublishedSource is one of the Published* constants.
	PublishedSource string
}

// ActorType classifies actors as the output contract does.
type ActorType string

// Actor types of the output contract.
const (
	ActorState        ActorType = "state"
	ActorArmedGroup   ActorType = "armed-group"
	ActorPolitical    ActorType = "political"
	ActorPerson       ActorType = "person"
	ActorOrganisation ActorType = "organisation"
	ActorCivilians    ActorType = "civilians"
	ActorOther        ActorType = "other"
)

// Actor is an entry of the actor dictionary, or an actor found by pattern.
type Actor struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Type    ActorType `json:"type"`
	Country string    `json:"country,omitempty"` // ISO 3166-1 alpha-2
	Aliases []string  `json:"aliases,omitempty"`
	Role    string    `json:"role,omitempty"`
	// From and Until bound a person's role (YYYY, YYYY-MM or YYYY-MM-DD); empty when open.
	From  string `json:"from,omitempty"`
	Until string `json:"until,omitempty"`
}

// ActorMention is one occurrence of an actor in a text.
type ActorMention struct {
	Actor Actor
	Span  Span
	// Metonym is set when a place name stands for an actor ("Kabul denies",
	// "Pakistan says"): that span is then not also a mention of the place.
	Metonym bool
}

// Place kinds of the output contract.
const (
	PlaceCountry = "country"
	PlaceAdmin1  = "admin1"
	PlaceAdmin2  = "admin2"
	PlaceCity    = "city"
	PlaceVillage = "village"
	PlaceRegion  = "region"
	PlaceFeature = "feature"
)

// Place is a gazetteer entry, or a place recognised but not in the gazetteer
// (ID prefixed "x-", HasCoords false).
type Place struct {
	ID          string
	Name        string
	Kind        string
	CountryCode string
	Admin1      string
	Admin2      string
	Lat, Lon    float64
	HasCoords   bool
}

// PlaceMention is one occurrence of a place in a text.
type PlaceMention struct {
	Place Place
	Span  Span
}

// TIMEX3 types.
const (
	TimeDate     = "DATE"
	TimeTime     = "TIME"
	TimeDuration = "DURATION"
	TimeSet      = "SET"
)

// TimeExpr is a time expression normalised to a TIMEX3 type and value.
type TimeExpr struct {
	Span  Span
	Type  string // DATE, TIME, DURATION or SET
	Value string // TIMEX3 value: 2026-02-22, 2026-02, 2026-W08, P3D, PAST_REF …
}

// Runes converts byte offsets of one text to code-point offsets. Build it once
// per document; Of is O(log n).
type Runes struct {
	starts []int // byte offset of each rune
	ascii  bool
}

// NewRunes indexes text for byte to code-point conversion.
func NewRunes(text string) *Runes {
	if utf8.RuneCountInString(text) == len(text) {
		return &Runes{ascii: true}
	}
	r := &Runes{starts: make([]int, 0, len(text))}
	for i := range text {
		r.starts = append(r.starts, i)
	}
	return r
}

// Of returns the code-point index of byte offset b.
func (r *Runes) Of(b int) int {
	if r.ascii {
		return b
	}
	lo, hi := 0, len(r.starts)
	for lo < hi {
		m := (lo + hi) / 2
		if r.starts[m] < b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
