package web

import (
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"

	sitrep "github.com/sitrep-dev/sitrep"
)

// maxDisputed bounds the disputed figures the claims page lists: the
// latest events' first.
const maxDisputed = 200

type claimsView struct {
	Quantities []quantityView
	Total      int
}

// claims lists the disputed figures: each quantity with its figures side
// by side, their claimants and sources.
func (p *pages) claims(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := p.store.Counts(ctx)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	ledger, err := p.store.Quantities(ctx, sitrep.QuantityFilter{Contested: true, Page: sitrep.Page{Limit: maxDisputed}})
	if err != nil {
		p.fail(w, r, err)
		return
	}
	total := max(n.Disputed, len(ledger)) // a line may be added between the reads
	var cited []string
	for _, q := range ledger {
		for _, f := range q.Figures {
			cited = append(cited, f.DocID)
		}
	}
	docs, err := p.docsByID(ctx, cited)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v := claimsView{Total: total}
	for _, q := range ledger {
		v.Quantities = append(v.Quantities, newQuantityView(q, docs))
	}
	p.render(w, r, http.StatusOK, "claims", "Disputed figures", "/claims", v)
}

// matrix counts relations between actors: rows act on (or accuse)
// columns.
type matrix struct {
	Caption string
	Cols    []string
	Rows    []matrixRow
	Empty   bool
}

type matrixRow struct {
	Name  string
	Cells []int
}

// maxMatrix bounds a matrix's side: the most active actors.
const maxMatrix = 12

// newMatrix lays out pair counts (between the top actors, as the store
// gives them): actors by their total on either side, most first, then by
// name; rows with no count are left out.
func newMatrix(caption string, pairs []sitrep.ActorPair) matrix {
	weight := map[string]int{}
	name := map[string]string{}
	cell := map[[2]string]int{}
	for _, p := range pairs {
		weight[p.A.ID] += p.Count
		weight[p.B.ID] += p.Count
		name[p.A.ID], name[p.B.ID] = actorName(&p.A), actorName(&p.B)
		cell[[2]string{p.A.ID, p.B.ID}] += p.Count
	}
	ids := make([]string, 0, len(weight))
	for id := range weight {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := ids[i], ids[j]
		if weight[a] != weight[b] {
			return weight[a] > weight[b]
		}
		if name[a] != name[b] {
			return name[a] < name[b]
		}
		return a < b
	})
	if len(ids) > maxMatrix {
		ids = ids[:maxMatrix]
	}
	m := matrix{Caption: caption, Empty: len(pairs) == 0}
	for _, id := range ids {
		m.Cols = append(m.Cols, name[id])
	}
	for _, a := range ids {
		row := matrixRow{Name: name[a]}
		any := false
		for _, b := range ids {
			n := cell[[2]string{a, b}]
			any = any || n > 0
			row.Cells = append(row.Cells, n)
		}
		if any {
			m.Rows = append(m.Rows, row)
		}
	}
	return m
}

type actorRow struct {
	ID, Name, Type, Country     string
	Documents, Mentions, Events int
}

type actorsView struct {
	Actors    []actorRow
	Violence  matrix
	Accusings matrix
}

// actors shows who does what to whom (picture events, actor 1 against
// actor 2) and who accuses whom (accusation claims).
func (p *pages) actors(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sums, err := p.store.Actors(ctx)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	acts, err := p.store.EventPairs(ctx, maxMatrix)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	acc, err := p.store.ClaimPairs(ctx, sitrep.ClaimAccusation, maxMatrix)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v := actorsView{
		Violence:  newMatrix("Events by actor 1 (rows) against actor 2 (columns)", acts),
		Accusings: newMatrix("Accusations by claimant (rows) against the accused (columns)", acc),
	}
	for _, a := range sums[:min(len(sums), 300)] {
		v.Actors = append(v.Actors, actorRow{
			ID: clean(a.ID), Name: clean(a.Name), Type: clean(string(a.Type)), Country: clean(a.Country),
			Documents: a.Documents, Mentions: a.Mentions, Events: a.Events,
		})
	}
	p.render(w, r, http.StatusOK, "actors", "Actors", "/actors", v)
}

type docRow struct {
	ID        int64
	Title     string
	Outlet    string
	Published string
	Family    int64
}

