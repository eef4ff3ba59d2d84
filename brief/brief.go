// Package brief writes a situation brief (Markdown or HTML) from the fused
// picture: key developments, disputed figures, accusations, a timeline, sources.
//
// The brief is assembled only from its Input: every line states what the
// input holds, with numbered citations to the documents saying it, and
// nothing is added. Article text is untrusted: both writers escape it, and
// strip the control and direction-override characters that could disguise it.
package brief

import (
	"fmt"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/fuse"
)

// DefaultTop is how many key developments a brief lists when Input.Top is 0.
const DefaultTop = 8

// Input is everything a brief is made of. Events, Ledger and Episodes come
// from fuse; Claims and Sources from the documents' records. Documents are
// named by the same ids throughout (Report.DocID, Figure.DocID, Claim.DocID,
// Source.DocID).
type Input struct {
	Events   []sitrep.PictureEvent
	Ledger   []sitrep.Quantity
	Episodes []sitrep.Episode
	Claims   []Claim
	Sources  []Source
	// Since (YYYY-MM-DD, YYYY-MM or YYYY) keeps only events dated on or
	// after it, and claims of documents published on or after it. Undated
	// events are kept when a document reporting them was published on or
	// after it. Empty keeps everything.
	Since string
	// Top is the number of key developments; 0 means DefaultTop.
	Top int
}

// Claim is a statement of one document attributed to a claimant.
type Claim struct {
	// Kind is one of the sitrep.Claim* kinds.
	Kind     string
	Claimant *sitrep.ActorRef // nil when the document does not say who
	About    *sitrep.ActorRef // nil when it is about no named actor
	DocID    string
	// Published is the document's publication date (YYYY-MM-DD, YYYY-MM or
	// YYYY), empty when unknown; claims are dated by it.
	Published string
	Text      string
}

// Source is one document the brief can cite.
type Source struct {
	DocID     string
	Title     string
	Outlet    string
	URL       string
	Published string // YYYY-MM-DD, YYYY-MM or YYYY; empty when unknown
	// Family is the document's rewrite family: documents sharing a family
	// are rewrites of one original and count as one source. Empty when the
	// document has no known rewrite.
	Family string
}

// FromRecords builds the input of a brief from extraction records: it fuses
// their events (fuse.New), builds the claims ledger and the episodes, and
// takes the claims and sources from the records. families maps a document
// id (Record.ID) to its rewrite family; documents missing from it stand
// alone. Records with an empty or repeated id are renamed (by position) so
// citations stay distinct.
func FromRecords(recs []sitrep.Record, families map[string]string) Input {
	var in Input
	var reports []sitrep.Report
	seen := map[string]bool{}
	for i, rec := range recs {
		id := rec.ID
		if id == "" || seen[id] {
			id = fmt.Sprintf("%s#%d", rec.ID, i+1)
		}
		seen[id] = true
		fam := families[rec.ID]
		rec.ID = id
		reports = append(reports, fuse.FromRecord(rec, fam)...)
		in.Sources = append(in.Sources, sourceOf(rec, fam))
		in.Claims = append(in.Claims, claimsOf(rec)...)
	}
	f := fuse.New()
	f.Add(reports...)
	in.Events = f.Events()
	in.Ledger = fuse.Ledger(in.Events)
	in.Episodes = fuse.Episodes(in.Events)
	return in
}

func sourceOf(rec sitrep.Record, family string) Source {
	s := Source{DocID: rec.ID, Title: rec.Title, Outlet: rec.Outlet, URL: rec.URL, Family: family}
	if rec.Published != nil {
		s.Published = *rec.Published
	}
	return s
}

func claimsOf(rec sitrep.Record) []Claim {
	pub := ""
	if rec.Published != nil {
		pub = *rec.Published
	}
	out := make([]Claim, 0, len(rec.Claims))
	for _, c := range rec.Claims {
		out = append(out, Claim{Kind: c.Kind, Claimant: c.Claimant, About: c.About, DocID: rec.ID, Published: pub, Text: c.Text})
	}
	return out
}

// span reads a date of any granularity (YYYY-MM-DD, YYYY-MM, YYYY) as the
// first and last day it covers.
func span(s string) (lo, hi time.Time, ok bool) {
	switch len(s) {
	case 10:
		t, err := time.Parse("2006-01-02", s)
		return t, t, err == nil
	case 7:
		t, err := time.Parse("2006-01", s)
		return t, t.AddDate(0, 1, -1), err == nil
	case 4:
		t, err := time.Parse("2006", s)
		return t, t.AddDate(1, 0, -1), err == nil
	}
	if len(s) > 10 { // an RFC 3339 instant: its day
		return span(s[:10])
	}
	return time.Time{}, time.Time{}, false
}
