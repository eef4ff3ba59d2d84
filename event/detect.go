package event

import (
	"sort"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
)

// cand is one trigger that reports an event, with what its clause says.
type cand struct {
	sent        int
	first, last int // trigger tokens
	trig        *trigger
	typ, sub    string
	weight      float64
	anaphoric   bool // "the clashes": refers to an event already told
	cont        bool // "clashes continued"
	again       bool // "flared again": a new occurrence
	heading     bool // told in a heading: the body tells it again
	accused     bool // only the object of an accusation: "blamed for a string of bombings"
	resolved    bool // a generic attack typed by its target or sides
	civTarget   bool // a generic attack on civilians
	ground      bool // a generic attack on posts or troops
	cross       bool // a generic attack typed a strike across a border
	time        *sitrep.TimeExpr
	place       *sitrep.PlaceMention
	actors      []sitrep.ActorMention // actor1, actor2 candidates in order
	assoc       []sitrep.ActorMention
}

var passiveAux = map[string]bool{"was": true, "were": true, "be": true, "been": true, "is": true, "are": true, "being": true}

// findCandidates reads every trigger that reports a real event.
func (d *doc) findCandidates() {
	for _, m := range d.trigs {
		i := m.First
		if d.tokSent[i] < 0 {
			continue
		}
		si := int(d.tokSent[i])
		t := &lex.triggers[m.IDs[0]]
		if t.notPassive && passiveAux[d.word(i-1)] {
			continue
		}
		ca, cb := d.clause(i)
		if t.crowd && !d.hasCue(d.sentTok[si][0], d.sentTok[si][1], cCrowd) {
			continue
		}
		if t.group && !d.hasGroup(ca, cb) {
			continue
		}
		if t.border && !d.hasCue(m.Last, min(cb, m.Last+5), cBorder) {
			continue
		}
		if d.irrealis(i, ca) || d.irrealisAfter(m.Last, cb) {
			continue
		}
		c := &cand{sent: si, first: i, last: m.Last, trig: t, typ: t.typ, sub: t.sub, weight: t.weight}
		c.anaphoric = d.refersBack(i, ca)
		c.heading = d.isHeading(si)
		c.cont = d.hasCue(m.Last, min(cb, m.Last+2), cContinue)
		c.again = d.hasCue(max(ca, i-3), min(cb, m.Last+3), cAgain)
		c.accused = d.accusedObject(i, ca)
		d.resolveSub(c, ca, cb)
		d.protestSub(c, si)
		// fighting told with protesters is a riot: "protesters clashed with police"
		if c.typ == "Battles" && !t.capture && d.protestIn(si) {
			c.typ, c.sub = "Riots", "Violent demonstration"
		}
		if c.anaphoric {
			sa, sb := d.commaSegment(i, ca, cb)
			c.time = d.timeFor(i, sa, sb, -1)
			c.place = d.placeFor(i, sa, sb, -1)
		} else {
			c.time = d.timeFor(i, ca, cb, si)
			c.place = d.placeFor(i, ca, cb, si)
		}
		c.assoc = d.assocIn(si)
		c.actors = d.actorsFor(c, ca, cb, si)
		if t.capture {
			c.sub = captureSub(c)
		}
		crossBorder(c)
		d.cands = append(d.cands, c)
		// "talks in May and August": one event per coordinated date.
		if c.time != nil {
			if t2 := d.coordinatedTime(*c.time, si); t2 != nil {
				c2 := *c
				c2.time = t2
				d.cands = append(d.cands, &c2)
			}
		}
	}
}

func (d *doc) hasCue(a, b int, cls uint64) bool {
	for j := max(a, 0); j < b && j < len(d.toks); j++ {
		if d.cueAt(j, cls) {
			return true
		}
	}
	return false
}

// hasGroup reports an armed group or organisation in tokens [a, b).
func (d *doc) hasGroup(a, b int) bool {
	for _, m := range d.actorsIn(d.tokSpan(a, b)) {
		if isUnnamed(m.Actor) {
			continue // "militants formed a cordon" founds no group
		}
		switch m.Actor.Type {
		case sitrep.ActorArmedGroup, sitrep.ActorPolitical, sitrep.ActorOrganisation:
			return true
		}
	}
	return false
}

