package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/examples"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/picture"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// The shared fixture: a real store in a temporary directory, filled with the
// bundled example reports by the picture builder, as `sitrep ingest` would.
var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixtureX    *extract.Extractor
	fixtureSt   *sqlite.Store
	fixtureErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureSt != nil {
		fixtureSt.Close()
	}
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// extractor loads the knowledge once for every test.
func extractor(t testing.TB) *extract.Extractor {
	t.Helper()
	fixture(t)
	return fixtureX
}

// exampleDocs reads the bundled examples through the file ingestion.
func exampleDocs(dir string) ([]sitrep.Document, error) {
	src := filepath.Join(dir, "examples")
	if err := os.CopyFS(src, examples.FS); err != nil {
		return nil, err
	}
	var docs []sitrep.Document
	err := ingest.Read([]string{src}, ingest.Options{}, func(d sitrep.Document) error {
		d.ID = filepath.Base(d.ID)
		docs = append(docs, d)
		return nil
	}, nil)
	return docs, err
}

// fixture returns the shared store of the examples.
func fixture(t testing.TB) *sqlite.Store {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureDir, fixtureErr = os.MkdirTemp("", "sitrep-api-test-")
		if fixtureErr != nil {
			return
		}
		if fixtureX, fixtureErr = extract.New(extract.Options{}); fixtureErr != nil {
			return
		}
		docs, err := exampleDocs(fixtureDir)
		if err != nil {
			fixtureErr = err
			return
		}
		if fixtureSt, fixtureErr = sqlite.Open(filepath.Join(fixtureDir, "examples.db")); fixtureErr != nil {
			return
		}
		b := picture.New(fixtureSt, fixtureX)
		b.Hash = sqlite.Hash
		_, fixtureErr = b.IngestSlice(context.Background(), docs, nil)
	})
	if fixtureErr != nil {
		t.Fatalf("fixture: %v", fixtureErr)
	}
	return fixtureSt
}

// emptyStore is a fresh store of a test's own, with a builder.
func emptyStore(t testing.TB) (*sqlite.Store, *picture.Builder) {
	t.Helper()
	x := extractor(t)
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := picture.New(st, x)
	b.Hash = sqlite.Hash
	return st, b
}

// response is a finished request.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func do(t testing.TB, h http.Handler, method, target string, body io.Reader, ctype string) response {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.Bytes()}
}

func get(t testing.TB, h http.Handler, target string) response {
	t.Helper()
	return do(t, h, "GET", target, nil, "")
}

// decode reads a JSON answer, failing the test on any other.
func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want JSON; body %.300s", ct, r.Body)
	}
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("answer is not JSON: %v; body %.300s", err, r.Body)
	}
}

func readOnly(t testing.TB) http.Handler {
	return New(Options{Store: fixture(t)})
}

