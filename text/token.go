package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word or number of a text.
type Token struct {
	Start, End int    // byte offsets into the text
	Norm       string // folded: lowercase, no diacritics, no inner dots ("U.S." → "us")
	Cased      string // folded like Norm but with case kept ("U.S." → "US")
}

// Tokenize splits s into words and numbers. Words are runs of letters and
// digits; hyphens and apostrophes separate words ("Tehreek-e-Taliban" gives
// three tokens, "Pakistan’s" gives "pakistan" and "s"). Dotted initialisms
// ("U.S.", "e.g.") and numbers with separators ("2,400", "3.5") stay whole.
func Tokenize(s string) []Token {
	toks := make([]Token, 0, len(s)/6+1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		end := scanWord(s, i)
		if e := scanInitialism(s, start); e > end {
			end = e
		} else if unicode.IsDigit(r) {
			end = scanNumber(s, start)
		}
		toks = append(toks, makeToken(s, start, end))
		i = end
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func scanWord(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			break
		}
		i += size
	}
	return i
}

// scanInitialism returns the end of a dotted initialism starting at i
// ("U.S.", "U.S.A.", "e.g."), or i when there is none.
func scanInitialism(s string, i int) int {
	end, letters := i, 0
	for {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !unicode.IsLetter(r) || end+size >= len(s) || s[end+size] != '.' {
			break
		}
		if next, _ := utf8.DecodeRuneInString(s[end+size+1:]); unicode.IsLetter(next) && letters == 0 {
			// "U.S": only a single letter may follow the first dot.
			if e := end + size + 1 + utf8.RuneLen(next); e < len(s) && isWordRune(rune(s[e])) {
				break
			}
		}
		end += size + 1
		letters++
	}
	if letters < 2 {
		return i
	}
	return end
}

// scanNumber returns the end of a number at i, with thousands separators and
// a decimal point kept inside.
func scanNumber(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c >= '0' && c <= '9' {
			i++
			continue
		}
		if (c == ',' || c == '.') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsDigit(r) {
			break
		}
		i += size
	}
	// letters glued to a number ("48-hour" is split by the hyphen; "3rd" stays whole)
	return scanWord(s, i)
}

func makeToken(s string, start, end int) Token {
	raw := s[start:end]
	t := Token{Start: start, End: end}
	ascii, upper, dots := true, false, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c >= utf8.RuneSelf:
			ascii = false
		case 'A' <= c && c <= 'Z':
			upper = true
		case c == '.':
			dots = true
		}
	}
	if ascii && !dots || ascii && unicode.IsDigit(rune(raw[0])) {
		t.Cased = raw
		if upper {
			t.Norm = strings.ToLower(raw)
		} else {
			t.Norm = raw
		}
		return t
	}
	cased := make([]byte, 0, len(raw))
	for _, r := range raw {
		if r != '.' {
			cased = foldRune(r, cased, false)
		}
	}
	t.Cased = string(cased)
	t.Norm = strings.ToLower(t.Cased)
	return t
}
