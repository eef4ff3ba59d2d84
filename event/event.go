// Package event reads reported events and attributed claims out of one
// document: ACLED-coded events with actors, place, date and fatalities, and claims.
package event

import (
	"fmt"
	"sort"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

// Input is what the recognisers found in one document, in byte offsets.
type Input struct {
	DocID     string
	Text      string
	Sentences []sitrep.Span
	Tokens    []text.Token
	Actors    []sitrep.ActorMention
	Places    []sitrep.PlaceMention
	Times     []sitrep.TimeExpr
	// Published is the publication date; zero when unknown. It is never used
	// as an event date by default.
	Published time.Time
	// PublishedGranularity says how much of Published is known (an
	// inferred date may be good only to its month). GranularityNone reads
	// a first of January as a year and a first of a month as a month.
	PublishedGranularity sitrep.Granularity
	// Mention converts a byte span to the contract's code-point mention; nil
	// builds one from Text.
	Mention func(sitrep.Span) sitrep.Mention
	// Forces maps a state actor to the forces that fight for it at a date
	// ("pakistan-gov" → "pakistan-military"; lexicon.(*Lexicon).MilitaryOf);
	// nil uses a naming rule (see forcesOf).
	Forces func(id string, at time.Time) (sitrep.Actor, bool)
	// Government maps a country code to its government at a date
	// (lexicon.(*Lexicon).GovernmentOf): agreements and talks are coded on
	// governments even when a report names the forces. Nil keeps the forces.
	Government func(iso string, at time.Time) (sitrep.Actor, bool)
}

// Extract returns the events and claims of one document. Events and claims
// carry evidence spans; every span lies inside in.Text.
func Extract(in Input) (events []sitrep.Event, claims []sitrep.Claim) {
	d := newDoc(in)
	d.findClaims()
	d.findFatalities()
	d.findCandidates()
	d.merge()
	d.coincidences()
	events = d.buildEvents()
	d.findTallies()
	claims = d.buildClaims()
	attachTallies(events, claims)
	return events, claims
}

// attachTallies lists under each event the tallies its evidence holds,
// with their claimants, so that figures of one incident can be compared
// across reports as casualty figures are.
func attachTallies(events []sitrep.Event, claims []sitrep.Claim) {
	for i := range events {
		e := &events[i]
		seen := map[[2]int]bool{}
		for _, c := range claims {
			for _, t := range c.Tallies {
				k := [2]int{t.Start, t.End}
				if seen[k] || !inEvidence(t.Mention, e.Evidence) {
					continue
				}
				seen[k] = true
				t.Claimant = c.Claimant
				e.Tallies = append(e.Tallies, t)
			}
		}
	}
}

func inEvidence(m sitrep.Mention, ev []sitrep.Mention) bool {
	for _, x := range ev {
		if x.Start <= m.Start && m.End <= x.End {
			return true
		}
	}
	return false
}

// doc is one document under analysis.
type doc struct {
	in        Input
	toks      []text.Token
	sents     []sitrep.Span
	sentTok   [][2]int // token range of each sentence
	tokSent   []int32  // sentence of each token
	cues      []text.PhraseMatch
	cueBits   []uint64 // class bits of the cue covering each token (0 when none)
	cueHead   []bool   // the token starts a cue
	brk       []uint8  // per token: the gap before it holds a clause break (1) or a comma (2)
	trigs     []text.PhraseMatch
	trigStart map[int]int32
	actors    []sitrep.ActorMention // sorted by start
	places    []sitrep.PlaceMention // sorted by start
	times     []sitrep.TimeExpr     // dated expressions, sorted by start

	claims    []*claim
	claimSent map[int][]*claim // claims by sentence, built after findClaims
	fatals    []*fatal
	cands     []*cand
	events    []*group
	pairs     []sidePair // sides of the events written so far
}

func newDoc(in Input) *doc {
	d := &doc{in: in}
	d.toks = in.Tokens
	if d.toks == nil {
		d.toks = text.Tokenize(in.Text)
	}
	d.sents = in.Sentences
	if d.sents == nil {
		d.sents = text.Sentences(in.Text)
	}
	d.actors = append([]sitrep.ActorMention(nil), in.Actors...)
	sort.SliceStable(d.actors, func(i, j int) bool { return d.actors[i].Span.Start < d.actors[j].Span.Start })
	d.places = append([]sitrep.PlaceMention(nil), in.Places...)
	sort.SliceStable(d.places, func(i, j int) bool { return d.places[i].Span.Start < d.places[j].Span.Start })
	for _, t := range in.Times {
		if (t.Type == sitrep.TimeDate || t.Type == sitrep.TimeTime) && validSpan(t.Span, len(in.Text)) {
			d.times = append(d.times, t)
		}
	}
	sort.SliceStable(d.times, func(i, j int) bool { return d.times[i].Span.Start < d.times[j].Span.Start })

	d.tokSent = make([]int32, len(d.toks))
	d.sentTok = make([][2]int, len(d.sents))
	ti := 0
	for si, s := range d.sents {
		for ti < len(d.toks) && d.toks[ti].Start < s.Start {
			d.tokSent[ti] = -1
			ti++
		}
		a := ti
		for ti < len(d.toks) && d.toks[ti].End <= s.End {
			d.tokSent[ti] = int32(si)
			ti++
		}
		d.sentTok[si] = [2]int{a, ti}
	}
	for ; ti < len(d.toks); ti++ {
		d.tokSent[ti] = -1
	}
	d.cues = lex.cueSet.Match(d.toks)
	d.cueBits = make([]uint64, len(d.toks))
	d.cueHead = make([]bool, len(d.toks))
	for _, m := range d.cues {
		var bits uint64
		for _, id := range m.IDs {
			bits |= 1 << uint(id)
		}
		for i := m.First; i < m.Last; i++ {
			d.cueBits[i] = bits
		}
		d.cueHead[m.First] = true
	}
	d.trigs = lex.trigSet.Match(d.toks)
	d.brk = make([]uint8, len(d.toks))
	for i := 1; i < len(d.toks); i++ {
		gap := in.Text[d.toks[i-1].End:d.toks[i].Start]
		if gap == "" || gap == " " {
			continue
		}
		if strings.ContainsAny(gap, ";:—") || strings.Contains(gap, " - ") || strings.Contains(gap, " – ") {
			// a spaced dash breaks a clause; "Kabul–New Delhi" does not
			d.brk[i] |= 1
		}
		if strings.IndexByte(gap, ',') >= 0 {
			d.brk[i] |= 2
		}
	}
	d.addUnnamed()
	return d
}

func validSpan(s sitrep.Span, n int) bool { return s.Start >= 0 && s.End <= n && s.Start <= s.End }

// mention converts a byte span to a contract mention.
func (d *doc) mention(s sitrep.Span) sitrep.Mention {
	if d.in.Mention != nil {
		return d.in.Mention(s)
	}
	if !validSpan(s, len(d.in.Text)) {
		return sitrep.Mention{}
	}
	return sitrep.Mention{Start: runeCount(d.in.Text[:s.Start]), End: runeCount(d.in.Text[:s.End]), Text: d.in.Text[s.Start:s.End]}
}

func runeCount(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}

// word returns the folded token i, or "" outside the text.
func (d *doc) word(i int) string {
	if i < 0 || i >= len(d.toks) {
		return ""
	}
	return d.toks[i].Norm
}

// cueAt reports whether a cue of class c starts at token i.
func (d *doc) cueAt(i int, c uint64) bool {
	return i >= 0 && i < len(d.toks) && d.cueHead[i] && d.cueBits[i]&c != 0
}

// cueEnd returns the end token of the cue starting at i.
func (d *doc) cueEnd(i int) int {
	j := i + 1
	for j < len(d.toks) && d.cueBits[j] == d.cueBits[i] && !d.cueHead[j] {
		j++
	}
	return j
}

// gapBreaks reports whether the text between tokens i-1 and i holds a clause
// break: ; : ( ) a dash, or a full quotation boundary.
func (d *doc) gapBreaks(i int) bool {
	if i <= 0 || i >= len(d.toks) {
		return true
	}
	return d.brk[i]&1 != 0
}

// gapComma reports whether a comma stands between tokens i-1 and i.
func (d *doc) gapComma(i int) bool {
	if i <= 0 || i >= len(d.toks) {
		return false
	}
	return d.brk[i]&2 != 0
}

// clause returns the token range of the clause around token i: bounded by the
// sentence, strong punctuation, and contrastive conjunctions.
func (d *doc) clause(i int) (int, int) {
	si := d.tokSent[i]
	if si < 0 {
		return i, i + 1
	}
	sa, sb := d.sentTok[si][0], d.sentTok[si][1]
	a := i
	for a > sa && !d.gapBreaks(a) && !d.cueAt(a, cBoundary) {
		a--
	}
	b := i + 1
	for b < sb && !d.gapBreaks(b) && !d.cueAt(b, cBoundary) {
		b++
	}
	return a, b
}

// tokSpan is the byte span of tokens [a, b).
func (d *doc) tokSpan(a, b int) sitrep.Span {
	if a >= b || a < 0 || b > len(d.toks) {
		return sitrep.Span{}
	}
	return sitrep.Span{Start: d.toks[a].Start, End: d.toks[b-1].End}
}

// tokenAt returns the first token that starts at or after byte offset b.
func (d *doc) tokenAt(b int) int {
	return sort.Search(len(d.toks), func(i int) bool { return d.toks[i].Start >= b })
}

// actorsIn returns the actor mentions inside byte span s.
func (d *doc) actorsIn(s sitrep.Span) []sitrep.ActorMention {
	i := sort.Search(len(d.actors), func(i int) bool { return d.actors[i].Span.Start >= s.Start })
	j := i
	for j < len(d.actors) && d.actors[j].Span.End <= s.End {
		j++
	}
	return d.actors[i:j]
}

func (d *doc) placesIn(s sitrep.Span) []sitrep.PlaceMention {
	i := sort.Search(len(d.places), func(i int) bool { return d.places[i].Span.Start >= s.Start })
	j := i
	for j < len(d.places) && d.places[j].Span.End <= s.End {
		j++
	}
	return d.places[i:j]
}

func (d *doc) timesIn(s sitrep.Span) []sitrep.TimeExpr {
	i := sort.Search(len(d.times), func(i int) bool { return d.times[i].Span.Start >= s.Start })
	j := i
	for j < len(d.times) && d.times[j].Span.End <= s.End {
		j++
	}
	return d.times[i:j]
}

func eventID(doc string, n int) string { return fmt.Sprintf("%s-e%d", doc, n) }
