package dedup

import (
	_ "embed"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/text"
)

//go:embed data/function-words.txt
var functionWordData string

//go:embed data/months.txt
var monthData string

//go:embed data/name-particles.txt
var particleData string

var (
	functionWords = loadList(functionWordData)
	months        = loadList(monthData)
	particles     = loadList(particleData)
)

func loadList(data string) map[string]bool {
	m := make(map[string]bool)
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}

// words returns the prose tokens of s.
func words(s string) []text.Token { return prose(s, text.Tokenize(s)) }

// prose drops the tokens of s inside markup tags ("<p class=x>") and
// character entities ("&amp;"), so that a copy that kept its markup still
// shingles like the clean text. It filters a copy: toks may be shared.
func prose(s string, toks []text.Token) []text.Token {
	if !strings.ContainsAny(s, "<&") {
		return toks
	}
	skip := markupRanges(s)
	if len(skip) == 0 {
		return toks
	}
	out := make([]text.Token, 0, len(toks))
	r := 0
	for _, t := range toks {
		for r < len(skip) && skip[r][1] <= t.Start {
			r++
		}
		if r < len(skip) && skip[r][0] <= t.Start {
			continue
		}
		out = append(out, t)
	}
	return out
}

// markupRanges finds tags and entities in s as sorted [start, end) ranges.
// A tag is "<" followed by a letter, "/" or "!" and closed by ">" before the
// next "<"; an entity is "&" with up to ten letters, digits or "#" and ";".
func markupRanges(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			if i+1 >= len(s) {
				continue
			}
			c := s[i+1]
			if !(c == '/' || c == '!' || c == '?' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')) {
				continue
			}
			end := -1
			for j := i + 1; j < len(s) && j < i+4096; j++ {
				if s[j] == '>' {
					end = j + 1
					break
				}
				if s[j] == '<' {
					break
				}
			}
			if end > 0 {
				out = append(out, [2]int{i, end})
				i = end - 1
			}
		case '&':
			j := i + 1
			for j < len(s) && j-i <= 10 && (s[j] == '#' || isASCIIAlnum(s[j])) {
				j++
			}
			if j < len(s) && s[j] == ';' && j > i+1 {
				out = append(out, [2]int{i, j + 1})
				i = j
			}
		}
	}
	return out
}

func isASCIIAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// joined reports whether nothing but spaces (and at most one hyphen) stands
// between two tokens, so that they belong to one phrase.
func joined(s string, a, b text.Token) bool {
	gap := s[a.End:b.Start]
	if len(gap) > 3 {
		return false
	}
	for _, c := range []byte(gap) {
		if c != ' ' && c != '-' {
			return false
		}
	}
	return true
}

func isNumber(t text.Token) bool {
	return t.Norm != "" && t.Norm[0] >= '0' && t.Norm[0] <= '9'
}

// isMonth reports whether t names a month. "May" counts only capitalised,
// since "may" is mostly the verb.
func isMonth(t text.Token) bool {
	if !months[t.Norm] {
		return false
	}
	return t.Norm != "may" || text.IsCapitalised(t)
}

// figures finds the figures of a text: a number and the noun it counts,
// normalised to "58 soldier" (digits without separators, noun without a
// plural s). Words between the number and the noun may be capitalised
// qualifiers ("58 Pakistani soldiers", "200 Taliban fighters"); a function
// word, punctuation, a date or a year end the search without a figure,
// because "2007 during" or "25 December" count nothing.
func figures(s string, toks []text.Token) []string {
	var out []string
	for i, t := range toks {
		if !isNumber(t) || strings.ContainsAny(t.Norm, ".") {
			continue
		}
		num := strings.ReplaceAll(t.Norm, ",", "")
		if !allDigits(num) || len(num) > 12 {
			continue
		}
		if i > 0 && isMonth(toks[i-1]) && joined(s, toks[i-1], t) {
			continue // "Dec 24", "October 2025"
		}
		if len(num) == 4 && (num[:2] == "19" || num[:2] == "20") && !strings.Contains(t.Norm, ",") {
			continue // a year
		}
		num = strings.TrimLeft(num, "0")
		if num == "" {
			num = "0"
		}
		prev := t
		for j := i + 1; j < len(toks) && j <= i+3; j++ {
			w := toks[j]
			if !joined(s, prev, w) || isNumber(w) || isMonth(w) {
				break
			}
			if text.IsCapitalised(w) && !functionWords[w.Norm] {
				prev = w
				continue
			}
			if functionWords[w.Norm] || len(w.Norm) < 3 {
				break
			}
			out = append(out, num+" "+singular(w.Norm))
			break
		}
	}
	return sortedSet(out)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// singular strips a plain English plural s, enough to match "posts" with
// "post" and "soldiers" with "soldier".
func singular(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}

// quoteMinWords is the shortest quotation kept: single quoted words
// ("unprovoked") are scare quotes as often as quotations.
const quoteMinWords = 2

// quoteMaxWords caps a kept quotation: a rewrite often keeps only the start
// of a long quotation.
const quoteMaxWords = 12

// quotes finds the text inside quotation marks, normalised to its folded
// words. Straight double quotes pair in order; curly and guillemet quotes by
// their direction; single curly quotes only when the opening one follows a
// space, so that apostrophes are not taken for quotes.
func quotes(s string, toks []text.Token) []string {
	var out []string
	emit := func(start, end int) {
		var ws []string
		for _, t := range toksIn(toks, start, end) {
			ws = append(ws, t.Norm)
			if len(ws) == quoteMaxWords {
				break
			}
		}
		if len(ws) >= quoteMinWords {
			out = append(out, strings.Join(ws, " "))
		}
	}
	open, openKind := -1, rune(0)
	var prev rune = ' '
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '"':
			if open >= 0 && openKind == '"' {
				emit(open, i)
				open = -1
			} else if open < 0 {
				open, openKind = i+size, '"'
			}
		case '“', '«':
			open, openKind = i+size, r
		case '”', '»':
			if open >= 0 && (openKind == '“' || openKind == '«' || openKind == '"') {
				emit(open, i)
			}
			open = -1
		case '‘':
			if open < 0 && (unicode.IsSpace(prev) || prev == '(' || prev == '—') {
				open, openKind = i+size, r
			}
		case '’':
			if open >= 0 && openKind == '‘' {
				next, _ := utf8.DecodeRuneInString(s[i+size:])
				if !unicode.IsLetter(next) {
					emit(open, i)
					open = -1
				}
			}
		case '\n':
			// A quotation rarely spans paragraphs; an unclosed one is dropped.
			if i+1 < len(s) && s[i+1] == '\n' {
				open = -1
			}
		}
		prev = r
		i += size
	}
	return sortedSet(out)
}

