package event

import (
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

// A tally becomes a statistic when its sentence says what period it covers
// ("over 600 attacks in the past year") and whose counted things they are
// ("TTP attacks"): figures of one statistic from many reports can then be
// compared (fuse.Statistics) although no single event holds them.

//go:embed data/statistics.tsv
var statisticsTSV string

// Roles of statistics.tsv.
const (
	stBack = iota + 1 // 0 is no role
	stSince
	stFrom
	stUntil
	stPart
	stCurrent
	stTarget
	stAgent
	stStop
)

var stRoles = map[string]int{
	"back": stBack, "since": stSince, "from": stFrom, "until": stUntil, "part": stPart,
	"current": stCurrent, "target": stTarget, "agent": stAgent, "stop": stStop,
}

// Whose counted things a unit's figure gives (tallies.tsv, third column).
const (
	whoseNone = iota
	whoseBy   // the actor who carries them out
	whoseOf   // the side that owns them
)

// statWord is one row of statistics.tsv.
type statWord struct {
	role     int
	from, to time.Month // months of a part of a year
}

// statLex is the loaded knowledge of statistics.
type statLex struct {
	words   []statWord
	wordSet *text.PhraseSet // ids index words
}

var stat = mustLoadStat()

func mustLoadStat() *statLex {
	s, err := loadStat(statisticsTSV)
	if err != nil {
		panic("event: bad embedded data: " + err.Error())
	}
	return s
}

func loadStat(words string) (*statLex, error) {
	s := &statLex{wordSet: text.NewPhraseSet()}
	for n, line := range strings.Split(words, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		role, ok := stRoles[strings.TrimSpace(get(f, 1))]
		if !ok {
			return nil, fmt.Errorf("statistics.tsv:%d: unknown role %q", n+1, get(f, 1))
		}
		w := statWord{role: role}
		if role == stPart {
			a, b, _ := strings.Cut(get(f, 2), "-")
			m1, err1 := strconv.Atoi(strings.TrimSpace(a))
			m2, err2 := strconv.Atoi(strings.TrimSpace(b))
			if err1 != nil || err2 != nil || m1 < 1 || m2 > 12 || m1 > m2 {
				return nil, fmt.Errorf("statistics.tsv:%d: want months first-last", n+1)
			}
			w.from, w.to = time.Month(m1), time.Month(m2)
		}
		id := int32(len(s.words))
		s.words = append(s.words, w)
		for _, p := range expand(f[0]) {
			s.wordSet.Add(p, id, false)
		}
	}
	return s, nil
}

func get(f []string, i int) string {
	if i < len(f) {
		return f[i]
	}
	return ""
}

// statSentence is what one sentence gives its statistics: the periods it
// tells and the words of statistics.tsv, by token.
type statSentence struct {
	periods []period
	role    map[int]int // token → role of the word starting there
	wordEnd map[int]int // token → end of the word starting there
	roleEnd map[int]int // token → role of the word ending just before it
	dem     map[int]string
	demEnd  map[int]string // token after a demonym or country name → its country
}

// period is a stretch of days a sentence tells, at tokens [a, b).
type period struct {
	a, b     int
	from, to time.Time
}

// describeTallies fills in whose each tally's counted things are and the
// period it covers, from the tally's sentence.
func (d *doc) describeTallies(found []*tally, claimOf map[*tally]*claim) {
	bySent := map[int]*statSentence{}
	for _, t := range found {
		ss, ok := bySent[t.sent]
		if !ok {
			ss = d.statSentence(t.sent)
			bySent[t.sent] = ss
		}
		if p, ok := nearestPeriod(ss.periods, t); ok {
			t.from, t.to = p.from.Format(time.DateOnly), p.to.Format(time.DateOnly)
		}
		if a, ok := d.tallyOf(t, ss, claimOf[t]); ok {
			t.of = &a
		}
	}
}

// statSentence reads sentence si's statistics words and periods.
func (d *doc) statSentence(si int) *statSentence {
	sa, sb := d.sentTok[si][0], d.sentTok[si][1]
	ss := &statSentence{role: map[int]int{}, wordEnd: map[int]int{}, roleEnd: map[int]int{}, dem: map[int]string{}, demEnd: map[int]string{}}
	parts := map[int]text.PhraseMatch{}
	for _, m := range stat.wordSet.Match(d.toks[sa:sb]) {
		w := stat.words[m.IDs[0]]
		ss.role[sa+m.First] = w.role
		ss.wordEnd[sa+m.First] = sa + m.Last
		ss.roleEnd[sa+m.Last] = w.role
		if w.role == stPart {
			parts[sa+m.First] = text.PhraseMatch{First: sa + m.First, Last: sa + m.Last, IDs: m.IDs}
		}
	}
	for _, w := range CountryWords(d.toks[sa:sb]) {
		ss.dem[sa+w.First] = w.Country
		ss.demEnd[sa+w.Last] = w.Country
	}
	ref, refEnd, gran, known := d.reference()

	var times []sitrep.TimeExpr
	for _, x := range d.in.Times {
		if validSpan(x.Span, len(d.in.Text)) && x.Span.Start >= d.sents[si].Start && x.Span.End <= d.sents[si].End {
			times = append(times, x)
		}
	}
	sort.SliceStable(times, func(i, j int) bool { return times[i].Span.Start < times[j].Span.Start })
	used := make([]bool, len(times))
	tokRange := func(x sitrep.TimeExpr) (int, int) { return d.tokenAt(x.Span.Start), d.tokenAt(x.Span.End) }
	// before reports whether a word of role r ends right before token a,
	// allowing an article between ("since the start of 2024" is not read).
	before := func(a, r int) bool {
		if x, ok := ss.roleEnd[a]; ok && x == r {
			return true
		}
		if w := d.word(a - 1); w == "the" || w == "a" {
			x, ok := ss.roleEnd[a-1]
			return ok && x == r
		}
		return false
	}
	// Parts of a year: "the first half of 2024", "the first quarter of the year".
	for _, m := range parts {
		w := stat.words[m.IDs[0]]
		k := m.Last
		if d.word(k) == "of" && d.word(k+1) != "the" && d.word(k+1) != "this" {
			k++
		}
		year := 0
		start, end := m.First, k
		for i, x := range times {
			// the year after the part ("of 2024"), or a time expression
			// holding the part ("the first nine months of 2025": 2025)
			a, b := tokRange(x)
			if used[i] || a != k && !(a <= m.First && m.First < b) || len(x.Value) < 4 {
				continue
			}
			if y, err := strconv.Atoi(x.Value[:4]); err == nil {
				year, end, used[i] = y, b, true
				start = min(start, a)
			}
		}
		if year == 0 && known {
			if r, ok := ss.role[m.Last]; ok && r == stCurrent {
				year, end = ref.Year(), ss.wordEnd[m.Last]
			}
		}
		if year == 0 {
			continue
		}
		from := time.Date(year, w.from, 1, 0, 0, 0, 0, time.UTC)
		to := time.Date(year, w.to+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
		ss.add(period{a: start, b: end, from: from, to: to}, refEnd, known)
	}
	for i, x := range times {
		if used[i] {
			continue
		}
		a, b := tokRange(x)
		switch x.Type {
		case sitrep.TimeDuration:
			n, unit, ok := durationOf(x.Value)
			// Counted back from a publication known only to its year,
			// "the past year" lies somewhere in that year and the one
			// before: a period twice as long, still comparable; a
			// shorter stretch ("the past month") would cover two years.
			if !ok || !known || gran >= sitrep.GranularityYear && unit != 'Y' && unit != 'E' {
				continue
			}
			back := before(a, stBack)
			for k := a; k < b && !back; k++ {
				back = ss.role[k] == stBack
			}
			if !back {
				continue
			}
			var from time.Time
			switch unit {
			case 'Y':
				from = ref.AddDate(-n, 0, 1)
			case 'E': // decades
				from = ref.AddDate(-10*n, 0, 1)
			case 'M':
				from = ref.AddDate(0, -n, 1)
			case 'W':
				from = ref.AddDate(0, 0, 1-7*n)
			case 'D':
				from = ref.AddDate(0, 0, 1-n)
			default:
				continue
			}
			ss.add(period{a: a, b: b, from: from, to: refEnd}, refEnd, known)
		case sitrep.TimeDate:
			from, to, day, ok := dateSpan(x.Value, d.in.Text[x.Span.Start:x.Span.End])
			if !ok {
				continue
			}
			switch {
			case before(a, stSince):
				if known && !from.After(refEnd) {
					ss.add(period{a: a - 1, b: b, from: from, to: refEnd}, refEnd, known)
				}
				continue
			case before(a, stFrom):
				// "from January to June 2024": closed by the next date after an until word.
				for j := i + 1; j < len(times); j++ {
					ja, jb := tokRange(times[j])
					if times[j].Type != sitrep.TimeDate || !before(ja, stUntil) {
						continue
					}
					if _, to2, _, ok := dateSpan(times[j].Value, d.in.Text[times[j].Span.Start:times[j].Span.End]); ok && !to2.Before(from) {
						used[j] = true
						ss.add(period{a: a - 1, b: jb, from: from, to: to2}, refEnd, known)
					}
					break
				}
				continue
			}
			if day {
				continue // a day dates an event; a statistic covers a stretch
			}
			ss.add(period{a: a, b: b, from: from, to: to}, refEnd, known)
		}
	}
	return ss
}

// reference is the date relative periods are read against: the
// publication date, as the days its granularity allows (a publication
// known only to its year is 1 January to 31 December). Without a stated
// granularity, a first of January or of a month is taken as a year or a
// month: that is how coarse dates are written.
func (d *doc) reference() (from, to time.Time, g sitrep.Granularity, ok bool) {
	p := d.in.Published
	if p.IsZero() {
		return from, to, g, false
	}
	from = time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC)
	g = d.in.PublishedGranularity
	if g == sitrep.GranularityNone {
		switch {
		case from.YearDay() == 1:
			g = sitrep.GranularityYear
		case from.Day() == 1:
			g = sitrep.GranularityMonth
		default:
			g = sitrep.GranularityDay
		}
	}
	switch g {
	case sitrep.GranularityYear:
		from = time.Date(from.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		return from, from.AddDate(1, 0, -1), g, true
	case sitrep.GranularityMonth:
		from = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
		return from, from.AddDate(0, 1, -1), g, true
	case sitrep.GranularityWeek:
		return from, from.AddDate(0, 0, 6), g, true
	}
	return from, from, g, true
}

// add keeps a period, ending it at the reference date when it runs past
// it: a figure counts what has happened ("this year", told in October).
func (ss *statSentence) add(p period, ref time.Time, known bool) {
	if known && p.to.After(ref) && !p.from.After(ref) {
		p.to = ref
	}
	ss.periods = append(ss.periods, p)
}

// nearestPeriod is the period told closest to the tally in its sentence.
func nearestPeriod(ps []period, t *tally) (period, bool) {
	best, bestDist := period{}, -1
	for _, p := range ps {
		dist := 0
		switch {
		case p.b <= t.tok:
			dist = t.tok - p.b + 1 // a period told after the figure wins a tie
		case p.a >= t.unitEnd:
			dist = p.a - t.unitEnd
		}
		if bestDist < 0 || dist < bestDist {
			best, bestDist = p, dist
		}
	}
	return best, bestDist >= 0
}

var durationRE = regexp.MustCompile(`^P(\d+)(Y|M|W|D|DE)$`)

// durationOf reads a TIMEX3 duration of whole years, months, weeks, days
// or decades ("P1Y", "P12M", "P1DE"). Unit 'E' stands for decades.
func durationOf(v string) (int, byte, bool) {
	m := durationRE.FindStringSubmatch(v)
	if m == nil {
		return 0, 0, false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n <= 0 || n > 100 {
		return 0, 0, false
	}
	if m[2] == "DE" {
		return n, 'E', true
	}
	return n, m[2][0], true
}

var yearRangeRE = regexp.MustCompile(`^\(?((?:19|20)\d\d)\s*[-–—/]\s*(\d\d|(?:19|20)\d\d)\)?$`)

// dateSpan is the first and last day a TIMEX3 date value covers: a year,
// a half, a quarter, a month, an ISO week or a day (day is then true). A span of
// years ("2024-2025") is read from the mention's text, whose value the
// time tagger cannot give.
func dateSpan(value, mention string) (from, to time.Time, day, ok bool) {
	if m := yearRangeRE.FindStringSubmatch(strings.TrimSpace(mention)); m != nil {
		y1, _ := strconv.Atoi(m[1])
		y2, _ := strconv.Atoi(m[2])
		if len(m[2]) == 2 {
			y2 += y1 / 100 * 100
		}
		if y2 <= y1 || y2-y1 > 50 {
			return from, to, false, false
		}
		return time.Date(y1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y2, 12, 31, 0, 0, 0, 0, time.UTC), false, true
	}
	utc := time.UTC
	switch {
	case len(value) == 4:
		y, err := strconv.Atoi(value)
		if err != nil {
			return from, to, false, false
		}
		return time.Date(y, 1, 1, 0, 0, 0, 0, utc), time.Date(y, 12, 31, 0, 0, 0, 0, utc), false, true
	case len(value) == 7 && value[4] == '-' && value[5] == 'H':
		y, err1 := strconv.Atoi(value[:4])
		h, err2 := strconv.Atoi(value[6:])
		if err1 != nil || err2 != nil || h < 1 || h > 2 {
			return from, to, false, false
		}
		from = time.Date(y, time.Month(6*h-5), 1, 0, 0, 0, 0, utc)
		return from, from.AddDate(0, 6, -1), false, true
	case len(value) == 7 && value[4] == '-' && value[5] == 'Q':
		y, err1 := strconv.Atoi(value[:4])
		q, err2 := strconv.Atoi(value[6:])
		if err1 != nil || err2 != nil || q < 1 || q > 4 {
			return from, to, false, false
		}
		from = time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, utc)
		return from, from.AddDate(0, 3, -1), false, true
	case len(value) == 7:
		t, err := time.Parse("2006-01", value)
		if err != nil {
			return from, to, false, false
		}
		return t, t.AddDate(0, 1, -1), false, true
	case len(value) == 8 && value[5] == 'W':
		y, err1 := strconv.Atoi(value[:4])
		w, err2 := strconv.Atoi(value[6:])
		if err1 != nil || err2 != nil || w < 1 || w > 53 {
			return from, to, false, false
		}
		// ISO week 1 holds 4 January; weeks start on Monday.
		jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, utc)
		mon := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(w-1))
		return mon, mon.AddDate(0, 0, 6), false, true
	case len(value) == 10:
		t, err := time.Parse(time.DateOnly, value)
		if err != nil {
			return from, to, false, false
		}
		return t, t, true, true
	}
	return from, to, false, false
}

