package picture

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/fuse"
)

// figSpan is a figure of the claims ledger where its document states it.
type figSpan struct {
	doc        string
	start, end int
}

// ledger is a picture event's claims ledger and whether the event is
// contested: its reports conflict, or claimants dispute a figure. A
// disputed death toll is a conflict on the fatalities, so the stored event
// says so too.
func ledger(pe *sitrep.PictureEvent) ([]sitrep.Quantity, bool) {
	qs := fuse.LedgerOf(pe)
	contested := pe.Contested()
	for _, q := range qs {
		if !q.Contested() {
			continue
		}
		contested = true
		if !slices.Contains(pe.Conflicts, sitrep.ConflictFatalities) && !isInjured(q.Group) {
			// A copy: the slice may be the Fuser's.
			pe.Conflicts = append(slices.Clone(pe.Conflicts), sitrep.ConflictFatalities)
		}
	}
	return qs, contested
}

func isInjured(group string) bool {
	return len(group) >= 8 && group[:8] == "injured:"
}

// figures marks each figure of an event's ledger with whether it is
// disputed: its quantity is contested, or it is a death toll of an event
// whose claimants dispute who the dead were (ConflictVictims: "70
// terrorists" against "civilians"). A figure in two quantities counts as
// disputed if either is.
func figures(pe *sitrep.PictureEvent, qs []sitrep.Quantity, into map[figSpan]bool) {
	victims := slices.Contains(pe.Conflicts, sitrep.ConflictVictims)
	for _, q := range qs {
		for _, fg := range q.Figures {
			k := figSpan{fg.DocID, fg.Start, fg.End}
			into[k] = into[k] || q.Contested() || (victims && !isInjured(q.Group))
		}
	}
}

// update assembles what the chunk changed: the changed picture events with
// their spans and ledgers, the clusters and contested flags of their
// stored events, families, signatures, contested claims, and the episodes
// when last is set.
func (u *updater) update(ctx context.Context, c *chunkState, docs []*doc, last bool) (sitrep.PictureUpdate, error) {
	var up sitrep.PictureUpdate
	var err error
	ids := make([]int64, 0, len(c.changed))
	for id := range c.changed {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	before, after := map[figSpan]bool{}, map[figSpan]bool{}
	for _, id := range ids {
		pe, ok := u.f.Event(id)
		if !ok {
			return up, fmt.Errorf("picture: internal: changed event %d not held", id)
		}
		qs, contested := ledger(&pe)
		figures(&pe, qs, after)
		// What was stored: the event's first n reports, its ledger as
		// the store keeps it, and its contested flag.
		n, wasContested := 0, false
		if w, ok := u.loaded[id]; ok {
			n = w.n
			if wasContested, err = u.stored(ctx, id, w, before); err != nil {
				return up, err
			}
		}
		for i, r := range pe.Reports {
			if i >= n || contested != wasContested {
				up.Clusters = append(up.Clusters, sitrep.EventCluster{RowID: r.Ref, Cluster: id, Contested: contested})
			}
		}
		up.Events = append(up.Events, pe)
		up.Spans = append(up.Spans, fuse.SpanOf(&pe))
		up.Quantities = append(up.Quantities, qs...)
	}
	if u.fresh {
		// The old picture goes: its events are removed (ids are not reused).
		for id := int64(1); id <= u.base; id++ {
			up.Events = append(up.Events, sitrep.PictureEvent{ID: id})
			up.Spans = append(up.Spans, sitrep.PictureSpan{})
		}
	}
	var disputed map[int64]bool
	if up.Statistics, up.StatisticKeys, disputed, err = u.statistics(ctx, c, docs); err != nil {
		return up, err
	}
	on, off, err := u.claims(ctx, before, after, disputed)
	if err != nil {
		return up, err
	}
	up.ClaimsOn, up.ClaimsOff = on, off

	for id, f := range c.famNow {
		if f != c.famWas[id] {
			up.Families = append(up.Families, sitrep.DocFamily{DocID: id, Family: f})
		}
	}
	slices.SortFunc(up.Families, func(a, b sitrep.DocFamily) int { return cmpInt(a.DocID, b.DocID) })
	for _, d := range docs {
		b, err := d.sig.MarshalBinary()
		if err != nil {
			return up, fmt.Errorf("picture: signature of document %d: %w", d.id, err)
		}
		up.Signatures = append(up.Signatures, sitrep.DocSignature{DocID: d.id, Sig: b, Keys: d.keys})
		up.Done = append(up.Done, d.id)
	}
	if last {
		t0 := time.Now()
		defer func() { u.st.EpisodeTime += time.Since(t0) }()
		eps, err := u.episodes(ctx, c)
		if err != nil {
			return up, err
		}
		up.Episodes = eps
	}
	return up, nil
}

// stored reads back the stored ledger of a restored picture event: its
// figures with whether each was disputed (into before, as figures marks
// them), and whether the event was contested. Without a PictureReader,
// its figures count as new.
func (u *updater) stored(ctx context.Context, id int64, w wasEvent, before map[figSpan]bool) (bool, error) {
	r, ok := u.b.store.(sitrep.PictureReader)
	if !ok {
		return w.conflicts, nil
	}
	qs, err := r.Quantities(ctx, sitrep.QuantityFilter{Event: id})
	if err != nil {
		return false, fmt.Errorf("picture: ledger of picture event %d: %w", id, err)
	}
	contested := w.conflicts
	for _, q := range qs {
		contested = contested || q.Contested()
		for _, fg := range q.Figures {
			k := figSpan{fg.DocID, fg.Start, fg.End}
			before[k] = before[k] || q.Contested() || (w.victims && !isInjured(q.Group))
		}
	}
	return contested, nil
}

// statistics recomputes the quantities of the statistics the chunk's
// documents give, per unit and actor, over every document taken in so far
// (fuse.Statistics), and lists the claims stating a disputed one.
func (u *updater) statistics(ctx context.Context, c *chunkState, docs []*doc) (qs []sitrep.Quantity, keys []string, disputed map[int64]bool, err error) {
	var todo [][2]string
	for _, d := range docs {
		for _, k := range d.stats {
			if !slices.Contains(todo, k) {
				todo = append(todo, k)
			}
		}
	}
	slices.SortFunc(todo, func(a, b [2]string) int { return strings.Compare(a[0]+":"+a[1], b[0]+":"+b[1]) })
	if u.fresh {
		keys = append(keys, "*") // a rebuild forgets the statistics of old rules
	}
	disputed = map[int64]bool{}
	for _, k := range todo {
		list, err := u.b.store.Statistics(ctx, k[0], k[1], docs[len(docs)-1].id)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("picture: statistics: %w", err)
		}
		figs := make([]fuse.StatisticFigure, len(list))
		for i, st := range list {
			fam := st.Family
			if f, ok := c.famNow[st.DocID]; ok {
				fam = f
			}
			figs[i] = fuse.StatisticFigure{Tally: st.Tally, Claimant: st.Claimant, DocID: strconv.FormatInt(st.DocID, 10),
				Ref: st.Claim, Published: st.Published}
			if fam != 0 {
				figs[i].Family = strconv.FormatInt(fam, 10)
			}
		}
		for _, q := range fuse.Statistics(figs) {
			qs = append(qs, q)
			for _, f := range q.Figures {
				disputed[f.Ref] = disputed[f.Ref] || q.Contested()
			}
		}
		keys = append(keys, sitrep.StatisticKey(k[0], k[1]))
	}
	return qs, keys, disputed, nil
}

