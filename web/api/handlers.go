package api

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
)

// Response shapes. Lists are never null: an empty result is [].

// indexJSON is the answer of GET /api/v1/: where to start.
type indexJSON struct {
	Name    string   `json:"name"`
	OpenAPI string   `json:"openapi"`
	Routes  []string `json:"routes"`
}

type eventsJSON struct {
	Events []sitrep.PictureEvent `json:"events"`
	// Next is the cursor of the next page; absent on the last page.
	Next  string `json:"next,omitempty"`
	Total int    `json:"total"`
}

type eventJSON struct {
	Event sitrep.PictureEvent `json:"event"`
	// Ledger is the event's claims ledger: every figure given for each
	// quantity, with disputes and contradictions.
	Ledger []sitrep.Quantity `json:"ledger"`
	// Claims are the statements made in the documents reporting the event.
	Claims []claimJSON `json:"claims"`
	// Documents are the documents reporting the event.
	Documents []docJSON `json:"documents"`
}

type reportJSON struct {
	RowID     int64        `json:"row_id"`
	DocID     int64        `json:"doc_id"`
	Published string       `json:"published,omitempty"`
	PlaceID   string       `json:"place_id,omitempty"`
	Cluster   int64        `json:"picture_event,omitempty"`
	Contested bool         `json:"contested"`
	Event     sitrep.Event `json:"event"`
}

type reportsJSON struct {
	Reports []reportJSON `json:"reports"`
	// NextOffset is the offset of the next page; absent when this page is
	// not full.
	NextOffset *int `json:"next_offset,omitempty"`
}

type claimJSON struct {
	RowID     int64        `json:"row_id"`
	DocID     int64        `json:"doc_id"`
	Published string       `json:"published,omitempty"`
	Contested bool         `json:"contested"`
	Claim     sitrep.Claim `json:"claim"`
}

type claimsJSON struct {
	Claims     []claimJSON `json:"claims"`
	NextOffset *int        `json:"next_offset,omitempty"`
}

type ledgerJSON struct {
	Quantities []sitrep.Quantity `json:"quantities"`
	NextOffset *int              `json:"next_offset,omitempty"`
}

type actorJSON struct {
	ID        string           `json:"id"`
	Name      string           `json:"name"`
	Type      sitrep.ActorType `json:"type"`
	Country   string           `json:"country,omitempty"`
	Documents int              `json:"documents"`
	Mentions  int              `json:"mentions"`
	Events    int              `json:"events"`
}

type actorsJSON struct {
	Actors []actorJSON `json:"actors"`
	Total  int         `json:"total"`
}

// docJSON is a document as listings show it.
type docJSON struct {
	ID              int64     `json:"id"`
	Input           string    `json:"input"`
	Title           string    `json:"title,omitempty"`
	Outlet          string    `json:"outlet,omitempty"`
	URL             string    `json:"url,omitempty"`
	Author          string    `json:"author,omitempty"`
	Published       string    `json:"published,omitempty"`
	PublishedSource string    `json:"published_source,omitempty"`
	Family          int64     `json:"family,omitempty"`
	Hash            string    `json:"hash"`
	IngestedAt      time.Time `json:"ingested_at"`
}

type documentsJSON struct {
	Documents  []docJSON `json:"documents"`
	NextOffset *int      `json:"next_offset,omitempty"`
}

// documentJSON is one document with its text, record and mentions (offsets
// in code points into text).
type documentJSON struct {
	Document docJSON        `json:"document"`
	Text     string         `json:"text"`
	Record   *sitrep.Record `json:"record"`
	Mentions []mentionJSON  `json:"mentions"`
}

