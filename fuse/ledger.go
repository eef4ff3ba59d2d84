package fuse

import (
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/event"
	"github.com/sitrep-dev/sitrep/text"
)

// Victim kinds, the first part of a quantity's group.
const (
	kindForces    = "forces"
	kindFighters  = "fighters"
	kindCivilians = "civilians"
	kindPeople    = "people"
)

// Ledger lists the quantities of every picture event, in event order.
func Ledger(events []sitrep.PictureEvent) []sitrep.Quantity {
	var out []sitrep.Quantity
	for i := range events {
		out = append(out, LedgerOf(&events[i])...)
	}
	return out
}

// LedgerOf groups the fatality figures of one picture event by what they
// count: the victims' kind (forces, fighters, civilians, people) and whose
// they are (the forces' country, the fighters' group), read from the
// victims phrase and, when it says nothing, the event's actors. Injury
// figures are quantities of their own.
func LedgerOf(e *sitrep.PictureEvent) []sitrep.Quantity {
	groups := map[string][]sitrep.Figure{}
	for _, r := range e.Reports {
		for _, c := range r.Event.FatalityClaims {
			g := victimGroup(c.Victims, r)
			if c.Injured {
				g = "injured:" + g
			}
			groups[g] = append(groups[g], figureOf(c, r))
		}
		// Counts of other things (posts taken, strikes flown) are
		// quantities of their own, compared as death tolls are.
		for _, t := range r.Event.Tallies {
			c := sitrep.FatalityClaim{Count: t.Count, CountMax: t.CountMax, Qualifier: t.Qualifier,
				Victims: t.Unit, Claimant: t.Claimant, Mention: t.Mention}
			g := tallyGroup + t.Unit + ":" + tallyOwner(t.Text)
			groups[g] = append(groups[g], figureOf(c, r))
		}
	}
	mergeUnresolved(groups)
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]sitrep.Quantity, 0, len(keys))
	for _, g := range keys {
		q := sitrep.Quantity{
			ID: strconv.FormatInt(e.ID, 10) + "/" + g, Event: e.ID, Group: g,
			Label: label(g, e), Figures: groups[g],
		}
		judge(&q)
		out = append(out, q)
	}
	return out
}

// judge orders a quantity's figures (by publication, document, offset) and
// decides from them its Sources, Claimants, Disputed and Contradictions:
// the one rule for the ledger of an event and for statistics.
func judge(q *sitrep.Quantity) {
	figs := q.Figures
	sort.SliceStable(figs, func(i, j int) bool {
		a, b := figs[i], figs[j]
		if a.Published != b.Published {
			return a.Published < b.Published
		}
		if a.DocID != b.DocID {
			return a.DocID < b.DocID
		}
		return a.Start < b.Start
	})
	sources, claimants := map[string]bool{}, map[string]bool{}
	// A figure a claimant gives again (a copy in its rewrite family,
	// a repeat) is listed but disputes nothing new: without this, the
	// contradictions of a story copied by a hundred outlets would be a
	// hundred times a hundred.
	var distinct []sitrep.Figure
	var who []string // claimant keys of distinct
	seen := map[string]bool{}
	for _, a := range figs {
		ck := claimantKey(a)
		sources[figSource(a)] = true
		claimants[ck] = true
		k := ck + "|" + intOf(a.Count) + "|" + intOf(a.CountMax) + "|" + a.Qualifier
		if !seen[k] {
			seen[k] = true
			distinct = append(distinct, a)
			who = append(who, ck)
		}
	}
	q.Disputed, q.Contradictions = false, nil
	for i, a := range distinct {
		for j := i + 1; j < len(distinct); j++ {
			b := distinct[j]
			if who[i] == who[j] {
				continue
			}
			if !sameFigure(a, b) {
				q.Disputed = true
			}
			if reason, ok := contradict(a, b); ok {
				q.Contradictions = append(q.Contradictions, sitrep.Contradiction{Quantity: q.ID, A: a, B: b, Reason: reason})
			}
		}
	}
	q.Sources, q.Claimants = len(sources), len(claimants)
}

