package api

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/picture"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// Load measurement of the filtered events endpoint, over loopback HTTP with
// concurrent clients. Opt-in:
//
//	go test ./web/api -run TestLoad -v  with SITREP_API_LOAD=1
//	go test ./web/api -run '^$' -bench EventsFiltered
//
// On the examples' store by default; SITREP_API_DB names a store file to
// use instead, built first (synthetic reports, SITREP_API_DOCS of them,
// default 100000) when it does not exist.

// loadQueries are filtered event listings as a map or a list view asks
// for them.
var loadQueries = []string{
	"",
	"type=Battles",
	"type=Air%2Fdrone+strike&sort=fatalities",
	"actor=ttp",
	"actor=pakistan-military&from=2025-03&to=2025-06",
	"place=Kurram",
	"bbox=66,29,72,35",
	"bbox=60,29,75,37&contested=true",
	"contested=true&sort=sources",
	"from=2025-01-01&to=2025-01-31",
	"from=2024&to=2024&type=Strategic+developments",
	"sort=-date&limit=100",
	"summary=true&limit=500&bbox=60,29,75,37",
}

// loadStore opens the store the load runs on.
func loadStore(tb testing.TB) Store {
	tb.Helper()
	path := os.Getenv("SITREP_API_DB")
	if path == "" {
		return fixture(tb)
	}
	if _, err := os.Stat(path); err != nil {
		n := 100000
		if s := os.Getenv("SITREP_API_DOCS"); s != "" {
			var err error
			if n, err = strconv.Atoi(s); err != nil {
				tb.Fatalf("SITREP_API_DOCS=%q", s)
			}
		}
		buildSynthStore(tb, path, n)
	}
	st, err := sqlite.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// buildSynthStore stores n synthetic reports with their records and builds
// their picture with the picture builder.
func buildSynthStore(tb testing.TB, path string, n int) {
	tb.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	t0 := time.Now()
	const batch = 1000
	for i := 0; i < n; i += batch {
		var b []sitrep.DocRecord
		for j := i; j < min(n, i+batch); j++ {
			d, r := synthReport(j)
			b = append(b, sitrep.DocRecord{Doc: d, Record: r})
		}
		if _, err := st.PutDocuments(ctx, b); err != nil {
			tb.Fatal(err)
		}
	}
	tb.Logf("%d synthetic reports stored in %s", n, time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	if os.Getenv("SITREP_API_PICTURE") == "builder" {
		var stats picture.Stats
		x, err := extract.New(extract.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		if err := picture.New(st, x).Update(ctx, &stats); err != nil {
			tb.Fatal(err)
		}
		tb.Logf("picture built by the builder in %s: %d picture events, %d contested, %d families", time.Since(t0).Round(time.Millisecond),
			stats.PictureEvents, stats.Contested, stats.Families)
		return
	}
	incidents, err := synthPicture(ctx, st)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("picture of %d incidents written in %s", incidents, time.Since(t0).Round(time.Millisecond))
}

// synthPicture writes the picture of the synthetic reports straight into
// the store: the reports of one incident (synthReport's i/3) make one
// picture event, whose figures are contested when its reports disagree.
// It stands in for the builder, whose full run on 100,000 reports takes
// longer than a benchmark should; the reads measured are the same.
func synthPicture(ctx context.Context, st *sqlite.Store) (int, error) {
	evs, err := st.Events(ctx, sitrep.EventFilter{})
	if err != nil {
		return 0, err
	}
	byInc := map[int][]sitrep.StoredEvent{}
	var incs []int
	for _, e := range evs {
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(e.Event.ID, "synth-"), "-e1"))
		if err != nil {
			return 0, fmt.Errorf("not a synthetic event: %q", e.Event.ID)
		}
		if _, ok := byInc[i/3]; !ok {
			incs = append(incs, i/3)
		}
		byInc[i/3] = append(byInc[i/3], e)
	}
	slices.Sort(incs)
	var u sitrep.PictureUpdate
	episodes := map[string]*sitrep.Episode{}
	var docs []int64
	flush := func(last bool) error {
		if last {
			for _, ep := range episodes {
				u.Episodes = append(u.Episodes, *ep)
			}
			slices.SortFunc(u.Episodes, func(a, b sitrep.Episode) int { return int(a.ID - b.ID) })
			u.Done = docs
		}
		err := st.ApplyPicture(ctx, u)
		u = sitrep.PictureUpdate{}
		return err
	}
	for n, inc := range incs {
		id := int64(n + 1)
		pe, q := synthEvent(id, byInc[inc])
		day := *pe.EventDate
		t, _ := time.Parse(time.DateOnly, day)
		u.Events = append(u.Events, pe)
		u.Spans = append(u.Spans, sitrep.PictureSpan{From: t.AddDate(0, 0, -3).Format(time.DateOnly), To: t.AddDate(0, 0, 3).Format(time.DateOnly)})
		u.Quantities = append(u.Quantities, q)
		for _, r := range pe.Reports {
			u.Clusters = append(u.Clusters, sitrep.EventCluster{RowID: r.Ref, Cluster: id, Contested: pe.Contested()})
			d, _ := strconv.ParseInt(r.DocID, 10, 64)
			docs = append(docs, d)
		}
		key := pe.Location + " " + day[:7]
		ep := episodes[key]
		if ep == nil {
			ep = &sitrep.Episode{ID: int64(len(episodes) + 1), Label: pe.Location + ", " + day[:7], Start: day, End: day}
			episodes[key] = ep
		}
		ep.Events = append(ep.Events, id)
		ep.Start, ep.End = min(ep.Start, day), max(ep.End, day)
		if len(u.Events) == 2000 {
			if err := flush(false); err != nil {
				return 0, err
			}
		}
	}
	return len(incs), flush(true)
}

// synthEvent fuses the reports of one synthetic incident: they agree on
// everything but, sometimes, the figure.
func synthEvent(id int64, reps []sitrep.StoredEvent) (sitrep.PictureEvent, sitrep.Quantity) {
	e := reps[0].Event
	pe := sitrep.PictureEvent{ID: id, EventType: e.EventType, SubEventType: e.SubEventType, EventDate: e.EventDate,
		TimePrecision: e.TimePrecision, Actor1: e.Actor1, Actor2: e.Actor2, Country: e.Country, CountryCode: e.CountryCode,
		Admin1: e.Admin1, Location: e.Location, Latitude: e.Latitude, Longitude: e.Longitude, GeoPrecision: e.GeoPrecision,
		Conflicts: []string{}}
	q := sitrep.Quantity{ID: fmt.Sprintf("%d/people", id), Event: id, Group: "people", Label: "people killed", Contradictions: []sitrep.Contradiction{}}
	value := func(list *[]sitrep.FieldValue, v, doc string, ref int64) {
		for i := range *list {
			if (*list)[i].Value == v {
				(*list)[i].Docs = append((*list)[i].Docs, doc)
				(*list)[i].Refs = append((*list)[i].Refs, ref)
				(*list)[i].Sources++
				return
			}
		}
		*list = append(*list, sitrep.FieldValue{Value: v, Docs: []string{doc}, Refs: []int64{ref}, Sources: 1})
	}
	for _, r := range reps {
		doc := strconv.FormatInt(r.DocID, 10)
		ev := r.Event
		ev.Evidence = nil
		pe.Reports = append(pe.Reports, sitrep.Report{DocID: doc, Ref: r.RowID, Event: ev, Published: r.Published})
		value(&pe.Dates, *ev.EventDate+"/1", doc, r.RowID)
		value(&pe.Places, ev.Location+", "+ev.Admin1+", "+ev.CountryCode, doc, r.RowID)
		value(&pe.Types, ev.EventType+" / "+ev.SubEventType, doc, r.RowID)
		value(&pe.FatalityValues, strconv.Itoa(*ev.Fatalities), doc, r.RowID)
		if pe.Fatalities == nil || *ev.Fatalities < *pe.Fatalities {
			pe.Fatalities = ev.Fatalities
		}
		fc := ev.FatalityClaims[0]
		q.Figures = append(q.Figures, sitrep.Figure{Count: fc.Count, Qualifier: fc.Qualifier, Victims: fc.Victims, DocID: doc, Ref: r.RowID,
			Published: r.Published, Text: fc.Text, Start: fc.Start, End: fc.End, Low: float64(*fc.Count), High: ptrTo(float64(*fc.Count))})
	}
	pe.Sources = len(reps)
	q.Sources, q.Claimants = len(reps), len(reps)
	if len(pe.FatalityValues) > 1 {
		pe.Conflicts = append(pe.Conflicts, sitrep.ConflictFatalities)
		q.Disputed = true
		q.Contradictions = append(q.Contradictions, sitrep.Contradiction{Quantity: q.ID, A: q.Figures[0], B: q.Figures[len(q.Figures)-1],
			Reason: "exact figures differ"})
	}
	return pe, q
}

func ptrTo[T any](v T) *T { return &v }

// loadResult sums up one load run.
type loadResult struct {
	n             int
	errors        int64
	elapsed       time.Duration
	p50, p95, p99 time.Duration
	// cpu is the processor time the test process (server and clients)
	// spent, which on a shared machine says more than elapsed time.
	cpu time.Duration
}

func (r loadResult) String() string {
	return fmt.Sprintf("%d requests in %s: %.0f req/s, p50 %s, p95 %s, p99 %s, %d errors; CPU %s per request (server and client)",
		r.n, r.elapsed.Round(time.Millisecond), float64(r.n)/r.elapsed.Seconds(), r.p50.Round(10*time.Microsecond),
		r.p95.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.errors, (r.cpu / time.Duration(r.n)).Round(10*time.Microsecond))
}

// cpuTime is the processor time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runLoad sends n requests from c concurrent clients to the filtered
// events endpoint of srv, cycling through loadQueries.
func runLoad(tb testing.TB, srv *httptest.Server, n, c int) loadResult {
	tr := &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	lat := make([]time.Duration, n)
	var next, errs atomic.Int64
	var wg sync.WaitGroup
	t0, c0 := time.Now(), cpuTime()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				url := srv.URL + Prefix + "/events?" + loadQueries[i%len(loadQueries)]
				s := time.Now()
				resp, err := client.Get(url)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s: %s", url, resp.Status)
					}
				}
				lat[i] = time.Since(s)
				if err != nil {
					if errs.Add(1) == 1 {
						tb.Errorf("load: %v", err)
					}
				}
			}
		}()
	}
	wg.Wait()
	r := loadResult{n: n, errors: errs.Load(), elapsed: time.Since(t0), cpu: cpuTime() - c0}
	slices.Sort(lat)
	at := func(p float64) time.Duration { return lat[min(n-1, int(p*float64(n)))] }
	r.p50, r.p95, r.p99 = at(0.50), at(0.95), at(0.99)
	return r
}

