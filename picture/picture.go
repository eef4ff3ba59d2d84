// Package picture builds and updates the situation picture in a store:
// it extracts and stores documents, then finds rewrite families and fuses events.
//
// An Ingest run has three stages. Documents are extracted by a small worker
// pool and written by one writer in batches (PutDocuments: one transaction
// per batch, idempotent by content hash). Then the rewrite families are
// recomputed over every stored document, and finally the picture: every
// stored event is fused again into picture events, and contested events and
// the claims behind disputed figures are flagged. Only rows whose
// family, cluster or flag changed are written.
//
// Crash safety comes from the store's transactions: a batch is stored whole
// or not at all, and since families and clusters are recomputed from what is
// stored, a rerun after a kill completes the work (the documents already
// stored are recognised by their hash and add nothing).
//
// Copies: an event that an earlier member of its rewrite family reports the
// same way (type, date, place, cast, figure) joins that member's picture
// event directly and stays out of the claims ledger, whose contradictions
// would otherwise grow with the square of the copies; the copy's claims
// behind a disputed figure are flagged all the same.
//
// Cost: the families and the picture are rebuilt from the whole store at
// every run (the store keeps no dedup signatures): every stored text is
// read and signed again (about the cost of tokenising it) and every stored
// event is fused again. Both grow linearly with the store: on two cores,
// about 0.4 ms per stored document for the families and 0.2 ms for fusion
// (Stats has the time per stage). Persisting signatures in the store would
// make a run cost only its new documents.
package picture

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/dedup"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/fuse"
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
	// Hash, when set, is the store's content hash (StoredDoc.Hash) of a
	// text: documents whose hash is stored already are then not extracted
	// again. When nil, every document is extracted and the store tells
	// the known ones.
	Hash func(text string) string
	// OnStage, when set, is called as each stage after storing begins:
	// "families", then "fusion".
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
	// Time spent in each stage.
	ExtractTime, FamilyTime, FuseTime time.Duration
}

// Durations formats the time spent per stage.
func (s Stats) Durations() string {
	return fmt.Sprintf("extract+store %s, families %s, fusion %s",
		s.ExtractTime.Round(time.Millisecond), s.FamilyTime.Round(time.Millisecond), s.FuseTime.Round(time.Millisecond))
}

// Ingest extracts and stores every document received from docs until it is
// closed, then recomputes the rewrite families and the picture. progress,
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

// docInfo is what the picture needs of each stored document.
type docInfo struct {
	id     int64
	family int64 // as stored
	outlet string
	sig    dedup.Signature
	actors map[string]sitrep.Actor
}

// Update recomputes the rewrite families and the picture from everything
// stored, writing only what changed. Ingest calls it; call it alone to
// repair a store whose last run was interrupted.
func (b *Builder) Update(ctx context.Context, st *Stats) error {
	if st == nil {
		st = &Stats{}
	}
	t0 := time.Now()
	b.stage("families")
	infos, err := b.loadDocs(ctx)
	if err != nil {
		return err
	}
	st.Documents = len(infos)
	families, err := b.families(ctx, infos, st)
	if err != nil {
		return err
	}
	st.FamilyTime = time.Since(t0)
	t1 := time.Now()
	b.stage("fusion")
	if err := b.fuse(ctx, infos, families, st); err != nil {
		return err
	}
	st.FuseTime = time.Since(t1)
	return nil
}

