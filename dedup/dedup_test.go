package dedup

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

func readDoc(t testing.TB, path string) sitrep.Document {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sitrep.Document{ID: filepath.Base(path), Text: string(b)}
}

func seedDocs(t *testing.T) []sitrep.Document {
	t.Helper()
	files, _ := filepath.Glob("../../shared/seeds/*.txt")
	if len(files) == 0 {
		t.Skip("../../shared/seeds absent: seed measurements skipped")
	}
	var docs []sitrep.Document
	for _, f := range files {
		d := readDoc(t, f)
		d.ID = d.ID[:3]
		docs = append(docs, d)
	}
	return docs
}

func exampleDocs(t *testing.T) []sitrep.Document {
	t.Helper()
	files, _ := filepath.Glob("../examples/0*")
	if len(files) == 0 {
		t.Fatal("no bundled examples in ../examples")
	}
	var docs []sitrep.Document
	for _, f := range files {
		docs = append(docs, readDoc(t, f))
	}
	return docs
}

// TestSeedsFamilies checks the gold: 000 and 001 rewrite one Al Jazeera
// analysis (one condensed, one restructured) and are the only pair; 003 and
// 004 share a topic but are independent. Every pair's score is logged.
func TestSeedsFamilies(t *testing.T) {
	docs := seedDocs(t)
	x := NewIndex()
	for _, d := range docs {
		x.Add(d.ID, Sign(d))
	}
	if got, want := x.Families(), [][]string{{"000", "001"}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("families = %v, want %v", got, want)
	}
	// the same families whatever the order of arrival
	y := NewIndex()
	for _, d := range slices.Backward(docs) {
		y.Add(d.ID, Sign(d))
	}
	if !slices.EqualFunc(x.Families(), y.Families(), slices.Equal) {
		t.Errorf("families depend on order: %v, reversed %v", x.Families(), y.Families())
	}
	if got := y.Add("001", Sign(docs[1])); got != nil || y.Len() != len(docs) {
		t.Errorf("adding an id again: %v, %d documents", got, y.Len())
	}
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			v := CompareDocs(docs[i], docs[j])
			want := docs[i].ID == "000" && docs[j].ID == "001"
			t.Logf("%s–%s score %.2f Jaccard %.3f rewrite %v %v", docs[i].ID, docs[j].ID, v.Score, v.Jaccard, v.Rewrite, v.Reasons)
			if v.Rewrite != want || v.Duplicate {
				t.Errorf("%s–%s: rewrite %v duplicate %v, want rewrite %v (%v)", docs[i].ID, docs[j].ID, v.Rewrite, v.Duplicate, want, v.Reasons)
			}
			// margins: a decision that hangs on a hair would not survive the next seed
			if want && v.Score < RewriteScore+0.5 || !want && v.Score > RewriteScore-1 {
				t.Errorf("%s–%s: score %.2f too close to the threshold %.1f", docs[i].ID, docs[j].ID, v.Score, RewriteScore)
			}
		}
	}
}

// TestExamplesIndependent: the bundled examples are separate reports, some
// of the same incidents as the seeds; mixed with the seeds they add no pair.
func TestExamplesIndependent(t *testing.T) {
	docs := exampleDocs(t)
	x := NewIndex()
	for _, d := range docs {
		if got := x.Add(d.ID, Sign(d)); got != nil {
			t.Errorf("%s paired with %v", d.ID, got)
		}
	}
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			v := CompareDocs(docs[i], docs[j])
			t.Logf("%s–%s score %.2f %v", docs[i].ID[:2], docs[j].ID[:2], v.Score, v.Reasons)
			if v.Rewrite || v.Score > RewriteScore-1 {
				t.Errorf("%s–%s: score %.2f rewrite %v %v", docs[i].ID, docs[j].ID, v.Score, v.Rewrite, v.Reasons)
			}
		}
	}
	if files, _ := filepath.Glob("../../shared/seeds/*.txt"); len(files) > 0 {
		for _, d := range seedDocs(t) {
			x.Add(d.ID, Sign(d))
		}
		if got, want := x.Families(), [][]string{{"000", "001"}}; !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("examples and seeds: families = %v, want %v", got, want)
		}
	}
}

