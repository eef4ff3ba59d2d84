// Package gazetteer is sitrep's offline gazetteer: every GeoNames populated place, admin unit and country,
// plus curated regional facts, with look-up by folded name and recognition of place mentions in a document.
package gazetteer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

//go:embed data/places-*.tsv.gz
var placesFS embed.FS

//go:embed data/curated.tsv
var curatedTSV string

//go:embed data/first-tokens.bin
var firstTokens []byte

// firstBits is the size in bits of first-tokens.bin (internal/gen agrees).
const firstBits = 1 << 20

// Row kinds.
const (
	kCountry uint8 = iota + 1
	kAdmin1
	kAdmin2
	kPlace
	kCurated
)

// entry is one gazetteer row, decoded on demand from its line. Strings are
// slices of the decompressed data.
type entry struct {
	row      uint8  // kCountry … kCurated
	kind     string // contract kind, set for curated rows; derived for the others
	id       string // GeoNames id digits, "~N" suffix, or a full id for curated rows
	name     string
	cc       string
	a1, a2   string // admin codes for GeoNames rows
	a1n, a2n string // admin names for curated rows
	fcode    string // C capital, A admin1 seat, 2 admin2 seat
	lat, lon float32
	pop      int32
	extra    string // countries: demonyms;neighbours;capital
	nkey     string // folded name, for curated and renamed rows
}

// Gazetteer is a loaded gazetteer. It is safe for concurrent use; Merge takes
// a write lock.
//
// The generated data stays one string of sorted lines (see data/README.md):
// look-ups binary search it, and a row is decoded only when a name matches,
// which keeps start-up to decompression and one scan for line starts.
type Gazetteer struct {
	mu      sync.RWMutex
	data    string
	off     []int32  // start of each line; one extra entry for the end
	pfx     []uint64 // first 8 bytes of each line's key, big-endian: a cache-friendly binary search
	maxToks int      // longest key in tokens

	admin   map[string]int32    // "CC", "CC.A1", "CC.A1.A2" → entry
	demonym map[string]int32    // folded demonym → country entry
	nb      map[string][]string // ISO2 → neighbouring countries' ISO2

	extra   []entry             // curated and merged rows; id = len(off)-1 + index
	over    map[string]*overlay // keys added by Merge, and their token prefixes
	renamed map[int32]entry     // generated rows changed by Merge

	first []byte // bitset of hashed first tokens of all keys

	words wordLists
}

var (
	loadOnce sync.Once
	loaded   *Gazetteer
	loadErr  error
)

// Preload starts loading the built-in gazetteer in the background, so that
// decompression overlaps the rest of a program's start-up; Load then waits
// for it.
func Preload() {
	go func() { _, _ = Load() }()
}

// Load returns the built-in gazetteer: GeoNames data plus data/curated.tsv.
// The first call decodes the embedded data; later calls return the same value.
func Load() (*Gazetteer, error) {
	loadOnce.Do(func() {
		loaded, loadErr = build()
	})
	return loaded, loadErr
}

func build() (*Gazetteer, error) {
	names, err := fs.Glob(placesFS, "data/places-*.tsv.gz")
	if err != nil || len(names) == 0 {
		return nil, errors.New("gazetteer data missing")
	}
	sort.Strings(names)
	// each gzip member ends with its uncompressed size: decompress all parts
	// in parallel straight into one buffer
	zs := make([][]byte, len(names))
	offs := make([]int, len(names)+1)
	for i, n := range names {
		if zs[i], err = placesFS.ReadFile(n); err != nil || len(zs[i]) < 18 {
			return nil, fmt.Errorf("gazetteer data %s: %v", n, err)
		}
		offs[i+1] = offs[i] + int(binary.LittleEndian.Uint32(zs[i][len(zs[i])-4:]))
	}
	buf := make([]byte, offs[len(names)])
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = gunzipInto(zs[i], buf[offs[i]:offs[i+1]])
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("gazetteer data: %w", err)
	}
	g := &Gazetteer{
		admin:   make(map[string]int32, 52000),
		demonym: make(map[string]int32, 300),
		nb:      make(map[string][]string, 300),
		over:    map[string]*overlay{},
		renamed: map[int32]entry{},
		words:   loadWords(),
		first:   append([]byte(nil), firstTokens...),
	}
	if err := g.parse(buf); err != nil {
		return nil, err
	}
	if err := g.Merge(strings.NewReader(curatedTSV)); err != nil {
		return nil, fmt.Errorf("curated.tsv: %w", err)
	}
	return g, nil
}

