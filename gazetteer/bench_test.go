package gazetteer

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

// BenchmarkLoad measures decoding the embedded data (the cost the first
// Load pays at start-up).
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := build(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkRecognise runs recognition over the seed texts, tokenised and
// split into sentences once (the pipeline shares those with other stages).
func BenchmarkRecognise(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(sharedDir, "seeds", "*.txt"))
	if len(files) == 0 {
		b.Skip("seed texts not available")
	}
	g, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	type doc struct {
		src   string
		toks  []text.Token
		sents []sitrep.Span
	}
	var docs []doc
	size := 0
	for _, f := range files {
		s, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, doc{string(s), text.Tokenize(string(s)), text.Sentences(string(s))})
		size += len(s)
	}
	b.SetBytes(int64(size))
	cpu0 := cpuTime()
	for b.Loop() {
		for _, d := range docs {
			g.Recognise(d.src, d.toks, d.sents)
		}
	}
	// on a shared machine wall time overstates the cost; CPU time does not
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