// irrealis reports a negated, future, hypothetical or conditional trigger,
// a statistic, or a pause: "vowed retaliation", "could prompt strikes",
// "if … attacks", "a surge in attacks", "a lull in fighting".
func (d *doc) irrealis(i, ca int) bool {
	for j := i - 1; j >= ca && j >= i-10; j-- {
		if d.cueAt(j, cNeg|cModal|cStat) && !d.timeCovers(d.toks[j].Start) {
			return true
		}
		if d.cueAt(j, cPause) && j >= i-3 {
			return true
		}
	}
	if d.cueAt(i-1, cGeneric) || d.cueAt(i-2, cGeneric) {
		return true
	}
	// "nearly 600 attacks", "hundreds of attacks": a tally, not one event
	if n := d.countBefore(i); n >= 10 {
		return true
	}
	// "to attack", "to visit": an intention, unless "in response to", "led to".
	if d.word(i-1) == "to" && !d.cueAt(i-2, cToExcept) && d.cueBits[i-2]&cToExcept == 0 {
		return true
	}
	return false
}

// irrealisAfter reports a modal, negation or trend right after the trigger,
// before any comma: "attacks could weaken", "talks … is possible", "attacks surged".
func (d *doc) irrealisAfter(e, cb int) bool {
	for j := e; j < cb && j < e+6; j++ {
		if j > e && d.gapComma(j) {
			return false
		}
		if (d.cueAt(j, cModal|cStat) || d.cueAt(j, cNeg) && d.word(j) != "no") && !d.timeCovers(d.toks[j].Start) {
			return true
		}
	}
	return false
}

// accusedObject reports a trigger told only as what someone is blamed
// for: "which it blamed for a string of bombings", "accused Kabul of
// sheltering the attackers", "held responsible for the attack", "was behind
// the attacks". Such an event is an allegation, not a report of its own.
func (d *doc) accusedObject(i, ca int) bool {
	for j := i - 1; j >= ca && j >= i-8; j-- {
		w := d.word(j)
		if d.cueBits[j]&cBlame != 0 && (w == "behind" || w == "responsible") {
			return true
		}
		if w != "for" && w != "of" {
			continue
		}
		for k := j - 1; k >= ca && k >= j-4; k-- {
			if d.cueBits[k]&cAccusation != 0 && !d.cueAt(k, cDeath) || d.word(k) == "responsible" {
				if d.word(k) == "condemned" || d.word(k) == "condemn" || d.word(k) == "condemns" {
					break
				}
				return true
			}
		}
	}
	return false
}

// refersBack reports a definite reference to an event already told: "the
// clashes", "these armed clashes", "the weekend clashes".
func (d *doc) refersBack(i, ca int) bool {
	for j := i - 1; j >= ca && j >= i-3; j-- {
		if d.cueAt(j, cAnaphor) || j == i-1 && (d.word(j) == "its" || d.word(j) == "their") {
			return true
		}
		if d.cueBits[j]&(cDet|cClaim|cDeath) != 0 || passiveAux[d.word(j)] {
			return false
		}
		if _, ok := d.actorEndingAt(j); ok {
			return false
		}
	}
	return false
}

// resolveSub decides the sub-type of a generic attack from its target:
// civilians → Violence against civilians/Attack; forces, posts, fighters or
// two armed sides → Battles/Armed clash.
func (d *doc) resolveSub(c *cand, ca, cb int) {
	if c.sub != "*" {
		return
	}
	civ, mil := false, false
	// the target after the trigger; else forces or posts before it ("Afghan forces launched attacks")
	for j := c.last; j < cb && j < c.last+8; j++ {
		if d.cueBits[j]&cCiv != 0 {
			civ = true
		}
		if d.cueBits[j]&(cMil|cForce|cFighter) != 0 {
			mil = true
		}
		if d.cueBits[j]&cGround != 0 {
			c.ground = true
		}
	}
	if !civ && !mil {
		for j := max(ca, c.first-3); j < c.first; j++ {
			if d.cueBits[j]&(cMil|cForce) != 0 && d.cueBits[j]&cFighter == 0 {
				mil = true
			}
		}
	}
	// Count the armed sides of the clause, leaving out who speaks and who is
	// spoken of ("New Delhi blamed Islamabad for an attack").
	from := ca
	for j := c.first - 1; j >= ca; j-- {
		if d.cueAt(j, cClaim) {
			from = d.cueEnd(j)
			if _, ok := d.actorEndingAt(from); ok || len(d.actorsIn(d.tokSpan(from, from+1))) > 0 {
				ms := d.actorsIn(d.tokSpan(from, c.first))
				if len(ms) > 0 {
					from = d.tokenAt(ms[0].Span.End)
				}
			}
			break
		}
	}
	armed := 0
	speaks := map[sitrep.Span]bool{} // unnamed speakers ("police said") only report
	for _, cl := range d.claimsOf(c.sent) {
		for _, m := range cl.claimants {
			if isUnnamed(m.Actor) {
				speaks[m.Span] = true
			}
		}
	}
	for _, m := range d.actorsIn(d.tokSpan(from, cb)) {
		if speaks[m.Span] {
			continue
		}
		if m.Actor.Type == sitrep.ActorState || m.Actor.Type == sitrep.ActorArmedGroup {
			armed++
		}
	}
	c.resolved = civ || mil || armed >= 2
	c.civTarget = civ && !mil
	switch {
	case civ && !mil:
		c.typ, c.sub = "Violence against civilians", "Attack"
	case mil || armed >= 2:
		c.typ, c.sub = "Battles", "Armed clash"
	default:
		c.typ, c.sub = "Violence against civilians", "Attack"
	}
}

