package timex

// Candidate kinds: what a matched expression means before it is resolved
// against the anchor and the paragraph context.
const (
	cDate     = iota + 1 // y (0 = from context), m, d (0 = absent)
	cPreset              // value fixed at match time (durations, ranges, decades)
	cWeekday             // wd, dir, pod
	cRelDay              // n days from the anchor day ("yesterday"), pod
	cRelUnit             // unit ("W", "WE", "M", "Y", season) with dir from the anchor
	cMonthDir            // month m with dir ("last October", "October last")
	cOffset              // n units ago (sign -1, from anchor) or later (sign +1, from the paragraph reference)
	cRef                 // PAST_REF, PRESENT_REF, FUTURE_REF
	cPart                // part of year (suffix "-Q1", "-H2" or "") of a year given by y or dir
)

type cand struct {
	a, b         int // token range [a, b)
	kind         int
	y, m, d      int
	explicitYear bool // the year is written in this expression
	prepYear     bool // a year after a preposition ("in 2024"): sets the paragraph's year
	wd           int
	n            int // count; -1 = vague
	unit         string
	dir          int
	sign         int
	fromRef      bool
	pod          string
	typ          string
	mod          string // "MORE_THAN" for "over three years ago"
	y2           int    // last year of a span of years ("2024-2025")
	dropNoRef    bool   // an offset that means nothing without a date to count from
	val          string
	suffix       string
	yearDir      bool // cPart/cRelUnit: year taken from dir relative to anchor
}

type scanner struct {
	text string
	t    []token
}

func (s *scanner) tok(i int) *token {
	if i < 0 || i >= len(s.t) {
		return nil
	}
	return &s.t[i]
}

func (s *scanner) is(i int, w string) bool {
	t := s.tok(i)
	return t != nil && t.norm == w
}

func (s *scanner) ent(i int) *entry {
	t := s.tok(i)
	if t == nil || t.kind != kWord {
		return nil
	}
	return lex[t.norm]
}

func (s *scanner) has(i int, f uint32) bool {
	e := s.ent(i)
	return e != nil && e.flags&f != 0
}

// adjacent reports whether tokens i and i+1 touch (no space between).
func (s *scanner) adjacent(i int) bool {
	a, b := s.tok(i), s.tok(i+1)
	return a != nil && b != nil && a.e == b.s
}

func (s *scanner) year(i int) (int, bool) {
	t := s.tok(i)
	if t == nil || t.kind != kDigit || t.e-t.s != 4 || t.num < 1900 || t.num > 2099 {
		return 0, false
	}
	return t.num, true
}

// dayNum reads "16", "16th", returning the day and the token after it.
func (s *scanner) dayNum(i int) (int, int, bool) {
	t := s.tok(i)
	if t == nil || t.kind != kDigit || t.e-t.s > 2 || t.num < 1 || t.num > 31 {
		return 0, i, false
	}
	j := i + 1
	if s.adjacent(i) {
		switch s.t[j].norm {
		case "st", "nd", "rd", "th":
			j++
		default:
			if s.t[j].kind == kWord || s.t[j].kind == kDigit {
				return 0, i, false
			}
		}
	}
	return t.num, j, true
}

// monthAt reads a month name (capitalised) or abbreviation ("Oct.").
func (s *scanner) monthAt(i int) (m, next int, abbr, ok bool) {
	t := s.tok(i)
	if t == nil || t.kind != kWord || !t.upper {
		return 0, i, false, false
	}
	e := lex[t.norm]
	if e == nil {
		return 0, i, false, false
	}
	if e.flags&fMonth != 0 {
		return e.month, i + 1, false, true
	}
	if e.flags&fMonthAbbr != 0 {
		j := i + 1
		if s.adjacent(i) && s.t[j].norm == "." {
			j++
		}
		return e.month, j, true, true
	}
	return 0, i, false, false
}

