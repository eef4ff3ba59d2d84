package sitrep

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Errors a Store returns; match them with errors.Is.
var (
	// ErrNotFound is returned when a document (or other stored item) asked
	// for by id does not exist.
	ErrNotFound = errors.New("not found")
	// ErrBadQuery is returned when a search query or a filter cannot be
	// understood (FTS syntax errors, malformed dates); the wrapping error
	// says what was wrong.
	ErrBadQuery = errors.New("bad query")
)

// Store keeps documents, their extraction records and what can be queried
// across them: events, claims, actors and the full text. Implementations are
// safe for concurrent use; every write of one document is atomic.
type Store interface {
	// PutDocument stores doc with its record in one transaction. Documents
	// are identified by the hash of their whitespace-normalised text: when
	// the same text is already stored, nothing is written and the existing
	// document is returned with added false.
	PutDocument(ctx context.Context, doc Document, rec Record) (StoredDoc, bool, error)
	// PutDocuments stores a batch as PutDocument does, in one transaction:
	// all or nothing, one commit (bulk ingest). Results are in batch order.
	PutDocuments(ctx context.Context, batch []DocRecord) ([]PutResult, error)
	// ReplaceRecord swaps the record of a stored document (after a better
	// extraction) together with its events, claims and mentions.
	ReplaceRecord(ctx context.Context, id int64, rec Record) error
	// Document returns one document with its text and record, or ErrNotFound.
	Document(ctx context.Context, id int64) (StoredDoc, error)
	// Documents lists documents, newest publication first.
	Documents(ctx context.Context, f DocumentFilter) ([]StoredDoc, error)
	// Mentions returns the actor, place and time mentions of one document in
	// text order, for highlighting.
	Mentions(ctx context.Context, id int64) ([]StoredMention, error)
	// Events lists events, latest event date first (undated last).
	Events(ctx context.Context, f EventFilter) ([]StoredEvent, error)
	// Claims lists claims, latest publication first.
	Claims(ctx context.Context, f ClaimFilter) ([]StoredClaim, error)
	// Actors summarises every actor seen, most documents first.
	Actors(ctx context.Context) ([]ActorSummary, error)
	// Search finds documents by their title and text.
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)
	// Close releases the store.
	Close() error
}

// PictureStore is the part of a store the picture builder writes and reads
// back: which events are one incident, which documents are rewrites of one
// original, the fused picture events with their claims ledger, episodes,
// and the rewrite signatures. Ids are chosen by the caller; 0 clears.
//
// The builder works incrementally: each run takes the documents not yet in
// the picture (PendingDocuments), compares their signatures with the stored
// ones that share a key (SignatureCandidates), restores the picture events
// its new reports may join (PictureEventsBetween), and writes everything
// that changed in one transaction (ApplyPicture), so a run killed at any
// moment leaves the last consistent picture and the next run completes it.
type PictureStore interface {
	// SetEventClusters assigns stored events (by StoredEvent.RowID) to
	// picture events and flags the contested ones.
	SetEventClusters(ctx context.Context, a []EventCluster) error
	// SetFamilies assigns documents to rewrite families.
	SetFamilies(ctx context.Context, a []DocFamily) error
	// SetClaimsContested flags or unflags claims (by StoredClaim.RowID).
	SetClaimsContested(ctx context.Context, rowIDs []int64, contested bool) error

	// PendingDocuments lists, in id order, the stored documents that no
	// ApplyPicture has marked Done yet.
	PendingDocuments(ctx context.Context) ([]int64, error)
	// SignatureCandidates returns the documents sharing at least one key
	// with keys, by id, without their signatures (Sig is nil: most share
	// one common key and are no candidates; see Signatures). Each key
	// yields only its most recent documents (a key shared by thousands is
	// no evidence of a rewrite), and DocSignature.Keys holds only the keys
	// shared with the query.
	SignatureCandidates(ctx context.Context, keys []uint64) ([]DocSignature, error)
	// Signatures returns the stored signatures of the documents ids (those
	// without one are left out), by id.
	Signatures(ctx context.Context, ids []int64) ([]DocSignature, error)
	// PictureEventsBetween returns the stored picture events, with their
	// reports (evidence left out), whose filed days (PictureSpan) overlap
	// [from, to] (YYYY-MM-DD, inclusive), and the undated ones when
	// undated is set.
	PictureEventsBetween(ctx context.Context, from, to string, undated bool) ([]PictureEvent, error)
	// MaxPictureEventID is the largest picture event id stored, 0 when none.
	MaxPictureEventID(ctx context.Context) (int64, error)
	// Statistics lists the stored statistics counting unit of the actor
	// of (Tally.Of), from documents with ids up to maxDoc, by claim.
	Statistics(ctx context.Context, unit, of string, maxDoc int64) ([]Statistic, error)
	// ApplyPicture writes one update in one transaction: all or nothing.
	ApplyPicture(ctx context.Context, u PictureUpdate) error
}

