package extract

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
)

// seedDocs reads the seed articles from ../shared, or skips.
func seedDocs(b *testing.B) []sitrep.Document {
	b.Helper()
	files, _ := filepath.Glob("../../shared/seeds/*.txt")
	if len(files) == 0 {
		b.Skip("../shared/seeds is absent: seed benchmark skipped")
	}
	var docs []sitrep.Document
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, sitrep.Document{ID: filepath.Base(f), Text: string(raw), Published: time.Date(2025, 10, 15, 0, 0, 0, 0, time.UTC)})
	}
	return docs
}

// BenchmarkExtract measures single-core extraction throughput over the seeds
// (MB/s of text); the target is ≥ 5 MB/s for recognition.
func BenchmarkExtract(b *testing.B) {
	docs := seedDocs(b)
	x := newExtractor(b)
	var n int64
	for _, d := range docs {
		n += int64(len(d.Text))
	}
	b.SetBytes(n)
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			x.Extract(d)
		}
	}
}
