package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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
	code, out := runCaptured(t, "demo", "--no-serve")
	if code != exitOK {
		t.Fatalf("demo exit %d", code)
	}
	for _, want := range []string{"01-border-clashes-wire.txt", "05-february-strikes.html", "[pakistan-military]", "Paktika", "2026-02-22", "# Situation brief", "## Sources"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
}

// TestDemoServes runs the demo as a user does: it must print an address
// where the UI answers, and stop cleanly on an interrupt.
func TestDemoServes(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	defer func() { os.Stdout = old }()
	done := make(chan int, 1)
	go func() { done <- run([]string{"demo", "--addr", "127.0.0.1:0"}) }()

	url := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "serving on "); ok {
				url <- strings.Fields(rest)[0]
			}
		}
	}()
	var base string
	select {
	case base = <-url:
	case code := <-done:
		t.Fatalf("demo ended with %d before serving", code)
	case <-time.After(2 * time.Minute):
		t.Fatal("demo printed no address")
	}
	for _, path := range []string{"healthz", "", "api/v1/events"} {
		resp, err := http.Get(strings.TrimSuffix(base, "/") + "/" + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /%s: %s", path, resp.Status)
		}
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("demo exit %d after the interrupt", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("demo did not stop on SIGINT")
	}
	w.Close()
}