func TestOwnTexts(t *testing.T) {
	wire := readDoc(t, "testdata/wire.txt")
	para := readDoc(t, "testdata/paraphrase.txt")
	indep := readDoc(t, "testdata/independent.txt")

	// the same text reflowed, in HTML paragraphs with an entity, with a
	// site's boilerplate line
	var html strings.Builder
	html.WriteString("<html><body><article>\n")
	for _, p := range strings.Split(wire.Text, "\n\n") {
		html.WriteString("<p class=\"story\">" + strings.ReplaceAll(strings.ReplaceAll(p, "'", "&#39;"), "\n", " ") + "</p>\n")
	}
	html.WriteString("</article><footer>Share this article</footer></body></html>")
	reflowed := strings.Join(strings.Fields(wire.Text), "  \n ")
	boiler := wire.Text + "\n\nFollow us for the latest news. Sign up for our newsletter to get the day's top stories."

	// the first three paragraphs of the wire, as a shorter outlet runs it
	paras := strings.Split(wire.Text, "\n\n")
	condensed := strings.Join(paras[:3], "\n\n")

	// An independent report that, like every report of the strike, quotes
	// the army's statement and the toll: the closest an independent pair
	// comes to a rewrite without sharing a sentence.
	official := indep.Text + "\n\nThe army said the attack showed \"the militia's contempt for every law of war\". " +
		"Local volunteers later gave a toll of 31 people killed."

	tests := []struct {
		name          string
		a, b          string
		dup, rewrite  bool
		minJ, maxJ    float64
		reasonContain string
	}{
		{"reflowed copy", wire.Text, reflowed, true, true, 0.99, 1, "near-identical"},
		{"copy in HTML markup", wire.Text, html.String(), true, true, 0.9, 1, "near-identical"},
		{"copy with boilerplate", wire.Text, boiler, true, true, 0.85, 1, "near-identical"},
		{"condensed copy", wire.Text, condensed, false, true, 0.3, 0.8, "shared wording"},
		{"paraphrase keeping figures and quotes", wire.Text, para.Text, false, true, 0, 0.2, "shared quotations"},
		{"independent report of the same strike", wire.Text, indep.Text, false, false, 0, 0.05, ""},
		{"paraphrase against independent report", para.Text, indep.Text, false, false, 0, 0.05, ""},
		{"independent report quoting the same statement", wire.Text, official, false, false, 0, 0.05, ""},
		{"unrelated", wire.Text, "The central bank left its main rate unchanged at 4.5 percent on Thursday.", false, false, 0, 0.01, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := sitrep.Document{Text: tc.a}, sitrep.Document{Text: tc.b}
			v := CompareDocs(a, b)
			t.Logf("score %.2f Jaccard %.3f %v", v.Score, v.Jaccard, v.Reasons)
			if v.Duplicate != tc.dup || v.Rewrite != tc.rewrite {
				t.Errorf("duplicate %v rewrite %v, want %v %v (%v)", v.Duplicate, v.Rewrite, tc.dup, tc.rewrite, v.Reasons)
			}
			if !tc.rewrite && v.Score > RewriteScore-0.5 {
				t.Errorf("independent pair scores %.2f, within 0.5 of the threshold %.1f", v.Score, RewriteScore)
			}
			if v.Jaccard < tc.minJ || v.Jaccard > tc.maxJ {
				t.Errorf("Jaccard %.3f outside [%.2f, %.2f]", v.Jaccard, tc.minJ, tc.maxJ)
			}
			if tc.reasonContain != "" && !strings.Contains(strings.Join(v.Reasons, "; "), tc.reasonContain) {
				t.Errorf("reasons %v lack %q", v.Reasons, tc.reasonContain)
			}
			// the estimate from signatures alone agrees with the exact decision
			if e := Compare(Sign(a), Sign(b)); e.Rewrite != v.Rewrite || e.Duplicate != v.Duplicate {
				t.Errorf("from signatures: duplicate %v rewrite %v; exact: %v %v", e.Duplicate, e.Rewrite, v.Duplicate, v.Rewrite)
			}
		})
	}

	x := NewIndex()
	x.Add("wire", Sign(wire))
	x.Add("indep", Sign(indep))
	if got := x.Add("para", Sign(para)); !slices.Equal(got, []string{"wire"}) {
		t.Errorf("paraphrase paired with %v, want [wire]", got)
	}
	if got := x.Add("html", Sign(sitrep.Document{Text: html.String()})); !slices.Equal(got, []string{"para", "wire"}) {
		t.Errorf("HTML copy paired with %v, want [para wire]", got)
	}
	if got, want := x.Families(), [][]string{{"html", "para", "wire"}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("families %v, want %v", got, want)
	}
	if got := x.Family("indep"); !slices.Equal(got, []string{"indep"}) {
		t.Errorf("Family(indep) = %v", got)
	}
}

