package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// benchDocs is the size of the corpus the query benchmark runs against.
// SITREP_BENCH_DB names a database file to build once and reuse across runs.
const benchDocs = 100_000

var (
	benchOnce        sync.Once
	benchPictureOnce sync.Once
	// Timings of the picture built over the benchmark store, per run of
	// benchPictureBatch documents: the reads of the incremental builder
	// (stored events, restored picture events) and ApplyPicture.
	benchRestore, benchApply []time.Duration
	benchPath                string
	benchErr                 error
	benchTmp                 string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchTmp != "" {
		os.RemoveAll(benchTmp)
	}
	os.Exit(code)
}

// BenchmarkPutDocument measures the ingest rate into a fresh database, one
// transaction per document.
func BenchmarkPutDocument(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	docs := make([]sitrep.Document, 0, 1000)
	recs := make([]sitrep.Record, 0, 1000)
	for i := range 1000 {
		d, r := synthDoc(i)
		docs, recs = append(docs, d), append(recs, r)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d := docs[i%1000]
		d.Text += fmt.Sprintf(" [%d]", i) // distinct text, same shape
		if _, _, err := s.PutDocument(ctx, d, recs[i%1000]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkPutDocuments100 measures the ingest rate with batches of 100
// documents per transaction.
func BenchmarkPutDocuments100(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	var batch []sitrep.DocRecord
	for i := range 100 {
		d, r := synthDoc(i)
		batch = append(batch, sitrep.DocRecord{Doc: d, Record: r})
	}
	n := 0
	for i := 0; b.Loop(); i++ {
		for j := range batch {
			d, r := synthDoc(j)
			d.Text += fmt.Sprintf(" [%d]", i)
			batch[j] = sitrep.DocRecord{Doc: d, Record: r}
		}
		if _, err := s.PutDocuments(ctx, batch); err != nil {
			b.Fatal(err)
		}
		n += len(batch)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
}

// benchStore builds (once) the 100,000-document database, logging the
// ingest rate per 10,000 documents and the file size.
func benchStore(b *testing.B) string {
	benchOnce.Do(func() {
		benchPath = os.Getenv("SITREP_BENCH_DB")
		if benchPath == "" {
			benchTmp, benchErr = os.MkdirTemp("", "sitrep-bench")
			if benchErr != nil {
				return
			}
			benchPath = filepath.Join(benchTmp, "bench.db")
		}
		ctx := context.Background()
		s, err := sqlite.Open(benchPath)
		if err != nil {
			benchErr = err
			return
		}
		defer s.Close()
		have, _ := s.Documents(ctx, sitrep.DocumentFilter{Page: sitrep.Page{Offset: benchDocs - 1, Limit: 1}})
		if len(have) > 0 {
			return
		}
		start, lap := time.Now(), time.Now()
		const batchSize = 100
		var batch []sitrep.DocRecord
		for i := range benchDocs {
			doc, rec := synthDoc(i)
			batch = append(batch, sitrep.DocRecord{Doc: doc, Record: rec})
			if len(batch) < batchSize && i < benchDocs-1 {
				continue
			}
			if _, err := s.PutDocuments(ctx, batch); err != nil {
				benchErr = err
				return
			}
			batch = batch[:0]
			if (i+1)%10_000 == 0 {
				fmt.Fprintf(os.Stderr, "ingest: %6d documents, last 10,000 in %v (%.0f docs/s)\n",
					i+1, time.Since(lap).Round(time.Millisecond), 10_000/time.Since(lap).Seconds())
				lap = time.Now()
			}
		}
		el := time.Since(start)
		fmt.Fprintf(os.Stderr, "ingest: %d documents in %v, %.0f docs/s\n", benchDocs, el.Round(time.Millisecond), benchDocs/el.Seconds())
	})
	benchPictureOnce.Do(func() {
		if benchErr == nil {
			benchErr = benchPicture(benchPath)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

// BenchmarkEvents100k runs a mix of filtered event queries against 100,000
// stored documents and reports percentile latencies: for pages of at most
// 100 events (what a table or the web view shows) and for whole results
// (an export), with the export rate in events per second.
func BenchmarkEvents100k(b *testing.B) {
	path := benchStore(b)
	ctx := context.Background()
	s, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	size := fileSize(path) + fileSize(path+"-wal")
	page := sitrep.Page{Limit: 100}
	filters := []struct {
		name string
		f    sitrep.EventFilter
	}{
		{"actor+month", sitrep.EventFilter{Actor: "ttp", From: "2025-10-01", To: "2025-10-31", Page: page}},
		{"place name", sitrep.EventFilter{Place: "kandahar", Page: page}},
		{"place id+type+year", sitrep.EventFilter{Place: "geonames:1168103", Type: "Battles", From: "2025", Page: page}},
		{"type+week", sitrep.EventFilter{Type: "Air/drone strike", From: "2025-02-01", To: "2025-02-07", Page: page}},
		{"actor+place+type", sitrep.EventFilter{Actor: "pakistan-military", Place: "Afghanistan", Type: "Explosions/Remote violence", Page: page}},
		{"actor+place+months", sitrep.EventFilter{Actor: "unama", Place: "Torkham", From: "2024-06", To: "2024-12", Page: page}},
		{"month", sitrep.EventFilter{From: "2025-03-01", To: "2025-03-31", Page: page}},
		{"latest", sitrep.EventFilter{Page: page}},
		{"deep page", sitrep.EventFilter{Actor: "bla", Page: sitrep.Page{Limit: 100, Offset: 5000}}},
		{"all: actor+month", sitrep.EventFilter{Actor: "ttp", From: "2025-10-01", To: "2025-10-31"}},
		{"all: place id+type+year", sitrep.EventFilter{Place: "geonames:1168103", Type: "Battles", From: "2025"}},
		{"all: type+week", sitrep.EventFilter{Type: "Air/drone strike", From: "2025-02-01", To: "2025-02-07"}},
		{"all: actor+place+months", sitrep.EventFilter{Actor: "unama", Place: "Torkham", From: "2024-06", To: "2024-12"}},
		{"all: month", sitrep.EventFilter{From: "2025-03-01", To: "2025-03-31"}},
	}
	lat := map[string][]time.Duration{}
	var pages, whole []time.Duration
	var wholeRows int
	var wholeTime time.Duration
	rows := map[string]int{}
	for i := 0; b.Loop(); i++ {
		f := filters[i%len(filters)]
		t0 := time.Now()
		evs, err := s.Events(ctx, f.f)
		d := time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		lat[f.name] = append(lat[f.name], d)
		if f.f.Limit > 0 {
			pages = append(pages, d)
		} else {
			whole = append(whole, d)
			wholeRows += len(evs)
			wholeTime += d
		}
		rows[f.name] = len(evs)
	}
	for _, f := range filters {
		if l := lat[f.name]; len(l) > 0 {
			fmt.Fprintf(os.Stderr, "events: %-24s %5d rows  p50 %8v  p95 %8v\n", f.name, rows[f.name], pct(l, 50).Round(10*time.Microsecond), pct(l, 95).Round(10*time.Microsecond))
		}
	}
	if len(pages) > 0 {
		b.ReportMetric(float64(pct(pages, 50).Microseconds())/1000, "page-p50-ms")
		b.ReportMetric(float64(pct(pages, 95).Microseconds())/1000, "page-p95-ms")
	}
	if len(whole) > 0 {
		b.ReportMetric(float64(pct(whole, 95).Microseconds())/1000, "all-p95-ms")
		b.ReportMetric(float64(wholeRows)/wholeTime.Seconds(), "all-events/s")
	}
	b.ReportMetric(float64(size)/1e6, "db-MB")
}

// BenchmarkSearch100k measures full-text search with snippets over the
// 100,000-document database.
func BenchmarkSearch100k(b *testing.B) {
	path := benchStore(b)
	ctx := context.Background()
	s, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	// From rare to very common terms (the filler sentences recur in a
	// sixth of the corpus: bm25 then ranks tens of thousands of matches).
	queries := []string{"Report 4242", "roadside bomb Kurram", "ceasefire truce", "Spin Boldak", "blood donations"}
	lat := map[string][]time.Duration{}
	var all []time.Duration
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		t0 := time.Now()
		if _, err := s.Search(ctx, sitrep.SearchQuery{Text: q}); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		all = append(all, d)
		lat[q] = append(lat[q], d)
	}
	for _, q := range queries {
		if l := lat[q]; len(l) > 0 {
			fmt.Fprintf(os.Stderr, "search: %-22s p50 %8v  p95 %8v\n", q, pct(l, 50).Round(10*time.Microsecond), pct(l, 95).Round(10*time.Microsecond))
		}
	}
	b.ReportMetric(float64(pct(all, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(pct(all, 95).Microseconds())/1000, "p95-ms")
}

func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// benchPictureBatch is the number of documents per picture run.
const benchPictureBatch = 1000

// benchPicture fuses the pending documents of the store at path into its
// picture, benchPictureBatch at a time, as the incremental builder does,
// and logs the cost of each part and the file size.
func benchPicture(path string) error {
	ctx := context.Background()
	s, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	pending, err := s.PendingDocuments(ctx)
	if err != nil || len(pending) == 0 {
		return err
	}
	// Reports reach a builder roughly in publication order; the synthetic
	// ids are not, so the runs take the pending documents by date.
	docs, err := s.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		return err
	}
	day := map[int64]string{}
	for _, d := range docs {
		day[d.ID] = d.Doc.Published.Format(time.DateOnly)
	}
	slices.SortStableFunc(pending, func(a, b int64) int { return strings.Compare(day[a], day[b]) })
	size := fileSize(path) + fileSize(path+"-wal")
	start := time.Now()
	for i := 0; i < len(pending); i += benchPictureBatch {
		batch := pending[i:min(i+benchPictureBatch, len(pending))]
		t0 := time.Now()
		u, err := synthFuser{s}.update(ctx, batch)
		if err != nil {
			return err
		}
		t1 := time.Now()
		if err := s.ApplyPicture(ctx, u); err != nil {
			return err
		}
		benchRestore = append(benchRestore, t1.Sub(t0))
		benchApply = append(benchApply, time.Since(t1))
		if n := i + len(batch); n%10_000 == 0 {
			fmt.Fprintf(os.Stderr, "picture: %6d documents, last run: %d events written, read %v, apply %v\n",
				n, len(u.Events), t1.Sub(t0).Round(time.Millisecond), time.Since(t1).Round(time.Millisecond))
		}
	}
	n, _ := s.MaxPictureEventID(ctx)
	fmt.Fprintf(os.Stderr, "picture: %d documents into %d picture events in %v; apply per %d documents p50 %v p95 %v; file %.0f MB -> %.0f MB\n",
		len(pending), n, time.Since(start).Round(time.Millisecond), benchPictureBatch,
		pct(benchApply, 50).Round(time.Millisecond), pct(benchApply, 95).Round(time.Millisecond),
		float64(size)/1e6, float64(fileSize(path)+fileSize(path+"-wal"))/1e6)
	return nil
}

// BenchmarkPicture100k runs filtered picture listings (the web view's
// queries: a page of 50) over the picture of 100,000 documents and reports
// percentile latencies; when this process built the picture, also the cost
// of ApplyPicture per 1,000 documents.
func BenchmarkPicture100k(b *testing.B) {
	path := benchStore(b)
	ctx := context.Background()
	s, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	pk := &sitrep.BBox{West: 69, South: 32, East: 72, North: 35} // Kurram, Bannu, Wana, Khost, Peshawar
	filters := []struct {
		name string
		f    sitrep.PictureFilter
	}{
		{"latest", sitrep.PictureFilter{}},
		{"month", sitrep.PictureFilter{From: "2025-03-01", To: "2025-03-31"}},
		{"actor+month", sitrep.PictureFilter{Actor: "ttp", From: "2025-10-01", To: "2025-10-31"}},
		{"actor+type+month", sitrep.PictureFilter{Actor: "pakistan-military", Type: "Battles", From: "2025-10-01", To: "2025-10-31"}},
		{"actor+type+bbox+quarter", sitrep.PictureFilter{Actor: "ttp", Type: "Explosions/Remote violence", BBox: pk, From: "2025-01", To: "2025-03"}},
		{"actor+bbox", sitrep.PictureFilter{Actor: "afghan-taliban", BBox: pk}},
		{"bbox", sitrep.PictureFilter{BBox: pk}},
		{"bbox+month", sitrep.PictureFilter{BBox: pk, From: "2024-06", To: "2024-06"}},
		{"contested", sitrep.PictureFilter{Contested: true}},
		{"contested+actor+month", sitrep.PictureFilter{Contested: true, Actor: "bla", From: "2024-11", To: "2024-11"}},
		{"place+type+year", sitrep.PictureFilter{Place: "Kurram", Type: "Air/drone strike", From: "2025"}},
		{"type+week", sitrep.PictureFilter{Type: "Armed clash", From: "2025-02-01", To: "2025-02-07"}},
		{"-date actor", sitrep.PictureFilter{Sort: "-date", Actor: "iskp"}},
		{"fatalities", sitrep.PictureFilter{Sort: "fatalities"}},
		{"fatalities actor", sitrep.PictureFilter{Sort: "fatalities", Actor: "pakistan-military"}},
		{"fatalities actor+month", sitrep.PictureFilter{Sort: "fatalities", Actor: "pakistan-military", From: "2025-10"}},
		{"sources contested+bbox", sitrep.PictureFilter{Sort: "sources", Contested: true, BBox: pk}},
		{"cursor page 3 actor", sitrep.PictureFilter{Actor: "unama"}},
	}
	// The cursor case continues after two pages.
	last := &filters[len(filters)-1].f
	for range 2 {
		p, err := s.PictureEvents(ctx, *last)
		if err != nil || p.Next == "" {
			b.Fatalf("cursor setup: %v", err)
		}
		last.Cursor = p.Next
	}
	lat := map[string][]time.Duration{}
	totals := map[string]int{}
	var all []time.Duration
	for i := 0; b.Loop(); i++ {
		f := filters[i%len(filters)]
		t0 := time.Now()
		p, err := s.PictureEvents(ctx, f.f)
		d := time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		lat[f.name] = append(lat[f.name], d)
		all = append(all, d)
		totals[f.name] = p.Total
	}
	for _, f := range filters {
		if l := lat[f.name]; len(l) > 0 {
			fmt.Fprintf(os.Stderr, "picture: %-26s total %6d  p50 %8v  p95 %8v\n", f.name, totals[f.name],
				pct(l, 50).Round(10*time.Microsecond), pct(l, 95).Round(10*time.Microsecond))
		}
	}
	b.ReportMetric(float64(pct(all, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(pct(all, 95).Microseconds())/1000, "p95-ms")
	if len(benchApply) > 0 {
		b.ReportMetric(float64(pct(benchApply, 50).Microseconds())/1000, "apply-1k-p50-ms")
		b.ReportMetric(float64(pct(benchApply, 95).Microseconds())/1000, "apply-1k-p95-ms")
		b.ReportMetric(float64(pct(benchRestore, 50).Microseconds())/1000, "read-1k-p50-ms")
	}
	b.ReportMetric(float64(fileSize(path)+fileSize(path+"-wal"))/1e6, "db-MB")
}

// BenchmarkApplyPicture1k measures one ApplyPicture of 1,000 new documents
// (their picture events created or joined, ledger lines, clusters,
// signatures) on a store whose picture holds 10,000 documents. Storing the
// documents and fusing them are not timed.
func BenchmarkApplyPicture1k(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	picture := func(from int) sitrep.PictureUpdate {
		putSynth(b, s, from, from+benchPictureBatch)
		pending, err := s.PendingDocuments(ctx)
		if err != nil {
			b.Fatal(err)
		}
		u, err := synthFuser{s}.update(ctx, pending)
		if err != nil {
			b.Fatal(err)
		}
		return u
	}
	next := 0
	for ; next < 10_000; next += benchPictureBatch {
		if err := s.ApplyPicture(ctx, picture(next)); err != nil {
			b.Fatal(err)
		}
	}
	events := 0
	for b.Loop() {
		b.StopTimer()
		u := picture(next)
		next += benchPictureBatch
		events += len(u.Events)
		b.StartTimer()
		if err := s.ApplyPicture(ctx, u); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(events)/float64(b.N), "events/op")
}

// BenchmarkSignatureCandidates measures the candidate look-up of one
// document (32 band keys, 8 evidence keys drawn from 2,000 common ones)
// against 20,000 stored signatures.
func BenchmarkSignatureCandidates(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	const docs = 20_000
	ids := putSynth(b, s, 0, docs)
	keysOf := func(i int) []uint64 {
		var keys []uint64
		for band := range 32 {
			keys = append(keys, uint64(i)*1_000_003+uint64(band)*7919+1)
		}
		for e := range 8 {
			keys = append(keys, 1<<62|uint64((i*31+e*977)%2000))
		}
		return keys
	}
	sig := make([]byte, 1100) // a dedup signature's size
	for i := 0; i < docs; i += 1000 {
		var u sitrep.PictureUpdate
		for j := i; j < i+1000; j++ {
			u.Signatures = append(u.Signatures, sitrep.DocSignature{DocID: ids[j], Sig: sig, Keys: keysOf(j)})
		}
		if err := s.ApplyPicture(ctx, u); err != nil {
			b.Fatal(err)
		}
	}
	found := 0
	for i := 0; b.Loop(); i++ {
		got, err := s.SignatureCandidates(ctx, keysOf(i%docs))
		if err != nil {
			b.Fatal(err)
		}
		found += len(got)
	}
	b.ReportMetric(float64(found)/float64(b.N), "candidates/op")
}
