package picture

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/dedup"
	"github.com/sitrep-dev/sitrep/fuse"
)

// DefaultChunk is the number of pending documents the picture takes in
// per transaction when Builder.Chunk is not set.
const DefaultChunk = 512

// Update takes the documents not yet in the picture (the store's pending
// documents) into it, in id order, Chunk documents per transaction:
// each is signed and compared with the stored signatures it shares a key
// with (rewrite families), its events are fused with the stored picture
// events they may join (restored from the store by date), and what changed
// is written at once with the documents marked done. A run killed at any
// moment leaves the picture of the last chunk written; the next Update
// carries on from there. The result does not depend on how documents were
// split into runs or chunks. Ingest calls it; call it alone to complete
// an interrupted run. The cost is that of the new documents (and of the
// stored events they meet), not of the store, except for the episodes,
// recomputed once per run from a scan of the picture events.
func (b *Builder) Update(ctx context.Context, st *Stats) error {
	if st == nil {
		st = &Stats{}
	}
	pending, err := b.store.PendingDocuments(ctx)
	if err != nil {
		return fmt.Errorf("picture: pending documents: %w", err)
	}
	if len(pending) > 0 {
		u, err := b.newUpdater(ctx, st, false)
		if err != nil {
			return err
		}
		n := b.Chunk
		if n <= 0 {
			n = DefaultChunk
		}
		for i := 0; i < len(pending); i += n {
			j := min(i+n, len(pending))
			if err := u.chunk(ctx, pending[i:j], j == len(pending)); err != nil {
				return err
			}
		}
	}
	return b.totals(ctx, st)
}

// Rebuild forgets the stored picture and builds it again from every stored
// document, as Update would from an empty picture: rewrite families from
// fresh signatures, picture events (with new ids), the claims ledger,
// contested flags and episodes. Use it after a change of the rules
// (dedup, fusion, ledger) or of the extraction (ReplaceRecord): Update
// never revisits what is in the picture already. It holds every signature
// and the whole picture in memory and writes it in one transaction, so an
// interrupted Rebuild leaves the old picture whole.
func (b *Builder) Rebuild(ctx context.Context, st *Stats) error {
	if st == nil {
		st = &Stats{}
	}
	list, err := b.store.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		return fmt.Errorf("picture: documents: %w", err)
	}
	ids := make([]int64, len(list))
	for i, d := range list {
		ids[i] = d.ID
	}
	slices.Sort(ids)
	u, err := b.newUpdater(ctx, st, true)
	if err != nil {
		return err
	}
	if err := u.chunk(ctx, ids, true); err != nil {
		return err
	}
	return b.totals(ctx, st)
}

// totals fills the run's picture counts from the store, when it can read
// the picture back.
func (b *Builder) totals(ctx context.Context, st *Stats) error {
	docs, err := b.store.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		return err
	}
	st.Documents = len(docs)
	r, ok := b.store.(sitrep.PictureReader)
	if !ok {
		return nil
	}
	fams, err := r.Families(ctx)
	if err != nil {
		return err
	}
	st.Families, st.InFamilies = len(fams), 0
	for _, f := range fams {
		st.InFamilies += len(f.Docs)
	}
	page, err := r.PictureEvents(ctx, sitrep.PictureFilter{Limit: 1})
	if err != nil {
		return err
	}
	st.PictureEvents = page.Total
	page, err = r.PictureEvents(ctx, sitrep.PictureFilter{Limit: 1, Contested: true})
	if err != nil {
		return err
	}
	st.Contested = page.Total
	// Read a page at a time: the ledger of a large store does not fit
	// in memory whole.
	const size = 500
	st.Disputed, st.Contradictions = 0, 0
	for off := 0; ; off += size {
		qs, err := r.Quantities(ctx, sitrep.QuantityFilter{Contested: true, Page: sitrep.Page{Limit: size, Offset: off}})
		if err != nil {
			return err
		}
		for _, q := range qs {
			if q.Disputed {
				st.Disputed++
			}
			st.Contradictions += len(q.Contradictions)
		}
		if len(qs) < size {
			break
		}
	}
	st.ContestedClaims = 0
	for off := 0; ; off += size {
		claims, err := b.store.Claims(ctx, sitrep.ClaimFilter{Contested: true, Page: sitrep.Page{Limit: size, Offset: off}})
		if err != nil {
			return err
		}
		st.ContestedClaims += len(claims)
		if len(claims) < size {
			break
		}
	}
	return nil
}

