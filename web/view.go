package web

import (
	"html/template"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

// Untrusted text. html/template escapes markup; clean also removes what
// escaping leaves: control characters and the bidirectional overrides and
// isolates that make text read other than it is stored.

// isBidi reports the invisible direction controls.
func isBidi(r rune) bool {
	return r == '\u061C' || r == '\u200E' || r == '\u200F' ||
		(r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// dropped reports the characters clean removes (white space is kept when
// keepLines).
func dropped(r rune) bool {
	return isBidi(r) || r == '\uFEFF' || r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\t')
}

// clean makes untrusted text one safe line: valid UTF-8, no control or
// direction characters, white space runs collapsed.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	var sb strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u2028' || r == '\u2029':
			space = sb.Len() > 0
			continue
		case dropped(r):
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// cleanKeepLines is clean for running text: line breaks stay.
func cleanKeepLines(s string) string {
	s = strings.ToValidUTF8(s, "")
	return strings.Map(func(r rune) rune {
		if r == '\r' {
			return -1
		}
		if r == '\u2028' || r == '\u2029' {
			return '\n'
		}
		if dropped(r) {
			return -1
		}
		return r
	}, s)
}

// safeURL keeps http and https addresses only, for links to sources.
func safeURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || dropped(r) }) {
		return ""
	}
	return s
}

// mark is one highlighted range of a text, in code points.
type mark struct {
	Start, End int
	Class      string // CSS class of the <mark>: actor, place, time, event, evidence
	Title      string // tooltip: the actor or place it was read as
}

// highlight renders text (code points indexed by marks) as escaped HTML
// with <mark> elements; overlapping marks are dropped after the first
// (marks are taken in start order, longest first). Line breaks become
// paragraph breaks when paras is set.
func highlight(txt string, marks []mark, paras bool) template.HTML {
	rs := []rune(txt)
	ms := make([]mark, 0, len(marks))
	for _, m := range marks {
		if m.Start >= 0 && m.End <= len(rs) && m.Start < m.End {
			ms = append(ms, m)
		}
	}
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].End > ms[j].End
	})
	var sb strings.Builder
	plain := func(s string) {
		s = cleanKeepLines(s)
		if !paras {
			sb.WriteString(template.HTMLEscapeString(strings.ReplaceAll(s, "\n", " ")))
			return
		}
		for i, part := range strings.Split(s, "\n") {
			if i > 0 {
				sb.WriteString("<br>")
			}
			sb.WriteString(template.HTMLEscapeString(part))
		}
	}
	pos := 0
	for _, m := range ms {
		if m.Start < pos {
			continue
		}
		plain(string(rs[pos:m.Start]))
		sb.WriteString(`<mark class="`)
		sb.WriteString(template.HTMLEscapeString(m.Class))
		sb.WriteString(`"`)
		if m.Title != "" {
			sb.WriteString(` title="`)
			sb.WriteString(template.HTMLEscapeString(clean(m.Title)))
			sb.WriteString(`"`)
		}
		sb.WriteString(`>`)
		plain(string(rs[m.Start:m.End]))
		sb.WriteString(`</mark>`)
		pos = m.End
	}
	plain(string(rs[pos:]))
	return template.HTML(sb.String())
}

// sentenceAround returns the sentences of txt covering the code-point
// range [start, end), and where that range lies inside them.
func sentenceAround(txt string, start, end int) (sent string, from, to int) {
	rs := []rune(txt)
	if start < 0 || end > len(rs) || start >= end {
		return "", 0, 0
	}
	// Byte offsets for the sentence splitter.
	bs, be := len(string(rs[:start])), len(string(rs[:end]))
	lo, hi := bs, be
	for _, sp := range text.Sentences(txt) {
		if sp.End > bs && sp.Start < be {
			lo, hi = min(lo, sp.Start), max(hi, sp.End)
		}
	}
	sent = txt[lo:hi]
	from = utf8.RuneCountInString(txt[lo:bs])
	to = from + (end - start)
	return sent, from, to
}

// Display helpers shared by the templates.

func strOr(p *string, none string) string {
	if p == nil || *p == "" {
		return none
	}
	return *p
}

func fatalities(p *int) string {
	if p == nil {
		return "unknown"
	}
	return strconv.Itoa(*p)
}

func actorName(a *sitrep.ActorRef) string {
	if a == nil {
		return ""
	}
	if a.Name != "" {
		return clean(a.Name)
	}
	return clean(a.ID)
}

func claimantName(a *sitrep.ActorRef) string {
	if a == nil {
		return "the reporter"
	}
	return actorName(a)
}

// precisionName says how precise an ACLED time precision is.
func precisionName(p *int) string {
	if p == nil {
		return ""
	}
	switch *p {
	case 1:
		return "day"
	case 2:
		return "week"
	case 3:
		return "month or year"
	}
	return ""
}

// placeLine is a picture event's place, finest first.
func placeLine(loc, admin2, admin1, country string) string {
	var parts []string
	seen := map[string]bool{}
	for _, p := range []string{loc, admin2, admin1, country} {
		p = clean(p)
		if p != "" && !seen[strings.ToLower(p)] {
			seen[strings.ToLower(p)] = true
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// figureText renders a ledger figure: "at least 23", "20 to 25".
func figureText(f sitrep.Figure) string {
	if f.Count == nil {
		return "a number not given"
	}
	n := strconv.Itoa(*f.Count)
	if f.CountMax != nil {
		n += " to " + strconv.Itoa(*f.CountMax)
	}
	switch q := clean(f.Qualifier); q {
	case "", "exact", "range":
		return n
	default:
		return strings.ReplaceAll(q, "_", " ") + " " + n
	}
}

// typeClass maps an ACLED event type to a CSS class (marker and badge
// colours).
func typeClass(t string) string {
	switch t {
	case "Battles":
		return "t-battles"
	case "Explosions/Remote violence":
		return "t-explosions"
	case "Violence against civilians":
		return "t-civilians"
	case "Protests":
		return "t-protests"
	case "Riots":
		return "t-riots"
	case "Strategic developments":
		return "t-strategic"
	}
	return "t-other"
}

// eventTypes are ACLED's event types, for filters and legends.
var eventTypes = []string{
	"Battles", "Explosions/Remote violence", "Violence against civilians",
	"Protests", "Riots", "Strategic developments",
}
