package sitrep

import "context"

// PictureStats reads what pages summarising the whole store need, computed
// by the store itself (counts, groupings, look-ups by id), so that their
// cost does not grow with the number of documents the way reading whole
// listings does.
type PictureStats interface {
	// Counts returns how many documents, picture events, contested
	// events, disputed quantities, rewrite families and episodes are
	// stored.
	Counts(ctx context.Context) (Counts, error)
	// EventPairs counts the picture events by fused actor 1 and actor 2
	// (events lacking either are left out), between the top actors only:
	// those in most such events, on either side.
	EventPairs(ctx context.Context, top int) ([]ActorPair, error)
	// ClaimPairs counts the claims of one kind (an accusation, say) by
	// claimant and the actor they are about (claims lacking either are
	// left out), between the top actors only, as EventPairs.
	ClaimPairs(ctx context.Context, kind string, top int) ([]ActorPair, error)
	// DocumentsByID returns the documents of ids (without text and
	// record, as in listings), in the order of ids; unknown ids and
	// repeats are left out.
	DocumentsByID(ctx context.Context, ids []int64) ([]StoredDoc, error)
	// EventQuantities returns the ledger lines of the given picture
	// events, in the order of Quantities.
	EventQuantities(ctx context.Context, events []int64) ([]Quantity, error)
	// EventEpisodes returns the episodes holding any of the given picture
	// events, in the order of Episodes.
	EventEpisodes(ctx context.Context, events []int64) ([]Episode, error)
	// PictureSummaries lists picture events as PictureEvents does (same
	// filter, order, paging and total) with only their fused fields: ID,
	// types, date and time precision, actors, place (location, admin2,
	// admin1, country and its code), coordinates, fatalities and sources;
	// no reports, per-field values or conflicts. It is for listing
	// thousands at once (a map, a timeline).
	PictureSummaries(ctx context.Context, f PictureFilter) (PicturePage, error)
}

// Counts sizes a store and its picture.
type Counts struct {
	Documents int
	Events    int // picture events
	Contested int // picture events whose reports conflict
	Disputed  int // ledger quantities disputed or contradicted
	Families  int // rewrite families of two or more documents
	Episodes  int
}

// ActorPair is how many events or claims relate two actors, in order:
// actor 1 against actor 2, or claimant about the actor concerned.
type ActorPair struct {
	A, B  ActorRef
	Count int
}
