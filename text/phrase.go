package text

import (
	"unicode"
	"unicode/utf8"
)

// PhraseSet finds dictionary phrases (names, aliases, trigger words) in a
// token stream: a trie over folded tokens, matched leftmost-longest.
type PhraseSet struct {
	edges map[edge]int32
	nodes []phraseNode
}

type edge struct {
	node int32
	tok  string
}

type phraseNode struct {
	entries []phraseEntry
}

type phraseEntry struct {
	id    int32
	cased []string // non-nil: the tokens must match with case kept
}

// PhraseMatch is a phrase found at tokens [First, Last) with the ids added
// for it (all of them: a phrase may name several things).
type PhraseMatch struct {
	First, Last int
	IDs         []int32
}

// NewPhraseSet returns an empty set.
func NewPhraseSet() *PhraseSet {
	return &PhraseSet{edges: make(map[edge]int32), nodes: make([]phraseNode, 1)}
}

// Add adds phrase under id. With caseSensitive, the text must match the
// phrase's capitalisation ("US" but not "us", "IS" but not "is"); diacritics
// are folded either way. A phrase with no tokens is ignored.
func (p *PhraseSet) Add(phrase string, id int32, caseSensitive bool) {
	toks := Tokenize(phrase)
	if len(toks) == 0 {
		return
	}
	n := int32(0)
	for _, t := range toks {
		k := edge{n, t.Norm}
		next, ok := p.edges[k]
		if !ok {
			next = int32(len(p.nodes))
			p.nodes = append(p.nodes, phraseNode{})
			p.edges[k] = next
		}
		n = next
	}
	e := phraseEntry{id: id}
	if caseSensitive {
		e.cased = make([]string, len(toks))
		for i, t := range toks {
			e.cased[i] = t.Cased
		}
	}
	for _, old := range p.nodes[n].entries {
		if old.id == id && equalStrings(old.cased, e.cased) {
			return
		}
	}
	p.nodes[n].entries = append(p.nodes[n].entries, e)
}

// Len is the number of distinct phrases in the set.
func (p *PhraseSet) Len() int {
	n := 0
	for _, node := range p.nodes {
		if len(node.entries) > 0 {
			n++
		}
	}
	return n
}

// Match returns the phrases found in toks, leftmost-longest and not overlapping.
func (p *PhraseSet) Match(toks []Token) []PhraseMatch {
	var out []PhraseMatch
	for i := 0; i < len(toks); {
		m, ok := p.longestAt(toks, i)
		if !ok {
			i++
			continue
		}
		out = append(out, m)
		i = m.Last
	}
	return out
}

// MatchAll returns every phrase that starts at each token, longest first
// per start, overlapping ones included: callers that weigh alternatives use it.
func (p *PhraseSet) MatchAll(toks []Token) []PhraseMatch {
	var out []PhraseMatch
	for i := range toks {
		n := int32(0)
		var found []PhraseMatch
		for j := i; j < len(toks); j++ {
			next, ok := p.edges[edge{n, toks[j].Norm}]
			if !ok {
				break
			}
			n = next
			if ids := p.nodes[n].accept(toks[i : j+1]); len(ids) > 0 {
				found = append(found, PhraseMatch{First: i, Last: j + 1, IDs: ids})
			}
		}
		for k := len(found) - 1; k >= 0; k-- {
			out = append(out, found[k])
		}
	}
	return out
}

func (p *PhraseSet) longestAt(toks []Token, i int) (PhraseMatch, bool) {
	n := int32(0)
	var best PhraseMatch
	found := false
	for j := i; j < len(toks); j++ {
		next, ok := p.edges[edge{n, toks[j].Norm}]
		if !ok {
			break
		}
		n = next
		if ids := p.nodes[n].accept(toks[i : j+1]); len(ids) > 0 {
			best = PhraseMatch{First: i, Last: j + 1, IDs: ids}
			found = true
		}
	}
	return best, found
}

// accept returns the ids of entries that the tokens satisfy.
func (n *phraseNode) accept(toks []Token) []int32 {
	var ids []int32
	for _, e := range n.entries {
		if e.cased != nil && !casedEqual(e.cased, toks) {
			continue
		}
		ids = append(ids, e.id)
	}
	return ids
}

func casedEqual(want []string, toks []Token) bool {
	for i, t := range toks {
		if t.Cased != want[i] {
			return false
		}
	}
	return true
}

func equalStrings(a, b []string) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// IsCapitalised reports whether a token starts with an upper-case letter,
// which names, unlike common words, usually do.
func IsCapitalised(t Token) bool {
	r, _ := utf8.DecodeRuneInString(t.Cased)
	return unicode.IsUpper(r)
}