// PictureReader reads the situation picture a store keeps: fused events,
// the claims ledger, episodes and rewrite families.
type PictureReader interface {
	// PictureEvents lists picture events by the filter, a page at a time.
	// Reports are listed without their evidence.
	PictureEvents(ctx context.Context, f PictureFilter) (PicturePage, error)
	// PictureEvent returns one picture event with every report and its
	// evidence, or ErrNotFound.
	PictureEvent(ctx context.Context, id int64) (PictureEvent, error)
	// Quantities lists the claims ledger: every quantity with its figures.
	Quantities(ctx context.Context, f QuantityFilter) ([]Quantity, error)
	// Episodes lists the story episodes, latest first.
	Episodes(ctx context.Context) ([]Episode, error)
	// Families lists the rewrite families of two or more documents.
	Families(ctx context.Context) ([]Family, error)
}

// DocSignature is a document's rewrite signature as the dedup stage
// encodes it, with the keys (LSH bands, evidence keys) under which it is
// found again.
type DocSignature struct {
	DocID int64
	Sig   []byte
	Keys  []uint64
	// Family is the document's rewrite family as stored (0: none), when
	// read back by SignatureCandidates; not written.
	Family int64
}

// PictureSpan is where a picture event is filed for later fusion: the
// first and last day (YYYY-MM-DD) its members may be matched on; both
// empty when it has no dated or published member.
type PictureSpan struct {
	From, To string
}

// PictureUpdate is what one builder run changed.
type PictureUpdate struct {
	// Events are the picture events created or changed, whole (reports
	// without evidence), each with the span it is filed under (parallel).
	// An event with no reports left is removed with its ledger lines.
	Events []PictureEvent
	Spans  []PictureSpan
	// Quantities replace the stored ledger lines of the picture events in
	// Events (an event in Events with none here has none left).
	Quantities []Quantity
	Clusters   []EventCluster
	Families   []DocFamily
	Signatures []DocSignature
	// ClaimsOn and ClaimsOff flag and unflag claims as contested.
	ClaimsOn, ClaimsOff []int64
	// Statistics replace the stored quantities of the statistics named by
	// StatisticKeys ("<unit>:<actor>", as StatisticKey gives; "*" names
	// them all). They are quantities of no picture event (Event 0).
	Statistics    []Quantity
	StatisticKeys []string
	// Episodes, when not nil, replace every stored episode.
	Episodes []Episode
	// Done marks documents as part of the picture (no longer pending).
	Done []int64
}

// A Statistic is a count a stored document gives for a period ("over 600
// attacks in the past year"): a tally of one of its claims with an actor
// (Tally.Of) and a period (Tally.From, To). A store files statistics by
// unit and actor so that those of many documents can be compared.
type Statistic struct {
	Claim     int64 // row id of the claim stating it
	DocID     int64
	Family    int64  // the document's rewrite family, 0 when none
	Published string // as in StoredEvent
	Claimant  *ActorRef
	Tally     Tally
}

// IsStatistic reports whether a tally is filed as a statistic: it says
// whose things it counts and over which period.
func IsStatistic(t Tally) bool {
	return t.From != "" && t.To != "" && t.Of != nil && t.Of.ID != ""
}

// StatisticKey is the key statistics are filed and replaced under.
func StatisticKey(unit, of string) string { return unit + ":" + of }

// PictureFilter selects picture events. Zero fields do not filter; set
// fields must all hold.
type PictureFilter struct {
	// From and To bound the fused event date, inclusive (YYYY-MM-DD);
	// undated events are left out when either is set.
	From, To string
	Actor    string // actor id, as actor 1, actor 2 or associate of any report
	Place    string // place id or name, as in EventFilter
	Type     string // event type or sub-event type
	// BBox keeps events located inside the box.
	BBox      *BBox
	Contested bool
	Episode   int64
	// Sort is "date" (latest first, the default), "-date" (earliest
	// first), "fatalities" or "sources" (most first).
	Sort string
	// Limit caps the page (0: 50); Cursor continues after the page whose
	// PicturePage.Next it is. A bad cursor or sort yields ErrBadQuery.
	Limit  int
	Cursor string
}

// BBox is a rectangle of longitude and latitude in degrees.
type BBox struct {
	West, South, East, North float64
}

// PicturePage is one page of picture events; Next is empty on the last.
type PicturePage struct {
	Events []PictureEvent
	Next   string
	Total  int // events matching the filter, all pages
}

// QuantityFilter selects ledger lines. Zero fields do not filter.
type QuantityFilter struct {
	Event     int64 // picture event id
	Contested bool  // only disputed or contradicted quantities
	Page
}

// Family is a rewrite family: documents that are copies or rewrites of
// one original and count as one source.
type Family struct {
	ID   int64
	Docs []int64
}

// DocRecord is a document with its extraction record, as a batch holds them.
type DocRecord struct {
	Doc    Document
	Record Record
}

// PutResult says what became of one document of a batch: the stored
// document, and whether it was added (false: the same text was there).
type PutResult struct {
	Doc   StoredDoc
	Added bool
}