// TestLoad reports throughput and latency of the filtered events endpoint
// under concurrent load (SITREP_API_LOAD=1; SITREP_API_REQUESTS and
// SITREP_API_CLIENTS change the run).
func TestLoad(t *testing.T) {
	if os.Getenv("SITREP_API_LOAD") == "" {
		t.Skip("set SITREP_API_LOAD=1 to run the load test")
	}
	n, c := envInt(t, "SITREP_API_REQUESTS", 3000), envInt(t, "SITREP_API_CLIENTS", 8)
	srv := httptest.NewServer(New(Options{Store: loadStore(t)}))
	defer srv.Close()
	defer func(ttl time.Duration) { pageTTL = ttl }(pageTTL)
	pageTTL = 0             // every request reads the store
	runLoad(t, srv, 100, c) // warm the store's caches
	for _, q := range loadQueries {
		r := runSingle(t, srv, q, 30)
		t.Logf("%-50s alone: p50 %s, p95 %s", "?"+q, r.p50.Round(10*time.Microsecond), r.p95.Round(10*time.Microsecond))
	}
	t.Logf("%d clients, no page cache: %s", c, runLoad(t, srv, n, c))
	pageTTL = 5 * time.Second
	t.Logf("%d clients, page cache: %s", c, runLoad(t, srv, n, c))

	// One cold request to each other route, for scale.
	h := New(Options{Store: loadStore(t)})
	for _, q := range []string{"/events/77", "/reports?type=Battles", "/claims?contested=true", "/ledger?contested=true",
		"/documents?actor=ttp", "/documents/5", "/search?q=Kurram+bombed", "/actors", "/families", "/episodes",
		"/places", "/places", "/brief", "/brief", "/export?format=csv&from=2025-01&to=2025-01",
		"/export?format=csv&level=report&from=2025-01&to=2025-01"} {
		t0 := time.Now()
		r := get(t, h, Prefix+q)
		t.Logf("%-60s %d, %7d bytes, %s", q, r.Status, len(r.Body), time.Since(t0).Round(100*time.Microsecond))
	}
}

