package extract

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/examples"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/internal/golden"
)

func newExtractor(t testing.TB) *Extractor {
	t.Helper()
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// exampleDocs reads the bundled examples through the file ingestion.
func exampleDocs(t testing.TB) []sitrep.Document {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, examples.FS); err != nil {
		t.Fatal(err)
	}
	var docs []sitrep.Document
	err := ingest.Read([]string{dir}, ingest.Options{}, func(d sitrep.Document) error {
		d.ID = filepath.Base(d.ID)
		docs = append(docs, d)
		return nil
	}, func(name string, err error) { t.Errorf("example %s refused: %v", name, err) })
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 4 {
		t.Fatalf("read %d examples, want at least 4", len(docs))
	}
	return docs
}

// TestGoldenExamples pins the full record of every example; run with
// -update after a deliberate change and review the diff.
func TestGoldenExamples(t *testing.T) {
	x := newExtractor(t)
	for _, doc := range exampleDocs(t) {
		t.Run(doc.ID, func(t *testing.T) {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(x.Extract(doc)); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, doc.ID+".golden.json", buf.Bytes())
		})
	}
}

// TestRecordBehaviour checks what a user relies on, independent of the golden files.
func TestRecordBehaviour(t *testing.T) {
	x := newExtractor(t)
	doc := sitrep.Document{
		ID:        "t1",
		Text:      "Islamabad says the TTP attacked a post in Kurram on Sunday. Pakistani forces said 12 fighters died in Khōst province.",
		Published: time.Date(2025, 10, 15, 0, 0, 0, 0, time.UTC),
	}
	r := x.Extract(doc)
	if r.Contract != sitrep.ContractVersion || r.ID != "t1" || r.Published == nil || *r.Published != "2025-10-15" || r.PublishedSource != sitrep.PublishedInput {
		t.Errorf("header = %+v", r)
	}
	ids := map[string]bool{}
	for _, a := range r.Actors {
		ids[a.ID] = true
	}
	for _, want := range []string{"pakistan-gov", "ttp", "pakistan-military"} {
		if !ids[want] {
			t.Errorf("actor %s not found; got %v", want, ids)
		}
	}
	places := map[string]bool{}
	for _, p := range r.Places {
		places[p.Name] = true
		if p.Name == "Islamabad" {
			t.Errorf("Islamabad used as the government was also reported as a place")
		}
	}
	if !places["Kurram"] {
		t.Errorf("Kurram not found among places %v", places)
	}
	var sunday string
	for _, tm := range r.Times {
		if tm.Text == "Sunday" || tm.Text == "on Sunday" {
			sunday = tm.Value
		}
	}
	if sunday != "2025-10-12" {
		t.Errorf("Sunday resolved to %q, want 2025-10-12 (the Sunday before publication)", sunday)
	}
	checkOffsets(t, doc.Text, r)
}

// checkOffsets asserts that every mention's code-point offsets give back its text.
func checkOffsets(t *testing.T, text string, r sitrep.Record) {
	t.Helper()
	runes := []rune(text)
	check := func(m sitrep.Mention) {
		if m.Start < 0 || m.End > len(runes) || m.Start > m.End || string(runes[m.Start:m.End]) != m.Text {
			t.Errorf("mention %+v does not match the text", m)
		}
	}
	for _, a := range r.Actors {
		for _, m := range a.Mentions {
			check(m)
		}
	}
	for _, p := range r.Places {
		for _, m := range p.Mentions {
			check(m)
		}
	}
	for _, tm := range r.Times {
		check(sitrep.Mention{Start: tm.Start, End: tm.End, Text: tm.Text})
	}
}

func TestInferredPublication(t *testing.T) {
	x := newExtractor(t)
	r := x.Extract(sitrep.Document{ID: "t2", Text: "Talks resumed in Doha on October 16, 2025. Officials said on Sunday that a deal was close."})
	if r.PublishedSource != sitrep.PublishedInferred || r.Published == nil {
		t.Fatalf("published = %v (%s), want an inferred date", r.Published, r.PublishedSource)
	}
	if !strings.HasPrefix(*r.Published, "2025-10") {
		t.Errorf("inferred %s, want October 2025 or a day in it", *r.Published)
	}
	for _, tm := range r.Times {
		if tm.Text == "Sunday" || tm.Text == "on Sunday" {
			if len(tm.Value) == len("2025-10-19") && *r.Published == "2025-10" {
				t.Errorf("Sunday got a day (%s) from a month-level anchor", tm.Value)
			}
		}
	}
}

func FuzzExtract(f *testing.F) {
	x := newExtractor(f)
	for _, s := range []string{"Kabul says 20 died in Paktika last Sunday.", "“Islamabad” — Pakistan 's TTP\u00a0U.S.", "\xff\x00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := x.Extract(sitrep.Document{ID: "f", Text: s, Published: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
		if !utf8.ValidString(s) {
			return
		}
		checkOffsets(t, s, r)
	})
}
