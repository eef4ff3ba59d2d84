package event

import (
	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/quantity"
)

// fatal is one reported figure of dead or injured.
type fatal struct {
	sent     int
	tok      int // first token of the figure, or of the death word when there is no figure
	span     sitrep.Span
	count    *int
	max      *int
	qual     string
	victims  string
	group    string // victim group for adding up: forces, fighters, civilians, people
	injured  bool
	claim    *claim // nil: the reporter
	attached bool
}

// aux words between victims and the death word ("were killed").
var auxWords = map[string]bool{"were": true, "was": true, "had": true, "have": true, "has": true, "been": true,
	"be": true, "are": true, "is": true, "reportedly": true, "also": true, "all": true, "later": true}

// findFatalities reads figures of dead and injured: "58 soldiers were
// killed", "killed more than 200 fighters", "left 16 personnel dead",
// "killed civilians" (no figure).
func (d *doc) findFatalities() {
	for si, st := range d.sentTok {
		a, b := st[0], st[1]
		has := false
		for j := a; j < b; j++ {
			if d.cueBits[j]&(cDeath|cInjury) != 0 {
				has = true
				break
			}
		}
		if !has {
			continue
		}
		base := d.sents[si].Start
		qs := quantity.Find(d.in.Text[base:d.sents[si].End])
		used := map[int]bool{} // death cue tokens already given a figure
		for _, q := range qs {
			qa := d.tokenAt(base + q.Span.Start)
			qb := d.tokenAt(base + q.Span.End)
			if qa >= b || qb <= qa {
				continue
			}
			if d.cueAt(qb, cUnit) || d.timeCovers(base+q.Span.Start) {
				continue
			}
			f := d.figure(si, qa, qb, a, b, used)
			if f == nil {
				continue
			}
			f.span = sitrep.Span{Start: base + q.Span.Start, End: f.span.End}
			if f.span.End < f.span.Start {
				f.span.End = base + q.Span.End
			}
			f.count, f.max, f.qual = q.Count, q.Max, q.Qualifier
			if f.qual == "" {
				f.qual = quantity.Exact
			}
			if f.count != nil && f.qual == quantity.Exact && isVagueWord(d.word(qa)) {
				f.qual = quantity.Vague
			}
			if f.count == nil && f.qual == quantity.Exact {
				f.qual = quantity.Vague
			}
			d.fatals = append(d.fatals, f)
		}
		// Deaths without a figure: "the strikes had killed civilians".
		for j := a; j < b; j++ {
			if !d.cueAt(j, cDeath) || used[j] {
				continue
			}
			w := d.word(j)
			if w != "killed" && w != "killing" {
				continue
			}
			k := d.cueEnd(j)
			if one := d.oneVictim(k, b); one > k && !d.negatedBefore(j, 3) {
				// "killed a police officer": one victim
				e := one + 1
				for e < b && d.cueBits[e]&(cCiv|cFighter|cForce) != 0 && !d.gapComma(e) {
					e++
				}
				n := 1
				f := &fatal{sent: si, tok: j, span: d.tokSpan(j, e), count: &n, qual: quantity.Exact,
					victims: d.in.Text[d.toks[k].Start:d.toks[e-1].End]}
				f.group = d.groupOf(one, e)
				d.fatals = append(d.fatals, f)
				continue
			}
			if k < b && d.cueBits[k]&(cCiv|cFighter|cForce) != 0 && !d.negatedBefore(j, 3) {
				e := k + 1
				for e < b && d.cueBits[e]&(cCiv|cFighter|cForce) != 0 && !d.gapComma(e) {
					e++
				}
				f := &fatal{sent: si, tok: j, span: d.tokSpan(j, e), qual: quantity.Vague,
					victims: d.in.Text[d.toks[k].Start:d.toks[e-1].End]}
				f.group = d.groupOf(k, e)
				d.fatals = append(d.fatals, f)
			}
		}
	}
	// Attribute each figure to the statement that reports it.
	for _, f := range d.fatals {
		f.claim = d.claimCovering(f)
		if f.claim != nil && f.claim.kind != sitrep.ClaimDenial {
			f.claim.kind = sitrep.ClaimCasualty
			if f.claim.about == nil || sameActor(f.claim.about, f.claim.claimants) {
				f.claim.about = d.victimActor(f)
			}
		}
	}
}

// oneVictim returns the victim noun of "a/an/one [adjective] <victim>" at
// token k (before b), or -1.
func (d *doc) oneVictim(k, b int) int {
	if k >= b {
		return -1
	}
	switch d.word(k) {
	case "a", "an", "one":
	default:
		return -1
	}
	for v := k + 1; v < b && v <= k+2 && !d.gapComma(v); v++ {
		if d.cueBits[v]&(cCiv|cFighter|cForce) != 0 && d.cueHead[v] {
			return v
		}
	}
	return -1
}

func isVagueWord(w string) bool {
	switch w {
	case "dozens", "hundreds", "tens", "scores", "thousands":
		return true
	}
	return false
}

func sameActor(a *sitrep.Actor, ms []sitrep.ActorMention) bool {
	for _, m := range ms {
		if m.Actor.ID == a.ID {
			return true
		}
	}
	return false
}