func TestFeatures(t *testing.T) {
	s := `Pakistan says it killed more than 200 Taliban fighters; the Taliban says 58 Pakistani soldiers were killed. ` +
		`Its forces took 21 posts on Dec 24, 2024 and the TTP, born in 2007 during the war, lost 2,400 men. ` +
		`“Concrete and verifiable actions” are needed, said Abdul Basit of the S. Rajaratnam School. ` +
		`He called it a "new normal" and said the ‘red line’ was clear, although Pakistan’s “unprovoked” claim stood.`
	sig := Sign(sitrep.Document{Text: s})
	wantFig := []string{"200 fighter", "21 post", "2400 men", "58 soldier"}
	if !slices.Equal(sig.Figures, wantFig) {
		t.Errorf("figures %q, want %q", sig.Figures, wantFig)
	}
	wantQ := []string{"concrete and verifiable actions", "new normal", "red line"}
	if !slices.Equal(sig.Quotes, wantQ) {
		t.Errorf("quotes %q, want %q", sig.Quotes, wantQ)
	}
	for _, n := range []string{"abdul basit", "ttp", "taliban"} {
		if !slices.Contains(sig.Names, n) {
			t.Errorf("names %q lack %q", sig.Names, n)
		}
	}
	for _, n := range []string{"its", "he", "dec", "concrete"} {
		if slices.Contains(sig.Names, n) {
			t.Errorf("names %q hold %q", sig.Names, n)
		}
	}
}

// TestStableHashes pins the hash functions: stored signatures and band rows
// must match the ones computed by any later process. If this fails after an
// intended change, bump binaryVersion and update the values.
func TestStableHashes(t *testing.T) {
	sig := Sign(sitrep.Document{Text: "Pakistan says it killed more than 200 fighters in the border clashes on Sunday night."})
	got := fmt.Sprintf("%016x %016x %016x %d", sig.MinHash[0], sig.SimHash, sig.Bands()[31], sig.Shingles)
	const want = "391c2965ad53ae53 d7304ec4ccfa693f 9ed15179e6eaf26a 11"
	if got != want {
		t.Errorf("hashes changed: %s, want %s", got, want)
	}
}

