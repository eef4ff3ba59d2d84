package ingest

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// sniffLen is how much of the start of an input is checked for binary data.
const sniffLen = 8 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// checkText refuses data that is not UTF-8 text. The share of control
// characters is measured on the first sniffLen bytes only: that is enough to
// tell an image or archive from text, and keeps the check O(1) per document.
func checkText(data []byte, name string, line int) *Error {
	head := data
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		return refuse(name, line, ErrEncoding, "UTF-16 text; convert it to UTF-8")
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return refuse(name, line, ErrBinary, "NUL byte at offset %d", i)
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' || c == 0x7F {
			ctrl++
		}
	}
	if len(head) > 0 && ctrl*10 > len(head) {
		return refuse(name, line, ErrBinary, "%d control characters in the first %d bytes", ctrl, len(head))
	}
	if !utf8.Valid(data) {
		off := invalidAt(data)
		ln := 1 + bytes.Count(data[:off], []byte{'\n'})
		return refuse(name, line, ErrEncoding, "invalid UTF-8 at byte %d (line %d)", off, ln)
	}
	return nil
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// fromPlain builds a Document from a text or Markdown file. The text is kept
// byte for byte (CRLF and all) except a leading BOM and whole boilerplate lines
// cut at either end, so downstream offsets stay simple.
func fromPlain(data []byte, name string, markdown bool) (sitrep.Document, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if err := checkText(data, name, 0); err != nil {
		return sitrep.Document{}, err
	}
	s := string(data)
	doc := sitrep.Document{ID: name, PublishedSource: sitrep.PublishedNone}
	if markdown {
		doc.Title = markdownTitle(s)
	}
	doc.Text, doc.Author = trimBoilerplate(s)
	if strings.TrimSpace(doc.Text) == "" {
		return sitrep.Document{}, refuse(name, 0, ErrEmpty, "the file holds no text besides boilerplate or blanks")
	}
	return doc, nil
}

// markdownTitle is the first level-one heading ("# Title" or a setext
// "Title\n===") outside fenced code blocks.
func markdownTitle(s string) string {
	fence := ""
	prev := ""
	for len(s) > 0 {
		var line string
		line, s, _ = strings.Cut(s, "\n")
		line = strings.TrimRight(line, "\r")
		t := strings.TrimLeft(line, " ")
		if len(line)-len(t) > 3 {
			prev = ""
			continue // indented code
		}
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			prev = ""
			continue
		}
		if t == "#" || strings.HasPrefix(t, "# ") || strings.HasPrefix(t, "#\t") {
			h := strings.TrimSpace(t[1:])
			h = strings.TrimSpace(strings.TrimRight(h, "#"))
			if h != "" {
				return h
			}
			continue
		}
		if prev != "" && len(t) > 0 && strings.Trim(t, "= ") == "" && strings.Contains(t, "=") {
			return prev
		}
		prev = strings.TrimSpace(line)
	}
	return ""
}

// trimBoilerplate cuts boilerplate lines at the start and end of s and returns
// the kept substring and the author named by a byline.
func trimBoilerplate(s string) (kept, author string) {
	start, end := 0, len(s)

	// Start: furniture lines, then bylines while they are the first real lines.
	for pos := 0; pos < end; {
		line, next := lineAt(s, pos, end)
		norm := normLine(line)
		if norm == "" {
			pos = next
			continue
		}
		if rules.head[norm] {
			pos, start = next, next
			continue
		}
		k, rest := rules.byline(norm, line)
		name := bylineName(rest, k)
		if k == lineAuthor && name != "" || k == lineCredit {
			if author == "" {
				author = name
			}
			pos, start = next, next
			continue
		}
		break
	}
	// Blank lines after a cut line go with it.
	for start < end {
		line, next := lineAt(s, start, end)
		if strings.TrimSpace(line) != "" {
			break
		}
		if next == end {
			break
		}
		start = next
	}
	if start > 0 && strings.TrimSpace(s[:start]) == "" {
		start = 0 // nothing but blanks before: leave the text untouched
	}

	// End: scan lines backwards while they are blank, furniture or bylines.
	cut := end
	for pos := end; pos > start; {
		ls := strings.LastIndexByte(s[start:pos], '\n')
		lineStart := start
		if ls >= 0 {
			lineStart = start + ls + 1
		}
		line := s[lineStart:pos]
		if !tailLine(line, &author) {
			break
		}
		if strings.TrimSpace(line) != "" {
			cut = lineStart
		}
		if ls < 0 {
			break
		}
		pos = start + ls
	}
	if cut < end {
		// Blank lines before the cut go too, and so does the line end of the
		// last kept line.
		end = start + len(strings.TrimRight(s[start:cut], " \t\r\n"))
	}

	// A byline just under a headline is left in the text (cutting it would
	// split the text) but still names the author.
	if author == "" {
		author = earlyByline(s[start:end])
	}
	return s[start:end], author
}

