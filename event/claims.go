package event

import (
	sitrep "github.com/sitrep-dev/sitrep"
	"sort"
)

// claim is a reporting or stance verb with its speaker.
type claim struct {
	sent      int
	verb      int // first token of the verb
	verbEnd   int
	kind      string
	claimants []sitrep.ActorMention // empty: the reporter
	about     *sitrep.Actor
	span      sitrep.Span
	anaphoric bool // "denies this": about the last accusation
	tallies   []*tally
}

// kindOf picks the claim kind of a verb's cue classes.
func kindOf(bits uint64) string {
	switch {
	case bits&cDenial != 0:
		return sitrep.ClaimDenial
	case bits&cAccusation != 0:
		return sitrep.ClaimAccusation
	case bits&cThreat != 0:
		return sitrep.ClaimThreat
	case bits&cWarning != 0:
		return sitrep.ClaimAssessment // a threat only when it warns of force (threatens)
	case bits&cDemand != 0:
		return sitrep.ClaimDemand
	}
	return sitrep.ClaimAssessment
}

// findClaims reads every reporting or stance verb with its claimant.
func (d *doc) findClaims() {
	for i := range d.toks {
		if !d.cueAt(i, cClaim|cAccord) || d.tokSent[i] < 0 {
			continue
		}
		bits := d.cueBits[i]
		end := d.cueEnd(i)
		// A noun ("such claims", "the report"), not a verb.
		if i > 0 && (d.cueAt(i-1, cDet|cAnaphor)) && !d.cueAt(i-1, cPronoun) {
			continue
		}
		// "did not claim", "never denied": the statement was not made.
		if d.negatedBefore(i, 3) {
			continue
		}
		// "plans to announce": an intention; "were asked": the addressee, not the speaker.
		if d.cueAt(i-1, cModal) || d.cueAt(i-2, cModal) && d.word(i-1) == "to" || passiveAux[d.word(i-1)] && d.word(end) != "by" {
			continue
		}
		si := int(d.tokSent[i])
		c := &claim{sent: si, verb: i, verbEnd: end, kind: kindOf(bits)}
		c.claimants = d.claimantOf(i, end, si)
		if len(c.claimants) == 0 {
			continue
		}
		ca, cb := d.clause(i)
		if end > cb {
			cb = end
		}
		start := d.toks[i].Start
		if bits&cAccord != 0 {
			// "…, according to X": the statement is the clause it qualifies
			start = d.toks[ca].Start
		}
		if first := c.claimants[0].Span.Start; first < start && first >= d.toks[ca].Start {
			start = first
		}
		c.span = sitrep.Span{Start: start, End: d.toks[cb-1].End}
		// "“…,” says Durrani", "…, he adds": the statement comes before the verb.
		if d.contentBefore(c, end, cb) {
			c.span.Start = d.sents[si].Start
		}
		if c.span.End-c.span.Start < 3 {
			continue
		}
		// The content decides: a warning of force is a threat, a statement
		// that another actor used force or is behind attacks an accusation.
		if c.kind == sitrep.ClaimAssessment && d.threatens(end, cb) && canThreaten(c.claimants[0].Actor) {
			c.kind = sitrep.ClaimThreat
		}
		if c.kind == sitrep.ClaimAssessment && bits&cWarning == 0 && d.blames(c, end, cb) {
			c.kind = sitrep.ClaimAccusation
		}
		c.about = d.aboutOf(c, end, cb)
		if c.about == nil && (c.kind == sitrep.ClaimDenial) {
			c.anaphoric = true
			c.about = d.lastAccuser(c)
		}
		if n := len(d.claims); n > 0 {
			p := d.claims[n-1]
			if p.sent == si && p.kind == sitrep.ClaimAssessment && c.kind == sitrep.ClaimAssessment &&
				len(p.claimants) > 0 && p.claimants[0].Actor.ID == c.claimants[0].Actor.ID {
				p.span.Start = min(p.span.Start, c.span.Start)
				p.span.End = max(p.span.End, c.span.End)
				continue
			}
		}
		d.claims = append(d.claims, c)
	}
}

// negatedBefore reports a negation within n tokens before token i, inside its clause.
func (d *doc) negatedBefore(i, n int) bool {
	ca, _ := d.clause(i)
	for j := i - 1; j >= ca && j >= i-n; j-- {
		if d.cueAt(j, cNeg) {
			return true
		}
	}
	return false
}

// threatens reports a future or conditional use of force in tokens [a, b):
// "said it would retaliate", "warning that attacks could prompt strikes".
func (d *doc) threatens(a, b int) bool {
	for j := a; j < b; j++ {
		if !d.cueAt(j, cFuture) || d.timeCovers(d.toks[j].Start) {
			continue
		}
		for k := j + 1; k < b && k <= j+4; k++ {
			if t := d.triggerAt(k); t >= 0 && lex.triggers[t].typ != "Strategic developments" {
				return true
			}
		}
	}
	return false
}

