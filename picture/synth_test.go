package picture

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/dedup"
)

// stream makes a synthetic news stream for crash tests and benchmarks from
// our own sentence templates (testdata/stream): each incident has a type
// (an air strike, a protest, a ceasefire …), a place, a day, figures and a
// cast of actors; each document tells one incident in a headline and 4–8
// sentences chosen among those of its type, statements, denials and
// background, published a day or two after it. Publication advances through
// two years over the stream, several documents tell each incident, some are
// republished copies and some rewrites (a copy with sentences dropped,
// reordered or replaced), so rewrite families are those of a real feed and
// unrelated documents share as little text as independent reports do.
// Deterministic for a seed; documents come a run at a time (Next), so the
// whole stream is never held in memory.
type stream struct {
	rng       *rand.Rand
	sentences map[string][]string // section → templates
	headlines map[string][]string // incident type → templates
	types     []string            // incident types, sorted
	actors    map[string][][]string
	places    []string
	total     int // documents the stream will give, for the pace of time
	n         int // documents given so far
	start     time.Time
	incidents []incident
	recent    []story // recent originals, for copies and rewrites
	// origin maps a copy's or a rewrite's number to its original's, and
	// rewrite marks the rewrites among them, for the tests.
	origin  map[int]int
	rewrite map[int]bool
}

type incident struct {
	typ                  string
	day                  time.Time
	place                string
	figs                 [3]int
	side1, side2, person []string // the names each actor goes by
}

// story is an original document as told, for the copies and rewrites of it.
type story struct {
	n     int
	in    incident
	title string
	sens  []string
}

// Sections of sentences.txt that are no incident type.
var proseSections = []string{"statement", "denial", "background"}

func newStream(t testing.TB, total int, seed uint64) *stream {
	t.Helper()
	s := &stream{
		rng: rand.New(rand.NewPCG(seed, 11)), total: total, start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		actors: map[string][][]string{}, origin: map[int]int{}, rewrite: map[int]bool{},
	}
	dir := filepath.Join("testdata", "stream")
	var err error
	if s.sentences, err = readSections(filepath.Join(dir, "sentences.txt")); err != nil {
		t.Fatal(err)
	}
	if s.headlines, err = readSections(filepath.Join(dir, "headlines.txt")); err != nil {
		t.Fatal(err)
	}
	for typ := range s.sentences {
		if !slices.Contains(proseSections, typ) {
			s.types = append(s.types, typ)
		}
	}
	slices.Sort(s.types)
	raw, err := os.ReadFile(filepath.Join(dir, "actors.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		role, names, ok := strings.Cut(line, "\t")
		if ok && !strings.HasPrefix(line, "#") {
			s.actors[role] = append(s.actors[role], strings.Split(strings.TrimSpace(names), "|"))
		}
	}
	// Places: those of the examples, as the extractor finds them, the
	// curated gazetteer rows (ours): cities, districts, provinces and
	// features, not regions; and the towns of Pakistan and Afghanistan.
	seen := map[string]bool{}
	x := extractor(t)
	for _, d := range exampleDocs(t) {
		for _, p := range x.Extract(d).Places {
			if !seen[p.Name] && p.Kind != "country" {
				seen[p.Name] = true
				s.places = append(s.places, p.Name)
			}
		}
	}
	if raw, err := os.ReadFile(filepath.Join("..", "gazetteer", "data", "curated.tsv")); err == nil {
		for _, line := range strings.Split(string(raw), "\n") {
			f := strings.Split(line, "\t")
			if len(f) > 2 && !strings.HasPrefix(line, "#") && f[1] != "region" && f[1] != "kind" && !seen[f[0]] {
				seen[f[0]] = true
				s.places = append(s.places, f[0])
			}
		}
	}
	for _, name := range gazetteerTowns() {
		if !seen[name] {
			seen[name] = true
			s.places = append(s.places, name)
		}
	}
	slices.Sort(s.places)
	for _, role := range []string{"state", "armed", "civil", "official"} {
		if len(s.actors[role]) == 0 {
			t.Fatalf("synthetic stream: no %s actors in %s", role, dir)
		}
	}
	if len(s.types) == 0 || len(s.places) == 0 {
		t.Fatal("synthetic stream: no incident types or places")
	}
	return s
}

var (
	townsOnce sync.Once
	towns     []string
)

// gazetteerTowns are the towns of Pakistan and Afghanistan of 20,000
// people or more in the generated gazetteer rows whose ASCII name names no
// other populated place in the world, so that the extractor places them
// where the stream means them; read once per test binary.
func gazetteerTowns() []string {
	townsOnce.Do(func() {
		parts, _ := filepath.Glob(filepath.Join("..", "gazetteer", "data", "places-*.tsv.gz"))
		count, ours := map[string]int{}, map[string]bool{}
		for _, part := range parts {
			f, err := os.Open(part)
			if err != nil {
				continue
			}
			zr, err := gzip.NewReader(f)
			if err != nil {
				f.Close()
				continue
			}
			sc := bufio.NewScanner(zr)
			for sc.Scan() {
				// folded key, name, kind, id, country, admin1, admin2, lat,
				// lon, population in thousands, …
				c := strings.Split(sc.Text(), "\t")
				if len(c) < 10 || c[2] != "P" {
					continue
				}
				count[c[1]]++
				if k, _ := strconv.Atoi(c[9]); (c[4] == "PK" || c[4] == "AF") && c[0] == "" && k >= 20 {
					ours[c[1]] = true
				}
			}
			f.Close()
		}
		for name := range ours {
			if count[name] == 1 {
				towns = append(towns, name)
			}
		}
		slices.Sort(towns)
	})
	return towns
}

// readSections reads a template file: "[name]" lines open a section, "#"
// lines are comments.
func readSections(path string) (map[string][]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	sec := ""
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			sec = line[1 : len(line)-1]
		case sec == "":
			return nil, fmt.Errorf("%s: template before any [section]: %q", path, line)
		default:
			out[sec] = append(out[sec], line)
		}
	}
	return out, nil
}