// gunzipInto decompresses z into dst, which must be exactly its size.
func gunzipInto(z, dst []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return err
	}
	if _, err := io.ReadFull(zr, dst); err != nil {
		return err
	}
	var one [1]byte
	if n, _ := zr.Read(one[:]); n != 0 {
		return errors.New("longer than its recorded size")
	}
	return nil
}

// parse indexes line starts and reads the few rows needed up front:
// countries (names, demonyms, neighbours) and admin units (by code).
func (g *Gazetteer) parse(b []byte) error {
	data := unsafeString(b)
	nl := strings.IndexByte(data, '\n')
	if nl < 0 || !strings.HasPrefix(data, "#sitrep-gazetteer\t") {
		return errors.New("gazetteer data: bad header")
	}
	hdr := strings.Split(data[:nl], "\t")
	if len(hdr) < 3 {
		return errors.New("gazetteer data: bad header")
	}
	nLines, _ := strconv.Atoi(hdr[1])
	g.maxToks, _ = strconv.Atoi(hdr[2])
	data = data[nl+1:]
	g.data = data
	g.off = make([]int32, 0, nLines+1)
	g.pfx = make([]uint64, 0, nLines)
	for pos := 0; pos < len(data); {
		g.off = append(g.off, int32(pos))
		i := strings.IndexByte(data[pos:], '\n')
		if i < 0 {
			return errors.New("gazetteer data: truncated")
		}
		line := data[pos : pos+i]
		pos += i + 1
		t := strings.IndexByte(line, '\t')
		if t < 0 || t+1 >= len(line) {
			return errors.New("gazetteer data: bad line")
		}
		if t > 0 {
			g.pfx = append(g.pfx, pack(line[:t], false))
		} else {
			g.pfx = append(g.pfx, pack(line[t+1:], true))
		}
		if line[t+1] == '>' {
			continue // pointer
		}
		t2 := strings.IndexByte(line[t+1:], '\t')
		if t2 < 0 || t+t2+2 >= len(line) {
			return errors.New("gazetteer data: bad line")
		}
		switch line[t+t2+2] {
		case '1', '2':
			// kind, then the id column holding the unit's code ("PK.03")
			rest := line[t+t2+2:]
			if len(rest) < 3 || rest[1] != '\t' {
				return errors.New("gazetteer data: bad admin row")
			}
			rest = rest[2:]
			if j := strings.IndexByte(rest, '\t'); j > 0 {
				g.admin[rest[:j]] = int32(len(g.off) - 1)
			}
		case 'C':
			id := int32(len(g.off) - 1)
			e := decode(line)
			switch e.row {
			case kCountry:
				g.admin[e.cc] = id
				dem, rest, _ := strings.Cut(e.extra, ";")
				if nbs, _, _ := strings.Cut(rest, ";"); nbs != "" {
					g.nb[e.cc] = strings.Split(nbs, "|")
				}
				for _, d := range strings.Split(dem, "|") {
					if d != "" {
						g.demonym[text.Key(d)] = id
					}
				}
			}
		}
	}
	g.off = append(g.off, int32(len(data)))
	if len(g.off)-1 != nLines {
		return fmt.Errorf("gazetteer data: %d lines, header says %d", len(g.off)-1, nLines)
	}
	return nil
}

