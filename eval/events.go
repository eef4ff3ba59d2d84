package eval

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

// ScoreEvents scores events, fatality claims and claims:
//   - events: a predicted event matches a gold event of the same type when
//     their evidence overlaps (gold evidence and additional evidence), or when
//     the date agrees and the place or an actor does; one to one, best pairs
//     first. Over matched events: accuracy of sub-type, date (at the gold's
//     granularity), place, unordered actor pair and fatalities.
//   - fatality_claims: figures of dead (injuries apart) of a document match on
//     count and qualifier; claimant accuracy over matched figures.
//   - claims: a predicted claim matches a gold claim when the texts overlap and
//     kind and claimant agree. Extra figures: text-overlap F1, and kind and
//     claimant accuracy over text-overlapping pairs.
func ScoreEvents(g *Gold, in map[string]Input) []Field {
	var ev, fc, cl, clText Counts
	var acc = map[string][2]int{}
	tally := func(k string, ok bool) {
		v := acc[k]
		if ok {
			v[0]++
		}
		v[1]++
		acc[k] = v
	}
	for _, d := range g.Documents {
		x, ok := in[d.ID]
		if !ok {
			continue
		}
		shift := textShift(x.FileText, x.Record.Text)
		ev.add(scoreEventDoc(d, x, shift, tally))
		fc.add(scoreFatalityDoc(d, x.Record, tally))
		c, t := scoreClaimDoc(d, x, shift, tally)
		cl.add(c)
		clText.add(t)
	}
	rate := func(k string) float64 { return ratio(acc[k][0], acc[k][1]) }
	return []Field{
		{Name: "events", Counts: ev, Extra: map[string]float64{
			"sub_type_accuracy":   rate("sub_type"),
			"date_accuracy":       rate("date"),
			"place_accuracy":      rate("place"),
			"actors_accuracy":     rate("actors"),
			"fatalities_accuracy": rate("fatalities"),
		}},
		{Name: "fatality_claims", Counts: fc, Extra: map[string]float64{"claimant_accuracy": rate("fatality_claimant")}},
		{Name: "claims", Counts: cl, Extra: map[string]float64{
			"overlap_f1":        clText.F1(),
			"kind_accuracy":     rate("claim_kind"),
			"claimant_accuracy": rate("claim_claimant"),
		}},
	}
}

// cpSpan is a code-point span of the file text.
type cpSpan struct{ start, end int }

func (a cpSpan) overlaps(b cpSpan) bool { return a.start < b.end && b.start < a.end }

// locate finds quoted gold text in the file, as a code-point span.
func locate(file, quote string) (cpSpan, bool) {
	if quote == "" {
		return cpSpan{}, false
	}
	i := strings.Index(file, quote)
	if i < 0 {
		return cpSpan{}, false
	}
	s := utf8.RuneCountInString(file[:i])
	return cpSpan{s, s + utf8.RuneCountInString(quote)}, true
}

type pair struct {
	gi, pi int
	score  float64
}

// assign matches pairs one to one, best score first.
func assign(pairs []pair, ng, np int) []pair {
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].score > pairs[j].score })
	usedG, usedP := make([]bool, ng), make([]bool, np)
	var out []pair
	for _, p := range pairs {
		if usedG[p.gi] || usedP[p.pi] {
			continue
		}
		usedG[p.gi], usedP[p.pi] = true, true
		out = append(out, p)
	}
	return out
}

// matchEvents pairs the gold events of a document with its predicted
// events, one to one, best pairs first (see ScoreEvents).
func matchEvents(d GoldDoc, x Input, shift int) []pair {
	preds := x.Record.Events
	gspans := make([][]cpSpan, len(d.Events))
	for i, ge := range d.Events {
		for k, q := range append([]string{ge.Evidence}, ge.More...) {
			if s, ok := locate(x.FileText, q); ok {
				if k == 0 {
					s.start = -s.start - 1 // mark the primary evidence
				}
				gspans[i] = append(gspans[i], s)
			}
		}
	}
	var pairs []pair
	for gi, ge := range d.Events {
		for pi, pe := range preds {
			if pe.EventType != ge.Type {
				continue
			}
			score := 0.0
			for _, m := range pe.Evidence {
				ps := cpSpan{m.Start + shift, m.End + shift}
				for _, s := range gspans[gi] {
					primary := s.start < 0
					if primary {
						s.start = -s.start - 1
					}
					if ps.overlaps(s) {
						if primary {
							score = max(score, 2)
						} else {
							score = max(score, 1)
						}
					}
				}
			}
			dateOK := ge.Date != nil && dateAgrees(*ge.Date, pe)
			if score == 0 && !(dateOK && (placeAgrees(ge, pe) || actorsShare(ge, pe))) {
				continue
			}
			if pe.SubEventType == ge.SubType {
				score += 0.5
			}
			if dateOK {
				score += 0.25
			}
			pairs = append(pairs, pair{gi, pi, score + 0.1})
		}
	}
	return assign(pairs, len(d.Events), len(preds))
}