// figure links the number at tokens [qa, qb) to a death or injury word:
// after it ("23 soldiers killed") or before it ("killed 23 soldiers").
func (d *doc) figure(si, qa, qb, sa, sb int, used map[int]bool) *fatal {
	// number … death word
	limit, resume := qb+7, -1
	for j := qb; j < sb && j < limit; j++ {
		if j > qb && d.gapComma(j) && appositive(d.word(j)) {
			// "10 civilians, including three players, were killed": skip the aside
			k := j + 1
			for k < sb && !d.gapComma(k) && !d.gapBreaks(k) {
				k++
			}
			if k < sb && d.gapComma(k) {
				limit += k - j
				j, resume = k-1, k
				continue
			}
		}
		if j > qb && j != resume && (d.gapBreaks(j) || d.gapComma(j)) {
			break
		}
		if d.cueAt(j, cDeath|cInjury) {
			f := &fatal{sent: si, tok: qa, injured: d.cueBits[j]&cDeath == 0, span: d.tokSpan(qa, d.cueEnd(j))}
			v := j
			for v > qb && auxWords[d.word(v-1)] {
				v--
			}
			if v > qb {
				f.victims = d.in.Text[d.toks[qb].Start:d.toks[v-1].End]
				f.group = d.groupOf(qb, v)
			} else {
				f.group = "people"
			}
			used[j] = true
			return f
		}
		if d.word(j) == "and" || d.word(j) == "in" || d.word(j) == "of" && j > qb {
			if !(d.word(j) == "of" && j == qb) {
				break
			}
		}
	}
	// death word … number: "killed more than 200 fighters", "death toll rose to 30"
	for j := qa - 1; j >= sa && j >= qa-4; j-- {
		if d.cueAt(j, cDeath|cInjury) || (d.cueBits[j]&(cDeath|cInjury) != 0 && j == qa-1) {
			k := j
			for k > sa && d.cueBits[k-1]&(cDeath|cInjury) != 0 && !d.cueHead[k] {
				k--
			}
			if used[k] {
				return nil
			}
			f := &fatal{sent: si, tok: qa, injured: d.cueBits[j]&cDeath == 0}
			e := qb
			for e < sb && e < qb+5 && !d.gapBreaks(e) && !d.gapComma(e) && !stopWord(d.word(e)) {
				e++
			}
			if e > qb {
				f.victims = d.in.Text[d.toks[qb].Start:d.toks[e-1].End]
				f.group = d.groupOf(qb, e)
			} else {
				f.group = "people"
			}
			f.span = d.tokSpan(k, max(e, qb))
			used[k] = true
			return f
		}
		w := d.word(j)
		if !(w == "to" || w == "have" || w == "rose" || w == "reached" || w == "of" || w == "at" || w == "climbed") {
			break
		}
	}
	return nil
}

// appositive reports a word that opens an aside inside a victims phrase.
func appositive(w string) bool {
	switch w {
	case "including", "among", "mostly", "most", "many", "all", "mainly", "both":
		return true
	}
	return false
}

// stopWord ends a victims phrase.
func stopWord(w string) bool {
	switch w {
	case "in", "on", "at", "during", "and", "while", "after", "before", "near", "since", "as", "when", "but", "with", "from", "by", "across", "along", "inside", "over", "last", "this":
		return true
	}
	return false
}

// groupOf classes a victims phrase for adding up figures, looking a few
// words past it ("200 Taliban and affiliated fighters").
func (d *doc) groupOf(a, b int) string {
	for e := b; e < len(d.toks) && e < b+3 && d.tokSent[e] == d.tokSent[a] && !d.gapComma(e) && !d.gapBreaks(e); e++ {
		b = e + 1
	}
	for j := a; j < b; j++ {
		switch {
		case d.cueBits[j]&cForce != 0:
			return "forces"
		case d.cueBits[j]&cFighter != 0:
			return "fighters"
		case d.cueBits[j]&cCiv != 0:
			return "civilians"
		}
	}
	return "people"
}

// timeCovers reports whether byte offset b lies in a time expression ("2024").
func (d *doc) timeCovers(b int) bool {
	for _, t := range d.times {
		if t.Span.Start <= b && b < t.Span.End {
			return true
		}
		if t.Span.Start > b {
			break
		}
	}
	return false
}

// claimCovering is the statement whose text contains the figure, nearest
// verb first; nil when the writer reports it.
func (d *doc) claimCovering(f *fatal) *claim { return d.claimAt(f.sent, f.span.Start, f.tok) }

// claimAt is the statement of sentence si whose text contains a figure
// starting at byte start (token tok), as claimCovering finds it.
func (d *doc) claimAt(si, start, tok int) *claim {
	var best *claim
	for _, c := range d.claims {
		if c.sent != si || len(c.claimants) == 0 {
			continue
		}
		if c.span.Start <= start && start < c.span.End+1 {
			if best == nil || c.verb > best.verb {
				best = c
			}
		}
	}
	if best != nil {
		return best
	}
	// "according to X" or a verb later in the sentence ("…, the ministry said").
	for _, c := range d.claims {
		if c.sent == si && len(c.claimants) > 0 && (d.cueAt(c.verb, cAccord) || c.verb > tok) {
			return c
		}
	}
	// Participles with no figure of their own keep the sentence's speaker:
	// "An Afghan spokesperson said …, reporting more than a dozen civilians killed".
	for _, c := range d.claims {
		if c.sent == si && len(c.claimants) > 0 && c.verb < tok {
			return c
		}
	}
	return nil
}

// victimActor is the actor named in the victims phrase, if any.
func (d *doc) victimActor(f *fatal) *sitrep.Actor {
	for _, m := range d.actorsIn(f.span) {
		if isUnnamed(m.Actor) {
			continue // "70 militants": whose is for the reader to judge
		}
		a := m.Actor
		return &a
	}
	return nil
}