// unsafeString views b as a string without copying; b is never written again.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// decode splits a generated row line.
func decode(line string) entry {
	var f [12]string
	n := 0
	for n < len(f)-1 {
		t := strings.IndexByte(line, '\t')
		if t < 0 {
			break
		}
		f[n], line = line[:t], line[t+1:]
		n++
	}
	f[n] = line
	e := entry{name: f[1], id: f[3], cc: f[4], a1: f[5], a2: f[6], fcode: f[10], extra: f[11]}
	switch f[2] {
	case "C":
		e.row = kCountry
	case "1":
		e.row = kAdmin1
	case "2":
		e.row = kAdmin2
	default:
		e.row = kPlace
	}
	e.lat = float32(fastFloat(f[7]))
	e.lon = float32(fastFloat(f[8]))
	e.pop = int32(fastInt(f[9])) * 1000
	return e
}

func (g *Gazetteer) nGen() int32 { return int32(len(g.off) - 1) }

func (g *Gazetteer) line(i int32) string {
	return g.data[g.off[i] : g.off[i+1]-1]
}

// entry returns row id, decoded.
func (g *Gazetteer) entry(id int32) entry {
	if id >= g.nGen() {
		return g.extra[id-g.nGen()]
	}
	if e, ok := g.renamed[id]; ok {
		return e
	}
	return decode(g.line(id))
}

// keyOf returns line i's key, or with lower set its name still to be
// lowercased (an empty key column means the key is the ASCII name lowercased).
func (g *Gazetteer) keyOf(i int32) (k string, lower bool) {
	l := g.line(i)
	t := strings.IndexByte(l, '\t')
	if t > 0 {
		return l[:t], false
	}
	rest := l[t+1:]
	return rest[:strings.IndexByte(rest, '\t')], true
}

// isNameKey reports whether key is row id's own name folded, rather than an
// alias or the name without its admin suffix.
func (g *Gazetteer) isNameKey(id int32, key string) bool {
	if id >= g.nGen() {
		return g.extra[id-g.nGen()].nkey == key
	}
	if e, ok := g.renamed[id]; ok {
		return e.nkey == key
	}
	k, lower := g.keyOf(id)
	if lower {
		return len(k) == len(key) && strings.EqualFold(k, key)
	}
	return k == key
}

