package quantity

import (
	"encoding/json"
	"os"
	"testing"
)

// TestGoldFatalities checks that every fatality figure of the seed gold is
// read, with its qualifier, from the event's evidence sentences.
func TestGoldFatalities(t *testing.T) {
	raw, err := os.ReadFile("../../shared/gold/seeds.gold.json")
	if err != nil {
		t.Skipf("gold annotation not available (%v)", err)
	}
	var g struct {
		Documents []struct {
			ID     string `json:"id"`
			Events []struct {
				ID         string          `json:"id"`
				Evidence   json.RawMessage `json:"evidence"`
				Additional []string        `json:"additional_evidence"`
				Fatalities []struct {
					Count     *int    `json:"count"`
					CountMax  *int    `json:"count_max"`
					Qualifier *string `json:"qualifier"`
				} `json:"fatalities"`
			} `json:"events"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	// The gold names some qualifiers by their wording.
	alias := map[string]string{"over": MoreThan, "dozens": Vague}
	var total, found int
	for _, d := range g.Documents {
		for _, e := range d.Events {
			var sentences []string
			var one string
			if json.Unmarshal(e.Evidence, &one) == nil {
				sentences = append(sentences, one)
			} else {
				_ = json.Unmarshal(e.Evidence, &sentences)
			}
			sentences = append(sentences, e.Additional...)
			for _, f := range e.Fatalities {
				if f.Qualifier == nil {
					continue // unquantified deaths
				}
				want := *f.Qualifier
				if a, ok := alias[want]; ok {
					want = a
				}
				total++
				ok := false
				for _, s := range sentences {
					for _, q := range Find(s) {
						if q.Qualifier == want && eqp(q.Count, f.Count, want == Vague) && eqp(q.Max, f.CountMax, false) {
							ok = true
						}
					}
				}
				if ok {
					found++
				} else {
					t.Logf("%s MISS: no %s %v..%v in %q", e.ID, want, deref(f.Count), deref(f.CountMax), sentences)
				}
			}
		}
	}
	t.Logf("gold fatality figures read: %d/%d", found, total)
	// A named single victim ("Mehsud was taken out") has no number to read.
	if float64(found) < 0.9*float64(total) {
		t.Errorf("read %d/%d gold figures, want ≥ 90%%", found, total)
	}
}

// eqp compares optional counts; the gold leaves vague counts null where the
// contract gives ACLED's conventional figure.
func eqp(a, b *int, vague bool) bool {
	if b == nil {
		return a == nil || vague
	}
	return a != nil && *a == *b
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
