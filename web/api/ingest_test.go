package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

const wire = `KABUL, Oct 12, 2025 - Pakistani forces and Afghan Taliban fighters clashed near the Torkham border crossing on Saturday, killing at least 12 people, officials said.`

func TestIngest(t *testing.T) {
	st, b := emptyStore(t)
	reg := prometheus.NewRegistry()
	h := New(Options{Store: st, Builder: b, Registry: reg})

	// The empty picture is read (and cached) first: the ingest must clear
	// the cached page.
	var before eventsJSON
	get(t, h, Prefix+"/events").decode(t, &before)
	if before.Total != 0 {
		t.Fatalf("empty store lists %d events", before.Total)
	}
	// One JSON document: added, and listed with its store id.
	r := do(t, h, "POST", Prefix+"/documents", strings.NewReader(`{"text":`+strconv.Quote(wire)+`,"title":"Border clash","outlet":"Wire","published":"2025-10-12","url":"https://example.org/a"}`), "application/json")
	if r.Status != http.StatusCreated {
		t.Fatalf("status %d, body %s", r.Status, r.Body)
	}
	checkSchema(t, r.Body, "IngestResult")
	var res ingestJSON
	r.decode(t, &res)
	if res.Read != 1 || res.Added != 1 || len(res.Docs) != 1 || res.Docs[0].Title != "Border clash" || res.Docs[0].Published != "2025-10-12" {
		t.Fatalf("answer %+v", res)
	}
	if res.Picture.Documents != 1 {
		t.Errorf("picture after ingest %+v, want one document", res.Picture)
	}
	var evs eventsJSON
	get(t, h, Prefix+"/events").decode(t, &evs)
	if evs.Total != 1 || len(evs.Events) != 1 || evs.Events[0].EventType != "Battles" {
		t.Fatalf("picture after ingest: %+v, want the one clash", evs)
	}
	id := res.Docs[0].ID
	var doc documentJSON
	get(t, h, Prefix+"/documents/"+strconv.FormatInt(id, 10)).decode(t, &doc)
	if doc.Text != wire || doc.Document.URL != "https://example.org/a" {
		t.Fatalf("stored document %+v", doc.Document)
	}

	// The same text again adds nothing.
	r = do(t, h, "POST", Prefix+"/documents", strings.NewReader(`[{"text":`+strconv.Quote(wire)+`}]`), "application/json")
	r.decode(t, &res)
	if r.Status != http.StatusOK || res.Added != 0 || res.Present != 1 || len(res.Docs) != 0 {
		t.Fatalf("repost: status %d, %+v", r.Status, res)
	}

	// Plain text with its metadata in the query; then an array of two.
	r = do(t, h, "POST", Prefix+"/documents?title=Second&published=2025-10-13", strings.NewReader("Islamabad says Pakistani jets struck hideouts of the TTP in Paktika on Sunday."), "text/plain; charset=utf-8")
	r.decode(t, &res)
	if r.Status != http.StatusCreated || res.Added != 1 || res.Docs[0].Title != "Second" || res.Docs[0].Published != "2025-10-13" {
		t.Fatalf("text/plain: status %d, %+v", r.Status, res)
	}
	r = do(t, h, "POST", Prefix+"/documents", strings.NewReader(`[{"id":"a","text":"Talks between Pakistan and Afghanistan resumed in Doha."},{"id":"b","text":"Protesters gathered in Quetta on Monday."}]`), "application/json")
	r.decode(t, &res)
	if r.Status != http.StatusCreated || res.Added != 2 || len(res.Docs) != 2 {
		t.Fatalf("array: status %d, %+v", r.Status, res)
	}
	// JSON Lines as the command line reads them; the second line is known.
	r = do(t, h, "POST", Prefix+"/documents", strings.NewReader(`{"id":"c","text":"Pakistani jets struck Barmal in Paktika on Tuesday."}`+"\n"+`{"id":"d","text":"Protesters gathered in Quetta on Monday."}`+"\n"), "application/jsonl")
	r.decode(t, &res)
	if r.Status != http.StatusCreated || res.Added != 1 || res.Present != 1 {
		t.Fatalf("jsonl: status %d, %+v", r.Status, res)
	}
	var docs documentsJSON
	get(t, h, Prefix+"/documents").decode(t, &docs)
	if len(docs.Documents) != 5 {
		t.Fatalf("%d documents stored, want 5", len(docs.Documents))
	}
	if n := counterValue(t, reg, "sitrep_documents_ingested_total"); n != 5 {
		t.Errorf("documents ingested metric %v, want 5", n)
	}
}