// number reads a count: digits, number words ("twenty-four", "a couple of"),
// or a vague amount ("a few", "several": n = -1).
func (s *scanner) number(i int) (int, int, bool) {
	t := s.tok(i)
	if t == nil {
		return 0, i, false
	}
	if t.kind == kDigit {
		if t.num < 0 || t.e-t.s > 6 {
			return 0, i, false
		}
		return t.num, i + 1, true
	}
	e := s.ent(i)
	if e == nil {
		return 0, i, false
	}
	if (t.norm == "a" || t.norm == "an") && s.is(i+1, "few") {
		return -1, i + 2, true
	}
	if (t.norm == "a" || t.norm == "an") && s.is(i+1, "couple") && s.is(i+2, "of") {
		return 2, i + 3, true
	}
	if e.flags&fVague != 0 {
		return -1, i + 1, true
	}
	if e.flags&fNumber != 0 && t.norm != "couple" && t.norm != "dozen" {
		n := e.number
		j := i + 1
		if n >= 20 && n < 100 && s.adjacent(i) && s.is(j, "-") && s.adjacent(j) {
			if e2 := s.ent(j + 1); e2 != nil && e2.flags&fNumber != 0 && e2.number < 10 && e2.number > 0 && s.t[j+1].norm != "a" && s.t[j+1].norm != "an" {
				n += e2.number
				j += 2
			}
		}
		return n, j, true
	}
	return 0, i, false
}

// matchAt returns the expression starting at token i, if any.
func (s *scanner) matchAt(i int) (cand, bool) {
	t := &s.t[i]
	e := s.ent(i)
	// Modifiers: "early October", "mid-2024", "late on Tuesday", "around 2007", "pre-2021".
	if e != nil && e.flags&fMod != 0 || t.norm == "over" || t.norm == "almost" || t.norm == "more" && s.is(i+1, "than") {
		j := i + 1
		if t.norm == "more" {
			j++
		}
		if s.is(j, "-") && s.adjacent(i) {
			j++
		} else if (t.norm == "early" || t.norm == "late") && (s.is(j, "on") || s.is(j, "in")) {
			j++
		}
		if c, ok := s.core(j); ok {
			approxOnly := t.norm == "over" || t.norm == "almost" || t.norm == "more" || e != nil && e.mod == "APPROX"
			if t.norm == "over" && (c.kind == cDate || c.kind == cPart) {
				return s.core(i)
			}
			if approxOnly && c.kind == cDate && c.m > 0 && c.y == 0 {
				// "about May" is rare; "around" fits years and offsets.
				return s.core(i)
			}
			c.a = i
			if t.norm == "over" || t.norm == "more" {
				c.mod = "MORE_THAN"
			}
			return c, true
		}
	}
	return s.core(i)
}

func (s *scanner) core(i int) (cand, bool) {
	t := s.tok(i)
	if t == nil {
		return cand{}, false
	}
	switch t.kind {
	case kDigit:
		return s.digitCore(i)
	case kWord:
	default:
		return cand{}, false
	}
	if m, j, abbr, ok := s.monthAt(i); ok {
		return s.monthCore(i, m, j, abbr)
	}
	e := lex[t.norm]
	switch t.norm {
	case "yesterday", "today", "tonight", "tomorrow":
		c := cand{a: i, b: i + 1, kind: cRelDay}
		switch t.norm {
		case "yesterday":
			c.n = -1
		case "tomorrow":
			c.n = 1
		case "tonight":
			c.pod = "NI"
		}
		if c.pod == "" {
			if p := s.ent(i + 1); p != nil && p.flags&fPartOfDay != 0 && p.pod != "NI" || s.is(i+1, "night") {
				c.pod = s.ent(i + 1).pod
				c.b = i + 2
			}
		}
		return c, true
	case "recent":
		if u := s.ent(i + 1); u != nil && u.flags&fUnit != 0 && len(u.unit) > 0 && s.t[i+1].norm[len(s.t[i+1].norm)-1] == 's' {
			return cand{a: i, b: i + 2, kind: cRef, val: "PAST_REF"}, true
		}
	case "earlier", "later":
		if d := s.ent(i + 1); d != nil && d.flags&fDir != 0 && (d.dir == 0 || s.t[i+1].norm == "last") {
			if c, ok := s.dirCore(i+1, false); ok && c.kind == cRelUnit && c.unit != "WE" {
				c.a = i
				return c, true
			}
		}
	case "the", "a":
		if c, ok := s.theCore(i); ok {
			return c, true
		}
	case "weekend":
		return cand{a: i, b: i + 1, kind: cRelUnit, unit: "WE", dir: 0, sign: 0}, true
	}
	if e == nil {
		return cand{}, false
	}
	if e.flags&fDir != 0 {
		if c, ok := s.dirCore(i, false); ok {
			return c, true
		}
	}
	if e.flags&fWeekday != 0 && t.upper {
		return s.weekdayCore(i, i, e.weekday, 0)
	}
	if e.flags&fSeason != 0 && t.norm != "fall" {
		// "summer 2024", "the summer of 2023"
		j := i + 1
		if s.is(j, "of") {
			j++
		}
		if y, ok := s.year(j); ok {
			return cand{a: i, b: j + 1, kind: cPreset, typ: "DATE", val: pad4(y) + "-" + e.season}, true
		}
	}
	if e.flags&fOrdinal != 0 {
		if c, ok := s.partCore(i); ok {
			return c, true
		}
	}
	if e.flags&(fNumber|fVague) != 0 {
		return s.amountCore(i)
	}
	return cand{}, false
}