// toksIn returns the tokens lying inside [start, end).
func toksIn(toks []text.Token, start, end int) []text.Token {
	lo, _ := slices.BinarySearchFunc(toks, start, func(t text.Token, off int) int { return t.Start - off })
	hi := lo
	for hi < len(toks) && toks[hi].End <= end {
		hi++
	}
	return toks[lo:hi]
}

// names finds proper names: runs of capitalised words joined by spaces or
// hyphens, with lower-case particles inside ("Tehreek-e-Taliban",
// "Fitna al-Khawarij"). Function words at a name's start are dropped ("The
// TTP" is "ttp"); a lone capitalised word that opens a sentence is dropped
// unless it is an acronym, since it is capitalised for its position only.
func names(s string, toks []text.Token, sentStart map[int]bool) []string {
	// lower[w] is set when the sentence-opening word w also appears in
	// lower case in the text.
	lower := make(map[string]bool, len(sentStart))
	for _, t := range toks {
		if sentStart[t.Start] {
			lower[t.Norm] = false
		}
	}
	for _, t := range toks {
		if seen, ok := lower[t.Norm]; ok && !seen && !text.IsCapitalised(t) {
			lower[t.Norm] = true
		}
	}
	var out []string
	for i := 0; i < len(toks); {
		if !text.IsCapitalised(toks[i]) || isNumber(toks[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) && joined(s, toks[j-1], toks[j]) {
			w := toks[j]
			if text.IsCapitalised(w) && !isMonth(w) && !functionWords[w.Norm] {
				j++
				continue
			}
			// a particle inside a name: "e", "i", "al", "ul", "bin", "de"
			if particles[w.Norm] && !text.IsCapitalised(w) && j+1 < len(toks) &&
				joined(s, w, toks[j+1]) && text.IsCapitalised(toks[j+1]) {
				j += 2
				continue
			}
			break
		}
		first := i
		for first < j && functionWords[toks[first].Norm] {
			first++
		}
		// A sentence's first word is capitalised for its place; when the
		// text also uses it in lower case it is a common word ("Inside
		// Pakistan", "Former Pakistani envoy").
		if first < j-1 && sentStart[toks[first].Start] && lower[toks[first].Norm] {
			first++
		}
		if first < j {
			run := toks[first:j]
			lone := len(run) == 1
			acronym := lone && isAcronym(run[0])
			if !(lone && (isMonth(run[0]) || (sentStart[run[0].Start] && !acronym) || len(run[0].Norm) < 2)) {
				ws := make([]string, len(run))
				for k, t := range run {
					ws[k] = t.Norm
				}
				out = append(out, strings.Join(ws, " "))
			}
		}
		i = j
	}
	return sortedSet(out)
}

// isAcronym reports whether t is written in capitals ("TTP", "ISKP").
func isAcronym(t text.Token) bool {
	n := 0
	for _, r := range t.Cased {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2
}

// sentenceKeys hashes every sentence of at least sentenceMinWords words,
// normalised to its folded words, so that a sentence copied with other
// punctuation, case or spacing gives the same key.
func sentenceKeys(s string, toks []text.Token, spans [][2]int) []uint64 {
	var out []uint64
	for _, sp := range spans {
		ts := toksIn(toks, sp[0], sp[1])
		if len(ts) < sentenceMinWords {
			continue
		}
		h := uint64(fnvOffset)
		for _, t := range ts {
			for i := 0; i < len(t.Norm); i++ {
				h ^= uint64(t.Norm[i])
				h *= fnvPrime
			}
			h ^= ' '
			h *= fnvPrime
		}
		out = append(out, mix64(h))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// sentenceMinWords is the shortest sentence that counts as shared: short
// ones ("Time will tell.") recur in independent texts.
const sentenceMinWords = 8

func sortedSet(xs []string) []string {
	slices.Sort(xs)
	return slices.Compact(xs)
}
