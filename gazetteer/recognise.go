package gazetteer

import (
	_ "embed"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

//go:embed data/cues.txt
var cuesTxt string

//go:embed data/common_words.txt
var commonTxt string

// Cue categories of data/cues.txt.
const (
	cueAdmin1    = "designator-admin1"
	cueAdmin2    = "designator-admin2"
	cueCity      = "designator-city"
	cuePrep      = "prep"
	cueTerritory = "territory"
	cueFeature   = "feature"
	cueBorder    = "border"
	cueCombining = "combining-form"
)

type wordLists struct {
	cue       map[string]string // folded word or two-word phrase → category
	combining map[string]string // combining form ("pak") → ISO2
	common    map[string]bool
}

func loadWords() wordLists {
	w := wordLists{cue: map[string]string{}, combining: map[string]string{}, common: map[string]bool{}}
	for _, l := range strings.Split(cuesTxt, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l[0] == '#' {
			continue
		}
		cat, word, ok := strings.Cut(l, " ")
		if !ok {
			continue
		}
		if cat == cueCombining {
			form, cc, _ := strings.Cut(word, " ")
			w.combining[text.Key(form)] = strings.ToUpper(strings.TrimSpace(cc))
			continue
		}
		w.cue[text.Key(word)] = cat
	}
	for _, l := range strings.Split(commonTxt, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && l[0] != '#' {
			w.common[text.Key(l)] = true
		}
	}
	return w
}

// Scores. A candidate sense is kept when its score reaches acceptScore.
const (
	acceptScore      = 50
	docCountryBon    = 40
	neighbourBon     = 10
	farPenalty       = 30
	designatorBon    = 50
	prepBon          = 10
	commonPenalty    = 80
	lowerPenalty     = 40
	runBeforePen     = 35
	runAfterPen      = 40
	sameAdmin1Bon    = 25
	sentStartPen     = 10
	multiTokenBon    = 10
	commaPairBon     = 40
	datelineBon      = 30
	keyDesignatorBon = 5 // a designator elsewhere in the document only breaks ties
	bareUnitPen      = 10
	// locativeBon lifts a notable populated place (a capital, an admin1 seat or
	// a town of locativeMinPop) named right after a locative preposition: wire
	// reports often name one town and no country ("attacked a post in Bannu").
	locativeBon    = 10
	locativeMinPop = 20_000
)

// cand is a name found at tokens [first, last) with its possible senses.
type cand struct {
	first, last int
	key         string
	senses      []int32
	chosen      int32          // -1 until resolved
	support     map[int32]bool // senses confirmed by a following "…, <its admin1 or country>"
	territory   bool           // a demonym + territory noun ("Afghan soil"): the country
}

type docCtx struct {
	toks       []text.Token
	src        string
	sentStart  []bool
	lowerWords map[string]bool
	countries  map[string]int             // ISO2 → mentions (names and demonyms)
	countryBy  map[string]map[string]bool // ISO2 → the words that mention it
	admin1     map[string]string          // admin1 code → key of a name kept in it ("" when several)
	// candFirst[i] / candLast[i]: a name candidate starts / ends at token i
	candFirst, candLast []bool

	cue []string // cue category of each token ("" for most)
	cap []bool   // token starts with a capital

	// per-document caches: names repeat, and each look-up is a binary search
	g        *Gazetteer
	cache    map[string]lookupResult
	entCache map[int32]*entry
}

type lookupResult struct {
	ids    []int32
	longer bool
}

// lookup is Gazetteer.lookup cached for the document.
func (c *docCtx) lookup(k string) ([]int32, bool) {
	if v, ok := c.cache[k]; ok {
		return v.ids, v.longer
	}
	ids, longer := c.g.lookup(k)
	c.cache[k] = lookupResult{ids, longer}
	return ids, longer
}

// supports reports whether the document mentions country cc by some word
// other than key ("Singapore" alone does not make Singapore a document country
// for itself; "Jordan Bardella" does not for Jordan).
func (c *docCtx) supports(cc, key string) bool {
	for k := range c.countryBy[cc] {
		if k != key {
			return true
		}
	}
	return false
}

// cueAt is the cue category of token i (data/cues.txt).
func (c *docCtx) cueAt(i int) string { return c.cue[i] }

func (c *docCtx) ent(id int32) *entry {
	if e, ok := c.entCache[id]; ok {
		return e
	}
	e := c.g.entryp(id)
	c.entCache[id] = e
	return e
}

// Recognise finds place mentions in a document. tokens and sentences may be
// nil (they are then computed). Ambiguous names are resolved with the whole
// document as context: the countries it mentions, designators next to a name
// ("Paktika province", "tribal district Kurram"), prepositions, and the admin
// units of other places found. Mentions come out in text order.
func (g *Gazetteer) Recognise(src string, tokens []text.Token, sentences []sitrep.Span) []sitrep.PlaceMention {
	if tokens == nil || !validTokens(src, tokens) {
		tokens = text.Tokenize(src)
	}
	if sentences == nil {
		sentences = text.Sentences(src)
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	ctx := &docCtx{g: g, cache: map[string]lookupResult{}, entCache: map[int32]*entry{}, toks: tokens, src: src, countries: map[string]int{}, admin1: map[string]string{}, lowerWords: map[string]bool{}}
	ctx.sentStart = make([]bool, len(tokens))
	ctx.cue = make([]string, len(tokens))
	ctx.cap = make([]bool, len(tokens))
	si := 0
	for i, t := range tokens {
		ctx.cap[i] = text.IsCapitalised(t)
		ctx.cue[i] = g.words.cue[t.Norm]
		for si < len(sentences) && sentences[si].End <= t.Start {
			si++
		}
		if i == 0 || si < len(sentences) && tokens[i-1].End <= sentences[si].Start && t.Start >= sentences[si].Start {
			ctx.sentStart[i] = true
		}
	}

	cands, borders := g.candidates(ctx)
	// which one-word names the document also uses as ordinary words
	for _, c := range cands {
		if c.last-c.first == 1 {
			ctx.lowerWords[c.key] = false
		}
	}
	var lens uint64 // lengths of those words: most tokens skip the map
	for k := range ctx.lowerWords {
		lens |= 1 << min(len(k), 63)
	}
	for i, t := range tokens {
		if ctx.cap[i] || lens&(1<<min(len(t.Norm), 63)) == 0 {
			continue
		}
		if v, ok := ctx.lowerWords[t.Norm]; ok && !v {
			ctx.lowerWords[t.Norm] = true
		}
	}
	ctx.candFirst = make([]bool, len(tokens)+1)
	ctx.candLast = make([]bool, len(tokens)+1)
	for _, c := range cands {
		// only names with a prominent sense: a village called "Libération"
		// does not make "Balochistan Liberation Army" a list of places
		for _, s := range c.senses {
			if g.prominenceOf(ctx.ent(s)) >= 45 {
				ctx.candFirst[c.first] = true
				ctx.candLast[c.last-1] = true
				break
			}
		}
	}
	// document countries: country names and demonyms, remembering which
	// words gave the evidence so that a name does not support itself
	ctx.countryBy = map[string]map[string]bool{}
	note := func(cc, key string) {
		ctx.countries[cc]++
		m := ctx.countryBy[cc]
		if m == nil {
			m = map[string]bool{}
			ctx.countryBy[cc] = m
		}
		m[key] = true
	}
	for i := range cands {
		c := &cands[i]
		for _, s := range c.senses {
			if e := ctx.ent(s); e.row == kCountry {
				note(e.cc, c.key)
				break
			}
		}
	}
	for i, t := range tokens {
		if !ctx.cap[i] {
			continue
		}
		if ci, ok := g.demonym[t.Norm]; ok {
			note(ctx.ent(ci).cc, "demonym:"+t.Norm)
		}
	}
	top := topCountries(ctx.countries)
	g.commaPairs(ctx, cands)

	// two passes: the second knows the admin units of places kept by the first
	for pass := 0; pass < 2; pass++ {
		keyDes := map[string]map[uint8]bool{}
		for i := range cands {
			c := &cands[i]
			if d := g.designatorAt(ctx, c); d != "" {
				m := keyDes[c.key]
				if m == nil {
					m = map[uint8]bool{}
					keyDes[c.key] = m
				}
				m[designatorRow(d)] = true
			}
		}
		newAdmin1 := map[string]string{}
		for i := range cands {
			c := &cands[i]
			c.chosen = -1
			if c.territory {
				c.chosen = c.senses[0]
				continue
			}
			best, bestScore := int32(-1), acceptScore-1
			for _, s := range c.senses {
				sc := g.score(ctx, c, s, top, keyDes[c.key])
				if sc > bestScore || sc == bestScore && best >= 0 && morePopulous(ctx.ent(s), ctx.ent(best)) {
					best, bestScore = s, sc
				}
			}
			if best < 0 && g.locative(ctx, c) {
				// no sense stands on the document's evidence: a lone town
				// after "in" is still meant when it is a notable place
				for _, s := range c.senses {
					if e := ctx.ent(s); notablePlace(e) {
						sc := g.score(ctx, c, s, top, keyDes[c.key]) + locativeBon
						if sc > bestScore || sc == bestScore && best >= 0 && morePopulous(e, ctx.ent(best)) {
							best, bestScore = s, sc
						}
					}
				}
			}
			c.chosen = best
			if best >= 0 {
				if e := ctx.ent(best); e.row == kAdmin1 || e.row == kAdmin2 || e.row == kPlace {
					code := e.cc + "." + e.a1
					if k, seen := newAdmin1[code]; seen && k != c.key {
						newAdmin1[code] = ""
					} else if !seen {
						newAdmin1[code] = c.key
					}
				}
			}
		}
		ctx.admin1 = newAdmin1
	}

	var out []sitrep.PlaceMention
	for i := range cands {
		c := &cands[i]
		if c.chosen < 0 {
			continue
		}
		p := g.place(c.chosen)
		end := c.last
		if ext, name := g.featureExt(ctx, c); ext > end {
			p = featurePlace(p, name)
			end = ext
		}
		out = append(out, sitrep.PlaceMention{Place: p, Span: sitrep.Span{Start: tokens[c.first].Start, End: tokens[end-1].End}})
	}
	out = append(out, g.borderMentions(ctx, borders, top, out)...)
	sort.Slice(out, func(a, b int) bool { return out[a].Span.Start < out[b].Span.Start })
	return out
}

// commaPairs marks "Culiacán, Sinaloa" and "Kidal, Mali": a place followed
// by a comma and its own admin1 unit or country confirms both senses.
func (g *Gazetteer) commaPairs(ctx *docCtx, cands []cand) {
	for i := 0; i+1 < len(cands); i++ {
		a, b := &cands[i], &cands[i+1]
		if b.first != a.last || strings.TrimSpace(ctx.src[ctx.toks[a.last-1].End:ctx.toks[b.first].Start]) != "," {
			continue
		}
		for _, sa := range a.senses {
			ea := ctx.ent(sa)
			if ea.row == kCountry {
				continue
			}
			for _, sb := range b.senses {
				eb := ctx.ent(sb)
				if eb.cc != ea.cc || eb.rowClass() != kCountry && (eb.rowClass() != kAdmin1 || eb.a1 == "" || eb.a1 != ea.a1) {
					continue
				}
				if a.support == nil {
					a.support = map[int32]bool{}
				}
				if b.support == nil {
					b.support = map[int32]bool{}
				}
				a.support[sa], b.support[sb] = true, true
			}
		}
	}
}

// validTokens reports whether tokens are ordered, non-overlapping spans of
// src, as Tokenize makes them; other tokens are not trusted.
func validTokens(src string, toks []text.Token) bool {
	prev := 0
	for _, t := range toks {
		if t.Start < prev || t.End < t.Start || t.End > len(src) {
			return false
		}
		prev = t.End
	}
	return true
}

// borderSpan is a "X-Y border" phrase or a bare border noun.
type borderSpan struct {
	first, last int
	a, b        string // ISO2 of the two sides; empty for a bare noun
}

// candidates scans the tokens for names in the index, leftmost-longest,
// and for demonym + territory phrases and border phrases.
func (g *Gazetteer) candidates(ctx *docCtx) ([]cand, []borderSpan) {
	toks := ctx.toks
	var out []cand
	var borders []borderSpan
	var key []byte
	for i := 0; i < len(toks); {
		if b, ok := g.borderPhrase(ctx, i); ok {
			borders = append(borders, b)
			i = b.last
			continue
		}
		t := toks[i]
		if !ctx.cap[i] && t.Norm != "the" {
			i++
			continue
		}
		if ci, ok := g.demonym[t.Norm]; ok && ctx.cap[i] {
			if i+1 < len(toks) && ctx.cueAt(i+1) == cueTerritory && adjacent(ctx.src, toks[i], toks[i+1]) {
				out = append(out, cand{first: i, last: i + 2, key: t.Norm, senses: []int32{ci}, territory: true})
				i += 2
				continue
			}
		}
		found := 0
		var senses []int32
		key = key[:0]
		for n := 1; n <= g.maxToks && i+n <= len(toks); n++ {
			if n > 1 {
				if ctx.sentStart[i+n-1] || !joinable(ctx.src, toks[i+n-2], toks[i+n-1]) {
					break
				}
				key = append(key, ' ')
			}
			key = append(key, toks[i+n-1].Norm...)
			s, longer := ctx.lookup(string(key))
			// a name ends in a capitalised word, or in a designator or
			// feature noun that is part of it ("Bagram airbase")
			lastOK := ctx.cap[i+n-1] || n > 1 && (isDesignator(ctx.cue[i+n-1]) || ctx.cue[i+n-1] == cueFeature)
			if len(s) > 0 && lastOK && (ctx.cap[i] || t.Norm == "the" && n > 1) {
				found, senses = n, s
			}
			if !longer {
				break
			}
		}
		if found == 0 {
			i++
			continue
		}
		if _, isDem := g.demonym[t.Norm]; isDem && found == 1 {
			i++ // "Afghan forces": an adjective, not a place
			continue
		}
		k := toks[i].Norm
		for j := i + 1; j < i+found; j++ {
			k += " " + toks[j].Norm
		}
		out = append(out, cand{first: i, last: i + found, key: k, senses: senses, chosen: -1})
		i += found
	}
	return out, borders
}

// joinable reports whether two tokens may belong to one name: only spaces,
// hyphens, apostrophes or dots between them, on one line.
func joinable(src string, a, b text.Token) bool {
	gap := src[a.End:b.Start]
	if len(gap) > 4 {
		return false
	}
	for _, r := range gap {
		switch {
		case r == ' ', r == '-', r == '\'', r == '’', r == '.', r == '‐', r == '‑', r == '–', r == '\u00a0':
		default:
			return false
		}
	}
	return true
}

// locative reports whether a locative preposition ("in", "near", "outside")
// opens candidate c.
func (g *Gazetteer) locative(ctx *docCtx, c *cand) bool {
	return c.first > 0 && ctx.cueAt(c.first-1) == cuePrep &&
		(!text.IsCapitalised(ctx.toks[c.first-1]) || ctx.sentStart[c.first-1])
}

// notablePlace reports whether e is a populated place big or central enough
// to be meant when a report names it without any country.
func notablePlace(e *entry) bool {
	if !isCityClass(e) {
		return false
	}
	// admin2 seats are left to population: many are hamlets (a US county seat
	// called "English"); a place of the curated file (nkey set) was chosen
	// for conflict reporting and is notable whatever its population
	return e.fcode == "C" || e.fcode == "A" || e.pop >= locativeMinPop || e.nkey != ""
}

func isCityClass(e *entry) bool {
	k := e.kindOf()
	return k == sitrep.PlaceCity || k == sitrep.PlaceVillage
}

// dateline reports whether a candidate opens a sentence and is followed by
// a comma or a dash, as in "GAZA, Dec 3 —" or "DOHA —".
func dateline(ctx *docCtx, c *cand) bool {
	if !ctx.sentStart[c.first] {
		return false
	}
	rest := strings.TrimLeft(ctx.src[ctx.toks[c.last-1].End:], " \t")
	return strings.HasPrefix(rest, ",") || strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "-")
}

// isUpper reports whether s has no lower-case letter.
func isUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// hyphenated reports whether a hyphen joins two tokens ("ISIS-KP").
func hyphenated(src string, a, b text.Token) bool {
	gap := src[a.End:b.Start]
	return gap == "-" || gap == "‐" || gap == "‑"
}

// adjacent reports whether only spaces separate two tokens.
func adjacent(src string, a, b text.Token) bool {
	return strings.TrimSpace(src[a.End:b.Start]) == ""
}

// countryAt reads a country name, demonym or combining form ("Pak") at i.
func (g *Gazetteer) countryAt(ctx *docCtx, i int) (string, int) {
	toks := ctx.toks
	if i >= len(toks) || !text.IsCapitalised(toks[i]) {
		return "", i
	}
	if cc, ok := g.words.combining[toks[i].Norm]; ok {
		return cc, i + 1
	}
	if ci, ok := g.demonym[toks[i].Norm]; ok {
		return ctx.ent(ci).cc, i + 1
	}
	key := toks[i].Norm
	bestCC, bestEnd := "", i
	for n := 1; n <= 4 && i+n <= len(toks); n++ {
		if n > 1 {
			key += " " + toks[i+n-1].Norm
		}
		ids, longer := ctx.lookup(key)
		for _, s := range ids {
			if e := ctx.ent(s); e.row == kCountry {
				bestCC, bestEnd = e.cc, i+n
				break
			}
		}
		if !longer {
			break
		}
	}
	return bestCC, bestEnd
}

// borderPhrase matches "Pakistan-Afghanistan border", "Pak-Afghan border",
// or a bare lower-case border noun (resolved later against the document's
// main pair of neighbouring countries).
func (g *Gazetteer) borderPhrase(ctx *docCtx, i int) (borderSpan, bool) {
	toks := ctx.toks
	if ctx.cueAt(i) == cueBorder && !text.IsCapitalised(toks[i]) {
		// "cross-border" is an adjective, not the border
		if i > 0 && toks[i-1].Norm == "cross" && toks[i-1].End == toks[i].Start-1 {
			return borderSpan{}, false
		}
		return borderSpan{first: i, last: i + 1}, true
	}
	if !text.IsCapitalised(toks[i]) {
		return borderSpan{}, false
	}
	near := false
	for j := i + 1; j < len(toks) && j <= i+6; j++ {
		if ctx.cueAt(j) == cueBorder {
			near = true
			break
		}
	}
	if !near {
		return borderSpan{}, false
	}
	a, j := g.countryAt(ctx, i)
	if a == "" || j >= len(toks) {
		return borderSpan{}, false
	}
	gap := strings.TrimSpace(ctx.src[toks[j-1].End:toks[j].Start])
	if gap != "-" && gap != "–" && gap != "/" && gap != "—" {
		return borderSpan{}, false
	}
	b, k := g.countryAt(ctx, j)
	if b == "" || b == a || k >= len(toks) || ctx.cueAt(k) != cueBorder {
		return borderSpan{}, false
	}
	return borderSpan{first: i, last: k + 1, a: a, b: b}, true
}

// borderMentions turns border phrases into mentions of the border place.
// A bare "border" denotes the border of the document's two most-mentioned
// countries when they are neighbours.
func (g *Gazetteer) borderMentions(ctx *docCtx, bs []borderSpan, top []string, placed []sitrep.PlaceMention) []sitrep.PlaceMention {
	var out []sitrep.PlaceMention
	var pa, pb string
	if len(top) >= 2 && g.neighbours(top[0], top[1]) && ctx.countries[top[1]] >= 2 {
		pa, pb = top[0], top[1]
	}
	for _, b := range bs {
		a, c := b.a, b.b
		if a == "" {
			if pa == "" {
				continue
			}
			a, c = pa, pb
		}
		p, ok := g.borderPlace(a, c)
		if !ok {
			continue
		}
		out = append(out, sitrep.PlaceMention{Place: p, Span: sitrep.Span{Start: ctx.toks[b.first].Start, End: ctx.toks[b.last-1].End}})
	}
	return out
}

func (g *Gazetteer) borderPlace(a, b string) (sitrep.Place, bool) {
	ia, okA := g.admin[a]
	ib, okB := g.admin[b]
	if !okA || !okB {
		return sitrep.Place{}, false
	}
	na, nb := g.entry(ia).name, g.entry(ib).name
	for _, k := range []string{text.Key(na + " " + nb + " border"), text.Key(nb + " " + na + " border")} {
		for _, s := range g.ids(k) {
			if g.entry(s).row == kCurated {
				return g.place(s), true
			}
		}
	}
	x, y := strings.ToLower(a), strings.ToLower(b)
	if x > y {
		x, y = y, x
	}
	return sitrep.Place{ID: "x-border-" + x + "-" + y, Name: na + "–" + nb + " border", Kind: sitrep.PlaceRegion}, true
}

func (g *Gazetteer) neighbours(a, b string) bool {
	for _, n := range g.nb[a] {
		if n == b {
			return true
		}
	}
	return false
}

func topCountries(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for cc := range m {
		out = append(out, cc)
	}
	sort.Slice(out, func(a, b int) bool {
		if m[out[a]] != m[out[b]] {
			return m[out[a]] > m[out[b]]
		}
		return out[a] < out[b]
	})
	return out
}

// designatorAt returns the designator category next to a candidate:
// "Paktika province", "Barmal district", "district Kurram", "province of X".
func (g *Gazetteer) designatorAt(ctx *docCtx, c *cand) string {
	toks := ctx.toks
	if c.last < len(toks) && !ctx.sentStart[c.last] && adjacent(ctx.src, toks[c.last-1], toks[c.last]) {
		if d := ctx.cueAt(c.last); isDesignator(d) {
			return d
		}
	}
	if ctx.sentStart[c.first] {
		return ""
	}
	if c.first > 0 {
		if d := ctx.cueAt(c.first - 1); isDesignator(d) && !text.IsCapitalised(toks[c.first-1]) {
			return d
		}
	}
	if c.first > 1 && toks[c.first-1].Norm == "of" {
		if d := ctx.cueAt(c.first - 2); isDesignator(d) {
			return d
		}
	}
	return ""
}

func isDesignator(cat string) bool {
	return cat == cueAdmin1 || cat == cueAdmin2 || cat == cueCity
}

func designatorRow(cat string) uint8 {
	switch cat {
	case cueAdmin1:
		return kAdmin1
	case cueAdmin2:
		return kAdmin2
	}
	return kPlace
}

// rowClass maps curated kinds onto the generated row classes for scoring.
func (e *entry) rowClass() uint8 {
	if e.row != kCurated {
		return e.row
	}
	switch e.kind {
	case sitrep.PlaceAdmin1:
		return kAdmin1
	case sitrep.PlaceAdmin2:
		return kAdmin2
	case sitrep.PlaceCountry:
		return kCountry
	}
	return kPlace
}

// prominence ranks senses without context: countries, admin1, large and
// capital cities, admin2, then places by population.
func (g *Gazetteer) prominence(i int32) int {
	return g.prominenceOf(g.entryp(i))
}

func (g *Gazetteer) prominenceOf(e *entry) int {
	switch e.row {
	case kCountry:
		return 100
	case kAdmin1:
		return 55
	case kAdmin2:
		return 40
	case kCurated:
		switch e.kind {
		case sitrep.PlaceRegion:
			return 60
		case sitrep.PlaceAdmin1:
			return 55
		case sitrep.PlaceCity:
			if e.fcode != "" || e.pop > 0 {
				return max(45, seatPopScore(e))
			}
			return 45
		case sitrep.PlaceFeature, sitrep.PlaceAdmin2:
			return 40
		}
		return 30
	}
	return seatPopScore(e)
}

// seatPopScore ranks a populated place by its administrative role and size.
func seatPopScore(e *entry) int {
	s := 10
	switch e.fcode {
	case "C":
		s = 70
	case "A":
		s = 50
	case "2":
		s = 35
	}
	p := 0
	switch {
	case e.pop >= 5_000_000:
		p = 70
	case e.pop >= 1_000_000:
		p = 60
	case e.pop >= 100_000:
		p = 42
	case e.pop >= 20_000:
		p = 30
	case e.pop >= 5_000:
		p = 22
	case e.pop >= 1_000:
		p = 15
	}
	return max(s, p)
}

func (g *Gazetteer) score(ctx *docCtx, c *cand, s int32, top []string, keyDes map[uint8]bool) int {
	e := ctx.ent(s)
	sc := g.prominenceOf(e)
	class := e.rowClass()
	toks := ctx.toks
	single := c.last-c.first == 1
	first := toks[c.first]

	// local context
	des := g.designatorAt(ctx, c)
	if des != "" {
		if designatorRow(des) == class {
			sc += designatorBon
		} else if class == kCountry {
			sc -= designatorBon
		}
	} else if keyDes[class] {
		sc += keyDesignatorBon
	}
	if (class == kAdmin1 || class == kAdmin2) && e.row != kCurated && !g.isNameKey(s, c.key) {
		// "Belgorod" for "Belgorod Oblast": the bare name is the city's
		sc -= bareUnitPen
	}
	if g.locative(ctx, c) {
		sc += prepBon
	}
	if single && des == "" {
		allCaps := len(first.Cased) > 1 && isUpper(first.Cased)
		// acronyms ("US", "TTP") are not place names spelt in capitals, but
		// datelines and headlines ("KHARTOUM, Sudan") spell longer names so
		if allCaps && len(first.Cased) < 5 && g.isNameKey(s, c.key) && !isUpper(e.name) && !dateline(ctx, c) {
			return -1
		}
		if allCaps && (c.first > 0 && hyphenated(ctx.src, toks[c.first-1], first) ||
			c.last < len(toks) && hyphenated(ctx.src, first, toks[c.last])) {
			return -1 // part of a compound acronym ("ISIS-KP", "JUI-F")
		}
		if g.words.common[c.key] && (class != kCountry || ctx.sentStart[c.first]) {
			sc -= commonPenalty
		}
		if ctx.lowerWords[c.key] && class != kCountry {
			sc -= lowerPenalty
		}
		if ctx.sentStart[c.first] && class != kCountry {
			sc -= sentStartPen
		}
	}
	// inside a longer capitalised name: a person ("Nur Wali Mehsud") or an
	// organisation ("Balochistan Liberation Army", "ISIS-KP")
	if c.first > 0 && !ctx.sentStart[c.first] && text.IsCapitalised(toks[c.first-1]) && joinable(ctx.src, toks[c.first-1], first) &&
		!ctx.candLast[c.first-1] && !g.isDemonym(toks[c.first-1].Norm) && !g.words.common[toks[c.first-1].Norm] {
		sc -= runBeforePen
	}
	for j := c.last; j < c.last+2 && j < len(toks); j++ {
		if !text.IsCapitalised(toks[j]) || ctx.sentStart[j] || !joinable(ctx.src, toks[j-1], toks[j]) || ctx.candFirst[j] ||
			ctx.cueAt(j) == cueFeature {
			break
		}
		sc -= runAfterPen
		if class == kCountry {
			// "Jordan Bardella", "Sudan Doctors Network": a name, not the country
			sc -= runAfterPen
		}
	}

	if c.support[s] {
		sc += commaPairBon
	}
	if isCityClass(e) && dateline(ctx, c) && isUpper(ctx.src[first.Start:toks[c.last-1].End]) {
		sc += datelineBon // "GAZA, May 3 —": where the report was filed
	}

	// document context
	if class == kCountry {
		if ctx.supports(e.cc, c.key) {
			sc += docCountryBon // a city-state's country outranks its capital
		}
		return sc
	}
	if e.cc == "" {
		return sc // regions spanning countries
	}
	switch {
	case ctx.supports(e.cc, c.key):
		sc += docCountryBon
	case len(top) > 0 && (g.neighbours(top[0], e.cc)):
		sc += neighbourBon
	case len(top) > 0 && class == kAdmin1:
		sc -= farPenalty / 2
	case len(top) > 0 && e.fcode != "C" && e.pop < 1_000_000 && (single || len(c.senses) > 1):
		// a long name with one sense ("Bagram airbase") is specific enough
		sc -= farPenalty
	}
	if !single {
		sc += multiTokenBon * min(c.last-c.first-1, 2)
	}
	if k, ok := ctx.admin1[e.cc+"."+e.a1]; ok && k != c.key && e.a1 != "" {
		// another place of the document lies in this unit ("Culiacán, Sinaloa")
		if class == kAdmin1 {
			sc += sameAdmin1Bon * 4 / 5
		} else {
			sc += sameAdmin1Bon
		}
	}
	return sc
}

// morePopulous breaks ties between senses: the larger place.
func morePopulous(a, b *entry) bool { return a.pop > b.pop }

func (g *Gazetteer) isDemonym(norm string) bool {
	_, ok := g.demonym[norm]
	return ok
}

// featureExt extends a place with a following feature noun ("Bagram
// airbase", "Chabahar Port") and returns the new end token and the feature's
// name.
func (g *Gazetteer) featureExt(ctx *docCtx, c *cand) (int, string) {
	toks := ctx.toks
	if c.territory || c.last >= len(toks) || !adjacent(ctx.src, toks[c.last-1], toks[c.last]) {
		return 0, ""
	}
	e := ctx.ent(c.chosen)
	if e.row == kCountry || e.row == kAdmin1 || e.row == kCurated && e.kind == sitrep.PlaceFeature {
		return 0, ""
	}
	var end int
	if c.last+1 < len(toks) && g.words.cue[toks[c.last].Norm+" "+toks[c.last+1].Norm] == cueFeature {
		end = c.last + 2
	} else if ctx.cueAt(c.last) == cueFeature {
		end = c.last + 1
	} else {
		return 0, ""
	}
	return end, ctx.src[toks[c.first].Start:toks[end-1].End]
}

// featurePlace is a site named after the place it lies in; it keeps that
// place's coordinates and admin units.
func featurePlace(p sitrep.Place, name string) sitrep.Place {
	p.Name = cleanName(name)
	p.Kind = sitrep.PlaceFeature
	p.ID = "x-" + strings.ReplaceAll(text.Key(name), " ", "-")
	return p
}

func cleanName(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || !utf8.ValidRune(r) }), " ")
}
