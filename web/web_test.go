package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/picture"
	"github.com/sitrep-dev/sitrep/sqlite"
)

const testToken = "correct-horse-battery-staple"

func TestNewChecksAddressAndToken(t *testing.T) {
	st, _ := fixture(t, "examples")
	cases := []struct {
		addr, token string
		ok          bool
	}{
		{"127.0.0.1:8080", "", true},
		{"localhost:0", "", true},
		{"[::1]:8080", "", true},
		{"", "", true}, // DefaultAddr
		{"0.0.0.0:8080", "", false},
		{":8080", "", false},
		{"192.168.1.10:80", "", false},
		{"0.0.0.0:8080", testToken, true},
		{"0.0.0.0:8080", "short", false},
		{"no-port", "", false},
	}
	for _, c := range cases {
		_, err := New(Config{Store: st, Addr: c.addr, Token: c.token})
		if (err == nil) != c.ok {
			t.Errorf("New(addr %q, token %q): err = %v, want ok = %v", c.addr, c.token, err, c.ok)
		}
	}
}

// pagePaths lists every page of a store: the sections, each event and
// each document.
func pagePaths(t *testing.T, st store) []string {
	t.Helper()
	ctx := context.Background()
	paths := []string{
		"/", "/events", "/events?sort=fatalities", "/events?sort=-date&contested=true", "/events?type=Battles",
		"/map", "/map?type=Battles", "/map/data.json", "/timeline", "/timeline/data.json",
		"/claims", "/actors", "/documents", "/search?q=killed", "/search?q=%3Cscript%3E", "/login",
	}
	evs, _, err := allPictureEvents(ctx, st, sitrep.PictureFilter{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		paths = append(paths, "/events/"+strconv.FormatInt(e.ID, 10))
	}
	docs, err := st.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		paths = append(paths, "/documents/"+strconv.FormatInt(d.ID, 10))
	}
	return paths
}

func TestPages(t *testing.T) {
	s := newTestServer(t, "examples", Config{})
	st, _ := fixture(t, "examples")
	paths := pagePaths(t, st)
	if len(paths) < 30 {
		t.Fatalf("only %d pages: the examples should give more events and documents", len(paths))
	}
	for _, p := range paths {
		res, body := get(t, s.Handler(), p)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", p, res.StatusCode)
			continue
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: CSP %q", p, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("GET %s: security headers missing", p)
		}
		if strings.HasSuffix(res.Header.Get("Content-Type"), "json") || strings.Contains(p, ".json") {
			continue
		}
		if !strings.Contains(body, `<main id="main"`) || !strings.Contains(body, `<nav aria-label="Sections">`) {
			t.Errorf("GET %s: not a full page", p)
		}
		for _, b := range unsafeMarkup(body) {
			t.Errorf("GET %s: %s", p, b)
		}
	}
}

// TestPageContent checks what a reader looks for on each page.
func TestPageContent(t *testing.T) {
	s := newTestServer(t, "examples", Config{})
	cases := []struct {
		path string
		want []string
	}{
		{"/", []string{"Latest developments", "Contested figures", "Key developments", "Sources", "documents</a>"}},
		{"/events", []string{"Export:", "/api/v1/export?format=csv", `aria-sort="descending"`, "Air/drone strike"}},
		{"/events?type=Battles", []string{"Armed clash", "type=Battles"}},
		{"/claims", []string{"disputed", "according to"}},
		{"/actors", []string{"Events by actor 1", "Accusations by claimant", "Tehreek-e-Taliban Pakistan"}},
		{"/documents", []string{"Documents, latest first", "01-border-clashes-wire.txt"}},
		{"/search?q=Torkham", []string{"<mark>Torkham</mark>"}},
		{"/map", []string{`id="map"`, `data-src="/map/data.json"`, "vendor/leaflet.js"}},
		{"/timeline", []string{`id="timeline"`, `data-src="/timeline/data.json"`, "vendor/vis-timeline-graph2d.min.js"}},
	}
	for _, c := range cases {
		res, body := get(t, s.Handler(), c.path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", c.path, res.StatusCode)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: no %q", c.path, w)
			}
		}
	}
	// Only battles when filtering by type.
	_, body := get(t, s.Handler(), "/events?type=Battles")
	if strings.Contains(body, "Air/drone strike</td>") {
		t.Errorf("type filter: an air strike is listed among battles")
	}
}

func TestEventPage(t *testing.T) {
	s := newTestServer(t, "examples", Config{})
	st, _ := fixture(t, "examples")
	pg, err := st.PictureEvents(context.Background(), sitrep.PictureFilter{Contested: true, Sort: "fatalities", Limit: 1})
	if err != nil || len(pg.Events) == 0 {
		t.Fatalf("no contested event: %v", err)
	}
	e := pg.Events[0]
	res, body := get(t, s.Handler(), fmt.Sprintf("/events/%d", e.ID))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, w := range []string{"Reports", "Claims ledger", "What the reports say", `class="report"`, `<span class="evidence"`, "according to"} {
		if !strings.Contains(body, w) {
			t.Errorf("event page: no %q", w)
		}
	}
	if n := strings.Count(body, `class="report"`); n != len(e.Reports) {
		t.Errorf("event page shows %d reports, the event has %d", n, len(e.Reports))
	}
	for _, p := range []string{"/events/999999", "/events/abc", "/documents/999999", "/nowhere"} {
		if res, _ := get(t, s.Handler(), p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
		}
	}
}