// counterValue reads a registered counter without labels.
func counterValue(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

func TestIngestRefusals(t *testing.T) {
	st, b := emptyStore(t)
	h := New(Options{Store: st, Builder: b, MaxBody: 1 << 10})
	big := `{"text":"` + strings.Repeat("word ", 400) + `"}`
	cases := []struct {
		name, body, ctype, query string
		status                   int
		param, says              string
	}{
		{"no content type", `{"text":"x"}`, "", "", 415, "", "Content-Type"},
		{"html", "<p>x</p>", "text/html", "", 415, "", "text/html"},
		{"latin-1", "x", "text/plain; charset=iso-8859-1", "", 415, "", "UTF-8"},
		{"too large", big, "application/json", "", 413, "", "larger"},
		{"empty", "", "application/json", "", 400, "", "empty"},
		{"not JSON", "{text: x}", "application/json", "", 400, "", "invalid JSON"},
		{"two values", `{"text":"a"} {"text":"b"}`, "application/json", "", 400, "", "more than one"},
		{"no text", `{"title":"x"}`, "application/json", "", 400, "", "text"},
		{"blank text", `{"text":"  \n "}`, "application/json", "", 400, "", "empty"},
		{"binary text", `{"text":"a\u0000b"}`, "application/json", "", 400, "", "control"},
		{"unknown field", `{"text":"a","body":"b"}`, "application/json", "", 400, "", "body"},
		{"wrong type", `{"text":5}`, "application/json", "", 400, "", "text"},
		{"bad date", `{"text":"a","published":"12/10/2025"}`, "application/json", "", 400, "", "published"},
		{"bad url", `{"text":"a","url":"javascript:alert(1)"}`, "application/json", "", 400, "", "url"},
		{"empty array", `[]`, "application/json", "", 400, "", "no document"},
		{"same id twice", `[{"id":"a","text":"x"},{"id":"a","text":"y"}]`, "application/json", "", 400, "", "id"},
		{"metadata in URL with JSON", `{"text":"a"}`, "application/json", "title=x", 400, "title", "JSON body"},
		{"bad date in query", "some text", "text/plain", "published=soon", 400, "", "published"},
		{"unknown query", "some text", "text/plain", "author=x", 400, "author", "unknown"},
		{"invalid UTF-8", "caf\xe9", "text/plain", "", 400, "", "UTF-8"},
		{"jsonl without id", `{"text":"a"}`, "application/jsonl", "", 400, "", "id"},
		{"jsonl bad line", `{"id":"a","text":"x"}` + "\n{oops\n", "application/x-ndjson", "", 400, "", "body:2:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			target := Prefix + "/documents"
			if c.query != "" {
				target += "?" + c.query
			}
			r := do(t, h, "POST", target, strings.NewReader(c.body), c.ctype)
			if r.Status != c.status {
				t.Fatalf("status %d, want %d; body %s", r.Status, c.status, r.Body)
			}
			var e errorBody
			r.decode(t, &e)
			if e.Param != c.param || !strings.Contains(e.Error, c.says) {
				t.Fatalf("error %+v, want param %q and a message saying %q", e, c.param, c.says)
			}
		})
	}
	// Chunked (no length given) and oversized: cut by the reader.
	req, _ := http.NewRequest("POST", Prefix+"/documents", strings.NewReader(big))
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = -1
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 413 {
		t.Fatalf("chunked oversized body: status %d, %s", rec.Code, rec.Body)
	}
	var docs documentsJSON
	get(t, h, Prefix+"/documents").decode(t, &docs)
	if len(docs.Documents) != 0 {
		t.Fatalf("refused posts stored %d documents", len(docs.Documents))
	}
}

