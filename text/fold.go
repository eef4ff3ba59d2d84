// Package text splits a document into sentences and tokens and folds case,
// diacritics and typographic variants, keeping every offset into the original.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Folded is a folded copy of a text with a map from its byte offsets back to
// the original's, so that a match found in the folded text can be reported
// exactly where it stands in the original.
type Folded struct {
	Text string
	orig []int32 // orig[i] is the original offset of folded byte i; one extra entry for the end
}

// Orig maps a byte offset of f.Text to a byte offset of the original text.
func (f Folded) Orig(i int) int {
	if i < 0 {
		return 0
	}
	if i >= len(f.orig) {
		if len(f.orig) == 0 {
			return 0
		}
		return int(f.orig[len(f.orig)-1])
	}
	return int(f.orig[i])
}

// Fold lowercases s, strips diacritics, maps curly quotes to ' and ", dashes
// to -, unusual spaces to ' ', drops zero-width characters, and joins a
// detached possessive ("Pakistan 's" → "pakistan's").
func Fold(s string) Folded {
	var b strings.Builder
	b.Grow(len(s))
	orig := make([]int32, 0, len(s)+1)
	var buf [utf8.UTFMax * 4]byte
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == ' ' && detachedPossessive(s, i) {
			i += size
			continue
		}
		out := foldRune(r, buf[:0], true)
		for range out {
			orig = append(orig, int32(i))
		}
		b.Write(out)
		i += size
	}
	orig = append(orig, int32(len(s)))
	return Folded{Text: b.String(), orig: orig}
}

// detachedPossessive reports whether the space at s[i] stands between a
// letter and "'s" that ends a word, as in the typo "Pakistan 's".
func detachedPossessive(s string, i int) bool {
	if i == 0 {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	if !unicode.IsLetter(prev) {
		return false
	}
	rest := s[i+1:]
	q, qs := utf8.DecodeRuneInString(rest)
	if !isApostrophe(q) || len(rest) <= qs || (rest[qs] != 's' && rest[qs] != 'S') {
		return false
	}
	after := rest[qs+1:]
	if after == "" {
		return true
	}
	n, _ := utf8.DecodeRuneInString(after)
	return !unicode.IsLetter(n) && !unicode.IsDigit(n)
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', '`', '´', '′':
		return true
	}
	return false
}

// foldRune appends the folded form of r to dst. With lower set the result is
// lowercased. Characters without a visible form fold to nothing.
func foldRune(r rune, dst []byte, lower bool) []byte {
	if r < utf8.RuneSelf {
		if lower && 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	}
	switch {
	case isApostrophe(r):
		return append(dst, '\'')
	case r == '“' || r == '”' || r == '„' || r == '″' || r == '«' || r == '»':
		return append(dst, '"')
	case r == '‐' || r == '‑' || r == '‒' || r == '–' || r == '—' || r == '―' || r == '−':
		return append(dst, '-')
	case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad' ||
		(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'):
		return dst
	case unicode.IsSpace(r):
		return append(dst, ' ')
	}
	if lower {
		r = unicode.ToLower(r)
	}
	var tmp [utf8.UTFMax]byte
	n := utf8.EncodeRune(tmp[:], r)
	start := len(dst)
	for _, c := range norm.NFKD.String(string(tmp[:n])) {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if lower {
			c = unicode.ToLower(c)
		}
		dst = utf8.AppendRune(dst, c)
	}
	if len(dst) == start && !unicode.Is(unicode.Mn, r) {
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// Key folds a name to the form used as a dictionary key: the folded tokens
// joined by single spaces ("Khōst" → "khost", "Tehreek-e-Taliban" →
// "tehreek e taliban").
func Key(s string) string {
	toks := Tokenize(s)
	switch len(toks) {
	case 0:
		return ""
	case 1:
		return toks[0].Norm
	}
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Norm)
	}
	return b.String()
}