// blames reports a statement that names another actor as the one who used
// force or is behind it: "sources saying Afghan fighters attacked".
func (d *doc) blames(c *claim, a, b int) bool {
	for _, m := range d.actorsIn(d.tokSpan(a, b)) {
		if sameActor(&m.Actor, c.claimants) || (m.Actor.Type != sitrep.ActorState && m.Actor.Type != sitrep.ActorArmedGroup) {
			continue
		}
		k := d.tokenAt(m.Span.End)
		for j := k; j < b && j <= k+4; j++ {
			if d.cueAt(j, cBlame) {
				return true
			}
			if t := d.triggerAt(j); t >= 0 && kinetic(lex.triggers[t].typ) && !lex.triggers[t].weak {
				// not a trend or a tally: "attacks surged", "600 attacks"
				if isNumber(d.word(j-1)) || d.irrealisAfter(j+1, b) {
					continue
				}
				return true
			}
		}
	}
	return false
}

// triggerAt returns the trigger id whose match starts at token j, or -1.
func (d *doc) triggerAt(j int) int {
	if d.trigStart == nil {
		d.trigStart = make(map[int]int32, len(d.trigs))
		for _, m := range d.trigs {
			d.trigStart[m.First] = m.IDs[0]
		}
	}
	if id, ok := d.trigStart[j]; ok {
		return int(id)
	}
	return -1
}

// claimantOf finds who makes the statement whose verb is tokens [i, end).
func (d *doc) claimantOf(i, end, si int) []sitrep.ActorMention {
	sa, sb := d.sentTok[si][0], d.sentTok[si][1]
	ca, cb := d.clause(i)
	// "according to X", "according to the report"
	if d.cueAt(i, cAccord) {
		for j := end; j < min(cb, end+3); j++ {
			if d.cueAt(j, cSource) {
				return d.sourceOf(j, si)
			}
		}
		return d.firstActorsFrom(end, min(cb, end+6))
	}
	// Walk back over adverbs and auxiliaries to the subject.
	j := i - 1
	for j >= ca && d.cueBits[j]&cSkip != 0 {
		j--
	}
	// "Its latest report of July 2024 says": a document speaks for its author.
	for k := i - 1; k >= ca && k >= i-5 && !d.gapComma(k+1); k-- {
		if d.cueAt(k, cSource) {
			return d.sourceOf(k, si)
		}
		if _, ok := d.actorEndingAt(k); ok {
			break
		}
	}
	if j >= sa && !d.gapComma(j+1) {
		if m, ok := d.actorEndingAt(j); ok {
			return d.coordinated(m, ca)
		}
		if d.cueAt(j, cPronoun) {
			return d.resolvePronoun(si, j)
		}
		if d.cueAt(j, cSource) {
			return d.sourceOf(j, si)
		}
		if w := d.word(j); w == "and" || w == "but" {
			if k := len(d.claims) - 1; k >= 0 && d.claims[k].sent == si {
				return d.claims[k].claimants
			}
			return d.subjectOf(ca, j)
		}
	}
	// "…,” says Durrani": the speaker follows the verb.
	if d.gapQuote(i) || d.gapComma(i) && j < ca {
		if ms := d.firstActorsFrom(end, min(sb, end+4)); len(ms) > 0 {
			return ms
		}
		if d.cueAt(end, cPronoun) {
			return d.resolvePronoun(si, end)
		}
		if d.gapQuote(i) {
			return nil
		}
	}
	// A participle after a comma ("…, claiming to have killed") or a verb
	// after an apposition ("Abdul Basit, a scholar in Singapore, says"): the
	// clause's subject speaks.
	if d.gapComma(i) {
		return d.subjectOf(ca, i)
	}
	// The nearest actor before the verb in the same phrase.
	seg, _ := d.commaSegment(i, ca, cb)
	for k := len(d.actors) - 1; k >= 0; k-- {
		m := d.actors[k]
		if m.Span.End > d.toks[i].Start {
			continue
		}
		if m.Span.Start < d.toks[seg].Start || d.tokenAt(m.Span.Start) < i-8 {
			break
		}
		if isSpeaker(m.Actor) {
			return d.coordinated(m, ca)
		}
	}
	return nil
}

