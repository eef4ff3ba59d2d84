package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/brief"
	"github.com/sitrep-dev/sitrep/examples"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// runIngestCLI runs the command line in-process and returns its exit status,
// standard output and standard error.
func runIngestCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	dir := t.TempDir()
	out, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	errf, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = out, errf
	code := run(args)
	os.Stdout, os.Stderr = oldOut, oldErr
	out.Close()
	errf.Close()
	o, _ := os.ReadFile(out.Name())
	e, _ := os.ReadFile(errf.Name())
	return code, string(o), string(e)
}

// copyExamplesDir copies the bundled examples into a fresh directory.
func copyExamplesDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, examples.FS); err != nil {
		t.Fatal(err)
	}
	return dir
}

// rewriteOfFirst retells the first example (border clashes of October 2025)
// in other words, keeping its figures, names and quotations.
const rewriteOfFirst = `Heavy losses claimed on both sides as Pakistan and Taliban forces fight on the border

ISLAMABAD, Oct 12, 2025 - Fighting broke out overnight at several points on the Pakistan-Afghanistan border between Pakistani troops and Afghan Taliban forces, the heaviest since the Taliban took power again in 2021.

According to the Pakistani military, 23 of its soldiers were killed and 29 wounded after Afghan forces fired on border posts in Kurram and near Angoor Adda late on Saturday. ISPR, the army's media wing, claimed its troops had killed more than 200 Taliban and affiliated fighters and seized 19 Afghan posts.

Zabihullah Mujahid, the Taliban spokesman, put the toll at 58 Pakistani soldiers killed and said Afghan forces had taken 25 Pakistani posts, while nine Afghan fighters died.

Kabul described the operation as retaliation for Pakistani air strikes in the Afghan capital and in Paktika province on Thursday, which Pakistan has not confirmed.

On Sunday Pakistan shut the Torkham and Chaman crossings, stopping trade, and Qatar and Saudi Arabia called for restraint.
`

