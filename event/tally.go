package event

import (
	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/quantity"
	"github.com/sitrep-dev/sitrep/text"
)

// tally is one count of a countable thing other than the dead and injured.
type tally struct {
	sent  int
	tok   int // first token of the figure
	span  sitrep.Span
	count *int
	max   *int
	qual  string
	unit  string

	unitID  int32 // index of unit in lex.units
	numEnd  int   // token after the number
	unitEnd int   // token after the counted noun
	of      *sitrep.Actor
	from    string // period covered, YYYY-MM-DD, inclusive; "" when none told
	to      string
}

// findTallies reads figures of countable things ("over 21 positions",
// "hundreds of incidents", "nearly 600 attacks") and gives each to the
// statement that reports it, or to a statement of the writer's own when no
// one is quoted. It runs after the events are built: the writer's
// statements it adds must not change how events are read.
func (d *doc) findTallies() {
	units := lex.unitSet.Match(d.toks)
	if len(units) == 0 {
		return
	}
	unitAt := make(map[int]text.PhraseMatch, len(units))
	inSent := map[int]bool{}
	for _, m := range units {
		unitAt[m.First] = m
		if s := d.tokSent[m.First]; s >= 0 {
			inSent[int(s)] = true
		}
	}
	var found []*tally
	for si := range d.sents {
		if !inSent[si] {
			continue
		}
		b := d.sentTok[si][1]
		base := d.sents[si].Start
		for _, q := range quantity.Find(d.in.Text[base:d.sents[si].End]) {
			qa, qb := d.tokenAt(base+q.Span.Start), d.tokenAt(base+q.Span.End)
			if qa >= b || qb <= qa || d.timeCovers(base+q.Span.Start) || d.inFatality(base+q.Span.Start) {
				continue
			}
			u, ok := d.unitAfter(qb, b, unitAt)
			if !ok {
				continue
			}
			t := &tally{sent: si, tok: qa, count: q.Count, max: q.Max, qual: q.Qualifier,
				unit: lex.units[u.IDs[0]], span: sitrep.Span{Start: base + q.Span.Start, End: d.toks[u.Last-1].End},
				unitID: u.IDs[0], numEnd: qb, unitEnd: u.Last}
			if t.qual == "" {
				t.qual = quantity.Exact
			}
			if t.count == nil && t.qual == quantity.Exact || t.qual == quantity.Exact && isVagueWord(d.word(qa)) {
				t.qual = quantity.Vague
			}
			found = append(found, t)
		}
	}
	claimOf := make(map[*tally]*claim, len(found))
	for _, t := range found {
		c := d.claimAt(t.sent, t.span.Start, t.tok)
		if c == nil {
			c = d.writerClaim(t)
		}
		c.tallies = append(c.tallies, t)
		claimOf[t] = c
	}
	d.describeTallies(found, claimOf)
}

// unitAfter finds the countable noun a number at tokens ending before i
// counts: right after it, after "of" ("hundreds of incidents"), or after
// up to two modifiers ("21 Afghan border posts"), within the clause.
func (d *doc) unitAfter(i, end int, unitAt map[int]text.PhraseMatch) (text.PhraseMatch, bool) {
	if d.word(i) == "of" {
		i++
	}
	for k := i; k < end && k <= i+2; k++ {
		if k > i && (d.gapBreaks(k) || d.gapComma(k)) {
			break
		}
		if m, ok := unitAt[k]; ok {
			return m, true
		}
		w := d.word(k)
		if stopWord(w) || isNumber(w) || w == "of" || w == "to" || d.cueBits[k]&(cClaim|cDeath|cInjury|cUnit) != 0 {
			break
		}
	}
	return text.PhraseMatch{}, false
}

// inFatality reports whether byte offset b lies in a figure of dead or injured.
func (d *doc) inFatality(b int) bool {
	for _, f := range d.fatals {
		if f.span.Start <= b && b < f.span.End {
			return true
		}
	}
	return false
}

// writerClaim returns the writer's own statement holding the tally's
// clause, made once per clause.
func (d *doc) writerClaim(t *tally) *claim {
	ca, cb := d.clause(t.tok)
	span := d.tokSpan(ca, cb)
	for _, c := range d.claims {
		if len(c.claimants) == 0 && c.span == span {
			return c
		}
	}
	c := &claim{sent: t.sent, verb: t.tok, verbEnd: t.tok, kind: sitrep.ClaimAssessment, span: span}
	for _, m := range d.actorsIn(span) {
		if !isUnnamed(m.Actor) && m.Actor.Type != sitrep.ActorCivilians {
			a := m.Actor
			c.about = &a
			break
		}
	}
	d.claims = append(d.claims, c)
	return c
}
