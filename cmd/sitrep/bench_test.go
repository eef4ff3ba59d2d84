package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sitrep-dev/sitrep/examples"
)

// buildSitrep compiles the command once for the process benchmarks.
func buildSitrep(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "sitrep")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// BenchmarkStartup runs the whole program on a one-line document: process
// start, dictionary and gazetteer loading (target ≤ 150 ms), and reports the
// peak resident memory (target ≤ 200 MB).
func BenchmarkStartup(b *testing.B) {
	bin := buildSitrep(b)
	var peak int64
	for b.Loop() {
		cmd := exec.Command(bin, "extract", "--published", "2025-10-15", "-")
		cmd.Stdin = strings.NewReader("Kabul says Pakistani jets struck Paktika province last Sunday.")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > peak {
			peak = ru.Maxrss
		}
	}
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
}

// BenchmarkExtractLarge runs the program over a 20 MB JSON Lines batch made
// of the example reports, reporting throughput and peak resident memory.
func BenchmarkExtractLarge(b *testing.B) {
	bin := buildSitrep(b)
	batch := filepath.Join(b.TempDir(), "batch.jsonl")
	size := writeExampleBatch(b, batch, 20<<20)
	b.SetBytes(size)
	var peak int64
	for b.Loop() {
		cmd := exec.Command(bin, "extract", "--input", "jsonl", "--published", "2025-10-15", batch)
		var stderr strings.Builder
		cmd.Stdout, cmd.Stderr = io.Discard, &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("%v\n%s", err, stderr.String())
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > peak {
			peak = ru.Maxrss
		}
	}
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
}

// writeExampleBatch writes the bundled examples, repeated, as a JSON Lines
// batch of about size bytes of text, and returns the bytes of text written.
func writeExampleBatch(b *testing.B, path string, size int64) int64 {
	b.Helper()
	entries, err := fs.ReadDir(examples.FS, ".")
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".txt") || strings.HasSuffix(e.Name(), ".md") {
			raw, _ := fs.ReadFile(examples.FS, e.Name())
			texts = append(texts, string(raw))
		}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	var n int64
	for i := 0; n < size; i++ {
		t := texts[i%len(texts)]
		if err := enc.Encode(map[string]string{"id": fmt.Sprint("doc-", i), "text": t}); err != nil {
			b.Fatal(err)
		}
		n += int64(len(t))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return n
}
