package fuse

import (
	"sort"

	sitrep "github.com/sitrep-dev/sitrep"
)

// Fuser keeps the picture events built so far and adds reports to them.
// Picture event ids count from 1 in order of creation and never change:
// a later report that would bridge two events joins the better one, and
// events are not merged. Feeding the same reports in the same order (for
// a rebuild from a store) gives the same picture.
// Each new report is compared only with picture events indexed under its
// weeks, type category and actors' sides, so adding stays about constant in cost
// when documents keep arriving at a steady rate. Not safe for concurrent use.
type Fuser struct {
	clusters []*cluster
	// index maps (type category|side, week) to picture events with a
	// member there; side "*" holds every event, "-" those with an
	// actorless member.
	index map[bucket][]int32
	stamp []uint32 // per cluster, to dedupe candidates
	epoch uint32
	stats Stats
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
	docs    map[string]bool
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
func New() *Fuser { return &Fuser{index: map[bucket][]int32{}} }

// Add fuses reports into the picture and returns the picture events they
// created or joined, by event id. Within one call, dated reports go first,
// in the order given, so undated ones meet the incidents they may belong
// to; the result depends only on the calls' contents and order.
func (f *Fuser) Add(reports ...sitrep.Report) []Change {
	feats := make([]feat, len(reports))
	order := make([]int, len(reports))
	for i, r := range reports {
		feats[i] = featOf(r)
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool { return feats[order[x]].dated && !feats[order[y]].dated })
	changes := map[int64]*Change{}
	for _, i := range order {
		ft := &feats[i]
		best, bestScore := -1, 0.0
		f.stats.Reports++
		cands := f.candidates(ft)
		f.stats.Candidates += int64(len(cands))
		for _, c := range cands {
			if s, ok := f.clusters[c].score(ft, &f.stats.Pairs); ok && (s > bestScore || (s == bestScore && c < int32(best))) {
				best, bestScore = int(c), s
			}
		}
		var c *cluster
		kind := Grown
		if best < 0 {
			c = &cluster{id: int64(len(f.clusters) + 1)}
			f.clusters = append(f.clusters, c)
			f.stamp = append(f.stamp, 0)
			kind = Created
		} else {
			c = f.clusters[best]
		}
		c.addMember(reports[i], ft)
		f.indexFeat(int32(c.id-1), ft)
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
func (f *Fuser) candidates(ft *feat) []int32 {
	lo, hi, ok := lookupDays(ft)
	if !ok {
		return nil
	}
	cat := category(ft)
	f.epoch++
	var out []int32
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
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// score is the best pair score between the report and the event's first
// members (single link on evidence), provided the report contradicts none
// of them (complete link on vetoes: a coarse member, "in October", "in
// Paktika", must not let in a report that the precise members rule out).
// A document already in the event keeps the report out unless it is an
// exact double.
func (c *cluster) score(ft *feat, pairs *int64) (float64, bool) {
	if ft.dated && c.hasDay {
		gap := max(ft.lo-c.dayMax, c.dayMin-ft.hi, 0)
		if ft.prec == 1 {
			gap = max(ft.lo-c.dayMin, c.dayMax-ft.lo)
		}
		if gap > max(tolerance(ft.prec), dayTolerance) {
			return 0, false
		}
	}
	if c.docs[ft.doc] {
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

func (c *cluster) addMember(r sitrep.Report, ft *feat) {
	c.reports = append(c.reports, r)
	c.feats = append(c.feats, *ft)
	c.fused = nil
	if c.docs == nil {
		c.docs = map[string]bool{}
	}
	c.docs[ft.doc] = true
	if ft.dated && ft.prec == 1 {
		if !c.hasDay {
			c.dayMin, c.dayMax, c.hasDay = ft.lo, ft.lo, true
		}
		c.dayMin, c.dayMax = min(c.dayMin, ft.lo), max(c.dayMax, ft.lo)
	}
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
	if id < 1 || id > int64(len(f.clusters)) {
		return sitrep.PictureEvent{}, false
	}
	return *f.clusters[id-1].picture(), true
}

// Events returns every picture event, by id.
func (f *Fuser) Events() []sitrep.PictureEvent {
	out := make([]sitrep.PictureEvent, len(f.clusters))
	for i, c := range f.clusters {
		out[i] = *c.picture()
	}
	return out
}

func (c *cluster) picture() *sitrep.PictureEvent {
	if c.fused == nil {
		c.fused = fusePicture(c.id, c.reports, c.feats)
	}
	return c.fused
}