func scoreEventDoc(d GoldDoc, x Input, shift int, tally func(string, bool)) Counts {
	preds := x.Record.Events
	matched := matchEvents(d, x, shift)
	for _, p := range matched {
		ge, pe := d.Events[p.gi], preds[p.pi]
		tally("sub_type", pe.SubEventType == ge.SubType)
		if ge.Date == nil {
			tally("date", pe.EventDate == nil)
		} else {
			tally("date", dateAgrees(*ge.Date, pe))
		}
		tally("place", placeAgrees(ge, pe))
		tally("actors", actorPairAgrees(ge, pe))
		tally("fatalities", fatalitiesAgree(goldFatalities(ge.Fatalities), pe.Fatalities))
	}
	return Counts{TP: len(matched), FP: len(preds) - len(matched), FN: len(d.Events) - len(matched)}
}

// dateAgrees compares a gold date (YYYY, YYYY-MM, YYYY-Www or YYYY-MM-DD)
// with the event's date at the gold's granularity.
func dateAgrees(gold string, pe sitrep.Event) bool {
	if pe.EventDate == nil {
		return false
	}
	p := *pe.EventDate
	prec := 1
	if pe.TimePrecision != nil {
		prec = *pe.TimePrecision
	}
	switch {
	case len(gold) == 4:
		return strings.HasPrefix(p, gold)
	case len(gold) == 7:
		return strings.HasPrefix(p, gold)
	case strings.Contains(gold, "W"):
		t, err := time.Parse("2006-01-02", p)
		if err != nil || prec > 2 {
			return false
		}
		y, w := t.ISOWeek()
		return gold[:8] == isoWeek(y, w)
	}
	return p == gold && prec == 1
}

func isoWeek(y, w int) string {
	s := []byte("0000-W00")
	for i := 3; i >= 0; i-- {
		s[i] = byte('0' + y%10)
		y /= 10
	}
	s[6], s[7] = byte('0'+w/10), byte('0'+w%10)
	return string(s)
}

func placeAgrees(ge GoldEvent, pe sitrep.Event) bool {
	if ge.Location == nil {
		return pe.Location == ""
	}
	g := text.Key(*ge.Location)
	return g != "" && (g == text.Key(pe.Location))
}

func actorsShare(ge GoldEvent, pe sitrep.Event) bool {
	for _, g := range []*string{ge.Actor1, ge.Actor2} {
		for _, p := range []*sitrep.ActorRef{pe.Actor1, pe.Actor2} {
			if g != nil && p != nil && actorKey(*g) == actorKey(p.ID) {
				return true
			}
		}
	}
	return false
}

func actorPairAgrees(ge GoldEvent, pe sitrep.Event) bool {
	id := func(s *string) string {
		if s == nil {
			return ""
		}
		return actorKey(*s)
	}
	ref := func(r *sitrep.ActorRef) string {
		if r == nil {
			return ""
		}
		return actorKey(r.ID)
	}
	g1, g2, p1, p2 := id(ge.Actor1), id(ge.Actor2), ref(pe.Actor1), ref(pe.Actor2)
	return g1 == p1 && g2 == p2 || g1 == p2 && g2 == p1
}

// victimGroup classes a victims phrase as the engine's ACLED rule does.
func victimGroup(v string) string {
	k := " " + text.Key(v) + " "
	for _, w := range []string{"soldier", "troop", "personnel", "police", "guard", "officer"} {
		if strings.Contains(k, " "+w) {
			return "forces"
		}
	}
	for _, w := range []string{"fighter", "militant", "terrorist", "insurgent", "rebel"} {
		if strings.Contains(k, " "+w) {
			return "fighters"
		}
	}
	for _, w := range []string{"civilian", "women", "children"} {
		if strings.Contains(k, " "+w) {
			return "civilians"
		}
	}
	return "people"
}

