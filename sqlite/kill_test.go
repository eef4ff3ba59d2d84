package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/sqlite"
)

const (
	killEnvDB    = "SITREP_KILL_TEST_DB"
	killEnvBatch = "SITREP_KILL_TEST_BATCH"
	killDocs     = 1500
)

// TestKillMidIngest runs an ingest loop in a child process (this test
// binary again), kills it with SIGKILL at random moments, and checks after
// each kill that the database is intact, that every document the child
// reported committed is there once with all its rows, and finally that a
// rerun stores the rest.
func TestKillMidIngest(t *testing.T) {
	if path := os.Getenv(killEnvDB); path != "" {
		killChild(path)
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
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	committed := map[string]bool{}
	kills := 0
	for round := 0; round < 8; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillMidIngest$", "-test.count=1")
		// Odd rounds write batches of documents per transaction.
		cmd.Env = append(os.Environ(), killEnvDB+"="+path, fmt.Sprintf("%s=%d", killEnvBatch, 1+6*(round%2)))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, killDocs)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// The first round may die inside the migrations; later ones in the
		// middle of a document's transaction or a checkpoint.
		time.Sleep(time.Duration(rng.IntN(250)+5) * time.Millisecond)
		finished := false
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil {
			kills++
		}
		for l := range lines {
			if id, ok := strings.CutPrefix(l, "committed "); ok {
				committed[id] = true
			}
			if l == "done" {
				finished = true
			}
		}
		cmd.Wait()
		checkKilled(t, ctx, path, committed)
		if finished {
			break
		}
	}
	t.Logf("%d kills, %d documents committed before the rerun", kills, len(committed))

	// The rerun completes the work.
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillMidIngest$", "-test.count=1")
	cmd.Env = append(os.Environ(), killEnvDB+"="+path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	for i := range killDocs {
		committed[fmt.Sprintf("synth-%06d", i)] = true
	}
	n := checkKilled(t, ctx, path, committed)
	if n != killDocs {
		t.Errorf("after the rerun %d documents, want %d", n, killDocs)
	}
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if pending, _ := s.PendingDocuments(ctx); len(pending) != 0 {
		t.Errorf("after the rerun %d documents are not in the picture", len(pending))
	}
}

// checkPicture checks that the picture a killed child left is whole: a
// document is in it (not pending) exactly when its events are in picture
// events, and every picture event's reports are clustered into it.
func checkPicture(t *testing.T, ctx context.Context, s *sqlite.Store) int {
	t.Helper()
	pending, err := s.PendingDocuments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	isPending := map[int64]bool{}
	for _, id := range pending {
		isPending[id] = true
	}
	evs, err := s.Events(ctx, sitrep.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.PictureEventsBetween(ctx, "2000-01-01", "2100-01-01", true)
	if err != nil {
		t.Fatal(err)
	}
	clusterOf := map[int64]int64{}
	for _, pe := range all {
		for _, r := range pe.Reports {
			clusterOf[r.Ref] = pe.ID
		}
	}
	for _, e := range evs {
		switch {
		case isPending[e.DocID] && (e.Cluster != 0 || clusterOf[e.RowID] != 0):
			t.Fatalf("event %d of pending document %d is in picture event %d/%d", e.RowID, e.DocID, e.Cluster, clusterOf[e.RowID])
		case !isPending[e.DocID] && (e.Cluster == 0 || clusterOf[e.RowID] != e.Cluster):
			t.Fatalf("event %d of pictured document %d: cluster %d, in picture event %d", e.RowID, e.DocID, e.Cluster, clusterOf[e.RowID])
		}
	}
	return len(pending)
}

// killChild is the child's ingest loop: it reports each commit on stdout.
func killChild(path string) {
	ctx := context.Background()
	s, err := sqlite.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	w := bufio.NewWriter(os.Stdout)
	size, _ := strconv.Atoi(os.Getenv(killEnvBatch))
	size = max(size, 1)
	var batch []sitrep.DocRecord
	for i := range killDocs {
		doc, rec := synthDoc(i)
		batch = append(batch, sitrep.DocRecord{Doc: doc, Record: rec})
		if len(batch) < size && i < killDocs-1 {
			continue
		}
		if _, err := s.PutDocuments(ctx, batch); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(3)
		}
		for _, dr := range batch {
			w.WriteString("committed " + dr.Doc.ID + "\n")
		}
		w.Flush()
		batch = batch[:0]
		// The picture follows, in its own transaction: a kill between the
		// two leaves the documents pending for the next run.
		pending, err := s.PendingDocuments(ctx)
		if err == nil {
			var u sitrep.PictureUpdate
			if u, err = (synthFuser{s}).update(ctx, pending); err == nil {
				err = s.ApplyPicture(ctx, u)
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "child: picture:", err)
			os.Exit(3)
		}
	}
	s.Close()
	w.WriteString("done\n")
	w.Flush()
	os.Exit(0)
}

// checkKilled opens the database a killed child left and checks it; it
// returns the number of documents.
func checkKilled(t *testing.T, ctx context.Context, path string, committed map[string]bool) int {
	t.Helper()
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	if err := s.Check(ctx); err != nil {
		t.Fatalf("after kill: %v", err)
	}
	docs, err := s.Documents(ctx, sitrep.DocumentFilter{Full: true})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, d := range docs {
		seen[d.Doc.ID]++
		i, err := strconv.Atoi(strings.TrimPrefix(d.Doc.ID, "synth-"))
		if err != nil {
			t.Fatalf("unexpected document %q", d.Doc.ID)
		}
		_, rec := synthDoc(i)
		if d.Record == nil {
			t.Fatalf("%s stored without its record", d.Doc.ID)
		}
		evs, err := s.Events(ctx, sitrep.EventFilter{DocID: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		claims, err := s.Claims(ctx, sitrep.ClaimFilter{DocID: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != len(rec.Events) || len(claims) != len(rec.Claims) {
			t.Fatalf("%s stored with %d events and %d claims, want %d and %d", d.Doc.ID, len(evs), len(claims), len(rec.Events), len(rec.Claims))
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s stored %d times", id, n)
		}
	}
	for id := range committed {
		if seen[id] == 0 {
			t.Errorf("%s was committed but is missing", id)
		}
	}
	if n := checkPicture(t, ctx, s); n > 0 {
		t.Logf("%d documents stored and left out of the picture by a kill", n)
	}
	// Actor counters move in the same transaction as the documents.
	actors, err := s.Actors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range actors {
		n, _ := s.Documents(ctx, sitrep.DocumentFilter{Actor: a.ID})
		if len(n) != a.Documents {
			t.Errorf("actor %s counted in %d documents, found in %d", a.ID, a.Documents, len(n))
		}
	}
	return len(docs)
}
