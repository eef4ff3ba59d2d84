package picture

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/sqlite"
)

// BenchmarkIngestStream ingests a synthetic stream (see stream) end to end,
// extraction included, into a real store in runs of 10,000 documents, as a
// feed arrives: SITREP_PICTURE_DOCS documents (default 100,000). It reports
// per run the time, the documents/s, the time of each stage, the database
// size and the peak resident memory; the metrics are those of the whole
// stream. SITREP_PICTURE_KEEP names a directory where the database is left
// for inspection. Opt-in: go test -run '^$' -bench IngestStream -benchtime 1x ./picture/
func BenchmarkIngestStream(b *testing.B) {
	total := 100_000
	if n, err := strconv.Atoi(os.Getenv("SITREP_PICTURE_DOCS")); err == nil && n > 0 {
		total = n
	}
	run, runs := 10_000, 0
	if n, err := strconv.Atoi(os.Getenv("SITREP_PICTURE_RUN")); err == nil && n > 0 {
		run = n // documents per run
	}
	if n, err := strconv.Atoi(os.Getenv("SITREP_PICTURE_RUNS")); err == nil && n > 0 {
		runs = n // stop after this many runs (for profiles)
	}
	for range b.N {
		dir := b.TempDir()
		if keep := os.Getenv("SITREP_PICTURE_KEEP"); keep != "" {
			dir = keep
			if err := os.MkdirAll(dir, 0o755); err != nil {
				b.Fatal(err)
			}
			os.Remove(filepath.Join(dir, "bench.db"))
		}
		path := filepath.Join(dir, "bench.db")
		st, err := sqlite.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		bl := New(st, extractor(b))
		bl.Hash = sqlite.Hash
		s := newStream(b, total, 1)
		ctx := context.Background()
		var all time.Duration
		for done, k := 0, 0; done < total && (runs == 0 || k < runs); done, k = done+run, k+1 {
			docs := s.Next(min(run, total-done))
			t0, cpu0 := time.Now(), cpuTime()
			stats, err := bl.IngestSlice(ctx, docs, nil)
			if err != nil {
				b.Fatal(err)
			}
			el := time.Since(t0)
			all += el
			fmt.Fprintf(os.Stderr, "%6d docs: run of %d in %s (%.0f docs/s; %s); %d picture events, %d families; db %d MB; peak RSS %d MB",
				done+len(docs), len(docs), el.Round(time.Millisecond), float64(len(docs))/el.Seconds(), stats.Durations(),
				stats.PictureEvents, stats.Families, dbSize(dir)>>20, peakRSS()>>20)
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			fmt.Fprintf(os.Stderr, "; Go heap from the OS %d MB; cpu %s; episodes %s\n", m.HeapSys>>20, cpuTime()-cpu0, stats.EpisodeTime.Round(time.Millisecond))
		}
		b.ReportMetric(float64(min(total, run*max(runs, total/run+1)))/all.Seconds(), "docs/s")
		b.ReportMetric(float64(dbSize(dir))/(1<<20), "dbMB")
		b.ReportMetric(float64(peakRSS())/(1<<20), "peakMB")
		st.Close()
	}
}

// cpuTime is the process's user and system CPU time so far (the machine
// is shared: wall time alone says little).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Round(time.Millisecond)
}

// dbSize is the size of the database files in dir (WAL included).
func dbSize(dir string) int64 {
	var n int64
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if fi, err := e.Info(); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// peakRSS is the process's peak resident memory (VmHWM), or the Go heap's
// peak where /proc is not there.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				return kb << 10
			}
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.Sys)
}