// updater carries one Update (or Rebuild) from chunk to chunk.
type updater struct {
	b     *Builder
	st    *Stats
	fresh bool // Rebuild: ignore the stored picture, families and signatures
	// actors is one actor table for every report: an actor id has one
	// type and country whichever document names it.
	actors map[string]sitrep.Actor
	base   int64 // MaxPictureEventID when the run began
	// founders caches the signatures of family founders (see founder).
	founders map[int64]dedup.Signature
	// f is the run's Fuser (see chunk); loaded says, for each picture
	// event it holds from the store or wrote there, what the store holds;
	// restored lists the days whose stored events it holds.
	f        *fuse.Fuser
	loaded   map[int64]wasEvent
	restored []sitrep.PictureSpan
}

func (b *Builder) newUpdater(ctx context.Context, st *Stats, fresh bool) (*updater, error) {
	list, err := b.store.Actors(ctx)
	if err != nil {
		return nil, fmt.Errorf("picture: actors: %w", err)
	}
	table := make(map[string]sitrep.Actor, len(list))
	for _, a := range list {
		table[a.ID] = sitrep.Actor{ID: a.ID, Name: a.Name, Type: a.Type, Country: a.Country}
	}
	base, err := b.store.MaxPictureEventID(ctx)
	if err != nil {
		return nil, fmt.Errorf("picture: %w", err)
	}
	return &updater{b: b, st: st, fresh: fresh, actors: table, base: base, founders: map[int64]dedup.Signature{}}, nil
}

// doc is one document of a chunk: its signature and its events.
type doc struct {
	id     int64
	sig    dedup.Signature
	bands  map[uint64]bool
	keys   []uint64 // bands and evidence keys, sorted
	events []sitrep.StoredEvent
	outlet string
	stats  [][2]string // unit and actor of the statistics it gives
}

// wasEvent is what a restored picture event was: reports are only ever
// appended, so those after its first n are new; whether its reports
// conflicted, on the victims among others (its ledger is read back from
// the store when it changes).
type wasEvent struct {
	n                  int
	conflicts, victims bool
}

// chunkState is what one chunk changes before it is written.
type chunkState struct {
	// changed picture events.
	changed map[int64]bool
	// famNow is the family of every document the chunk looked at, famWas
	// the family stored for it.
	famNow, famWas map[int64]int64
	// done: the chunk's documents taken in so far (in id order); their
	// keys, for the rewrites among them.
	done  map[int64]*doc
	posts map[uint64][]int64
}