func TestEveryRouteAnswers(t *testing.T) {
	h := readOnly(t)
	var evs eventsJSON
	get(t, h, Prefix+"/events?limit=1").decode(t, &evs)
	if len(evs.Events) == 0 {
		t.Fatal("no picture event in the examples' store")
	}
	var docs documentsJSON
	get(t, h, Prefix+"/documents?limit=1").decode(t, &docs)
	if len(docs.Documents) == 0 {
		t.Fatal("no document in the examples' store")
	}
	evID, docID := evs.Events[0].ID, docs.Documents[0].ID
	cases := []struct {
		path  string
		ctype string
		// nonEmpty is a top-level key whose list must hold something.
		nonEmpty string
	}{
		{Prefix + "/", "application/json", "routes"},
		{Prefix + "/openapi.json", "application/json", ""},
		{Prefix + "/events", "application/json", "events"},
		{Prefix + fmt.Sprintf("/events/%d", evID), "application/json", "documents"},
		{Prefix + "/reports", "application/json", "reports"},
		{Prefix + fmt.Sprintf("/reports?event=%d", evID), "application/json", "reports"},
		{Prefix + "/claims", "application/json", "claims"},
		{Prefix + "/ledger", "application/json", "quantities"},
		{Prefix + "/actors", "application/json", "actors"},
		{Prefix + "/places", "application/json", "places"},
		{Prefix + "/documents", "application/json", "documents"},
		{Prefix + fmt.Sprintf("/documents/%d", docID), "application/json", "mentions"},
		{Prefix + "/families", "application/json", ""},
		{Prefix + "/episodes", "application/json", "episodes"},
		{Prefix + "/search?q=Taliban", "application/json", "hits"},
		{Prefix + "/brief", "text/markdown", ""},
		{Prefix + "/brief?format=html", "text/html", ""},
		{Prefix + "/export", "text/csv", ""},
		{Prefix + "/export?format=geojson", "application/geo+json", ""},
		{Prefix + "/export?format=jsonl", "application/jsonl", ""},
		{Prefix + "/export?format=csv&level=report", "text/csv", ""},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			r := get(t, h, c.path)
			if r.Status != http.StatusOK {
				t.Fatalf("status %d, body %.300s", r.Status, r.Body)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, c.ctype) {
				t.Fatalf("Content-Type %q, want %s", ct, c.ctype)
			}
			if len(bytes.TrimSpace(r.Body)) == 0 {
				t.Fatal("empty body")
			}
			if c.nonEmpty != "" {
				var m map[string]json.RawMessage
				r.decode(t, &m)
				var list []json.RawMessage
				if err := json.Unmarshal(m[c.nonEmpty], &list); err != nil || len(list) == 0 {
					t.Fatalf("%s is empty or not a list: %.200s", c.nonEmpty, m[c.nonEmpty])
				}
			}
		})
	}
}

func TestEventDetail(t *testing.T) {
	h := readOnly(t)
	var evs eventsJSON
	get(t, h, Prefix+"/events?limit=500").decode(t, &evs)
	for _, e := range evs.Events {
		var d eventJSON
		get(t, h, Prefix+"/events/"+strconv.FormatInt(e.ID, 10)).decode(t, &d)
		if d.Event.ID != e.ID || len(d.Event.Reports) != len(e.Reports) {
			t.Fatalf("event %d: detail has id %d and %d reports, listing %d", e.ID, d.Event.ID, len(d.Event.Reports), len(e.Reports))
		}
		evidence := 0
		for _, rep := range d.Event.Reports {
			evidence += len(rep.Event.Evidence)
		}
		if evidence == 0 {
			t.Errorf("event %d: no evidence in any report", e.ID)
		}
		docs := map[string]bool{}
		for _, rep := range d.Event.Reports {
			docs[rep.DocID] = true
		}
		if len(d.Documents) != len(docs) {
			t.Errorf("event %d: %d documents listed, reports name %d", e.ID, len(d.Documents), len(docs))
		}
		for _, q := range d.Ledger {
			if q.Event != e.ID {
				t.Errorf("event %d: ledger line %s of event %d", e.ID, q.ID, q.Event)
			}
		}
	}
}

func TestDocumentOffsets(t *testing.T) {
	h := readOnly(t)
	var docs documentsJSON
	get(t, h, Prefix+"/documents").decode(t, &docs)
	for _, d := range docs.Documents {
		var full documentJSON
		get(t, h, Prefix+"/documents/"+strconv.FormatInt(d.ID, 10)).decode(t, &full)
		runes := []rune(full.Text)
		if len(full.Mentions) == 0 || full.Record == nil {
			t.Errorf("document %d: no mentions or no record", d.ID)
		}
		for _, m := range full.Mentions {
			if m.Start < 0 || m.End > len(runes) || m.Start > m.End || string(runes[m.Start:m.End]) != m.Text {
				t.Errorf("document %d: mention %+v does not point at its text", d.ID, m)
			}
		}
	}
}

