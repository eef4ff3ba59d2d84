package picture

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

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

// A run killed after its documents were stored, before the picture was
// updated, leaves families and clusters unset; the next run completes them
// without adding anything.
func TestRerunCompletesInterruptedWork(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := New(st, extractor(t))
	docs := append(exampleDocs(t), sitrep.Document{ID: "rewrite", Text: rewrite})
	if _, err := b.IngestSlice(ctx, docs, nil); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, st)
	inFamily := 0
	for _, f := range before.family {
		if f != 0 {
			inFamily++
		}
	}
	if inFamily != 2 || len(before.cluster) == 0 {
		t.Fatalf("%d documents in families, %d events: nothing to lose", inFamily, len(before.cluster))
	}

	// What an interrupted run leaves: documents stored, no picture.
	var fams []sitrep.DocFamily
	var cls []sitrep.EventCluster
	for id := range before.family {
		fams = append(fams, sitrep.DocFamily{DocID: id})
	}
	for id := range before.cluster {
		cls = append(cls, sitrep.EventCluster{RowID: id})
	}
	claims, _ := st.Claims(ctx, sitrep.ClaimFilter{Contested: true})
	var ids []int64
	for _, c := range claims {
		ids = append(ids, c.RowID)
	}
	if len(ids) == 0 {
		t.Fatal("no contested claims to lose")
	}
	if err := st.SetFamilies(ctx, fams); err != nil {
		t.Fatal(err)
	}
	if err := st.SetEventClusters(ctx, cls); err != nil {
		t.Fatal(err)
	}
	if err := st.SetClaimsContested(ctx, ids, false); err != nil {
		t.Fatal(err)
	}

	s, err := b.IngestSlice(ctx, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Added != 0 {
		t.Errorf("rerun added %d documents", s.Added)
	}
	after := snapshot(t, st)
	for id, f := range before.family {
		if after.family[id] != f {
			t.Errorf("document %d: family %d after rerun, %d before", id, after.family[id], f)
		}
	}
	for id, c := range before.cluster {
		if after.cluster[id] != c {
			t.Errorf("event %d: %v after rerun, %v before", id, after.cluster[id], c)
		}
	}
	if after.contested != before.contested {
		t.Errorf("%d contested claims after rerun, %d before", after.contested, before.contested)
	}
}

type state struct {
	family    map[int64]int64
	cluster   map[int64][2]int64
	contested int
}

func snapshot(t *testing.T, st *sqlite.Store) state {
	t.Helper()
	ctx := context.Background()
	s := state{family: map[int64]int64{}, cluster: map[int64][2]int64{}}
	docs, err := st.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		s.family[d.ID] = d.Family
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
	return s
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
	docs := synthetic(t, 40)
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