// chunk takes the documents ids (sorted) into the picture and writes the
// result in one transaction; episodes are recomputed when last is set.
func (u *updater) chunk(ctx context.Context, ids []int64, last bool) error {
	t0 := time.Now()
	docs, err := u.readDocs(ctx, ids)
	if err != nil {
		return err
	}
	if u.f == nil {
		// The Fuser of the run: it keeps the picture events restored and
		// built by earlier chunks (the store holds the same, as each chunk
		// is written), so that the next chunk, whose windows mostly
		// overlap the last one's, restores only the days it adds.
		next := u.base
		if !u.fresh {
			if next, err = u.b.store.MaxPictureEventID(ctx); err != nil {
				return fmt.Errorf("picture: %w", err)
			}
		}
		u.f, u.loaded = fuse.Restore(nil, next), map[int64]wasEvent{}
	}
	c := &chunkState{
		changed: map[int64]bool{},
		famNow:  map[int64]int64{}, famWas: map[int64]int64{}, done: map[int64]*doc{}, posts: map[uint64][]int64{},
	}
	if !u.fresh {
		// Every stored picture event filed in the windows of the chunk's
		// reports, once.
		var spans []sitrep.PictureSpan
		for _, d := range docs {
			for _, r := range u.reports(d, "") {
				if w, ok := fuse.Window(r); ok {
					spans = append(spans, w)
				}
			}
		}
		spans = mergeSpans(spans)
		if len(spans) > 0 && u.f.Len() > maxHeld {
			// Past the bound, the weeks before the chunk's are forgotten
			// (memory follows the stream's density, not its length).
			u.f.Forget(spans[0].From)
			for id := range u.loaded {
				if !u.f.Holds(id) {
					delete(u.loaded, id)
				}
			}
			u.restored = subtractSpans(u.restored, []sitrep.PictureSpan{{From: "0000-01-01", To: prevDay(spans[0].From)}})
		}
		todo := subtractSpans(spans, u.restored)
		for _, sp := range sliceSpans(todo, restoreSlice) {
			if err := u.restore(ctx, c, sp.From, sp.To, false); err != nil {
				return err
			}
		}
		u.restored = mergeSpans(append(u.restored, todo...))
	}
	u.st.FamilyTime += time.Since(t0)

	for _, d := range docs {
		t1 := time.Now()
		matched, err := u.rewrites(ctx, c, d)
		if err != nil {
			return err
		}
		if matched, err = u.anchored(ctx, c, d, matched); err != nil {
			return err
		}
		// Not in the picture yet: alone until it matches. Its stored
		// family (from an older builder) is overwritten.
		c.famNow[d.id], c.famWas[d.id] = 0, -1
		related := make([]string, len(matched))
		if len(matched) > 0 {
			if err := u.join(ctx, c, d.id, matched); err != nil {
				return err
			}
			// The events of the documents it rewrites are candidates
			// too, wherever they are filed (fuse.Fuser.AddRelated): those
			// its reports may retell are restored.
			fam := strconv.FormatInt(c.famNow[d.id], 10)
			mine := u.reports(d, fam)
			for i, m := range matched {
				if err := u.ensureRetold(ctx, c, m, fam, mine); err != nil {
					return err
				}
				related[i] = strconv.FormatInt(m, 10)
			}
		}
		c.done[d.id] = d
		for _, k := range d.keys {
			c.posts[k] = append(c.posts[k], d.id)
		}
		t2 := time.Now()
		u.st.FamilyTime += t2.Sub(t1)
		fam := ""
		if f := c.famNow[d.id]; f != 0 {
			fam = strconv.FormatInt(f, 10)
		}
		for _, ch := range u.f.AddRelated(related, u.reports(d, fam)...) {
			c.changed[ch.Event] = true
		}
		u.st.FuseTime += time.Since(t2)
	}
	t3 := time.Now()
	up, err := u.update(ctx, c, docs, last)
	if err != nil {
		return err
	}
	if err := u.b.store.ApplyPicture(ctx, up); err != nil {
		return fmt.Errorf("picture: %w", err)
	}
	// What is stored now is what the next chunk compares with.
	for i := range up.Events {
		if e := &up.Events[i]; len(e.Reports) > 0 {
			u.loaded[e.ID] = storedAs(e)
		}
	}
	u.st.FuseTime += time.Since(t3)
	return nil
}

// maxHeld is how many picture events the Fuser of a run holds before it
// forgets those filed before the chunk's windows.
var maxHeld = 10_000 // a variable for tests

// storedAs is what a stored picture event is, as a chunk finds it.
func storedAs(e *sitrep.PictureEvent) wasEvent {
	return wasEvent{n: len(e.Reports), conflicts: e.Contested(), victims: slices.Contains(e.Conflicts, sitrep.ConflictVictims)}
}