// StoredDoc is a document as kept in a store.
type StoredDoc struct {
	ID   int64  // store id, assigned at first PutDocument
	Hash string // hex SHA-256 of the whitespace-normalised text
	// Doc is the document; Doc.Text is empty in listings unless asked for.
	Doc Document
	// Record is the extraction record (its Text left empty: see Doc.Text);
	// nil in listings unless asked for.
	Record     *Record
	Family     int64 // rewrite family, 0 when none assigned
	IngestedAt time.Time
}

// StoredMention is one recognised span of a stored document.
type StoredMention struct {
	Kind  string // "actor", "place" or "time"
	Ref   string // actor id, place id or TIMEX3 value
	Name  string // actor or place name, or the time type
	Start int    // code-point offsets, as in the record
	End   int
	Text  string
}

// StoredEvent is one event of one document.
type StoredEvent struct {
	RowID int64 // store id of this event row
	DocID int64
	// Published is the document's publication date as the record gives it
	// (YYYY-MM-DD, YYYY-MM or YYYY), empty when unknown.
	Published string
	// PlaceID is the record place the event's location was read from, when
	// one matches.
	PlaceID   string
	Event     Event
	Cluster   int64 // picture event, 0 when none assigned
	Contested bool
}

// StoredClaim is one claim of one document.
type StoredClaim struct {
	RowID     int64
	DocID     int64
	Published string // as in StoredEvent
	Claim     Claim
	Contested bool
}

// ActorSummary counts what is stored about one actor.
type ActorSummary struct {
	ID        string
	Name      string
	Type      ActorType
	Country   string
	Documents int // documents mentioning the actor
	Mentions  int
	Events    int // events with the actor as actor 1, actor 2 or associate
}

// Page bounds a listing. Limit 0 means no limit. AfterID returns only rows
// whose id is greater, so a consumer can read what was added since it last
// looked (the order of results is not changed by it).
type Page struct {
	Limit   int
	Offset  int
	AfterID int64
}

// DocumentFilter selects documents. Zero fields do not filter.
type DocumentFilter struct {
	// From and To bound the publication day, inclusive (YYYY-MM-DD).
	From, To string
	Outlet   string
	Actor    string // actor id mentioned in the document
	Family   int64
	// Full adds each document's text and record.
	Full bool
	Page
}

// EventFilter selects events. Zero fields do not filter; set fields must
// all hold.
type EventFilter struct {
	// From and To bound the event date, inclusive (YYYY-MM-DD); undated
	// events are left out when either is set.
	From, To string
	// Actor is an actor id, as actor 1, actor 2 or associate.
	Actor string
	// Place is a place id ("geonames:…", "x-…") or a name matched, without
	// regard to case, against the location, district, province and country.
	Place string
	// Type is an event type or a sub-event type (exact ACLED name, any case).
	Type      string
	DocID     int64
	Cluster   int64
	Contested bool // only events flagged contested
	Page
}

// ClaimFilter selects claims. Zero fields do not filter.
type ClaimFilter struct {
	// From and To bound the publication day of the claim's document.
	From, To string
	Kind     string
	Claimant string // actor id
	About    string // actor id
	Actor    string // actor id as claimant or about
	DocID    int64
	// Contested keeps only claims flagged contested.
	Contested bool
	Page
}

// SearchQuery is a full-text search.
type SearchQuery struct {
	// Text is what the user typed. Unless Syntax is set, every term is
	// matched literally (all terms must occur; a trailing * keeps a prefix
	// search), so no input can be a syntax error.
	Text string
	// Syntax passes Text through as an FTS5 query (AND, OR, NOT, "phrases",
	// NEAR, prefix*, column filters); bad syntax yields ErrBadQuery.
	Syntax bool
	Limit  int // 0 means 20
	// Open and Close mark matched terms in snippets; "**" when empty.
	Open, Close string
}

// UsesSearchSyntax reports whether what a user typed uses full-text
// operators (AND, OR, NOT, quotes, parentheses, NEAR, column filters), so
// that plain words can be searched literally and never be a syntax error.
func UsesSearchSyntax(q string) bool {
	if strings.ContainsAny(q, "\"()") {
		return true
	}
	for _, f := range strings.Fields(q) {
		switch f {
		case "AND", "OR", "NOT":
			return true
		}
		if strings.HasPrefix(f, "NEAR(") || strings.Contains(f, ":") {
			return true
		}
	}
	return false
}

// SearchHit is one document found by a search.
type SearchHit struct {
	Doc     StoredDoc // without text and record
	Snippet string    // the best matching passage, terms marked
	Score   float64   // lower is better (BM25 as FTS5 reports it)
}

// EventCluster puts a stored event into a picture event.
type EventCluster struct {
	RowID     int64
	Cluster   int64
	Contested bool
}

// DocFamily puts a stored document into a rewrite family.
type DocFamily struct {
	DocID  int64
	Family int64
}
