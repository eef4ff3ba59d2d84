package text

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
)

//go:embed data/abbreviations.txt
var abbreviationData string

// abbreviations holds folded words that take a full stop inside a sentence.
var abbreviations = loadWordList(abbreviationData)

func loadWordList(data string) map[string]bool {
	m := make(map[string]bool)
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m[line] = true
	}
	return m
}

// bullets start a new sentence at the beginning of a line and are not part of it.
const bullets = "•◦▪‣·*-–—>"

// Sentences splits s into sentences. A sentence ends at ., ! or ? (with any
// closing quotes and brackets) followed by a space and a capital, digit or
// opening quote, unless the word before the stop is an abbreviation or an
// initial; at a blank line; and at a line break after a line that cannot
// continue (a heading without a full stop, a bullet item). Spans exclude
// surrounding white space and bullet marks.
func Sentences(s string) []sitrep.Span {
	var out []sitrep.Span
	start := -1
	emit := func(end int) {
		if start < 0 {
			return
		}
		for end > start {
			r, size := utf8.DecodeLastRuneInString(s[start:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= size
		}
		if end > start {
			out = append(out, sitrep.Span{Start: start, End: end})
		}
		start = -1
	}
	lineStart := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\n' {
			if start >= 0 && lineBreakEnds(s, start, i) {
				emit(i)
			}
			i += size
			lineStart = true
			continue
		}
		if start < 0 {
			if unicode.IsSpace(r) || r == '\u00a0' || (lineStart && strings.ContainsRune(bullets, r) && bulletFollows(s, i+size)) {
				i += size
				continue
			}
			start = i
		}
		lineStart = lineStart && unicode.IsSpace(r)
		i += size
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := skipClosers(s, i)
		if !startsSentence(s, end) {
			continue
		}
		if r == '.' && isAbbreviation(s, start, i-size) {
			continue
		}
		emit(end)
		i = end
	}
	emit(len(s))
	return out
}

// bulletFollows reports whether a bullet mark at a line start is followed by
// a space, which tells "• item" from "-5 degrees" or "*emphasis*".
func bulletFollows(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r == ' ' || r == '\t' || r == '\u00a0'
}

func skipClosers(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune(`"'”’»)]`, r) {
			break
		}
		i += size
	}
	return i
}

// startsSentence reports whether the text after a stop at i begins a new
// sentence: white space, then a capital, digit, opening quote or bullet.
func startsSentence(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if !unicode.IsSpace(r) {
		return false
	}
	for i += size; i < len(s); i += size {
		r, size = utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
	}
	if i >= len(s) {
		return true
	}
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'“‘(«`+bullets, r)
}

// isAbbreviation reports whether the full stop at dot ends an abbreviation or
// an initial rather than the sentence.
func isAbbreviation(s string, start, dot int) bool {
	w := dot
	for w > start {
		r, size := utf8.DecodeLastRuneInString(s[start:w])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		w -= size
	}
	word := s[w:dot]
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r) // an initial: "S. Jaishankar"
	}
	return abbreviations[Key(word)] || abbreviations[strings.ToLower(word)]
}

// lineBreakEnds decides whether a single line break ends the sentence begun
// at start: after a blank line, a bullet item or a heading-like line (no
// closing punctuation) followed by a capitalised line.
func lineBreakEnds(s string, start, nl int) bool {
	next := nl + 1
	for next < len(s) && (s[next] == ' ' || s[next] == '\t' || s[next] == '\r') {
		next++
	}
	if next >= len(s) || s[next] == '\n' {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[next:])
	if strings.ContainsRune(bullets, r) && bulletFollows(s, next+utf8.RuneLen(r)) {
		return true
	}
	// A wrapped line continues when the next line starts in lower case.
	return !unicode.IsLower(r)
}