// readDocs reads and signs the documents on a few goroutines; the result
// is in the order of ids.
func (u *updater) readDocs(ctx context.Context, ids []int64) ([]*doc, error) {
	out := make([]*doc, len(ids))
	workers := min(runtime.GOMAXPROCS(0), 4, max(len(ids), 1))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(ids); i += workers {
				d, err := u.readDoc(ctx, ids[i])
				if err != nil {
					errs[w] = err
					cancel()
					return
				}
				out[i] = d
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func (u *updater) readDoc(ctx context.Context, id int64) (*doc, error) {
	sd, err := u.b.store.Document(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("picture: document %d: %w", id, err)
	}
	evs, err := u.b.store.Events(ctx, sitrep.EventFilter{DocID: id})
	if err != nil {
		return nil, fmt.Errorf("picture: events of document %d: %w", id, err)
	}
	// Within a document, the store's order (latest event first) is not
	// the text's; the row id is. Fusion and the ledger never read the
	// evidence sentences.
	slices.SortFunc(evs, func(a, b sitrep.StoredEvent) int { return cmpInt(a.RowID, b.RowID) })
	for i := range evs {
		evs[i].Event.Evidence = nil
	}
	d := &doc{id: id, sig: dedup.Sign(sd.Doc), events: evs, outlet: sd.Doc.Outlet}
	if sd.Record != nil {
		if d.outlet == "" {
			d.outlet = sd.Record.Outlet
		}
		for _, c := range sd.Record.Claims {
			for _, t := range c.Tallies {
				if sitrep.IsStatistic(t) {
					d.stats = append(d.stats, [2]string{t.Unit, t.Of.ID})
				}
			}
		}
	}
	bands := d.sig.Bands()
	d.bands = make(map[uint64]bool, len(bands))
	for _, k := range bands {
		d.bands[k] = true
	}
	d.keys = append(slices.Clone(bands), d.sig.EvidenceKeys()...)
	slices.Sort(d.keys)
	d.keys = slices.Compact(d.keys)
	return d, nil
}

// reports are a document's events as fusion takes them.
func (u *updater) reports(d *doc, family string) []sitrep.Report {
	out := make([]sitrep.Report, len(d.events))
	for i, e := range d.events {
		out[i] = sitrep.Report{
			DocID: strconv.FormatInt(e.DocID, 10), Ref: e.RowID, Event: e.Event,
			Published: e.Published, Outlet: d.outlet, Family: family, Actors: u.actors,
		}
	}
	return out
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

// mergeSpans merges overlapping or adjacent day spans.
func mergeSpans(spans []sitrep.PictureSpan) []sitrep.PictureSpan {
	slices.SortFunc(spans, func(a, b sitrep.PictureSpan) int {
		if a.From != b.From {
			if a.From < b.From {
				return -1
			}
			return 1
		}
		return 0
	})
	var out []sitrep.PictureSpan
	for _, s := range spans {
		if n := len(out); n > 0 && s.From <= nextDay(out[n-1].To) {
			out[n-1].To = max(out[n-1].To, s.To)
			continue
		}
		out = append(out, s)
	}
	return out
}

// restoreSlice: stored events are read back a few weeks at a time, so
// that what is decoded but not kept stays small.
const restoreSlice = 21

// sliceSpans cuts spans into pieces of at most n days.
func sliceSpans(spans []sitrep.PictureSpan, n int) []sitrep.PictureSpan {
	var out []sitrep.PictureSpan
	for _, sp := range spans {
		from, err1 := time.Parse(time.DateOnly, sp.From)
		to, err2 := time.Parse(time.DateOnly, sp.To)
		if err1 != nil || err2 != nil {
			out = append(out, sp)
			continue
		}
		for !from.After(to) {
			end := from.AddDate(0, 0, n-1)
			if end.After(to) {
				end = to
			}
			out = append(out, sitrep.PictureSpan{From: from.Format(time.DateOnly), To: end.Format(time.DateOnly)})
			from = end.AddDate(0, 0, 1)
		}
	}
	return out
}

// subtractSpans is what of the merged spans a the merged spans b leave.
func subtractSpans(a, b []sitrep.PictureSpan) []sitrep.PictureSpan {
	var out []sitrep.PictureSpan
	for _, sp := range a {
		from := sp.From
		for _, cut := range b {
			if cut.To < from || cut.From > sp.To {
				continue
			}
			if cut.From > from {
				out = append(out, sitrep.PictureSpan{From: from, To: prevDay(cut.From)})
			}
			from = nextDay(cut.To)
		}
		if from <= sp.To {
			out = append(out, sitrep.PictureSpan{From: from, To: sp.To})
		}
	}
	return out
}

func prevDay(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, -1).Format(time.DateOnly)
}

func nextDay(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}

// restore loads the stored picture events filed in [from, to] (and the
// undated ones when undated is set) into the run's Fuser.
func (u *updater) restore(ctx context.Context, c *chunkState, from, to string, undated bool) error {
	evs, err := u.b.store.PictureEventsBetween(ctx, from, to, undated)
	if err != nil {
		return fmt.Errorf("picture: picture events: %w", err)
	}
	for i := range evs {
		if u.f.Holds(evs[i].ID) {
			continue
		}
		for j := range evs[i].Reports {
			evs[i].Reports[j].Actors = u.actors // sides need the actor table
		}
		u.load(c, evs[i])
	}
	return nil
}

// load brings one stored picture event into the run's Fuser.
func (u *updater) load(c *chunkState, e sitrep.PictureEvent) {
	if u.f.Holds(e.ID) {
		return
	}
	for i := range e.Reports {
		e.Reports[i].Actors = u.actors
		e.Reports[i].Event.Evidence = nil
	}
	u.loaded[e.ID] = storedAs(&e)
	u.f.Load(e)
}

// rewrites returns the documents taken in before d (stored or earlier in
// the chunk) that d is a copy or a rewrite of, by dedup's candidate rule:
// for each key, its dedup.MaxBucket most recent documents count.
func (u *updater) rewrites(ctx context.Context, c *chunkState, d *doc) ([]int64, error) {
	var stored []sitrep.DocSignature
	if !u.fresh {
		var err error
		if stored, err = u.b.store.SignatureCandidates(ctx, d.keys); err != nil {
			return nil, fmt.Errorf("picture: signature candidates: %w", err)
		}
	}
	byKey := map[uint64][]int64{}
	for _, s := range stored {
		if s.DocID >= d.id || c.done[s.DocID] != nil {
			continue
		}
		if _, ok := c.famNow[s.DocID]; !ok {
			c.famNow[s.DocID], c.famWas[s.DocID] = s.Family, s.Family // spares family a read
		}
		for _, k := range s.Keys {
			byKey[k] = append(byKey[k], s.DocID)
		}
	}
	for _, k := range d.keys {
		byKey[k] = append(byKey[k], c.posts[k]...)
	}
	bandHits, keyHits := map[int64]int{}, map[int64]int{}
	for k, l := range byKey {
		slices.Sort(l)
		l = slices.Compact(l)
		if len(l) > dedup.MaxBucket {
			l = l[len(l)-dedup.MaxBucket:]
		}
		for _, id := range l {
			if d.bands[k] {
				bandHits[id]++
			} else {
				keyHits[id]++
			}
		}
	}
	var cands []int64
	for id := range bandHits {
		cands = append(cands, id)
	}
	for id := range keyHits {
		if _, ok := bandHits[id]; !ok {
			cands = append(cands, id)
		}
	}
	slices.Sort(cands)
	cands = slices.DeleteFunc(cands, func(id int64) bool { return !dedup.IsCandidate(bandHits[id], keyHits[id]) })
	sigs, err := u.signatures(ctx, c, cands)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, id := range cands {
		if sig, ok := sigs[id]; ok && dedup.Compare(sig, d.sig).Rewrite {
			out = append(out, id)
		}
	}
	return out, nil
}

// signatures are the signatures of documents taken in before: the chunk's
// own, and the stored ones read in one query.
func (u *updater) signatures(ctx context.Context, c *chunkState, ids []int64) (map[int64]dedup.Signature, error) {
	out := make(map[int64]dedup.Signature, len(ids))
	var read []int64
	for _, id := range ids {
		if o := c.done[id]; o != nil {
			out[id] = o.sig
		} else if !u.fresh {
			read = append(read, id)
		}
	}
	stored, err := u.b.store.Signatures(ctx, read)
	if err != nil {
		return nil, fmt.Errorf("picture: signatures: %w", err)
	}
	for _, s := range stored {
		var sig dedup.Signature
		if err := sig.UnmarshalBinary(s.Sig); err != nil {
			return nil, fmt.Errorf("picture: stored signature of document %d (run Rebuild after a dedup change): %w", s.DocID, err)
		}
		out[s.DocID] = sig
	}
	return out, nil
}

// anchored keeps the documents d rewrites whose families d may join: a
// document alone, or a family whose founder d resembles
// (dedup.JoinsFamily), so that families do not chain from story to story.
func (u *updater) anchored(ctx context.Context, c *chunkState, d *doc, matched []int64) ([]int64, error) {
	out := matched[:0]
	for _, m := range matched {
		f, err := u.family(ctx, c, m)
		if err != nil {
			return nil, err
		}
		if f != 0 {
			founder, err := u.founder(ctx, c, f)
			if err != nil {
				return nil, err
			}
			if !dedup.JoinsFamily(founder, d.sig) {
				continue
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// founder is the signature of the founding document of family f (its id).
func (u *updater) founder(ctx context.Context, c *chunkState, f int64) (dedup.Signature, error) {
	if d := c.done[f]; d != nil {
		return d.sig, nil
	}
	if s, ok := u.founders[f]; ok {
		return s, nil
	}
	sigs, err := u.signatures(ctx, c, []int64{f})
	if err != nil {
		return dedup.Signature{}, err
	}
	s, ok := sigs[f]
	if !ok {
		// No stored signature (a store written before signatures were):
		// sign the text again.
		sd, err := u.b.store.Document(ctx, f)
		if err != nil {
			return dedup.Signature{}, fmt.Errorf("picture: document %d: %w", f, err)
		}
		s = dedup.Sign(sd.Doc)
	}
	if len(u.founders) >= maxFounders {
		clear(u.founders) // families are found close in time: recent ones come back
	}
	u.founders[f] = s
	return s, nil
}

// maxFounders bounds the founders' signatures an update keeps.
const maxFounders = 4096

// family is the current family of a document taken in before (0: none).
func (u *updater) family(ctx context.Context, c *chunkState, id int64) (int64, error) {
	if f, ok := c.famNow[id]; ok {
		return f, nil
	}
	sd, err := u.b.store.Document(ctx, id)
	if err != nil {
		return 0, fmt.Errorf("picture: document %d: %w", id, err)
	}
	c.famNow[id], c.famWas[id] = sd.Family, sd.Family
	return sd.Family, nil
}

// join puts d into one rewrite family with the documents it rewrites. A
// family's id is the smallest document id in it, so it stays put as the
// family grows by newer documents; when d bridges families, the younger
// ones move into the oldest. The documents that change family have their
// reports moved too (their picture events restored first).
func (u *updater) join(ctx context.Context, c *chunkState, d int64, matched []int64) error {
	roots := map[int64]bool{}
	target := d
	for _, m := range matched {
		f, err := u.family(ctx, c, m)
		if err != nil {
			return err
		}
		if f == 0 {
			f = m
		}
		roots[f] = true
		target = min(target, f)
	}
	moving := []int64{d}
	for r := range roots {
		if f, _ := u.family(ctx, c, r); r == target && f == target {
			continue // the family d joins stays put
		}
		members, err := u.members(ctx, c, r)
		if err != nil {
			return err
		}
		moving = append(moving, members...)
	}
	slices.Sort(moving)
	moving = slices.Compact(moving)
	fam := strconv.FormatInt(target, 10)
	for _, id := range moving {
		if c.famNow[id] == target {
			continue
		}
		c.famNow[id] = target
		if id == d {
			continue // not fused yet: it is added with its family
		}
		if err := u.ensureLoaded(ctx, c, id); err != nil {
			return err
		}
		for _, e := range u.f.SetFamily(strconv.FormatInt(id, 10), fam) {
			c.changed[e] = true
		}
	}
	return nil
}

// members lists the documents of family root (root alone when it has no
// family yet), as the chunk knows them.
func (u *updater) members(ctx context.Context, c *chunkState, root int64) ([]int64, error) {
	f, err := u.family(ctx, c, root)
	if err != nil {
		return nil, err
	}
	if f == 0 {
		return []int64{root}, nil
	}
	var out []int64
	if !u.fresh {
		list, err := u.b.store.Documents(ctx, sitrep.DocumentFilter{Family: root})
		if err != nil {
			return nil, fmt.Errorf("picture: family %d: %w", root, err)
		}
		for _, sd := range list {
			if _, ok := c.famNow[sd.ID]; !ok {
				c.famNow[sd.ID], c.famWas[sd.ID] = sd.Family, sd.Family
			}
			if c.famNow[sd.ID] == root {
				out = append(out, sd.ID)
			}
		}
	}
	for id, fm := range c.famNow {
		if fm == root {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// ensureLoaded restores the stored picture events holding reports of a
// document taken in by an earlier chunk.
func (u *updater) ensureLoaded(ctx context.Context, c *chunkState, id int64) error {
	return u.ensureRetold(ctx, c, id, "", nil)
}

// ensureRetold restores the stored picture events holding reports of a
// document taken in by an earlier chunk: all of them, or when mine is not
// nil, those holding a report that one of mine retells (fuse.Retells,
// the document's reports taken in family fam).
func (u *updater) ensureRetold(ctx context.Context, c *chunkState, id int64, fam string, mine []sitrep.Report) error {
	if u.fresh || c.done[id] != nil {
		return nil // its reports are in the Fuser
	}
	evs, err := u.b.store.Events(ctx, sitrep.EventFilter{DocID: id})
	if err != nil {
		return fmt.Errorf("picture: events of document %d: %w", id, err)
	}
	for _, e := range evs {
		if e.Cluster == 0 || u.f.Holds(e.Cluster) {
			continue
		}
		r := sitrep.Report{DocID: strconv.FormatInt(id, 10), Event: e.Event, Published: e.Published, Family: fam, Actors: u.actors}
		if mine != nil && !slices.ContainsFunc(mine, func(b sitrep.Report) bool { return fuse.Retells(r, b) }) {
			continue
		}
		if rd, ok := u.b.store.(sitrep.PictureReader); ok {
			pe, err := rd.PictureEvent(ctx, e.Cluster)
			if err != nil {
				return fmt.Errorf("picture: picture event %d: %w", e.Cluster, err)
			}
			u.load(c, pe)
			continue
		}
		// Every event filed where the report is comes in.
		sp, ok := fuse.Filed(r)
		if err := u.restore(ctx, c, sp.From, sp.To, !ok); err != nil {
			return err
		}
	}
	return nil
}
