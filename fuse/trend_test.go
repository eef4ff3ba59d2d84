package fuse_test

import (
	"testing"

	"github.com/sitrep-dev/sitrep/fuse"
)

// TestSyntheticStream checks, on 20,000 synthetic reports, that the work per
// report stays flat as the picture grows and that clusters mostly follow the
// true incidents (pairwise precision and recall against Report.Ref).
func TestSyntheticStream(t *testing.T) {
	if testing.Short() {
		t.Skip("synthetic stream skipped in -short mode")
	}
	reports := synthetic(20_000, 2)
	f := fuse.New()
	var last fuse.Stats
	var perBlock []float64
	for i, r := range reports {
		f.Add(r)
		if (i+1)%5_000 == 0 {
			s := f.Stats()
			perBlock = append(perBlock, float64(s.Pairs-last.Pairs)/5000)
			last = s
		}
	}
	t.Logf("pairs scored per report, per 5,000: %.0f", perBlock)
	if perBlock[3] > 1.5*perBlock[1] {
		t.Errorf("work per report grows: %.0f", perBlock)
	}
	// Pairwise cluster agreement with the true incidents.
	var tp, fp, fn int
	inc := map[int64]map[int64]int{} // incident → picture event → reports
	for _, e := range f.Events() {
		n := len(e.Reports)
		same := map[int64]int{}
		for _, r := range e.Reports {
			same[r.Ref]++
			if inc[r.Ref] == nil {
				inc[r.Ref] = map[int64]int{}
			}
			inc[r.Ref][e.ID]++
		}
		pairs := n * (n - 1) / 2
		good := 0
		for _, k := range same {
			good += k * (k - 1) / 2
		}
		tp += good
		fp += pairs - good
	}
	for _, byEvent := range inc {
		total, together := 0, 0
		for _, k := range byEvent {
			total += k
			together += k * (k - 1) / 2
		}
		fn += total*(total-1)/2 - together
	}
	p, r := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
	t.Logf("synthetic clusters: pairwise P %.3f R %.3f (%d reports, %d picture events, %d incidents)", p, r, len(reports), f.Len(), len(inc))
	if r < 0.5 {
		t.Errorf("recall %.3f: reports of one incident are not brought together", r)
	}
}