// mentionJSON is one recognised span of a document.
type mentionJSON struct {
	Kind  string `json:"kind"` // actor, place or time
	Ref   string `json:"ref"`  // actor id, place id or TIMEX3 value
	Name  string `json:"name"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

type familyJSON struct {
	ID   int64   `json:"id"`
	Docs []int64 `json:"docs"`
}

type familiesJSON struct {
	Families []familyJSON `json:"families"`
	Total    int          `json:"total"`
}

type episodesJSON struct {
	Episodes []sitrep.Episode `json:"episodes"`
	Total    int              `json:"total"`
}

// searchHitJSON is one document found; Snippet is plain text, Parts the
// same text cut into matched and unmatched pieces for highlighting.
type searchHitJSON struct {
	Document docJSON       `json:"document"`
	Snippet  string        `json:"snippet"`
	Parts    []snippetPart `json:"parts"`
	Score    float64       `json:"score"`
}

type snippetPart struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

type searchJSON struct {
	Query string          `json:"query"`
	Hits  []searchHitJSON `json:"hits"`
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// nextOffset is the offset of the page after one of n items asked as p.
func nextOffset(p sitrep.Page, n int) *int {
	if n < p.Limit {
		return nil
	}
	o := p.Offset + n
	return &o
}

// window cuts a page out of a listing the store returns whole.
func window[T any](items []T, p sitrep.Page) []T {
	if p.Offset >= len(items) {
		return []T{}
	}
	items = items[p.Offset:]
	if len(items) > p.Limit {
		items = items[:p.Limit]
	}
	return items
}

func (s *server) index(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, indexJSON{Name: "sitrep API v1", OpenAPI: Prefix + "/openapi.json", Routes: s.routeNames})
	return nil
}

func (s *server) events(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r.URL.Query())
	f := q.pictureFilter()
	f.Limit = q.limit()
	f.Cursor = q.cursor()
	summary := q.boolean("summary")
	if err := q.Err(); err != nil {
		return err
	}
	// The filter, validated and normalised, is the key of the encoded
	// page: equal queries spelt differently share it.
	kf := f
	kf.BBox = nil
	key := fmt.Sprintf("events %t %+v", summary, kf)
	if f.BBox != nil {
		key += fmt.Sprintf(" %+v", *f.BBox)
	}
	v, err := s.cachedValue(key, pageTTL, func() (any, error) {
		list := s.store.PictureEvents
		if summary {
			list = s.pictureSummaries
		}
		page, err := list(r.Context(), f)
		if err != nil {
			return nil, err
		}
		return json.Marshal(eventsJSON{Events: orEmpty(page.Events), Next: page.Next, Total: page.Total})
	})
	if err != nil {
		return err
	}
	writeJSONBytes(w, http.StatusOK, v.([]byte))
	return nil
}

// pictureSummaries lists picture events with their fused fields only: by
// the store when it can (sitrep.PictureStats, which does not decode the
// reports), else from the full listing.
func (s *server) pictureSummaries(ctx context.Context, f sitrep.PictureFilter) (sitrep.PicturePage, error) {
	if ps, ok := s.store.(sitrep.PictureStats); ok {
		return ps.PictureSummaries(ctx, f)
	}
	page, err := s.store.PictureEvents(ctx, f)
	for i := range page.Events {
		e := &page.Events[i]
		e.Reports, e.Dates, e.Places, e.Types, e.FatalityValues, e.Conflicts = nil, nil, nil, nil, nil, nil
	}
	return page, err
}

// maxEventDocs bounds the documents (and their claims) an event's page
// lists: a much-reported incident keeps all its reports, but the page
// stays readable.
const maxEventDocs = 100

func (s *server) event(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	ctx := r.Context()
	ev, err := s.store.PictureEvent(ctx, id)
	if err != nil {
		return err
	}
	out := eventJSON{Event: ev}
	if out.Ledger, err = s.store.Quantities(ctx, sitrep.QuantityFilter{Event: id}); err != nil {
		return err
	}
	out.Ledger = orEmpty(out.Ledger)
	out.Claims, out.Documents = []claimJSON{}, []docJSON{}
	var ids []int64
	seen := map[int64]bool{}
	for _, rep := range ev.Reports {
		did, err := strconv.ParseInt(rep.DocID, 10, 64)
		if err != nil || seen[did] || len(ids) >= maxEventDocs {
			continue
		}
		seen[did] = true
		ids = append(ids, did)
	}
	docs, err := s.documentsByID(ctx, ids)
	if err != nil {
		return err
	}
	for _, d := range docs {
		out.Documents = append(out.Documents, docOf(d))
		cls, err := s.store.Claims(ctx, sitrep.ClaimFilter{DocID: d.ID})
		if err != nil {
			return err
		}
		for _, c := range cls {
			out.Claims = append(out.Claims, claimOf(c))
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// documentsByID reads the listed documents in the order of ids, leaving
// out those gone since the picture was built: in one query when the store
// offers it (sitrep.PictureStats), else one by one.
func (s *server) documentsByID(ctx context.Context, ids []int64) ([]sitrep.StoredDoc, error) {
	if ps, ok := s.store.(sitrep.PictureStats); ok {
		return ps.DocumentsByID(ctx, ids)
	}
	var out []sitrep.StoredDoc
	for _, id := range ids {
		d, err := s.store.Document(ctx, id)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func (s *server) reports(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r.URL.Query())
	var f sitrep.EventFilter
	f.From, f.To = q.dateRange()
	f.Type = q.eventType()
	f.Actor = q.text("actor")
	f.Place = q.text("place")
	f.Contested = q.boolean("contested")
	f.DocID = q.id("doc")
	f.Cluster = q.id("event")
	f.Page = q.page()
	if err := q.Err(); err != nil {
		return err
	}
	evs, err := s.store.Events(r.Context(), f)
	if err != nil {
		return err
	}
	out := reportsJSON{Reports: make([]reportJSON, len(evs)), NextOffset: nextOffset(f.Page, len(evs))}
	for i, e := range evs {
		out.Reports[i] = reportJSON{e.RowID, e.DocID, e.Published, e.PlaceID, e.Cluster, e.Contested, e.Event}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

var claimKinds = []string{sitrep.ClaimCasualty, sitrep.ClaimAccusation, sitrep.ClaimDenial, sitrep.ClaimThreat, sitrep.ClaimDemand, sitrep.ClaimAssessment}

func claimOf(c sitrep.StoredClaim) claimJSON {
	return claimJSON{c.RowID, c.DocID, c.Published, c.Contested, c.Claim}
}

func (s *server) claims(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r.URL.Query())
	var f sitrep.ClaimFilter
	f.From, f.To = q.dateRange()
	if q.v.Get("kind") != "" {
		f.Kind = q.oneOf("kind", "", claimKinds...)
	}
	f.Claimant = q.text("claimant")
	f.About = q.text("about")
	f.Actor = q.text("actor")
	f.DocID = q.id("doc")
	f.Contested = q.boolean("contested")
	f.Page = q.page()
	if err := q.Err(); err != nil {
		return err
	}
	cls, err := s.store.Claims(r.Context(), f)
	if err != nil {
		return err
	}
	out := claimsJSON{Claims: make([]claimJSON, len(cls)), NextOffset: nextOffset(f.Page, len(cls))}
	for i, c := range cls {
		out.Claims[i] = claimOf(c)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) ledger(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r.URL.Query())
	var f sitrep.QuantityFilter
	f.Event = q.id("event")
	f.Contested = q.boolean("contested")
	f.Page = q.page()
	if err := q.Err(); err != nil {
		return err
	}
	qs, err := s.store.Quantities(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ledgerJSON{Quantities: orEmpty(qs), NextOffset: nextOffset(f.Page, len(qs))})
	return nil
}

var actorTypes = []string{string(sitrep.ActorState), string(sitrep.ActorArmedGroup), string(sitrep.ActorPolitical),
	string(sitrep.ActorPerson), string(sitrep.ActorOrganisation), string(sitrep.ActorCivilians), string(sitrep.ActorOther)}

func (s *server) actors(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r.URL.Query())
	typ := ""
	if q.v.Get("type") != "" {
		typ = q.oneOf("type", "", actorTypes...)
	}
	p := q.page()
	if err := q.Err(); err != nil {
		return err
	}
	all, err := s.store.Actors(r.Context())
	if err != nil {
		return err
	}
	var list []actorJSON
	for _, a := range all {
		if typ == "" || string(a.Type) == typ {
			list = append(list, actorJSON(a))
		}
	}
	writeJSON(w, http.StatusOK, actorsJSON{Actors: window(list, p), Total: len(list)})
	return nil
}

// docOf is a stored document as the API lists it.
func docOf(d sitrep.StoredDoc) docJSON {
	return docJSON{
		ID: d.ID, Input: d.Doc.ID, Title: d.Doc.Title, Outlet: d.Doc.Outlet, URL: d.Doc.URL, Author: d.Doc.Author,
		Published: publishedOf(d.Doc), PublishedSource: d.Doc.PublishedSource, Family: d.Family, Hash: d.Hash,
		IngestedAt: d.IngestedAt,
	}
}

// publishedOf writes a publication date as precisely as it is known.
func publishedOf(d sitrep.Document) string {
	if d.Published.IsZero() {
		return ""
	}
	switch d.PublishedGranularity {
	case sitrep.GranularityMonth:
		return d.Published.Format("2006-01")
	case sitrep.GranularityYear:
		return d.Published.Format("2006")
	}
	return d.Published.Format(time.DateOnly)
}

func (s *server) documents(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r.URL.Query())
	var f sitrep.DocumentFilter
	f.From, f.To = q.dateRange()
	f.Outlet = q.text("outlet")
	f.Actor = q.text("actor")
	f.Family = q.id("family")
	f.Page = q.page()
	f.AfterID = q.integer("after", 0, 0, 1<<62)
	if err := q.Err(); err != nil {
		return err
	}
	docs, err := s.store.Documents(r.Context(), f)
	if err != nil {
		return err
	}
	out := documentsJSON{Documents: make([]docJSON, len(docs)), NextOffset: nextOffset(f.Page, len(docs))}
	for i, d := range docs {
		out.Documents[i] = docOf(d)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) document(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	ctx := r.Context()
	d, err := s.store.Document(ctx, id)
	if err != nil {
		return err
	}
	ms, err := s.store.Mentions(ctx, id)
	if err != nil {
		return err
	}
	out := documentJSON{Document: docOf(d), Text: d.Doc.Text, Record: d.Record, Mentions: make([]mentionJSON, len(ms))}
	for i, m := range ms {
		out.Mentions[i] = mentionJSON(m)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) families(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r.URL.Query())
	p := q.page()
	if err := q.Err(); err != nil {
		return err
	}
	fams, err := s.store.Families(r.Context())
	if err != nil {
		return err
	}
	list := make([]familyJSON, len(fams))
	for i, f := range fams {
		list[i] = familyJSON{f.ID, orEmpty(f.Docs)}
	}
	writeJSON(w, http.StatusOK, familiesJSON{Families: window(list, p), Total: len(list)})
	return nil
}

func (s *server) episodes(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r.URL.Query())
	p := q.page()
	if err := q.Err(); err != nil {
		return err
	}
	eps, err := s.store.Episodes(r.Context())
	if err != nil {
		return err
	}
	for i := range eps {
		eps[i].Events = orEmpty(eps[i].Events)
	}
	writeJSON(w, http.StatusOK, episodesJSON{Episodes: window(orEmpty(eps), p), Total: len(eps)})
	return nil
}

// Snippet marks: private-use characters, cut out of the snippet into
// Parts, so that no text a document holds can pose as a mark.
const (
	markOpen  = "\uE000"
	markClose = "\uE001"
)

func (s *server) search(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r.URL.Query())
	text := q.text("q")
	literal := q.boolean("literal")
	limit := int(q.integer("limit", 20, 1, 100))
	if err := q.Err(); err != nil {
		return err
	}
	if text == "" {
		return badParam("q", "q: say what to search for")
	}
	// The marks are stripped from what the user typed too.
	text = strings.NewReplacer(markOpen, "", markClose, "").Replace(text)
	sq := sitrep.SearchQuery{Text: text, Syntax: !literal && sitrep.UsesSearchSyntax(text), Limit: limit, Open: markOpen, Close: markClose}
	hits, err := s.store.Search(r.Context(), sq)
	if err != nil {
		if isBadQuery(err) {
			msg := badQueryMessage(err)
			if sq.Syntax {
				msg += " (set literal=true to match the words as typed)"
			}
			return badParam("q", "%s", msg)
		}
		return err
	}
	out := searchJSON{Query: text, Hits: make([]searchHitJSON, len(hits))}
	for i, h := range hits {
		parts := splitSnippet(h.Snippet)
		var plain strings.Builder
		for _, p := range parts {
			plain.WriteString(p.Text)
		}
		out.Hits[i] = searchHitJSON{Document: docOf(h.Doc), Snippet: plain.String(), Parts: parts, Score: h.Score}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// splitSnippet cuts a marked snippet into pieces.
func splitSnippet(s string) []snippetPart {
	parts := []snippetPart{}
	for s != "" {
		i := strings.Index(s, markOpen)
		if i < 0 {
			parts = append(parts, snippetPart{Text: s})
			break
		}
		if i > 0 {
			parts = append(parts, snippetPart{Text: s[:i]})
		}
		s = s[i+len(markOpen):]
		j := strings.Index(s, markClose)
		if j < 0 {
			j = len(s)
		}
		if j > 0 {
			parts = append(parts, snippetPart{Text: s[:j], Match: true})
		}
		s = strings.TrimPrefix(s[j:], markClose)
	}
	return parts
}

// places summarises where the picture events happened, from the events
// themselves (the store keeps no place listing).
type placeJSON struct {
	Name        string   `json:"name"`
	Admin1      string   `json:"admin1,omitempty"`
	Admin2      string   `json:"admin2,omitempty"`
	Country     string   `json:"country,omitempty"`
	CountryCode string   `json:"country_code,omitempty"`
	Latitude    *float64 `json:"latitude"`
	Longitude   *float64 `json:"longitude"`
	Events      int      `json:"events"`
	Fatalities  int      `json:"fatalities"`
	// First and Last are the earliest and latest event dates, empty when
	// no event there is dated.
	First string `json:"first,omitempty"`
	Last  string `json:"last,omitempty"`
}

type placesJSON struct {
	Places []placeJSON `json:"places"`
	Total  int         `json:"total"`
}

func (s *server) places(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r.URL.Query())
	country := q.text("country")
	p := q.page()
	if err := q.Err(); err != nil {
		return err
	}
	v, err := s.cachedValue("places", aggregateTTL, func() (any, error) { return s.placeList(r.Context()) })
	if err != nil {
		return err
	}
	all := v.([]placeJSON)
	list := all
	if country != "" {
		list = nil
		for _, pl := range all {
			if strings.EqualFold(pl.CountryCode, country) || strings.EqualFold(pl.Country, country) {
				list = append(list, pl)
			}
		}
	}
	writeJSON(w, http.StatusOK, placesJSON{Places: window(list, p), Total: len(list)})
	return nil
}

// allPictureEvents pages through the picture events matching f.
func (s *server) allPictureEvents(ctx context.Context, f sitrep.PictureFilter, each func(*sitrep.PictureEvent) error) error {
	return s.allPictures(ctx, f, false, each)
}

// allPictures pages through the picture events matching f, whole or as
// summaries (fused fields only).
func (s *server) allPictures(ctx context.Context, f sitrep.PictureFilter, summaries bool, each func(*sitrep.PictureEvent) error) error {
	f.Limit = maxLimit
	f.Cursor = ""
	list := s.store.PictureEvents
	if summaries {
		list = s.pictureSummaries
	}
	for {
		page, err := list(ctx, f)
		if err != nil {
			return err
		}
		for i := range page.Events {
			if err := each(&page.Events[i]); err != nil {
				return err
			}
		}
		if page.Next == "" || len(page.Events) == 0 {
			return nil
		}
		f.Cursor = page.Next
	}
}

func (s *server) placeList(ctx context.Context) ([]placeJSON, error) {
	byKey := map[string]*placeJSON{}
	err := s.allPictures(ctx, sitrep.PictureFilter{}, true, func(e *sitrep.PictureEvent) error {
		if e.Location == "" && e.Admin1 == "" && e.Country == "" {
			return nil
		}
		key := strings.ToLower(e.Location + "\x00" + e.Admin1 + "\x00" + e.CountryCode)
		pl := byKey[key]
		if pl == nil {
			name := cmp.Or(e.Location, e.Admin2, e.Admin1, e.Country)
			pl = &placeJSON{Name: name, Admin1: e.Admin1, Admin2: e.Admin2, Country: e.Country, CountryCode: e.CountryCode,
				Latitude: e.Latitude, Longitude: e.Longitude}
			byKey[key] = pl
		}
		pl.Events++
		if e.Fatalities != nil {
			pl.Fatalities += *e.Fatalities
		}
		if e.EventDate != nil {
			d := *e.EventDate
			if pl.First == "" || d < pl.First {
				pl.First = d
			}
			if d > pl.Last {
				pl.Last = d
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	list := make([]placeJSON, 0, len(byKey))
	for _, pl := range byKey {
		list = append(list, *pl)
	}
	slices.SortFunc(list, func(a, b placeJSON) int {
		return cmp.Or(cmp.Compare(b.Events, a.Events), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Admin1, b.Admin1), cmp.Compare(a.CountryCode, b.CountryCode))
	})
	return list, nil
}