// normFatality returns the contract's count and qualifier of a gold figure.
func normFatality(f GoldFatality) (*int, string) {
	q := ""
	if f.Qualifier != nil {
		q = *f.Qualifier
	}
	n := f.Count
	switch q {
	case "over":
		q = "more than"
	case "dozens":
		q, n = "vague", intp(12)
	case "hundreds":
		q, n = "vague", intp(100)
	case "tens":
		q, n = "vague", intp(10)
	case "":
		if n == nil {
			q = "vague"
		} else {
			q = "exact"
		}
	}
	return n, q
}

func intp(v int) *int { return &v }

// goldFatalities applies the engine's ACLED rule (sitrep.LowestCredible) to
// the gold figures.
func goldFatalities(fs []GoldFatality) *int {
	tolls := make([]sitrep.Toll, len(fs))
	for i, f := range fs {
		n, _ := normFatality(f)
		tolls[i] = sitrep.Toll{Count: n, Group: victimGroup(f.Victims), ByReporter: f.Claimant == "reporter"}
	}
	return sitrep.LowestCredible(tolls)
}

func fatalitiesAgree(g, p *int) bool {
	if g == nil || p == nil {
		return g == nil && p == nil
	}
	return *g == *p
}

func sameCount(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func scoreFatalityDoc(d GoldDoc, r sitrep.Record, tally func(string, bool)) Counts {
	var gold []GoldFatality
	for _, e := range d.Events {
		gold = append(gold, e.Fatalities...)
	}
	var preds []sitrep.FatalityClaim
	for _, e := range r.Events {
		for _, f := range e.FatalityClaims {
			if !f.Injured {
				preds = append(preds, f)
			}
		}
	}
	var pairs []pair
	for gi, gf := range gold {
		n, q := normFatality(gf)
		for pi, pf := range preds {
			if q != pf.Qualifier || !sameCount(n, pf.Count) {
				continue
			}
			if q == "range" && !sameCount(gf.CountMax, pf.CountMax) {
				continue
			}
			score := 1.0
			if claimantAgrees(gf.Claimant, pf.Claimant) {
				score = 2
			}
			pairs = append(pairs, pair{gi, pi, score})
		}
	}
	matched := assign(pairs, len(gold), len(preds))
	for _, p := range matched {
		tally("fatality_claimant", claimantAgrees(gold[p.gi].Claimant, preds[p.pi].Claimant))
	}
	return Counts{TP: len(matched), FP: len(preds) - len(matched), FN: len(gold) - len(matched)}
}

// claimantAgrees compares a gold claimant ("reporter" for the writer) with a predicted one.
func claimantAgrees(gold string, p *sitrep.ActorRef) bool {
	if gold == "reporter" || gold == "" {
		return p == nil
	}
	return p != nil && actorKey(p.ID) == actorKey(gold)
}

func scoreClaimDoc(d GoldDoc, x Input, shift int, tally func(string, bool)) (strict, overlap Counts) {
	gspans := make([]cpSpan, len(d.Claims))
	found := make([]bool, len(d.Claims))
	for i, gc := range d.Claims {
		gspans[i], found[i] = locate(x.FileText, gc.Text)
	}
	preds := x.Record.Claims
	var strictPairs, textPairs []pair
	for gi, gc := range d.Claims {
		if !found[gi] {
			continue
		}
		for pi, pc := range preds {
			ps := cpSpan{pc.Start + shift, pc.End + shift}
			if !ps.overlaps(gspans[gi]) {
				continue
			}
			ov := float64(min(ps.end, gspans[gi].end)-max(ps.start, gspans[gi].start)) / float64(max(ps.end-ps.start, gspans[gi].end-gspans[gi].start))
			textPairs = append(textPairs, pair{gi, pi, ov})
			if pc.Kind == gc.Kind && claimantAgrees(gc.Claimant, pc.Claimant) {
				strictPairs = append(strictPairs, pair{gi, pi, ov})
			}
		}
	}
	sm := assign(strictPairs, len(d.Claims), len(preds))
	tm := assign(textPairs, len(d.Claims), len(preds))
	for _, p := range tm {
		gc, pc := d.Claims[p.gi], preds[p.pi]
		tally("claim_kind", gc.Kind == pc.Kind)
		tally("claim_claimant", claimantAgrees(gc.Claimant, pc.Claimant))
	}
	strict = Counts{TP: len(sm), FP: len(preds) - len(sm), FN: len(d.Claims) - len(sm)}
	overlap = Counts{TP: len(tm), FP: len(preds) - len(tm), FN: len(d.Claims) - len(tm)}
	return strict, overlap
}
