package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/examples"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/picture"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// Fixtures: real stores in a temporary directory, filled by the picture
// builder as `sitrep ingest` fills them: one with the bundled examples,
// one with the hostile documents of testdata/hostile. Those are reports
// written to attack the UI: script tags, event handlers, javascript: and
// data: links, SVG, MathML and CSS payloads, direction overrides and
// isolates, control characters; in text, HTML and JSON Lines inputs, in
// titles, outlets, authors and URLs. A payload that runs opens a dialog or
// sets window.__xss. 05 is a light rewrite of 01, so the corpus also holds
// a rewrite family.
var (
	fixOnce    sync.Once
	fixDir     string
	fixErr     error
	fixX       *extract.Extractor
	fixStores  = map[string]*sqlite.Store{}
	fixBuilder = map[string]*picture.Builder{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, st := range fixStores {
		st.Close()
	}
	if fixDir != "" {
		os.RemoveAll(fixDir)
	}
	os.Exit(code)
}

func setupFixtures() error {
	var err error
	if fixDir, err = os.MkdirTemp("", "sitrep-web-test-"); err != nil {
		return err
	}
	if fixX, err = extract.New(extract.Options{}); err != nil {
		return err
	}
	exDir := filepath.Join(fixDir, "examples")
	if err := os.CopyFS(exDir, examples.FS); err != nil {
		return err
	}
	for name, dir := range map[string]string{"examples": exDir, "hostile": "testdata/hostile"} {
		var docs []sitrep.Document
		var skipped []string
		err := ingest.Read([]string{dir}, ingest.Options{}, func(d sitrep.Document) error {
			d.ID = filepath.Base(d.ID)
			docs = append(docs, d)
			return nil
		}, func(n string, err error) { skipped = append(skipped, n+": "+err.Error()) })
		if err != nil {
			return err
		}
		if len(skipped) > 0 {
			return &skipError{skipped}
		}
		st, err := sqlite.Open(filepath.Join(fixDir, name+".db"))
		if err != nil {
			return err
		}
		b := picture.New(st, fixX)
		b.Hash = sqlite.Hash
		if _, err := b.IngestSlice(context.Background(), docs, nil); err != nil {
			return err
		}
		fixStores[name], fixBuilder[name] = st, b
	}
	return nil
}

type skipError struct{ files []string }

func (e *skipError) Error() string { return "documents skipped: " + strings.Join(e.files, "; ") }

// fixture returns the named store ("examples" or "hostile").
func fixture(t testing.TB, name string) (*sqlite.Store, *picture.Builder) {
	t.Helper()
	fixOnce.Do(func() { fixErr = setupFixtures() })
	if fixErr != nil {
		t.Fatalf("fixture: %v", fixErr)
	}
	return fixStores[name], fixBuilder[name]
}

// newTestServer builds a server on a fixture store with cfg's security
// settings.
func newTestServer(t testing.TB, name string, cfg Config) *Server {
	t.Helper()
	st, b := fixture(t, name)
	cfg.Store, cfg.Builder = st, b
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get requests a path from a handler and returns the answer and its body.
func get(t testing.TB, h http.Handler, path string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}
