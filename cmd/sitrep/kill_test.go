package main

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/examples"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/text"
)

const killEnv = "SITREP_KILL_INGEST_ARGS"

// TestKillIngest runs `sitrep ingest` over a few hundred documents in a
// child process (this test binary again) and kills it with SIGKILL at random
// moments, mid-batch or mid-update. After each kill the database must pass
// its integrity checks; a final run must end with every document stored
// once, none left out of the picture, and nothing more to add.
func TestKillIngest(t *testing.T) {
	if args := os.Getenv(killEnv); args != "" {
		os.Exit(run(strings.Split(args, "\x1f")))
	}
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is unix only")
	}
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	corpus := t.TempDir()
	const n = 1500
	writeCorpus(t, corpus, n)
	db := filepath.Join(t.TempDir(), "killed.db")
	args := []string{"ingest", "--db", db, corpus}

	ctx := context.Background()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	kills := 0
	for round := 0; round < 6; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillIngest$", "-test.count=1")
		cmd.Env = append(os.Environ(), killEnv+"="+strings.Join(args, "\x1f"))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Early rounds die while documents are being stored, later ones
		// while the picture is being updated.
		wait := time.Duration(150+300*round+rng.IntN(300)) * time.Millisecond
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
			// The child finished before its kill: later rounds find
			// nothing new to do, which must also hold.
		case <-time.After(wait):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			kills++
		}
		st, err := sqlite.Open(db)
		if err != nil {
			t.Fatalf("round %d: reopening after the kill: %v", round, err)
		}
		if err := st.Check(ctx); err != nil {
			t.Fatalf("round %d: integrity after a kill at %v: %v", round, wait, err)
		}
		docs, err := st.Documents(ctx, sitrep.DocumentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		pending, err := st.PendingDocuments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		t.Logf("round %d: killed after %v, %d documents stored, %d not yet in the picture", round, wait, len(docs), len(pending))
	}
	if kills == 0 {
		t.Log("no child was killed before it finished: the corpus ingests faster than the kill delays")
	}

	code, out, errs := runIngestCLI(t, args...)
	if code != exitOK {
		t.Fatalf("final run: exit %d\n%s%s", code, out, errs)
	}
	st, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs, err := st.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, d := range docs {
		seen[d.Doc.ID]++
	}
	if len(docs) != n || len(seen) != n {
		t.Errorf("%d documents stored from %d distinct inputs, want %d", len(docs), len(seen), n)
	}
	pending, err := st.PendingDocuments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) > 0 {
		t.Errorf("%d documents still outside the picture after the final run", len(pending))
	}
	evs, err := st.Events(ctx, sitrep.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Cluster == 0 {
			t.Errorf("event %d of document %d has no picture event", e.RowID, e.DocID)
			break
		}
	}
	code, out, _ = runIngestCLI(t, args...)
	if code != exitOK || !strings.Contains(out, "0 added") {
		t.Errorf("a rerun added something: exit %d: %s", code, out)
	}
}

// writeCorpus writes n distinct reports recombined from the sentences of
// the bundled examples, so that they share events, figures and passages
// the way coverage of one war does.
func writeCorpus(t *testing.T, dir string, n int) {
	t.Helper()
	var pool []string
	err := fs.WalkDir(examples.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".txt") {
			return err
		}
		b, err := fs.ReadFile(examples.FS, path)
		if err != nil {
			return err
		}
		s := string(b)
		for _, sp := range text.Sentences(s) {
			if sent := strings.TrimSpace(s[sp.Start:sp.End]); len(sent) > 40 {
				pool = append(pool, sent)
			}
		}
		return nil
	})
	if err != nil || len(pool) < 10 {
		t.Fatalf("example sentences: %d, %v", len(pool), err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "Border report number %d\n\n", i+1)
		for range 4 + rng.IntN(5) {
			b.WriteString(pool[rng.IntN(len(pool))])
			b.WriteString(" ")
		}
		name := filepath.Join(dir, fmt.Sprintf("report-%04d.txt", i+1))
		if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