func TestBadFilters(t *testing.T) {
	s := newTestServer(t, "examples", Config{})
	for _, p := range []string{
		"/events?from=yesterday", "/events?to=2025-13-01", "/events?sort=name", "/events?contested=maybe",
		"/events?limit=0", "/events?cursor=garbage", "/map/data.json?from=x", "/timeline?to=1st", "/documents?offset=-1",
	} {
		res, body := get(t, s.Handler(), p)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", p, res.StatusCode)
		}
		if strings.Contains(p, ".json") {
			if !strings.Contains(body, `"error"`) {
				t.Errorf("GET %s: no JSON error: %s", p, body)
			}
		} else if !strings.Contains(body, `role="alert"`) {
			t.Errorf("GET %s: no error message", p)
		}
	}
}

func TestFilterRoundTrip(t *testing.T) {
	q := url.Values{"from": {"2025-10"}, "to": {"2025"}, "type": {"Battles"}, "contested": {"on"}, "sort": {"sources"}}
	f, err := parseFilter(q)
	if err != nil {
		t.Fatal(err)
	}
	sf := f.store()
	if sf.From != "2025-10-01" || sf.To != "2025-12-31" || !sf.Contested || sf.Sort != "sources" || sf.Type != "Battles" {
		t.Errorf("store filter %+v", sf)
	}
	g, err := parseFilter(f.values())
	if err != nil || g != f {
		t.Errorf("round trip: %+v, %v; want %+v", g, err, f)
	}
}

func TestAuth(t *testing.T) {
	cases := []struct {
		name       string
		public     bool
		method     string
		path       string
		hdr        []string
		wantStatus int
	}{
		{"read without token", false, "GET", "/events", nil, http.StatusSeeOther},
		{"api read without token", false, "GET", "/api/v1/events", nil, http.StatusUnauthorized},
		{"metrics without token", false, "GET", "/metrics", nil, http.StatusUnauthorized},
		{"read with bearer", false, "GET", "/events", []string{"Authorization", "Bearer " + testToken}, http.StatusOK},
		{"read with wrong bearer", false, "GET", "/api/v1/events", []string{"Authorization", "Bearer nope"}, http.StatusUnauthorized},
		{"healthz is open", false, "GET", "/healthz", nil, http.StatusOK},
		{"static is open", false, "GET", "/static/app.css", nil, http.StatusOK},
		{"login form is open", false, "GET", "/login", nil, http.StatusOK},
		{"public read", true, "GET", "/events", nil, http.StatusOK},
		{"public api read", true, "GET", "/api/v1/events", nil, http.StatusOK},
		{"public write needs token", true, "POST", "/api/v1/documents", nil, http.StatusUnauthorized},
		{"write with wrong cookie", true, "POST", "/api/v1/documents", []string{"Cookie", sessionCookie + "=abc"}, http.StatusUnauthorized},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newTestServer(t, "examples", Config{Addr: "0.0.0.0:0", Token: testToken, PublicRead: c.public})
			req := httptest.NewRequest(c.method, c.path, strings.NewReader(`{"text":"x"}`))
			req.Header.Set("Content-Type", "application/json")
			for i := 0; i+1 < len(c.hdr); i += 2 {
				req.Header.Set(c.hdr[i], c.hdr[i+1])
			}
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != c.wantStatus {
				t.Errorf("%s %s: %d, want %d", c.method, c.path, rec.Code, c.wantStatus)
			}
		})
	}
}

func TestLoginSession(t *testing.T) {
	s := newTestServer(t, "examples", Config{Addr: "0.0.0.0:0", Token: testToken})
	post := func(form url.Values, hdr ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		return rec
	}
	if rec := post(url.Values{"token": {"wrong-token-wrong-token"}, "next": {"/events"}}); rec.Code != http.StatusUnauthorized {
		t.Errorf("wrong token: %d", rec.Code)
	}
	rec := post(url.Values{"token": {testToken}, "next": {"//evil.example/"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" {
		t.Errorf("login: %d to %q, want 303 to /", rec.Code, rec.Header().Get("Location"))
	}
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode || cookies[0].Value == testToken {
		t.Fatalf("session cookie %+v", cookies)
	}
	cookie := cookies[0].Name + "=" + cookies[0].Value
	if res, _ := get(t, s.Handler(), "/events", "Cookie", cookie); res.StatusCode != http.StatusOK {
		t.Errorf("read with session: %d", res.StatusCode)
	}
	// A cross-site form cannot use the session to write.
	req := httptest.NewRequest("POST", "/api/v1/documents", strings.NewReader(`{"text":"x"}`))
	req.Header.Set("Cookie", cookie)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	if w.Code != http.StatusForbidden {
		t.Errorf("cross-site write with session: %d, want 403", w.Code)
	}
}

func TestBodyLimit(t *testing.T) {
	s := newTestServer(t, "examples", Config{})
	req := httptest.NewRequest("POST", "/api/v1/documents", strings.NewReader(strings.Repeat("x", MaxBody+1)))
	req.Header.Set("Content-Type", "text/plain")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d, want 413", rec.Code)
	}
}

func TestMetricsAndHealth(t *testing.T) {
	s := newTestServer(t, "examples", Config{})
	get(t, s.Handler(), "/events")
	get(t, s.Handler(), "/nowhere")
	res, body := get(t, s.Handler(), "/metrics")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("metrics: %d", res.StatusCode)
	}
	for _, w := range []string{
		`sitrep_web_requests_total{code="200",method="GET",route="GET /events"} 1`,
		`sitrep_web_requests_total{code="404",method="GET",route="/"} 1`,
		"sitrep_web_request_duration_seconds_bucket", "go_goroutines", "process_",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("metrics: no %q", w)
		}
	}
	if res, body := get(t, s.Handler(), "/healthz"); res.StatusCode != http.StatusOK || body != "ok\n" {
		t.Errorf("healthz: %d %q", res.StatusCode, body)
	}
}

