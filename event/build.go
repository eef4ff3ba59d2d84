package event

import (
	"sort"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

// minConfidence is the confidence below which a candidate event is dropped.
const minConfidence = 0.42

// buildEvents writes the events in the contract's form, in text order.
func (d *doc) buildEvents() []sitrep.Event {
	out := []sitrep.Event{}
	var heads []int   // the head sentence of each event written
	var causes []bool // the event is told as the cause of another ("in response to")
	sort.SliceStable(d.events, func(i, j int) bool { return d.events[i].head.first < d.events[j].head.first })
	confs := make([]float64, len(d.events))
	keep := make([]bool, len(d.events))
	for i, g := range d.events {
		confs[i] = d.confidence(g)
		keep[i] = !(confs[i] < minConfidence || g.allHeading() && d.toldInBody(g) || d.bareGeneric(g))
	}
	d.inheritPlaces(keep)
	for i, g := range d.events {
		if !keep[i] {
			continue
		}
		conf := confs[i]
		h := g.head
		typ, sub := h.typ, h.sub
		ev := sitrep.Event{
			EventType:      typ,
			SubEventType:   sub,
			AssocActor1:    []sitrep.ActorRef{},
			AssocActor2:    []sitrep.ActorRef{},
			FatalityClaims: []sitrep.FatalityClaim{},
			Confidence:     round2(conf),
		}
		if t := g.time(); t != nil {
			if day, prec, ok := dateOf(t.Value); ok {
				s := day.Format("2006-01-02")
				ev.EventDate, ev.TimePrecision = &s, &prec
				ev.DateText = d.in.Text[t.Span.Start:t.Span.End]
			}
		}
		d.setActors(&ev, g)
		if p := g.place(); p != nil {
			setPlace(&ev, p.Place)
		} else if p, ok := takenCountry(&ev, g); ok {
			setPlace(&ev, p)
		}
		// evidence: the sentences, in order, once each
		seen := map[int]bool{}
		var sents []int
		for _, c := range g.cands {
			if !seen[c.sent] {
				seen[c.sent] = true
				sents = append(sents, c.sent)
			}
		}
		for _, f := range g.fatals {
			if !seen[f.sent] {
				seen[f.sent] = true
				sents = append(sents, f.sent)
			}
		}
		sort.Ints(sents)
		for _, s := range sents {
			ev.Evidence = append(ev.Evidence, d.mention(d.sents[s]))
		}
		for _, f := range g.fatals {
			ev.FatalityClaims = append(ev.FatalityClaims, d.fatalityClaim(f))
		}
		ev.Fatalities = fatalities(g.fatals)
		out = append(out, ev)
		heads = append(heads, g.head.sent)
		causes = append(causes, d.toldAsCause(g.head))
	}
	boundDates(out, heads, causes)
	for i := range out {
		out[i].ID = eventID(d.in.DocID, i+1)
	}
	return out
}

// boundDates gives an undated violent event the month of the events told
// around it when both fall in that month: a narrative that runs from "last
// week" to "October 16" places what it tells between them in October
// (precision 3, no date text).
func boundDates(out []sitrep.Event, sents []int, causes []bool) {
	const reach = 4 // sentences
	for i := range out {
		if out[i].EventDate != nil || !kinetic(out[i].EventType) || causes[i] {
			// a cause is told out of time order: it may come before both
			continue
		}
		prev, next := "", ""
		for k := i - 1; k >= 0 && sents[k] >= sents[i]-reach; k-- {
			if out[k].EventDate != nil {
				prev = *out[k].EventDate
				break
			}
		}
		for k := i + 1; k < len(out) && sents[k] <= sents[i]+reach; k++ {
			if out[k].EventDate != nil {
				next = *out[k].EventDate
				break
			}
		}
		if len(prev) < 7 || len(next) < 7 || prev[:7] != next[:7] {
			continue
		}
		s, prec := prev[:7]+"-01", 3
		out[i].EventDate, out[i].TimePrecision = &s, &prec
	}
}

// toldAsCause reports a trigger told as what another event answers: "in
// response to a series of attacks".
func (d *doc) toldAsCause(c *cand) bool {
	ca, _ := d.clause(c.first)
	for j := c.first - 1; j >= ca && j >= c.first-8; j-- {
		if d.cueBits[j]&cToExcept != 0 {
			return true
		}
	}
	return false
}

// confidence weighs the trigger and what the text says of the event.
func (d *doc) confidence(g *group) float64 {
	h := g.head
	c := 0.6 * h.weight
	// unnamed actors count only where a country names them
	n, cc := 0, ""
	if p := g.place(); p != nil {
		cc = p.Place.CountryCode
	}
	for _, m := range h.actors {
		if !isUnnamed(m.Actor) || cc != "" {
			n++
		}
	}
	if n > 0 {
		c += 0.15
	}
	if n > 1 {
		c += 0.05
	}
	if g.place() != nil {
		c += 0.1
	}
	if g.time() != nil {
		c += 0.1
	}
	if len(g.cands) > 1 {
		c += 0.05
	}
	if len(g.fatals) > 0 {
		c += 0.1
	}
	if h.anaphoric && len(g.cands) == 1 && g.time() == nil {
		// "the strikes" with nothing to refer to: probably an event not read
		c -= 0.15
	}
	if c > 0.95 {
		c = 0.95
	}
	if g.accused() {
		// an allegation, not a report
		c -= 0.15
	}
	return c
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// setActors fills actor1, actor2 and the associated actors. For violent
// events a state acts through its forces.
func (d *doc) setActors(ev *sitrep.Event, g *group) {
	var picked []sitrep.Actor
	seen := map[string]bool{}
	at := d.in.Published
	if ev.EventDate != nil {
		if t, err := time.Parse("2006-01-02", *ev.EventDate); err == nil {
			at = t
		}
	}
	if at.IsZero() {
		at = time.Now()
	}
	cc := ""
	if p := g.place(); p != nil {
		cc = p.Place.CountryCode
	}
	addFrom := func(c *cand) {
		for _, m := range c.actors {
			a := m.Actor
			if isUnnamed(a) {
				r, ok := d.resolveUnnamed(a, cc, at)
				if !ok {
					continue
				}
				a = r
			}
			if kinetic(ev.EventType) {
				a = d.forces(a, at)
			} else if ev.EventType == "Strategic developments" && (ev.SubEventType == "Agreement" || ev.SubEventType == "Other") {
				a = d.government(a, at)
			}
			if seen[a.ID] {
				continue
			}
			seen[a.ID] = true
			picked = append(picked, a)
		}
	}
	addFrom(g.head)
	headN := len(picked)
	if len(picked) < 2 {
		for _, c := range g.cands {
			if c != g.head {
				addFrom(c)
			}
		}
	}
	picked = namedPerpetrator(picked, headN)
	assoc := map[string]bool{}
	for _, c := range g.cands {
		for _, m := range c.assoc {
			if !assoc[m.Actor.ID] && !seen[m.Actor.ID] {
				assoc[m.Actor.ID] = true
				ev.AssocActor1 = append(ev.AssocActor1, sitrep.ActorRef{ID: m.Actor.ID, Name: m.Actor.Name})
			}
		}
	}
	picked = d.impliedSides(ev, g, picked, at)
	picked = d.unnamedBomber(ev, g, picked, cc, at)
	picked = d.unnamedKiller(ev, g, picked, cc, at)
	if len(picked) >= 2 && (kinetic(ev.EventType) || ev.EventType == "Strategic developments") {
		d.pairs = append(d.pairs, sidePair{sent: g.lastSent(), typ: ev.EventType, a: picked[0], b: picked[1]})
	} else if len(picked) == 1 && ev.SubEventType == "Air/drone strike" {
		d.pairs = append(d.pairs, sidePair{sent: g.lastSent(), typ: ev.EventType, a: picked[0]})
	}
	if len(picked) > 0 {
		ev.Actor1 = &sitrep.ActorRef{ID: picked[0].ID, Name: picked[0].Name}
	}
	if len(picked) > 1 {
		ev.Actor2 = &sitrep.ActorRef{ID: picked[1].ID, Name: picked[1].Name}
	}
}

// namedPerpetrator lets a named armed group told in another sentence of the
// event ("Al Shabaab claimed the attack") stand for the unnamed perpetrator
// of the head ("a suicide bomber killed ten people"): they are one side.
func namedPerpetrator(picked []sitrep.Actor, headN int) []sitrep.Actor {
	if len(picked) < 2 || headN == 0 || !strings.HasPrefix(picked[0].ID, UnidentifiedPrefix) {
		return picked
	}
	for k := headN; k < len(picked); k++ {
		if a := picked[k]; a.Type == sitrep.ActorArmedGroup && !strings.HasPrefix(a.ID, UnidentifiedPrefix) {
			out := append([]sitrep.Actor{a}, picked[1:k]...)
			return append(out, picked[k+1:]...)
		}
	}
	return picked
}

// unnamedKiller gives a killing or abduction told in the passive with its
// victims only ("two soldiers were killed in Mopti") ACLED's unidentified armed group
// of the country as actor1.
func (d *doc) unnamedKiller(ev *sitrep.Event, g *group, picked []sitrep.Actor, cc string, at time.Time) []sitrep.Actor {
	h := g.head
	if h.accused || !d.passiveAt(h.first) || ev.EventType != "Battles" && ev.EventType != "Violence against civilians" {
		return picked
	}
	switch {
	case len(picked) == 0 && len(h.actors) == 0 && ev.EventType == "Violence against civilians":
		// "five villagers were abducted"
	case len(picked) == 1 && picked[0].Type != sitrep.ActorArmedGroup && len(h.actors) > 0:
	default:
		return picked
	}
	trig := d.toks[h.first].Start
	for _, m := range h.actors {
		if m.Span.Start > trig {
			return picked
		}
	}
	a, ok := d.resolveUnnamed(unnamedArmed, cc, at)
	if !ok {
		return picked
	}
	return append([]sitrep.Actor{a}, picked...)
}

// unnamedBomber gives a bombing told without its perpetrator ("a roadside
// bomb killed two soldiers") ACLED's unidentified armed group of the country
// as actor1; the named victims become actor2. Air strikes and shelling are
// left alone: they are a state's or a named side's.
func (d *doc) unnamedBomber(ev *sitrep.Event, g *group, picked []sitrep.Actor, cc string, at time.Time) []sitrep.Actor {
	switch ev.SubEventType {
	case "Remote explosive/landmine/IED", "Suicide bomb", "Grenade":
	default:
		return picked
	}
	if len(picked) > 1 || g.head.accused {
		return picked
	}
	if len(picked) == 1 && picked[0].Type == sitrep.ActorArmedGroup {
		return picked // an armed group is the bomber, not its victim
	}
	if len(picked) == 1 {
		// a perpetrator named before the trigger stays actor1; unnamed
		// forces there are its victims ("two soldiers were killed when
		// their vehicle hit a landmine")
		trig := d.toks[g.head.first].Start
		for _, m := range g.head.actors {
			if m.Span.Start < trig && (!isUnnamed(m.Actor) || m.Actor.ID == unnamedArmed.ID) {
				return picked
			}
		}
		if len(g.head.actors) == 0 {
			return picked // the side came from another sentence
		}
	}
	a, ok := d.resolveUnnamed(unnamedArmed, cc, at)
	if !ok {
		return picked
	}
	return append([]sitrep.Actor{a}, picked...)
}

// sidePair is the sides of an event already written (b is empty for a
// strike told with its striker only).
type sidePair struct {
	sent int
	typ  string
	a, b sitrep.Actor
}

// impliedSides fills sides the text leaves to context: a ceasefire told
// without its parties is between the sides of the fighting told before it
// (as governments); fighting told as going on, again or in return with one side or
// none ("clashes resumed", "the hostilities") is fought by the sides of the
// last clash told shortly before that share the named side.
func (d *doc) impliedSides(ev *sitrep.Event, g *group, picked []sitrep.Actor, at time.Time) []sitrep.Actor {
	switch {
	case ev.EventType == "Strategic developments" && ev.SubEventType == "Agreement" && len(picked) == 0:
		for k := len(d.pairs) - 1; k >= 0; k-- {
			p := d.pairs[k]
			if p.sent < g.first()-10 {
				break
			}
			if kinetic(p.typ) && p.b.ID != "" {
				return []sitrep.Actor{d.government(p.a, at), d.government(p.b, at)}
			}
		}
	case ev.SubEventType == "Air/drone strike" && !hasState(picked):
		// air power is a state's: unnamed strikes are flown by whoever flew
		// the strikes told shortly before
		for k := len(d.pairs) - 1; k >= 0; k-- {
			p := d.pairs[k]
			if p.sent < g.first()-8 {
				break
			}
			if p.typ == ev.EventType && p.a.Type == sitrep.ActorState {
				return append([]sitrep.Actor{p.a}, picked...)
			}
		}
	case ev.EventType == "Battles" && len(picked) < 2 && d.toldBefore(g):
		for k := len(d.pairs) - 1; k >= 0; k-- {
			p := d.pairs[k]
			if p.sent < g.first()-6 {
				break
			}
			if p.typ != "Battles" || p.b.ID == "" {
				continue
			}
			if len(picked) == 0 {
				return []sitrep.Actor{p.a, p.b}
			}
			switch picked[0].ID {
			case p.a.ID:
				return append(picked, p.b)
			case p.b.ID:
				return append(picked, p.a)
			}
		}
	}
	return picked
}

func hasState(as []sitrep.Actor) bool {
	for _, a := range as {
		if a.Type == sitrep.ActorState {
			return true
		}
	}
	return false
}

// toldBefore reports fighting told as the sequel of fighting already told:
// "the clashes", "clashes continued", "fighting resumed", "X retaliated".
func (d *doc) toldBefore(g *group) bool {
	for _, c := range g.cands {
		if c.anaphoric || c.cont || c.again || strings.HasPrefix(d.word(c.first), "retaliat") {
			return true
		}
	}
	return false
}

// forces maps a state's government to its armed forces: the hook when
// given, else ACLED's naming ("Military Forces of Pakistan", id
// "pakistan-military") for actors named like a government or a country.
func (d *doc) forces(a sitrep.Actor, at time.Time) sitrep.Actor {
	if a.Type != sitrep.ActorState || strings.Contains(a.ID, "police") || strings.Contains(a.ID, "military") {
		return a
	}
	if d.in.Forces != nil {
		if f, ok := d.in.Forces(a.ID, at); ok {
			return f
		}
		return a
	}
	return forcesOf(a)
}

// government maps a state's forces to its government for agreements and
// talks ("a ceasefire between Pakistani and Afghan forces").
func (d *doc) government(a sitrep.Actor, at time.Time) sitrep.Actor {
	if d.in.Government == nil || a.Type != sitrep.ActorState || a.Country == "" || !strings.HasSuffix(a.ID, "-military") {
		return a
	}
	if g, ok := d.in.Government(a.Country, at); ok {
		return g
	}
	return a
}

// forcesOf is the naming rule used without a hook.
func forcesOf(a sitrep.Actor) sitrep.Actor {
	id := a.ID
	if strings.Contains(id, "military") || strings.Contains(id, "police") || strings.Contains(id, "army") {
		return a
	}
	stem := ""
	switch {
	case strings.HasSuffix(id, "-gov"):
		stem = strings.TrimSuffix(id, "-gov")
	case id == slug(a.Name):
		stem = id
	default:
		return a
	}
	country := strings.TrimPrefix(a.Name, "Government of ")
	return sitrep.Actor{ID: stem + "-military", Name: "Military Forces of " + country, Type: sitrep.ActorState, Country: a.Country}
}

func slug(s string) string {
	return strings.ReplaceAll(text.Key(s), " ", "-")
}

// inheritPlaces gives an event without a place the place of a trigger
// of its sentence that makes no event: "rioters torched vehicles and
// attacked shops in Muridke" tells one riot, and the place "attacked" took
// as the nearer trigger is the riot's.
func (d *doc) inheritPlaces(keep []bool) {
	for i, g := range d.events {
		if !keep[i] || g.place() != nil || g.head.anaphoric {
			continue
		}
		for j, o := range d.events {
			if !keep[j] && o.head.sent == g.head.sent && o.place() != nil {
				g.head.place = o.place()
				break
			}
		}
	}
}

// takenCountry places a change of power told without a place ("since the
// Taliban returned to power") in the country of the side that took it.
func takenCountry(ev *sitrep.Event, g *group) (sitrep.Place, bool) {
	if ev.SubEventType != "Non-violent transfer of territory" {
		return sitrep.Place{}, false
	}
	for _, m := range g.head.actors {
		if m.Actor.Type != sitrep.ActorState && m.Actor.Type != sitrep.ActorArmedGroup || m.Actor.Country == "" {
			continue
		}
		name, ok := countryNames[m.Actor.Country]
		if !ok {
			return sitrep.Place{}, false
		}
		return sitrep.Place{ID: strings.ToLower(m.Actor.Country), Name: name, Kind: sitrep.PlaceCountry, CountryCode: m.Actor.Country}, true
	}
	return sitrep.Place{}, false
}

// setPlace writes the place fields; geo_precision follows ACLED: 1 a town,
// 2 a district or part of a region, 3 a province, country or vaguer.
func setPlace(ev *sitrep.Event, p sitrep.Place) {
	ev.Location = p.Name
	ev.CountryCode = p.CountryCode
	ev.Country = countryName(p)
	ev.Admin1, ev.Admin2 = p.Admin1, p.Admin2
	if p.HasCoords {
		lat, lon := p.Lat, p.Lon
		ev.Latitude, ev.Longitude = &lat, &lon
	}
	prec := 3
	switch p.Kind {
	case sitrep.PlaceCity, sitrep.PlaceVillage, sitrep.PlaceFeature:
		prec = 1
	case sitrep.PlaceAdmin2, sitrep.PlaceRegion:
		prec = 2
	}
	ev.GeoPrecision = &prec
}

func countryName(p sitrep.Place) string {
	if p.Kind == sitrep.PlaceCountry {
		return p.Name
	}
	if n, ok := countryNames[p.CountryCode]; ok {
		return n
	}
	return ""
}

// fatalityClaim writes one figure in the contract's form.
func (d *doc) fatalityClaim(f *fatal) sitrep.FatalityClaim {
	fc := sitrep.FatalityClaim{Count: f.count, CountMax: f.max, Qualifier: f.qual, Victims: f.victims, Injured: f.injured, Mention: d.mention(f.span)}
	if f.claim != nil && len(f.claim.claimants) > 0 {
		a := f.claim.claimants[0].Actor
		if isUnnamed(a) {
			r, ok := d.resolveUnnamed(a, d.countryNear(f.claim.sent), d.atOfClaim())
			if !ok {
				return fc
			}
			a = r
		}
		fc.Claimant = &sitrep.ActorRef{ID: a.ID, Name: a.Name}
	}
	return fc
}

// fatalities applies ACLED's rule (sitrep.LowestCredible) to the figures of
// the dead; injuries never count.
func fatalities(fs []*fatal) *int {
	var tolls []sitrep.Toll
	for _, f := range fs {
		if !f.injured {
			tolls = append(tolls, sitrep.Toll{Count: f.count, Group: f.group, ByReporter: f.claim == nil})
		}
	}
	return sitrep.LowestCredible(tolls)
}

func (g *group) allHeading() bool {
	for _, c := range g.cands {
		if !c.heading {
			return false
		}
	}
	return true
}

// toldInBody reports another event of the same type outside headings.
func (d *doc) toldInBody(g *group) bool {
	for _, o := range d.events {
		if o != g && o.head.typ == g.head.typ && !o.allHeading() {
			return true
		}
	}
	return false
}

// bareGeneric reports an event read only from a plural generic word
// ("attacks") with no date and no place finer than a country: talk about
// attacks in general, not a report of one.
func (d *doc) bareGeneric(g *group) bool {
	for _, c := range g.cands {
		if c.trig.sub != "*" && !c.trig.weak || c.cross && len(c.actors) >= 2 {
			// a named trigger, or attacks across a border told with both sides
			return false
		}
		if w := d.word(c.last - 1); !strings.HasSuffix(w, "s") {
			return false
		}
	}
	if g.time() != nil {
		return false
	}
	p := g.place()
	return p == nil || p.Place.Kind == sitrep.PlaceCountry || p.Place.Kind == sitrep.PlaceRegion
}
