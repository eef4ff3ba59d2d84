package event

import (
	"sort"
	"strconv"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
)

// group is one event: the candidates that tell it.
type group struct {
	cands  []*cand
	head   *cand
	fatals []*fatal
	coTime *sitrep.TimeExpr // the date of an event told as happening at the same time
}

func (g *group) first() int { return g.cands[0].sent }
func (g *group) lastSent() int {
	s := 0
	for _, c := range g.cands {
		s = max(s, c.sent)
	}
	return s
}

func (g *group) add(c *cand) {
	g.cands = append(g.cands, c)
	if g.head == nil || (g.head.trig.weak && !c.trig.weak) || (!c.trig.weak && c.weight > g.head.weight && c.sent == g.head.sent) {
		g.head = c
	}
}

// time is the group's date: the head's, else the first candidate's.
func (g *group) time() *sitrep.TimeExpr {
	if g.head.time != nil {
		return g.head.time
	}
	for _, c := range g.cands {
		if c.time != nil {
			return c.time
		}
	}
	return g.coTime
}

func (g *group) place() *sitrep.PlaceMention {
	if g.head.place != nil {
		return g.head.place
	}
	for _, c := range g.cands {
		if c.place != nil {
			return c.place
		}
	}
	return nil
}

func (g *group) allWeak() bool {
	for _, c := range g.cands {
		if !c.trig.weak {
			return false
		}
	}
	return true
}

func kinetic(typ string) bool {
	return typ == "Battles" || typ == "Explosions/Remote violence" || typ == "Violence against civilians"
}

// compatible reports whether two candidates can tell one event.
func compatible(a, b *cand) bool {
	if a.typ == b.typ {
		// strategic developments of different sub-types are different events
		return a.typ != "Strategic developments" || a.sub == b.sub
	}
	// a protest that turns violent is one riot
	if a.typ == "Protests" && b.typ == "Riots" || a.typ == "Riots" && b.typ == "Protests" {
		return a.sent == b.sent
	}
	// destruction told with a riot or an attack is part of it
	if a.sub == "Looting/property destruction" && (kinetic(b.typ) || b.typ == "Riots" || b.typ == "Protests") ||
		b.sub == "Looting/property destruction" && (kinetic(a.typ) || a.typ == "Riots" || a.typ == "Protests") {
		return a.sent == b.sent
	}
	if (a.trig.weak || a.trig.sub == "*") && kinetic(a.typ) && kinetic(b.typ) {
		return true
	}
	if (b.trig.weak || b.trig.sub == "*") && kinetic(a.typ) && kinetic(b.typ) {
		return true
	}
	return false
}

// timeConflict reports two dates that cannot be the same day.
func timeConflict(a, b *sitrep.TimeExpr) bool {
	if a == nil || b == nil {
		return false
	}
	va, vb := a.Value, b.Value
	if i := strings.IndexByte(va, 'T'); i > 0 {
		va = va[:i]
	}
	if i := strings.IndexByte(vb, 'T'); i > 0 {
		vb = vb[:i]
	}
	if strings.HasPrefix(va, vb) || strings.HasPrefix(vb, va) {
		return false
	}
	da, pa, oka := dateOf(a.Value)
	db, pb, okb := dateOf(b.Value)
	if !oka || !okb {
		return false
	}
	if pa == 2 || pb == 2 {
		// a week and a day: conflict only when more than a week apart
		diff := da.Sub(db)
		if diff < 0 {
			diff = -diff
		}
		return diff > 7*24*time.Hour
	}
	return true
}

// placeConflict reports two places that cannot hold one event.
func placeConflict(a, b *sitrep.PlaceMention) bool {
	if a == nil || b == nil || a.Place.ID == b.Place.ID {
		return false
	}
	pa, pb := a.Place, b.Place
	if pa.CountryCode != "" && pb.CountryCode != "" && pa.CountryCode != pb.CountryCode {
		return true
	}
	// a place inside the other
	if pa.Kind == sitrep.PlaceCountry || pb.Kind == sitrep.PlaceCountry || pa.Kind == sitrep.PlaceRegion || pb.Kind == sitrep.PlaceRegion {
		return false
	}
	if pa.Admin1 != "" && (pa.Admin1 == pb.Admin1 || pa.Admin1 == pb.Name) || pb.Admin1 == pa.Name {
		return false
	}
	return true
}