// protestSub reads intervention and excessive force against protesters.
func (d *doc) protestSub(c *cand, si int) {
	if c.typ != "Protests" {
		return
	}
	a, b := d.sentTok[si][0], d.sentTok[si][1]
	switch {
	case d.hasCue(a, b, cExcessive) || d.hasCue(a, b, cDeath):
		c.sub = "Excessive force against protesters"
	case d.hasCue(a, b, cIntervene):
		c.sub = "Protest with intervention"
	}
}

// crossBorder types a generic attack by a state on ground of another
// country, not aimed at civilians, as a strike: "Pakistan attacked
// Afghanistan", "attacks on TTP sanctuaries in Afghanistan". Forces that
// cross a border to fight on the ground are told as clashes or raids.
func crossBorder(c *cand) {
	if c.trig.sub != "*" || c.civTarget || c.ground || c.accused || c.place == nil || len(c.actors) == 0 {
		return
	}
	a, p := c.actors[0].Actor, c.place.Place
	if a.Type != sitrep.ActorState || a.Country == "" || p.CountryCode == "" || a.Country == p.CountryCode {
		return
	}
	c.typ, c.sub, c.resolved, c.cross = "Explosions/Remote violence", "Air/drone strike", true, true
}

// captureSub: state forces taking ground regain territory; anyone else
// overtakes it.
func captureSub(c *cand) string {
	if len(c.actors) > 0 && c.actors[0].Actor.Type == sitrep.ActorState {
		return "Government regains territory"
	}
	return "Non-state actor overtakes territory"
}

// timeFor is the date expression nearest the trigger in its clause, else in
// its sentence.
func (d *doc) timeFor(i, ca, cb, si int) *sitrep.TimeExpr {
	pick := func(a, b int) *sitrep.TimeExpr {
		var best *sitrep.TimeExpr
		bestDist := 1 << 30
		for _, t := range d.timesIn(d.tokSpan(a, b)) {
			if _, _, ok := dateOf(t.Value); !ok || d.dateline(t) {
				continue
			}
			tt := d.tokenAt(t.Span.Start)
			dist := tokDist(tt, i)
			if d.closerTrigger(tt, i, dist) || d.closerStatement(tt, i, dist) {
				continue
			}
			if dist < bestDist {
				bestDist = dist
				tc := t
				best = &tc
			}
		}
		return best
	}
	if t := pick(ca, cb); t != nil || si < 0 {
		return t
	}
	return pick(d.sentTok[si][0], d.sentTok[si][1])
}

// tokDist is the distance from a trigger at i to a mention at token t; ties
// go to the mention after the trigger.
func tokDist(t, i int) int {
	if t < i {
		return i - t + 1
	}
	return t - i
}

// closerTrigger reports another (not weak) trigger of the sentence nearer to
// token t than the trigger at i: the date or place belongs to that one.
func (d *doc) closerTrigger(t, i, dist int) bool {
	si := d.tokSent[i]
	k := sort.Search(len(d.trigs), func(k int) bool { return d.trigs[k].First >= d.sentTok[si][0] })
	for ; k < len(d.trigs) && d.trigs[k].First < d.sentTok[si][1]; k++ {
		m := d.trigs[k]
		if m.First == i || lex.triggers[m.IDs[0]].weak {
			continue
		}
		if tokDist(t, m.First) < dist && (t < m.First) == (t < i) || tokDist(t, m.First) < dist-2 {
			return true
		}
	}
	return false
}

