package picture

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// synthetic makes n distinct documents from the examples' paragraphs: each
// takes a few paragraphs of different examples, with its figures and day
// numbers shifted, so that texts differ and some share enough to be
// rewrites, as in a real stream.
func synthetic(t testing.TB, n int) []sitrep.Document {
	docs := exampleDocs(t)
	var paras [][]string
	for _, d := range docs {
		var ps []string
		for _, p := range strings.Split(d.Text, "\n") {
			if len(strings.Fields(p)) >= 6 {
				ps = append(ps, p)
			}
		}
		paras = append(paras, ps)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]sitrep.Document, n)
	for i := range out {
		var b strings.Builder
		base := rng.IntN(len(paras))
		for k, p := range paras[base] {
			if k > 0 && rng.IntN(3) == 0 {
				o := paras[rng.IntN(len(paras))]
				p = o[rng.IntN(len(o))]
			}
			b.WriteString(shiftNumbers(p, rng))
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "Report %d.\n", i)
		d := docs[base]
		d.ID = "syn-" + strconv.Itoa(i)
		d.Text = b.String()
		d.Published = d.Published.AddDate(0, 0, rng.IntN(40))
		out[i] = d
	}
	return out
}

func shiftNumbers(p string, rng *rand.Rand) string {
	f := strings.Fields(p)
	for i, w := range f {
		if n, err := strconv.Atoi(w); err == nil && n < 1000 && rng.IntN(2) == 0 {
			f[i] = strconv.Itoa(n + rng.IntN(5))
		}
	}
	return strings.Join(f, " ")
}

// TestIngestThroughput measures ingest of SITREP_PICTURE_DOCS synthetic
// documents (skipped unless set): documents/s and the time per stage.
func TestIngestThroughput(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("SITREP_PICTURE_DOCS"))
	if n <= 0 {
		t.Skip("set SITREP_PICTURE_DOCS=1000 to measure ingest throughput")
	}
	docs := synthetic(t, n)
	path := filepath.Join(t.TempDir(), "b.db")
	st, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := New(st, extractor(t))
	ctx := context.Background()
	t0 := time.Now()
	s, err := b.IngestSlice(ctx, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	el := time.Since(t0)
	fi, _ := os.Stat(path)
	t.Logf("%d docs in %s: %.0f docs/s; %s; %d added, %d families (%d docs), %d picture events, %d contested, %d contradictions; db %d KB",
		n, el.Round(time.Millisecond), float64(n)/el.Seconds(), s.Durations(), s.Added, s.Families, s.InFamilies, s.PictureEvents, s.Contested, s.Contradictions, fi.Size()/1024)
	t0 = time.Now()
	s, err = b.IngestSlice(ctx, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	el = time.Since(t0)
	if s.Added != 0 {
		t.Errorf("re-ingest added %d", s.Added)
	}
	t.Logf("re-ingest of %d docs in %s: %.0f docs/s; %s", n, el.Round(time.Millisecond), float64(n)/el.Seconds(), s.Durations())
}