// tallyOf is whose counted things a tally gives, by the unit's kind:
// things carried out are the doer's ("TTP attacks", "300 raids by the
// RSF", "the RSF, which carried out 300 raids"); things owned are the
// side's named right before them ("25 Pakistani posts"). A speaker is not
// the doer of what it counts, nor is a target ("attacks on the army").
func (d *doc) tallyOf(t *tally, ss *statSentence, c *claim) (sitrep.Actor, bool) {
	whose := lex.unitWhose[t.unitID]
	if whose == whoseNone {
		return sitrep.Actor{}, false
	}
	at := d.atOfClaim()
	// A side named between the figure and its noun, or by its possessive
	// right before the figure.
	for k := t.numEnd; k < t.unitEnd; k++ {
		if a, ok := d.armedAt(k, t.unitEnd, at); ok {
			return a, true
		}
		if cc, ok := ss.dem[k]; ok {
			return d.countryForces(cc, at)
		}
	}
	if d.word(t.tok-1) == "s" && d.possessiveGap(t.tok-1) {
		for _, m := range d.actorsIn(d.sents[t.sent]) {
			if d.tokenAt(m.Span.End) == t.tok-1 {
				if a, ok := d.armed(m, nil, at); ok {
					return a, true
				}
			}
		}
		if cc, ok := ss.demEnd[t.tok-1]; ok {
			return d.countryForces(cc, at)
		}
	}
	if whose != whoseBy {
		return sitrep.Actor{}, false
	}
	// The statement's speaker is not the doer of what it counts ("the army
	// said it recorded 400 attacks"), unless it is named after the figure
	// ("the TTP, which launched 600 attacks, denies …").
	if c != nil && c.verb > t.tok {
		c = nil
	}
	// "by the RSF"
	if r, ok := ss.role[t.unitEnd]; ok && r == stAgent {
		for k := t.unitEnd + 1; k <= t.unitEnd+2; k++ {
			if a, ok := d.armedAt(k, d.sentTok[t.sent][1], at); ok {
				return a, true
			}
			if cc, ok := ss.dem[k]; ok {
				return d.countryForces(cc, at)
			}
		}
	}
	// The nearest armed actor before the figure, up to a clause that does
	// not tell the figure.
	sa := d.sentTok[t.sent][0]
	for k := t.tok - 1; k >= sa; k-- {
		if r, ok := ss.role[k]; ok && r == stStop || d.cueAt(k, cBoundary) {
			sa = k + 1
			break
		}
	}
	ms := d.actorsIn(sitrep.Span{Start: d.toks[sa].Start, End: d.toks[t.tok].Start})
	for i := len(ms) - 1; i >= 0; i-- {
		if d.targetBefore(d.tokenAt(ms[i].Span.Start), ss) {
			continue
		}
		if a, ok := d.armed(ms[i], c, at); ok {
			return a, true
		}
	}
	return sitrep.Actor{}, false
}