// closerStatement reports a reporting verb of the sentence nearer to the
// date at token t than the trigger at i: "the Taliban said on Wednesday
// that strikes …", "as X wrote in November, … visited Delhi" date the
// statement, not the event.
func (d *doc) closerStatement(t, i, dist int) bool {
	si := d.tokSent[i]
	for _, cl := range d.claimsOf(int(si)) {
		if cl.verb == i {
			continue
		}
		// the date right after the verb: "said on Wednesday", "wrote in November"
		if t >= cl.verbEnd && t < cl.verbEnd+3 && t-cl.verbEnd < dist {
			return true
		}
	}
	return false
}

// claimsOf returns the statements of sentence si.
func (d *doc) claimsOf(si int) []*claim {
	if d.claimSent == nil {
		d.claimSent = map[int][]*claim{}
		for _, c := range d.claims {
			d.claimSent[c.sent] = append(d.claimSent[c.sent], c)
		}
	}
	return d.claimSent[si]
}

// dateline reports a date in a dateline ("ISLAMABAD, Oct 12, 2025 - …"):
// the date of the report, not of an event.
func (d *doc) dateline(t sitrep.TimeExpr) bool {
	si := d.tokSent[min(d.tokenAt(t.Span.Start), len(d.toks)-1)]
	if si < 0 {
		return false
	}
	first := d.toks[d.sentTok[si][0]]
	if first.Cased != strings.ToUpper(first.Cased) || len(first.Cased) < 3 || t.Span.Start-first.End > 4 {
		return false
	}
	rest := d.in.Text[t.Span.End:min(len(d.in.Text), t.Span.End+4)]
	return strings.HasPrefix(rest, " - ") || strings.HasPrefix(rest, " — ") || strings.HasPrefix(rest, " – ") || strings.HasPrefix(rest, " (")
}

// commaSegment is the part of the clause around token i between commas.
func (d *doc) commaSegment(i, ca, cb int) (int, int) {
	a := i
	for a > ca && !d.gapComma(a) {
		a--
	}
	b := i + 1
	for b < cb && !d.gapComma(b) {
		b++
	}
	// and a relative clause about it: "the clashes, which began on Saturday"
	if b < cb && (d.word(b) == "which" || d.word(b) == "that") {
		for b++; b < cb && !d.gapComma(b); b++ {
		}
	}
	return a, b
}

// coordinatedTime returns the date joined to t by "and" ("in May and August").
func (d *doc) coordinatedTime(t sitrep.TimeExpr, si int) *sitrep.TimeExpr {
	j := d.tokenAt(t.Span.End)
	if d.word(j) != "and" {
		return nil
	}
	for _, u := range d.timesIn(d.sents[si]) {
		if u.Span.Start > t.Span.End && d.tokenAt(u.Span.Start) == j+1 {
			if _, _, ok := dateOf(u.Value); ok {
				uc := u
				return &uc
			}
		}
	}
	return nil
}

// placeRank orders place kinds from the most specific.
func placeRank(kind string) int {
	switch kind {
	case sitrep.PlaceVillage, sitrep.PlaceCity, sitrep.PlaceFeature:
		return 0
	case sitrep.PlaceAdmin2:
		return 1
	case sitrep.PlaceAdmin1:
		return 3
	case sitrep.PlaceRegion:
		// "the border region": vaguer than a named province
		return 4
	}
	return 5
}

// placeFor is the place of the trigger's clause, else of its sentence: the
// most specific, preferring places named after the trigger ("clashed … in
// Kurram") over places named before it.
func (d *doc) placeFor(i, ca, cb, si int) *sitrep.PlaceMention {
	trig := d.toks[i].Start
	pick := func(s sitrep.Span) *sitrep.PlaceMention {
		var best *sitrep.PlaceMention
		bestKey := 1 << 30
		for _, p := range d.placesIn(s) {
			pt := d.tokenAt(p.Span.Start)
			if d.closerTrigger(pt, i, tokDist(pt, i)) {
				continue
			}
			if d.agentAt(p.Span) {
				// "India co-sponsored …": a name used as an agent is no place
				continue
			}
			key := placeRank(p.Place.Kind) * 2
			if p.Span.Start < trig {
				key += 3
			}
			if commaBetween(d.in.Text, min(trig, p.Span.Start), max(trig, p.Span.Start)) {
				// another part of the sentence ("When X returned to power in
				// Afghanistan, officials in Quetta …"), unless a participle
				// carries the event on ("…, killing 20 in Miranshah")
				key += 3
				if !d.participleBetween(min(trig, p.Span.Start), max(trig, p.Span.Start)) {
					key += 8
				}
			}
			if key < bestKey {
				bestKey = key
				pc := p
				best = &pc
			}
		}
		return best
	}
	if p := pick(d.tokSpan(ca, cb)); p != nil || si < 0 {
		return p
	}
	return pick(d.sents[si])
}

