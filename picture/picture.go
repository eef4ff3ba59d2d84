// Package picture builds and updates the situation picture in a store:
// it extracts and stores documents, then takes them into the picture incrementally.
//
// An Ingest run has two stages. Documents are extracted by a small worker
// pool and written by one writer in batches (PutDocuments: one transaction
// per batch, idempotent by content hash). Then Update takes the stored
// documents not yet in the picture (PendingDocuments), in id order and in
// chunks: each document is signed (dedup) and compared with the stored
// signatures sharing an LSH band or evidence keys with it, which gives its
// rewrite family (anchored at the family's founder: dedup.JoinsFamily); its
// events are fused with the stored picture events they may join, restored
// from the store by date (fuse.Window) into one Fuser kept for the whole
// run, so that a chunk restores only the days the last one did not (past
// a bound, the Fuser forgets the weeks behind the chunk); the claims
// ledger, contested flags of events and claims are recomputed for the
// picture events that changed, and everything is written in one
// transaction per chunk (ApplyPicture), which also marks the chunk's
// documents done. Episodes are recomputed at the end of a run.
//
// Crash safety comes from those transactions: a batch of documents is
// stored whole or not at all, and so is each chunk of the picture; a run
// killed at any moment leaves a consistent store, and the next run finds
// the documents still pending and completes the work (documents already
// stored are recognised by their hash and add nothing). Because each
// document is compared and fused only with what was taken in before it,
// and a Fuser restored with the events filed in a report's window decides
// as the whole picture would, the picture does not depend on how the
// documents were split into runs or chunks.
//
// Copies: an event that an earlier member of its rewrite family reports the
// same way (type, date, place, cast, figures) joins that member's picture
// event directly (fuse.Fuser); the ledger lists its figures but counts a
// figure repeated by one claimant once, so copies add no contradictions.
//
// Statistics (counts over a period, fuse.Statistics) are recomputed per
// chunk for the units and actors its documents count.
//
// Cost: a run costs its new documents (reading, signing, comparing with a
// bounded number of candidates, fusing with the events of their weeks) and
// one scan of the picture events for the episodes. Rebuild recomputes
// everything from the stored documents, for rule changes.
package picture

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/extract"
)

// Store is what the builder needs of a store: the documents and the picture.
type Store interface {
	sitrep.Store
	sitrep.PictureStore
}

// Builder ingests documents into a store and keeps its picture up to date.
// One Builder runs one Ingest at a time.
type Builder struct {
	store Store
	x     *extract.Extractor
	// Workers is the number of extraction goroutines (default: the number
	// of CPUs, at most 4).
	Workers int
	// BatchSize is the number of documents per write transaction
	// (default 64).
	BatchSize int
	// Chunk is the number of pending documents taken into the picture per
	// transaction (default DefaultChunk): memory holds one chunk with the
	// picture events it meets.
	Chunk int
	// Hash, when set, is the store's content hash (StoredDoc.Hash) of a
	// text: documents whose hash is stored already are then not extracted
	// again. When nil, every document is extracted and the store tells
	// the known ones.
	Hash func(text string) string
	// OnStage, when set, is called as the picture stage begins, with
	// "fusion" (families and fusion now go document by document).
	OnStage func(stage string)
}

func (b *Builder) stage(s string) {
	if b.OnStage != nil {
		b.OnStage(s)
	}
}

// New returns a builder writing into store and extracting with x.
func New(store Store, x *extract.Extractor) *Builder {
	return &Builder{store: store, x: x}
}

// Stats says what an Ingest run did.
type Stats struct {
	Read    int // documents received
	Added   int // documents stored for the first time
	Present int // documents whose text was stored already
	// Documents is the number of documents in the store at the end.
	Documents int
	// The counts below are over the whole picture at the end of the run
	// (zero when the store cannot read the picture back).
	// Families counts rewrite families (two documents or more) and
	// InFamilies the documents they hold.
	Families   int
	InFamilies int
	// PictureEvents is the number of picture events, Contested those whose
	// reports conflict or whose figures are disputed.
	PictureEvents int
	Contested     int
	// Disputed counts the quantities of the claims ledger whose claimants
	// give different figures, Contradictions the pairs of figures that
	// cannot both hold, and ContestedClaims the stored claims stating the
	// figures of disputed quantities.
	Disputed        int
	Contradictions  int
	ContestedClaims int
	// Time spent in each stage: extraction and storing; signing,
	// comparing and restoring (families); fusion, ledger and writing.
	ExtractTime, FamilyTime, FuseTime time.Duration
	// EpisodeTime is the part of FuseTime spent recomputing the episodes
	// (one scan of the picture events per run).
	EpisodeTime time.Duration
}