// theCore handles expressions that start with an article: "the past weekend",
// "the past year" (a duration), "a deadly weekend", "the first three
// quarters of this year", "the 1990s", "a couple of months".
func (s *scanner) theCore(i int) (cand, bool) {
	j := i + 1
	if s.is(i, "the") {
		if e := s.ent(j); e != nil && e.flags&fDir != 0 {
			if c, ok := s.dirCore(j, true); ok {
				c.a = i
				return c, true
			}
		}
		if e := s.ent(j); e != nil && e.flags&fOrdinal != 0 {
			if c, ok := s.partCore(j); ok {
				c.a = i
				return c, true
			}
		}
		if s.is(j, "weekend") {
			return cand{a: i, b: j + 1, kind: cRelUnit, unit: "WE"}, true
		}
	}
	// "a deadly weekend", "the bloody weekend"
	if t := s.tok(j); t != nil && t.kind == kWord && !t.upper && s.is(j+1, "weekend") && lex[t.norm] == nil {
		return cand{a: i, b: j + 2, kind: cRelUnit, unit: "WE"}, true
	}
	if s.is(i, "a") {
		return s.amountCore(i)
	}
	return cand{}, false
}

// dirCore: "last week", "this year", "next month", "last Sunday",
// "last October", "last summer", "last night", "this morning", and with an
// article the durations "the past year", "the last three weeks".
func (s *scanner) dirCore(i int, article bool) (cand, bool) {
	d := s.ent(i)
	word := s.t[i].norm
	j := i + 1
	if n, k, ok := s.number(j); ok && article && s.t[j].norm != "a" && s.t[j].norm != "an" {
		// "the past three years", "the last few days"
		if u := s.ent(k); u != nil && u.flags&fUnit != 0 {
			return cand{a: i, b: k + 1, kind: cPreset, typ: "DURATION", val: durValue(n, u.unit)}, true
		}
		return cand{}, false
	}
	t := s.tok(j)
	if t == nil || t.kind != kWord {
		return cand{}, false
	}
	if word == "coming" || word == "following" || word == "preceding" {
		if !article {
			return cand{}, false
		}
	}
	e := lex[t.norm]
	if m, k, _, ok := s.monthAt(j); ok {
		return cand{a: i, b: k, kind: cMonthDir, m: m, dir: d.dir}, true
	}
	if t.norm == "weekend" {
		return cand{a: i, b: j + 1, kind: cRelUnit, unit: "WE", dir: d.dir, sign: 1}, true
	}
	if e == nil {
		return cand{}, false
	}
	if e.flags&fWeekday != 0 {
		return s.weekdayCore(i, j, e.weekday, d.dir)
	}
	if e.flags&fSeason != 0 {
		return cand{a: i, b: j + 1, kind: cRelUnit, unit: e.season, dir: d.dir, sign: 1}, true
	}
	if e.flags&fPartOfDay != 0 {
		switch {
		case t.norm == "night" && d.dir == -1 && word == "last":
			return cand{a: i, b: j + 1, kind: cRelDay, n: -1, pod: "NI"}, true
		case d.dir == 0 && word == "this":
			return cand{a: i, b: j + 1, kind: cRelDay, n: 0, pod: e.pod}, true
		}
		return cand{}, false
	}
	if e.flags&fUnit != 0 {
		plural := t.norm[len(t.norm)-1] == 's'
		if plural {
			// "recent weeks", "the coming days", "the past months"
			switch {
			case !article:
				return cand{}, false
			case d.dir < 0:
				return cand{a: i, b: j + 1, kind: cRef, val: "PAST_REF"}, true
			case d.dir > 0:
				return cand{a: i, b: j + 1, kind: cRef, val: "FUTURE_REF"}, true
			}
			return cand{}, false
		}
		if article && d.dir < 0 {
			// "the past year": a duration, not a date.
			return cand{a: i, b: j + 1, kind: cPreset, typ: "DURATION", val: durValue(1, e.unit)}, true
		}
		if article && e.unit == "D" && d.dir != 0 {
			// "the next day", "the previous day": counted from the last date
			// of the paragraph, and dropped when there is none.
			sign := 1
			if d.dir < 0 {
				sign = -1
			}
			return cand{a: i, b: j + 1, kind: cOffset, n: 1, unit: "D", sign: sign, fromRef: true, dropNoRef: true}, true
		}
		switch e.unit {
		case "W", "M", "Y":
			return cand{a: i, b: j + 1, kind: cRelUnit, unit: e.unit, dir: d.dir, sign: 1}, true
		}
	}
	return cand{}, false
}

