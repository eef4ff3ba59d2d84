package picture

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/examples"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/sqlite"
)

var (
	xOnce   sync.Once
	xShared *extract.Extractor
	xErr    error
)

func extractor(t testing.TB) *extract.Extractor {
	t.Helper()
	xOnce.Do(func() { xShared, xErr = extract.New(extract.Options{}) })
	if xErr != nil {
		t.Fatal(xErr)
	}
	return xShared
}

// exampleDocs reads the bundled examples as a user's files would be read.
func exampleDocs(t testing.TB) []sitrep.Document {
	t.Helper()
	var docs []sitrep.Document
	names, _ := fs.Glob(examples.FS, "0*")
	for _, n := range names {
		data, err := fs.ReadFile(examples.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), n)
		if err := writeFile(path, data); err != nil {
			t.Fatal(err)
		}
		d, err := ingest.ReadFile(path, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d.ID = n
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		t.Fatal("no examples")
	}
	return docs
}

// rewrite tells the story of the first example in other words, keeping its
// figures, names and quotations, as an agency rewrite does.
const rewrite = `Heavy losses claimed on both sides as Pakistan and Taliban forces fight on the border

ISLAMABAD, Oct 12, 2025 - Fighting broke out overnight at several points on the Pakistan-Afghanistan border between Pakistani troops and Afghan Taliban forces, the heaviest since the Taliban took power again in 2021.

According to the Pakistani military, 23 of its soldiers were killed and 29 wounded after Afghan forces fired on border posts in Kurram and near Angoor Adda late on Saturday. ISPR, the army's media wing, claimed its troops had killed more than 200 Taliban and affiliated fighters and seized 19 Afghan posts.

Zabihullah Mujahid, the Taliban spokesman, put the toll at 58 Pakistani soldiers killed and said Afghan forces had taken 25 Pakistani posts, while nine Afghan fighters died.

Kabul described the operation as retaliation for Pakistani air strikes in the Afghan capital and in Paktika province on Thursday, which Pakistan has not confirmed.

On Sunday Pakistan shut the Torkham and Chaman crossings, stopping trade, and Qatar and Saudi Arabia called for restraint.`

