package timex

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	kWord  = 'w' // letters
	kDigit = 'd' // plain digits
	kNum   = 'n' // digits with separators or decimals ("2,400", "1.5")
	kPunct = 'p'
)

type token struct {
	s, e  int    // byte offsets
	norm  string // lowercase word, digits, or normalised punctuation
	kind  byte
	upper bool // first letter is upper case
	num   int  // value of a kDigit token of at most 9 digits, else -1
	para  int  // paragraph number (paragraphs are separated by newlines)
	sent  int  // sentence number
}

// tokenize splits text into words, digit runs and single punctuation marks.
// Dashes and quotes are normalised so the rules see "-" and "'" only.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/5+1)
	para := 0
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				para++
				i++
			case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
				i++
			case isASCIIDigit(c):
				j := i + 1
				sep := false
				for j < len(text) {
					if isASCIIDigit(text[j]) {
						j++
						continue
					}
					if (text[j] == ',' || text[j] == '.') && j+1 < len(text) && isASCIIDigit(text[j+1]) && j > i {
						// "2,400" and "1.5" stay one token; "10.16.2025" too, which is fine.
						sep = true
						j++
						continue
					}
					break
				}
				t := token{s: i, e: j, norm: text[i:j], kind: kDigit, num: -1, para: para}
				if sep {
					t.kind = kNum
				} else if j-i <= 9 {
					n := 0
					for k := i; k < j; k++ {
						n = n*10 + int(text[k]-'0')
					}
					t.num = n
				}
				toks = append(toks, t)
				i = j
			case isASCIILetter(c):
				j := i
				allLower := true
				for j < len(text) {
					r, size := utf8.DecodeRuneInString(text[j:])
					if r < utf8.RuneSelf && !isASCIILetter(byte(r)) {
						break
					}
					if r >= utf8.RuneSelf && !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
						break
					}
					if r >= 'A' && r <= 'Z' || r >= utf8.RuneSelf {
						allLower = false
					}
					j += size
				}
				w := text[i:j]
				if !allLower {
					w = strings.ToLower(w)
				}
				toks = append(toks, token{s: i, e: j, norm: w, kind: kWord, upper: c >= 'A' && c <= 'Z', num: -1, para: para})
				i = j
			default:
				toks = append(toks, token{s: i, e: i + 1, norm: text[i : i+1], kind: kPunct, num: -1, para: para})
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			// An invalid byte is a barrier: no expression reads across it.
			toks = append(toks, token{s: i, e: i + 1, norm: "\ufffd", kind: kPunct, num: -1, para: para})
			i++
		case r == '\u2028' || r == '\u2029' || r == '\u0085':
			para++
			i += size
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r):
			j := i
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if r2 == utf8.RuneError && s2 <= 1 {
					break
				}
				if !(unicode.IsLetter(r2) || unicode.Is(unicode.Mn, r2) || r2 < utf8.RuneSelf && isASCIILetter(byte(r2))) {
					break
				}
				j += s2
			}
			toks = append(toks, token{s: i, e: j, norm: strings.ToLower(text[i:j]), kind: kWord, upper: unicode.IsUpper(r), num: -1, para: para})
			i = j
		default:
			norm := text[i : i+size]
			switch r {
			case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
				norm = "-"
			case '\u2018', '\u2019', '\u02bc', '\u2032':
				norm = "'"
			}
			toks = append(toks, token{s: i, e: i + size, norm: norm, kind: kPunct, num: -1, para: para})
			i += size
		}
	}
	return toks
}

func isASCIIDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
