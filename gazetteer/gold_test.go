package gazetteer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

const sharedDir = "../../shared"

type goldFile struct {
	Documents []goldDoc `json:"documents"`
}

type goldDoc struct {
	ID     string `json:"id"`
	File   string `json:"file"`
	Places []struct {
		Name     string   `json:"name"`
		Country  *string  `json:"country"`
		Mentions []string `json:"mentions"`
	} `json:"places"`
	Actors []struct {
		Mentions []string `json:"mentions"`
	} `json:"actors"`
}

func loadGold(t testing.TB) ([]goldDoc, map[string]string) {
	b, err := os.ReadFile(filepath.Join(sharedDir, "gold", "seeds.gold.json"))
	if err != nil {
		t.Skipf("gold annotation not available (%v)", err)
	}
	var g goldFile
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, d := range g.Documents {
		tb, err := os.ReadFile(filepath.Join(sharedDir, "seeds", d.File))
		if err != nil {
			t.Skipf("seed text not available (%v)", err)
		}
		texts[d.ID] = string(tb)
	}
	return g.Documents, texts
}

// containsWords reports whether the folded phrase inner occurs in outer as
// whole words.
func containsWords(outer, inner string) bool {
	o, in := " "+text.Key(outer)+" ", " "+text.Key(inner)+" "
	return in != "  " && strings.Contains(o, in)
}

// TestGoldPlaces measures recognition against the hand annotation: distinct
// (name, country) per document; a gold place also counts as found when a
// predicted mention of the same country lies inside one of its mentions.
// "filtered" drops predictions whose every mention is only an actor mention in
// gold (government metonyms such as "Islamabad says"), which the extractor
// removes with the actor lexicon.
func TestGoldPlaces(t *testing.T) {
	docs, texts := loadGold(t)
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var tp, fp, fn, fpFiltered int
	for _, d := range docs {
		src := texts[d.ID]
		ms := g.Recognise(src, nil, nil)
		type pred struct {
			p        sitrep.Place
			mentions []string
		}
		var preds []*pred
		byKey := map[string]*pred{}
		for _, m := range ms {
			k := text.Key(m.Place.Name) + "|" + m.Place.CountryCode
			p := byKey[k]
			if p == nil {
				p = &pred{p: m.Place}
				byKey[k] = p
				preds = append(preds, p)
			}
			p.mentions = append(p.mentions, src[m.Span.Start:m.Span.End])
		}
		matches := func(p *pred, gi int) bool {
			gp := d.Places[gi]
			cc := ""
			if gp.Country != nil {
				cc = *gp.Country
			}
			if text.Key(gp.Name) == text.Key(p.p.Name) && cc == p.p.CountryCode {
				return true
			}
			for _, pm := range p.mentions {
				for _, gm := range gp.Mentions {
					if text.Key(pm) == text.Key(gm) || containsWords(gm, pm) && (cc == "" || cc == p.p.CountryCode) {
						return true
					}
				}
			}
			return false
		}
		found := make([]bool, len(d.Places))
		for _, p := range preds {
			ok := false
			for gi := range d.Places {
				if matches(p, gi) {
					found[gi], ok = true, true
				}
			}
			if ok {
				tp++
				continue
			}
			actorOnly := true
			for _, pm := range p.mentions {
				isActor := false
				for _, a := range d.Actors {
					for _, am := range a.Mentions {
						if text.Key(am) == text.Key(pm) {
							isActor = true
						}
					}
				}
				actorOnly = actorOnly && isActor
			}
			fp++
			if !actorOnly {
				fpFiltered++
				t.Logf("%s FP %s (%s, %s) %q", d.ID, p.p.Name, p.p.Kind, p.p.CountryCode, p.mentions)
			} else {
				t.Logf("%s FP (metonym) %s %q", d.ID, p.p.Name, p.mentions)
			}
		}
		for gi, ok := range found {
			if !ok {
				fn++
				t.Logf("%s FN %s %q", d.ID, d.Places[gi].Name, d.Places[gi].Mentions)
			}
		}
	}
	report := func(label string, fp int) float64 {
		p := float64(tp) / float64(max(tp+fp, 1))
		r := float64(tp) / float64(max(tp+fn, 1))
		f := 2 * p * r / max(p+r, 1e-9)
		t.Logf("%s: P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", label, p, r, f, tp, fp, fn)
		return f
	}
	report("raw", fp)
	if f := report("filtered", fpFiltered); f < 0.8 {
		t.Errorf("F1 after metonym filtering %.3f, want ≥ 0.8", f)
	}
}