// keyCmp compares line i's key with k bytewise.
func (g *Gazetteer) keyCmp(i int32, k string) int {
	key, lower := g.keyOf(i)
	if !lower {
		return strings.Compare(key, k)
	}
	for j := 0; j < len(key) && j < len(k); j++ {
		c := key[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != k[j] {
			if c < k[j] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(key) < len(k):
		return -1
	case len(key) > len(k):
		return 1
	}
	return 0
}

// keyHasPrefix reports whether line i's key starts with p.
func (g *Gazetteer) keyHasPrefix(i int32, p string) bool {
	key, lower := g.keyOf(i)
	if len(key) < len(p) {
		return false
	}
	if lower {
		return strings.EqualFold(key[:len(p)], p)
	}
	return key[:len(p)] == p
}

// pack returns the first 8 bytes of a key (up to a tab; ASCII-lowercased
// with lower set) as a big-endian number, zero-padded, so that numeric order
// agrees with the keys' bytewise order.
func pack(s string, lower bool) uint64 {
	var v uint64
	n := 0
	for ; n < 8 && n < len(s) && s[n] != '\t'; n++ {
		c := s[n]
		if lower && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		v = v<<8 | uint64(c)
	}
	return v << (8 * (8 - n))
}

func (g *Gazetteer) lowerBound(k string) int32 {
	kp := pack(k, false)
	n := len(g.pfx)
	lo := int32(sort.Search(n, func(i int) bool { return g.pfx[i] >= kp }))
	if len(k) <= 8 {
		return lo
	}
	hi := int32(sort.Search(n-int(lo), func(i int) bool { return g.pfx[int(lo)+i] > kp })) + lo
	for lo < hi {
		m := int32(uint32(lo+hi) >> 1)
		if g.keyCmp(m, k) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// mayStart reports whether some key may start with token tok (a bitset
// test: false positives, no false negatives).
func (g *Gazetteer) mayStart(tok string) bool {
	h := fnv1a(tok) % firstBits
	return g.first[h/8]&(1<<(h%8)) != 0
}

// lookup returns the rows named by folded key k, and whether a longer key
// starts with k and a space. Keys hold only letters, digits and single
// spaces, so such keys follow k's own lines directly in the sorted data.
func (g *Gazetteer) lookup(k string) (out []int32, longer bool) {
	first, _, _ := strings.Cut(k, " ")
	if !g.mayStart(first) {
		return nil, false
	}
	i := g.lowerBound(k)
	for ; i < g.nGen() && g.keyCmp(i, k) == 0; i++ {
		l := g.line(i)
		if t := strings.IndexByte(l, '\t'); t >= 0 && t+1 < len(l) && l[t+1] == '>' {
			n, _ := strconv.Atoi(l[t+2:])
			out = append(out, int32(n))
			continue
		}
		out = append(out, i)
	}
	if i < g.nGen() {
		key, _ := g.keyOf(i)
		longer = len(key) > len(k) && key[len(k)] == ' ' && g.keyHasPrefix(i, k)
	}
	if o := g.over[k]; o != nil {
		for _, id := range o.ids {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		longer = longer || o.longer
	}
	return out, longer
}

// overlay is what Merge added under one key: rows, and whether longer keys
// start with it.
type overlay struct {
	ids    []int32
	longer bool
}

func (g *Gazetteer) overlayAt(k string) *overlay {
	o := g.over[k]
	if o == nil {
		o = &overlay{}
		g.over[k] = o
	}
	return o
}

// ids returns the rows named by folded key k.
func (g *Gazetteer) ids(k string) []int32 {
	out, _ := g.lookup(k)
	return out
}

func (g *Gazetteer) addKey(k string, id int32) {
	if k == "" {
		return
	}
	o := g.overlayAt(k)
	if slices.Contains(o.ids, id) {
		return
	}
	o.ids = append(o.ids, id)
	toks := strings.Split(k, " ")
	for n := 1; n < len(toks); n++ {
		g.overlayAt(strings.Join(toks[:n], " ")).longer = true
	}
	h := fnv1a(toks[0]) % firstBits
	g.first[h/8] |= 1 << (h % 8)
	g.maxToks = max(g.maxToks, len(toks))
}

// fastFloat parses the generator's fixed decimal format ("-12.345").
func fastFloat(s string) float64 {
	neg := false
	if s != "" && s[0] == '-' {
		neg, s = true, s[1:]
	}
	var v, scale float64 = 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			scale = 1
			continue
		}
		if c < '0' || c > '9' {
			f, _ := strconv.ParseFloat(s, 64)
			return f
		}
		v = v*10 + float64(c-'0')
		if scale > 0 {
			scale *= 10
		}
	}
	if scale > 0 {
		v /= scale
	}
	if neg {
		v = -v
	}
	return v
}

func fastInt(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		v = v*10 + int(s[i]-'0')
	}
	return v
}

// kindOf maps a row to the output contract's place kinds. GeoNames gives no
// kind for populated places: capitals, seats of an admin unit and places of
// 10,000 people or more are cities, the rest villages.
func (e *entry) kindOf() string {
	if e.kind != "" {
		return e.kind
	}
	switch e.row {
	case kCountry:
		return sitrep.PlaceCountry
	case kAdmin1:
		return sitrep.PlaceAdmin1
	case kAdmin2:
		return sitrep.PlaceAdmin2
	case kCurated:
		return e.kind
	}
	switch e.fcode {
	case "C", "A", "2":
		return sitrep.PlaceCity
	}
	if e.pop >= 10000 {
		return sitrep.PlaceCity
	}
	return sitrep.PlaceVillage
}

// place converts entry i to the shared domain type.
func (g *Gazetteer) place(i int32) sitrep.Place {
	e := g.entryp(i)
	p := sitrep.Place{Name: e.name, Kind: e.kindOf(), CountryCode: e.cc, Lat: float64(e.lat), Lon: float64(e.lon), HasCoords: true}
	p.Lat = roundCoord(p.Lat)
	p.Lon = roundCoord(p.Lon)
	switch e.row {
	case kCountry:
		p.ID = "gn:" + e.cc
	case kAdmin1:
		p.ID = "gn:" + e.id
		p.Admin1 = e.name
	case kAdmin2:
		p.ID = "gn:" + e.id
		p.Admin2 = e.name
		p.Admin1 = g.adminName(e.cc + "." + e.a1)
	case kPlace:
		switch {
		case e.id == "" || e.id[0] == '~':
			p.ID = "gn:" + e.cc + "." + e.a1 + "." + e.a2 + "." + strings.ReplaceAll(text.Key(e.name), " ", "-")
			if e.id != "" {
				p.ID += "-" + e.id[1:]
			}
		default:
			p.ID = "geonames:" + e.id
		}
		if e.a1 != "" {
			p.Admin1 = g.adminName(e.cc + "." + e.a1)
			if e.a2 != "" {
				p.Admin2 = g.adminName(e.cc + "." + e.a1 + "." + e.a2)
			}
		}
	case kCurated:
		p.ID = e.id
		p.Admin1, p.Admin2 = e.a1n, e.a2n
		if e.lat == 0 && e.lon == 0 {
			p.HasCoords = false
		}
	}
	if p.Kind == sitrep.PlaceAdmin1 && p.Admin1 == "" {
		p.Admin1 = p.Name
	}
	return p
}

func roundCoord(f float64) float64 {
	return float64(int64(f*1000+sign(f)*0.5)) / 1000
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

func (g *Gazetteer) adminName(code string) string {
	if i, ok := g.admin[code]; ok {
		return g.entry(i).name
	}
	return ""
}

// Lookup returns the places a name may denote, case and diacritics folded
// ("Khōst" = "khost"), the most prominent first (countries, then admin1,
// admin2, then populated places by size).
func (g *Gazetteer) Lookup(name string) []sitrep.Place {
	g.mu.RLock()
	defer g.mu.RUnlock()
	ids := append([]int32(nil), g.ids(text.Key(name))...)
	sort.SliceStable(ids, func(a, b int) bool { return g.prominence(ids[a]) > g.prominence(ids[b]) })
	out := make([]sitrep.Place, 0, len(ids))
	for _, i := range ids {
		out = append(out, g.place(i))
	}
	return out
}

// Len is the number of entries (countries, admin units, places, curated rows).
func (g *Gazetteer) Len() int {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return int(g.nGen()) + len(g.extra)
}

// entryp returns a decoded copy of row id.
func (g *Gazetteer) entryp(id int32) *entry {
	e := g.entry(id)
	return &e
}

// Merge adds places in the curated format (data/README.md): tab-separated
// name, kind, country, admin1, admin2, lat, lon, aliases (';'-separated), id,
// note, seat class (C capital, A admin1 seat, 2 admin2 seat), population;
// trailing columns may be omitted. A row whose name or alias already names a place of the same kind and
// country adds its aliases to that place and renames it; other rows add new
// places. Lines starting with '#' and blank lines are ignored.
func (g *Gazetteer) Merge(r io.Reader) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	var errs []error
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if err := g.mergeRow(strings.Split(l, "\t")); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", line, err))
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

var validKinds = map[string]bool{
	sitrep.PlaceCountry: true, sitrep.PlaceAdmin1: true, sitrep.PlaceAdmin2: true, sitrep.PlaceCity: true,
	sitrep.PlaceVillage: true, sitrep.PlaceRegion: true, sitrep.PlaceFeature: true,
}

func (g *Gazetteer) mergeRow(f []string) error {
	for len(f) < 12 {
		f = append(f, "")
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	name, kind, cc := f[0], f[1], strings.ToUpper(f[2])
	if name == "" || text.Key(name) == "" {
		return errors.New("empty name")
	}
	if name == "name" && kind == "kind" {
		return nil // header
	}
	if !validKinds[kind] {
		return fmt.Errorf("unknown kind %q", kind)
	}
	var aliases []string
	for _, a := range strings.Split(f[7], ";") {
		if a = strings.TrimSpace(a); a != "" {
			aliases = append(aliases, a)
		}
	}
	var lat, lon float64
	hasCoords := f[5] != "" && f[6] != ""
	if hasCoords {
		var err1, err2 error
		lat, err1 = strconv.ParseFloat(f[5], 64)
		lon, err2 = strconv.ParseFloat(f[6], 64)
		if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			return fmt.Errorf("bad coordinates %q %q", f[5], f[6])
		}
	}
	fclass := f[10]
	if fclass != "" && fclass != "C" && fclass != "A" && fclass != "2" {
		return fmt.Errorf("unknown seat class %q (want C, A or 2)", fclass)
	}
	pop := 0
	if f[11] != "" {
		var err error
		if pop, err = strconv.Atoi(f[11]); err != nil || pop < 0 || pop > 1e9 {
			return fmt.Errorf("bad population %q", f[11])
		}
	}
	keys := []string{text.Key(name)}
	for _, a := range aliases {
		if k := text.Key(a); k != "" {
			keys = append(keys, k)
		}
	}
	// an existing place of the same kind and country (and, when the row
	// gives coordinates, within about 50 km): add aliases, rename
	if ex := g.findSame(keys, kind, cc, hasCoords, lat, lon); ex >= 0 {
		e := g.entryp(ex)
		defer g.store(ex, e)
		e.name = name
		e.nkey = keys[0]
		e.kind = kind
		if fclass != "" {
			e.fcode = fclass
		}
		if pop > 0 {
			e.pop = int32(pop)
		}
		if hasCoords {
			e.lat, e.lon = float32(lat), float32(lon)
		}
		for _, k := range keys {
			g.addKey(k, ex)
		}
		return nil
	}
	id := f[8]
	if id == "" {
		id = "cur:" + strings.ToLower(cc) + ":" + strings.ReplaceAll(text.Key(name), " ", "-")
	}
	e := entry{row: kCurated, kind: kind, id: id, name: name, cc: cc, a1n: f[3], a2n: f[4], lat: float32(lat), lon: float32(lon),
		fcode: fclass, pop: int32(pop), nkey: keys[0]}
	if !hasCoords {
		// fall back to the admin unit's coordinates when the row names one
		for _, k := range []string{f[4], f[3]} {
			for _, j := range g.ids(text.Key(k)) {
				if o := g.entryp(j); k != "" && o.cc == cc && (o.row == kAdmin1 || o.row == kAdmin2) {
					e.lat, e.lon = o.lat, o.lon
					break
				}
			}
			if e.lat != 0 || e.lon != 0 {
				break
			}
		}
	}
	if kind == sitrep.PlaceCountry {
		e.row = kCountry
		e.cc = cc
	}
	i := g.nGen() + int32(len(g.extra))
	g.extra = append(g.extra, e)
	for _, k := range keys {
		g.addKey(k, i)
	}
	return nil
}

// store saves a changed row.
func (g *Gazetteer) store(id int32, e *entry) {
	if id >= g.nGen() {
		g.extra[id-g.nGen()] = *e
		return
	}
	g.renamed[id] = *e
}

// findSame returns an entry named by one of keys with the given kind and
// country, or -1.
func (g *Gazetteer) findSame(keys []string, kind, cc string, hasCoords bool, lat, lon float64) int32 {
	best := int32(-1)
	for _, k := range keys {
		for _, i := range g.ids(k) {
			e := g.entryp(i)
			if e.cc != cc || e.kindOf() != kind && !(kind == sitrep.PlaceCity && e.row == kPlace) {
				continue
			}
			if hasCoords && math.Abs(float64(e.lat)-lat)+math.Abs(float64(e.lon)-lon) > 0.5 {
				continue
			}
			if best < 0 || g.prominence(i) > g.prominence(best) {
				best = i
			}
		}
		if best >= 0 {
			return best
		}
	}
	return best
}
