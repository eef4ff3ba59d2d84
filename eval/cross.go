package eval

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strconv"

	sitrep "github.com/sitrep-dev/sitrep"
)

// Picture is what the cross-document scorer needs to know of one document
// once the whole set has been fused.
type Picture struct {
	// Family is the document's rewrite family; "" when it stands alone.
	Family string
	// Clusters gives the picture event of each event of the record
	// (parallel to Record.Events); 0 when an event has none.
	Clusters []int64
	// Contested lists the code-point spans (record offsets) of the
	// document's claims flagged contested, and of the figures they give
	// (Claim.Tallies: "hundreds of incidents" may follow the statement).
	Contested [][2]int
}

// ScoreCrossDoc scores the fused picture:
//   - rewrite_pairs: pairs of documents put in one family, against the
//     pairs of the gold's duplicate sets;
//   - event_clusters: pairwise over gold events, a pair predicted together
//     when both were matched (as ScoreEvents matches) to events of one
//     picture event, right when one gold cluster holds both;
//   - contradictions: recall of the gold's contradictions over figures, one
//     found when values of two different claimants lie in contested
//     claims; contested_values is the recall over each of their values.
//
// Documents without a Picture are left out.
func ScoreCrossDoc(g *Gold, in map[string]Input, rep *Report) []Field {
	pics := map[string]*Picture{}
	for id, x := range in {
		if x.Picture != nil {
			pics[id] = x.Picture
		}
	}
	if len(pics) == 0 {
		return nil
	}
	return []Field{
		scoreRewrites(g, pics, rep),
		scoreClusters(g, in, pics, rep),
		scoreContradictions(g, in, pics, rep),
	}
}

func scoreRewrites(g *Gold, pics map[string]*Picture, rep *Report) Field {
	gold := map[[2]string]bool{}
	for _, d := range g.Duplicates {
		for i, a := range d.Docs {
			for _, b := range d.Docs[i+1:] {
				gold[docPair(a, b)] = true
			}
		}
	}
	ids := make([]string, 0, len(pics))
	for id := range pics {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var c Counts
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			pred := pics[a].Family != "" && pics[a].Family == pics[b].Family
			k := docPair(a, b)
			switch {
			case pred && gold[k]:
				c.TP++
			case pred:
				c.FP++
				rep.errorf("rewrites: extra pair %s–%s", a, b)
			case gold[k]:
				c.FN++
				rep.errorf("rewrites: missed pair %s–%s", a, b)
			}
		}
	}
	return Field{Name: "rewrite_pairs", Counts: c}
}

func docPair(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

func scoreClusters(g *Gold, in map[string]Input, pics map[string]*Picture, rep *Report) Field {
	goldOf := map[string]string{}
	for _, c := range g.EventClusters {
		for _, e := range c.Events {
			goldOf[e] = c.ID
		}
	}
	picOf := map[string]int64{} // gold event id → picture event
	var ids []string
	for _, d := range g.Documents {
		p, ok := pics[d.ID]
		if !ok {
			continue
		}
		x := in[d.ID]
		for _, m := range matchEvents(d, x, textShift(x.FileText, x.Record.Text)) {
			if m.pi < len(p.Clusters) && p.Clusters[m.pi] != 0 {
				picOf[d.Events[m.gi].ID] = p.Clusters[m.pi]
			}
		}
		for _, e := range d.Events {
			ids = append(ids, e.ID)
		}
	}
	var c Counts
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			gold := goldOf[a] != "" && goldOf[a] == goldOf[b]
			pa, oka := picOf[a]
			pb, okb := picOf[b]
			pred := oka && okb && pa == pb
			switch {
			case gold && pred:
				c.TP++
			case pred:
				c.FP++
				rep.errorf("clusters: %s and %s fused (picture event %d), not one incident in the gold", a, b, pa)
			case gold:
				c.FN++
				rep.errorf("clusters: %s and %s are one incident (%s), kept apart", a, b, goldOf[a])
			}
		}
	}
	return Field{Name: "event_clusters", Counts: c}
}

func scoreContradictions(g *Gold, in map[string]Input, pics map[string]*Picture, rep *Report) Field {
	var c Counts
	valuesFound, values := 0, 0
	for _, gc := range g.Contradictions {
		// A contradiction over a figure: every value of it counts, the
		// unnumbered side too ("killed civilians" against "about 70
		// militants").
		if !slices.ContainsFunc(gc.Values, GoldValue.Numeric) {
			continue
		}
		claimants := map[string]bool{}
		for _, v := range gc.Values {
			p, ok := pics[v.Doc]
			if !ok {
				continue
			}
			values++
			if contestedAt(in[v.Doc], p, v.Text) {
				valuesFound++
				claimants[v.Claimant] = true
			} else {
				rep.errorf("contradictions %s: %s %q not contested", gc.ID, v.Doc, v.Text)
			}
		}
		if len(claimants) >= 2 {
			c.TP++
		} else {
			c.FN++
			rep.errorf("contradictions %s: not found (%s)", gc.ID, gc.Quantity)
		}
	}
	return Field{Name: "contradictions", Counts: c, Extra: map[string]float64{
		"contested_values": ratio(valuesFound, values),
	}}
}

// contestedAt reports whether a contested claim of the document overlaps
// the quoted gold text.
func contestedAt(x Input, p *Picture, quote string) bool {
	s, ok := locate(x.FileText, quote)
	if !ok {
		return false
	}
	shift := textShift(x.FileText, x.Record.Text)
	for _, sp := range p.Contested {
		if (cpSpan{sp[0] + shift, sp[1] + shift}).overlaps(s) {
			return true
		}
	}
	return false
}

// ReadPicture gives each input its place in the picture a store keeps
// (documents matched by their input id): rewrite family, picture event of
// each event, contested claims. Inputs not in the store keep no picture.
func ReadPicture(ctx context.Context, st sitrep.Store, in map[string]Input) error {
	stored, err := st.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		return err
	}
	for _, sd := range stored {
		x, ok := in[sd.Doc.ID]
		if !ok {
			continue
		}
		p := &Picture{}
		if sd.Family != 0 {
			p.Family = strconv.FormatInt(sd.Family, 10)
		}
		evs, err := st.Events(ctx, sitrep.EventFilter{DocID: sd.ID})
		if err != nil {
			return err
		}
		// Row ids follow the record's event order.
		slices.SortFunc(evs, func(a, b sitrep.StoredEvent) int { return cmp.Compare(a.RowID, b.RowID) })
		for _, e := range evs {
			p.Clusters = append(p.Clusters, e.Cluster)
		}
		cls, err := st.Claims(ctx, sitrep.ClaimFilter{DocID: sd.ID, Contested: true})
		if err != nil {
			return err
		}
		for _, c := range cls {
			p.Contested = append(p.Contested, [2]int{c.Claim.Start, c.Claim.End})
			for _, t := range c.Claim.Tallies {
				p.Contested = append(p.Contested, [2]int{t.Start, t.End})
			}
		}
		x.Picture = p
		in[sd.Doc.ID] = x
	}
	return nil
}