// TestHostileText stores a document full of markup and control-like
// characters and checks that every way it comes out keeps it inert.
func TestHostileText(t *testing.T) {
	st, b := emptyStore(t)
	h := New(Options{Store: st, Builder: b})
	hostile := `<script>alert(1)</script> Pakistani forces and Afghan Taliban fighters clashed near "Chaman" </textarea><img src=x onerror=alert(2)> on Saturday, officials said. =HYPERLINK("http://evil") ` + "\u2028\u202e"
	body, _ := json.Marshal(map[string]string{"text": hostile, "title": `<b onmouseover="x()">T</b>`, "outlet": "<i>O</i>", "published": "2025-10-12"})
	r := do(t, h, "POST", Prefix+"/documents", bytes.NewReader(body), "application/json")
	if r.Status != http.StatusCreated {
		t.Fatalf("status %d, %s", r.Status, r.Body)
	}
	var res ingestJSON
	r.decode(t, &res)
	id := strconv.FormatInt(res.Docs[0].ID, 10)
	for _, path := range []string{"/documents/" + id, "/documents", "/search?q=Chaman", "/reports", "/events", "/claims", "/ledger"} {
		r := get(t, h, Prefix+path)
		if r.Status != 200 {
			t.Fatalf("%s: status %d %s", path, r.Status, r.Body)
		}
		for _, raw := range []string{"<script", "<img", "<b ", "<i>", "</textarea"} {
			if bytes.Contains(r.Body, []byte(raw)) {
				t.Errorf("%s: %q unescaped in the answer", path, raw)
			}
		}
	}
	// Exports are files: JSON there keeps "<" readable (as the command
	// line writes it), so they must be downloads no browser renders.
	for _, path := range []string{"/export?format=jsonl&level=report", "/export?format=geojson&level=report", "/export?format=csv"} {
		r := get(t, h, Prefix+path)
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") ||
			r.Header.Get("X-Content-Type-Options") != "nosniff" || strings.Contains(r.Header.Get("Content-Type"), "html") {
			t.Errorf("%s: status %d, headers %v", path, r.Status, r.Header)
		}
	}
	var line struct {
		Evidence []struct{ Text string } `json:"evidence"`
	}
	jl := get(t, h, Prefix+"/export?format=jsonl&level=report")
	if err := json.Unmarshal(bytes.SplitN(jl.Body, []byte("\n"), 2)[0], &line); err != nil || len(line.Evidence) == 0 ||
		!strings.Contains(hostile, line.Evidence[0].Text) {
		t.Errorf("JSON Lines export does not carry the evidence intact: %v %+v", err, line)
	}
	var doc documentJSON
	get(t, h, Prefix+"/documents/"+id).decode(t, &doc)
	if doc.Text != hostile {
		t.Fatal("the text does not come back exactly as posted")
	}
	html := get(t, h, Prefix+"/brief?format=html")
	if bytes.Contains(html.Body, []byte("<script>alert")) || bytes.Contains(html.Body, []byte("<img src=x")) {
		t.Error("the HTML brief lets markup from the document through")
	}
	csv := get(t, h, Prefix+"/export?format=csv&level=report")
	if bytes.Contains(csv.Body, []byte(`,=HYPERLINK`)) || bytes.Contains(csv.Body, []byte(`"=HYPERLINK`)) {
		t.Error("the CSV export starts a cell with a formula")
	}
}