// actorConflict reports two candidates whose named actors share nobody.
func actorConflict(a, b *cand) bool {
	if len(a.actors) == 0 || len(b.actors) == 0 {
		return false
	}
	for _, x := range a.actors {
		for _, y := range b.actors {
			if x.Actor.ID == y.Actor.ID || x.Actor.Country != "" && x.Actor.Country == y.Actor.Country {
				return false
			}
		}
	}
	return true
}

// merge groups candidates into events: one incident, one event.
func (d *doc) merge() {
	sort.SliceStable(d.cands, func(i, j int) bool { return d.cands[i].first < d.cands[j].first })
	var groups []*group
	for i := 0; i < len(d.cands); {
		// the candidates of one sentence
		j := i
		for j < len(d.cands) && d.cands[j].sent == d.cands[i].sent {
			j++
		}
		var local []*group
		for _, c := range d.cands[i:j] {
			placed := false
			for _, g := range local {
				if d.separate(g.head, c) {
					continue
				}
				if compatible(g.head, c) && !timeConflict(g.time(), c.time) && (c.time == nil || g.time() != nil || !c.trig.weak) &&
					!(c.time != nil && g.time() != nil && c.time.Span != g.time().Span && c.typ == "Strategic developments") {
					g.add(c)
					placed = true
					break
				}
			}
			if !placed {
				g := &group{}
				g.add(c)
				local = append(local, g)
			}
		}
		for _, g := range local {
			if target := d.mergeTarget(groups, g); target != nil {
				target.cands = append(target.cands, g.cands...)
				continue
			}
			groups = append(groups, g)
		}
		i = j
	}
	d.events = groups
	// Casualty figures go to the event of their sentence, else to the last
	// violent event told just before.
	for _, f := range d.fatals {
		if g := d.eventFor(f); g != nil {
			g.fatals = append(g.fatals, f)
			f.attached = true
		}
	}
}

// coincidences dates an undated event by the event its sentence ties it to:
// "X was in Kabul for talks when the strikes hit", "the clashes coincided
// with Y's visit", "the last time Pakistan attacked …, Y was visiting";
// "This at a time when …" ties to the sentence before.
func (d *doc) coincidences() {
	for _, g := range d.events {
		if g.time() != nil {
			continue
		}
		for _, c := range g.cands {
			si := c.sent
			a, b := d.sentTok[si][0], d.sentTok[si][1]
			cue := -1
			for j := a; j < b; j++ {
				if d.cueAt(j, cCoincide) {
					cue = j
					break
				}
			}
			if cue < 0 {
				continue
			}
			sents := []int{si}
			if w := d.word(a); cue < a+4 && (w == "this" || w == "that" || w == "it") && si > 0 {
				sents = append(sents, si-1)
			}
			if t := d.timeOfSentences(g, sents, c.first); t != nil {
				g.coTime = t
				break
			}
		}
	}
}

// timeOfSentences is the date of the nearest other event told in the given
// sentences, from its own wording in those sentences or from its group.
func (d *doc) timeOfSentences(g *group, sents []int, tok int) *sitrep.TimeExpr {
	var best *sitrep.TimeExpr
	bestDist := 1 << 30
	for _, o := range d.events {
		if o == g || o.accused() {
			continue
		}
		t := o.time()
		if t == nil {
			continue
		}
		for _, c := range o.cands {
			for _, s := range sents {
				if c.sent == s {
					if dist := tokDist(c.first, tok); dist < bestDist {
						best, bestDist = t, dist
					}
				}
			}
		}
	}
	return best
}