// tailLine reports whether a line at the end of a text may be cut, and records
// the author a byline or note names.
func tailLine(line string, author *string) bool {
	norm := normLine(line)
	if norm == "" || rules.isTail(norm) {
		return true
	}
	if len(line) > 400 {
		return false
	}
	k, rest := rules.byline(norm, line)
	name := bylineName(rest, k)
	switch {
	case k == lineContent:
		return false
	case k == lineAuthor && name == "":
		return false // "By Sunday, the troops had left."
	}
	if name != "" && *author == "" {
		*author = name
	}
	return true
}

// earlyByline finds a "By Jane Doe" line among the first few lines.
func earlyByline(s string) string {
	for i, pos := 0, 0; i < 5 && pos < len(s); i++ {
		line, next := lineAt(s, pos, len(s))
		pos = next
		norm := normLine(line)
		if k, rest := rules.byline(norm, line); k == lineAuthor {
			if name := bylineName(rest, k); name != "" {
				return name
			}
		}
	}
	return ""
}

// lineAt returns the line starting at i (without its '\n') and the index after it.
func lineAt(s string, i, end int) (line string, next int) {
	j := strings.IndexByte(s[i:end], '\n')
	if j < 0 {
		return s[i:end], end
	}
	return s[i : i+j], i + j + 1
}

// normLine lowercases a line and strips Markdown marks and closing punctuation
// so that "**Share this:**" and "Share this" compare equal.
func normLine(line string) string {
	t := strings.TrimSpace(line)
	t = strings.Trim(t, "#*_>|([ \t")
	t = strings.TrimRight(t, ":.*)] \t")
	t = strings.Trim(t, "#*_>|([ \t")
	if t == "" {
		return ""
	}
	return strings.ToLower(t)
}

// bylineName extracts "Jane Doe" or "Jane Doe, John Roe" from what follows a
// byline prefix. It returns "" when the rest does not look like names, which
// is what keeps "By Sunday, troops had left." in the text.
func bylineName(rest string, k lineKind) string {
	if k != lineAuthor && k != lineNote {
		return ""
	}
	rest = strings.TrimSpace(rest)
	rest = strings.Trim(rest, "*_ ")
	// The name ends at the first separator that a byline puts after it.
	stop := len(rest)
	for _, sep := range []string{",", ";", "|", "(", " – ", " — ", " - ", " in ", " for ", " at "} {
		if i := strings.Index(rest, sep); i >= 0 && i < stop {
			stop = i
		}
	}
	whole := stop == len(rest)
	head := strings.TrimRight(strings.TrimSpace(rest[:stop]), ".)]*_ ")
	var names []string
	for _, part := range strings.Split(head, " and ") {
		part = strings.TrimSpace(part)
		words := strings.Fields(part)
		if len(words) == 0 || len(words) > 5 {
			return ""
		}
		for _, w := range words {
			if !nameWord(w) {
				return ""
			}
		}
		names = append(names, part)
	}
	// A one-word "name" is only trusted when it is the whole line ("By
	// Reuters"); "By Sunday, troops…" is a sentence.
	if len(names) == 1 && !strings.Contains(names[0], " ") && !whole {
		return ""
	}
	return strings.Join(names, ", ")
}

// nameWord accepts capitalised words and the lowercase particles of names.
func nameWord(w string) bool {
	switch strings.ToLower(w) {
	case "a", "an", "the", "our", "his", "her", "their", "staff":
		return false
	case "al", "bin", "ibn", "de", "da", "del", "van", "von", "ul", "el", "la", "le":
		return true
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}