func TestIngestIdempotentAndFamilies(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := New(st, extractor(t))
	b.Hash = sqlite.Hash // known texts are not extracted again
	docs := exampleDocs(t)

	s1, err := b.IngestSlice(ctx, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s1.Added != len(docs) || s1.PictureEvents == 0 {
		t.Fatalf("first ingest: %+v", s1)
	}
	s2, err := b.IngestSlice(ctx, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s2.Added != 0 || s2.Present != len(docs) || s2.Documents != len(docs) {
		t.Errorf("second ingest added %d (present %d, stored %d), want 0", s2.Added, s2.Present, s2.Documents)
	}
	if s2.PictureEvents != s1.PictureEvents {
		t.Errorf("picture changed on re-ingest: %d then %d events", s1.PictureEvents, s2.PictureEvents)
	}

	ws := docs[0]
	ws.ID = "whitespace-copy"
	ws.Text = "  " + strings.ReplaceAll(strings.ReplaceAll(ws.Text, " ", "  "), "\n", "\n\n \t") + "\n\n"
	s3, err := b.IngestSlice(ctx, []sitrep.Document{ws}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s3.Added != 0 {
		t.Errorf("a whitespace variant was added")
	}

	rw := sitrep.Document{ID: "rewrite", Text: rewrite, Title: "Heavy losses claimed", Outlet: "Other Wire"}
	s4, err := b.IngestSlice(ctx, []sitrep.Document{rw}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s4.Added != 1 || s4.Families != 1 || s4.InFamilies != 2 {
		t.Fatalf("rewrite: %+v, want one family of two", s4)
	}
	stored, err := st.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	fam := map[string]int64{}
	for _, d := range stored {
		fam[d.Doc.ID] = d.Family
	}
	if fam["rewrite"] == 0 || fam["rewrite"] != fam[docs[0].ID] {
		t.Errorf("families %v: the rewrite and %s should share one", fam, docs[0].ID)
	}
	for _, d := range docs[1:] {
		if fam[d.ID] != 0 {
			t.Errorf("%s is in family %d, want none", d.ID, fam[d.ID])
		}
	}
	evs, err := st.Events(ctx, sitrep.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Cluster == 0 {
			t.Errorf("event %d of document %d has no picture event", e.RowID, e.DocID)
		}
	}
	if err := st.Check(ctx); err != nil {
		t.Error(err)
	}
	t.Logf("%+v", s4)
}

func writeFile(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }

// A run killed after its documents were stored, before any of the picture
// was written, leaves them pending; the next run takes them in without
// adding anything, and the picture is the one an uninterrupted run makes.
func TestRerunCompletesInterruptedWork(t *testing.T) {
	ctx := context.Background()
	docs := append(exampleDocs(t), sitrep.Document{ID: "rewrite", Text: rewrite})
	whole := openStore(t)
	if _, err := New(whole, extractor(t)).IngestSlice(ctx, docs, nil); err != nil {
		t.Fatal(err)
	}
	want := snapshot(t, whole)
	if want.inFamilies != 2 || len(want.cluster) == 0 || want.contested == 0 {
		t.Fatalf("%d documents in families, %d events, %d contested claims: nothing to lose", want.inFamilies, len(want.cluster), want.contested)
	}

	cut := openStore(t)
	b := New(cut, extractor(t))
	if err := storeOnly(ctx, b, docs); err != nil {
		t.Fatal(err)
	}
	if p, err := cut.PendingDocuments(ctx); err != nil || len(p) != len(docs) {
		t.Fatalf("after storing only: %d pending (%v), want %d", len(p), err, len(docs))
	}
	s, err := b.IngestSlice(ctx, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Added != 0 {
		t.Errorf("rerun added %d documents", s.Added)
	}
	want.diff(t, snapshot(t, cut))
}

// storeOnly stores documents as Ingest does, without the picture stage:
// what a run killed between the two leaves.
func storeOnly(ctx context.Context, b *Builder, docs []sitrep.Document) error {
	ch := make(chan sitrep.Document, len(docs))
	for _, d := range docs {
		ch <- d
	}
	close(ch)
	return b.storeDocs(ctx, ch, nil, &Stats{})
}

func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// state is the picture a store holds, by store ids: two stores filled in
// the same order have the same ids.
type state struct {
	family     map[int64]int64
	inFamilies int
	cluster    map[int64][2]int64 // event row → picture event, contested
	members    map[int64]string   // picture event → its reports' rows
	contested  int                // claims
	claims     map[int64]bool
	quantities map[string]bool // id → contested
	episodes   int
}

func snapshot(t testing.TB, st *sqlite.Store) state {
	t.Helper()
	ctx := context.Background()
	s := state{family: map[int64]int64{}, cluster: map[int64][2]int64{}, members: map[int64]string{},
		claims: map[int64]bool{}, quantities: map[string]bool{}}
	docs, err := st.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		s.family[d.ID] = d.Family
		if d.Family != 0 {
			s.inFamilies++
		}
	}
	evs, err := st.Events(ctx, sitrep.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		c := int64(0)
		if e.Contested {
			c = 1
		}
		s.cluster[e.RowID] = [2]int64{e.Cluster, c}
	}
	claims, err := st.Claims(ctx, sitrep.ClaimFilter{Contested: true})
	if err != nil {
		t.Fatal(err)
	}
	s.contested = len(claims)
	for _, c := range claims {
		s.claims[c.RowID] = true
	}
	pes, err := st.PictureEventsBetween(ctx, "0001-01-01", "9999-12-31", true)
	if err != nil {
		t.Fatal(err)
	}
	for _, pe := range pes {
		var refs []string
		for _, r := range pe.Reports {
			refs = append(refs, strconv.FormatInt(r.Ref, 10))
		}
		slices.Sort(refs)
		s.members[pe.ID] = strings.Join(refs, ",")
	}
	qs, err := st.Quantities(ctx, sitrep.QuantityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		s.quantities[q.ID] = q.Contested()
	}
	eps, err := st.Episodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.episodes = len(eps)
	return s
}

// diff reports where got differs from the wanted picture.
func (want state) diff(t testing.TB, got state) {
	t.Helper()
	for id, f := range want.family {
		if got.family[id] != f {
			t.Errorf("document %d: family %d, want %d", id, got.family[id], f)
		}
	}
	for id, c := range want.cluster {
		if got.cluster[id] != c {
			t.Errorf("event %d: picture event and contested %v, want %v", id, got.cluster[id], c)
		}
	}
	if len(got.cluster) != len(want.cluster) || len(got.family) != len(want.family) {
		t.Errorf("%d documents and %d events, want %d and %d", len(got.family), len(got.cluster), len(want.family), len(want.cluster))
	}
	if !maps.Equal(got.members, want.members) {
		t.Errorf("picture events differ: %d events, want %d", len(got.members), len(want.members))
	}
	if !maps.Equal(got.claims, want.claims) {
		t.Errorf("%d contested claims, want %d", got.contested, want.contested)
	}
	if !maps.Equal(got.quantities, want.quantities) {
		t.Errorf("ledger differs: %d quantities, want %d", len(got.quantities), len(want.quantities))
	}
	if got.episodes != want.episodes {
		t.Errorf("%d episodes, want %d", got.episodes, want.episodes)
	}
}

// A cancelled ingest stops, says so, and leaves a consistent store that a
// rerun completes.
func TestCancelledIngest(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := New(st, extractor(t))
	b.BatchSize = 2
	docs := newStream(t, 40, 1).Next(40)
	ctx, cancel := context.WithCancel(context.Background())
	_, err = b.IngestSlice(ctx, docs, func(done, added int) {
		if done >= 4 {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("a cancelled ingest reported success")
	}
	if err := st.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	s, err := b.IngestSlice(context.Background(), docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Documents != len(docs) || s.Added+s.Present != len(docs) || s.Present < 4 {
		t.Errorf("rerun: %+v", s)
	}
}

// Copies of a story (the same text with a line added, as outlets republish
// wire copy) add no picture events: each copy's events join the original's,
// even those fusion alone could not place (undated, thin cast).
func TestCopiesJoinTheOriginalsEvents(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := New(st, extractor(t))
	docs := exampleDocs(t)
	alone, err := b.IngestSlice(ctx, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var copies []sitrep.Document
	for i, d := range docs {
		for k := range 3 {
			c := d
			c.ID = d.ID + "-copy" + strconv.Itoa(k)
			c.Text = d.Text + "\n\nRepublished by partner outlet " + strconv.Itoa(i*10+k) + "."
			copies = append(copies, c)
		}
	}
	s, err := b.IngestSlice(ctx, copies, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Added != len(copies) || s.Families != len(docs) {
		t.Fatalf("copies: %+v, want %d added in %d families", s, len(copies), len(docs))
	}
	if s.PictureEvents != alone.PictureEvents {
		t.Errorf("%d picture events with the copies, %d without", s.PictureEvents, alone.PictureEvents)
	}
	if s.Contradictions != alone.Contradictions || s.ContestedClaims != 4*alone.ContestedClaims {
		t.Errorf("copies: %d contradictions and %d contested claims; want %d and %d",
			s.Contradictions, s.ContestedClaims, alone.Contradictions, 4*alone.ContestedClaims)
	}
}

// Rebuild recomputes the picture from the stored documents: the same
// families, the same picture events (under new ids), ledger and contested
// claims as the incremental runs made, and nothing pending.
func TestRebuild(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	b := New(st, extractor(t))
	b.Chunk = 3
	docs := append(exampleDocs(t), sitrep.Document{ID: "rewrite", Text: rewrite})
	for i := 0; i < len(docs); i += 2 {
		if _, err := b.IngestSlice(ctx, docs[i:min(i+2, len(docs))], nil); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshot(t, st)
	maxBefore, err := st.MaxPictureEventID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var s Stats
	if err := b.Rebuild(ctx, &s); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, st)
	if !maps.Equal(before.family, after.family) {
		t.Errorf("families changed: %v, then %v", before.family, after.family)
	}
	if !maps.Equal(before.claims, after.claims) {
		t.Errorf("%d contested claims, then %d", before.contested, after.contested)
	}
	groups := func(s state) map[string]bool {
		out := map[string]bool{}
		for _, m := range s.members {
			out[m] = true
		}
		return out
	}
	if !maps.Equal(groups(before), groups(after)) {
		t.Errorf("picture events differ: %v, then %v", groups(before), groups(after))
	}
	for id := range after.members {
		if id <= maxBefore {
			t.Errorf("picture event %d kept an old id (old ids up to %d)", id, maxBefore)
		}
	}
	if len(before.quantities) != len(after.quantities) || before.episodes != after.episodes {
		t.Errorf("ledger or episodes differ: %d quantities and %d episodes, then %d and %d",
			len(before.quantities), before.episodes, len(after.quantities), after.episodes)
	}
	if p, _ := st.PendingDocuments(ctx); len(p) != 0 || s.PictureEvents != len(after.members) {
		t.Errorf("after Rebuild: %d pending, stats %+v", len(p), s)
	}
	if err := st.Check(ctx); err != nil {
		t.Error(err)
	}
}

// Families in the store are anchored at their founders as in dedup.Index:
// a chain of documents each retelling two thirds of the previous one makes
// two families, whether the chain comes in one run or one document a run.
func TestFamiliesDoNotChain(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "dedup", "testdata", "chain.txt"))
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(strings.TrimSpace(string(raw)), "\n\n")
	var docs []sitrep.Document
	for i := 0; i < 6; i++ {
		docs = append(docs, sitrep.Document{ID: fmt.Sprintf("d%d", i), Text: strings.Join(paras[i:i+3], "\n\n")})
	}
	for _, perRun := range []int{len(docs), 1} {
		t.Run(fmt.Sprintf("%d per run", perRun), func(t *testing.T) {
			ctx := context.Background()
			st := ingestInRuns(t, docs, perRun)
			stored, err := st.Documents(ctx, sitrep.DocumentFilter{})
			if err != nil {
				t.Fatal(err)
			}
			fam := map[string]int64{}
			for _, d := range stored {
				fam[d.Doc.ID] = d.Family
			}
			for i, d := range docs {
				if want := fam[docs[i/3*3].ID]; fam[d.ID] == 0 || fam[d.ID] != want {
					t.Errorf("families %v: want d0-d2 and d3-d5", fam)
					break
				}
			}
			if fam["d0"] == fam["d3"] {
				t.Errorf("families %v: one family for the whole chain", fam)
			}
		})
	}
}

// Statistics of different documents (a count of one actor's attacks over a
// period) are compared in the store: "more than 300" and "nearly 300" over
// 2024 cannot both hold, so both claims are flagged; a count of another
// period is a quantity of its own. One run or one document a run agree.
func TestStatisticsAcrossDocuments(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	docs := []sitrep.Document{
		{ID: "s1", Published: day("2025-03-10"), PublishedGranularity: sitrep.GranularityDay,
			Text: "Officials in Mogadishu said Al-Shabaab carried out more than 300 attacks in 2024, most of them on army bases."},
		{ID: "s2", Published: day("2025-04-02"), PublishedGranularity: sitrep.GranularityDay,
			Text: "A monitoring group said it counted nearly 300 attacks by Al-Shabaab in 2024."},
		{ID: "s3", Published: day("2025-05-01"), PublishedGranularity: sitrep.GranularityDay,
			Text: "Al-Shabaab staged 120 raids in the first half of 2023, the report said."},
	}
	for _, perRun := range []int{len(docs), 1} {
		t.Run(fmt.Sprintf("%d per run", perRun), func(t *testing.T) {
			ctx := context.Background()
			st := ingestInRuns(t, docs, perRun)
			qs, err := st.Quantities(ctx, sitrep.QuantityFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var stats []sitrep.Quantity
			for _, q := range qs {
				if q.Event == 0 {
					stats = append(stats, q)
				}
			}
			if len(stats) != 2 {
				t.Fatalf("statistics %+v, want two quantities (2024 and the first half of 2023)", stats)
			}
			var y2024 *sitrep.Quantity
			for i := range stats {
				if len(stats[i].Figures) == 2 {
					y2024 = &stats[i]
				}
			}
			if y2024 == nil || len(y2024.Contradictions) != 1 {
				t.Fatalf("statistics %+v: want the two 2024 counts in one quantity, contradicting", stats)
			}
			contested, err := st.Claims(ctx, sitrep.ClaimFilter{Contested: true})
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, c := range contested {
				for _, ta := range c.Claim.Tallies {
					texts = append(texts, ta.Text)
				}
			}
			slices.Sort(texts)
			if want := []string{"more than 300 attacks", "nearly 300 attacks"}; !slices.Equal(texts, want) {
				t.Errorf("contested claims give %q, want %q", texts, want)
			}
		})
	}
}

// A run's Fuser that forgets the weeks behind it (past maxHeld events)
// builds the same picture as one holding everything.
func TestForgettingFuserSamePicture(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests a stream twice")
	}
	docs := newStream(t, 800, 7).Next(800)
	build := func(held int) state {
		defer func(old int) { maxHeld = old }(maxHeld)
		maxHeld = held
		st := openStore(t)
		b := crashBuilder(t, st)
		if _, err := b.IngestSlice(context.Background(), docs, nil); err != nil {
			t.Fatal(err)
		}
		return snapshot(t, st)
	}
	want := build(1 << 30)
	got := build(40)
	want.diff(t, got)
	t.Logf("%d picture events", len(want.members))
}

// ingestInRuns ingests docs into a new store, perRun documents a run.
func ingestInRuns(t *testing.T, docs []sitrep.Document, perRun int) *sqlite.Store {
	t.Helper()
	st := openStore(t)
	b := New(st, extractor(t))
	for i := 0; i < len(docs); i += perRun {
		if _, err := b.IngestSlice(context.Background(), docs[i:min(i+perRun, len(docs))], nil); err != nil {
			t.Fatal(err)
		}
	}
	return st
}