// participleBetween reports a comma between byte offsets a and b followed
// by an -ing word: a participle clause that goes on telling the same event.
func (d *doc) participleBetween(a, b int) bool {
	for j := d.tokenAt(a) + 1; j < len(d.toks) && d.toks[j].Start < b; j++ {
		if d.gapComma(j) {
			// "…, killing", "…, also targeting"
			for k := j; k < j+2 && k < len(d.toks); k++ {
				if w := d.word(k); len(w) > 4 && strings.HasSuffix(w, "ing") {
					return true
				}
			}
		}
	}
	return false
}

// agentAt reports an actor mention on exactly the span s.
func (d *doc) agentAt(s sitrep.Span) bool {
	for _, m := range d.actorsIn(s) {
		if m.Span == s {
			return true
		}
	}
	return false
}

// isHeading reports a sentence with no closing punctuation: a title or a
// heading, which the body tells again.
func (d *doc) isHeading(si int) bool {
	s := d.sents[si]
	if s.End <= s.Start || s.End > len(d.in.Text) {
		return false
	}
	switch d.in.Text[s.End-1] {
	case '.', '!', '?', '"', ')', '\'':
		return false
	}
	return !strings.HasSuffix(d.in.Text[s.Start:s.End], "”") && !strings.HasSuffix(d.in.Text[s.Start:s.End], "’")
}

// assocIn returns associated actors of a sentence: mediators and helpers
// ("brokered by Qatar and Turkiye", "with China's help").
func (d *doc) assocIn(si int) []sitrep.ActorMention {
	a, b := d.sentTok[si][0], d.sentTok[si][1]
	var out []sitrep.ActorMention
	for j := a; j < b; j++ {
		if !d.cueAt(j, cAssoc) {
			continue
		}
		if d.word(j) == "help" {
			k := j - 1
			if d.word(k) == "s" {
				k--
			}
			if m, ok := d.actorEndingAt(k); ok {
				out = append(out, m)
			}
			continue
		}
		e := d.cueEnd(j)
		out = append(out, d.actorsIn(d.tokSpan(e, min(b, e+6)))...)
	}
	return out
}

