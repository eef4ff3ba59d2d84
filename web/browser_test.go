package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Browser tests drive Chromium (Debian's chromium package) through the
// DevTools protocol: every page must load without a console error, a
// failed request, a CSP violation or an uncaught exception. They skip when
// no Chromium is installed, unless CI is set: then they fail.

func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium found and CI is set: install Debian's chromium package")
	}
	t.Skip("no Chromium found (install Debian's chromium package to run the browser tests)")
	return ""
}

// browser is one headless Chromium tab that records what went wrong.
type browser struct {
	t        *testing.T
	ctx      context.Context
	base     string
	mu       sync.Mutex
	problems []string
	dialogs  []string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.DisableGPU, chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	b := &browser{t: t, ctx: ctx, base: base}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range e.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				b.report(fmt.Sprintf("console.%s: %s", e.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			b.report(fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, msg))
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
				b.report(fmt.Sprintf("%s %s: %s %s", e.Entry.Source, e.Entry.Level, e.Entry.Text, e.Entry.URL))
			}
		case *cdppage.EventJavascriptDialogOpening:
			b.mu.Lock()
			b.dialogs = append(b.dialogs, e.Message)
			b.mu.Unlock()
			// Commands cannot run inside the listener.
			go chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *browser) report(s string) {
	b.mu.Lock()
	b.problems = append(b.problems, s)
	b.mu.Unlock()
}

// take returns and clears what was recorded.
func (b *browser) take() (problems, dialogs []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	problems, dialogs = b.problems, b.dialogs
	b.problems, b.dialogs = nil, nil
	return problems, dialogs
}

// run runs actions with a time limit.
func (b *browser) run(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

func eval[T any](b *browser, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}

// open loads a path, waits for its page to be ready (the map's markers,
// the timeline's items) and lets late requests finish.
func (b *browser) open(path string) error {
	steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(b.base + path), chromedp.WaitVisible(chromedp.CSS("main h1"))}
	switch {
	case strings.HasPrefix(path, "/map"):
		steps = append(steps, chromedp.WaitReady(chromedp.CSS("#map[data-markers][data-provinces]")))
	case strings.HasPrefix(path, "/timeline"):
		steps = append(steps, chromedp.WaitReady(chromedp.CSS("#timeline[data-items]")))
	}
	steps = append(steps, chromedp.Sleep(150*time.Millisecond))
	return b.run(steps...)
}