func (s *scanner) weekdayCore(a, i, wd, dir int) (cand, bool) {
	c := cand{a: a, b: i + 1, kind: cWeekday, wd: wd, dir: dir}
	j := i + 1
	// "Tuesday, October 14, 2025" is a full date.
	if s.is(j, ",") {
		if m, k, abbr, ok := s.monthAt(j + 1); ok {
			if dc, ok := s.monthCore(j+1, m, k, abbr); ok && dc.d > 0 {
				dc.a = a
				return dc, true
			}
		}
		if dc, ok := s.digitCore(j + 1); ok && dc.kind == cDate && dc.d > 0 {
			dc.a = a
			return dc, true
		}
	}
	if dc, ok := s.digitCore(j); ok && dc.kind == cDate && dc.d > 0 {
		dc.a = a // "Monday 14 October"
		return dc, true
	}
	if p := s.ent(j); p != nil && p.flags&fPartOfDay != 0 {
		c.pod = p.pod
		c.b = j + 1
	}
	return c, true
}

func (s *scanner) monthCore(i, m, j int, abbr bool) (cand, bool) {
	c := cand{a: i, b: j, kind: cDate, m: m}
	// Month D[, YYYY]
	if d, k, ok := s.dayNum(j); ok && !(s.is(k, ":") || s.is(k, "-") && s.adjacent(k-1)) {
		c.d, c.b = d, k
		if s.is(k, ",") {
			k++
		}
		if y, ok := s.year(k); ok {
			c.y, c.b, c.explicitYear = y, k+1, true
		}
		if !validDate(c.y, m, d) {
			return cand{}, false
		}
		return c, true
	}
	// Month [of|,] YYYY
	k := j
	if s.is(k, "of") || s.is(k, ",") {
		k++
	}
	if y, ok := s.year(k); ok && !s.has(k+1, fCountNoun) {
		c.y, c.b, c.explicitYear, c.prepYear = y, k+1, true, true
		return c, true
	}
	if abbr {
		return cand{}, false // "Jan", "Dec" alone are too often names
	}
	// "October last year", "October last"
	if s.is(j, "last") || s.is(j, "next") || s.is(j, "this") {
		dir := lex[s.t[j].norm].dir
		if s.is(j+1, "year") {
			return cand{a: i, b: j + 2, kind: cRelUnit, unit: "Y", dir: dir, sign: 1, m: m}, true
		}
		if dir != 0 {
			return cand{a: i, b: j + 1, kind: cMonthDir, m: m, dir: dir}, true
		}
	}
	if m == 5 || m == 3 {
		// "May" and "March" are also a verb/modal: accept them alone only after
		// a date preposition or modifier.
		p := s.tok(i - 1)
		if p == nil {
			return cand{}, false
		}
		switch p.norm {
		case "in", "since", "until", "till", "by", "during", "of", "early", "mid", "late", "from", "to", "and", "through", "between", "before", "after", "-", "end", "last", "next", "this", "or":
		default:
			if pe := lex[p.norm]; pe == nil || pe.flags&fMonth == 0 {
				return cand{}, false
			}
		}
	}
	return c, true
}

