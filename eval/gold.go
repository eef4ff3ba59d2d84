// Package eval scores extraction records against a hand-made gold annotation
// (schema sitrep-gold/1, shared/gold/README.md), field by field.
package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// Gold is a gold annotation file.
type Gold struct {
	Schema    string    `json:"schema"`
	Documents []GoldDoc `json:"documents"`
	// The cross-document part: rewrite families, events that are one
	// real-world incident, and figures or details that disagree.
	Duplicates     []GoldDuplicate     `json:"duplicates"`
	EventClusters  []GoldCluster       `json:"event_clusters"`
	Contradictions []GoldContradiction `json:"contradictions"`
}

// GoldDuplicate is a set of documents that copy or rewrite one original.
type GoldDuplicate struct {
	Docs []string `json:"docs"`
}

// GoldCluster lists the gold events (by id) that are one real-world event.
type GoldCluster struct {
	ID     string   `json:"id"`
	Events []string `json:"events"`
}

// GoldContradiction is one quantity or detail on which values disagree.
type GoldContradiction struct {
	ID       string      `json:"id"`
	Quantity string      `json:"quantity"`
	Values   []GoldValue `json:"values"`
}

// GoldValue is one value of a contradiction: a figure (Count, Qualifier)
// or another value (a date, an account), with its claimant and quote.
type GoldValue struct {
	Count     *int    `json:"count"`
	Qualifier *string `json:"qualifier"`
	Value     string  `json:"value"`
	Claimant  string  `json:"claimant"`
	Doc       string  `json:"doc"`
	Event     string  `json:"event"`
	Text      string  `json:"text"`
}

// Numeric reports whether the value is a figure (a count, or a vague
// quantity such as "dozens").
func (v GoldValue) Numeric() bool { return v.Count != nil || v.Qualifier != nil }

// GoldDoc is the annotation of one document.
type GoldDoc struct {
	ID        string      `json:"id"`
	File      string      `json:"file"`
	Title     string      `json:"title"`
	Outlet    string      `json:"outlet"`
	Published string      `json:"published"`
	Actors    []GoldActor `json:"actors"`
	Places    []GoldPlace `json:"places"`
	Dates     []GoldDate  `json:"dates"`
	Events    []GoldEvent `json:"events"`
	Claims    []GoldClaim `json:"claims"`
}

// GoldActor is an actor of one document with its distinct surface strings.
type GoldActor struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Mentions []string `json:"mentions"`
}

// GoldPlace is a place of one document.
type GoldPlace struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Admin1   *string  `json:"admin1"`
	Country  *string  `json:"country"`
	Mentions []string `json:"mentions"`
}

// GoldDate is a dated expression; Start and End are code-point offsets into the file.
type GoldDate struct {
	Text  string  `json:"text"`
	Value *string `json:"value"`
	Start int     `json:"start"`
	End   int     `json:"end"`
}

// GoldEvent is an ACLED-coded event.
type GoldEvent struct {
	ID         string         `json:"id"`
	Type       string         `json:"type"`
	SubType    string         `json:"sub_type"`
	Date       *string        `json:"date"`
	Location   *string        `json:"location"`
	Actor1     *string        `json:"actor1"`
	Actor2     *string        `json:"actor2"`
	Fatalities []GoldFatality `json:"fatalities"`
	Evidence   string         `json:"evidence"`
	More       []string       `json:"additional_evidence"`
	Aggregate  bool           `json:"aggregate"`
}

// GoldFatality is a fatality figure with its claimant (an actor id or "reporter").
type GoldFatality struct {
	Count     *int    `json:"count"`
	CountMax  *int    `json:"count_max"`
	Qualifier *string `json:"qualifier"`
	Victims   string  `json:"victims"`
	Claimant  string  `json:"claimant"`
}

// GoldClaim is an attributed statement.
type GoldClaim struct {
	Claimant string `json:"claimant"`
	Kind     string `json:"kind"`
	Text     string `json:"text"`
	About    string `json:"about"`
}

// LoadGold reads a gold file.
func LoadGold(path string) (*Gold, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var g Gold
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if g.Schema != "sitrep-gold/1" {
		return nil, fmt.Errorf("%s: schema %q, want sitrep-gold/1", path, g.Schema)
	}
	return &g, nil
}

// PublishedTime is the document's publication date, zero when the gold has none.
func (d GoldDoc) PublishedTime() time.Time {
	t, err := time.Parse("2006-01-02", d.Published)
	if err != nil {
		return time.Time{}
	}
	return t
}