// armedAt is the armed actor whose mention starts at token k and ends by
// token end.
func (d *doc) armedAt(k, end int, at time.Time) (sitrep.Actor, bool) {
	for _, m := range d.actors {
		if d.tokenAt(m.Span.Start) == k && d.tokenAt(m.Span.End) <= end {
			if a, ok := d.armed(m, nil, at); ok {
				return a, true
			}
		}
	}
	return sitrep.Actor{}, false
}

// armed is m's actor when it is a named armed actor (a state's forces, an
// armed group) and not a speaker of statement c (nil: any).
func (d *doc) armed(m sitrep.ActorMention, c *claim, at time.Time) (sitrep.Actor, bool) {
	a := m.Actor
	if isUnnamed(a) || a.Type != sitrep.ActorState && a.Type != sitrep.ActorArmedGroup {
		return sitrep.Actor{}, false
	}
	if c != nil {
		for _, s := range c.claimants {
			if s.Span == m.Span || s.Actor.ID == a.ID {
				return sitrep.Actor{}, false
			}
		}
	}
	return d.forces(a, at), true
}

// countryForces is the forces of country cc.
func (d *doc) countryForces(cc string, at time.Time) (sitrep.Actor, bool) {
	return d.resolveUnnamed(unnamedMilitary, cc, at)
}

// targetBefore reports whether the actor at token k is the object of a
// target word ("attacks on the army", "against Pakistani forces").
func (d *doc) targetBefore(k int, ss *statSentence) bool {
	if r, ok := ss.roleEnd[k]; ok && r == stTarget {
		return true
	}
	if w := d.word(k - 1); w == "the" || d.cueAt(k-1, cDet) {
		r, ok := ss.roleEnd[k-1]
		return ok && r == stTarget
	}
	return false
}

// possessiveGap reports whether the "s" token k follows an apostrophe.
func (d *doc) possessiveGap(k int) bool {
	if k <= 0 || k >= len(d.toks) {
		return false
	}
	g := d.in.Text[d.toks[k-1].End:d.toks[k].Start]
	return g == "'" || g == "’"
}
