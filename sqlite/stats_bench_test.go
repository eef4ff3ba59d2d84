package sqlite_test

import (
	"context"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// BenchmarkPictureStats100k runs each aggregate the web pages read over
// the 100,000-document store (see benchStore; SITREP_BENCH_DB reuses one)
// and reports its p95.
func BenchmarkPictureStats100k(b *testing.B) {
	path := benchStore(b)
	ctx := context.Background()
	s, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	latest, err := s.PictureEvents(ctx, sitrep.PictureFilter{Limit: 400})
	if err != nil {
		b.Fatal(err)
	}
	var ids []int64
	var docs []int64
	for _, e := range latest.Events {
		ids = append(ids, e.ID)
		for _, r := range e.Reports {
			if len(docs) < 2000 {
				var id int64
				for _, c := range r.DocID {
					id = id*10 + int64(c-'0')
				}
				docs = append(docs, id)
			}
		}
	}
	for _, c := range []struct {
		name string
		run  func() error
	}{
		{"Counts", func() error { _, err := s.Counts(ctx); return err }},
		{"EventPairs", func() error { _, err := s.EventPairs(ctx, 12); return err }},
		{"ClaimPairs", func() error { _, err := s.ClaimPairs(ctx, sitrep.ClaimAccusation, 12); return err }},
		{"DocumentsByID", func() error { _, err := s.DocumentsByID(ctx, docs); return err }},
		{"EventQuantities400", func() error { _, err := s.EventQuantities(ctx, ids); return err }},
		{"EventEpisodes400", func() error { _, err := s.EventEpisodes(ctx, ids); return err }},
		{"Summaries5000", func() error {
			f := sitrep.PictureFilter{Limit: 1000}
			for range 5 {
				pg, err := s.PictureSummaries(ctx, f)
				if err != nil || pg.Next == "" {
					return err
				}
				f.Cursor = pg.Next
			}
			return nil
		}},
		{"Events5000", func() error {
			f := sitrep.PictureFilter{Limit: 1000}
			for range 5 {
				pg, err := s.PictureEvents(ctx, f)
				if err != nil || pg.Next == "" {
					return err
				}
				f.Cursor = pg.Next
			}
			return nil
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if err := c.run(); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(t0))
			}
			b.ReportMetric(float64(pct(took, 95).Microseconds())/1000, "p95-ms")
		})
	}
}