func TestBriefPolicy(t *testing.T) {
	s := newTestServer(t, "examples", Config{})
	res, body := get(t, s.Handler(), "/api/v1/brief?format=html")
	csp := res.Header.Get("Content-Security-Policy")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "<style>") || csp != briefPolicy {
		t.Errorf("HTML brief: %d, CSP %q", res.StatusCode, csp)
	}
	for _, b := range unsafeMarkup(body) {
		if b != "element <style>" {
			t.Errorf("HTML brief: %s", b)
		}
	}
}

func TestStaticCaching(t *testing.T) {
	s := newTestServer(t, "examples", Config{})
	res, _ := get(t, s.Handler(), "/static/app.css?v="+s.pages.version)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("versioned asset: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if res, _ := get(t, s.Handler(), "/static/vendor/"); res.StatusCode != http.StatusNotFound {
		t.Errorf("directory listing: %d, want 404", res.StatusCode)
	}
}

func TestGracefulShutdown(t *testing.T) {
	s := newTestServer(t, "examples", Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve after cancel: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
}

// TestEmptyStore serves a new database: every page answers, saying there
// is nothing yet.
func TestEmptyStore(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := New(Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/events", "/map", "/map/data.json", "/timeline", "/timeline/data.json", "/claims", "/actors", "/documents", "/search?q=x"} {
		res, body := get(t, s.Handler(), p)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s on an empty store: %d", p, res.StatusCode)
		}
		if p == "/" && !strings.Contains(body, "No events yet") {
			t.Errorf("overview of an empty store does not say so")
		}
	}
}

// TestIngestRefreshesOverview posts a report through the API and finds it
// counted on the overview at once.
func TestIngestRefreshesOverview(t *testing.T) {
	fixture(t, "examples")
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "ingest.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := picture.New(st, fixX)
	b.Hash = sqlite.Hash
	s, err := New(Config{Store: st, Builder: b})
	if err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, s.Handler(), "/"); !strings.Contains(body, "<strong>0</strong> documents") {
		t.Fatal("new store: overview does not count 0 documents")
	}
	doc := `{"title":"Strike in Khost","published":"2026-03-03","text":"KHOST, March 3, 2026 - Pakistani aircraft struck a compound in Khost province on Monday, killing 7 militants, the military said."}`
	req := httptest.NewRequest("POST", "/api/v1/documents", strings.NewReader(doc))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code/100 != 2 {
		t.Fatalf("POST /api/v1/documents: %d %s", rec.Code, rec.Body)
	}
	if _, body := get(t, s.Handler(), "/"); !strings.Contains(body, "<strong>1</strong> document<") {
		t.Error("overview still stale after an ingest")
	}
}

// TestEventsPaging follows the table's next-page links to the end: every
// event is listed once.
func TestEventsPaging(t *testing.T) {
	s := newTestServer(t, "examples", Config{})
	next := regexp.MustCompile(`<a href="([^"]*)" rel="next">`)
	row := regexp.MustCompile(`<td class="nowrap"><a href="/events/(\d+)">`)
	seen := map[string]bool{}
	path := "/events?limit=4"
	for pages := 0; path != ""; pages++ {
		if pages > 20 {
			t.Fatal("paging does not end")
		}
		res, body := get(t, s.Handler(), path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		for _, m := range row.FindAllStringSubmatch(body, -1) {
			if seen[m[1]] {
				t.Errorf("event %s listed twice", m[1])
			}
			seen[m[1]] = true
		}
		path = ""
		if m := next.FindStringSubmatch(body); m != nil {
			path = "/events" + strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	st, _ := fixture(t, "examples")
	pg, err := st.PictureEvents(context.Background(), sitrep.PictureFilter{Limit: 1})
	if err != nil || len(seen) != pg.Total {
		t.Errorf("paged through %d events, the store has %d (%v)", len(seen), pg.Total, err)
	}
}
