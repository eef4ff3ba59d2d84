package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// BenchmarkPagesStore renders the pages that summarise the whole picture
// from the store file SITREP_WEB_DB names (opt-in), for instance the
// 100,000-document store the sqlite benchmarks build:
//
//	SITREP_BENCH_DB=/tmp/100k.db go test -run '^$' -bench Picture100k -benchtime 1x ./sqlite/
//	SITREP_WEB_DB=/tmp/100k.db go test -run '^$' -bench PagesStore ./web/
//
// The overview is measured uncached ("/ cold": every request finds the
// cache stale) and cached. Each page also reports its p95.
func BenchmarkPagesStore(b *testing.B) {
	path := os.Getenv("SITREP_WEB_DB")
	if path == "" {
		b.Skip("set SITREP_WEB_DB to a store file")
	}
	t0 := time.Now()
	st, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.Logf("opened %s in %s", path, time.Since(t0).Round(time.Millisecond))
	ctx := context.Background()
	pg, err := st.PictureEvents(ctx, sitrep.PictureFilter{Limit: 1})
	if err != nil || len(pg.Events) == 0 {
		b.Fatal("no picture events", err)
	}
	docs, err := st.Documents(ctx, sitrep.DocumentFilter{Page: sitrep.Page{Limit: 1}})
	if err != nil || len(docs) == 0 {
		b.Fatal("no documents", err)
	}
	b.Logf("%s: %d picture events", path, pg.Total)
	s, err := New(Config{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []string{"/ cold", "/", "/actors", "/map/data.json", "/timeline", "/timeline/data.json", "/claims",
		"/documents", "/events", fmt.Sprintf("/events/%d", pg.Events[0].ID), fmt.Sprintf("/documents/%d", docs[0].ID)} {
		// Named without slashes, so that -bench can pick one.
		name := strings.NewReplacer("/", "_", " ", "_").Replace(strings.TrimPrefix(p, "/"))
		if name == "" || name == "_cold" {
			name = "overview" + name
		}
		b.Run(name, func(b *testing.B) {
			path, cold := p, false
			if p == "/ cold" {
				path, cold = "/", true
			}
			var took []time.Duration
			for b.Loop() {
				if cold {
					s.pages.writes.Add(1)
				}
				t0 := time.Now()
				rec := httptest.NewRecorder()
				s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
				took = append(took, time.Since(t0))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, rec.Code)
				}
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[min(len(took)-1, len(took)*95/100)].Microseconds())/1000, "p95-ms")
		})
	}
}