func newDocRow(d sitrep.StoredDoc) docRow {
	row := docRow{ID: d.ID, Title: docLabel(d, strconv.FormatInt(d.ID, 10)), Outlet: clean(d.Doc.Outlet), Family: d.Family}
	if !d.Doc.Published.IsZero() {
		row.Published = d.Doc.Published.Format("2006-01-02")
	}
	return row
}

type familyView struct {
	ID   int64
	Docs []docRow
}

type documentsView struct {
	Docs     []docRow
	Families []familyView
	Offset   int
	Prev     int
	Next     int // 0 on the last page
}

const docsPage = 50

// maxFamilies bounds the rewrite families the documents page lists.
const maxFamilies = 100

func (p *pages) documents(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	off := 0
	if s := r.URL.Query().Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			p.fail(w, r, badRequest{"offset: want a number of documents to skip"})
			return
		}
		off = n
	}
	docs, err := p.store.Documents(ctx, sitrep.DocumentFilter{Page: sitrep.Page{Limit: docsPage + 1, Offset: off}})
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v := documentsView{Offset: off, Prev: max(off-docsPage, 0)}
	if len(docs) > docsPage {
		docs = docs[:docsPage]
		v.Next = off + docsPage
	}
	for _, d := range docs {
		v.Docs = append(v.Docs, newDocRow(d))
	}
	if off == 0 {
		fams, err := p.store.Families(ctx)
		if err != nil {
			p.fail(w, r, err)
			return
		}
		fams = fams[:min(len(fams), maxFamilies)]
		var ids []string
		for _, f := range fams {
			for _, id := range f.Docs {
				ids = append(ids, strconv.FormatInt(id, 10))
			}
		}
		all, err := p.docsByID(ctx, ids)
		if err != nil {
			p.fail(w, r, err)
			return
		}
		for _, f := range fams {
			fv := familyView{ID: f.ID}
			for _, id := range f.Docs {
				fv.Docs = append(fv.Docs, newDocRow(all[strconv.FormatInt(id, 10)]))
			}
			v.Families = append(v.Families, fv)
		}
	}
	p.render(w, r, http.StatusOK, "documents", "Documents", "/documents", v)
}

type documentView struct {
	Doc      docRow
	URL      string
	Author   string
	Text     template.HTML
	Actors   []string
	Places   []string
	Events   []eventLink
	Family   []docRow
	Warnings []string
}

type eventLink struct {
	Cluster int64
	Label   string
}

