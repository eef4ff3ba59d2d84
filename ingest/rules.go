package ingest

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
)

//go:embed data/boilerplate.txt
var boilerplateData string

// lineKind classifies a line for boilerplate cutting.
type lineKind int

const (
	lineContent lineKind = iota
	lineAuthor           // "By Jane Doe"
	lineNote             // "The writer is …"
	lineCredit           // "Editing by …"
)

// prefixRule is a phrase that a line starts with.
type prefixRule struct {
	phrase string
	kind   lineKind
}

type ruleSet struct {
	tail     map[string]bool
	head     map[string]bool
	tailPref []string
	bylines  []prefixRule // longest phrase first, so "written by" wins over "by"
}

var rules = mustParseRules(boilerplateData)

func mustParseRules(data string) *ruleSet {
	rs, err := parseRules(data)
	if err != nil {
		panic("ingest: embedded data/boilerplate.txt: " + err.Error())
	}
	return rs
}

func parseRules(data string) (*ruleSet, error) {
	rs := &ruleSet{tail: map[string]bool{}, head: map[string]bool{}}
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, phrase, ok := strings.Cut(line, " ")
		phrase = strings.ToLower(strings.TrimSpace(phrase))
		if !ok || phrase == "" {
			return nil, fmt.Errorf("line %d: want \"<kind> <phrase>\"", n+1)
		}
		// Phrases are normalised like the lines they are compared with,
		// except that prefixes keep their inner punctuation.
		switch k {
		case "tail=":
			rs.tail[normLine(phrase)] = true
		case "head=":
			rs.head[normLine(phrase)] = true
		case "tail^":
			rs.tailPref = append(rs.tailPref, phrase)
		case "author^":
			rs.bylines = append(rs.bylines, prefixRule{phrase, lineAuthor})
		case "note^":
			rs.bylines = append(rs.bylines, prefixRule{phrase, lineNote})
		case "credit^":
			rs.bylines = append(rs.bylines, prefixRule{phrase, lineCredit})
		default:
			return nil, fmt.Errorf("line %d: unknown kind %q", n+1, k)
		}
	}
	sort.SliceStable(rs.bylines, func(i, j int) bool { return len(rs.bylines[i].phrase) > len(rs.bylines[j].phrase) })
	return rs, nil
}

// isTail reports whether a normalised line is trailing page furniture.
func (rs *ruleSet) isTail(norm string) bool {
	if rs.tail[norm] {
		return true
	}
	for _, p := range rs.tailPref {
		if hasWordPrefix(norm, p) {
			return true
		}
	}
	return false
}

// byline classifies a line as a byline, note or credit, and returns the
// original text after the phrase (names keep their case there).
func (rs *ruleSet) byline(norm, line string) (lineKind, string) {
	for _, b := range rs.bylines {
		if !hasWordPrefix(norm, b.phrase) {
			continue
		}
		orig := strings.TrimLeft(strings.TrimSpace(line), "#*_>|([ \t")
		if len(orig) < len(b.phrase) || !strings.EqualFold(orig[:len(b.phrase)], b.phrase) {
			return lineContent, ""
		}
		return b.kind, orig[len(b.phrase):]
	}
	return lineContent, ""
}

// hasWordPrefix is strings.HasPrefix that also wants a word boundary after the
// prefix, so "by" does not match "bypass".
func hasWordPrefix(s, p string) bool {
	if !strings.HasPrefix(s, p) {
		return false
	}
	if len(s) == len(p) {
		return true
	}
	last := p[len(p)-1]
	if !isWordByte(last) {
		return true
	}
	return !isWordByte(s[len(p)])
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
