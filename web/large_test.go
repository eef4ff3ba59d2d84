package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/picture"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// Synthetic wire reports for the large-store benchmark: actors, places,
// figures and dates recombined, so fusion sees many distinct incidents.
var (
	synthWho   = []string{"Pakistani forces", "Afghan Taliban fighters", "TTP militants", "Pakistani jets", "Gunmen"}
	synthWhom  = []string{"TTP militants", "Pakistani soldiers", "Afghan border guards", "police officers", "civilians"}
	synthWhere = []string{"Kurram", "Bannu", "Khost", "Paktika", "Bajaur", "Quetta", "Chaman", "Kandahar", "North Waziristan", "Kunar"}
	synthVerb  = []string{"attacked", "killed", "struck", "ambushed", "shelled"}
)

func synthDocs(n int) []sitrep.Document {
	docs := make([]sitrep.Document, n)
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range docs {
		d := day.AddDate(0, 0, i%400)
		who, whom := synthWho[i%len(synthWho)], synthWhom[(i/5)%len(synthWhom)]
		where := synthWhere[(i/3)%len(synthWhere)]
		k := 3 + i%37
		text := fmt.Sprintf("%s %s %s in %s\n\nPESHAWAR, %s - %s %s %s in %s on %s, killing %d, officials said. "+
			"A spokesman for the other side said %d were killed and denied the account. Report %d.",
			who, synthVerb[i%len(synthVerb)], whom, where, d.Format("January 2, 2006"),
			who, synthVerb[i%len(synthVerb)], whom, where, d.Add(-24*time.Hour).Weekday(), k, k*2+1, i)
		docs[i] = sitrep.Document{ID: "synth-" + strconv.Itoa(i), Text: text, Title: fmt.Sprintf("%s in %s", who, where),
			Outlet: "Synthetic Wire", Published: d, PublishedGranularity: sitrep.GranularityDay, PublishedSource: sitrep.PublishedInput}
	}
	return docs
}

// BenchmarkPagesLarge renders pages from a store of SITREP_WEB_DOCS
// synthetic reports (opt-in: building the store takes a while).
func BenchmarkPagesLarge(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("SITREP_WEB_DOCS"))
	if n <= 0 {
		b.Skip("set SITREP_WEB_DOCS to the number of synthetic reports")
	}
	fixture(b, "examples") // loads the extractor
	st, err := sqlite.Open(filepath.Join(b.TempDir(), "large.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	bl := picture.New(st, fixX)
	bl.Hash = sqlite.Hash
	start := time.Now()
	if _, err := bl.IngestSlice(context.Background(), synthDocs(n), nil); err != nil {
		b.Fatal(err)
	}
	pg, err := st.PictureEvents(context.Background(), sitrep.PictureFilter{Limit: 1})
	if err != nil || len(pg.Events) == 0 {
		b.Fatal("no events", err)
	}
	b.Logf("%d documents ingested in %s: %d picture events", n, time.Since(start).Round(time.Millisecond), pg.Total)
	s, err := New(Config{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []string{"/", "/events", fmt.Sprintf("/events/%d", pg.Events[0].ID), "/map/data.json", "/timeline", "/actors", "/claims", "/documents", "/documents/1"} {
		b.Run(p, func(b *testing.B) {
			for b.Loop() {
				rec := httptest.NewRecorder()
				s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", p, rec.Code)
				}
			}
		})
	}
}
