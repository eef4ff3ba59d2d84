package sitrep

// The situation picture: what many documents say, fused. One real-world
// incident is one PictureEvent holding every report of it; every figure is a
// line of a Quantity in the claims ledger; incidents close in time and cast
// make Episodes. Nothing a report says is dropped: where reports disagree,
// the values stand side by side and the field is flagged in Conflicts.

// Report is one document's event as reported, the unit fusion works on.
type Report struct {
	// DocID identifies the document (Record.ID, or a store id as text).
	DocID string `json:"doc"`
	// Ref is the caller's handle for this event (a store row id); fusion
	// only carries it through.
	Ref int64 `json:"ref,omitempty"`
	// Event is the event as extracted from the document.
	Event Event `json:"event"`
	// Published is the document's publication date, YYYY-MM-DD, YYYY-MM or
	// YYYY; empty when unknown. It bounds undated events (they happened
	// before it).
	Published string `json:"published,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	// Family is the document's rewrite family: documents of one family are
	// copies or rewrites of one original and count as one source. Empty
	// means the document is a family of its own.
	Family string `json:"family,omitempty"`
	// Actors describes the event's actors (by id) as the document's record
	// lists them, for their type and country; may be nil.
	Actors map[string]Actor `json:"-"`
}

// Source is the independence key of a report: its family, or its document.
func (r Report) Source() string {
	if r.Family != "" {
		return "family:" + r.Family
	}
	return "doc:" + r.DocID
}

// Conflict flags of a PictureEvent: the field on which its reports disagree.
const (
	ConflictDate       = "date"
	ConflictPlace      = "place"
	ConflictType       = "type"
	ConflictFatalities = "fatalities"
	// ConflictVictims: one claimant counts only combatants among the dead,
	// another only civilians.
	ConflictVictims = "victims"
)

// FieldValue is one value a field takes in some reports of a picture event.
type FieldValue struct {
	Value string `json:"value"`
	// Docs are the documents reporting it, Refs their events' handles
	// (parallel to Docs).
	Docs []string `json:"docs"`
	Refs []int64  `json:"refs,omitempty"`
	// Sources counts the independent sources (rewrite families) among Docs.
	Sources int `json:"sources"`
}

// PictureEvent is one real-world incident as all its reports tell it. The
// fused fields take the best-supported value (finest precision, then most
// independent sources); the per-field value lists keep every version.
type PictureEvent struct {
	ID            int64     `json:"id"`
	EventType     string    `json:"event_type"`
	SubEventType  string    `json:"sub_event_type"`
	EventDate     *string   `json:"event_date"`
	TimePrecision *int      `json:"time_precision"`
	Actor1        *ActorRef `json:"actor1"`
	Actor2        *ActorRef `json:"actor2"`
	Country       string    `json:"country,omitempty"`
	CountryCode   string    `json:"country_code,omitempty"`
	Admin1        string    `json:"admin1,omitempty"`
	Admin2        string    `json:"admin2,omitempty"`
	Location      string    `json:"location,omitempty"`
	Latitude      *float64  `json:"latitude"`
	Longitude     *float64  `json:"longitude"`
	GeoPrecision  *int      `json:"geo_precision"`
	// Fatalities is the most conservative figure: the lowest positive
	// figure any report gives, 0 when none gives one, nil when deaths are
	// reported without a number.
	Fatalities *int `json:"fatalities"`

	// Every value each field takes across the reports. Dates read
	// "YYYY-MM-DD/p" with p the time precision ("none" when undated);
	// places "location, admin1, country code"; types "type / sub-type";
	// fatalities the report's figure ("null" when unnumbered).
	Dates          []FieldValue `json:"dates"`
	Places         []FieldValue `json:"places"`
	Types          []FieldValue `json:"types"`
	FatalityValues []FieldValue `json:"fatality_values"`
	// Conflicts lists the fields (Conflict* constants) on which reports
	// cannot all be right; empty when they agree.
	Conflicts []string `json:"conflicts"`

	Reports []Report `json:"reports"`
	// Sources is the number of independent sources: rewrite families count once.
	Sources int `json:"sources"`
}

// Contested reports whether any field of the event is in conflict.
func (e *PictureEvent) Contested() bool { return len(e.Conflicts) > 0 }

// Figure is one line of the claims ledger: a figure as one document gives it.
type Figure struct {
	Count     *int      `json:"count"`
	CountMax  *int      `json:"count_max,omitempty"`
	Qualifier string    `json:"qualifier"`
	Victims   string    `json:"victims"`
	Claimant  *ActorRef `json:"claimant"` // nil: the writer of the document
	DocID     string    `json:"doc"`
	Ref       int64     `json:"ref,omitempty"`
	Family    string    `json:"family,omitempty"`
	Published string    `json:"published,omitempty"`
	Text      string    `json:"text"`
	Start     int       `json:"start"`
	End       int       `json:"end"`
	// Low and High bound the true number the figure allows: "at least 23"
	// is [23, +Inf), "about 70" [56, 84]. LowOpen/HighOpen exclude the bound.
	Low      float64  `json:"low"`
	High     *float64 `json:"high"` // nil when unbounded
	LowOpen  bool     `json:"low_open,omitempty"`
	HighOpen bool     `json:"high_open,omitempty"`
}

// Quantity is what is counted in one picture event ("Pakistani forces
// killed"), with every figure given for it.
type Quantity struct {
	// ID is stable for a picture event and victim group: "<event>/<group>".
	ID    string `json:"id"`
	Event int64  `json:"event"`
	// Group is the normalised victim group: "forces:PK", "fighters:ttp",
	// "civilians", "people"…; prefixed "injured:" for the wounded.
	Group   string   `json:"group"`
	Label   string   `json:"label"`
	Figures []Figure `json:"figures"`
	// Sources counts independent sources among the figures' documents.
	Sources int `json:"sources"`
	// Claimants counts distinct claimants (the writer of each independent
	// source counting as one).
	Claimants int `json:"claimants"`
	// Disputed is set when different claimants give different figures,
	// whether or not both can hold (23 "at least" against 58).
	Disputed       bool            `json:"disputed"`
	Contradictions []Contradiction `json:"contradictions"`
}

// Contested reports whether the quantity's figures are disputed or contradict.
func (q *Quantity) Contested() bool { return q.Disputed || len(q.Contradictions) > 0 }

// Contradiction is two figures of one quantity, from different claimants,
// that cannot both hold: their intervals do not meet.
type Contradiction struct {
	Quantity string `json:"quantity"`
	A        Figure `json:"a"`
	B        Figure `json:"b"`
	Reason   string `json:"reason"`
}

// Episode is a stretch of a story: picture events linked by closeness in
// time and a shared actor or place.
type Episode struct {
	ID     int64   `json:"id"`
	Label  string  `json:"label"`
	Start  string  `json:"start"` // YYYY-MM-DD, first day covered
	End    string  `json:"end"`   // YYYY-MM-DD, last day covered
	Events []int64 `json:"events"`
}