// Durations formats the time spent per stage.
func (s Stats) Durations() string {
	return fmt.Sprintf("extract+store %s, families %s, fusion %s",
		s.ExtractTime.Round(time.Millisecond), s.FamilyTime.Round(time.Millisecond), s.FuseTime.Round(time.Millisecond))
}

// Ingest extracts and stores every document received from docs until it is
// closed, then takes the pending documents into the picture (Update). progress,
// when not nil, is called from the writer after each batch with the number
// of documents done and added so far. A cancelled context stops the run
// after the batch being written; what was committed stays. After an error
// Ingest reads no more from docs: the sender must stop on its own (by the
// same context, for instance).
func (b *Builder) Ingest(ctx context.Context, docs <-chan sitrep.Document, progress func(done, added int)) (Stats, error) {
	var st Stats
	t0 := time.Now()
	if err := b.storeDocs(ctx, docs, progress, &st); err != nil {
		return st, err
	}
	st.ExtractTime = time.Since(t0)
	b.stage("fusion")
	if err := b.Update(ctx, &st); err != nil {
		return st, err
	}
	return st, nil
}

// IngestSlice is Ingest over a slice.
func (b *Builder) IngestSlice(ctx context.Context, docs []sitrep.Document, progress func(done, added int)) (Stats, error) {
	ch := make(chan sitrep.Document)
	go func() {
		defer close(ch)
		for _, d := range docs {
			select {
			case ch <- d:
			case <-ctx.Done():
				return
			}
		}
	}()
	return b.Ingest(ctx, ch, progress)
}

type extracted struct {
	seq   int
	dr    sitrep.DocRecord
	known bool // the text is stored already: not extracted, not written
}

// storeDocs runs the extraction pool and the single writer.
func (b *Builder) storeDocs(ctx context.Context, docs <-chan sitrep.Document, progress func(done, added int), st *Stats) error {
	workers := b.Workers
	if workers <= 0 {
		workers = min(runtime.GOMAXPROCS(0), 4)
	}
	batchSize := b.BatchSize
	if batchSize <= 0 {
		batchSize = 64
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	known, err := b.knownHashes(ctx)
	if err != nil {
		return err
	}

	// Sequence numbers keep the store's order that of the input, whatever
	// worker finishes first: ids then follow the input.
	seqd := make(chan extracted, workers*2)
	go func() {
		defer close(seqd)
		n := 0
		for {
			select {
			case d, ok := <-docs:
				if !ok {
					return
				}
				select {
				case seqd <- extracted{seq: n, dr: sitrep.DocRecord{Doc: d}}:
					n++
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	out := make(chan extracted, workers*2)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range seqd {
				if known != nil && known[b.Hash(e.dr.Doc.Text)] {
					e.known = true
				} else {
					e.dr.Record = b.x.Extract(e.dr.Doc)
				}
				select {
				case out <- e:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()

	pending := map[int]extracted{}
	next := 0
	batch := make([]sitrep.DocRecord, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := b.store.PutDocuments(ctx, batch)
		if err != nil {
			return err
		}
		for _, r := range res {
			if r.Added {
				st.Added++
			} else {
				st.Present++
			}
		}
		st.Read += len(batch)
		batch = batch[:0]
		if progress != nil {
			progress(st.Read, st.Added)
		}
		return nil
	}
	var werr error
	for e := range out {
		if werr != nil {
			continue // drain so the workers end
		}
		pending[e.seq] = e
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if p.known {
				st.Read++
				st.Present++
				if progress != nil && st.Read%batchSize == 0 {
					progress(st.Read, st.Added)
				}
				continue
			}
			batch = append(batch, p.dr)
			if len(batch) >= batchSize {
				if werr = flush(); werr != nil {
					cancel()
					break
				}
			}
		}
	}
	if werr != nil {
		return werr
	}
	if err := flush(); err != nil {
		return err
	}
	// A cancelled caller must not be told everything went in.
	return context.Cause(ctx)
}

// knownHashes lists the hashes of the stored texts, so that a document
// stored already is not extracted again (nil when b.Hash is not set).
func (b *Builder) knownHashes(ctx context.Context) (map[string]bool, error) {
	if b.Hash == nil {
		return nil, nil
	}
	list, err := b.store.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(list))
	for _, d := range list {
		known[d.Hash] = true
	}
	return known, nil
}