func (s *scanner) digitCore(i int) (cand, bool) {
	t := s.tok(i)
	if t == nil || t.kind != kDigit {
		return cand{}, false
	}
	nd := t.e - t.s
	// ISO 2025-10-16
	if nd == 4 && s.adjacent(i) && s.is(i+1, "-") && s.adjacent(i+1) {
		if m := s.tok(i + 2); m != nil && m.kind == kDigit && m.e-m.s == 2 && s.adjacent(i+2) && s.is(i+3, "-") && s.adjacent(i+3) {
			if d := s.tok(i + 4); d != nil && d.kind == kDigit && d.e-d.s == 2 && validDate(t.num, m.num, d.num) {
				return cand{a: i, b: i + 5, kind: cDate, y: t.num, m: m.num, d: d.num, explicitYear: true}, true
			}
		}
	}
	// 16/10/2025, 10/16/2025, 16.10.2025 (the last is one kNum token; skipped)
	if nd <= 2 && s.adjacent(i) && (s.is(i+1, "/") || s.is(i+1, "-")) && s.adjacent(i+1) {
		sep := s.t[i+1].norm
		if b := s.tok(i + 2); b != nil && b.kind == kDigit && b.e-b.s <= 2 && s.adjacent(i+2) && s.is(i+3, sep) && s.adjacent(i+3) {
			if y, ok := s.year(i + 4); ok && !(s.adjacent(i+4) && s.tok(i+5) != nil && s.t[i+5].kind != kPunct) {
				return numericDate(i, i+5, t.num, b.num, y)
			}
		}
	}
	// 16 October [2025], 16th of October
	if d, k, ok := s.dayNum(i); ok {
		if s.is(k, "of") {
			k++
		}
		if m, k2, _, ok := s.monthAt(k); ok {
			c := cand{a: i, b: k2, kind: cDate, m: m, d: d}
			if s.is(k2, ",") {
				k2++
			}
			if y, ok := s.year(k2); ok {
				c.y, c.b, c.explicitYear = y, k2+1, true
			}
			if validDate(c.y, m, d) {
				return c, true
			}
		}
	}
	if y, ok := s.year(i); ok {
		return s.yearCore(i, y)
	}
	return s.amountCore(i)
}

func (s *scanner) yearCore(i, y int) (cand, bool) {
	// "1990s", "1990's": a decade.
	if s.adjacent(i) {
		j := i + 1
		if s.is(j, "'") && s.adjacent(j) {
			j++
		}
		if s.is(j, "s") {
			if y%10 == 0 {
				return cand{a: i, b: j + 1, kind: cPreset, typ: "DATE", val: pad4(y)[:3]}, true
			}
			return cand{}, false
		}
	}
	// "2024-2025", "2020-23": a span of years.
	if s.adjacent(i) && (s.is(i+1, "-") || s.is(i+1, "/")) && s.adjacent(i+1) {
		if t2 := s.tok(i + 2); t2 != nil && t2.kind == kDigit {
			y2 := -1
			switch t2.e - t2.s {
			case 4:
				y2 = t2.num
			case 2:
				y2 = y/100*100 + t2.num
			}
			if y2 > y && y2 <= 2099 && !s.has(i+3, fCountNoun) {
				return cand{a: i, b: i + 3, kind: cPreset, typ: "DATE", val: rangeValue(y, y2), y2: y2}, true
			}
			return cand{}, false
		}
	}
	// A count or a price, not a year.
	if s.has(i+1, fCountNoun) || s.is(i+1, "%") || s.is(i+1, ":") && s.adjacent(i) {
		return cand{}, false
	}
	if s.adjacent(i) {
		if n := s.tok(i + 1); n != nil && n.kind == kWord {
			return cand{}, false // "2024th", "1990x"
		}
	}
	if p := s.tok(i - 1); p != nil {
		if lex[p.norm] != nil && lex[p.norm].flags&fNotYear != 0 {
			return cand{}, false
		}
		switch p.norm {
		case "$", "£", "€", "₹", "¥", "#", "+":
			return cand{}, false
		case "-", "/", ".", ",":
			if q := s.tok(i - 2); q != nil && p.s == q.e && p.e == s.t[i].s && (q.kind == kDigit || q.kind == kNum) {
				return cand{}, false // "10-2025", "3.2025"
			}
		}
	}
	c := cand{a: i, b: i + 1, kind: cDate, y: y, explicitYear: true}
	if p := s.tok(i - 1); p != nil {
		switch p.norm {
		case "in", "during", "throughout", "since", "by", "until", "of", "early", "late", "mid":
			c.prepYear = true
		}
	}
	return c, true
}

