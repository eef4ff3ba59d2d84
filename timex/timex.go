// Package timex finds time expressions in news text and normalises them to
// TIMEX3 values against the publication date ("last Sunday" → 2026-02-22).
package timex

import (
	"strconv"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// Anchor is the publication date that relative expressions are resolved
// against. A zero Time means the date is unknown; Granularity says how much of
// Time can be trusted (an inferred anchor is often only safe to the month).
type Anchor struct {
	Time        time.Time
	Granularity sitrep.Granularity
}

// level of anchor knowledge, finest first.
func (a Anchor) level() sitrep.Granularity {
	if a.Time.IsZero() {
		return sitrep.GranularityNone
	}
	if a.Granularity == sitrep.GranularityNone {
		return sitrep.GranularityDay
	}
	return a.Granularity
}

// knows reports whether the anchor is known at least to granularity g.
func (a Anchor) knows(g sitrep.Granularity) bool {
	l := a.level()
	return l != sitrep.GranularityNone && l <= g
}

// Find returns the time expressions of text, sorted and non-overlapping, with
// spans as byte offsets into text. sentences (byte spans, as from
// text.Sentences) bound the clause used for tense and the sentence whose year
// anchors "in March"; when nil the text is split on sentence punctuation.
func Find(text string, sentences []sitrep.Span, anchor Anchor) []sitrep.TimeExpr {
	out, _ := find(text, sentences, anchor)
	return out
}

// found carries what InferAnchor needs to know besides the value.
type found struct {
	future   bool
	lastYear int  // the end of a span of years, whose DATE value is coarser
	target   bool // "by 2030", "until 2027": often a goal, not a past date
}

func find(text string, sentences []sitrep.Span, anchor Anchor) ([]sitrep.TimeExpr, []found) {
	toks := tokenize(text)
	if len(toks) == 0 {
		return nil, nil
	}
	assignSentences(toks, sentences)
	s := &scanner{text: text, t: toks}
	var cands []cand
	for i := 0; i < len(toks); {
		if !trigger(&toks[i]) {
			i++
			continue
		}
		c, ok := s.matchAt(i)
		if !ok || c.b <= i {
			i++
			continue
		}
		cands = append(cands, c)
		i = c.b
	}
	if len(cands) == 0 {
		return nil, nil
	}
	r := resolver{s: s, anchor: anchor, cands: cands}
	return r.run()
}

// trigger is a cheap test that a token may start an expression.
func trigger(t *token) bool {
	switch t.kind {
	case kDigit:
		return true
	case kWord:
		if e := lex[t.norm]; e != nil {
			return true
		}
		switch t.norm {
		case "yesterday", "today", "tonight", "tomorrow", "recent", "earlier", "later", "the", "weekend", "over", "almost", "more":
			return true
		}
	}
	return false
}

// assignSentences numbers each token's sentence, from the given spans or by
// splitting after '.', '!' and '?' followed by a capital, a digit or a new line.
func assignSentences(toks []token, sentences []sitrep.Span) {
	if sentences != nil {
		k := 0
		for i := range toks {
			for k < len(sentences) && sentences[k].End <= toks[i].s {
				k++
			}
			toks[i].sent = k
		}
		return
	}
	sent := 0
	for i := range toks {
		toks[i].sent = sent
		if i > 0 && toks[i].para != toks[i-1].para {
			sent++
			toks[i].sent = sent
		}
		t := &toks[i]
		if t.kind == kPunct && (t.norm == "." || t.norm == "!" || t.norm == "?") && i+1 < len(toks) {
			n := &toks[i+1]
			if n.s > t.e && (n.upper || n.kind == kDigit || n.kind == kPunct) {
				if i > 0 && toks[i-1].e == t.s && lex[toks[i-1].norm] != nil && lex[toks[i-1].norm].flags&fMonthAbbr != 0 {
					continue // "Oct. 16"
				}
				sent++
			}
		}
	}
}

// ref is a calendar date known to some granularity; y == 0 means none.
type ref struct {
	y, m, d int
}

type resolver struct {
	s      *scanner
	anchor Anchor
	cands  []cand
}

func (r *resolver) run() ([]sitrep.TimeExpr, []found) {
	out := make([]sitrep.TimeExpr, 0, len(r.cands))
	info := make([]found, 0, len(r.cands))
	var para ref // the last dated expression of the current paragraph
	paraNo := -1
	for ci := range r.cands {
		c := &r.cands[ci]
		first := &r.s.t[c.a]
		if first.para != paraNo {
			paraNo, para = first.para, ref{}
		}
		fut := r.future(c)
		typ, val, got := r.resolve(c, ci, fut, &para)
		if val == "" {
			continue
		}
		if got.y > 0 && !(c.kind == cDate && c.m == 0 && !c.prepYear) {
			// A bare year used as an adjective ("their 2021 return") does
			// not date what follows; "in 2024" does.
			para = got
		}
		out = append(out, sitrep.TimeExpr{
			Span:  sitrep.Span{Start: first.s, End: r.s.t[c.b-1].e},
			Type:  typ,
			Value: val,
		})
		target := false
		if c.a > 0 {
			switch r.s.t[c.a-1].norm {
			case "by", "until", "till", "vision", "agenda":
				target = true
			}
		}
		info = append(info, found{future: fut, lastYear: c.y2, target: target})
	}
	return out, info
}

// future reports whether the clause around c speaks of the future ("will",
// "is expected", "next", "is due", "plans to").
func (r *resolver) future(c *cand) bool {
	t := r.s.t
	sent := t[c.a].sent
	isBoundary := func(k int) bool {
		switch t[k].norm {
		case ",", ";", ":", "(", ")", "\"":
			return true
		case "-":
			return k > 0 && k+1 < len(t) && t[k-1].e < t[k].s && t[k].e < t[k+1].s
		}
		return false
	}
	isFut := func(k int) bool {
		e := lex[t[k].norm]
		if e == nil || e.flags&fFuture == 0 {
			return false
		}
		if t[k].norm == "due" {
			// "due to" usually means "because of"; "is due to" means scheduled.
			return k > 0 && (t[k-1].norm == "is" || t[k-1].norm == "are")
		}
		return true
	}
	for k := c.a - 1; k >= 0 && k >= c.a-2; k-- {
		if e := lex[t[k].norm]; e != nil && e.flags&fReport != 0 {
			// "said on Tuesday it will…": the date is the saying's.
			for k := c.a; k < c.b; k++ {
				if t[k].norm == "next" || t[k].norm == "coming" || t[k].norm == "tomorrow" {
					return true
				}
			}
			return false
		}
	}
	for k := c.a - 1; k >= 0 && t[k].sent == sent && !isBoundary(k); k-- {
		if isFut(k) {
			return true
		}
	}
	for k := c.a; k < c.b; k++ {
		if t[k].norm == "next" || t[k].norm == "coming" || t[k].norm == "tomorrow" {
			return true
		}
	}
	for k := c.b; k < len(t) && t[k].sent == sent && !isBoundary(k); k++ {
		if isFut(k) {
			return true
		}
	}
	return false
}

// contextYear is the year an expression without one takes from its sentence
// (the nearest explicit year before it, else after it) or from the paragraph.
func (r *resolver) contextYear(ci int, para ref) int {
	sent := r.s.t[r.cands[ci].a].sent
	for k := ci - 1; k >= 0 && r.s.t[r.cands[k].a].sent == sent; k-- {
		if r.cands[k].datesSentence() {
			return r.cands[k].y
		}
	}
	for k := ci + 1; k < len(r.cands) && r.s.t[r.cands[k].a].sent == sent; k++ {
		if r.cands[k].datesSentence() {
			return r.cands[k].y
		}
	}
	return para.y
}

// datesSentence reports whether c gives its year to the rest of the sentence:
// a written date with a year, or a year after a preposition ("in 2024").
func (c *cand) datesSentence() bool {
	return c.kind == cDate && c.explicitYear && (c.m > 0 || c.prepYear)
}

func (r *resolver) resolve(c *cand, ci int, fut bool, para *ref) (typ, val string, got ref) {
	a := r.anchor
	at := a.Time
	switch c.kind {
	case cPreset:
		return c.typ, c.val, ref{}
	case cRef:
		return "DATE", c.val, ref{}
	case cDate:
		if c.m == 0 {
			return "DATE", pad4(c.y), ref{y: c.y}
		}
		y := c.y
		if y == 0 {
			y = r.contextYear(ci, *para)
			// A year borrowed from context cannot put a past event after the
			// publication date: "since the truce in October", written in
			// February after a Sunday strike, is last year's October.
			if y != 0 && !fut && a.knows(sitrep.GranularityMonth) && y == at.Year() && c.m > int(at.Month()) {
				y = 0
			}
		}
		if y == 0 && a.knows(sitrep.GranularityMonth) {
			am := int(at.Month())
			y = at.Year()
			if c.d > 0 && a.knows(sitrep.GranularityDay) {
				cur := c.m*100 + c.d
				now := am*100 + at.Day()
				if !fut && cur > now {
					y--
				} else if fut && cur < now {
					y++
				}
			} else {
				if !fut && c.m > am {
					y--
				} else if fut && c.m < am {
					y++
				}
			}
		}
		if y == 0 {
			if c.d > 0 {
				return "DATE", "XXXX-" + pad2(c.m) + "-" + pad2(c.d), ref{}
			}
			return "DATE", "XXXX-" + pad2(c.m), ref{}
		}
		if c.d > 0 {
			return "DATE", pad4(y) + "-" + pad2(c.m) + "-" + pad2(c.d), ref{y, c.m, c.d}
		}
		return "DATE", pad4(y) + "-" + pad2(c.m), ref{y: y, m: c.m}
	case cWeekday:
		if !a.knows(sitrep.GranularityDay) {
			if a.knows(sitrep.GranularityYear) {
				if fut || c.dir > 0 {
					return "DATE", "FUTURE_REF", ref{}
				}
				return "DATE", "PAST_REF", ref{}
			}
			typ, val := withPod("XXXX-WXX-"+strconv.Itoa(c.wd), c.pod)
			return typ, val, ref{}
		}
		awd := isoWeekday(at)
		var delta int
		switch {
		case c.dir < 0:
			delta = -((awd-c.wd+6)%7 + 1)
		case c.dir > 0:
			delta = (c.wd-awd+6)%7 + 1
		case fut:
			delta = (c.wd - awd + 7) % 7
		default:
			delta = -((awd - c.wd + 7) % 7)
		}
		d := at.AddDate(0, 0, delta)
		typ, val := withPod(dayValue(d), c.pod)
		return typ, val, dayRef(d)
	case cRelDay:
		if !a.knows(sitrep.GranularityDay) {
			switch {
			case c.n < 0:
				return "DATE", "PAST_REF", ref{}
			case c.n > 0:
				return "DATE", "FUTURE_REF", ref{}
			}
			return "DATE", "PRESENT_REF", ref{}
		}
		d := at.AddDate(0, 0, c.n)
		typ, val := withPod(dayValue(d), c.pod)
		return typ, val, dayRef(d)
	case cRelUnit:
		return r.relUnit(c, fut)
	case cMonthDir:
		if !a.knows(sitrep.GranularityMonth) {
			return "DATE", "XXXX-" + pad2(c.m), ref{}
		}
		y, am := at.Year(), int(at.Month())
		switch {
		case c.dir < 0 && c.m >= am:
			y--
		case c.dir > 0 && c.m <= am:
			y++
		}
		return "DATE", pad4(y) + "-" + pad2(c.m), ref{y: y, m: c.m}
	case cOffset:
		return r.offset(c, *para)
	case cPart:
		y := c.y
		if c.yearDir {
			if !a.knows(sitrep.GranularityYear) {
				return "DATE", "PAST_REF", ref{}
			}
			y = at.Year() + c.dir
		}
		return "DATE", pad4(y) + c.suffix, ref{y: y}
	}
	return "", "", ref{}
}

func (r *resolver) relUnit(c *cand, fut bool) (string, string, ref) {
	a := r.anchor
	at := a.Time
	vague := func() (string, string, ref) {
		switch {
		case c.dir < 0:
			return "DATE", "PAST_REF", ref{}
		case c.dir > 0:
			return "DATE", "FUTURE_REF", ref{}
		}
		return "DATE", "PRESENT_REF", ref{}
	}
	switch c.unit {
	case "Y":
		if !a.knows(sitrep.GranularityYear) {
			return vague()
		}
		y := at.Year() + c.dir
		if c.m > 0 { // "October last year"
			return "DATE", pad4(y) + "-" + pad2(c.m), ref{y: y, m: c.m}
		}
		return "DATE", pad4(y), ref{y: y}
	case "M":
		if !a.knows(sitrep.GranularityMonth) {
			return vague()
		}
		d := time.Date(at.Year(), at.Month()+time.Month(c.dir), 1, 0, 0, 0, 0, time.UTC)
		return "DATE", pad4(d.Year()) + "-" + pad2(int(d.Month())), ref{y: d.Year(), m: int(d.Month())}
	case "W":
		if !a.knows(sitrep.GranularityWeek) {
			return vague()
		}
		d := at.AddDate(0, 0, 7*c.dir)
		return "DATE", weekValue(d), ref{y: d.Year(), m: int(d.Month())}
	case "WE":
		if !a.knows(sitrep.GranularityDay) {
			if c.dir > 0 || fut && c.dir == 0 {
				return "DATE", "FUTURE_REF", ref{}
			}
			return "DATE", "PAST_REF", ref{}
		}
		awd := isoWeekday(at)
		var d time.Time
		switch {
		case c.dir > 0 || (fut && c.dir == 0 && c.sign == 0) || (c.dir == 0 && c.sign == 1 && awd < 6 && fut):
			d = at.AddDate(0, 0, (6-awd+7)%7) // the coming Saturday
		case c.dir == 0 && c.sign == 1 && awd >= 6:
			d = at // "this weekend" said on the weekend
		default:
			d = at.AddDate(0, 0, -((awd-7+6)%7 + 1)) // the last Sunday before the anchor day
		}
		return "DATE", weekValue(d), ref{y: d.Year(), m: int(d.Month())}
	case "SP", "SU", "FA", "WI":
		if !a.knows(sitrep.GranularityMonth) {
			return vague()
		}
		y := seasonYear(c.unit, at, c.dir)
		return "DATE", pad4(y) + "-" + c.unit, ref{y: y}
	}
	return "", "", ref{}
}

// seasonYear: the year of the season instance meant by last/this/next
// relative to the anchor (winter is named by the year of its December).
func seasonYear(season string, at time.Time, dir int) int {
	m := int(at.Month())
	y := at.Year()
	first := map[string]int{"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
	// current instance: the one that started most recently (or is under way).
	cur := y
	if season == "WI" && m < 3 {
		cur = y - 1
	}
	started := m >= first || season == "WI" && m < 3
	switch {
	case dir < 0:
		if started && !(season == "WI" && m < 3) && m < first+3 {
			return cur - 1 // "last summer" said in July
		}
		if season == "WI" && m < 3 {
			return cur - 1
		}
		if started {
			return cur
		}
		return cur - 1
	case dir > 0:
		if started {
			return cur + 1
		}
		return cur
	}
	return cur
}

func (r *resolver) offset(c *cand, para ref) (string, string, ref) {
	a := r.anchor
	var base ref
	var g sitrep.Granularity
	if c.fromRef {
		if para.y == 0 {
			if c.dropNoRef {
				return "", "", ref{}
			}
			// No date to count from: it is still a length of time.
			return "DURATION", durValue(c.n, c.unit), ref{}
		}
		base = para
		switch {
		case para.d > 0:
			g = sitrep.GranularityDay
		case para.m > 0:
			g = sitrep.GranularityMonth
		default:
			g = sitrep.GranularityYear
		}
	} else {
		if !a.knows(sitrep.GranularityYear) {
			return "DATE", "PAST_REF", ref{}
		}
		at := a.Time
		base = ref{at.Year(), int(at.Month()), at.Day()}
		g = a.level()
	}
	if c.n < 0 {
		if c.sign < 0 {
			return "DATE", "PAST_REF", ref{}
		}
		return "DATE", "FUTURE_REF", ref{}
	}
	n := c.n * c.sign
	need := map[string]sitrep.Granularity{"TH": sitrep.GranularityDay, "TM": sitrep.GranularityDay, "D": sitrep.GranularityDay,
		"W": sitrep.GranularityWeek, "2W": sitrep.GranularityWeek, "M": sitrep.GranularityMonth, "Y": sitrep.GranularityYear}[c.unit]
	if need == sitrep.GranularityNone || g > need {
		if c.sign < 0 {
			return "DATE", "PAST_REF", ref{}
		}
		return "DATE", "FUTURE_REF", ref{}
	}
	mo, dd := base.m, base.d
	if mo == 0 {
		mo = 1
	}
	if dd == 0 {
		dd = 1
	}
	t := time.Date(base.y, time.Month(mo), dd, 12, 0, 0, 0, time.UTC)
	switch c.unit {
	case "TH":
		t = t.Add(time.Duration(n) * time.Hour)
		return "DATE", dayValue(t), dayRef(t)
	case "TM":
		return "DATE", dayValue(t), dayRef(t)
	case "D":
		t = t.AddDate(0, 0, n)
		return "DATE", dayValue(t), dayRef(t)
	case "W", "2W":
		if c.unit == "2W" {
			n *= 2
		}
		t = t.AddDate(0, 0, 7*n)
		return "DATE", weekValue(t), ref{y: t.Year(), m: int(t.Month())}
	case "M":
		t = time.Date(base.y, time.Month(mo)+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
		return "DATE", pad4(t.Year()) + "-" + pad2(int(t.Month())), ref{y: t.Year(), m: int(t.Month())}
	}
	if c.mod == "MORE_THAN" && c.sign < 0 {
		// "over three years ago": the time lies beyond N years; count half a
		// year further back, the middle of the likely range.
		t = t.AddDate(0, -6, 0)
	}
	y := t.Year() + n
	return "DATE", pad4(y), ref{y: y}
}

func withPod(day, pod string) (string, string) {
	if pod == "" {
		return "DATE", day
	}
	return "TIME", day + "T" + pod
}

func isoWeekday(t time.Time) int {
	wd := int(t.Weekday())
	if wd == 0 {
		return 7
	}
	return wd
}

func dayValue(t time.Time) string {
	return pad4(t.Year()) + "-" + pad2(int(t.Month())) + "-" + pad2(t.Day())
}

func dayRef(t time.Time) ref { return ref{t.Year(), int(t.Month()), t.Day()} }

func weekValue(t time.Time) string {
	y, w := t.ISOWeek()
	return pad4(y) + "-W" + pad2(w)
}

func itoa(n int) string { return strconv.Itoa(n) }

func pad2(n int) string {
	if n >= 0 && n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func pad4(n int) string {
	s := strconv.Itoa(n)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}
