package fuse

import (
	"slices"
	"sort"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
)

// Fuser keeps the picture events built so far and adds reports to them.
// Picture event ids count from 1 (or from the id Restore is given) in order
// of creation and never change: a later report that would bridge two events
// joins the better one, and events are not merged. Feeding the same reports
// in the same order (for a rebuild from a store) gives the same picture.
//
// A Fuser need not hold the whole picture: Restore and Load bring back
// stored picture events, and a report is only ever compared with the events
// filed in its Window, so a Fuser holding those gives the same result as
// one holding everything (ties go to the lowest id, not to the order of
// loading).
// Each new report is compared only with picture events indexed under its
// weeks, type category and actors' sides, so adding stays about constant in cost
// when documents keep arriving at a steady rate. Not safe for concurrent use.
type Fuser struct {
	clusters []*cluster
	byID     map[int64]int32 // picture event id → index in clusters
	byDoc    map[string][]int32
	next     int64 // largest id given or loaded
	// index maps (type category|side, week) to picture events with a
	// member there; side "*" holds every event, "-" those with an
	// actorless member.
	index map[bucket][]int32
	stamp []uint32 // per cluster, to dedupe candidates
	epoch uint32
	// mine[c] == mineEpoch: cluster c holds a report of the document of
	// the report being added (a slice, not a map lookup per candidate).
	mine      []uint32
	mineEpoch uint32
	// related[c] == epoch: cluster c is a candidate only as the event of
	// a related document's report, not filed in the report's window.
	related []uint32
	stats   Stats
}

// Stats counts the work done so far, to check that each Add looks at a
// bounded number of picture events.
type Stats struct {
	Reports    int64 // reports added
	Candidates int64 // picture events considered for them
	Pairs      int64 // report pairs scored
}

// Stats returns the work counters.
func (f *Fuser) Stats() Stats { return f.stats }

type bucket struct {
	key  string // type category and side
	week int
}

type cluster struct {
	id      int64
	reports []sitrep.Report
	feats   []feat
	fused   *sitrep.PictureEvent // cache; nil when stale
	// twins holds the copy keys (twinKey, hashed) of the members in a
	// rewrite family, families their families.
	twins    map[uint64]bool
	families map[string]bool
	// dayMin, dayMax bound the members' day-precise dates.
	dayMin, dayMax day
	hasDay         bool
}

// ChangeKind says what an Add did to a picture event.
type ChangeKind int

// Change kinds.
const (
	// Created: the picture event is new.
	Created ChangeKind = iota + 1
	// Grown: reports joined an existing picture event.
	Grown
)

// Change is what one Add did to one picture event.
type Change struct {
	Event int64
	Kind  ChangeKind
	// Added are the indices, in Add's arguments, of the reports that went
	// into the event.
	Added []int
}

// New returns an empty Fuser.
func New() *Fuser {
	return &Fuser{index: map[bucket][]int32{}, byID: map[int64]int32{}, byDoc: map[string][]int32{}}
}

// Restore returns a Fuser holding the given stored picture events (see
// Load), whose new events get ids after next (and after every loaded id).
func Restore(events []sitrep.PictureEvent, next int64) *Fuser {
	f := New()
	f.next = max(next, 0)
	f.Load(events...)
	return f
}

// Load brings back stored picture events, as Events returned them: their
// reports in the order they joined (evidence may be left out; Actors
// should be set, as fusion reads the actors' types from it). An event whose
// id the Fuser holds already is skipped: the Fuser's copy is newer.
func (f *Fuser) Load(events ...sitrep.PictureEvent) {
	for _, e := range events {
		if _, ok := f.byID[e.ID]; ok || e.ID <= 0 || len(e.Reports) == 0 {
			continue
		}
		c := f.newCluster(e.ID)
		for _, r := range e.Reports {
			ft := featOf(r)
			c.addMember(r, &ft)
			f.indexFeat(f.byID[e.ID], &ft)
			f.byDoc[ft.doc] = appendOnce(f.byDoc[ft.doc], f.byID[e.ID])
		}
	}
}