// amountCore: "six days", "48-hour", "a couple of months", "two days ago",
// "three years later".
func (s *scanner) amountCore(i int) (cand, bool) {
	n, j, ok := s.number(i)
	if !ok {
		return cand{}, false
	}
	if s.tok(i).kind == kDigit && s.adjacent(i) && s.is(j, "-") && s.adjacent(j) {
		j++ // "48-hour"
	}
	u := s.ent(j)
	if u == nil || u.flags&fUnit == 0 || u.unit == "Q" || u.unit == "H" {
		return cand{}, false
	}
	if n == 1 && !(s.is(i, "a") || s.is(i, "an") || s.is(i, "one") || s.is(i, "1")) {
		return cand{}, false
	}
	b := j + 1
	if s.is(b, "-") && s.is(b+1, "old") || s.is(b, "old") {
		return cand{}, false // an age: "a 25-year-old", "two years old"
	}
	switch {
	case s.is(b, "ago"):
		return cand{a: i, b: b + 1, kind: cOffset, n: n, unit: u.unit, sign: -1}, true
	case s.is(b, "later") || s.is(b, "earlier") && n > 0:
		sign := 1
		if s.is(b, "earlier") {
			sign = -1
		}
		return cand{a: i, b: b + 1, kind: cOffset, n: n, unit: u.unit, sign: sign, fromRef: true}, true
	}
	return cand{a: i, b: b, kind: cPreset, typ: "DURATION", val: durValue(n, u.unit)}, true
}

// partCore: "first half of 2024", "the third quarter of last year",
// "the first three quarters of this year".
func (s *scanner) partCore(i int) (cand, bool) {
	ord := s.ent(i).ordinal
	j := i + 1
	n := 1
	if k, j2, ok := s.number(j); ok && k > 0 && s.t[j].norm != "a" {
		n, j = k, j2
	}
	u := s.ent(j)
	if u == nil || u.flags&fUnit == 0 || !s.is(j+1, "of") {
		return cand{}, false
	}
	c := cand{a: i, kind: cPart}
	if n == 1 {
		switch u.unit {
		case "Q":
			if ord >= 1 && ord <= 4 {
				c.suffix = "-Q" + string(rune('0'+ord))
			}
		case "H":
			if ord >= 1 && ord <= 2 {
				c.suffix = "-H" + string(rune('0'+ord))
			}
		case "M", "W", "D", "Y":
		default:
			return cand{}, false
		}
	}
	k := j + 2
	if s.is(k, "the") {
		k++
	}
	if y, ok := s.year(k); ok {
		c.y, c.b, c.explicitYear = y, k+1, true
		return c, true
	}
	if d := s.ent(k); d != nil && d.flags&fDir != 0 && s.is(k+1, "year") {
		c.dir, c.yearDir, c.b = d.dir, true, k+2
		return c, true
	}
	return cand{}, false
}

func numericDate(a, b, x, y2, year int) (cand, bool) {
	c := cand{a: a, b: b, kind: cDate, y: year, explicitYear: true}
	switch {
	case x > 12 && y2 <= 12:
		c.d, c.m = x, y2
	case y2 > 12 && x <= 12:
		c.m, c.d = x, y2
	case x == y2 && x >= 1:
		c.m, c.d = x, x
	default:
		// Both readings possible: keep only the year rather than guess.
	}
	if c.m > 0 && !validDate(year, c.m, c.d) {
		return cand{}, false
	}
	if x < 1 || y2 < 1 {
		return cand{}, false
	}
	return c, true
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 0 || d > 31 {
		return false
	}
	if d == 0 {
		return true
	}
	dim := [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && y > 0 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		dim = 28
	}
	return d <= dim
}

// rangeValue: a TIMEX3 DATE cannot hold a range, so a span of years is given
// the smallest calendar unit that contains it: the decade ("2020-2023" →
// "202"), else the century ("1998-2003" → "20" would be wrong, so the start
// year is used when the years do not share a decade).
func rangeValue(y1, y2 int) string {
	a, b := pad4(y1), pad4(y2)
	if a[:3] == b[:3] {
		return a[:3]
	}
	return a
}

func durValue(n int, unit string) string {
	amount := "X"
	if n >= 0 {
		amount = itoa(n)
	}
	switch unit {
	case "TH":
		return "PT" + amount + "H"
	case "TM":
		return "PT" + amount + "M"
	case "2W":
		if n >= 0 {
			return "P" + itoa(2*n) + "W"
		}
		return "PXW"
	}
	return "P" + amount + unit
}
