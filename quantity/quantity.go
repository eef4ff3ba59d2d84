// Package quantity reads counts in news text ("at least 23", "fifty-eight",
// "dozens", "20 to 25") with the qualifier the output contract records.
package quantity

import (
	_ "embed"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// Qualifiers of the output contract, plus Range for "20 to 25".
const (
	Exact     = "exact"
	AtLeast   = "at least"
	MoreThan  = "more than"
	About     = "about"
	UpTo      = "up to"
	FewerThan = "fewer than"
	Vague     = "vague"
	Range     = "range"
)

// Quantity is one count found in a text. Count is nil for an unquantified
// amount ("several", "some"); Max is set for ranges ("20 to 25": Count 20,
// Max 25, Qualifier "range"). Vague plurals follow ACLED's convention: tens
// 10, dozens 12, scores 20, hundreds 100, thousands 1000.
type Quantity struct {
	Span      sitrep.Span // byte offsets into the text given to Find
	Count     *int
	Max       *int
	Qualifier string
}

//go:embed data/words.txt
var wordsData string

type phrase struct {
	toks  []string
	cat   string
	value string
}

var (
	units   = map[string]int{}
	tens    = map[string]int{}
	scales  = map[string]int{}
	dozenW  = map[string]int{}
	phrases = map[string][]phrase{} // by first token, longest first
	// triggers are the words that may start a quantity.
	triggers = map[string]bool{}
)

func init() {
	for _, line := range strings.Split(wordsData, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		p := strings.Split(line, "|")
		if len(p) < 3 {
			continue
		}
		n, _ := strconv.Atoi(p[2])
		switch p[0] {
		case "unit":
			units[p[1]] = n
		case "tens":
			tens[p[1]] = n
		case "scale":
			scales[p[1]] = n
		case "dozen":
			dozenW[p[1]] = n
		case "vague", "qual", "approx":
			toks := strings.Fields(p[1])
			phrases[toks[0]] = append(phrases[toks[0]], phrase{toks: toks, cat: p[0], value: p[2]})
		}
	}
	for _, m := range []map[string]int{units, tens, scales, dozenW} {
		for w := range m {
			triggers[w] = true
		}
	}
	for _, w := range []string{"a", "an", "between"} {
		triggers[w] = true
	}
	for k := range phrases {
		triggers[k] = true
		ps := phrases[k]
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].toks) > len(ps[j].toks) })
	}
}

const (
	kWord  = 'w'
	kDigit = 'd'
	kPunct = 'p'
)

type token struct {
	s, e int
	norm string
	kind byte
}

func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/5+1)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			// An invalid byte is a barrier: no quantity reads across it.
			toks = append(toks, token{i, i + 1, "\ufffd", kPunct})
			i++
		case unicode.IsSpace(r):
			i += size
		case r >= '0' && r <= '9':
			j := i + 1
			for j < len(text) {
				c := text[j]
				if c >= '0' && c <= '9' {
					j++
				} else if (c == ',' || c == '.') && j+1 < len(text) && text[j+1] >= '0' && text[j+1] <= '9' {
					j++
				} else {
					break
				}
			}
			toks = append(toks, token{i, j, text[i:j], kDigit})
			i = j
		case r < utf8.RuneSelf && (r|0x20 >= 'a' && r|0x20 <= 'z'):
			j := i + 1
			lower := r >= 'a'
			for j < len(text) {
				c := text[j]
				if c|0x20 >= 'a' && c|0x20 <= 'z' {
					if c < 'a' {
						lower = false
					}
					j++
					continue
				}
				if c >= utf8.RuneSelf {
					r2, _ := utf8.DecodeRuneInString(text[j:])
					if unicode.IsLetter(r2) || unicode.Is(unicode.Mn, r2) {
						lower = false
						j += utf8.RuneLen(r2)
						continue
					}
				}
				break
			}
			w := text[i:j]
			if !lower {
				w = strings.ToLower(w)
			}
			toks = append(toks, token{i, j, w, kWord})
			i = j
		case unicode.IsLetter(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if r2 == utf8.RuneError && s2 <= 1 || !(unicode.IsLetter(r2) || unicode.Is(unicode.Mn, r2)) {
					break
				}
				j += s2
			}
			toks = append(toks, token{i, j, strings.ToLower(text[i:j]), kWord})
			i = j
		default:
			norm := text[i : i+size]
			switch r {
			case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
				norm = "-"
			}
			toks = append(toks, token{i, i + size, norm, kPunct})
			i += size
		}
	}
	return toks
}

type reader struct {
	t []token
}

