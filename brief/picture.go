package brief

import (
	"maps"
	"slices"
	"strconv"

	sitrep "github.com/sitrep-dev/sitrep"
)

// CitedDocs lists the documents events, ledger lines and claims name:
// all the brief can cite.
func CitedDocs(evs []sitrep.PictureEvent, ledger []sitrep.Quantity, claims []sitrep.StoredClaim) []string {
	var ids []string
	for i := range evs {
		e := &evs[i]
		for _, r := range e.Reports {
			ids = append(ids, r.DocID)
		}
		for _, vals := range [][]sitrep.FieldValue{e.Dates, e.Places, e.Types, e.FatalityValues} {
			for _, val := range vals {
				ids = append(ids, val.Docs...)
			}
		}
	}
	for _, q := range ledger {
		for _, f := range q.Figures {
			ids = append(ids, f.DocID)
		}
		for _, c := range q.Contradictions {
			ids = append(ids, c.A.DocID, c.B.DocID)
		}
	}
	for _, c := range claims {
		ids = append(ids, strconv.FormatInt(c.DocID, 10))
	}
	return ids
}

// FromPicture assembles the brief from the stored picture: documents are
// named by their store ids throughout, as the picture's reports name them.
// Ledger lines of events not in evs are left out (statistics, lines of no
// event, are kept); docs need only hold the documents the brief may cite
// (CitedDocs).
func FromPicture(evs []sitrep.PictureEvent, ledger []sitrep.Quantity, eps []sitrep.Episode,
	claims []sitrep.StoredClaim, docs map[string]sitrep.StoredDoc) Input {
	in := Input{Events: evs, Episodes: eps}
	keep := map[int64]bool{}
	for _, e := range evs {
		keep[e.ID] = true
	}
	for _, q := range ledger {
		if keep[q.Event] || q.Event == 0 { // Event 0: a statistic, of no one incident
			in.Ledger = append(in.Ledger, q)
		}
	}
	for _, c := range claims {
		in.Claims = append(in.Claims, Claim{
			Kind: c.Claim.Kind, Claimant: c.Claim.Claimant, About: c.Claim.About,
			DocID: strconv.FormatInt(c.DocID, 10), Published: c.Published, Text: c.Claim.Text,
		})
	}
	for _, id := range slices.Sorted(maps.Keys(docs)) {
		d := docs[id]
		s := Source{DocID: id, Title: d.Doc.Title, Outlet: d.Doc.Outlet, URL: d.Doc.URL}
		if !d.Doc.Published.IsZero() {
			s.Published = d.Doc.Published.Format("2006-01-02")
		}
		if d.Family != 0 {
			s.Family = "f" + strconv.FormatInt(d.Family, 10)
		}
		in.Sources = append(in.Sources, s)
	}
	return in
}