func startServer(t *testing.T, store string) *httptest.Server {
	t.Helper()
	s := newTestServer(t, store, Config{})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func TestBrowser(t *testing.T) {
	chromiumPath(t)
	ts := startServer(t, "examples")
	b := newBrowser(t, ts.URL)
	st, _ := fixture(t, "examples")

	t.Run("every page loads cleanly", func(t *testing.T) {
		paths := pagePaths(t, st)
		for _, p := range paths {
			if strings.Contains(p, ".json") {
				continue
			}
			if err := b.open(p); err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			problems, dialogs := b.take()
			for _, pr := range problems {
				t.Errorf("%s: %s", p, pr)
			}
			if len(dialogs) > 0 {
				t.Errorf("%s: dialogs %q", p, dialogs)
			}
		}
	})

	t.Run("map draws markers", func(t *testing.T) {
		if err := b.open("/map"); err != nil {
			t.Fatal(err)
		}
		n, err := eval[int](b, `document.querySelectorAll("#map path.event-marker").length`)
		if err != nil {
			t.Fatal(err)
		}
		countries, err := eval[int](b, `document.querySelectorAll("#map .leaflet-overlay-pane path:not(.event-marker)").length`)
		if err != nil {
			t.Fatal(err)
		}
		listed, _ := eval[int](b, `document.querySelectorAll("#map-list a").length`)
		if n < 5 || countries == 0 || listed != n {
			t.Errorf("map: %d markers, %d country paths, %d listed", n, countries, listed)
		}
		// Province borders are drawn for the countries with events, under
		// the markers, and only their files are fetched.
		provinces, _ := eval[int](b, `document.querySelectorAll("#map path.admin1").length`)
		under, _ := eval[bool](b, `(() => {
			const paths = Array.from(document.querySelectorAll("#map .leaflet-overlay-pane path"));
			const last = paths.map(p => p.classList.contains("admin1")).lastIndexOf(true);
			const first = paths.findIndex(p => p.classList.contains("event-marker"));
			return last >= 0 && first > last;
		})()`)
		if provinces == 0 || !under {
			t.Errorf("map: %d province border paths, under the markers: %v", provinces, under)
		}
		fetched, _ := eval[[]string](b, `performance.getEntriesByType("resource").map(e => new URL(e.name).pathname).filter(p => p.includes("/admin1/"))`)
		want := map[string]bool{"/static/vendor/admin1/index.json": true}
		for _, c := range mapCountries(t, ts.URL) {
			want["/static/vendor/admin1/"+c+".json"] = true
		}
		for _, f := range fetched {
			if !want[f] {
				t.Errorf("map fetched %s, for no country with events", f)
			}
		}
		if len(fetched) < 2 {
			t.Errorf("map fetched %q: no province outlines", fetched)
		}
		// What the map page loads in all, its province files included.
		weight, _ := eval[int](b, `performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")).reduce((n, e) => n + e.encodedBodySize, 0)`)
		if weight == 0 || weight > maxPageWeight {
			t.Errorf("the map page loaded %d bytes, want at most %d", weight, maxPageWeight)
		}
		t.Logf("map: %d markers, %d province border paths, %d bytes loaded", n, provinces, weight)
		if problems, _ := b.take(); len(problems) > 0 {
			t.Errorf("map: %q", problems)
		}
		// The type filter applies to the map as to the table.
		if err := b.open("/map?type=Battles"); err != nil {
			t.Fatal(err)
		}
		m, _ := eval[int](b, `document.querySelectorAll("#map path.event-marker").length`)
		if m == 0 || m >= n {
			t.Errorf("map filtered by type: %d markers of %d", m, n)
		}
	})

	t.Run("timeline opens an event", func(t *testing.T) {
		if err := b.open("/timeline"); err != nil {
			t.Fatal(err)
		}
		// "Show all" animates the window; the items stop moving after it.
		if err := b.run(chromedp.Click(chromedp.CSS("[data-zoom=fit]")), chromedp.Sleep(time.Second),
			chromedp.Click(chromedp.CSS(".vis-item.vis-point .vis-item-content"), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS(".reports"))); err != nil {
			t.Fatal(err)
		}
		loc, err := eval[string](b, `location.pathname`)
		if err != nil || !regexp.MustCompile(`^/events/\d+$`).MatchString(loc) {
			t.Errorf("after choosing a timeline item: at %q (%v), want an event page", loc, err)
		}
	})

	t.Run("table filters", func(t *testing.T) {
		if err := b.open("/events"); err != nil {
			t.Fatal(err)
		}
		all, _ := eval[int](b, `document.querySelectorAll("table.events tbody tr").length`)
		if err := b.run(chromedp.SetValue(chromedp.CSS("#f-type"), "Battles"),
			chromedp.Click(chromedp.CSS(".filters button[type=submit]")),
			chromedp.Poll[chromedp.Void](`location.search.includes("type=Battles")`),
			chromedp.Sleep(300*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		types, err := eval[[]string](b, `Array.from(document.querySelectorAll("table.events tbody .badge")).map(e => e.textContent)`)
		if err != nil {
			t.Fatal(err)
		}
		if len(types) == 0 || len(types) >= all {
			t.Errorf("filtered table: %d rows of %d", len(types), all)
		}
		for _, ty := range types {
			if ty != "Battles" {
				t.Errorf("filtered by Battles, a row is %q", ty)
			}
		}
		// Sorting by fatalities through the column header.
		if err := b.run(chromedp.Click(chromedp.CSS(`th a[href*="sort=fatalities"]`)),
			chromedp.Poll[chromedp.Void](`location.search.includes("sort=fatalities")`), chromedp.Sleep(300*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		if problems, _ := b.take(); len(problems) > 0 {
			t.Errorf("filtering: %q", problems)
		}
	})

	t.Run("keyboard and small screens", func(t *testing.T) {
		if err := b.open("/"); err != nil {
			t.Fatal(err)
		}
		if err := b.run(chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		first, _ := eval[string](b, `document.activeElement.textContent`)
		if first != "Skip to content" {
			t.Errorf("first Tab stop: %q, want the skip link", first)
		}
		unlabelled, _ := eval[int](b, `Array.from(document.querySelectorAll("input:not([type=hidden]), select")).filter(e => !e.labels || e.labels.length === 0).length`)
		if unlabelled > 0 {
			t.Errorf("%d form fields without a label", unlabelled)
		}
		if err := b.run(chromedp.EmulateViewport(390, 844)); err != nil {
			t.Fatal(err)
		}
		defer b.run(chromedp.EmulateReset())
		phone := []string{"/", "/events", "/map", "/timeline", "/documents", "/actors", "/claims", "/search?q=Taliban"}
		for _, p := range pagePaths(t, st) {
			if strings.HasPrefix(p, "/events/") || strings.HasPrefix(p, "/documents/") {
				phone = append(phone, p)
			}
		}
		for _, p := range phone {
			if err := b.open(p); err != nil {
				t.Fatal(err)
			}
			over, _ := eval[int](b, `document.documentElement.scrollWidth - window.innerWidth`)
			if over > 0 {
				t.Errorf("%s at phone width: %d px wider than the screen", p, over)
			}
		}
	})
}

// TestBrowserHostile opens every page of the hostile corpus in Chromium:
// no payload may open a dialog or set the global it aims at.
func TestBrowserHostile(t *testing.T) {
	chromiumPath(t)
	ts := startServer(t, "hostile")
	b := newBrowser(t, ts.URL)
	st, _ := fixture(t, "hostile")
	paths := append(pagePaths(t, st), "/search?q=script", "/search?q=alert")
	for _, p := range paths {
		if strings.Contains(p, ".json") {
			continue
		}
		if err := b.open(p); err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		pwned, err := eval[bool](b, `window.__xss !== undefined`)
		if err != nil || pwned {
			t.Errorf("%s: a payload ran (window.__xss set: %v, %v)", p, pwned, err)
		}
		problems, dialogs := b.take()
		if len(dialogs) > 0 {
			t.Errorf("%s: a payload opened dialogs %q", p, dialogs)
		}
		for _, pr := range problems {
			t.Errorf("%s: %s", p, pr)
		}
	}
}

// TestBrowserLogin logs in through the form of a server that needs a
// token for reads, and reaches the page first asked for.
func TestBrowserLogin(t *testing.T) {
	chromiumPath(t)
	s := newTestServer(t, "examples", Config{Addr: "0.0.0.0:0", Token: testToken})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	b := newBrowser(t, ts.URL)
	if err := b.run(chromedp.Navigate(ts.URL+"/claims"), chromedp.WaitVisible(chromedp.CSS("#token"))); err != nil {
		t.Fatal(err)
	}
	if err := b.run(chromedp.SendKeys(chromedp.CSS("#token"), testToken), chromedp.Submit(chromedp.CSS("#token")),
		chromedp.WaitVisible(chromedp.CSS(".quantity"))); err != nil {
		t.Fatal(err)
	}
	if loc, _ := eval[string](b, `location.pathname`); loc != "/claims" {
		t.Errorf("after logging in: at %q, want /claims", loc)
	}
	if problems, dialogs := b.take(); len(problems)+len(dialogs) > 0 {
		t.Errorf("login: %q %q", problems, dialogs)
	}
}

// mapCountries lists the countries of the events on the map.
func mapCountries(t *testing.T, base string) []string {
	t.Helper()
	res, err := http.Get(base + "/map/data.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var data struct {
		Points []struct {
			Country string `json:"country"`
		} `json:"points"`
	}
	if err := json.NewDecoder(res.Body).Decode(&data); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range data.Points {
		if p.Country != "" && !slices.Contains(out, p.Country) {
			out = append(out, p.Country)
		}
	}
	return out
}
