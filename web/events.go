package web

import (
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	sitrep "github.com/sitrep-dev/sitrep"
)

// eventRow is a picture event as a table row, a marker or a timeline item.
type eventRow struct {
	ID         int64
	Date       string
	Precision  string
	Type       string
	SubType    string
	Actor1     string
	Actor2     string
	Place      string
	Fatalities string
	Sources    int
	Reports    int
	Conflicts  []string
	Class      string
}

func newEventRow(e *sitrep.PictureEvent) eventRow {
	return eventRow{
		ID: e.ID, Date: strOr(e.EventDate, "undated"), Precision: precisionName(e.TimePrecision),
		Type: clean(e.EventType), SubType: clean(e.SubEventType),
		Actor1: actorName(e.Actor1), Actor2: actorName(e.Actor2),
		Place:      placeLine(e.Location, e.Admin2, e.Admin1, e.Country),
		Fatalities: fatalities(e.Fatalities), Sources: e.Sources, Reports: len(e.Reports),
		Conflicts: e.Conflicts, Class: typeClass(e.EventType),
	}
}

type eventsView struct {
	Filter    filter
	Rows      []eventRow
	Total     int
	Next      template.URL // link to the next page, empty on the last
	FirstPage template.URL
	First     bool // this is the first page
}

func (p *pages) events(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		p.fail(w, r, err)
		return
	}
	sf := f.store()
	if sf.Limit == 0 {
		sf.Limit = 50
	}
	pg, err := p.store.PictureEvents(r.Context(), sf)
	if err != nil {
		if errors.Is(err, sitrep.ErrBadQuery) {
			err = badRequest{"the page link is no longer valid: start from the first page"}
		}
		p.fail(w, r, err)
		return
	}
	v := eventsView{Filter: f, Total: pg.Total, First: f.Cursor == ""}
	for i := range pg.Events {
		v.Rows = append(v.Rows, newEventRow(&pg.Events[i]))
	}
	if pg.Next != "" {
		v.Next = f.With("cursor", pg.Next)
	}
	v.FirstPage = f.Link("/events")
	p.render(w, r, http.StatusOK, "events", "Events", "/events", v)
}

// reportView is one report of a picture event, as its document tells it.
type reportView struct {
	Doc        string // store id
	DocTitle   string
	Outlet     string
	Published  string
	URL        string
	Family     string
	Type       string
	Date       string
	DateText   string
	Place      string
	Actor1     string
	Actor2     string
	Fatalities string
	Claims     []string // fatality claims, as sentences
	Evidence   []template.HTML
}

// quantityView is one line of the claims ledger.
type quantityView struct {
	Event          int64
	Label          string
	Disputed       bool
	Sources        int
	Claimants      int
	Figures        []figureView
	Contradictions []string
}

type figureView struct {
	Figure    string
	Victims   string
	Claimant  string
	Doc       string
	DocTitle  string
	Published string
	Quote     string
}

func newQuantityView(q sitrep.Quantity, docs map[string]sitrep.StoredDoc) quantityView {
	v := quantityView{Event: q.Event, Label: clean(q.Label), Disputed: q.Contested(), Sources: q.Sources, Claimants: q.Claimants}
	if v.Label == "" {
		v.Label = clean(q.Group)
	}
	for _, f := range q.Figures {
		v.Figures = append(v.Figures, figureView{
			Figure: figureText(f), Victims: clean(f.Victims), Claimant: claimantName(f.Claimant),
			Doc: pathDocID(f.DocID), DocTitle: docLabel(docs[f.DocID], f.DocID), Published: clean(f.Published), Quote: clean(f.Text),
		})
	}
	for _, c := range q.Contradictions {
		v.Contradictions = append(v.Contradictions, clean(figureText(c.A)+" ("+claimantName(c.A.Claimant)+") against "+
			figureText(c.B)+" ("+claimantName(c.B.Claimant)+"): "+c.Reason))
	}
	return v
}

// valueView is one value a field takes across reports.
type valueView struct {
	Field, Value string
	Docs         []docRef
	Sources      int
}

type docRef struct{ ID, Label string }

// showValue makes a field value of a picture event readable: dates read
// "YYYY-MM-DD/p", places "location, admin1, country code".
func showValue(field, v string) string {
	switch field {
	case "Date":
		d, p, _ := strings.Cut(v, "/")
		if p == "none" || d == "" {
			return "undated"
		}
		if n, err := strconv.Atoi(p); err == nil {
			if name := precisionName(&n); name != "" {
				return d + " (" + name + ")"
			}
		}
		return clean(d)
	case "Place":
		var parts []string
		for _, s := range strings.Split(v, ",") {
			if s = clean(s); s != "" {
				parts = append(parts, s)
			}
		}
		if len(parts) == 0 {
			return "unknown"
		}
		return strings.Join(parts, ", ")
	case "Fatalities":
		if v == "null" {
			return "deaths without a number"
		}
	}
	return clean(v)
}

type eventView struct {
	Row      eventRow
	Values   []valueView
	Reports  []reportView
	Ledger   []quantityView
	Conflict bool
}