// actorsFor picks the event's actors: the nearest actor before the trigger
// and the nearest after it, in the clause, else in the sentence. Speakers
// that are not parties (analysts, officials of third bodies) are skipped.
func (d *doc) actorsFor(c *cand, ca, cb, si int) []sitrep.ActorMention {
	skip := map[sitrep.Span]bool{}
	for _, m := range c.assoc {
		skip[m.Span] = true
	}
	ownWords := d.speaksOfOwn(si)
	for _, cl := range d.claimsOf(si) {
		for _, m := range cl.claimants {
			// an unnamed speaker ("police said") only reports, unless it
			// speaks of its own ("the army said it repelled an attack")
			if m.Actor.Type != sitrep.ActorState && m.Actor.Type != sitrep.ActorArmedGroup || isUnnamed(m.Actor) && !ownWords {
				skip[m.Span] = true
			}
		}
	}
	pick := func(a, b int) []sitrep.ActorMention {
		var before, after []sitrep.ActorMention
		trigStart := d.toks[c.first].Start
		ms := d.actorsIn(d.tokSpan(a, b))
		for k, m := range ms {
			if skip[m.Span] || !eventActor(m.Actor, c.typ) || m.Actor.Type == sitrep.ActorPerson && c.sub == "Non-violent transfer of territory" {
				continue
			}
			if k+1 < len(ms) && d.affiliationOf(m, ms[k+1]) {
				// "Taliban counterpart Amir Khan Muttaqi": the side of the person named next
				continue
			}
			if m.Span.Start < trigStart {
				before = append(before, m)
			} else if !commaBetween(d.in.Text, trigStart, m.Span.Start) || len(before) == 0 {
				after = append(after, m)
			}
		}
		var out []sitrep.ActorMention
		if d.passiveAt(c.first) && len(before) > 0 {
			// "two soldiers were killed (by militants)": who is named
			// before a passive is the victim; an agent after "by" acts
			var agent, rest []sitrep.ActorMention
			for _, m := range after {
				if k := d.tokenAt(m.Span.Start); k > 0 && d.word(k-1) == "by" {
					agent = append(agent, m)
				} else {
					rest = append(rest, m)
				}
			}
			out = append(agent, before[len(before)-1])
			out = append(out, rest...)
			for k := len(before) - 2; k >= 0; k-- {
				out = append(out, before[k])
			}
			return out
		}
		if len(before) > 0 {
			out = append(out, before[len(before)-1])
		}
		out = append(out, after...)
		if len(before) > 1 {
			for k := len(before) - 2; k >= 0; k-- {
				out = append(out, before[k])
			}
		}
		return out
	}
	if ms := pick(ca, cb); len(ms) > 0 {
		return d.dropSpeakers(c, d.personsApart(c, ms), ca, cb, si)
	}
	if ms := pick(d.sentTok[si][0], d.sentTok[si][1]); len(ms) > 0 {
		return d.dropSpeakers(c, d.personsApart(c, ms), ca, cb, si)
	}
	// "It also shut its embassy": the subject of the sentence before.
	for j := ca; j < c.first && j < ca+3; j++ {
		if d.cueAt(j, cPronoun) && si > 0 {
			p := d.sentTok[si-1]
			for _, m := range d.actorsIn(d.tokSpan(p[0], p[1])) {
				if eventActor(m.Actor, c.typ) {
					return []sitrep.ActorMention{m}
				}
			}
		}
	}
	return nil
}

// passiveAt reports a passive trigger at token i: "were killed", "was
// shot dead", "had been abducted".
func (d *doc) passiveAt(i int) bool {
	j := i - 1
	for j >= 0 && (d.word(j) == "reportedly" || d.word(j) == "also" || d.word(j) == "allegedly") {
		j--
	}
	return passiveAux[d.word(j)] && !d.gapComma(j+1)
}

// ownWord is a pronoun by which a speaker tells of its own deeds.
func ownWord(w string) bool {
	switch w {
	case "its", "their", "our", "we", "they", "it":
		return true
	}
	return false
}

// speaksOfOwn reports a pronoun of the speaker's own in sentence si.
func (d *doc) speaksOfOwn(si int) bool {
	for j := d.sentTok[si][0]; j < d.sentTok[si][1]; j++ {
		if ownWord(d.word(j)) {
			return true
		}
	}
	return false
}

// dropSpeakers leaves out of a one-sided violent event (a strike, an
// attack) the speaker who only reports
// it ("Kabul said Pakistani strikes hit …") when the text names another
// party: who was hit is told by the target, not by who speaks. A speaker
// who speaks of its own ("its troops", "our posts") stays.
func (d *doc) dropSpeakers(c *cand, ms []sitrep.ActorMention, ca, cb, si int) []sitrep.ActorMention {
	if !kinetic(c.typ) || c.typ == "Battles" || len(ms) < 2 && (len(ms) == 0 || c.typ != "Explosions/Remote violence") {
		// each side tells its own fight: a speaker of a clash is a side;
		// a lone speaker of a strike only reports it ("a drone struck
		// Kherson, Ukrainian officials said") unless it speaks of its own
		return ms
	}
	trig := d.toks[c.first].Start
	speaker := map[sitrep.Span]bool{}
	for _, cl := range d.claimsOf(si) {
		if trig < cl.span.Start || trig >= cl.span.End || cl.verb >= len(d.toks) {
			continue
		}
		verb := d.toks[cl.verb].Start
		for _, m := range cl.claimants {
			// the speaker stands on the other side of the verb from the event
			if m.Span.End <= verb && c.first >= cl.verbEnd || m.Span.Start >= verb && c.last <= cl.verb ||
				// "a drone struck X, officials said": the speaker between the event and its verb
				m.Span.End <= verb && c.last <= cl.verb && m.Span.Start >= d.toks[c.last-1].End && commaBetween(d.in.Text, d.toks[c.last-1].End, m.Span.Start) {
				speaker[m.Span] = true
			}
		}
	}
	if len(speaker) == 0 {
		return ms
	}
	for j := ca; j < cb; j++ {
		if ownWord(d.word(j)) {
			return ms
		}
	}
	out := make([]sitrep.ActorMention, 0, len(ms))
	for _, m := range ms {
		if !speaker[m.Span] {
			out = append(out, m)
		}
	}
	if len(out) == 0 && len(ms) > 1 {
		return ms
	}
	return out
}