func TestErrors(t *testing.T) {
	h := readOnly(t)
	cases := []struct {
		method, path string
		status       int
		param        string
	}{
		{"GET", "/events?from=2025-13-01", 400, "from"},
		{"GET", "/events?from=yesterday", 400, "from"},
		{"GET", "/events?to=2025-02-30", 400, "to"},
		{"GET", "/events?from=2025-11&to=2025-10", 400, "to"},
		{"GET", "/events?bbox=1,2,3", 400, "bbox"},
		{"GET", "/events?bbox=60,29,75,x", 400, "bbox"},
		{"GET", "/events?bbox=60,29,190,37", 400, "bbox"},
		{"GET", "/events?bbox=60,37,75,29", 400, "bbox"},
		{"GET", "/events?bbox=NaN,29,75,37", 400, "bbox"},
		{"GET", "/events?sort=newest", 400, "sort"},
		{"GET", "/events?limit=0", 400, "limit"},
		{"GET", "/events?limit=501", 400, "limit"},
		{"GET", "/events?limit=ten", 400, "limit"},
		{"GET", "/events?cursor=not-a-cursor", 400, "cursor"},
		{"GET", "/events?cursor=%00", 400, "cursor"},
		{"GET", "/events?contested=maybe", 400, "contested"},
		{"GET", "/events?type=Skirmish", 400, "type"},
		{"GET", "/events?episode=-1", 400, "episode"},
		{"GET", "/events?actor=" + strings.Repeat("a", 201), 400, "actor"},
		{"GET", "/events?place=%01", 400, "place"},
		{"GET", "/events?form=2025", 400, "form"},
		{"GET", "/events?type=Battles&type=Riots", 400, "type"},
		{"GET", "/events/0", 400, "id"},
		{"GET", "/events/abc", 400, "id"},
		{"GET", "/events/999999", 404, ""},
		{"GET", "/documents/999999", 404, ""},
		{"GET", "/reports?offset=-1", 400, "offset"},
		{"GET", "/claims?kind=rumour", 400, "kind"},
		{"GET", "/actors?type=alien", 400, "type"},
		{"GET", "/search", 400, "q"},
		{"GET", "/search?q=%22unclosed", 400, "q"},
		{"GET", "/search?q=x&limit=1000", 400, "limit"},
		{"GET", "/brief?format=pdf", 400, "format"},
		{"GET", "/brief?since=last-week", 400, "since"},
		{"GET", "/export?format=xlsx", 400, "format"},
		{"GET", "/export?level=report&bbox=60,29,75,37", 400, "bbox"},
		{"GET", "/nothing-here", 404, ""},
		{"DELETE", "/events", 405, ""},
		{"POST", "/events/1", 405, ""},
		{"PUT", "/documents", 405, ""},
		{"POST", "/documents", 503, ""},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			r := do(t, h, c.method, Prefix+c.path, strings.NewReader(`{"text":"x"}`), "application/json")
			if r.Status != c.status {
				t.Fatalf("status %d, want %d; body %.300s", r.Status, c.status, r.Body)
			}
			var e errorBody
			r.decode(t, &e)
			if e.Error == "" || e.Param != c.param {
				t.Fatalf("error %+v, want a message and param %q", e, c.param)
			}
			if c.status == 405 {
				allow := r.Header.Get("Allow")
				if allow == "" || strings.Contains(allow, c.method) {
					t.Fatalf("Allow %q after %s", allow, c.method)
				}
			}
		})
	}
}