// TestMinHashAccuracy checks the estimate against the exact Jaccard on texts
// that share a known part.
func TestMinHashAccuracy(t *testing.T) {
	words := strings.Fields(strings.Repeat("alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa quebec romeo sierra tango ", 1))
	gen := func(seed, n int) []string {
		g := splitmix(seed)
		out := make([]string, n)
		for i := range out {
			out[i] = words[g.next()%uint64(len(words))] + fmt.Sprint(g.next()%7)
		}
		return out
	}
	var worst float64
	for _, share := range []int{0, 100, 250, 400, 600, 800} {
		common := gen(1, share)
		a := strings.Join(append(slices.Clone(common), gen(2, 800-share)...), " ")
		b := strings.Join(append(gen(3, 800-share), common...), " ")
		da, db := sitrep.Document{Text: a}, sitrep.Document{Text: b}
		est, exact := Compare(Sign(da), Sign(db)).Jaccard, Jaccard(da, db)
		worst = max(worst, abs(est-exact))
		if abs(est-exact) > 0.12 {
			t.Errorf("shared %d: estimate %.3f, exact %.3f", share, est, exact)
		}
	}
	t.Logf("worst estimate error %.3f", worst)
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestBinaryRoundTrip(t *testing.T) {
	wire := readDoc(t, "testdata/wire.txt")
	sig := Sign(wire)
	b, err := sig.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Signature
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if !sigEqual(sig, back) {
		t.Errorf("round trip changed the signature")
	}
	js, err := json.Marshal(sig)
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON Signature
	if err := json.Unmarshal(js, &fromJSON); err != nil || !sigEqual(sig, fromJSON) {
		t.Errorf("JSON round trip changed the signature (%v)", err)
	}
	for _, bad := range [][]byte{nil, {9}, b[:100], b[:len(b)-1], append(slices.Clone(b), 0)} {
		if err := back.UnmarshalBinary(bad); err == nil {
			t.Errorf("UnmarshalBinary accepted %d bad bytes", len(bad))
		}
	}
}

func sigEqual(a, b Signature) bool {
	return a.MinHash == b.MinHash && a.SimHash == b.SimHash && a.Shingles == b.Shingles &&
		slices.Equal(a.Sentences, b.Sentences) && slices.Equal(a.Figures, b.Figures) &&
		slices.Equal(a.Quotes, b.Quotes) && slices.Equal(a.Names, b.Names)
}

func TestEmptyAndTiny(t *testing.T) {
	empty := Sign(sitrep.Document{})
	if v := Compare(empty, empty); v.Rewrite || v.Duplicate {
		t.Errorf("two empty texts: %+v", v)
	}
	tiny := Sign(sitrep.Document{Text: "Clashes."})
	if v := Compare(tiny, Sign(sitrep.Document{Text: "Clashes!"})); !v.Duplicate {
		t.Errorf("one-word copies not duplicates: %+v", v)
	}
	if len(empty.Bands()) != NumBands {
		t.Errorf("bands of empty signature")
	}
}

func FuzzSign(f *testing.F) {
	f.Add("Pakistan says it killed more than 200 fighters; “new normal”, said Abdul Basit.")
	f.Add("<p>&amp; \"unclosed ‘quote 12 3,4 Dec 24</p")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		d := sitrep.Document{Text: s}
		a, b := Sign(d), Sign(d)
		if !sigEqual(a, b) {
			t.Fatal("Sign not deterministic")
		}
		if !slices.Equal(a.Bands(), b.Bands()) || !slices.Equal(a.EvidenceKeys(), b.EvidenceKeys()) {
			t.Fatal("keys not deterministic")
		}
		raw, _ := a.MarshalBinary()
		var back Signature
		if err := back.UnmarshalBinary(raw); err != nil || !sigEqual(a, back) {
			t.Fatalf("round trip: %v", err)
		}
		if v := Compare(a, b); a.Shingles > 0 && !v.Duplicate {
			t.Fatalf("a text is not a duplicate of itself: %+v", v)
		}
		toks := text.Tokenize(s)
		if c := SignTokens(d, toks); !sigEqual(a, c) {
			t.Fatal("SignTokens differs from Sign")
		}
		if len(toks) > 0 {
			toks[0].End = len(s) + 5
			SignTokens(d, toks) // must not panic
		}
		var junk Signature
		_ = junk.UnmarshalBinary([]byte(s))
	})
}

// A rewrite family is anchored at its founder: documents that each retell
// two thirds of the previous one form a chain of rewrite pairs, but the
// fourth shares nothing with the first, so the chain makes several
// families, not one (the union of pairs alone would join them all).
func TestFamiliesDoNotChain(t *testing.T) {
	raw, err := os.ReadFile("testdata/chain.txt")
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(strings.TrimSpace(string(raw)), "\n\n")
	x := NewIndex()
	var ids []string
	for i := 0; i+2 < len(paras) && i < 6; i++ {
		id := fmt.Sprintf("d%d", i)
		ids = append(ids, id)
		doc := sitrep.Document{Text: strings.Join(paras[i:i+3], "\n\n")}
		got := x.Add(id, Sign(doc))
		if i > 0 && !slices.Contains(got, ids[i-1]) {
			t.Fatalf("%s (paragraphs %d to %d) is not a rewrite of %s: %v", id, i, i+2, ids[i-1], got)
		}
	}
	want := [][]string{{"d0", "d1", "d2"}, {"d3", "d4", "d5"}}
	if got := x.Families(); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("families %v, want %v", got, want)
	}
	if JoinsFamily(Sign(sitrep.Document{Text: strings.Join(paras[0:3], "\n\n")}), Sign(sitrep.Document{Text: strings.Join(paras[3:6], "\n\n")})) {
		t.Error("a document sharing nothing with a family's founder may join it")
	}
}
