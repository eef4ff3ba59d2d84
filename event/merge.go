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
	return nil
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

// mergeTarget finds the earlier event that g tells again, if any.
func (d *doc) mergeTarget(groups []*group, g *group) *group {
	h := g.head
	sent := h.sent
	if g.allWeak() {
		for k := len(groups) - 1; k >= 0; k-- {
			p := groups[k]
			if p.lastSent() < sent-3 {
				break
			}
			if kinetic(p.head.typ) && !timeConflict(p.time(), g.time()) {
				return p
			}
		}
		return nil
	}
	if h.again {
		return nil
	}
	if h.anaphoric || h.cont {
		for k := len(groups) - 1; k >= 0; k-- {
			p := groups[k]
			if p.lastSent() < sent-20 {
				break
			}
			if t := g.time(); t != nil && p.time() == nil && t.Span.End <= d.toks[h.first].Start && d.tokenAt(t.Span.Start) >= h.first-3 {
				// "the October hostilities": a date inside the reference names
				// another, dated event
				continue
			}
			if compatible(p.head, h) && p.head.typ == typeOf(h, p.head) && !timeConflict(p.time(), g.time()) && !placeConflict(p.place(), g.place()) {
				return p
			}
		}
		return nil
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

// eventFor is the event a casualty figure belongs to.
func (d *doc) eventFor(f *fatal) *group {
	var best *group
	for _, g := range d.events {
		for _, c := range g.cands {
			if c.sent == f.sent && kinetic(g.head.typ) {
				if best == nil || c.first <= f.tok {
					best = g
				}
			}
		}
	}
	if best != nil {
		return best
	}
	for k := len(d.events) - 1; k >= 0; k-- {
		g := d.events[k]
		if g.first() > f.sent {
			continue
		}
		if g.lastSent() < f.sent-2 {
			break
		}
		if kinetic(g.head.typ) {
			return g
		}
	}
	return nil
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

// separate reports two triggers of one sentence that tell different events:
// strategic developments of different sub-types or different actors, and
// events told in sequence ("an attack … and then strikes").
func (d *doc) separate(a, b *cand) bool {
	if a.typ == "Strategic developments" && b.typ == "Strategic developments" {
		if a.sub != b.sub || actorConflict(a, b) {
			return true
		}
	}
	lo, hi := a.last, b.first
	if lo > hi {
		lo, hi = b.last, a.first
	}
	for j := lo; j < hi; j++ {
		switch d.word(j) {
		case "then", "after", "before", "following", "later":
			return true
		}
	}
	return false
}