// newIncident makes an incident of a random type with its cast: state
// forces against an armed group, or the reverse where the group acts
// (attacks on civilians, abductions), or protesters against the police.
func (s *stream) newIncident(pub time.Time) incident {
	pick := func(role string) []string { a := s.actors[role]; return a[s.rng.IntN(len(a))] }
	in := incident{
		typ: s.types[s.rng.IntN(len(s.types))], day: pub.AddDate(0, 0, -s.rng.IntN(3)),
		place: s.places[s.rng.IntN(len(s.places))], person: pick("official"),
	}
	for j := range in.figs {
		in.figs[j] = 2 + s.rng.IntN(60)
	}
	switch in.typ {
	case "civilians", "abduction":
		in.side1, in.side2 = pick("armed"), pick("state")
	case "protest", "intervention", "riot":
		in.side1, in.side2 = pick("civil"), s.actors["state"][2] // the police
	default:
		in.side1, in.side2 = pick("state"), pick("armed")
	}
	return in
}

// fill renders a template for an incident; names holds the name this
// document gives each actor.
func (s *stream) fill(tp string, in incident, names [3]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tp, '{')
		j := strings.IndexByte(tp[max(i, 0):], '}')
		if i < 0 || j < 0 {
			b.WriteString(tp)
			break
		}
		b.WriteString(tp[:i])
		switch tp[i+1 : i+j] {
		case "place":
			if s.rng.IntN(10) == 0 {
				b.WriteString(s.places[s.rng.IntN(len(s.places))])
			} else {
				b.WriteString(in.place)
			}
		case "date":
			if s.rng.IntN(4) == 0 {
				b.WriteString(in.day.Format("January 2"))
			} else {
				b.WriteString(in.day.Format("January 2, 2006"))
			}
		case "n":
			b.WriteString(strconv.Itoa(in.figs[s.rng.IntN(3)]))
		case "side1":
			b.WriteString(names[0])
		case "side2":
			b.WriteString(names[1])
		case "official":
			b.WriteString(names[2])
		default:
			b.WriteString(tp[i : i+j+1])
		}
		tp = tp[i+j+1:]
	}
	out := b.String()
	r, n := utf8.DecodeRuneInString(out)
	return string(unicode.ToUpper(r)) + out[n:]
}