// claims flags the stored claims stating a figure of a disputed quantity
// (same document, overlapping span) and unflags those whose figure is no
// longer disputed. Only documents with a figure whose state changed are
// read (in a Rebuild, every flagged claim is checked too). Claims stating
// a disputed statistic (stats) stay flagged.
func (u *updater) claims(ctx context.Context, before, after map[figSpan]bool, stats map[int64]bool) (on, off []int64, err error) {
	byDoc := map[string][]figSpan{}
	for k, v := range after {
		if v != before[k] || (u.fresh && v) {
			byDoc[k.doc] = nil
		}
	}
	for k := range after {
		if _, ok := byDoc[k.doc]; ok {
			byDoc[k.doc] = append(byDoc[k.doc], k)
		}
	}
	docs := make([]string, 0, len(byDoc))
	for d := range byDoc {
		docs = append(docs, d)
	}
	slices.Sort(docs)
	want := map[int64]bool{}
	for _, d := range docs {
		id, err := strconv.ParseInt(d, 10, 64)
		if err != nil {
			continue
		}
		list, err := u.b.store.Claims(ctx, sitrep.ClaimFilter{DocID: id})
		if err != nil {
			return nil, nil, fmt.Errorf("picture: claims of document %d: %w", id, err)
		}
		for _, cl := range list {
			in, touched := false, false
			for _, k := range byDoc[d] {
				if cl.Claim.Start < k.end && k.start < cl.Claim.End {
					touched = true
					in = in || after[k]
				}
			}
			switch {
			case in:
				want[cl.RowID] = true
				if !cl.Contested {
					on = append(on, cl.RowID)
				}
			case touched && cl.Contested:
				off = append(off, cl.RowID)
			}
		}
	}
	if u.fresh {
		flagged, err := u.b.store.Claims(ctx, sitrep.ClaimFilter{Contested: true})
		if err != nil {
			return nil, nil, fmt.Errorf("picture: claims: %w", err)
		}
		for _, cl := range flagged {
			if !want[cl.RowID] && !stats[cl.RowID] && !slices.Contains(off, cl.RowID) {
				off = append(off, cl.RowID)
			}
		}
	}
	for id, d := range stats {
		if d && !want[id] {
			on = append(on, id) // flagging twice changes nothing
		}
	}
	slices.Sort(on)
	slices.Sort(off)
	return on, off, nil
}

// episodes recomputes the episodes over the whole picture: the stored
// events, read a page at a time and kept only as far as episodes read
// them, with the chunk's changed events in place of their stored state.
// nil (episodes left as stored) when the store cannot list the picture.
func (u *updater) episodes(ctx context.Context, c *chunkState) ([]sitrep.Episode, error) {
	light := map[int64]sitrep.PictureEvent{}
	if !u.fresh {
		r, ok := u.b.store.(sitrep.PictureReader)
		if !ok {
			return nil, nil
		}
		f := sitrep.PictureFilter{Limit: 500, Sort: "-date"}
		for {
			page, err := r.PictureEvents(ctx, f)
			if err != nil {
				return nil, fmt.Errorf("picture: picture events: %w", err)
			}
			for _, e := range page.Events {
				for i := range e.Reports {
					e.Reports[i].Actors = u.actors
				}
				light[e.ID] = fuse.EpisodeView(e)
			}
			if page.Next == "" {
				break
			}
			f.Cursor = page.Next
		}
	}
	for id := range c.changed {
		e, _ := u.f.Event(id)
		light[id] = fuse.EpisodeView(e)
	}
	evs := make([]sitrep.PictureEvent, 0, len(light))
	for _, e := range light {
		evs = append(evs, e)
	}
	slices.SortFunc(evs, func(a, b sitrep.PictureEvent) int { return cmpInt(a.ID, b.ID) })
	eps := fuse.Episodes(evs)
	if eps == nil {
		eps = []sitrep.Episode{}
	}
	return eps, nil
}