// Forget drops the picture events none of whose members is filed on or
// after the day before (YYYY-MM-DD), and those filed nowhere, so that a
// Fuser kept over a long stream holds the weeks still being reported. A
// forgotten event is no candidate for reports looking at days before
// that; load it again (Load) to make it one. It returns the number of
// events still held.
func (f *Fuser) Forget(before string) int {
	t, err := time.Parse(time.DateOnly, before)
	if err != nil {
		return len(f.clusters)
	}
	cut := dayOf(t)
	kept := f.clusters[:0]
	for _, c := range f.clusters {
		for i := range c.feats {
			if _, hi, ok := indexDays(&c.feats[i]); ok && hi >= cut {
				kept = append(kept, c)
				break
			}
		}
	}
	clear(f.clusters[len(kept):])
	f.clusters = kept
	f.byID, f.byDoc, f.index = make(map[int64]int32, len(kept)), map[string][]int32{}, map[bucket][]int32{}
	f.stamp, f.mine, f.related = make([]uint32, len(kept)), make([]uint32, len(kept)), make([]uint32, len(kept))
	for i, c := range kept {
		ci := int32(i)
		f.byID[c.id] = ci
		for j := range c.feats {
			f.indexFeat(ci, &c.feats[j])
			f.byDoc[c.feats[j].doc] = appendOnce(f.byDoc[c.feats[j].doc], ci)
		}
	}
	return len(kept)
}

// Holds reports whether the Fuser holds the picture event id.
func (f *Fuser) Holds(id int64) bool {
	_, ok := f.byID[id]
	return ok
}

// NextID is the largest picture event id given or loaded so far.
func (f *Fuser) NextID() int64 { return f.next }

func (f *Fuser) newCluster(id int64) *cluster {
	c := &cluster{id: id}
	f.byID[id] = int32(len(f.clusters))
	f.clusters = append(f.clusters, c)
	f.stamp = append(f.stamp, 0)
	f.mine = append(f.mine, 0)
	f.related = append(f.related, 0)
	f.next = max(f.next, id)
	return c
}

func appendOnce(l []int32, c int32) []int32 {
	if n := len(l); n > 0 && l[n-1] == c {
		return l
	}
	for _, x := range l {
		if x == c {
			return l
		}
	}
	return append(l, c)
}