// personsApart codes a person named in another clause of the sentence as
// his government: he is not said to take part ("the minister visited Kabul
// in April, and follow-up talks in May …" are the governments' talks).
func (d *doc) personsApart(c *cand, ms []sitrep.ActorMention) []sitrep.ActorMention {
	trig := d.toks[c.first].Start
	for k := range ms {
		m := &ms[k]
		if m.Actor.Type != sitrep.ActorPerson || d.in.Government == nil || m.Actor.Country == "" ||
			!d.clausesApart(min(trig, m.Span.End), max(trig, m.Span.Start)) {
			continue
		}
		if g, ok := d.in.Government(m.Actor.Country, d.atOf(c)); ok {
			m.Actor = g
		}
	}
	return ms
}

// clausesApart reports two coordinated clauses between byte offsets a and
// b: ", and …", ", but …", "; …". An apposition (", Muhammad Sadiq,") is
// not a clause of its own.
func (d *doc) clausesApart(a, b int) bool {
	for j := d.tokenAt(a) + 1; j < len(d.toks) && d.toks[j].Start < b; j++ {
		if d.gapBreaks(j) || d.gapComma(j) && (d.word(j) == "and" || d.cueAt(j, cBoundary)) {
			return true
		}
	}
	return false
}

// affiliationOf reports an organisation named right before one of its
// people: "Taliban counterpart Amir Khan Muttaqi", "Hamas leader X".
func (d *doc) affiliationOf(m, next sitrep.ActorMention) bool {
	if m.Actor.Type == sitrep.ActorPerson || next.Actor.Type != sitrep.ActorPerson || m.Actor.Country == "" || m.Actor.Country != next.Actor.Country {
		return false
	}
	a, b := d.tokenAt(m.Span.End), d.tokenAt(next.Span.Start)
	return b-a <= 2 && !commaBetween(d.in.Text, m.Span.End, next.Span.Start)
}

// atOf is the date an actor is read at: the candidate's date, else the
// publication date, else now.
func (d *doc) atOf(c *cand) time.Time {
	if c.time != nil {
		if t, _, ok := dateOf(c.time.Value); ok {
			return t
		}
	}
	if !d.in.Published.IsZero() {
		return d.in.Published
	}
	return time.Now()
}

// eventActor reports whether an actor may take part in an event of type typ:
// media and unnamed commentators never do; persons only in strategic
// developments (and not in a change of power, which sides make, not persons).
func eventActor(a sitrep.Actor, typ string) bool {
	switch a.Type {
	case sitrep.ActorOther:
		return false
	case sitrep.ActorPerson:
		return typ == "Strategic developments"
	}
	return true
}

// commaBetween reports a comma in text[a:b].
func commaBetween(text string, a, b int) bool {
	if a < 0 || b > len(text) || a >= b {
		return false
	}
	return strings.IndexByte(text[a:b], ',') >= 0
}

// countBefore reads a number just before token i ("600 attacks", "hundreds
// of attacks"); 0 when there is none.
func (d *doc) countBefore(i int) int {
	j := i - 1
	if d.word(j) == "of" {
		j--
	}
	w := d.word(j)
	switch w {
	case "dozens", "hundreds", "thousands", "scores", "tens":
		return 12
	}
	if !isNumber(w) || d.timeCovers(d.toks[j].Start) {
		return 0
	}
	n := 0
	for _, c := range w {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		} else if c != ',' {
			break
		}
		if n > 1e9 {
			break
		}
	}
	return n
}

// protestIn reports a protest trigger or protesters in sentence si.
func (d *doc) protestIn(si int) bool {
	a, b := d.sentTok[si][0], d.sentTok[si][1]
	for j := a; j < b; j++ {
		if t := d.triggerAt(j); t >= 0 && lex.triggers[t].typ == "Protests" && !lex.triggers[t].crowd {
			return true
		}
	}
	return false
}
