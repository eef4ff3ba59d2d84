package ingest

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

func FuzzReadJSONL(f *testing.F) {
	if b, err := os.ReadFile("testdata/batch.jsonl"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("{\"id\":\"a\",\"text\":\"caf\xe9\"}\n"))
	f.Add([]byte("\ufeff{\"id\":1,\"text\":\"x\\u0000\",\"published\":\"2025-01-02T03:04:05+05:30\"}\r\n\n"))
	f.Add([]byte(`{"id":"a","text":"\ud800 lone surrogate"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		seen := map[string]bool{}
		err := ReadJSONL(bytes.NewReader(data), "f.jsonl", Options{MaxBytes: 1 << 12}, func(d sitrep.Document) error {
			if !utf8.ValidString(d.Text) {
				t.Fatalf("document %q has invalid UTF-8 text", d.ID)
			}
			if d.ID == "" || seen[d.ID] {
				t.Fatalf("empty or repeated id %q", d.ID)
			}
			seen[d.ID] = true
			if strings.TrimSpace(d.Text) == "" {
				t.Fatalf("empty document %q emitted", d.ID)
			}
			return nil
		}, func(name string, err error) {
			if !strings.Contains(err.Error(), "f.jsonl") {
				t.Fatalf("refusal %q does not name the file", err)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzFromHTML: run with -fuzzminimizetime 3s, else minimising a page-sized
// input stalls the run for a minute.
func FuzzFromHTML(f *testing.F) {
	for _, p := range []string{"testdata/news.html", "testdata/broken.html"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"@graph":[{"datePublished":"2025-13-45"}]}]}</script><p>x</p>`))
	f.Add([]byte("<meta charset=shift_jis><table><td><p>\x82\xa0<time datetime='2025-01-01T00:00+14:00'>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := FromHTML(bytes.NewReader(data), "", Options{MaxBytes: 1 << 14})
		if err == nil && (!utf8.ValidString(doc.Text) || strings.TrimSpace(doc.Text) == "") {
			t.Fatalf("bad text %q", doc.Text)
		}
	})
}