// mergeTarget finds the earlier event that g tells again, if any.
func (d *doc) mergeTarget(groups []*group, g *group) *group {
	h := g.head
	sent := h.sent
	if g.accused() {
		// an event told as the object of blame is kept apart: it may be
		// another report's event, or none
		return nil
	}
	if g.allWeak() {
		// "the operations": the violent event told most recently
		var best *group
		for k := len(groups) - 1; k >= 0; k-- {
			p := groups[k]
			if p.accused() || p.lastSent() < sent-3 {
				continue
			}
			if kinetic(p.head.typ) && !timeConflict(p.time(), g.time()) && (best == nil || p.lastSent() > best.lastSent()) {
				best = p
			}
		}
		return best
	}
	if h.again {
		return nil
	}
	// "Clashes continued: … its forces took control of 21 positions": a
	// sentence that refers back carries its other triggers along
	for _, c := range g.cands {
		if (c.anaphoric || c.cont) && !c.again && !h.anaphoric && !h.cont && kinetic(c.typ) && c.typ == h.typ {
			h = c
			break
		}
	}
	if h.anaphoric || h.cont {
		// "the strikes" refers to the last event of its own kind when there
		// is one, even when another kind of violence was told in between
		// ("in response to suicide bombings"); else to the last compatible.
		var fallback *group
		for k := len(groups) - 1; k >= 0; k-- {
			p := groups[k]
			if p.accused() {
				// an allegation takes nothing told after it
				continue
			}
			if p.lastSent() < sent-20 {
				break
			}
			if t := g.time(); t != nil && p.time() == nil && t.Span.End <= d.toks[h.first].Start && d.tokenAt(t.Span.Start) >= h.first-3 {
				// "the October hostilities": a date inside the reference names
				// another, dated event
				continue
			}
			if compatible(p.head, h) && p.head.typ == typeOf(h, p.head) && !timeConflict(p.time(), g.time()) && !placeConflict(p.place(), g.place()) {
				if p.head.sub == h.sub || h.trig.sub == "*" {
					return p
				}
				if fallback == nil {
					fallback = p
				}
			}
		}
		return fallback
	}
	for k := len(groups) - 1; k >= 0; k-- {
		p := groups[k]
		if p.lastSent() != sent-1 {
			continue
		}
		if compatible(p.head, h) && typeOf(h, p.head) == p.head.typ && g.time() == nil &&
			(h.sub == p.head.sub || h.trig.sub == "*" || p.head.trig.sub == "*" || h.typ == "Battles") &&
			!placeConflict(p.place(), g.place()) && (h.typ == "Battles" || !actorConflict(p.head, h)) && kinetic(h.typ) {
			return p
		}
	}
	// The same development told again: same sub-type, same actor, no date of
	// its own. (Violent events are not joined this way: a second attack by
	// the same side is usually another attack.)
	if g.time() == nil && len(h.actors) > 0 && h.typ == "Strategic developments" {
		for k := len(groups) - 1; k >= 0; k-- {
			p := groups[k]
			if p.accused() {
				// an allegation takes nothing told after it
				continue
			}
			if p.lastSent() < sent-12 {
				break
			}
			if p.head.typ == h.typ && p.head.sub == h.sub && len(p.head.actors) > 0 && p.head.actors[0].Actor.ID == h.actors[0].Actor.ID &&
				!placeConflict(p.place(), g.place()) {
				return p
			}
		}
	}
	return nil
}

// typeOf is the type h takes when it joins an event headed by p: generic
// attacks take the event's type.
func typeOf(h, p *cand) string {
	if h.trig.weak || h.trig.sub == "*" && !h.resolved {
		return p.typ
	}
	return h.typ
}

// eventFor is the event a casualty figure belongs to: the event of its
// sentence told before it, else the violent event told just before. An
// event told only as the object of blame takes figures told after it in its
// own sentence, never figures of other sentences.
func (d *doc) eventFor(f *fatal) *group {
	var best *group
	for _, g := range d.events {
		if !kinetic(g.head.typ) {
			continue
		}
		for _, c := range g.cands {
			if c.sent != f.sent || c.accused && c.first > f.tok {
				continue
			}
			if best == nil || c.first <= f.tok && (!c.accused || best.accused()) {
				best = g
			}
		}
	}
	if best != nil {
		return best
	}
	// else the violent event told last before the figure
	bestSent := -1
	for _, g := range d.events {
		if !kinetic(g.head.typ) || g.accused() {
			continue
		}
		for _, c := range g.cands {
			if c.sent < f.sent && c.sent >= f.sent-2 && c.sent > bestSent {
				best, bestSent = g, c.sent
			}
		}
	}
	return best
}

