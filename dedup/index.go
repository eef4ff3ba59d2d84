package dedup

import (
	"slices"
	"strings"
)

// Evidence key kinds, folded into the key's top byte.
const (
	keyFigure = 'f'
	keyQuote  = 'q'
	keyName   = 'n'
)

// EvidenceKeys returns the keys of the second candidate path: figures,
// quotations and names of two words or more, hashed. Paraphrasing rewrites
// share few shingles, so LSH bands miss them; they keep their figures,
// quotations and the people they quote. Single-word names ("Pakistan") are
// left out: every report on a conflict shares them. Sorted, without repeats.
func (s Signature) EvidenceKeys() []uint64 {
	out := make([]uint64, 0, len(s.Figures)+len(s.Quotes)+len(s.Names))
	for _, f := range s.Figures {
		out = append(out, hashNamespace(keyFigure, f))
	}
	for _, q := range s.Quotes {
		out = append(out, hashNamespace(keyQuote, q))
	}
	for _, n := range s.Names {
		if strings.Contains(n, " ") {
			out = append(out, hashNamespace(keyName, n))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Limits that keep Index.Add near-constant in time whatever the corpus size.
const (
	// MaxBucket is how many of the most recent documents a band bucket or an
	// evidence key remembers. A bucket grows past it only for a text copied
	// hundreds of times or for a key every report shares ("58 soldier" in a
	// year of war coverage); a new copy still meets the recent ones, and
	// rewrites appear close in time.
	MaxBucket = 64
	// MinSharedKeys is how many evidence keys a pair must share to be
	// compared through the second path: one shared name or figure is what
	// independent reports of one incident have in common.
	MinSharedKeys = 3
)

// IsCandidate is the candidate rule shared by Index and a store: a pair is
// compared when it shares at least one LSH band key or MinSharedKeys evidence
// keys (each counted over the MaxBucket most recent documents of a key).
func IsCandidate(sharedBands, sharedKeys int) bool {
	return sharedBands > 0 || sharedKeys >= MinSharedKeys
}

// Index finds rewrite pairs among signatures added one by one, in memory.
// Candidates come from the LSH band buckets and from the evidence keys, never
// from all pairs, so Add costs about the same at 100 or 100,000 documents.
// A store keeps the same (band, key, document) rows itself and calls Compare
// on the candidates; Index is the reference and the in-memory variant.
type Index struct {
	ids    []string
	sigs   []Signature
	byID   map[string]int32
	bands  postings
	keys   postings
	parent []int32 // union-find over rewrite pairs
	paired []bool
	// scratch for Add: bandHits[d] and keyHits[d] count the band and
	// evidence keys d shares with the document being added, valid when
	// stamp[d] holds that document's number; arrays, not a map, as popular
	// keys make hundreds of hits per Add
	bandHits, keyHits, stamp []int32
	cands                    []int32
	reads, compares          int // postings read and pairs decided, for benchmarks
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{
		byID:  make(map[string]int32),
		bands: newPostings(),
		keys:  newPostings(),
	}
}

// Len is the number of documents indexed.
func (x *Index) Len() int { return len(x.ids) }

// Add indexes a document's signature and returns the ids of the documents
// already indexed that it is a duplicate or a rewrite of, sorted; it joins
// their families where it resembles their founders (JoinsFamily). Adding an
// id again changes nothing and returns nil.
func (x *Index) Add(id string, s Signature) []string {
	if _, ok := x.byID[id]; ok {
		return nil
	}
	me := int32(len(x.ids))
	x.ids = append(x.ids, id)
	x.sigs = append(x.sigs, s)
	x.byID[id] = me
	x.parent = append(x.parent, me)
	x.paired = append(x.paired, false)

	x.bandHits = append(x.bandHits, 0)
	x.keyHits = append(x.keyHits, 0)
	x.stamp = append(x.stamp, -1)
	x.cands = x.cands[:0]
	touch := func(d int32) {
		x.reads++
		if x.stamp[d] != me {
			x.stamp[d], x.bandHits[d], x.keyHits[d] = me, 0, 0
			x.cands = append(x.cands, d)
		}
	}
	for _, k := range s.Bands() {
		x.bands.recent(k, func(d int32) { touch(d); x.bandHits[d]++ })
		x.bands.add(k, me)
	}
	for _, k := range s.EvidenceKeys() {
		x.keys.recent(k, func(d int32) { touch(d); x.keyHits[d]++ })
		x.keys.add(k, me)
	}
	cands := x.cands[:0:0]
	for _, d := range x.cands {
		if IsCandidate(int(x.bandHits[d]), int(x.keyHits[d])) {
			cands = append(cands, d)
		}
	}
	slices.Sort(cands)
	var out []string
	x.compares += len(cands)
	for _, d := range cands {
		if v := compare(x.sigs[d], s, estimateJaccard(x.sigs[d], s), false); v.Rewrite {
			out = append(out, x.ids[d])
			// A document alone founds a family with its rewrite; one in
			// a family takes the rewrite in when it resembles the founder.
			if r := x.find(d); !x.paired[d] || r == x.find(me) || JoinsFamily(x.sigs[r], s) {
				x.union(d, me)
			}
		}
	}
	slices.Sort(out)
	return out
}

// postings maps keys to the documents holding them. Most keys (nearly every
// band key) belong to one document, which is stored in the map value itself;
// a key shared by several documents gets a slice, read newest first. Singles
// allocate nothing, and the slices keep a key's documents contiguous.
type postings struct {
	heads map[uint64]int32 // key → doc, or -1 - index into lists
	lists [][]int32
}

func newPostings() postings { return postings{heads: make(map[uint64]int32)} }

// add records d under k. Only the MaxBucket newest entries are read; older
// ones are dropped in bulk once a list holds twice as many, so that an add
// costs O(1) amortised.
func (p *postings) add(k uint64, d int32) {
	v, ok := p.heads[k]
	switch {
	case !ok:
		p.heads[k] = d
	case v >= 0:
		p.lists = append(p.lists, []int32{v, d})
		p.heads[k] = -int32(len(p.lists))
	default:
		l := p.lists[-v-1]
		if len(l) >= 2*MaxBucket {
			l = l[:copy(l, l[len(l)-MaxBucket+1:])]
		}
		p.lists[-v-1] = append(l, d)
	}
}

// recent calls f with the MaxBucket newest documents under k.
func (p *postings) recent(k uint64, f func(d int32)) {
	v, ok := p.heads[k]
	switch {
	case !ok:
	case v >= 0:
		f(v)
	default:
		l := p.lists[-v-1]
		for i := len(l) - 1; i >= 0 && i >= len(l)-MaxBucket; i-- {
			f(l[i])
		}
	}
}

func (x *Index) find(d int32) int32 {
	for x.parent[d] != d {
		x.parent[d] = x.parent[x.parent[d]]
		d = x.parent[d]
	}
	return d
}

func (x *Index) union(a, b int32) {
	x.paired[a], x.paired[b] = true, true
	ra, rb := x.find(a), x.find(b)
	if ra != rb {
		x.parent[max(ra, rb)] = min(ra, rb)
	}
}

// Families returns the rewrite families: the connected components of the
// duplicate and rewrite pairs, each of two documents or more. Ids are sorted
// in a family and families by their first id, whatever the order of Add.
func (x *Index) Families() [][]string {
	groups := make(map[int32][]string)
	for d := range x.ids {
		if x.paired[d] {
			r := x.find(int32(d))
			groups[r] = append(groups[r], x.ids[d])
		}
	}
	out := make([][]string, 0, len(groups))
	for _, g := range groups {
		slices.Sort(g)
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return out
}

// Family returns the family of id (itself alone when it has no rewrite), or
// nil when id is not indexed.
func (x *Index) Family(id string) []string {
	d, ok := x.byID[id]
	if !ok {
		return nil
	}
	r := x.find(d)
	var out []string
	for e := range x.ids {
		if x.find(int32(e)) == r {
			out = append(out, x.ids[e])
		}
	}
	slices.Sort(out)
	return out
}