// sourceOf resolves a document that speaks ("the report says") to its
// author: an organisation named with it, else the last organisation or
// claimant of the two sentences before.
func (d *doc) sourceOf(j, si int) []sitrep.ActorMention {
	sa := d.sentTok[si][0]
	for k := j - 1; k >= sa && k >= j-3; k-- {
		if m, ok := d.actorEndingAt(k); ok {
			return []sitrep.ActorMention{m}
		}
	}
	for k := len(d.claims) - 1; k >= 0 && d.claims[k].sent >= si-2; k-- {
		if len(d.claims[k].claimants) > 0 && d.claims[k].claimants[0].Actor.Type == sitrep.ActorOrganisation {
			return d.claims[k].claimants
		}
	}
	lo := d.sentTok[max(si-2, 0)][0]
	for _, m := range d.actorsIn(d.tokSpan(lo, j)) {
		if m.Actor.Type == sitrep.ActorOrganisation {
			return []sitrep.ActorMention{m}
		}
	}
	return nil
}

// gapQuote reports a closing quotation mark just before token i.
func (d *doc) gapQuote(i int) bool {
	if i <= 0 || i >= len(d.toks) {
		return false
	}
	g := d.in.Text[d.toks[i-1].End:d.toks[i].Start]
	for _, r := range g {
		switch r {
		case '"', '”', '’', '\'':
			return true
		}
	}
	return false
}

// isSpeaker reports whether an actor can make statements.
func isSpeaker(a sitrep.Actor) bool { return a.Type != sitrep.ActorCivilians }

// actorEndingAt returns the actor mention whose last token is j.
func (d *doc) actorEndingAt(j int) (sitrep.ActorMention, bool) {
	if j < 0 || j >= len(d.toks) {
		return sitrep.ActorMention{}, false
	}
	start, end := d.toks[j].Start, d.toks[j].End
	// mentions are sorted by start; a mention covering token j starts at or before it
	k := sort.Search(len(d.actors), func(k int) bool { return d.actors[k].Span.Start > start })
	for k--; k >= 0 && start-d.actors[k].Span.Start < 200; k-- {
		m := d.actors[k]
		if m.Span.End >= end && m.Span.Start <= start {
			return m, true
		}
	}
	return sitrep.ActorMention{}, false
}

// coordinated returns m with the actors listed before it in the same
// coordination ("China, Iran and Russia"), in text order.
func (d *doc) coordinated(m sitrep.ActorMention, floor int) []sitrep.ActorMention {
	out := []sitrep.ActorMention{m}
	cur := m
	for {
		j := d.tokenAt(cur.Span.Start) - 1
		if j < floor {
			break
		}
		link := d.word(j) == "and" || d.word(j) == "or"
		if !link && !d.gapComma(j+1) {
			break
		}
		// ", and" joins clauses unless a list runs before it ("China, Iran, and Russia")
		if link && d.gapComma(j) && len(out) == 1 {
			if p, ok := d.actorEndingAt(j - 1); !ok || !d.gapComma(d.tokenAt(p.Span.Start)) {
				break
			}
		}
		if link {
			j--
		}
		prev, ok := d.actorEndingAt(j)
		if !ok || prev.Span.Start >= cur.Span.Start {
			break
		}
		out = append([]sitrep.ActorMention{prev}, out...)
		cur = prev
	}
	// de-duplicate by id
	seen := map[string]bool{}
	uniq := out[:0]
	for _, x := range out {
		if !seen[x.Actor.ID] {
			seen[x.Actor.ID] = true
			uniq = append(uniq, x)
		}
	}
	return uniq
}

// firstActorsFrom returns the first actor mention in tokens [a, b) with the
// ones coordinated after it.
func (d *doc) firstActorsFrom(a, b int) []sitrep.ActorMention {
	if a >= b {
		return nil
	}
	ms := d.actorsIn(d.tokSpan(a, b))
	if len(ms) == 0 {
		return nil
	}
	return ms[:1]
}

// subjectOf returns the first speaking actor of tokens [a, b).
func (d *doc) subjectOf(a, b int) []sitrep.ActorMention {
	for _, m := range d.actorsIn(d.tokSpan(a, b)) {
		if isSpeaker(m.Actor) {
			return d.coordinated(m, a)
		}
	}
	return nil
}

// resolvePronoun reads "it", "they", "he" at token j as the subject of its
// sentence when one comes before it, else the last claimant within two
// sentences, else the subject of the previous sentence.
func (d *doc) resolvePronoun(si, j int) []sitrep.ActorMention {
	sa := d.sentTok[si][0]
	if j > sa {
		if k := len(d.claims) - 1; k >= 0 && d.claims[k].sent == si {
			return d.claims[k].claimants
		}
	}
	if k := len(d.claims) - 1; k >= 0 && d.claims[k].sent >= si-2 {
		return d.claims[k].claimants
	}
	if si > 0 {
		p := d.sentTok[si-1]
		return d.subjectOf(p[0], p[1])
	}
	return nil
}

// aboutOf is the first actor after the verb, in the claim's clause, that is
// not a claimant.
func (d *doc) aboutOf(c *claim, a, b int) *sitrep.Actor {
	for _, m := range d.actorsIn(d.tokSpan(a, b)) {
		if isUnnamed(m.Actor) && c.kind != sitrep.ClaimAccusation {
			continue // "said 70 militants were killed" is not about them
		}
		own := false
		for _, x := range c.claimants {
			if x.Actor.ID == m.Actor.ID {
				own = true
			}
		}
		if !own {
			act := m.Actor
			return &act
		}
	}
	return nil
}

// lastAccuser is the claimant of the latest accusation before c that is not
// c's own: "The Taliban denies this" answers Islamabad.
func (d *doc) lastAccuser(c *claim) *sitrep.Actor {
	for k := len(d.claims) - 1; k >= 0; k-- {
		p := d.claims[k]
		if p.sent < c.sent-4 {
			break
		}
		if p.kind != sitrep.ClaimAccusation && p.kind != sitrep.ClaimAssessment && p.kind != sitrep.ClaimThreat {
			continue
		}
		if len(p.claimants) == 0 || p.claimants[0].Actor.ID == c.claimants[0].Actor.ID {
			continue
		}
		a := p.claimants[0].Actor
		return &a
	}
	return nil
}

// buildClaims writes the claims in the contract's form: one per claimant.
func (d *doc) buildClaims() []sitrep.Claim {
	out := []sitrep.Claim{}
	seen := map[string]bool{}
	for _, c := range d.claims {
		tallies := d.buildTallies(c.tallies)
		if len(c.claimants) == 0 {
			// The writer's own statement of a figure.
			var about *sitrep.ActorRef
			if c.about != nil {
				about = &sitrep.ActorRef{ID: c.about.ID, Name: c.about.Name}
			}
			out = append(out, sitrep.Claim{Kind: c.kind, About: about, Mention: d.mention(c.span), Tallies: tallies})
			continue
		}
		for _, m := range c.claimants {
			if isUnnamed(m.Actor) {
				r, ok := d.resolveUnnamed(m.Actor, d.countryNear(c.sent), d.atOfClaim())
				if !ok {
					continue
				}
				m.Actor = r
			}
			ref := &sitrep.ActorRef{ID: m.Actor.ID, Name: m.Actor.Name}
			var about *sitrep.ActorRef
			if c.about != nil && c.about.ID != m.Actor.ID {
				about = &sitrep.ActorRef{ID: c.about.ID, Name: c.about.Name}
				if isUnnamed(*c.about) {
					about = nil
					if r, ok := d.resolveUnnamed(*c.about, d.countryNear(c.sent), d.atOfClaim()); ok && r.ID != m.Actor.ID {
						about = &sitrep.ActorRef{ID: r.ID, Name: r.Name}
					}
				}
			}
			key := c.kind + "|" + m.Actor.ID + "|" + itoa(c.span.Start)
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, sitrep.Claim{Kind: c.kind, Claimant: ref, About: about, Mention: d.mention(c.span), Tallies: tallies})
		}
	}
	return out
}

// buildTallies writes tallies in the contract's form.
func (d *doc) buildTallies(ts []*tally) []sitrep.Tally {
	if len(ts) == 0 {
		return nil
	}
	out := make([]sitrep.Tally, len(ts))
	for i, t := range ts {
		out[i] = sitrep.Tally{Count: t.count, CountMax: t.max, Qualifier: t.qual, Unit: t.unit, Mention: d.mention(t.span),
			From: t.from, To: t.to}
		if t.of != nil {
			out[i].Of = &sitrep.ActorRef{ID: t.of.ID, Name: t.of.Name}
		}
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// canThreaten reports whether an actor can threaten force: states, armed
// groups, parties and their leaders, not commentators or institutions.
func canThreaten(a sitrep.Actor) bool {
	switch a.Type {
	case sitrep.ActorState, sitrep.ActorArmedGroup, sitrep.ActorPolitical, sitrep.ActorPerson:
		return true
	}
	return false
}

func isNumber(w string) bool { return w != "" && w[0] >= '0' && w[0] <= '9' }

// contentBefore reports a reporting verb that closes its statement: only the
// speaker (or nothing) follows it in the clause.
func (d *doc) contentBefore(c *claim, end, cb int) bool {
	if c.verb == d.sentTok[c.sent][0] {
		return false
	}
	rest := cb - end
	for _, m := range c.claimants {
		if m.Span.Start >= d.toks[min(end, len(d.toks)-1)].Start {
			rest -= d.tokenAt(m.Span.End) - d.tokenAt(m.Span.Start)
		}
	}
	if d.cueAt(end, cPronoun) {
		rest--
	}
	return rest <= 1 || d.gapQuote(c.verb)
}
