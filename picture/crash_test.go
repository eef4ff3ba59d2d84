package picture

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/sqlite"
)

const (
	crashEnvDB = "SITREP_PICTURE_CRASH_DB"
	crashDocs  = 2000
	crashSeed  = 5
)

// crashBuilder is the builder every run of the crash test uses: small
// batches and chunks, so that kills land inside both stages.
func crashBuilder(t testing.TB, st *sqlite.Store) *Builder {
	b := New(st, extractor(t))
	b.Hash = sqlite.Hash
	b.BatchSize = 50
	b.Chunk = 64
	return b
}

// TestKillDuringIngest runs Builder.Ingest over a synthetic stream in a
// child process (this test binary again) and kills it with SIGKILL at
// random moments, in the extraction stage and in the picture stage. After
// each kill the store passes its checks; a final run completes the work:
// every document stored once, none pending, and the picture (families,
// clusters, ledger, contested claims, episodes) that of a run never
// interrupted.
func TestKillDuringIngest(t *testing.T) {
	if path := os.Getenv(crashEnvDB); path != "" {
		crashChild(t, path)
		return
	}
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is unix only")
	}
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "killed.db")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 3))
	kills := 0
	for round := 0; round < 6; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringIngest$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnvDB+"="+path)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Even rounds die at a random moment (mostly while documents are
		// extracted and stored), odd ones at a random moment of the
		// picture stage (the child says when it begins); each round
		// resumes where the last one died.
		if round%2 == 1 {
			sc := bufio.NewScanner(out)
			for sc.Scan() && sc.Text() != "stage fusion" {
			}
			time.Sleep(time.Duration(rng.IntN(3000)) * time.Millisecond)
		} else {
			time.Sleep(time.Duration(300+rng.IntN(2500)) * time.Millisecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil {
			kills++
		}
		go io.Copy(io.Discard, out)
		err = cmd.Wait()
		st, err2 := sqlite.Open(path)
		if err2 != nil {
			t.Fatalf("round %d (%v): reopening after the kill: %v", round, err, err2)
		}
		if err := st.Check(ctx); err != nil {
			t.Fatalf("round %d: store damaged after the kill: %v", round, err)
		}
		docs, _ := st.Documents(ctx, sitrep.DocumentFilter{})
		pending, _ := st.PendingDocuments(ctx)
		t.Logf("round %d (%v): %d documents stored, %d pending", round, err, len(docs), len(pending))
		st.Close()
	}
	if kills == 0 {
		t.Fatal("no child was killed")
	}

	st, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := crashBuilder(t, st).IngestSlice(ctx, newStream(t, crashDocs, crashSeed).Next(crashDocs), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Documents != crashDocs || s.Added+s.Present != crashDocs {
		t.Errorf("after the kills: %+v, want %d documents stored once", s, crashDocs)
	}
	if p, err := st.PendingDocuments(ctx); err != nil || len(p) != 0 {
		t.Errorf("%d documents still pending (%v)", len(p), err)
	}
	if err := st.Check(ctx); err != nil {
		t.Fatal(err)
	}

	whole := openStore(t)
	if _, err := crashBuilder(t, whole).IngestSlice(ctx, newStream(t, crashDocs, crashSeed).Next(crashDocs), nil); err != nil {
		t.Fatal(err)
	}
	want := snapshot(t, whole)
	t.Logf("uninterrupted: %d documents in %d families, %d picture events, %d contested claims, %d episodes",
		want.inFamilies, len(want.families()), len(want.members), want.contested, want.episodes)
	want.diff(t, snapshot(t, st))
}

// crashChild ingests the stream into the store at path until it is killed
// (or done).
func crashChild(t *testing.T, path string) {
	st, err := sqlite.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
	defer st.Close()
	b := crashBuilder(t, st)
	b.OnStage = func(s string) { fmt.Println("stage", s) }
	if _, err := b.IngestSlice(context.Background(), newStream(t, crashDocs, crashSeed).Next(crashDocs), nil); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
}

// families lists the distinct family ids of a state.
func (s state) families() map[int64]bool {
	out := map[int64]bool{}
	for _, f := range s.family {
		if f != 0 {
			out[f] = true
		}
	}
	return out
}
