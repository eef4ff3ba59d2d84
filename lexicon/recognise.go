package lexicon

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

// maxWindow bounds every look-around, so that a long sentence costs no more
// than a short one per mention.
const maxWindow = 30

// rec is the state of one Recognise call.
type rec struct {
	l      *Lexicon
	txt    string
	toks   []text.Token
	date   time.Time
	ms     []text.PhraseMatch
	start  []int32 // token → match starting there, or -1
	cover  []int32 // token → match covering it, or -1
	sentOf []int32
	used   []bool
	out    []sitrep.ActorMention
	outEnd []int // token end of each mention in out
	// surnames maps a person's last name, as written, to the person's id in
	// this document ("" when two people share it).
	surnames map[string]sitrep.Actor
	civ      []int // match indexes of bare "civilians"
}

// Recognise finds the actors of a document: dictionary names, states used as
// agents (metonymy), forces and officials described by nationality, role
// phrases resolved to the office holder at the publication date, and people
// not in the dictionary introduced by a title, an apposition or a reporting
// verb. tokens and sentences may be nil, in which case they are computed.
// Places used as places are not reported. Mentions are sorted by offset.
func (l *Lexicon) Recognise(txt string, tokens []text.Token, sentences []sitrep.Span, published time.Time) []sitrep.ActorMention {
	if len(tokens) == 0 || tokens[len(tokens)-1].End > len(txt) {
		// tokens of another text would point outside this one
		tokens = text.Tokenize(txt)
	}
	if sentences == nil {
		sentences = text.Sentences(txt)
	}
	r := &rec{l: l, txt: txt, toks: tokens, date: published, surnames: map[string]sitrep.Actor{}}
	r.index(sentences)
	r.scan()
	r.unknownPersons()
	r.linkSurnames()
	r.civilians()
	sort.SliceStable(r.out, func(i, j int) bool { return r.out[i].Span.Start < r.out[j].Span.Start })
	return r.out
}

func (r *rec) index(sents []sitrep.Span) {
	n := len(r.toks)
	r.sentOf = make([]int32, n)
	s := 0
	for i, t := range r.toks {
		for s < len(sents) && sents[s].End <= t.Start {
			s++
		}
		r.sentOf[i] = int32(s)
	}
	r.ms = r.match()
	r.start = make([]int32, n)
	r.cover = make([]int32, n)
	r.used = make([]bool, n)
	for i := range r.start {
		r.start[i], r.cover[i] = -1, -1
	}
	for k, m := range r.ms {
		if m.First < 0 || m.Last > n || m.First >= m.Last {
			continue
		}
		r.start[m.First] = int32(k)
		for i := m.First; i < m.Last; i++ {
			r.cover[i] = int32(k)
		}
	}
}

// match finds leftmost-longest dictionary phrases; a phrase that runs
// across punctuation or a sentence break ("security. Analysts") is matched
// again piecewise.
func (r *rec) match() []text.PhraseMatch {
	all := r.l.phrases.Match(r.toks)
	out := all[:0:0]
	for _, m := range all {
		if m.Last-m.First == 1 || r.phraseGapsOK(m.First, m.Last) {
			out = append(out, m)
			continue
		}
		seg := m.First
		for i := m.First + 1; i <= m.Last; i++ {
			if i < m.Last && r.phraseGapsOK(i-1, i+1) {
				continue
			}
			for _, sub := range r.l.phrases.Match(r.toks[seg:i]) {
				sub.First += seg
				sub.Last += seg
				out = append(out, sub)
			}
			seg = i
		}
	}
	return out
}