func (p *pages) event(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	ctx := r.Context()
	e, err := p.store.PictureEvent(ctx, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	ledger, err := p.store.Quantities(ctx, sitrep.QuantityFilter{Event: id})
	if err != nil {
		p.fail(w, r, err)
		return
	}
	var cited []string
	for _, rep := range e.Reports {
		cited = append(cited, rep.DocID)
	}
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
	v := eventView{Row: newEventRow(&e), Conflict: e.Contested()}
	for _, fv := range []struct {
		name string
		vals []sitrep.FieldValue
	}{{"Date", e.Dates}, {"Place", e.Places}, {"Type", e.Types}, {"Fatalities", e.FatalityValues}} {
		for _, val := range fv.vals {
			vv := valueView{Field: fv.name, Value: showValue(fv.name, val.Value), Sources: val.Sources}
			for _, d := range val.Docs {
				vv.Docs = append(vv.Docs, docRef{ID: pathDocID(d), Label: docLabel(docs[d], d)})
			}
			v.Values = append(v.Values, vv)
		}
	}
	texts := map[string]docText{}
	for _, rep := range e.Reports {
		rv, err := p.reportView(ctx, rep, docs, texts)
		if err != nil {
			p.fail(w, r, err)
			return
		}
		v.Reports = append(v.Reports, rv)
	}
	for _, q := range ledger {
		v.Ledger = append(v.Ledger, newQuantityView(q, docs))
	}
	title := v.Row.SubType
	if title == "" {
		title = "Event " + strconv.FormatInt(id, 10)
	}
	p.render(w, r, http.StatusOK, "event", title, "/events", v)
}

// docText is a document's text with its mentions, read once per page.
type docText struct {
	text     string
	mentions []sitrep.StoredMention
}

func (p *pages) reportView(ctx context.Context, rep sitrep.Report, docs map[string]sitrep.StoredDoc, texts map[string]docText) (reportView, error) {
	d := docs[rep.DocID]
	ev := rep.Event
	rv := reportView{
		Doc: pathDocID(rep.DocID), DocTitle: docLabel(d, rep.DocID), Outlet: clean(d.Doc.Outlet),
		Published: clean(rep.Published), URL: safeURL(d.Doc.URL), Family: clean(rep.Family),
		Type:     clean(ev.EventType + " / " + ev.SubEventType),
		Date:     strOr(ev.EventDate, "undated"),
		DateText: clean(ev.DateText),
		Place:    placeLine(ev.Location, ev.Admin2, ev.Admin1, ev.Country),
		Actor1:   actorName(ev.Actor1), Actor2: actorName(ev.Actor2), Fatalities: fatalities(ev.Fatalities),
	}
	for _, fc := range ev.FatalityClaims {
		s := figureText(sitrep.Figure{Count: fc.Count, CountMax: fc.CountMax, Qualifier: fc.Qualifier}) + " " + clean(fc.Victims)
		if fc.Injured {
			s += " injured"
		} else {
			s += " killed"
		}
		rv.Claims = append(rv.Claims, s+", according to "+claimantName(fc.Claimant))
	}
	// The picture lists reports without evidence: read it from the
	// document's own events (the report's Ref is their row id).
	evidence := ev.Evidence
	if len(evidence) == 0 && rep.Ref != 0 {
		id, _ := strconv.ParseInt(rep.DocID, 10, 64)
		rows, err := p.store.Events(ctx, sitrep.EventFilter{DocID: id})
		if err != nil {
			return rv, err
		}
		for _, row := range rows {
			if row.RowID == rep.Ref {
				evidence = row.Event.Evidence
			}
		}
	}
	if len(evidence) == 0 {
		return rv, nil
	}
	dc, ok := texts[rep.DocID]
	if !ok {
		txt := d.Doc.Text
		id, _ := strconv.ParseInt(rep.DocID, 10, 64)
		if txt == "" {
			// Listed without its text (a page citing many documents).
			sd, err := p.store.Document(ctx, id)
			if err != nil && !errors.Is(err, sitrep.ErrNotFound) {
				return rv, err
			}
			txt = sd.Doc.Text
		}
		ms, err := p.store.Mentions(ctx, id)
		if err != nil && !errors.Is(err, sitrep.ErrNotFound) {
			return rv, err
		}
		dc = docText{text: txt, mentions: ms}
		texts[rep.DocID] = dc
	}
	for _, m := range evidence {
		sent, from, to := sentenceAround(dc.text, m.Start, m.End)
		if sent == "" {
			rv.Evidence = append(rv.Evidence, highlight(m.Text, []mark{{Start: 0, End: len([]rune(m.Text)), Class: "evidence"}}, false))
			continue
		}
		// The evidence, and the actors, places and dates inside it.
		base := m.Start - from
		marks := []mark{{Start: from, End: to, Class: "event", Title: "the evidence of this report"}}
		for _, mm := range dc.mentions {
			if mm.Start >= m.Start && mm.End <= m.End {
				marks = append(marks, mark{Start: mm.Start - base, End: mm.End - base, Class: mm.Kind, Title: mm.Kind + ": " + mm.Name})
			}
		}
		rv.Evidence = append(rv.Evidence, highlightNested(sent, marks))
	}
	return rv, nil
}

// Map and timeline data: JSON for the browser code, read with the same
// filter as the table.

// mapLimit bounds the events drawn at once.
const mapLimit = 5000

type mapPoint struct {
	ID         int64   `json:"id"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Date       string  `json:"date"`
	Type       string  `json:"type"`
	Class      string  `json:"class"`
	SubType    string  `json:"sub_type"`
	Place      string  `json:"place"`
	Fatalities *int    `json:"fatalities"`
	Title      string  `json:"title"`
	// Country is the ISO 3166-1 alpha-2 code: the map draws the province
	// outlines of the countries its events are in.
	Country string `json:"country,omitempty"`
}

type mapView struct {
	Filter filter
}

func (p *pages) mapPage(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "map", "Map", "/map", mapView{Filter: f})
}

func (p *pages) mapData(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	f.Sort, f.Cursor, f.Limit = "", "", 0
	evs, total, err := allPictureSummaries(r.Context(), p.store, f.store(), mapLimit)
	if err != nil {
		p.log.Error("map data", "err", err)
		jsonError(w, http.StatusInternalServerError, "cannot read the store")
		return
	}
	out := struct {
		Total    int        `json:"total"`
		Unplaced int        `json:"unplaced"`
		Points   []mapPoint `json:"points"`
	}{Total: total, Points: []mapPoint{}}
	for i := range evs {
		e := &evs[i]
		if e.Latitude == nil || e.Longitude == nil {
			out.Unplaced++
			continue
		}
		row := newEventRow(e)
		out.Points = append(out.Points, mapPoint{
			ID: e.ID, Lat: *e.Latitude, Lon: *e.Longitude, Date: row.Date, Type: row.Type, Class: row.Class,
			SubType: row.SubType, Place: row.Place, Fatalities: e.Fatalities, Title: eventTitle(row),
			Country: e.CountryCode,
		})
	}
	writeJSON(w, out)
}

// eventTitle is a one-line description of an event.
func eventTitle(r eventRow) string {
	s := r.SubType
	if r.Actor1 != "" {
		s += ": " + r.Actor1
		if r.Actor2 != "" {
			s += " against " + r.Actor2
		}
	}
	if r.Place != "" {
		s += ", " + r.Place
	}
	return s
}

type timelineItem struct {
	ID    int64  `json:"id"`
	Start string `json:"start"`
	Title string `json:"title"`
	Type  string `json:"type"`
	Class string `json:"class"`
	Date  string `json:"date"`
}

type timelineEpisode struct {
	ID    int64  `json:"id"`
	Start string `json:"start"`
	End   string `json:"end"`
	Label string `json:"label"`
}

type timelineView struct {
	Filter  filter
	Rows    []eventRow
	Undated int
}

func (p *pages) timeline(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		p.fail(w, r, err)
		return
	}
	q := f
	q.Sort, q.Cursor, q.Limit = "-date", "", 0
	evs, _, err := allPictureSummaries(r.Context(), p.store, q.store(), 500)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v := timelineView{Filter: f}
	for i := range evs {
		if evs[i].EventDate == nil {
			v.Undated++
			continue
		}
		v.Rows = append(v.Rows, newEventRow(&evs[i]))
	}
	p.render(w, r, http.StatusOK, "timeline", "Timeline", "/timeline", v)
}

func (p *pages) timelineData(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	f.Sort, f.Cursor, f.Limit = "-date", "", 0
	evs, _, err := allPictureSummaries(r.Context(), p.store, f.store(), mapLimit)
	if err != nil {
		p.log.Error("timeline data", "err", err)
		jsonError(w, http.StatusInternalServerError, "cannot read the store")
		return
	}
	eps, err := p.store.Episodes(r.Context())
	if err != nil {
		p.log.Error("timeline data", "err", err)
		jsonError(w, http.StatusInternalServerError, "cannot read the store")
		return
	}
	out := struct {
		Items    []timelineItem    `json:"items"`
		Episodes []timelineEpisode `json:"episodes"`
		Undated  int               `json:"undated"`
	}{Items: []timelineItem{}, Episodes: []timelineEpisode{}}
	for i := range evs {
		e := &evs[i]
		if e.EventDate == nil || *e.EventDate == "" {
			out.Undated++
			continue
		}
		row := newEventRow(e)
		out.Items = append(out.Items, timelineItem{ID: e.ID, Start: *e.EventDate, Title: eventTitle(row), Type: row.Type, Class: row.Class, Date: row.Date})
	}
	for _, ep := range eps {
		if ep.Start == "" || ep.End == "" {
			continue
		}
		out.Episodes = append(out.Episodes, timelineEpisode{ID: ep.ID, Start: ep.Start, End: ep.End, Label: clean(ep.Label)})
	}
	writeJSON(w, out)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	enc := json.NewEncoder(w)
	_ = enc.Encode(v)
}

func jsonError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