// tell writes a new document about an incident: a headline and 4–8
// sentences, mostly of the incident's type, then statements, denials and
// background.
func (s *stream) tell(i int, in incident) story {
	names := [3]string{in.side1[s.rng.IntN(len(in.side1))], in.side2[s.rng.IntN(len(in.side2))], in.person[s.rng.IntN(len(in.person))]}
	st := story{n: i, in: in}
	if hs := s.headlines[in.typ]; len(hs) > 0 {
		st.title = s.fill(hs[s.rng.IntN(len(hs))], in, names)
	} else {
		st.title = s.fill("Violence reported in {place}", in, names)
	}
	k := 4 + s.rng.IntN(5)
	own := s.rng.Perm(len(s.sentences[in.typ]))
	nown := min(len(own), max(2, k*3/5))
	for _, j := range own[:nown] {
		st.sens = append(st.sens, s.fill(s.sentences[in.typ][j], in, names))
	}
	used := map[string]bool{}
	for len(st.sens) < k {
		sec := "statement"
		switch r := s.rng.IntN(10); {
		case r < 3:
			sec = "denial"
		case r < 5:
			sec = "background"
		}
		tp := s.sentences[sec][s.rng.IntN(len(s.sentences[sec]))]
		if used[tp] {
			continue
		}
		used[tp] = true
		st.sens = append(st.sens, s.fill(tp, in, names))
	}
	return st
}

// text lays a story out: the headline, then paragraphs of one or two
// sentences, then a byline that tells the outlets apart.
func (st story) text(byline string) string {
	var b strings.Builder
	b.WriteString(st.title)
	for j, sen := range st.sens {
		if j%2 == 0 || j == 1 {
			b.WriteString("\n\n")
		} else {
			b.WriteString(" ")
		}
		b.WriteString(sen)
	}
	b.WriteString("\n\n")
	b.WriteString(byline)
	b.WriteString("\n")
	return b.String()
}

// Next gives the next n documents of the stream.
func (s *stream) Next(n int) []sitrep.Document {
	out := make([]sitrep.Document, 0, n)
	span := 730 * 24 * time.Hour
	for range n {
		i := s.n
		s.n++
		pub := s.start.Add(time.Duration(float64(span) * float64(i) / float64(max(s.total, 1)))).Truncate(24 * time.Hour)
		var text string
		switch r := s.rng.IntN(120); {
		case len(s.recent) > 0 && r < 10:
			// A copy republished by another outlet.
			orig := s.recent[s.rng.IntN(len(s.recent))]
			s.origin[i] = orig.n
			text = orig.text("Republished by partner outlet " + strconv.Itoa(i) + ".")
		case len(s.recent) > 0 && r < 13:
			// A rewrite: sentences dropped, two swapped, or one replaced.
			orig := s.recent[s.rng.IntN(len(s.recent))]
			s.origin[i], s.rewrite[i] = orig.n, true
			rw := story{title: orig.title, sens: slices.Clone(orig.sens)}
			switch s.rng.IntN(3) {
			case 0:
				if len(rw.sens) > 4 {
					j := s.rng.IntN(len(rw.sens))
					rw.sens = slices.Delete(rw.sens, j, j+1)
				}
			case 1:
				j := s.rng.IntN(len(rw.sens) - 1)
				rw.sens[j], rw.sens[j+1] = rw.sens[j+1], rw.sens[j]
			default:
				other := s.tell(i, orig.in)
				rw.sens[s.rng.IntN(len(rw.sens))] = other.sens[0]
			}
			text = rw.text("Adapted from a report by outlet " + strconv.Itoa(orig.n%37) + ".")
		default:
			var in incident
			if k := len(s.incidents); k > 0 && s.rng.IntN(2) == 0 {
				in = s.incidents[max(0, k-1-s.rng.IntN(min(k, 8)))]
			} else {
				in = s.newIncident(pub)
				s.incidents = append(s.incidents, in)
				if len(s.incidents) > 64 {
					s.incidents = s.incidents[len(s.incidents)-32:]
				}
			}
			st := s.tell(i, in)
			text = st.text("Report " + strconv.Itoa(i) + ".")
			s.recent = append(s.recent, st)
			if len(s.recent) > 50 {
				s.recent = s.recent[1:]
			}
		}
		out = append(out, sitrep.Document{
			ID: "syn-" + strconv.Itoa(i), Text: text, Outlet: "Outlet " + strconv.Itoa(i%37),
			Published: pub, PublishedSource: sitrep.PublishedInput,
		})
	}
	return out
}