func figSource(f sitrep.Figure) string {
	if f.Family != "" {
		return "family:" + f.Family
	}
	return "doc:" + f.DocID
}

// claimantKey: a named claimant is one voice wherever quoted; the writer of
// each independent source is a voice of its own.
func claimantKey(f sitrep.Figure) string {
	if f.Claimant != nil && f.Claimant.ID != "" {
		return f.Claimant.ID
	}
	return "reporter@" + figSource(f)
}

func sameFigure(a, b sitrep.Figure) bool {
	return eqInt(a.Count, b.Count) && eqInt(a.CountMax, b.CountMax) && a.Qualifier == b.Qualifier
}

func eqInt(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func figureOf(c sitrep.FatalityClaim, r sitrep.Report) sitrep.Figure {
	f := sitrep.Figure{
		Count: c.Count, CountMax: c.CountMax, Qualifier: c.Qualifier, Victims: c.Victims,
		Claimant: c.Claimant, DocID: r.DocID, Ref: r.Ref, Family: r.Family, Published: r.Published,
		Text: c.Text, Start: c.Start, End: c.End,
	}
	lo, hi, lopen, hopen := interval(c)
	f.Low, f.LowOpen, f.HighOpen = lo, lopen, hopen
	if !math.IsInf(hi, 1) {
		f.High = &hi
	}
	return f
}

// interval is the set of true numbers a figure allows. exact n: [n,n];
// at least n: [n,∞); more than n: (n,∞); about n: [0.8n,1.2n], but
// [0.8n,n) when its text says "nearly n" (below.tsv); up to n:
// [0,n]; fewer than n: [0,n); range a–b: [a,b]; vague with ACLED's
// count (dozens 12, hundreds 100): up to the next power of ten, exclusive
// ([12,99], [100,999]); a death without a number: [1,∞).
func interval(c sitrep.FatalityClaim) (lo, hi float64, lopen, hopen bool) {
	inf := math.Inf(1)
	if c.Count == nil {
		return 1, inf, false, false
	}
	n := float64(*c.Count)
	q := strings.ToLower(c.Qualifier)
	if (q == "about" || q == "exact") && justBelow(c.Text) {
		// "nearly 600": the extractor's qualifier is "about", the words say below
		return 0.8 * n, n, false, true
	}
	switch q {
	case "exact", "":
		return n, n, false, false
	case "at least":
		return n, inf, false, false
	case "more than", "over":
		return n, inf, true, false
	case "up to", "at most":
		return 0, n, false, false
	case "fewer than", "less than", "nearly", "almost":
		return 0, n, false, true
	case "range":
		if c.CountMax != nil && *c.CountMax >= *c.Count {
			return n, float64(*c.CountMax), false, false
		}
		return n, n, false, false
	case "vague":
		if n <= 0 {
			return 1, inf, false, false
		}
		p := 1.0
		for p <= n {
			p *= 10
		}
		return n, p - 1, false, false
	}
	return 0.8 * n, 1.2 * n, false, false // about, and anything unknown
}

//go:embed data/below.tsv
var belowData string

// belowWords are the phrases of below.tsv; ids are unused.
var belowWords = func() *text.PhraseSet {
	s := text.NewPhraseSet()
	eachLine(belowData, func(f []string) { s.Add(f[0], 0, false) })
	return s
}()

// justBelow reports whether a figure's text opens with words that put it
// just below its number ("nearly 600 attacks", "almost 40 killed").
func justBelow(s string) bool {
	m := belowWords.Match(text.Tokenize(s))
	return len(m) > 0 && m[0].First == 0
}

// contradict: two figures cannot both hold when their intervals do not meet.
func contradict(a, b sitrep.Figure) (string, bool) {
	if overlap(a, b) {
		return "", false
	}
	return fmt.Sprintf("%s cannot both hold with %s", describe(a), describe(b)), true
}

func overlap(a, b sitrep.Figure) bool {
	ahi, bhi := math.Inf(1), math.Inf(1)
	if a.High != nil {
		ahi = *a.High
	}
	if b.High != nil {
		bhi = *b.High
	}
	// a lies entirely below b, or b below a?
	below := func(hi float64, hopen bool, lo float64, lopen bool) bool {
		return hi < lo || (hi == lo && (hopen || lopen))
	}
	return !below(ahi, a.HighOpen, b.Low, b.LowOpen) && !below(bhi, b.HighOpen, a.Low, a.LowOpen)
}

func describe(f sitrep.Figure) string {
	who := "the reporter (" + f.DocID + ")"
	if f.Claimant != nil {
		who = f.Claimant.ID
	}
	n := "an unnumbered toll"
	if f.Count != nil {
		n = strconv.Itoa(*f.Count)
		if f.Qualifier != "" && f.Qualifier != "exact" {
			n = f.Qualifier + " " + n
		}
		if f.CountMax != nil {
			n += "-" + strconv.Itoa(*f.CountMax)
		}
	}
	return who + "'s " + n
}

// victimGroup normalises a victims phrase: "58 Pakistani soldiers" gives
// "forces:PK", "Taliban fighters" in a clash with one armed group gives
// "fighters:<that group>". A kind without an owner gets ":" with nothing
// after it and may be merged later.
func victimGroup(victims string, r sitrep.Report) string {
	toks := text.Tokenize(victims)
	kind := ""
	for i := len(toks) - 1; i >= 0 && kind == ""; i-- {
		kind = victimWords[toks[i].Norm]
	}
	cc := ""
	if ws := event.CountryWords(toks); len(ws) > 0 {
		cc = ws[0].Country
	}
	switch kind {
	case kindForces:
		if cc == "" {
			cc = onlyState(r)
		}
		return kindForces + ":" + cc
	case kindFighters:
		if g := onlyNonState(r); g != "" {
			return kindFighters + ":" + g
		}
		return kindFighters + ":" + cc
	case kindCivilians:
		return kindCivilians
	}
	return kindPeople
}

// onlyState is the country of the event's one state actor, if it has
// exactly one: unqualified soldiers are then its soldiers.
func onlyState(r sitrep.Report) string {
	var ccs []string
	for _, a := range []*sitrep.ActorRef{r.Event.Actor1, r.Event.Actor2} {
		if a == nil {
			continue
		}
		s := sideOf(a.ID, r.Actors)
		if cc, ok := strings.CutPrefix(s, "state:"); ok && !contains(ccs, cc) {
			ccs = append(ccs, cc)
		}
	}
	if len(ccs) == 1 {
		return ccs[0]
	}
	return ""
}

// onlyNonState is the event's one non-state armed actor, if it has exactly one.
func onlyNonState(r sitrep.Report) string {
	var ids []string
	for _, a := range []*sitrep.ActorRef{r.Event.Actor1, r.Event.Actor2} {
		if a == nil {
			continue
		}
		info, known := r.Actors[a.ID]
		if known && info.Type != sitrep.ActorArmedGroup {
			continue
		}
		if !known && strings.HasPrefix(sideOf(a.ID, nil), "state:") {
			continue
		}
		if !contains(ids, a.ID) {
			ids = append(ids, a.ID)
		}
	}
	if len(ids) == 1 {
		return ids[0]
	}
	return ""
}

// mergeUnresolved folds "forces:" (soldiers of no stated country) into the
// event's one stated forces group, when there is exactly one; likewise for
// fighters. Several candidates leave it apart: a guess would mix counts.
func mergeUnresolved(groups map[string][]sitrep.Figure) {
	for _, prefix := range []string{"", "injured:"} {
		for _, kind := range []string{kindForces, kindFighters} {
			open := prefix + kind + ":"
			figs, ok := groups[open]
			if !ok {
				continue
			}
			var owner string
			n := 0
			for g := range groups {
				if g != open && strings.HasPrefix(g, open) {
					owner = g
					n++
				}
			}
			if n == 1 {
				groups[owner] = append(groups[owner], figs...)
				delete(groups, open)
			}
		}
	}
}

// label says what a quantity counts, readably: "Pakistani forces killed
// in armed clash (2025-10-12, Kurram)".
// tallyGroup prefixes the groups of counted things other than people:
// "count:posts:AF" (Afghan posts), "count:strikes:" (whose, not said).
const tallyGroup = "count:"

// tallyOwner is the country whose things a tally counts, by the demonym
// it names ("19 Afghan posts" against "25 Pakistani posts": two
// quantities, not one disputed); "" when it names none.
func tallyOwner(s string) string {
	if ws := event.CountryWords(text.Tokenize(s)); len(ws) > 0 {
		return ws[0].Country
	}
	return ""
}

func label(group string, e *sitrep.PictureEvent) string {
	if g, ok := strings.CutPrefix(group, tallyGroup); ok {
		unit, owner, _ := strings.Cut(g, ":")
		if event.Demonym(owner) != "" {
			unit = event.Demonym(owner) + " " + unit
		}
		return unit + " counted in " + strings.ToLower(e.SubEventType) + where(e)
	}
	g, injured := strings.CutPrefix(group, "injured:")
	kind, owner, _ := strings.Cut(g, ":")
	who := kind
	switch {
	case owner == "":
	case event.Demonym(owner) != "":
		who = event.Demonym(owner) + " " + kind
	default:
		who = kind + " of " + actorName(owner, e)
	}
	what := "killed"
	if injured {
		what = "injured"
	}
	return fmt.Sprintf("%s %s in %s%s", who, what, strings.ToLower(e.SubEventType), where(e))
}

// where is the date and place of a quantity's label: " (2025-10-12, Kurram)".
func where(e *sitrep.PictureEvent) string {
	when := "undated"
	if e.EventDate != nil {
		when = *e.EventDate
	}
	place := e.Location
	if place == "" {
		place = e.Admin1
	}
	if place != "" {
		return " (" + when + ", " + place + ")"
	}
	return " (" + when + ")"
}

// actorName is the name the reports give an actor id, or the id.
func actorName(id string, e *sitrep.PictureEvent) string {
	for _, r := range e.Reports {
		for _, a := range []*sitrep.ActorRef{r.Event.Actor1, r.Event.Actor2} {
			if a != nil && a.ID == id && a.Name != "" {
				return a.Name
			}
		}
	}
	return id
}

// victimsDisputed: one claimant counts only combatants among the dead of
// the incident, another only civilians ("70 terrorists killed" against
// "the strikes killed civilians").
func victimsDisputed(reports []sitrep.Report) bool {
	kinds := map[string]map[string]bool{}
	for _, r := range reports {
		for _, c := range r.Event.FatalityClaims {
			if c.Injured {
				continue
			}
			f := sitrep.Figure{Claimant: c.Claimant, DocID: r.DocID, Family: r.Family}
			k, _, _ := strings.Cut(victimGroup(c.Victims, r), ":")
			ck := claimantKey(f)
			if kinds[ck] == nil {
				kinds[ck] = map[string]bool{}
			}
			kinds[ck][k] = true
		}
	}
	only := func(m map[string]bool, k string) bool { return len(m) == 1 && m[k] }
	combatants, civilians := false, false
	for _, m := range kinds {
		if only(m, kindFighters) || only(m, kindForces) {
			combatants = true
		}
		if only(m, kindCivilians) {
			civilians = true
		}
	}
	return combatants && civilians
}