func (r *reader) is(i int, w string) bool { return i >= 0 && i < len(r.t) && r.t[i].norm == w }

func (r *reader) adjacent(i int) bool {
	return i >= 0 && i+1 < len(r.t) && r.t[i].e == r.t[i+1].s
}

// phraseAt returns the longest word-list phrase of category cat at i.
func (r *reader) phraseAt(i int, cat string) (phrase, int, bool) {
	if i >= len(r.t) {
		return phrase{}, i, false
	}
	for _, p := range phrases[r.t[i].norm] {
		if p.cat != cat && !(cat == "vague" && p.cat == "approx") {
			continue
		}
		ok := true
		for k, w := range p.toks {
			if !r.is(i+k, w) {
				ok = false
				break
			}
		}
		if ok {
			return p, i + len(p.toks), true
		}
	}
	return phrase{}, i, false
}

// num is a number read at a position.
type num struct {
	val   int
	vague bool // an amount like "dozens" (val may be -1: none)
	qual  string
	end   int
	words bool
}

// number reads digits ("2,400", "1.5 million") or number words
// ("fifty-eight", "a hundred and twenty", "two dozen").
func (r *reader) number(i int) (num, bool) {
	if i >= len(r.t) {
		return num{}, false
	}
	t := r.t[i]
	if t.kind == kDigit {
		return r.digits(i)
	}
	if t.kind != kWord {
		return num{}, false
	}
	if n, ok := r.words(i); ok {
		return n, true
	}
	// "dozens", "several", "tens of thousands", "a few hundred"
	if p, j, ok := r.phraseAt(i, "vague"); ok {
		n := num{val: -1, vague: true, qual: Vague, end: j, words: true}
		if p.value != "" {
			n.val, _ = strconv.Atoi(p.value)
		}
		if p.cat == "approx" {
			n.vague, n.qual = false, About
			return n, true
		}
		if n.val > 0 && r.is(j, "of") && j+1 < len(r.t) {
			// "tens of thousands", "hundreds of thousands"
			if p2, j2, ok := r.phraseAt(j+1, "vague"); ok && p2.value != "" && p2.cat == "vague" {
				v, _ := strconv.Atoi(p2.value)
				if v >= 1000 {
					n.val *= v
					n.end = j2
				}
			}
		}
		if n.val < 0 && j < len(r.t) {
			// "several hundred", "a few thousand", "several dozen"
			if s, ok := scales[r.t[j].norm]; ok {
				n.val, n.end = s, j+1
			} else if d, ok := dozenW[r.t[j].norm]; ok {
				n.val, n.end = d, j+1
			}
		}
		return n, true
	}
	return num{}, false
}

func (r *reader) digits(i int) (num, bool) {
	t := r.t[i]
	// Not counts: ordinals ("16th"), model names ("T-62", "F-16"), clock times.
	if r.adjacent(i) && r.t[i+1].kind == kWord {
		return num{}, false
	}
	if i >= 2 && r.t[i-1].norm == "-" && r.adjacent(i-1) && r.adjacent(i-2) && r.t[i-2].kind == kWord && len(r.t[i-2].norm) <= 3 {
		return num{}, false
	}
	if r.is(i+1, ":") && r.adjacent(i) || i >= 2 && r.t[i-1].norm == ":" && r.adjacent(i-1) && r.adjacent(i-2) && r.t[i-2].kind == kDigit {
		return num{}, false
	}
	s := t.norm
	var f float64
	if strings.Count(s, ".") == 1 && !strings.Contains(s, ",") {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return num{}, false
		}
		f = v
	} else {
		s = strings.ReplaceAll(s, ",", "")
		if strings.Contains(s, ".") || len(s) > 15 {
			return num{}, false
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			return num{}, false
		}
		f = float64(v)
	}
	n := num{end: i + 1, qual: Exact}
	if i+1 < len(r.t) {
		if sc, ok := scales[r.t[i+1].norm]; ok && sc >= 1000 {
			f *= float64(sc)
			n.end = i + 2
		} else if d, ok := dozenW[r.t[i+1].norm]; ok {
			f *= float64(d)
			n.end = i + 2
		}
	}
	if f > 1e15 {
		return num{}, false
	}
	n.val = int(math.Round(f))
	return n, true
}