// The stream tells incidents through time: its documents yield events,
// and their dates move with publication.
func TestStream(t *testing.T) {
	s := newStream(t, 400, 1)
	docs := s.Next(400)
	x := extractor(t)
	events, dated := 0, 0
	for _, d := range docs[:40] {
		rec := x.Extract(d)
		events += len(rec.Events)
		for _, e := range rec.Events {
			if e.EventDate != nil {
				dated++
			}
		}
	}
	if events < 40 || dated < events/3 {
		t.Errorf("40 synthetic documents gave %d events, %d dated", events, dated)
	}
	if docs[0].Published.Equal(docs[399].Published) || docs[399].Published.Sub(docs[0].Published) < 700*24*time.Hour {
		t.Errorf("publication does not advance: %s to %s", docs[0].Published, docs[399].Published)
	}
	n := 0
	for _, ts := range s.sentences {
		n += len(ts)
	}
	t.Logf("%d sentence templates, %d incident types, %d places; first document:\n%s", n, len(s.types), len(s.places), docs[1].Text)
}

// Unrelated documents of the stream share little text, as independent
// reports do, and its rewrite families are those of its copies and rewrites:
// none swallows the stream, and most copies join their original's.
func TestStreamFamilies(t *testing.T) {
	const total = 2000
	s := newStream(t, total, 1)
	docs := s.Next(total)
	var originals []int
	for i := range docs {
		if _, ok := s.origin[i]; !ok {
			originals = append(originals, i)
		}
	}
	rng := rand.New(rand.NewPCG(7, 7))
	sum, pairs := 0.0, 2000
	for range pairs {
		a, b := originals[rng.IntN(len(originals))], originals[rng.IntN(len(originals))]
		if a == b {
			b = originals[(slices.Index(originals, a)+1)%len(originals)]
		}
		sum += dedup.Jaccard(docs[a], docs[b])
	}
	if mean := sum / float64(pairs); mean >= 0.02 {
		t.Errorf("random pairs of original documents: mean shingle Jaccard %.4f, want below 0.02", mean)
	} else {
		t.Logf("random pairs of original documents: mean shingle Jaccard %.4f", mean)
	}

	ix := dedup.NewIndex()
	for _, d := range docs {
		ix.Add(d.ID, dedup.Sign(d))
	}
	largest := 0
	for _, f := range ix.Families() {
		largest = max(largest, len(f))
	}
	if largest > total/100 {
		t.Errorf("largest rewrite family holds %d of %d documents, want at most 1%%", largest, total)
	}
	found, copies, rwFound, rewrites := 0, 0, 0, 0
	for i, o := range s.origin {
		joined := slices.Contains(ix.Family(docs[i].ID), docs[o].ID)
		if s.rewrite[i] {
			rewrites++
			if joined {
				rwFound++
			}
			continue
		}
		copies++
		if joined {
			found++
		}
	}
	if copies == 0 || found*10 < copies*8 {
		t.Errorf("%d of %d copies are in a family with their original, want most", found, copies)
	}
	if rewrites == 0 || rwFound*2 < rewrites {
		t.Errorf("%d of %d rewrites are in a family with their original, want most", rwFound, rewrites)
	}
	t.Logf("%d families, largest %d; copies found %d/%d, rewrites %d/%d", len(ix.Families()), largest, found, copies, rwFound, rewrites)
}
