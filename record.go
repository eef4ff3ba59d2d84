package sitrep

// ContractVersion is the version of the extraction contract that Record follows.
const ContractVersion = 1

// Record is one document's extraction, exactly as `sitrep extract` writes it
// (shared/design/CONTRACT.md). Offsets are code-point indices.
type Record struct {
	Contract        int           `json:"contract"`
	ID              string        `json:"id"`
	Title           string        `json:"title,omitempty"`
	Outlet          string        `json:"outlet,omitempty"`
	URL             string        `json:"url,omitempty"`
	Published       *string       `json:"published"`
	PublishedSource string        `json:"published_source"`
	Text            string        `json:"text,omitempty"`
	Actors          []RecordActor `json:"actors"`
	Places          []RecordPlace `json:"places"`
	Times           []RecordTime  `json:"times"`
	Events          []Event       `json:"events"`
	Claims          []Claim       `json:"claims"`
	Warnings        []string      `json:"warnings"`
}

// Mention is a span of the text with the text it covers, in code points.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// RecordActor is an actor found in a document with all its mentions.
type RecordActor struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Type     ActorType `json:"type"`
	Country  string    `json:"country,omitempty"`
	Mentions []Mention `json:"mentions"`
}

// RecordPlace is a place found in a document with all its mentions.
type RecordPlace struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Kind        string    `json:"kind"`
	CountryCode string    `json:"country_code,omitempty"`
	Admin1      string    `json:"admin1,omitempty"`
	Admin2      string    `json:"admin2,omitempty"`
	Lat         *float64  `json:"lat"`
	Lon         *float64  `json:"lon"`
	Mentions    []Mention `json:"mentions"`
}

// RecordTime is a normalised time expression.
type RecordTime struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

// ActorRef names an actor inside an event or claim.
type ActorRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// FatalityClaim is one reported figure of dead, with who reports it.
type FatalityClaim struct {
	Count     *int      `json:"count"`
	CountMax  *int      `json:"count_max,omitempty"`
	Qualifier string    `json:"qualifier"`
	Victims   string    `json:"victims"`
	Claimant  *ActorRef `json:"claimant"`
	Injured   bool      `json:"injured,omitempty"`
	Mention
}

// Event is a reported event coded in ACLED's taxonomy.
type Event struct {
	ID             string          `json:"id"`
	EventType      string          `json:"event_type"`
	SubEventType   string          `json:"sub_event_type"`
	EventDate      *string         `json:"event_date"`
	TimePrecision  *int            `json:"time_precision"`
	DateText       string          `json:"date_text,omitempty"`
	Actor1         *ActorRef       `json:"actor1"`
	Actor2         *ActorRef       `json:"actor2"`
	AssocActor1    []ActorRef      `json:"assoc_actor_1"`
	AssocActor2    []ActorRef      `json:"assoc_actor_2"`
	Country        string          `json:"country,omitempty"`
	CountryCode    string          `json:"country_code,omitempty"`
	Admin1         string          `json:"admin1,omitempty"`
	Admin2         string          `json:"admin2,omitempty"`
	Location       string          `json:"location,omitempty"`
	Latitude       *float64        `json:"latitude"`
	Longitude      *float64        `json:"longitude"`
	GeoPrecision   *int            `json:"geo_precision"`
	Fatalities     *int            `json:"fatalities"`
	FatalityClaims []FatalityClaim `json:"fatality_claims"`
	// Tallies are the counts of other things the event's sentences give
	// (posts taken, strikes flown), each with its claimant: an addition
	// to the contract, as Claim.Tallies.
	Tallies    []Tally   `json:"tallies,omitempty"`
	Evidence   []Mention `json:"evidence"`
	Confidence float64   `json:"confidence"`
}

// Claim kinds of the output contract.
const (
	ClaimCasualty   = "casualty"
	ClaimAccusation = "accusation"
	ClaimDenial     = "denial"
	ClaimThreat     = "threat"
	ClaimDemand     = "demand"
	ClaimAssessment = "assessment"
)

// Claim is a statement attributed to a claimant (nil: the writer).
type Claim struct {
	Kind     string    `json:"kind"`
	Claimant *ActorRef `json:"claimant"`
	About    *ActorRef `json:"about"`
	Mention
	// Tallies are the counts of things other than the dead and injured the
	// statement gives ("took 21 posts", "over 600 attacks in a year"): an
	// addition to the contract, so that such figures can be compared
	// across sources as casualty figures are.
	Tallies []Tally `json:"tallies,omitempty"`
}

// Tally is one count of a countable thing: posts, attacks, strikes,
// displaced people. Qualifier and the vague-amount convention are those of
// FatalityClaim.
type Tally struct {
	Count     *int   `json:"count"`
	CountMax  *int   `json:"count_max,omitempty"`
	Qualifier string `json:"qualifier"`
	// Unit is the class of what is counted ("posts" for positions, posts
	// and checkpoints; "attacks" for attacks, raids and incidents).
	Unit string `json:"unit"`
	// Claimant is who gives the figure, in an event's list (nil: the
	// writer); in a claim's list it is left out (the claim's claimant).
	Claimant *ActorRef `json:"claimant,omitempty"`
	// Of is whose counted things they are, when the sentence says: the
	// actor carrying out counted attacks or strikes ("TTP attacks", "300
	// raids by the RSF"), the owner of counted posts or vehicles ("25
	// Pakistani posts": that country's forces). Nil when not said.
	Of *ActorRef `json:"of,omitempty"`
	// From and To bound, inclusive, the period a statistic covers when its
	// sentence gives one ("in the past year", "in 2023", "since January"),
	// as YYYY-MM-DD; empty when it gives none. A tally with a period is a
	// statistic, compared across documents by period (fuse.Statistics).
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	Mention
}
