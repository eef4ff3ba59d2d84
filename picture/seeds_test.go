package picture

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/eval"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// seeds reads the annotated seed texts beside the repository with the
// gold's publication dates (skipping the test when they are not there),
// and the extraction inputs the scorer compares the picture with.
func seeds(t *testing.T) (*eval.Gold, []sitrep.Document, map[string]eval.Input) {
	return seedsDated(t, true)
}

// seedsDated is seeds, with the gold's publication dates or (dated false)
// with none, as sitrep ingest reads the files.
func seedsDated(t *testing.T, dated bool) (*eval.Gold, []sitrep.Document, map[string]eval.Input) {
	t.Helper()
	goldPath := filepath.Join("..", "..", "shared", "gold", "seeds.gold.json")
	if _, err := os.Stat(goldPath); err != nil {
		t.Skip("seed gold not found beside the repository (../shared): ", err)
	}
	g, err := eval.LoadGold(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x.WithText = true
	var docs []sitrep.Document
	in := map[string]eval.Input{}
	for _, d := range g.Documents {
		path := filepath.Join(filepath.Dir(goldPath), "..", "seeds", d.File)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ingest.ReadFile(path, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		doc.ID = d.ID
		if pt := d.PublishedTime(); !pt.IsZero() && dated {
			doc.Published, doc.PublishedSource = pt, sitrep.PublishedInput
		}
		docs = append(docs, doc)
		in[d.ID] = eval.Input{Record: x.Extract(doc), FileText: string(raw)}
	}
	return g, docs, in
}

// crossScores scores the store's picture of the seeds as sitrep eval does.
func crossScores(t *testing.T, st *sqlite.Store, g *eval.Gold, in map[string]eval.Input) (map[string]eval.Field, eval.Report) {
	t.Helper()
	ctx := context.Background()
	scored := maps.Clone(in)
	if err := eval.ReadPicture(ctx, st, scored); err != nil {
		t.Fatal(err)
	}
	var rep eval.Report
	out := map[string]eval.Field{}
	for _, f := range eval.ScoreCrossDoc(g, scored, &rep) {
		out[f.Name] = f
	}
	return out, rep
}

// The seeds in one run: 000 and 001 are one rewrite family and no other
// pair is; event clusters reach issue 4's pairwise F1 of 0.6; every numeric
// contradiction of the gold ends up in contested claims. Taken in one
// document per run and chunk, the picture is the same.
func TestSeedsPicture(t *testing.T) {
	g, docs, in := seeds(t)
	ctx := context.Background()
	one := openStore(t)
	b := New(one, extractor(t))
	if _, err := b.IngestSlice(ctx, docs, nil); err != nil {
		t.Fatal(err)
	}
	scores, rep := crossScores(t, one, g, in)
	for _, name := range []string{"rewrite_pairs", "event_clusters", "contradictions"} {
		f := scores[name]
		t.Logf("%-15s P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d) %v", name, f.Counts.Precision(), f.Counts.Recall(), f.Counts.F1(),
			f.Counts.TP, f.Counts.FP, f.Counts.FN, f.Extra)
	}
	for _, e := range rep.Errors {
		if !strings.HasPrefix(e, "zz") {
			t.Log(e)
		}
	}
	if f := scores["rewrite_pairs"].Counts; f.TP != 1 || f.FP != 0 {
		t.Errorf("rewrite pairs: %+v, want 000–001 alone", f)
	}
	if f1 := scores["event_clusters"].Counts.F1(); f1 < 0.6 {
		t.Errorf("event clusters: pairwise F1 %.3f below 0.6", f1)
	}
	checkContradictions(t, g, in, rep)

	split := openStore(t)
	b = New(split, extractor(t))
	b.Chunk = 1
	for _, d := range docs {
		if _, err := b.IngestSlice(ctx, []sitrep.Document{d}, nil); err != nil {
			t.Fatal(err)
		}
	}
	snapshot(t, one).diff(t, snapshot(t, split))
}

// With the examples stored first, and with the seeds' publication dates
// or without (as sitrep ingest reads the files: dates inferred from the
// text, sometimes only the year), the ledger's contradictions are still
// found, and the February 2026 strikes' "about 70 terrorists" stays out of
// the October 2025 strikes (an undated mention in a piece known only to be
// from some year does not place its incident).
func TestSeedsAfterExamples(t *testing.T) {
	for _, dated := range []bool{true, false} {
		t.Run("dated="+strconv.FormatBool(dated), func(t *testing.T) {
			g, docs, in := seedsDated(t, dated)
			ctx := context.Background()
			st := openStore(t)
			b := New(st, extractor(t))
			if _, err := b.IngestSlice(ctx, append(exampleDocs(t), docs...), nil); err != nil {
				t.Fatal(err)
			}
			scores, rep := crossScores(t, st, g, in)
			for _, name := range []string{"rewrite_pairs", "event_clusters", "contradictions"} {
				f := scores[name]
				t.Logf("%-15s P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d) %v", name, f.Counts.Precision(), f.Counts.Recall(), f.Counts.F1(),
					f.Counts.TP, f.Counts.FP, f.Counts.FN, f.Extra)
			}
			for _, e := range rep.Errors {
				if strings.HasPrefix(e, "contradictions") {
					t.Log(e)
				}
			}
			checkContradictions(t, g, in, rep)
			qs, err := st.Quantities(ctx, sitrep.QuantityFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range qs {
				for _, f := range q.Figures {
					if strings.Contains(f.Text, "70 terrorists") && strings.Contains(q.Label, "2025-10") {
						t.Errorf("%q in %s", f.Text, q.Label)
					}
				}
			}
		})
	}
}

// checkContradictions requires every numeric contradiction of the gold
// that the claims ledger can see (figures of two claimants stated as
// fatality claims in the records) to be found contested. The others
// (posts taken, incidents in a year, a toll without a number) are not
// fatality figures of the records: the extraction does not give them.
func checkContradictions(t *testing.T, g *eval.Gold, in map[string]eval.Input, rep eval.Report) {
	t.Helper()
	for _, c := range g.Contradictions {
		claimants := map[string]bool{}
		numeric := false
		for _, v := range c.Values {
			numeric = numeric || v.Numeric()
			if v.Numeric() && isFatalityClaim(in[v.Doc].Record, v.Text) {
				claimants[v.Claimant] = true
			}
		}
		if !numeric {
			continue
		}
		if len(claimants) < 2 {
			t.Logf("gold contradiction %s: beyond the ledger (%d claimants with fatality figures)", c.ID, len(claimants))
			continue
		}
		if slices.Contains(rep.Errors, "contradictions "+c.ID+": not found ("+c.Quantity+")") {
			t.Errorf("gold contradiction %s (%s) not contested", c.ID, c.Quantity)
		}
	}
}

// isFatalityClaim reports whether a quoted text overlaps a fatality claim
// of the record.
func isFatalityClaim(rec sitrep.Record, quote string) bool {
	i := strings.Index(rec.Text, quote)
	if quote == "" || i < 0 {
		return false
	}
	s := utf8.RuneCountInString(rec.Text[:i])
	e := s + utf8.RuneCountInString(quote)
	for _, ev := range rec.Events {
		for _, f := range ev.FatalityClaims {
			if f.Start < e && s < f.End {
				return true
			}
		}
	}
	return false
}