func TestEventFilters(t *testing.T) {
	h := readOnly(t)
	var all eventsJSON
	get(t, h, Prefix+"/events?limit=500").decode(t, &all)
	if all.Total != len(all.Events) || all.Next != "" {
		t.Fatalf("total %d, %d listed, next %q", all.Total, len(all.Events), all.Next)
	}
	cases := []struct {
		query string
		keep  func(e sitrep.PictureEvent) bool
	}{
		{"contested=true", func(e sitrep.PictureEvent) bool { return len(e.Conflicts) > 0 }},
		{"type=battles", func(e sitrep.PictureEvent) bool { return e.EventType == "Battles" }},
		{"type=Air%2Fdrone+strike", func(e sitrep.PictureEvent) bool { return e.SubEventType == "Air/drone strike" }},
		{"bbox=60,29,72,35", func(e sitrep.PictureEvent) bool {
			return e.Latitude != nil && e.Longitude != nil && *e.Latitude >= 29 && *e.Latitude <= 35 && *e.Longitude >= 60 && *e.Longitude <= 72
		}},
		{"from=2025-10&to=2025-10", func(e sitrep.PictureEvent) bool {
			return e.EventDate != nil && strings.HasPrefix(*e.EventDate, "2025-10")
		}},
		{"actor=afghan-taliban", func(e sitrep.PictureEvent) bool {
			for _, r := range e.Reports {
				ev := r.Event
				for _, a := range append([]sitrep.ActorRef{}, append(ev.AssocActor1, ev.AssocActor2...)...) {
					if a.ID == "afghan-taliban" {
						return true
					}
				}
				if ev.Actor1 != nil && ev.Actor1.ID == "afghan-taliban" || ev.Actor2 != nil && ev.Actor2.ID == "afghan-taliban" {
					return true
				}
			}
			return false
		}},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			var got eventsJSON
			get(t, h, Prefix+"/events?limit=500&"+c.query).decode(t, &got)
			var want []int64
			for _, e := range all.Events {
				if c.keep(e) {
					want = append(want, e.ID)
				}
			}
			var ids []int64
			for _, e := range got.Events {
				ids = append(ids, e.ID)
			}
			slices.Sort(ids)
			slices.Sort(want)
			if !slices.Equal(ids, want) {
				t.Fatalf("got events %v, want %v", ids, want)
			}
			if got.Total != len(want) {
				t.Fatalf("total %d, want %d", got.Total, len(want))
			}
		})
	}
}

func TestEventsCursor(t *testing.T) {
	h := readOnly(t)
	for _, sort := range sorts {
		var all eventsJSON
		get(t, h, Prefix+"/events?limit=500&sort="+sort).decode(t, &all)
		var ids []int64
		next := ""
		for pages := 0; pages <= len(all.Events); pages++ {
			var p eventsJSON
			get(t, h, Prefix+"/events?limit=2&sort="+sort+"&cursor="+url.QueryEscape(next)).decode(t, &p)
			for _, e := range p.Events {
				ids = append(ids, e.ID)
			}
			if next = p.Next; next == "" {
				break
			}
		}
		var want []int64
		for _, e := range all.Events {
			want = append(want, e.ID)
		}
		if !slices.Equal(ids, want) {
			t.Errorf("sort %s: paging by 2 gives %v, one page %v", sort, ids, want)
		}
	}
}

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	h := New(Options{Store: fixture(t), Registry: reg})
	get(t, h, Prefix+"/events")
	get(t, h, Prefix+"/events?sort=bad")
	get(t, h, Prefix+"/nowhere")
	// A second handler on one registry shares the collectors.
	New(Options{Store: fixture(t), Registry: reg})
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetName()+"="+l.GetValue())
			}
			key := mf.GetName() + "{" + strings.Join(labels, ",") + "}"
			switch {
			case m.Counter != nil:
				got[key] = m.Counter.GetValue()
			case m.Histogram != nil:
				got[key] = float64(m.Histogram.GetSampleCount())
			}
		}
	}
	for key, want := range map[string]float64{
		"sitrep_api_requests_total{code=200,method=GET,route=/api/v1/events}": 1,
		"sitrep_api_requests_total{code=400,method=GET,route=/api/v1/events}": 1,
		"sitrep_api_requests_total{code=404,method=GET,route=unknown}":        1,
		"sitrep_api_request_duration_seconds{route=/api/v1/events}":           2,
		"sitrep_documents_ingested_total{}":                                   0,
	} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v (have %v)", key, got[key], want, got)
		}
	}
}

