// Package dedup tells copies and rewrites of one report from independent reports, so that
// a rewrite family counts as one source: MinHash/LSH finds candidates, shared evidence decides.
package dedup

import (
	"math/bits"
	"slices"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

// Shape of the signature. They are part of the stored format: a store that
// keeps band rows must recompute them all when one of these changes.
const (
	K         = 5   // words per shingle
	NumHashes = 128 // MinHash values per signature
	NumBands  = 32  // LSH bands
	Rows      = NumHashes / NumBands
)

// Signature is everything dedup keeps of a document: enough to find
// candidate pairs (MinHash bands, evidence keys) and to decide them (Compare)
// without the text. It serialises with MarshalBinary or encoding/json. The
// lists are sorted and without repeats; Compare relies on it.
type Signature struct {
	MinHash [NumHashes]uint64 `json:"minhash"` // minimum of each hash function over the shingle set
	SimHash uint64            `json:"simhash"` // 64-bit SimHash of the shingle set
	// Shingles is the number of distinct shingles, used to turn the Jaccard
	// estimate into a containment (a condensed copy inside a longer text).
	Shingles int `json:"shingles"`
	// Sentences holds the sorted hashes of the normalised sentences of at
	// least sentenceMinWords words.
	Sentences []uint64 `json:"sentences,omitempty"`
	// Figures are numbers with the noun they count, normalised: "58 soldier".
	Figures []string `json:"figures,omitempty"`
	// Quotes are quotations of at least two words, normalised to folded words.
	Quotes []string `json:"quotes,omitempty"`
	// Names are proper names, normalised to folded words: "abdul basit".
	Names []string `json:"names,omitempty"`
}

// Sign computes the signature of a document's text. It is deterministic
// across processes and machines.
func Sign(doc sitrep.Document) Signature {
	return SignTokens(doc, text.Tokenize(doc.Text))
}

// SignTokens is Sign for a caller that has tokenised the text already:
// toks must be text.Tokenize(doc.Text). Tokens that cannot come from the
// text (out of range, out of order) are ignored and the text tokenised anew.
func SignTokens(doc sitrep.Document, toks []text.Token) Signature {
	s := doc.Text
	if !validTokens(s, toks) {
		toks = text.Tokenize(s)
	}
	toks = prose(s, toks)
	var sig Signature

	sh := shingles(toks)
	sig.Shingles = len(sh)
	sig.MinHash = minHash(sh)
	sig.SimHash = simHash(sh)

	spans := sentenceSpans(s, toks)
	sentStart := make(map[int]bool, len(spans))
	var headings [][2]int
	for _, sp := range spans {
		ts := toksIn(toks, sp[0], sp[1])
		if len(ts) == 0 {
			continue
		}
		sentStart[ts[0].Start] = true
		if isHeading(ts) {
			headings = append(headings, sp)
		}
	}
	sig.Sentences = sentenceKeys(s, toks, spans)
	sig.Figures = figures(s, toks)
	sig.Quotes = quotes(s, toks)
	sig.Names = names(s, dropRanges(toks, headings), sentStart)
	return sig
}

func validTokens(s string, toks []text.Token) bool {
	end := 0
	for _, t := range toks {
		if t.Start < end || t.End <= t.Start || t.End > len(s) {
			return false
		}
		end = t.End
	}
	return true
}

// sentenceSpans splits s into sentences as byte ranges.
func sentenceSpans(s string, toks []text.Token) [][2]int {
	if len(toks) == 0 {
		return nil
	}
	var out [][2]int
	for _, sp := range text.Sentences(s) {
		out = append(out, [2]int{sp.Start, sp.End})
	}
	return out
}

// isHeading reports whether a sentence is a title-case heading ("Rising
// Tensions Between Pakistan and the Afghan Taliban"), whose capitals say
// nothing about names.
func isHeading(ts []text.Token) bool {
	if len(ts) < 3 {
		return false
	}
	caps := 0
	for _, t := range ts {
		if text.IsCapitalised(t) {
			caps++
		}
	}
	return caps*10 >= len(ts)*6
}

// dropRanges removes the tokens inside the given sorted ranges.
func dropRanges(toks []text.Token, rs [][2]int) []text.Token {
	if len(rs) == 0 {
		return toks
	}
	out := make([]text.Token, 0, len(toks))
	r := 0
	for _, t := range toks {
		for r < len(rs) && rs[r][1] <= t.Start {
			r++
		}
		if r < len(rs) && rs[r][0] <= t.Start {
			continue
		}
		out = append(out, t)
	}
	return out
}

// shingles returns the sorted distinct hashes of the K-word shingles of
// toks. A text shorter than K words is one shingle.
func shingles(toks []text.Token) []uint64 {
	if len(toks) == 0 {
		return nil
	}
	th := make([]uint64, len(toks))
	for i, t := range toks {
		th[i] = fnv64(t.Norm)
	}
	n := len(toks) - K + 1
	if n < 1 {
		n = 1
	}
	out := make([]uint64, 0, n)
	for i := 0; i < n; i++ {
		h := uint64(fnvOffset)
		for j := i; j < i+K && j < len(th); j++ {
			h = (h ^ th[j]) * fnvPrime
		}
		out = append(out, mix64(h))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// minHash computes the NumHashes minima. An empty set gives all ones, which
// no real set produces in every slot, so two empty texts match each other
// only.
func minHash(sh []uint64) [NumHashes]uint64 {
	var m [NumHashes]uint64
	for i := range m {
		m[i] = ^uint64(0)
	}
	for _, x := range sh {
		for i := range m {
			if v := minA[i]*x + minB[i]; v < m[i] {
				m[i] = v
			}
		}
	}
	return m
}

// simHash computes Charikar's SimHash with each shingle weighing one.
func simHash(sh []uint64) uint64 {
	if len(sh) == 0 {
		return 0
	}
	// Bit counts are kept eight to a word (one byte each, flushed before
	// they can overflow): spreading a byte of the hash into eight byte lanes
	// with a table costs 8 additions per shingle instead of 64.
	var count [64]int32
	var lanes [8]uint64
	flush := func() {
		for j, l := range lanes {
			for k := 0; k < 8; k++ {
				count[8*j+k] += int32(l >> (8 * k) & 0xff)
			}
			lanes[j] = 0
		}
	}
	for i, x := range sh {
		for j := range lanes {
			lanes[j] += spread[x>>(8*j)&0xff]
		}
		if i%255 == 254 {
			flush()
		}
	}
	flush()
	var h uint64
	for b, c := range count {
		if 2*int(c) > len(sh) {
			h |= 1 << b
		}
	}
	return h
}

// spread[b] has byte k set to bit k of b.
var spread = func() (t [256]uint64) {
	for b := range t {
		for k := 0; k < 8; k++ {
			t[b] |= uint64(b>>k&1) << (8 * k)
		}
	}
	return t
}()

// Bands returns the NumBands LSH band keys: band b hashes MinHash values
// [b*Rows, (b+1)*Rows) together with b, so that equal keys mean equal bands
// at the same position. Two signatures with Jaccard J share at least one key
// with probability 1-(1-J^Rows)^NumBands: 0.5 at J≈0.39, 0.96 at J=0.6.
func (s Signature) Bands() []uint64 {
	out := make([]uint64, NumBands)
	for b := range out {
		h := uint64(fnvOffset) ^ uint64(b+1)<<48
		for _, v := range s.MinHash[b*Rows : (b+1)*Rows] {
			h = (h ^ v) * fnvPrime
			h = mix64(h)
		}
		out[b] = h
	}
	return out
}

// Hamming is the number of differing bits of two SimHashes.
func Hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }
