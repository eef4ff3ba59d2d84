package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
)

// runCaptured runs the command line in-process and returns its exit status
// and standard output.
func runCaptured(t *testing.T, args ...string) (int, string) {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "stdout")
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = f
	code := run(args)
	os.Stdout = old
	out, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return code, string(out)
}

func TestExtractExitStatus(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.txt")
	binary := filepath.Join(dir, "b.txt")
	os.WriteFile(good, []byte("KABUL, Oct 12, 2025 - Taliban forces clashed with Pakistani troops in Kurram on Saturday."), 0o644)
	os.WriteFile(binary, []byte("\x00\x01\x02 not text"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.jsonl"), []byte(`{"id":"j1","text":"Islamabad says the TTP attacked.","published":"2025-10-15"}`+"\nnot json\n"), 0o644)

	tests := []struct {
		name    string
		args    []string
		code    int
		records int
	}{
		{"one good file", []string{"extract", good}, exitOK, 1},
		{"a refused file does not stop the batch", []string{"extract", dir}, exitSkipped, 2},
		{"bad published flag", []string{"extract", "--published", "last week", good}, exitUsage, 0},
		{"unknown flag", []string{"extract", "--nope", good}, exitUsage, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := runCaptured(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			n := 0
			sc := bufio.NewScanner(strings.NewReader(out))
			sc.Buffer(nil, 1<<24)
			for sc.Scan() {
				var r sitrep.Record
				if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
					t.Fatalf("output line is not a record: %v", err)
				}
				if r.Contract != sitrep.ContractVersion || r.Actors == nil || r.Events == nil {
					t.Errorf("record %s lacks contract fields", r.ID)
				}
				n++
			}
			if n != tt.records {
				t.Errorf("%d records, want %d", n, tt.records)
			}
		})
	}
}

func TestDemoPrintsEveryExample(t *testing.T) {
	code, out := runCaptured(t, "demo")
	if code != exitOK {
		t.Fatalf("demo exit %d", code)
	}
	for _, want := range []string{"01-border-clashes-wire.txt", "05-february-strikes.html", "[pakistan-military]", "Paktika", "2026-02-22", "# Situation brief", "## Sources"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
}