func (r *rec) phraseGapsOK(first, last int) bool {
	for i := first + 1; i < last; i++ {
		if r.sentOf[i] != r.sentOf[i-1] {
			return false
		}
		for _, c := range r.gap(i) {
			switch c {
			case ' ', '-', '–', '—', '‐', '‑', '\'', '’', '&', '(', ')':
			case '.':
				// an initial or abbreviation: "S. Jaishankar", "Lt. Gen."
				if t := r.toks[i-1]; t.End-t.Start > 3 || !r.capitalised(i-1) {
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}

// --- token helpers ---

func (r *rec) norm(i int) string {
	if i < 0 || i >= len(r.toks) {
		return ""
	}
	return r.toks[i].Norm
}

// gap is the text between token i-1 and token i.
func (r *rec) gap(i int) string {
	if i <= 0 || i >= len(r.toks) {
		return ""
	}
	a, b := r.toks[i-1].End, r.toks[i].Start
	if a < 0 || b > len(r.txt) || a > b {
		return ""
	}
	return r.txt[a:b]
}

func (r *rec) same(i, j int) bool {
	return i >= 0 && j >= 0 && i < len(r.toks) && j < len(r.toks) && r.sentOf[i] == r.sentOf[j]
}

func plainGap(g string) bool {
	for _, c := range g {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

func hasDash(g string) bool { return strings.ContainsAny(g, "-–—‐‑") }

// glued reports a hyphen or dash joining two words without spaces ("Pakistan-Afghanistan").
func glued(g string) bool { return hasDash(g) && !strings.ContainsAny(g, " \t\n") }

func hasComma(g string) bool { return strings.ContainsRune(g, ',') }

// possessive reports whether token i is the "s" of a possessive.
func (r *rec) possessive(i int) bool {
	if r.norm(i) != "s" {
		return false
	}
	g := r.gap(i)
	return strings.ContainsAny(g, "'’‘ʼ")
}

func (r *rec) capitalised(i int) bool {
	if i < 0 || i >= len(r.toks) {
		return false
	}
	c, _ := utf8.DecodeRuneInString(r.toks[i].Cased)
	return unicode.IsUpper(c)
}

// cues returns the cues of match k.
func (r *rec) cueOf(k int32, kind cueKind) (cue, bool) {
	if k < 0 {
		return cue{}, false
	}
	for _, id := range r.ms[k].IDs {
		if int(id) < len(r.l.cues) {
			if c := r.l.cues[id]; c.kind == kind {
				return c, true
			}
		}
	}
	return cue{}, false
}

func (r *rec) has(k int32, kind cueKind) bool {
	_, ok := r.cueOf(k, kind)
	return ok
}

// key joins the norms of tokens [i, j).
func (r *rec) key(i, j int) string {
	if i < 0 || j > len(r.toks) || i >= j {
		return ""
	}
	if j == i+1 {
		return r.toks[i].Norm
	}
	var b strings.Builder
	for k := i; k < j; k++ {
		if k > i {
			b.WriteByte(' ')
		}
		b.WriteString(r.toks[k].Norm)
	}
	return b.String()
}

func (r *rec) emit(first, last int, a sitrep.Actor, metonym bool) {
	if first < 0 || last > len(r.toks) || first >= last {
		return
	}
	for i := first; i < last; i++ {
		r.used[i] = true
	}
	r.out = append(r.out, sitrep.ActorMention{
		Actor:   a,
		Span:    sitrep.Span{Start: r.toks[first].Start, End: r.toks[last-1].End},
		Metonym: metonym,
	})
	r.outEnd = append(r.outEnd, last)
	if a.Type == sitrep.ActorPerson {
		r.addSurname(r.toks[last-1].Cased, a)
	}
}

func (r *rec) emitID(first, last int, id string, metonym bool) {
	r.emit(first, last, r.l.actorOf(id), metonym)
}

func (r *rec) addSurname(s string, a sitrep.Actor) {
	k := strings.ToLower(s)
	if r.l.w.weakSurnames[k] || r.l.w.notName[k] || len(s) < 3 {
		return
	}
	if old, ok := r.surnames[s]; ok && old.ID != a.ID {
		r.surnames[s] = sitrep.Actor{}
		return
	}
	r.surnames[s] = a
}

// --- the main pass over dictionary matches ---

func (r *rec) scan() {
	lists := r.stateLists()
	for k := 0; k < len(r.ms); k++ {
		m := r.ms[k]
		if m.First < 0 || m.Last > len(r.toks) || r.used[m.First] {
			continue
		}
		kk := int32(k)
		switch {
		case r.has(kk, cueAlias):
			c, _ := r.cueOf(kk, cueAlias)
			r.alias(m, int(c.ref))
		case r.has(kk, cueStateName) || r.has(kk, cueCapital):
			c, ok := r.cueOf(kk, cueStateName)
			if !ok {
				c, _ = r.cueOf(kk, cueCapital)
			}
			r.stateName(k, int(c.ref), lists)
		case r.has(kk, cueDemonym):
			c, _ := r.cueOf(kk, cueDemonym)
			r.demonym(m, int(c.ref))
		case r.has(kk, cueDemonymPlural):
			c, _ := r.cueOf(kk, cueDemonymPlural)
			id := r.l.fillID(r.l.w.people.ID, int(c.ref))
			r.emitID(m.First, m.Last, id, false)
		case r.has(kk, cueCivilians):
			r.civ = append(r.civ, k)
		case r.has(kk, cueForce):
			r.bareForce(m)
		}
	}
}

// nounAfter finds the noun phrase that a qualifier ending at token j governs:
// it skips a possessive "s" and up to three modifiers. It returns the match
// index (or -1) and whether a role blocker ("former") was skipped.
func (r *rec) nounAfter(j int) (int32, bool) {
	blocked := false
	if r.possessive(j) {
		j++
	}
	for n := 0; n < 4 && j < len(r.toks); n++ {
		if !r.same(j, j-1) {
			return -1, blocked
		}
		g := r.gap(j)
		if !plainGap(g) && !r.possessive(j) && !(hasDash(g) && len(strings.TrimSpace(g)) == 1) {
			return -1, blocked
		}
		if k := r.start[j]; k >= 0 {
			return k, blocked
		}
		w := r.toks[j].Norm
		switch {
		case r.l.w.roleBlockers[w]:
			blocked = true
		case r.l.w.modifiers[w] || r.l.w.roleModifiers[w] || r.l.w.groupModifiers[w]:
		default:
			return -1, blocked
		}
		j++
	}
	return -1, blocked
}

// blockedBefore reports a role blocker right before token i ("former Pakistani envoy").
func (r *rec) blockedBefore(i int) bool {
	for j := i - 1; j >= 0 && j >= i-2 && r.same(i, j); j-- {
		if r.l.w.roleBlockers[r.norm(j)] {
			return true
		}
		if r.norm(j) != "the" && r.norm(j) != "a" && !r.l.w.roleModifiers[r.norm(j)] {
			break
		}
	}
	return false
}

// nameFollows reports whether a person's name starts at token i (after any titles).
func (r *rec) nameFollows(i int) bool {
	for n := 0; n < 3 && i < len(r.toks); n++ {
		if !plainGap(r.gap(i)) && !strings.Contains(r.gap(i), ".") {
			return false
		}
		k := r.start[i]
		if k >= 0 && r.has(k, cueTitle) {
			i = int(r.ms[k].Last)
			continue
		}
		if k >= 0 {
			if c, ok := r.cueOf(k, cueAlias); ok {
				return r.l.entries[c.ref].Type == sitrep.ActorPerson
			}
			return false
		}
		return r.capitalised(i) && !r.l.w.notName[r.norm(i)]
	}
	return false
}

// qualified handles what follows a qualifier (state, demonym or actor) at
// [first, last): a role, an official, police or force noun, an action noun or
// a group noun. It reports whether it consumed the qualifier.
func (r *rec) qualified(first, last, si int, actorID string, allowGroups bool) bool {
	k, blocked := r.nounAfter(last)
	if k < 0 {
		return false
	}
	m := r.ms[k]
	blocked = blocked || r.blockedBefore(first)
	iso := ""
	if si >= 0 {
		iso = r.l.states[si].iso
	}
	if c, ok := r.cueOf(k, cueRole); ok {
		if blocked || r.nameFollows(m.Last) {
			r.mark(first, m.Last)
			return true
		}
		if p := r.l.holder(int(c.ref), iso, actorID, r.date); p >= 0 {
			r.emit(first, m.Last, r.l.entries[p].Actor, false)
			return true
		}
		if !r.has(k, cueOfficial) {
			r.mark(first, m.Last)
			return true
		}
	}
	if r.has(k, cueAlias) || r.has(k, cueStateName) {
		return false
	}
	if r.has(k, cueOfficial) {
		if blocked || r.nameFollows(m.Last) {
			r.mark(first, m.Last)
			return true
		}
		if actorID != "" {
			r.emitID(first, m.Last, actorID, false)
		} else if si >= 0 {
			r.emitID(first, m.Last, r.l.govOf(si, r.date), false)
		}
		return true
	}
	if si >= 0 && r.has(k, cuePolice) {
		r.emitID(first, m.Last, r.l.policeOf(si, r.date), false)
		return true
	}
	if c, ok := r.cueOf(k, cueForce); ok && !r.l.w.forceNotActor[r.key(m.First, m.Last)] {
		switch {
		case actorID != "":
			r.emitID(first, m.Last, actorID, false)
		case si >= 0 && c.ref == 0:
			r.emitID(first, m.Last, r.l.militaryOf(si, r.date), false)
		default:
			return false
		}
		return true
	}
	if si >= 0 && actorID == "" && r.has(k, cueAction) {
		r.emitID(first, m.Last, r.l.militaryOf(si, r.date), false)
		return true
	}
	if si >= 0 && actorID == "" && r.has(k, cuePolicy) {
		r.emitID(first, m.Last, r.l.govOf(si, r.date), false)
		return true
	}
	if c, ok := r.cueOf(k, cueGroupNoun); ok && allowGroups && si >= 0 {
		r.emitID(first, m.Last, r.l.groupID(int(c.ref), si), false)
		return true
	}
	return false
}

func (r *rec) mark(first, last int) {
	for i := first; i < last && i < len(r.toks); i++ {
		r.used[i] = true
	}
}

func (r *rec) alias(m text.PhraseMatch, ei int) {
	e := r.l.entries[ei]
	if e.Type == sitrep.ActorPerson {
		r.emit(m.First, m.Last, e.Actor, false)
		return
	}
	si := -1
	if s, ok := r.l.stateOfEntry[ei]; ok {
		si = s
	}
	if r.qualified(m.First, m.Last, si, e.ID, false) {
		return
	}
	r.emit(m.First, m.Last, e.Actor, false)
}

func (r *rec) demonym(m text.PhraseMatch, si int) {
	// "Pakistani and Afghan forces": both demonyms share the noun.
	if j := m.Last; j+1 < len(r.toks) && (r.norm(j) == "and" || r.norm(j) == "or") && r.same(j, m.First) {
		if k := r.start[j+1]; k >= 0 {
			if r.has(k, cueDemonym) {
				n, _ := r.nounAfter(int(r.ms[k].Last))
				switch {
				case n < 0:
				case r.has(n, cueOfficial):
					r.emitID(m.First, m.Last, r.l.govOf(si, r.date), false)
					return
				case r.has(n, cuePolice):
					r.emitID(m.First, m.Last, r.l.policeOf(si, r.date), false)
					return
				case r.has(n, cueForce) && !r.l.w.forceNotActor[r.key(r.ms[n].First, r.ms[n].Last)]:
					r.emitID(m.First, m.Last, r.l.militaryOf(si, r.date), false)
					return
				}
			}
		}
	}
	r.qualified(m.First, m.Last, si, "", true)
}

// bareForce resolves "soldiers", "its forces" … to the one state the sentence
// (or else the previous one) names, when no armed group competes for them.
func (r *rec) bareForce(m text.PhraseMatch) {
	k := r.key(m.First, m.Last)
	if !r.l.w.bareForce[k] {
		return
	}
	if r.l.w.bareDet[k] {
		switch r.norm(m.First - 1) {
		case "its", "their", "the", "a", "his", "our":
		default:
			return
		}
	}
	stateOnly := r.l.w.bareStateOnly[k]
	s := r.sentOf[m.First]
	for _, sent := range []int32{s, s - 1} {
		states, group := r.statesIn(sent, m.First)
		if group && !stateOnly {
			return
		}
		if len(states) > 1 {
			return
		}
		if len(states) == 1 {
			for si := range states {
				r.emitID(m.First, m.Last, r.l.militaryOf(si, r.date), false)
			}
			return
		}
	}
}

// statesIn lists the states a sentence names (by name, capital, demonym or
// state actor) and whether it names an armed group; skip is a token to ignore.
func (r *rec) statesIn(sent int32, skip int) (map[int]bool, bool) {
	states := map[int]bool{}
	group := false
	if sent < 0 {
		return states, false
	}
	// find the first token of the sentence by binary search
	lo := sort.Search(len(r.toks), func(i int) bool { return r.sentOf[i] >= sent })
	for i := lo; i < len(r.toks) && r.sentOf[i] == sent; i++ {
		k := r.start[i]
		if k < 0 || i == skip {
			continue
		}
		for _, id := range r.ms[k].IDs {
			c := r.l.cues[id]
			switch c.kind {
			case cueStateName, cueCapital, cueDemonym, cueDemonymPlural:
				states[int(c.ref)] = true
			case cueAlias:
				e := r.l.entries[c.ref]
				if si, ok := r.l.stateOfEntry[int(c.ref)]; ok {
					states[si] = true
				} else if e.Type == sitrep.ActorArmedGroup {
					group = true
				} else if e.Type == sitrep.ActorState && e.Country != "" {
					if si, ok := r.l.byISO[e.Country]; ok {
						states[si] = true
					}
				}
			}
		}
	}
	return states, group
}

// --- states and capitals: metonymy ---

// stateLists groups coordinated state names ("China, Iran and Russia") so
// that one cue decides for the whole list. It maps a match index to the
// [first, last] match indexes of its list.
func (r *rec) stateLists() map[int][2]int {
	lists := map[int][2]int{}
	isState := func(k int) bool {
		return r.has(int32(k), cueStateName) || r.has(int32(k), cueCapital)
	}
	for k := 0; k < len(r.ms); {
		if !isState(k) {
			k++
			continue
		}
		end := k
		for n := k + 1; n < len(r.ms) && isState(n); n++ {
			a, b := r.ms[end].Last, r.ms[n].First
			if !r.same(a-1, b) || r.possessive(a) {
				break
			}
			ok := false
			switch b - a {
			case 0:
				ok = hasComma(r.gap(b))
			case 1:
				w := r.norm(a)
				ok = w == "and" || w == "or"
			case 2:
				w := r.norm(a)
				ok = (w == "and" || w == "or") && r.norm(a+1) == "the"
			case 3:
				ok = r.key(a, b) == "as well as"
			}
			if !ok {
				break
			}
			end = n
		}
		for n := k; n <= end; n++ {
			lists[n] = [2]int{k, end}
		}
		k = end + 1
	}
	return lists
}

func (r *rec) stateName(k, si int, lists map[int][2]int) {
	m := r.ms[k]
	s := r.l.states[si]
	// "Pakistan Army", "Pakistan's foreign minister", "Islamabad's foreign ministry"
	if n, _ := r.nounAfter(m.Last); n >= 0 && !r.has(n, cueAction) && !r.has(n, cuePolicy) && !r.has(n, cueGroupNoun) {
		before := len(r.out)
		if r.qualified(m.First, m.Last, si, "", false) {
			if len(r.out) > before && r.out[len(r.out)-1].Actor.ID == r.l.govOf(si, r.date) {
				r.out[len(r.out)-1].Metonym = true
			}
			return
		}
	}
	// "Pakistan's ambassador Munir Akram": a qualifier of a named person
	if n, _ := r.nounAfter(m.Last); n >= 0 && r.has(n, cueTitle) && r.nameFollows(r.ms[n].Last) {
		r.mark(m.First, r.ms[n].Last)
		return
	}
	agent := false
	if r.possessive(m.Last) {
		agent = r.possessiveAgent(m.Last + 1)
	} else {
		span, ok := lists[k]
		if !ok {
			span = [2]int{k, k}
		}
		agent = r.agent(r.ms[span[0]].First, r.ms[span[1]].Last)
		if !agent && span[1] != k && !r.possessive(m.Last) {
			// a member's own verb ("Iran and Russia have urged")
			agent = r.rightAgent(m.Last)
		}
	}
	// a defunct state ("the Soviet Union") is named as a historical actor,
	// unless placed by a preposition
	if !agent && !r.date.IsZero() {
		e := r.l.entries[s.entry]
		if e.Until != "" && !covers("", e.Until, r.date) && !r.l.w.locative[r.norm(m.First-1)] && !r.l.w.locative[r.norm(m.First-2)] {
			agent = true
		}
	}
	if !agent {
		// followed directly by an action noun: "a US attack", "Pakistani strikes"
		if n := r.start[min(m.Last, len(r.toks)-1)]; m.Last < len(r.toks) && n >= 0 && (r.has(n, cueAction) || r.has(n, cuePolicy)) && plainGap(r.gap(m.Last)) {
			agent = true
		}
	}
	if agent {
		r.emitID(m.First, m.Last, r.l.govOf(si, r.date), true)
	}
}

// possessiveAgent decides "X's <noun>": a stance or action noun makes X the
// government ("Kabul's fear"), a place noun or a name makes it a place
// ("Pakistan's Khyber Pakhtunkhwa province").
func (r *rec) possessiveAgent(j int) bool {
	if j >= len(r.toks) || !r.same(j, j-1) {
		return false
	}
	if k := r.start[j]; k >= 0 && (r.has(k, cueAlias) || r.has(k, cueStateName) || r.has(k, cueCapital)) {
		return false
	}
	if r.capitalised(j) {
		return false
	}
	for i := j; i < j+3 && i < len(r.toks) && r.same(i, j); i++ {
		w := r.norm(i)
		if w == "" || (w[0] >= '0' && w[0] <= '9') {
			return false
		}
		if r.l.w.placeNouns[w] {
			return false
		}
		if r.l.w.stanceNouns[w] {
			return true
		}
	}
	return true
}

// agent decides whether the state names at tokens [first, last) act: from the
// words before (a passive "by", an accusing verb, a relation noun with
// "with"/"between", "countries such as") and after (a verb).
func (r *rec) agent(first, last int) bool {
	p := first - 1
	// second member of a compound: "India-Pakistan tensions"
	if p >= 0 && r.same(p, first) && glued(r.gap(first)) {
		if k := r.cover[p]; k >= 0 && (r.has(k, cueStateName) || r.has(k, cueCapital) || r.has(k, cueAlias)) {
			return last < len(r.toks) && r.same(last, first) && plainGap(r.gap(last)) && r.l.w.relation[r.norm(last)]
		}
		// glued to another word: "anti-Pakistan", "US Forces-Afghanistan"
		return false
	}
	if r.norm(p) == "the" {
		p--
	}
	if p >= 0 && r.same(p, first) {
		w := r.norm(p)
		switch {
		case w == "by":
			return !r.l.w.placeParticiples[r.norm(p-1)]
		case r.l.w.objectVerbs[w] || r.l.w.objectVerbs[r.key(p-1, p+1)]:
			return true
		case w == "to":
			for q := p - 1; q >= p-3 && q >= 0 && r.same(q, p); q-- {
				if r.l.w.recipient[r.norm(q)] {
					return true
				}
			}
			return false
		case w == "with" || w == "between" || w == "and":
			for q := p - 1; q >= p-5 && q >= 0 && r.same(q, p); q-- {
				if r.l.w.relation[r.norm(q)] {
					return true
				}
			}
			if w != "and" {
				return false
			}
		case r.l.w.polityLink[w] || r.l.w.polity[w]:
			for q := p; q >= p-3 && q >= 0 && r.same(q, p); q-- {
				if r.l.w.polity[r.norm(q)] {
					return true
				}
			}
		}
		// "in Kabul", "eastern Afghanistan", "neighbour of Afghanistan": a
		// place, or the complement of another noun that is the subject.
		if r.l.w.locative[w] || r.l.w.placeNouns[w] || w == "of" {
			return false
		}
	}
	return r.rightAgent(last)
}

// rightAgent looks after a state name at token last-1 for a verb, through
// hyphenated compounds ("Kabul–New Delhi ties") and parentheticals
// ("Tajikistan, its northern neighbour, has …").
func (r *rec) rightAgent(last int) bool {
	if last >= len(r.toks) || !r.same(last, last-1) {
		return false
	}
	if glued(r.gap(last)) {
		i := last
		for i < len(r.toks) && glued(r.gap(i)) && r.same(i, last) {
			k := r.start[i]
			if k < 0 || !(r.has(k, cueStateName) || r.has(k, cueCapital) || r.has(k, cueAlias)) {
				break
			}
			i = r.ms[k].Last
		}
		if i == last || i >= len(r.toks) || glued(r.gap(i)) {
			return false
		}
		return r.l.w.relation[r.norm(i)] && plainGap(r.gap(i))
	}
	if r.verbAt(last) {
		return true
	}
	if hasComma(r.gap(last)) && r.subjectStart(last) {
		i := last
		for skips := 0; skips < 3; skips++ {
			i++
			for i < len(r.toks) && i < last+maxWindow && r.same(i, last) && !(i > last && hasComma(r.gap(i))) {
				i++
			}
			if i >= len(r.toks) || !r.same(i, last) || i >= last+maxWindow {
				return false
			}
			if r.verbAt(i) {
				return true
			}
		}
	}
	return false
}

// subjectStart reports whether the name ending before token last opens its
// sentence, after discourse words only ("Even Tajikistan, …").
func (r *rec) subjectStart(last int) bool {
	k := r.cover[last-1]
	if k < 0 {
		return false
	}
	i := r.ms[k].First - 1
	for ; i >= 0 && r.same(i, last-1); i-- {
		if !r.l.w.discourse[r.norm(i)] {
			return false
		}
	}
	return true
}

// verbAt reports whether an active verb (or an auxiliary) of the subject
// starts at token i: "says", "has also reportedly warned", "will use",
// "hasn't confirmed". A passive ("was rocked") is an agent only with an
// accusing verb ("was accused").
func (r *rec) verbAt(i int) bool {
	sawBe, sawAux := false, false
	start := i
	for n := 0; n < 6 && i < len(r.toks) && r.same(i, start); n++ {
		g := r.gap(i)
		if i > start && !plainGap(g) && !strings.ContainsAny(g, "'’") {
			break
		}
		w := r.toks[i].Norm
		switch {
		case r.l.w.be[w]:
			sawBe, sawAux = true, true
		case r.l.w.have[w] || r.l.w.modals[w]:
			sawAux = true
		case r.l.w.aux[w]:
		default:
			goto verb
		}
		i++
	}
verb:
	if i >= len(r.toks) || !r.same(i, start) {
		return false
	}
	w := r.toks[i].Norm
	if sawBe {
		// "Kabul is a city of …": a copula describing a place
		for j := i; j < i+3 && j < len(r.toks) && r.same(j, start); j++ {
			if r.l.w.placeNouns[r.norm(j)] {
				return false
			}
		}
	}
	if sawBe && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "en") || r.l.w.placeParticiples[w]) {
		return r.l.w.objectVerbs[w]
	}
	if sawAux {
		return true
	}
	if r.l.w.agentVerbs[w] {
		return true
	}
	return i == start && plainGap(r.gap(i)) && len(w) > 4 && strings.HasSuffix(w, "ed") && !r.capitalised(i)
}

// --- people not in the dictionary ---

// free reports whether token i can be part of an unknown name.
func (r *rec) free(i int) bool {
	if i < 0 || i >= len(r.toks) || r.used[i] {
		return false
	}
	if k := r.cover[i]; k >= 0 {
		for _, id := range r.ms[k].IDs {
			switch r.l.cues[id].kind {
			case cueAlias, cueStateName, cueCapital, cueDemonym, cueDemonymPlural:
				return false
			}
		}
	}
	return true
}

func (r *rec) nameToken(i int) bool {
	if !r.free(i) || !r.capitalised(i) {
		return false
	}
	w := r.toks[i].Norm
	if r.l.w.notName[w] || len(w) < 2 {
		return false
	}
	return !isAbbrev(r.toks[i].Cased) || len(w) <= 2 // "S" initials pass, acronyms do not
}

func (r *rec) unknownPersons() {
	n := len(r.toks)
	for i := 0; i < n; i++ {
		if !r.nameToken(i) || (i > 0 && r.same(i, i-1) && r.nameToken(i-1) && plainGap(r.gap(i))) {
			continue
		}
		j := i + 1
		for j < n && j-i < 5 && r.same(j, i) {
			g := r.gap(j)
			if !(plainGap(g) || (hasDash(g) && len(g) == 1)) {
				break
			}
			if r.nameToken(j) {
				j++
				continue
			}
			if r.l.w.particles[r.norm(j)] && j+1 < n && r.nameToken(j+1) {
				j += 2
				continue
			}
			break
		}
		if j-i > 4 {
			i = j
			continue
		}
		honorific := r.honorificBefore(i)
		if j-i == 1 {
			// one word: a known surname, or a name after an honorific
			if a, ok := r.surnames[r.toks[i].Cased]; ok && a.ID != "" {
				r.emit(i, j, a, false)
			} else if honorific && r.l.w.singleHonorifics[r.norm(i-1)] {
				r.emit(i, j, r.newPerson(i, j), false)
			}
			continue
		}
		if honorific || r.titleBefore(i) || r.personCue(i, j) {
			r.emit(i, j, r.newPerson(i, j), false)
			i = j - 1
		}
	}
}

func (r *rec) newPerson(i, j int) sitrep.Actor {
	var id, name strings.Builder
	id.WriteString("x-")
	for k := i; k < j; k++ {
		if k > i {
			id.WriteByte('-')
			name.WriteString(r.gap(k))
		}
		id.WriteString(r.toks[k].Norm)
		name.WriteString(r.txt[r.toks[k].Start:r.toks[k].End])
	}
	if a, ok := r.l.Actor(strings.TrimPrefix(id.String(), "x-")); ok && a.Type == sitrep.ActorPerson {
		return a
	}
	return sitrep.Actor{ID: id.String(), Name: name.String(), Type: sitrep.ActorPerson}
}

// honorificBefore reports an honorific right before token i ("Maulvi", "Gen.").
func (r *rec) honorificBefore(i int) bool {
	p := i - 1
	if p < 0 || !r.same(p, i) {
		return false
	}
	g := r.gap(i)
	if !plainGap(g) && strings.TrimSpace(g) != "." {
		return false
	}
	return r.l.w.honorifics[r.norm(p)]
}

// titleBefore reports a title or role phrase ending right before token i
// ("former foreign secretary", "Former Pakistani envoy").
func (r *rec) titleBefore(i int) bool {
	p := i - 1
	if p < 0 || !r.same(p, i) || !plainGap(r.gap(i)) {
		return false
	}
	k := r.cover[p]
	return k >= 0 && r.ms[k].Last == i && (r.has(k, cueTitle) || r.has(k, cueRole))
}

// personCue looks around a capitalised name at [i, j) for what makes it a
// person: an apposition ("X, a scholar"), a reporting verb ("X says", "said
// X"), "according to X", or an affiliation ("X of the <organisation>").
func (r *rec) personCue(i, j int) bool {
	w := r.l.w
	if j < len(r.toks) && r.same(i, j) {
		g := r.gap(j)
		switch {
		case plainGap(g) && w.reporting[r.norm(j)]:
			return true
		case plainGap(g) && r.norm(j) == "of":
			for k := j + 1; k < j+7 && k < len(r.toks) && r.same(k, j); k++ {
				if c, ok := r.cueOf(r.start[k], cueAlias); ok {
					t := r.l.entries[c.ref].Type
					return t == sitrep.ActorOrganisation || t == sitrep.ActorOther || t == sitrep.ActorPolitical
				}
			}
		case hasComma(g):
			k := j
			if !(w.appLead[r.norm(k)] || r.has(r.start[k], cueDemonym)) {
				break
			}
			for ; k < j+6 && k < len(r.toks) && r.same(k, j); k++ {
				if k > j && hasComma(r.gap(k)) {
					break
				}
				if w.personRoles[r.norm(k)] {
					return true
				}
			}
		}
	}
	// "The Foreign Office spokesperson, Jane Doe, said"
	if p := i - 1; p >= 0 && r.same(p, i) && hasComma(r.gap(i)) && j < len(r.toks) && hasComma(r.gap(j)) {
		if k := r.cover[p]; k >= 0 && r.ms[k].Last == i && (r.has(k, cueTitle) || r.has(k, cueRole) || r.has(k, cueOfficial)) {
			return true
		}
	}
	if p := i - 1; p >= 0 && r.same(p, i) && plainGap(r.gap(i)) {
		if w.reporting[r.norm(p)] {
			return true
		}
		if w.accordingTo[r.key(p-1, i)] {
			return true
		}
	}
	return false
}

// linkSurnames finds later mentions of a person by surname alone ("Durrani says").
func (r *rec) linkSurnames() {
	if len(r.surnames) == 0 {
		return
	}
	for i, t := range r.toks {
		if r.used[i] || !r.free(i) || !r.capitalised(i) {
			continue
		}
		a, ok := r.surnames[t.Cased]
		if !ok || a.ID == "" {
			continue
		}
		if (i+1 < len(r.toks) && r.same(i, i+1) && plainGap(r.gap(i+1)) && r.capitalised(i+1) && r.free(i+1)) ||
			(i > 0 && r.same(i, i-1) && plainGap(r.gap(i)) && r.capitalised(i-1) && r.free(i-1) && !r.l.w.honorifics[r.norm(i-1)]) {
			continue // part of a longer name
		}
		r.emit(i, i+1, a, false)
	}
}

// civilians attributes bare "civilians" to the country of the sentence's
// first speaker ("An Afghan government spokesperson said … civilians killed"),
// since a side reports its own civilian losses; otherwise it is left out.
func (r *rec) civilians() {
	for _, k := range r.civ {
		m := r.ms[k]
		if r.used[m.First] {
			continue
		}
		s := r.sentOf[m.First]
		best := -1
		for oi, o := range r.out {
			e := r.outEnd[oi]
			if e <= 0 || r.sentOf[e-1] != s || r.toks[e-1].End > r.toks[m.First].Start {
				continue
			}
			if best < 0 || o.Span.Start < r.out[best].Span.Start {
				best = oi
			}
		}
		if best < 0 {
			continue
		}
		o := r.out[best]
		if o.Actor.Country == "" || o.Actor.Type != sitrep.ActorState || !r.speaks(r.outEnd[best]) {
			continue
		}
		si, ok := r.l.byISO[o.Actor.Country]
		if !ok {
			continue
		}
		for gi, g := range r.l.w.groups {
			if strings.HasPrefix(g.ID, "civilians-") {
				r.emitID(m.First, m.Last, r.l.groupID(gi, si), false)
				break
			}
		}
	}
}

// speaks reports a reporting verb after the mention ending at token e.
func (r *rec) speaks(e int) bool {
	for i := e; i < e+4 && i < len(r.toks) && r.same(i, e-1); i++ {
		w := r.norm(i)
		if r.l.w.reporting[w] {
			return true
		}
		if !r.l.w.aux[w] {
			return false
		}
	}
	return false
}

// holder returns the entry of the one person holding role ri for iso (or the
// actor actorID) at d, or -1 when none or several do.
func (l *Lexicon) holder(ri int, iso, actorID string, d time.Time) int {
	if ri < 0 || ri >= len(l.roleNames) || (iso == "" && actorID == "") {
		return -1
	}
	role := l.roleNames[ri]
	found := -1
	for i, e := range l.entries {
		if e.Type != sitrep.ActorPerson {
			continue
		}
		for _, t := range e.Terms {
			if t.Role != role || !(t.Of != "" && (t.Of == iso || t.Of == actorID)) || !covers(t.From, t.Until, d) {
				continue
			}
			if found >= 0 && found != i {
				return -1
			}
			found = i
		}
	}
	return found
}