// SetFamily puts every report of a document held by the Fuser into a
// rewrite family ("" for none), as when a later document turns out to
// rewrite it, and returns the ids of the picture events it changed.
// Later reports are fused knowing the family.
func (f *Fuser) SetFamily(doc, family string) []int64 {
	var out []int64
	for _, ci := range f.byDoc[doc] {
		c := f.clusters[ci]
		changed := false
		for i := range c.reports {
			if c.reports[i].DocID == doc && c.reports[i].Family != family {
				c.reports[i].Family = family
				c.feats[i] = featOf(c.reports[i])
				changed = true
			}
		}
		if changed {
			c.fused = nil
			c.twins, c.families = nil, nil
			for i := range c.feats {
				c.addTwin(&c.feats[i])
			}
			out = append(out, c.id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// DocEvents lists the picture events the Fuser holds with a report of doc.
func (f *Fuser) DocEvents(doc string) []int64 {
	var out []int64
	for _, ci := range f.byDoc[doc] {
		out = append(out, f.clusters[ci].id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Add fuses reports into the picture and returns the picture events they
// created or joined, by event id. Within one call, dated reports go first,
// in the order given, so undated ones meet the incidents they may belong
// to; the result depends only on the calls' contents and order.
func (f *Fuser) Add(reports ...sitrep.Report) []Change {
	return f.AddRelated(nil, reports...)
}

// AddRelated is Add for reports of a document that rewrites the documents
// related (same rewrite family): besides the picture events filed in each
// report's Window, those holding a report of a related document are
// candidates, and a report retelling one of those reports (two of its
// figures, or its sub-type, parties and place with one of the two
// undated) joins its event whatever date the rewriter gave it. The
// caller loads those events first (see Retells).
func (f *Fuser) AddRelated(related []string, reports ...sitrep.Report) []Change {
	feats := make([]feat, len(reports))
	order := make([]int, len(reports))
	for i, r := range reports {
		feats[i] = featOf(r)
		order[i] = i
	}
	// The events of related documents that one of the reports copies or
	// retells, as a caller loads them (Retells): whatever else the Fuser
	// holds of those documents must not change a decision.
	var extra []int32
	var rel map[string]bool
	for _, d := range related {
		if rel == nil {
			rel = map[string]bool{}
		}
		rel[d] = true
		for _, ci := range f.byDoc[d] {
			if !slices.Contains(extra, ci) && f.clusters[ci].retoldBy(d, feats) {
				extra = append(extra, ci)
			}
		}
	}
	sort.SliceStable(order, func(x, y int) bool { return feats[order[x]].dated && !feats[order[y]].dated })
	changes := map[int64]*Change{}
	for _, i := range order {
		ft := &feats[i]
		best, bestScore := -1, 0.0
		f.stats.Reports++
		f.mineEpoch++
		for _, ci := range f.byDoc[ft.doc] {
			f.mine[ci] = f.mineEpoch
		}
		cands := f.candidates(ft, extra)
		f.stats.Candidates += int64(len(cands))
		// A copy of a member joins that member's event directly.
		if best = f.twinOf(ft, cands); best < 0 {
			for _, c := range cands {
				var s float64
				var ok bool
				if f.related[c] == f.epoch {
					// Outside the window, only a retelling joins: what
					// else the Fuser holds must not change a decision.
					s, ok = f.clusters[c].retold(ft, rel, f.mine[c] == f.mineEpoch, &f.stats.Pairs)
				} else {
					s, ok = f.clusters[c].score(ft, rel, f.mine[c] == f.mineEpoch, &f.stats.Pairs)
				}
				if ok && (best < 0 || s > bestScore) {
					// Candidates come by id: a tie keeps the lowest.
					best, bestScore = int(c), s
				}
			}
		}
		var c *cluster
		kind := Grown
		if best < 0 {
			f.next++
			c = f.newCluster(f.next)
			kind = Created
		} else {
			c = f.clusters[best]
		}
		c.addMember(reports[i], ft)
		ci := f.byID[c.id]
		f.indexFeat(ci, ft)
		f.byDoc[ft.doc] = appendOnce(f.byDoc[ft.doc], ci)
		ch := changes[c.id]
		if ch == nil {
			ch = &Change{Event: c.id, Kind: kind}
			changes[c.id] = ch
		}
		ch.Added = append(ch.Added, i)
	}
	out := make([]Change, 0, len(changes))
	for _, ch := range changes {
		sort.Ints(ch.Added)
		out = append(out, *ch)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Event < out[j].Event })
	return out
}

// twinOf is the candidate event (lowest id) holding a copy of the report:
// a member of its rewrite family, from another document, telling the event
// the same way (type, date, place, cast, figures). A copy joins it
// directly: fusion alone would keep apart copies of an event whose date is
// weak and whose cast is thin (an undated "agreement in Doha"). -1: none.
func (f *Fuser) twinOf(ft *feat, cands []int32) int {
	if ft.twin == 0 {
		return -1
	}
	best := -1
	for _, ci := range cands {
		c := f.clusters[ci]
		if c.twins[ft.twin] && f.mine[ci] != f.mineEpoch && (best < 0 || c.id < f.clusters[best].id) {
			best = int(ci)
		}
	}
	return best
}

// weekOf numbers 7-day index buckets.
func weekOf(d day) int {
	if d < 0 {
		return (d - 6) / 7
	}
	return d / 7
}

// lookupDays: the days a report may be matched in: its date span widened by
// the tolerance (a month to each side at month precision, for adjacent
// months), or the weeks around its publication when undated.
func lookupDays(ft *feat) (lo, hi day, ok bool) {
	switch {
	case ft.dated && ft.prec == 3:
		return ft.lo - 31, ft.hi + 31, true
	case ft.dated:
		t := tolerance(ft.prec)
		return ft.lo - t, ft.hi + t, true
	case ft.pubOK:
		return ft.pubLo - undatedLookback - undatedPubGap, ft.pubHi + undatedPubGap, true
	}
	return 0, 0, false
}

// indexDays: where a member is filed. Undated members are filed under the
// weeks before their publication, where their incident lies.
func indexDays(ft *feat) (lo, hi day, ok bool) {
	switch {
	case ft.dated:
		return ft.lo, ft.hi, true
	case ft.pubOK:
		return ft.pubLo - undatedLookback, ft.pubHi, true
	}
	return 0, 0, false
}

// category groups the event types that may be one incident: every
// violent type together, each Strategic developments sub-type apart.
func category(ft *feat) string {
	switch {
	case violent(ft.typ):
		return "violent"
	case ft.typ == "Protests" || ft.typ == "Riots":
		return "unrest"
	case ft.typ == "Strategic developments":
		return "sd:" + ft.sub
	}
	return ft.typ
}

func (f *Fuser) indexFeat(c int32, ft *feat) {
	lo, hi, ok := indexDays(ft)
	if !ok {
		return // neither date nor publication: it cannot be matched later
	}
	cat := category(ft)
	add := func(k bucket) {
		l := f.index[k]
		if n := len(l); n > 0 && l[n-1] == c {
			return
		}
		f.index[k] = append(l, c)
	}
	for w := weekOf(lo); w <= weekOf(hi); w++ {
		add(bucket{cat + "|*", w})
		if len(ft.sides) == 0 {
			add(bucket{cat + "|-", w})
		}
		for _, s := range ft.sides {
			add(bucket{cat + "|" + s, w})
		}
	}
}

// candidates are the picture events that may take the report: those of a
// compatible type category filed under its weeks and one of its sides (or
// with an actorless member); all of them when it has no actors.
func (f *Fuser) candidates(ft *feat, extra []int32) (out []int32) {
	f.epoch++
	// The extras come last, marked when not filed in the window.
	defer func() {
		for _, c := range extra {
			if f.stamp[c] != f.epoch {
				f.stamp[c], f.related[c] = f.epoch, f.epoch
				out = append(out, c)
			}
		}
		sort.Slice(out, func(i, j int) bool { return f.clusters[out[i]].id < f.clusters[out[j]].id })
	}()
	lo, hi, ok := lookupDays(ft)
	if !ok {
		return out
	}
	cat := category(ft)
	take := func(k bucket) {
		for _, c := range f.index[k] {
			if f.stamp[c] != f.epoch {
				f.stamp[c] = f.epoch
				out = append(out, c)
			}
		}
	}
	for w := weekOf(lo); w <= weekOf(hi); w++ {
		if len(ft.sides) == 0 {
			take(bucket{cat + "|*", w})
			continue
		}
		take(bucket{cat + "|-", w})
		for _, s := range ft.sides {
			take(bucket{cat + "|" + s, w})
		}
	}
	return out
}

// score is the best pair score between the report and the event's first
// members (single link on evidence), provided the report contradicts none
// of them (complete link on vetoes: a coarse member, "in October", "in
// Paktika", must not let in a report that the precise members rule out).
// A document already in the event keeps the report out unless it is an
// exact double.
func (c *cluster) score(ft *feat, related map[string]bool, hasDoc bool, pairs *int64) (float64, bool) {
	if s, ok := c.retold(ft, related, hasDoc, pairs); ok {
		return s, true
	}
	if ft.dated && c.hasDay {
		gap := max(ft.lo-c.dayMax, c.dayMin-ft.hi, 0)
		if ft.prec == 1 {
			gap = max(ft.lo-c.dayMin, c.dayMax-ft.lo)
		}
		if gap > max(tolerance(ft.prec), dayTolerance) {
			return 0, false
		}
	}
	if hasDoc {
		for i := range c.feats {
			if c.feats[i].doc == ft.doc {
				if _, ok := pairScore(&c.feats[i], ft); !ok {
					return 0, false
				}
			}
		}
	}
	best, any := 0.0, false
	n := min(len(c.feats), maxCompared)
	*pairs += int64(n)
	for i := range c.feats[:n] {
		m := &c.feats[i]
		if !compatible(m, ft) {
			return 0, false
		}
		if s, ok := pairScore(m, ft); ok && s > best {
			best, any = s, true
		}
	}
	return best, any
}

// retoldBy: one of the reports copies or retells a member from document
// doc (Retells).
func (c *cluster) retoldBy(doc string, feats []feat) bool {
	for i := range c.feats {
		m := &c.feats[i]
		if m.doc != doc {
			continue
		}
		for j := range feats {
			if m.twin != 0 && m.twin == feats[j].twin || rewrittenFigures(m, &feats[j]) || rewrittenUndated(m, &feats[j]) {
				return true
			}
		}
	}
	return false
}

// retold: the report, from a rewrite of related documents, retells a
// report of one of them in the event (its figures, or its sub-type, cast
// and place with one of the two undated).
func (c *cluster) retold(ft *feat, related map[string]bool, hasDoc bool, pairs *int64) (float64, bool) {
	if len(related) == 0 || ft.family == "" || hasDoc || !c.families[ft.family] {
		return 0, false
	}
	for i := range c.feats {
		m := &c.feats[i]
		if !related[m.doc] {
			continue
		}
		*pairs++
		if rewrittenFigures(m, ft) || (rewrittenUndated(m, ft) && c.withinDays(ft)) {
			return rewrittenScore, true
		}
	}
	return 0, false
}

// withinDays: the report's date (or, undated, the weeks before its
// publication) meets the days the event's precise members give it, so
// that rewrites of rewrites do not chain an event through months.
func (c *cluster) withinDays(ft *feat) bool {
	if !c.hasDay {
		return true
	}
	switch {
	case ft.dated:
		return max(ft.lo-c.dayMax, c.dayMin-ft.hi, 0) <= max(tolerance(ft.prec), dayTolerance)
	case ft.pubOK:
		return c.dayMin <= ft.pubHi && c.dayMax >= ft.pubLo-undatedLookback
	}
	return false
}

func (c *cluster) addMember(r sitrep.Report, ft *feat) {
	c.reports = append(c.reports, r)
	c.feats = append(c.feats, *ft)
	c.fused = nil
	c.addTwin(ft)
	if ft.dated && ft.prec == 1 {
		if !c.hasDay {
			c.dayMin, c.dayMax, c.hasDay = ft.lo, ft.lo, true
		}
		c.dayMin, c.dayMax = min(c.dayMin, ft.lo), max(c.dayMax, ft.lo)
	}
}

func (c *cluster) addTwin(ft *feat) {
	if ft.twin == 0 {
		return
	}
	if c.twins == nil {
		c.twins, c.families = map[uint64]bool{}, map[string]bool{}
	}
	c.twins[ft.twin] = true
	c.families[ft.family] = true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Len is the number of picture events.
func (f *Fuser) Len() int { return len(f.clusters) }

// Event returns the picture event with the given id.
func (f *Fuser) Event(id int64) (sitrep.PictureEvent, bool) {
	ci, ok := f.byID[id]
	if !ok {
		return sitrep.PictureEvent{}, false
	}
	return *f.clusters[ci].picture(), true
}

// Events returns every picture event held, by id.
func (f *Fuser) Events() []sitrep.PictureEvent {
	out := make([]sitrep.PictureEvent, len(f.clusters))
	for i, c := range f.clusters {
		out[i] = *c.picture()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (c *cluster) picture() *sitrep.PictureEvent {
	if c.fused == nil {
		c.fused = fusePicture(c.id, c.reports, c.feats)
	}
	return c.fused
}