// loadDocs lists every stored document, then reads and signs their texts
// one by one on a few goroutines (a lookup by id costs the same at any
// store size, where paging by offset would grow with it). The result is in
// id order.
func (b *Builder) loadDocs(ctx context.Context) ([]*docInfo, error) {
	list, err := b.store.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		return nil, err
	}
	actors, err := b.store.Actors(ctx)
	if err != nil {
		return nil, err
	}
	// One actor table for every report: an actor id has one type and
	// country whichever document names it.
	table := make(map[string]sitrep.Actor, len(actors))
	for _, a := range actors {
		table[a.ID] = sitrep.Actor{ID: a.ID, Name: a.Name, Type: a.Type, Country: a.Country}
	}
	infos := make([]*docInfo, len(list))
	for i, sd := range list {
		infos[i] = &docInfo{id: sd.ID, family: sd.Family, outlet: sd.Doc.Outlet, actors: table}
	}
	slices.SortFunc(infos, func(a, b *docInfo) int { return cmpInt(a.id, b.id) })

	workers := min(runtime.GOMAXPROCS(0), 4)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(infos); i += workers {
				sd, err := b.store.Document(ctx, infos[i].id)
				if err != nil {
					errs[w] = fmt.Errorf("picture: document %d: %w", infos[i].id, err)
					cancel()
					return
				}
				infos[i].sig = dedup.Sign(sd.Doc)
				if infos[i].outlet == "" && sd.Record != nil {
					infos[i].outlet = sd.Record.Outlet
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return infos, nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// families finds the rewrite families and stores those that changed. A
// family's id is the smallest document id in it, so it stays put as the
// family grows by newer documents; a document alone has family 0. The
// result maps document id to family id.
func (b *Builder) families(ctx context.Context, infos []*docInfo, st *Stats) (map[int64]int64, error) {
	idx := dedup.NewIndex()
	for _, di := range infos {
		idx.Add(strconv.FormatInt(di.id, 10), di.sig)
	}
	fam := map[int64]int64{}
	for _, f := range idx.Families() {
		ids := make([]int64, 0, len(f))
		for _, s := range f {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("picture: bad document id %q", s)
			}
			ids = append(ids, id)
		}
		first := slices.Min(ids)
		for _, id := range ids {
			fam[id] = first
		}
		st.Families++
		st.InFamilies += len(ids)
	}
	var changed []sitrep.DocFamily
	for _, di := range infos {
		if f := fam[di.id]; f != di.family {
			changed = append(changed, sitrep.DocFamily{DocID: di.id, Family: f})
			di.family = f
		}
	}
	if err := b.store.SetFamilies(ctx, changed); err != nil {
		return nil, fmt.Errorf("picture: families: %w", err)
	}
	return fam, nil
}

// fuse rebuilds the picture from every stored event, in document order,
// and stores the clusters and flags that changed.
func (b *Builder) fuse(ctx context.Context, infos []*docInfo, fam map[int64]int64, st *Stats) error {
	// Events are read document by document, in id order, by a goroutine
	// ahead of the fusion: memory holds the picture, not every stored
	// event with its evidence.
	type docEvents struct {
		di  *docInfo
		evs []sitrep.StoredEvent
		err error
	}
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	feed := make(chan docEvents, 64)
	go func() {
		defer close(feed)
		for _, di := range infos {
			evs, err := b.store.Events(fctx, sitrep.EventFilter{DocID: di.id})
			select {
			case feed <- docEvents{di, evs, err}:
			case <-fctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	type flags struct {
		cluster   int64
		contested bool
	}
	stored := map[int64]flags{} // by event row id, as stored
	f := fuse.New()
	// An event told the same way by an earlier member of its rewrite
	// family is that member's event: it joins its picture event directly.
	// Fusion alone would keep apart copies of an event whose date is weak
	// and whose cast is thin (an undated "agreement in Doha"), one picture
	// event per copy.
	type twinRef struct{ doc, row int64 }
	firstOf := map[string]twinRef{}
	twins := map[int64][]sitrep.Report{} // by the first report's row id
	for de := range feed {
		if de.err != nil {
			return fmt.Errorf("picture: events of document %d: %w", de.di.id, de.err)
		}
		di, events := de.di, de.evs
		if len(events) == 0 {
			continue
		}
		// Within a document, the store's order (latest event first) is
		// not the text's; the row id is.
		slices.SortFunc(events, func(a, b sitrep.StoredEvent) int { return cmpInt(a.RowID, b.RowID) })
		family := ""
		if fm := fam[di.id]; fm != 0 {
			family = strconv.FormatInt(fm, 10)
		}
		reports := make([]sitrep.Report, 0, len(events))
		for _, e := range events {
			stored[e.RowID] = flags{e.Cluster, e.Contested}
			// Fusion and the ledger never read the evidence sentences.
			e.Event.Evidence = nil
			r := sitrep.Report{
				DocID: strconv.FormatInt(e.DocID, 10), Ref: e.RowID, Event: e.Event,
				Published: e.Published, Outlet: di.outlet, Family: family, Actors: di.actors,
			}
			if family != "" {
				k := twinKey(family, &e.Event)
				if first, ok := firstOf[k]; ok && first.doc != e.DocID {
					twins[first.row] = append(twins[first.row], r)
					continue
				}
				firstOf[k] = twinRef{doc: e.DocID, row: e.RowID}
			}
			reports = append(reports, r)
		}
		f.Add(reports...)
	}
	pes := f.Events()
	st.PictureEvents = len(pes)

	// Disputed figures: their events are contested, and so are the
	// stored claims that state them (same document, overlapping span).
	contested := map[int64]bool{} // picture event id
	figs := map[string][][2]int{} // document → figure spans
	for _, q := range fuse.Ledger(pes) {
		// A disputed figure (claimants disagree, even where both could
		// hold: "at least 23" against 58) is contested as much as a
		// contradiction: the reader must see both sides.
		if !q.Contested() {
			continue
		}
		contested[q.Event] = true
		st.Disputed++
		st.Contradictions += len(q.Contradictions)
		for _, fg := range q.Figures {
			figs[fg.DocID] = append(figs[fg.DocID], [2]int{fg.Start, fg.End})
			// The twins of the figure's event state it too. (They stay
			// out of the ledger: a story copied by a hundred outlets
			// would make its contradictions a hundred times a hundred.)
			for _, tw := range twins[fg.Ref] {
				for _, fc := range tw.Event.FatalityClaims {
					if sameFigure(fg, fc) {
						figs[tw.DocID] = append(figs[tw.DocID], [2]int{fc.Start, fc.End})
					}
				}
			}
		}
	}
	cluster := map[int64]sitrep.EventCluster{} // by row id
	for i := range pes {
		pe := &pes[i]
		c := pe.Contested() || contested[pe.ID]
		if c {
			st.Contested++
		}
		for _, r := range pe.Reports {
			cluster[r.Ref] = sitrep.EventCluster{RowID: r.Ref, Cluster: pe.ID, Contested: c}
			for _, tw := range twins[r.Ref] {
				cluster[tw.Ref] = sitrep.EventCluster{RowID: tw.Ref, Cluster: pe.ID, Contested: c}
			}
		}
	}
	var changed []sitrep.EventCluster
	for row, old := range stored {
		want := cluster[row]
		want.RowID = row
		if want.Cluster != old.cluster || want.Contested != old.contested {
			changed = append(changed, want)
		}
	}
	slices.SortFunc(changed, func(a, b sitrep.EventCluster) int { return cmpInt(a.RowID, b.RowID) })
	if err := b.store.SetEventClusters(ctx, changed); err != nil {
		return fmt.Errorf("picture: event clusters: %w", err)
	}
	return b.flagClaims(ctx, figs, st)
}

// flagClaims marks the stored claims whose span overlaps a disputed
// figure of the same document, and unmarks those no longer behind one.
// Only the documents of disputed figures and the claims flagged already
// are read.
func (b *Builder) flagClaims(ctx context.Context, figs map[string][][2]int, st *Stats) error {
	want := map[int64]bool{}
	var on, off []int64
	docs := make([]string, 0, len(figs))
	for d := range figs {
		docs = append(docs, d)
	}
	slices.Sort(docs)
	for _, d := range docs {
		id, err := strconv.ParseInt(d, 10, 64)
		if err != nil {
			continue
		}
		claims, err := b.store.Claims(ctx, sitrep.ClaimFilter{DocID: id})
		if err != nil {
			return err
		}
		for _, c := range claims {
			for _, sp := range figs[d] {
				if c.Claim.Start < sp[1] && sp[0] < c.Claim.End {
					want[c.RowID] = true
					if !c.Contested {
						on = append(on, c.RowID)
					}
					break
				}
			}
		}
	}
	st.ContestedClaims = len(want)
	flagged, err := b.store.Claims(ctx, sitrep.ClaimFilter{Contested: true})
	if err != nil {
		return err
	}
	for _, c := range flagged {
		if !want[c.RowID] {
			off = append(off, c.RowID)
		}
	}
	if err := b.store.SetClaimsContested(ctx, on, true); err != nil {
		return fmt.Errorf("picture: claims: %w", err)
	}
	if err := b.store.SetClaimsContested(ctx, off, false); err != nil {
		return fmt.Errorf("picture: claims: %w", err)
	}
	return nil
}

// twinKey is what two copies of one event report share: the family and the
// event's type, date, place, cast and figure.
func twinKey(family string, e *sitrep.Event) string {
	var b strings.Builder
	b.WriteString(family)
	for _, v := range []string{e.EventType, e.SubEventType, strPtr(e.EventDate), intPtr(e.TimePrecision),
		refID(e.Actor1), refID(e.Actor2), e.Location, e.Admin1, e.CountryCode, intPtr(e.Fatalities)} {
		b.WriteByte(0)
		b.WriteString(v)
	}
	return b.String()
}

func strPtr(p *string) string {
	if p == nil {
		return "\x01"
	}
	return *p
}

func intPtr(p *int) string {
	if p == nil {
		return "\x01"
	}
	return strconv.Itoa(*p)
}

func refID(r *sitrep.ActorRef) string {
	if r == nil {
		return ""
	}
	return r.ID
}

// sameFigure tells whether a twin's fatality claim is the ledger figure.
func sameFigure(f sitrep.Figure, c sitrep.FatalityClaim) bool {
	return intPtr(f.Count) == intPtr(c.Count) && intPtr(f.CountMax) == intPtr(c.CountMax) &&
		f.Qualifier == c.Qualifier && f.Victims == c.Victims && refID(f.Claimant) == refID(c.Claimant)
}