func TestBrief(t *testing.T) {
	h := readOnly(t)
	md := get(t, h, Prefix+"/brief")
	if !bytes.HasPrefix(md.Body, []byte("# ")) || !bytes.Contains(md.Body, []byte("## Key developments")) {
		t.Fatalf("Markdown brief: %.300s", md.Body)
	}
	// Every example document is a source the brief can cite.
	var docs documentsJSON
	get(t, h, Prefix+"/documents").decode(t, &docs)
	if !bytes.Contains(md.Body, []byte(fmt.Sprintf("%d documents", len(docs.Documents)))) {
		t.Errorf("the brief does not count the %d documents: %.300s", len(docs.Documents), md.Body)
	}
	top1 := get(t, h, Prefix+"/brief?top=1")
	if bytes.Count(top1.Body, []byte("\n- **")) >= bytes.Count(md.Body, []byte("\n- **")) {
		t.Error("top=1 does not shorten the key developments")
	}
	later := get(t, h, Prefix+"/brief?since=2026")
	if len(later.Body) >= len(md.Body) {
		t.Error("since=2026 does not leave out the earlier events")
	}
	html := get(t, h, Prefix+"/brief?format=html")
	if !bytes.Contains(html.Body, []byte("<html")) {
		t.Fatalf("HTML brief: %.300s", html.Body)
	}
}

func TestSearchMarks(t *testing.T) {
	h := readOnly(t)
	var res searchJSON
	get(t, h, Prefix+"/search?q=Torkham").decode(t, &res)
	if len(res.Hits) == 0 {
		t.Fatal("no hit for Torkham")
	}
	for _, hit := range res.Hits {
		var plain strings.Builder
		matched := false
		for _, p := range hit.Parts {
			plain.WriteString(p.Text)
			matched = matched || p.Match && strings.EqualFold(p.Text, "Torkham")
		}
		if plain.String() != hit.Snippet || !matched || strings.ContainsAny(hit.Snippet, markOpen+markClose) {
			t.Errorf("hit %d: snippet %q, parts %+v", hit.Document.ID, hit.Snippet, hit.Parts)
		}
	}
	// Operators are full-text syntax unless literal is set.
	var or, lit searchJSON
	get(t, h, Prefix+"/search?q=Torkham+OR+Doha").decode(t, &or)
	get(t, h, Prefix+"/search?q=Torkham+OR+Doha&literal=true").decode(t, &lit)
	if len(or.Hits) <= len(res.Hits) || len(lit.Hits) > len(res.Hits) {
		t.Errorf("OR gives %d hits, literal %d, Torkham alone %d", len(or.Hits), len(lit.Hits), len(res.Hits))
	}
}

// plainStore hides what a store offers beyond Options.Store
// (sitrep.PictureStats), to test the handler's fallbacks.
type plainStore struct{ Store }

func TestWithoutPictureStats(t *testing.T) {
	full, plain := readOnly(t), New(Options{Store: plainStore{fixture(t)}})
	var evs eventsJSON
	get(t, full, Prefix+"/events?limit=500").decode(t, &evs)
	for _, e := range evs.Events {
		path := Prefix + "/events/" + strconv.FormatInt(e.ID, 10)
		a, b := get(t, full, path), get(t, plain, path)
		if a.Status != 200 || !bytes.Equal(a.Body, b.Body) {
			t.Fatalf("%s: answers differ without PictureStats:\n%.300s\n%.300s", path, a.Body, b.Body)
		}
	}
	// Summaries: the same events, without their reports, either way.
	var sa, sb eventsJSON
	get(t, full, Prefix+"/events?limit=500&summary=true").decode(t, &sa)
	get(t, plain, Prefix+"/events?limit=500&summary=true").decode(t, &sb)
	if len(sa.Events) != len(evs.Events) || sa.Total != evs.Total || len(sb.Events) != len(evs.Events) {
		t.Fatalf("summaries list %d and %d events, full listing %d", len(sa.Events), len(sb.Events), len(evs.Events))
	}
	for i := range sa.Events {
		a, b, e := sa.Events[i], sb.Events[i], evs.Events[i]
		if a.ID != e.ID || b.ID != e.ID || len(a.Reports) != 0 || len(b.Reports) != 0 ||
			a.EventType != e.EventType || b.Location != e.Location || a.Location != e.Location || a.Sources != e.Sources {
			t.Errorf("summary %d: %+v / %+v, event %+v", i, a, b, e)
		}
	}
}