// runSingle times one query alone, sequentially.
func runSingle(tb testing.TB, srv *httptest.Server, q string, n int) loadResult {
	lat := make([]time.Duration, n)
	t0 := time.Now()
	for i := range n {
		s := time.Now()
		resp, err := http.Get(srv.URL + Prefix + "/events?" + q)
		if err != nil {
			tb.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			tb.Fatalf("?%s: %s", q, resp.Status)
		}
		lat[i] = time.Since(s)
	}
	r := loadResult{n: n, elapsed: time.Since(t0)}
	slices.Sort(lat)
	r.p50, r.p95, r.p99 = lat[n/2], lat[min(n-1, n*95/100)], lat[min(n-1, n*99/100)]
	return r
}

func envInt(tb testing.TB, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		tb.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}

// BenchmarkEventsFiltered measures the filtered events endpoint over
// loopback with 8 concurrent clients; req/s and the latency percentiles
// are reported as metrics. The page cache is off unless SITREP_API_CACHE
// is set.
func BenchmarkEventsFiltered(b *testing.B) {
	defer func(ttl time.Duration) { pageTTL = ttl }(pageTTL)
	if os.Getenv("SITREP_API_CACHE") == "" {
		pageTTL = 0 // measure the store, not the page cache
	}
	srv := httptest.NewServer(New(Options{Store: loadStore(b)}))
	defer srv.Close()
	runLoad(b, srv, 50, 8)
	b.ResetTimer()
	r := runLoad(b, srv, max(b.N, 8), 8)
	b.ReportMetric(float64(r.n)/r.elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(r.p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(r.p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(r.p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64((r.cpu/time.Duration(r.n)).Microseconds())/1000, "cpu-ms/req")
}

// BenchmarkEventsHandler measures one filtered listing through the
// handler alone (no network), per query kind.
func BenchmarkEventsHandler(b *testing.B) {
	defer func(ttl time.Duration) { pageTTL = ttl }(pageTTL)
	pageTTL = 0
	h := New(Options{Store: loadStore(b)})
	for _, q := range loadQueries {
		b.Run(strings.ReplaceAll(cmpOr(q, "all"), "/", "_"), func(b *testing.B) {
			for b.Loop() {
				r := get(b, h, Prefix+"/events?"+q)
				if r.Status != 200 {
					b.Fatalf("%d %s", r.Status, r.Body)
				}
			}
		})
	}
}

// Synthetic reports: a few sentence patterns recombined with actors,
// places, dates and figures, each document's record built alongside so
// its offsets are right. Reports of one incident (same seed bucket) share
// date, place and type, so fusion finds multi-report events, and some
// give different figures, so some are contested.

type synActor struct {
	id, name string
	typ      sitrep.ActorType
	cc       string
}

var synActors = []synActor{
	{"pakistan-military", "Military Forces of Pakistan", sitrep.ActorState, "PK"},
	{"pakistan-police", "Police Forces of Pakistan", sitrep.ActorState, "PK"},
	{"afghan-taliban", "Taliban", sitrep.ActorArmedGroup, "AF"},
	{"ttp", "Tehrik-i-Taliban Pakistan", sitrep.ActorArmedGroup, "PK"},
	{"bla", "Baloch Liberation Army", sitrep.ActorArmedGroup, "PK"},
	{"iskp", "Islamic State Khorasan Province", sitrep.ActorArmedGroup, "AF"},
	{"civilians-pk", "Civilians (Pakistan)", sitrep.ActorCivilians, "PK"},
}

type synPlace struct {
	id, name, cc, country, admin1 string
	lat, lon                      float64
}

var synPlaces = []synPlace{
	{"geonames:1168103", "Kurram", "PK", "Pakistan", "Khyber Pakhtunkhwa", 33.83, 70.25},
	{"geonames:1168197", "Peshawar", "PK", "Pakistan", "Khyber Pakhtunkhwa", 34.01, 71.58},
	{"geonames:1167528", "Quetta", "PK", "Pakistan", "Balochistan", 30.19, 67.01},
	{"geonames:1178338", "Bannu", "PK", "Pakistan", "Khyber Pakhtunkhwa", 32.99, 70.60},
	{"geonames:1138958", "Kabul", "AF", "Afghanistan", "Kabul", 34.53, 69.17},
	{"geonames:1135689", "Khost", "AF", "Afghanistan", "Khost", 33.34, 69.92},
	{"geonames:1180809", "Bajaur", "PK", "Pakistan", "Khyber Pakhtunkhwa", 34.79, 71.53},
	{"geonames:1162813", "Wana", "PK", "Pakistan", "Khyber Pakhtunkhwa", 32.30, 69.57},
}

var synKinds = []struct{ typ, sub, pattern string }{
	{"Battles", "Armed clash", "{a1} fought {a2} outside {p}"},
	{"Explosions/Remote violence", "Air/drone strike", "{a1} bombed {a2} hideouts in {p}"},
	{"Explosions/Remote violence", "Remote explosive/landmine/IED", "a bomb planted by {a2} struck {a1} in {p}"},
	{"Violence against civilians", "Attack", "{a1} gunmen attacked {a2} near {p}"},
	{"Strategic developments", "Arrests", "{a1} detained members of {a2} in {p}"},
}

var synTails = []string{
	"officials said.", "a police officer told reporters.", "residents said by telephone.", "a statement said.",
	"according to hospital staff.", "a spokesman claimed.",
}

var synFiller = []string{
	"Shops stayed shut for the day.", "The road was closed to traffic.", "Schools sent pupils home.",
	"Talks have stalled since spring.", "Phone service was cut.", "Relatives gathered at the hospital.",
	"The district has seen months of unrest.", "Troops searched nearby villages.",
}

// synthReport is report i: incident i/3 told by up to three outlets.
func synthReport(i int) (sitrep.Document, sitrep.Record) {
	inc := uint64(i / 3)
	ir := rand.New(rand.NewPCG(inc, 7))        // the incident's facts
	dr := rand.New(rand.NewPCG(uint64(i), 11)) // this report's wording
	kind := synKinds[ir.IntN(len(synKinds))]
	a1 := synActors[ir.IntN(2)]
	a2 := synActors[2+ir.IntN(len(synActors)-2)]
	pl := synPlaces[ir.IntN(len(synPlaces))]
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, ir.IntN(730))
	dead := ir.IntN(30)
	if dr.IntN(4) == 0 {
		dead += 1 + dr.IntN(10) // some reports give another figure
	}
	id := "synth-" + strconv.Itoa(i)
	rec := sitrep.Record{Contract: sitrep.ContractVersion, ID: id, PublishedSource: sitrep.PublishedInput,
		Actors: []sitrep.RecordActor{}, Places: []sitrep.RecordPlace{}, Times: []sitrep.RecordTime{},
		Events: []sitrep.Event{}, Claims: []sitrep.Claim{}, Warnings: []string{}}
	var sb strings.Builder
	pos := 0
	write := func(s string) sitrep.Mention {
		m := sitrep.Mention{Start: pos, End: pos + len([]rune(s)), Text: s}
		sb.WriteString(s)
		pos = m.End
		return m
	}
	for k := range 1 + dr.IntN(3) {
		write(synFiller[(dr.IntN(len(synFiller))+k)%len(synFiller)] + " ")
	}
	start := pos
	pattern := kind.pattern
	for pattern != "" {
		j := strings.IndexByte(pattern, '{')
		if j < 0 {
			write(pattern)
			break
		}
		write(pattern[:j])
		k := strings.IndexByte(pattern, '}')
		switch pattern[j+1 : k] {
		case "a1", "a2":
			a := a1
			if pattern[j+1:k] == "a2" {
				a = a2
			}
			m := write(a.name)
			rec.Actors = append(rec.Actors, sitrep.RecordActor{ID: a.id, Name: a.name, Type: a.typ, Country: a.cc, Mentions: []sitrep.Mention{m}})
		case "p":
			m := write(pl.name)
			lat, lon := pl.lat, pl.lon
			rec.Places = append(rec.Places, sitrep.RecordPlace{ID: pl.id, Name: pl.name, Kind: "city", CountryCode: pl.cc, Admin1: pl.admin1,
				Lat: &lat, Lon: &lon, Mentions: []sitrep.Mention{m}})
		}
		pattern = pattern[k+1:]
	}
	write(" on ")
	dt := day.Format("January 2, 2006")
	tm := write(dt)
	rec.Times = append(rec.Times, sitrep.RecordTime{Start: tm.Start, End: tm.End, Text: dt, Type: sitrep.TimeDate, Value: day.Format(time.DateOnly)})
	fig := write(fmt.Sprintf(", killing %d people", dead))
	write(", " + synTails[dr.IntN(len(synTails))])
	ev := sitrep.Mention{Start: start, End: pos, Text: string([]rune(sb.String())[start:pos])}
	write(fmt.Sprintf(" (Dispatch %d.) ", i))
	for range 2 + dr.IntN(3) {
		write(synFiller[dr.IntN(len(synFiller))] + " ")
	}
	date, prec, geo, fat := day.Format(time.DateOnly), 1, 1, dead
	lat, lon := pl.lat, pl.lon
	rec.Events = append(rec.Events, sitrep.Event{ID: id + "-e1", EventType: kind.typ, SubEventType: kind.sub,
		EventDate: &date, TimePrecision: &prec, DateText: dt,
		Actor1: &sitrep.ActorRef{ID: a1.id, Name: a1.name}, Actor2: &sitrep.ActorRef{ID: a2.id, Name: a2.name},
		AssocActor1: []sitrep.ActorRef{}, AssocActor2: []sitrep.ActorRef{},
		Country: pl.country, CountryCode: pl.cc, Admin1: pl.admin1, Location: pl.name, Latitude: &lat, Longitude: &lon,
		GeoPrecision: &geo, Fatalities: &fat, Evidence: []sitrep.Mention{ev}, Confidence: 0.8,
		FatalityClaims: []sitrep.FatalityClaim{{Count: &fat, Qualifier: "exact", Victims: "people", Mention: fig}}})
	pub := day.AddDate(0, 0, dr.IntN(2))
	pd := pub.Format(time.DateOnly)
	title := fmt.Sprintf("%s: %s", pl.name, strings.ToLower(kind.sub))
	outlet := []string{"Wire", "Daily", "Monitor", "Post"}[dr.IntN(4)]
	rec.Title, rec.Outlet, rec.Published = title, outlet, &pd
	doc := sitrep.Document{ID: id, Text: sb.String(), Title: title, Outlet: outlet, URL: "https://example.org/" + id,
		Published: pub, PublishedGranularity: sitrep.GranularityDay, PublishedSource: sitrep.PublishedInput}
	return doc, rec
}

// TestSynthReport checks the synthetic records point at their text.
func TestSynthReport(t *testing.T) {
	for i := range 50 {
		d, r := synthReport(i)
		runes := []rune(d.Text)
		check := func(m sitrep.Mention) {
			if string(runes[m.Start:m.End]) != m.Text {
				t.Fatalf("report %d: mention %+v points at %q", i, m, string(runes[m.Start:m.End]))
			}
		}
		for _, a := range r.Actors {
			for _, m := range a.Mentions {
				check(m)
			}
		}
		for _, e := range r.Events {
			check(e.Evidence[0])
			check(e.FatalityClaims[0].Mention)
		}
	}
}