// words reads a number written in words.
func (r *reader) words(i int) (num, bool) {
	const (
		none = iota
		unitK
		tensK
		hundredK
		bigK
	)
	total, cur, last := 0, 0, none
	j := i
	article := false
	if r.is(j, "a") || r.is(j, "an") {
		if j+1 < len(r.t) {
			nx := r.t[j+1].norm
			if _, ok := scales[nx]; ok {
				article = true
				j++
			} else if _, ok := dozenW[nx]; ok {
				return num{val: dozenW[nx], qual: Exact, end: j + 2, words: true}, true
			}
		}
		if !article {
			return num{}, false
		}
	}
	end := j
	for j < len(r.t) {
		w := r.t[j].norm
		if u, ok := units[w]; ok && (last == none || last == tensK && u < 10 && u > 0 || last == hundredK || last == bigK) {
			cur += u
			last = unitK
			j++
			end = j
		} else if tv, ok := tens[w]; ok && (last == none || last == hundredK || last == bigK) {
			cur += tv
			last = tensK
			j++
			end = j
		} else if sc, ok := scales[w]; ok && (last == unitK || last == tensK || last == hundredK && sc >= 1000 || article && last == none) {
			if cur == 0 {
				cur = 1
			}
			if sc == 100 {
				cur *= 100
				last = hundredK
			} else {
				total += cur * sc
				cur = 0
				last = bigK
			}
			j++
			end = j
		} else if d, ok := dozenW[w]; ok && (last == unitK || last == tensK) {
			cur *= d
			j++
			end = j
			break
		} else if w == "-" && last == tensK && r.adjacent(j-1) && r.adjacent(j) {
			j++
		} else if w == "and" && (last == hundredK || last == bigK) && j+1 < len(r.t) && (units[r.t[j+1].norm] > 0 || tens[r.t[j+1].norm] > 0) {
			j++
		} else {
			break
		}
		if total+cur > 1e15 {
			return num{}, false
		}
	}
	if last == none || end == i {
		return num{}, false
	}
	return num{val: total + cur, qual: Exact, end: end, words: true}, true
}

// at reads a quantity starting at token i.
func (r *reader) at(i int) (Quantity, int, bool) {
	start := i
	qual := ""
	between := false
	if r.is(i, "between") {
		between = true
		i++
	} else if p, j, ok := r.phraseAt(i, "qual"); ok {
		if n, ok := r.number(j); ok && n.val >= 0 && !(p.value == About && n.qual == About) {
			qual = p.value
			i = j
		}
	}
	n, ok := r.number(i)
	if !ok {
		return Quantity{}, i, false
	}
	if between && (n.vague || !r.is(n.end, "and")) {
		// "between" without a range: read the number alone.
		start, between = i, false
	}
	q := Quantity{Qualifier: n.qual}
	end := n.end
	if !n.vague {
		// Ranges: "20 to 25", "20-25", "6,000–6,500", "between 20 and 25".
		sep := n.end
		if sep < len(r.t) && (between && r.is(sep, "and") || !between && (r.is(sep, "to") || r.is(sep, "-"))) {
			if m, ok := r.number(sep + 1); ok && !m.vague && m.words == n.words && m.val > n.val {
				q.Qualifier = Range
				q.Max = intp(m.val)
				end = m.end
			}
		}
	}
	if between && q.Qualifier != Range {
		start = i
	}
	if q.Qualifier != Range && qual != "" {
		q.Qualifier = qual
	}
	if n.val >= 0 {
		q.Count = intp(n.val)
	}
	q.Span = sitrep.Span{Start: r.t[start].s, End: r.t[end-1].e}
	return q, end, true
}

func intp(v int) *int { return &v }

// Find returns the quantities of text in order, non-overlapping. Every number
// is returned, years included: the caller decides from the following noun
// whether "2007" counts people.
func Find(text string) []Quantity {
	r := &reader{t: tokenize(text)}
	var out []Quantity
	for i := 0; i < len(r.t); {
		t := r.t[i]
		if t.kind == kPunct {
			i++
			continue
		}
		if t.kind == kWord && !triggers[t.norm] {
			i++
			continue
		}
		q, end, ok := r.at(i)
		if !ok || end <= i {
			i++
			continue
		}
		out = append(out, q)
		i = end
	}
	return out
}

// Parse reads s as one quantity ("at least 23", "dozens", "20 to 25").
// It fails when s holds no quantity or more than the quantity (surrounding
// spaces and a final period aside).
func Parse(s string) (Quantity, bool) {
	qs := Find(s)
	if len(qs) != 1 {
		return Quantity{}, false
	}
	q := qs[0]
	if strings.TrimSpace(s[:q.Span.Start]) != "" || strings.TrimRight(strings.TrimSpace(s[q.Span.End:]), ".") != "" {
		return Quantity{}, false
	}
	return q, true
}