func TestIngestAndQuery(t *testing.T) {
	dir := copyExamplesDir(t)
	db := filepath.Join(t.TempDir(), "s.db")

	code, out, errs := runIngestCLI(t, "ingest", "--db", db, dir)
	if code != exitOK || !strings.Contains(out, "5 added") {
		t.Fatalf("first ingest: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = runIngestCLI(t, "ingest", "--db", db, dir)
	if code != exitOK || !strings.Contains(out, "0 added, 5 already stored") {
		t.Errorf("second ingest: exit %d: %s", code, out)
	}

	// The same text with its white space changed is the same document.
	first, err := os.ReadFile(filepath.Join(dir, "01-border-clashes-wire.txt"))
	if err != nil {
		t.Fatal(err)
	}
	extra := t.TempDir()
	ws := strings.ReplaceAll(strings.ReplaceAll(string(first), " ", "   "), "\n", "\n \n")
	os.WriteFile(filepath.Join(extra, "spaced.txt"), []byte("\n\n"+ws), 0o644)
	code, out, _ = runIngestCLI(t, "ingest", "--db", db, filepath.Join(extra, "spaced.txt"))
	if code != exitOK || !strings.Contains(out, "0 added") {
		t.Errorf("whitespace variant: exit %d: %s", code, out)
	}

	// A rewrite is stored, and joins the original's family.
	rw := filepath.Join(extra, "rewrite.txt")
	os.WriteFile(rw, []byte(rewriteOfFirst), 0o644)
	code, out, _ = runIngestCLI(t, "ingest", "--db", db, rw)
	if code != exitOK || !strings.Contains(out, "1 added") || !strings.Contains(out, "1 rewrite families (2 documents)") {
		t.Errorf("rewrite: exit %d: %s", code, out)
	}
	code, out, _ = runIngestCLI(t, "documents", "--db", db, "--format", "json")
	var docs []docRow
	if err := json.Unmarshal([]byte(out), &docs); code != exitOK || err != nil {
		t.Fatalf("documents: exit %d, %v", code, err)
	}
	fam := map[string]int64{}
	for _, d := range docs {
		fam[filepath.Base(d.Input)] = d.Family
	}
	if fam["rewrite.txt"] == 0 || fam["rewrite.txt"] != fam["01-border-clashes-wire.txt"] {
		t.Errorf("families %v: rewrite.txt and 01 should share one", fam)
	}
	for n, f := range fam {
		if f != 0 && n != "rewrite.txt" && n != "01-border-clashes-wire.txt" {
			t.Errorf("%s is in family %d, want none", n, f)
		}
	}

	t.Run("brief from the stored picture", func(t *testing.T) {
		code, out, errs := runIngestCLI(t, "brief", "--db", db)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		// Six documents, two of them one rewrite family: five sources.
		for _, want := range []string{"# Situation brief", "Assembled from 6 documents (5 independent sources)",
			"are rewrites of one original: counted once.", "## Sources"} {
			if !strings.Contains(out, want) {
				t.Errorf("brief lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("brief since reads only what it keeps, and says the same", func(t *testing.T) {
		st, err := sqlite.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := briefFromStore(context.Background(), st, "")
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, since := range []string{"2025-10-12", "2025-10", "2025", "2026-02-01"} {
			code, out, errs := runIngestCLI(t, "brief", "--db", db, "--since", since)
			if code != exitOK {
				t.Fatalf("--since %s: exit %d: %s", since, code, errs)
			}
			in := whole
			in.Since, in.Top = since, 8
			var want strings.Builder
			if err := brief.Markdown(&want, in); err != nil {
				t.Fatal(err)
			}
			if out != want.String() {
				t.Errorf("--since %s: the brief differs from the whole picture's filtered\n got: %s\nwant: %s", since, out, want.String())
			}
		}
	})

	t.Run("geojson has coordinates", func(t *testing.T) {
		code, out, errs := runIngestCLI(t, "events", "--db", db, "--format", "geojson")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var fc struct {
			Type     string `json:"type"`
			Features []struct {
				Geometry struct {
					Type        string    `json:"type"`
					Coordinates []float64 `json:"coordinates"`
				} `json:"geometry"`
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal([]byte(out), &fc); err != nil {
			t.Fatalf("not GeoJSON: %v\n%s", err, out)
		}
		if fc.Type != "FeatureCollection" || len(fc.Features) == 0 {
			t.Fatalf("no features: %s", out)
		}
		for _, f := range fc.Features {
			c := f.Geometry.Coordinates
			if f.Geometry.Type != "Point" || len(c) != 2 || c[0] < -180 || c[0] > 180 || c[1] < -90 || c[1] > 90 || c[0] == 0 && c[1] == 0 {
				t.Errorf("bad point %v", c)
			}
		}
	})

	t.Run("from date keeps 2026 events", func(t *testing.T) {
		code, out, errs := runIngestCLI(t, "events", "--db", db, "--from", "2026-01-01", "--format", "jsonl")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if out == "" || len(lines) == 0 {
			t.Fatal("no 2026 events")
		}
		for _, l := range lines {
			var e struct {
				Date *string `json:"event_date"`
			}
			if err := json.Unmarshal([]byte(l), &e); err != nil {
				t.Fatal(err)
			}
			if e.Date == nil || !strings.HasPrefix(*e.Date, "2026-") {
				t.Errorf("event dated %v with --from 2026-01-01", e.Date)
			}
		}
	})

	t.Run("contested claims", func(t *testing.T) {
		code, out, _ := runIngestCLI(t, "claims", "--db", db, "--contested", "--format", "csv")
		if code != exitOK || !strings.Contains(out, "58") || !strings.Contains(out, "23") {
			t.Errorf("exit %d; want the 23 and 58 claims:\n%s", code, out)
		}
	})

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"bad from", []string{"events", "--from", "12/01/2026"}, "date"},
		{"empty range", []string{"events", "--from", "2026-02-01", "--to", "2025-01-01"}, "empty"},
		{"bad search syntax", []string{"search", `"unclosed`}, "--literal"},
		{"geojson of claims", []string{"claims", "--format", "geojson"}, "only for events"},
		{"bad claim kind", []string{"claims", "--kind", "rumour"}, "casualty"},
		{"missing database", []string{"events", "--db", filepath.Join(t.TempDir(), "none.db")}, "no database"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if tc.name != "missing database" {
				args = append(args, "--db", db)
			}
			code, _, errs := runIngestCLI(t, args...)
			if code != exitUsage || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 mentioning %q", code, errs, tc.want)
			}
		})
	}

	t.Run("search finds text", func(t *testing.T) {
		code, out, _ := runIngestCLI(t, "search", "--db", db, "--format", "jsonl", "Torkham")
		if code != exitOK || !strings.Contains(out, "01-border-clashes-wire.txt") {
			t.Errorf("exit %d: %s", code, out)
		}
	})
}

const testFeedRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Frontier Desk</title><link>%[1]s</link>
<item>
  <title>Pakistani troops and TTP fighters clash in North Waziristan</title>
  <link>%[1]s/a/1</link>
  <pubDate>Tue, 03 Mar 2026 09:30:00 GMT</pubDate>
  <description>&lt;p&gt;MIRANSHAH, March 3, 2026 - Pakistani troops killed 12 Tehreek-e-Taliban Pakistan fighters in a clash in North Waziristan on Monday, the army said. Two soldiers were killed.&lt;/p&gt;</description>
</item>
<item>
  <title></title>
  <link>%[1]s/a/2</link>
  <description></description>
</item>
</channel></rss>`

func TestIngestFeedAndURL(t *testing.T) {
	page := "<html><head><title>Big</title></head><body><p>" + strings.Repeat("Taliban forces shelled border posts. ", 4000) + "</p></body></html>"
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprintf(w, testFeedRSS, srv.URL)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(page)) // streamed: no length announced
	})
	mux.HandleFunc("/big-announced", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(len(page)))
		w.Write([]byte(page))
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "f.db")

	code, out, errs := runIngestCLI(t, "ingest", "--db", db, srv.URL+"/feed")
	if code != exitSkipped {
		t.Errorf("feed with a bad item: exit %d, want %d", code, exitSkipped)
	}
	if !strings.Contains(out, "1 added") || !strings.Contains(out, "1 skipped") {
		t.Errorf("feed: want the good item added and the bad one skipped:\n%s", out)
	}
	if !strings.Contains(errs, "item 2") || !strings.Contains(errs, "no text") {
		t.Errorf("the bad item is not reported: %q", errs)
	}
	code, out, _ = runIngestCLI(t, "documents", "--db", db, "--format", "json")
	var docs []docRow
	if err := json.Unmarshal([]byte(out), &docs); code != exitOK || err != nil || len(docs) != 1 {
		t.Fatalf("documents: exit %d, %v, %d docs", code, err, len(docs))
	}
	d := docs[0]
	if d.Outlet != "Frontier Desk" || d.URL != srv.URL+"/a/1" || d.Published != "2026-03-03" || !strings.Contains(d.Title, "North Waziristan") {
		t.Errorf("feed item metadata lost: %+v", d)
	}

	for _, path := range []string{"/big", "/big-announced"} {
		code, out, errs = runIngestCLI(t, "ingest", "--db", db, "--max-bytes", "20000", srv.URL+path)
		if code != exitSkipped || !strings.Contains(errs, "size limit") || !strings.Contains(out, "0 added") {
			t.Errorf("%s over the limit: exit %d, stderr %q, stdout %q", path, code, errs, out)
		}
	}

	// The same feed as a file in a directory is read as a feed too.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "frontier.rss"), []byte(fmt.Sprintf(testFeedRSS, "http://example.org")), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.xml"), []byte("<rss><channel><item><title>x</ti"), 0o644)
	os.WriteFile(filepath.Join(dir, "wire.atom"), []byte(testFeedAtom), 0o644)
	code, out, errs = runIngestCLI(t, "ingest", "--db", db, dir)
	if code != exitSkipped || !strings.Contains(out, "1 added, 1 already stored, 2 skipped") || !strings.Contains(errs, "broken.xml: malformed feed") {
		t.Errorf("feed files: exit %d\n%s%s", code, out, errs)
	}
}

func TestProgressLine(t *testing.T) {
	p := &ingestProgress{total: 1000, n: 250, adds: 200}
	for _, tc := range []struct {
		total int
		want  []string
	}{
		{1000, []string{"250/1000 documents", "200 added", "/s", "ETA"}},
		{0, []string{"250 documents", "200 added", "/s"}},
	} {
		p.total = tc.total
		p.start = time.Now().Add(-time.Second)
		l := p.line()
		for _, w := range tc.want {
			if !strings.Contains(l, w) {
				t.Errorf("progress %q lacks %q", l, w)
			}
		}
		if tc.total == 0 && strings.Contains(l, "ETA") {
			t.Errorf("an ETA without a known total: %q", l)
		}
	}
}

func TestFeedTypes(t *testing.T) {
	for _, tc := range []struct {
		ct, body string
		want     bool
	}{
		{"application/rss+xml", "", true},
		{"application/atom+xml; charset=utf-8", "", true},
		{"text/xml", `<?xml version="1.0"?><rss version="2.0">`, true},
		{"application/xml", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">`, true},
		{"application/xml", `<?xml version="1.0"?><html>`, false},
		{"text/html", "<rss>", false},
	} {
		if got := isFeedContent(tc.ct, []byte(tc.body)); got != tc.want {
			t.Errorf("isFeedContent(%q, %q) = %v", tc.ct, tc.body, got)
		}
	}
}

const testFeedAtom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Wire Atom</title>
  <entry>
    <title>Ceasefire talks resume in Doha</title>
    <link href="http://example.org/doha"/>
    <id>urn:x:doha</id>
    <updated>2026-03-05T12:00:00Z</updated>
    <content type="html">&lt;p&gt;DOHA, March 5, 2026 - Pakistani and Afghan Taliban delegations resumed talks in Doha on Thursday, Qatar's foreign ministry said.&lt;/p&gt;</content>
  </entry>
</feed>`