// accused reports an event told only as the object of blame.
func (g *group) accused() bool {
	for _, c := range g.cands {
		if !c.accused {
			return false
		}
	}
	return true
}

// dateOf reads a TIMEX3 date value as the first day of its period and the
// ACLED time precision: 1 day, 2 week, 3 month or vaguer (a bare year is
// read as its 1 January with precision 3; date_text keeps the wording).
func dateOf(v string) (time.Time, int, bool) {
	if i := strings.IndexByte(v, 'T'); i > 0 {
		v = v[:i]
	}
	switch {
	case len(v) == 10 && v[4] == '-' && v[7] == '-':
		t, err := time.Parse("2006-01-02", v)
		return t, 1, err == nil
	case len(v) >= 8 && v[4] == '-' && v[5] == 'W':
		y, err1 := strconv.Atoi(v[:4])
		w, err2 := strconv.Atoi(v[6:8])
		if err1 != nil || err2 != nil || w < 1 || w > 53 {
			return time.Time{}, 0, false
		}
		// Monday of ISO week w: 4 January is always in week 1.
		jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
		wd := int(jan4.Weekday()+6) % 7
		mon := jan4.AddDate(0, 0, -wd+(w-1)*7)
		if strings.HasSuffix(v, "-WE") {
			return mon.AddDate(0, 0, 5), 2, true
		}
		return mon, 2, true
	case len(v) == 7 && v[4] == '-':
		if v[5] == 'Q' {
			q, err := strconv.Atoi(v[6:])
			y, err2 := strconv.Atoi(v[:4])
			if err != nil || err2 != nil || q < 1 || q > 4 {
				return time.Time{}, 0, false
			}
			return time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC), 3, true
		}
		t, err := time.Parse("2006-01", v)
		return t, 3, err == nil
	case len(v) == 4:
		y, err := strconv.Atoi(v)
		if err != nil || y < 1000 {
			return time.Time{}, 0, false
		}
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), 3, true
	}
	return time.Time{}, 0, false
}

// hasSubject reports an actor named before the trigger in its own clause.
func (d *doc) hasSubject(c *cand) bool {
	if len(c.actors) == 0 {
		return false
	}
	ca, _ := d.clause(c.first)
	m := c.actors[0]
	return m.Span.Start < d.toks[c.first].Start && m.Span.Start >= d.toks[ca].Start
}

// separate reports two triggers of one sentence that tell different events:
// strategic developments of different sub-types or different actors, and
// events told in sequence ("an attack … and then strikes").
func (d *doc) separate(a, b *cand) bool {
	if a.typ == "Strategic developments" && b.typ == "Strategic developments" {
		// "X travelled to Delhi … and met Indian officials": a verb without
		// a subject of its own shares the one before
		if a.sub != b.sub || actorConflict(a, b) && d.hasSubject(a) && d.hasSubject(b) {
			return true
		}
	}
	if a.accused != b.accused {
		// an event told as the object of blame is not the one reported
		return true
	}
	if (a.cont || a.anaphoric || b.cont || b.anaphoric) && a.typ == b.typ && kinetic(a.typ) {
		// "Clashes continued: Pakistan later said its forces took 21
		// posts": steps of the fighting already told
		return false
	}
	lo, hi := a.last, b.first
	if lo > hi {
		lo, hi = b.last, a.first
	}
	for j := lo; j < hi; j++ {
		switch d.word(j) {
		case "then", "later":
			return true
		case "after", "before", "following":
			// "clashes, which began after forces opened fire" tell one fight;
			// "strikes … days after an attack", or events of other types, two
			if a.typ != b.typ || j > 0 && d.cueBits[j-1]&cUnit != 0 || isNumber(d.word(j-1)) || timeConflict(a.time, b.time) {
				return true
			}
		}
	}
	return false
}