// document shows a document's text with its actors, places, dates and
// event evidence highlighted.
func (p *pages) document(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	ctx := r.Context()
	d, err := p.store.Document(ctx, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	ms, err := p.store.Mentions(ctx, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	evs, err := p.store.Events(ctx, sitrep.EventFilter{DocID: id})
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v := documentView{Doc: newDocRow(d), URL: safeURL(d.Doc.URL), Author: clean(d.Doc.Author)}
	var marks []mark
	actors, places := map[string]bool{}, map[string]bool{}
	for _, e := range evs {
		for _, m := range e.Event.Evidence {
			marks = append(marks, mark{Start: m.Start, End: m.End, Class: "event", Title: "event: " + e.Event.SubEventType})
		}
		l := eventLink{Cluster: e.Cluster, Label: clean(e.Event.SubEventType + ", " + strOr(e.Event.EventDate, "undated") + ", " +
			placeLine(e.Event.Location, "", e.Event.Admin1, e.Event.Country))}
		v.Events = append(v.Events, l)
	}
	for _, m := range ms {
		marks = append(marks, mark{Start: m.Start, End: m.End, Class: m.Kind, Title: m.Kind + ": " + m.Name + " (" + m.Ref + ")"})
		switch m.Kind {
		case "actor":
			actors[clean(m.Name)] = true
		case "place":
			places[clean(m.Name)] = true
		}
	}
	// Mentions inside an event's evidence are shown too: the evidence is
	// drawn as an underline around them, not a mark of its own.
	v.Text = highlightNested(d.Doc.Text, marks)
	v.Actors, v.Places = setList(actors), setList(places)
	if d.Record != nil {
		for _, warn := range d.Record.Warnings {
			v.Warnings = append(v.Warnings, clean(warn))
		}
	}
	if d.Family != 0 {
		fam, err := p.store.Documents(ctx, sitrep.DocumentFilter{Family: d.Family})
		if err != nil {
			p.fail(w, r, err)
			return
		}
		for _, f := range fam {
			if f.ID != d.ID {
				v.Family = append(v.Family, newDocRow(f))
			}
		}
	}
	p.render(w, r, http.StatusOK, "document", v.Doc.Title, "/documents", v)
}

// highlightNested renders the text with mention marks, and wraps each
// event's evidence in a span around them.
func highlightNested(txt string, marks []mark) template.HTML {
	var ev, inner []mark
	for _, m := range marks {
		if m.Class == "event" {
			ev = append(ev, m)
		} else {
			inner = append(inner, m)
		}
	}
	if len(ev) == 0 {
		return highlight(txt, inner, true)
	}
	// Mentions that straddle an evidence edge are dropped, so the
	// elements nest.
	sort.Slice(ev, func(i, j int) bool { return ev[i].Start < ev[j].Start })
	var kept []mark
	end := -1
	for _, e := range ev {
		if e.Start >= end {
			kept = append(kept, e)
			end = e.End
		}
	}
	var nested []mark
	for _, m := range inner {
		ok := true
		for _, e := range kept {
			if m.Start < e.End && m.End > e.Start && (m.Start < e.Start || m.End > e.End) {
				ok = false
			}
		}
		if ok {
			nested = append(nested, m)
		}
	}
	rs := []rune(txt)
	var sb strings.Builder
	pos := 0
	for _, e := range kept {
		if e.Start < pos || e.End > len(rs) {
			continue
		}
		sb.WriteString(string(highlight(string(rs[pos:e.Start]), shift(nested, pos, e.Start), true)))
		sb.WriteString(`<span class="evidence" title="`)
		sb.WriteString(template.HTMLEscapeString(clean(e.Title)))
		sb.WriteString(`">`)
		sb.WriteString(string(highlight(string(rs[e.Start:e.End]), shift(nested, e.Start, e.End), true)))
		sb.WriteString(`</span>`)
		pos = e.End
	}
	sb.WriteString(string(highlight(string(rs[pos:]), shift(nested, pos, len(rs)), true)))
	return template.HTML(sb.String())
}

// shift keeps the marks inside [from, to) and makes them relative to from.
func shift(ms []mark, from, to int) []mark {
	var out []mark
	for _, m := range ms {
		if m.Start >= from && m.End <= to {
			m.Start -= from
			m.End -= from
			out = append(out, m)
		}
	}
	return out
}

func setList(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

type searchHit struct {
	Doc     docRow
	Snippet template.HTML
}

type searchView struct {
	Query string
	Hits  []searchHit
	Error string
}

// Snippet markers: private-use characters. A document holding them can at
// worst move the highlighting: markSnippet writes only balanced <mark>
// elements and escapes everything else.
const (
	hitOpen  = "\uE000"
	hitClose = "\uE001"
)

func (p *pages) search(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	v := searchView{Query: q}
	if len(q) > 500 {
		p.fail(w, r, badRequest{"the search is longer than 500 characters"})
		return
	}
	if q != "" {
		hits, err := p.store.Search(r.Context(), sitrep.SearchQuery{Text: q, Limit: 50, Open: hitOpen, Close: hitClose})
		if err != nil {
			p.fail(w, r, err)
			return
		}
		for _, h := range hits {
			v.Hits = append(v.Hits, searchHit{Doc: newDocRow(h.Doc), Snippet: markSnippet(h.Snippet)})
		}
	}
	p.render(w, r, http.StatusOK, "search", "Search", "", v)
}

// markSnippet escapes a snippet and turns the store's match markers into
// <mark> elements. Markers come in pairs from the store; an unpaired one
// is dropped.
func markSnippet(s string) template.HTML {
	var sb strings.Builder
	open := false
	for _, part := range strings.SplitAfter(clean(s), "") {
		switch part {
		case hitOpen:
			if !open {
				sb.WriteString("<mark>")
				open = true
			}
		case hitClose:
			if open {
				sb.WriteString("</mark>")
				open = false
			}
		default:
			sb.WriteString(template.HTMLEscapeString(part))
		}
	}
	if open {
		sb.WriteString("</mark>")
	}
	return template.HTML(sb.String())
}
