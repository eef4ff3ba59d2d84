package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/export"
)

// exportTypes are the response types of the export formats.
var exportTypes = map[string]struct{ ctype, ext string }{
	"csv":     {"text/csv; charset=utf-8", "csv"},
	"geojson": {"application/geo+json", "geojson"},
	"jsonl":   {"application/jsonl; charset=utf-8", "jsonl"},
}

// export streams the events matching the filters in one of the export
// formats: the picture events (level=picture, the default), or every
// document's own events (level=report).
func (s *server) export(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r.URL.Query())
	format := q.oneOf("format", "csv", export.Formats...)
	level := q.oneOf("level", "picture", "picture", "report")
	f := q.pictureFilter()
	if err := q.Err(); err != nil {
		return err
	}
	if level == "report" {
		for _, p := range []string{"bbox", "episode", "sort"} {
			if q.v.Has(p) {
				return badParam(p, "%s: only for level=picture", p)
			}
		}
	}
	ctx := r.Context()
	// Everything that can fail cleanly is read before the first byte.
	info, err := s.actorInfo(ctx)
	if err != nil {
		return err
	}
	docs, err := s.docSources(ctx)
	if err != nil {
		return err
	}
	// A bad filter or cursor is refused by the store on the first page:
	// ask for it before the headers go out.
	probe := f
	probe.Limit = 1
	if level == "picture" {
		if _, err := s.store.PictureEvents(ctx, probe); err != nil {
			return err
		}
	}
	et := exportTypes[format]
	h := w.Header()
	h.Set("Content-Type", et.ctype)
	h.Set("Content-Disposition", `attachment; filename="sitrep-events.`+et.ext+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	sw := &sentWriter{w: w}
	rw, err := export.NewWriter(format, sw)
	if err != nil {
		return err
	}
	if level == "picture" {
		err = s.allPictureEvents(ctx, f, func(e *sitrep.PictureEvent) error {
			// The listing leaves evidence out; the notes column wants it.
			full, err := s.store.PictureEvent(ctx, e.ID)
			if err != nil {
				if isNotFound(err) {
					full = *e // rebuilt since the listing: export what was listed
				} else {
					return err
				}
			}
			return rw.Write(pictureRow(&full, info, docs))
		})
	} else {
		err = s.exportReports(ctx, f, rw, info, docs)
	}
	if err == nil {
		err = rw.Close()
	}
	if err != nil && !sw.sent {
		h.Del("Content-Disposition")
		return err
	}
	if err != nil {
		// The status is sent: cut the connection so the client sees an
		// incomplete body rather than a short file that looks whole.
		s.log.Error("api: export failed midway", "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// sentWriter tells whether anything was written.
type sentWriter struct {
	w    http.ResponseWriter
	sent bool
}

func (s *sentWriter) Write(b []byte) (int, error) {
	s.sent = s.sent || len(b) > 0
	return s.w.Write(b)
}

func (s *server) exportReports(ctx context.Context, pf sitrep.PictureFilter, rw export.RowWriter, info map[string]export.ActorInfo, docs map[int64]export.Source) error {
	f := sitrep.EventFilter{From: pf.From, To: pf.To, Actor: pf.Actor, Place: pf.Place, Type: pf.Type, Contested: pf.Contested}
	f.Limit = 1000
	for {
		evs, err := s.store.Events(ctx, f)
		if err != nil {
			return err
		}
		for _, e := range evs {
			src, ok := docs[e.DocID]
			if !ok {
				src = export.Source{DocID: strconv.FormatInt(e.DocID, 10)}
			}
			if err := rw.Write(export.ReportRow(e, src, info)); err != nil {
				return err
			}
		}
		if len(evs) < f.Limit {
			return nil
		}
		f.Offset += len(evs)
	}
}

// actorInfo gives the actors' types and countries, for ACLED's inter codes.
func (s *server) actorInfo(ctx context.Context) (map[string]export.ActorInfo, error) {
	actors, err := s.store.Actors(ctx)
	if err != nil {
		return nil, err
	}
	info := make(map[string]export.ActorInfo, len(actors))
	for _, a := range actors {
		info[a.ID] = export.ActorInfo{Type: a.Type, Country: a.Country}
	}
	return info, nil
}

// docSources lists every document as an export source, by store id: one
// query for the export rather than one per document.
func (s *server) docSources(ctx context.Context) (map[int64]export.Source, error) {
	docs, err := s.store.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]export.Source, len(docs))
	for _, d := range docs {
		out[d.ID] = export.Source{DocID: strconv.FormatInt(d.ID, 10), Outlet: d.Doc.Outlet, URL: d.Doc.URL, Published: publishedOf(d.Doc)}
	}
	return out, nil
}

// pictureRow is a picture event as an export row: its fused fields, the
// associated actors, fatality claims and evidence of all its reports, and
// one source per reporting document.
func pictureRow(pe *sitrep.PictureEvent, info map[string]export.ActorInfo, docs map[int64]export.Source) export.Row {
	ev := sitrep.Event{
		ID: "p" + strconv.FormatInt(pe.ID, 10), EventType: pe.EventType, SubEventType: pe.SubEventType,
		EventDate: pe.EventDate, TimePrecision: pe.TimePrecision, Actor1: pe.Actor1, Actor2: pe.Actor2,
		Country: pe.Country, CountryCode: pe.CountryCode, Admin1: pe.Admin1, Admin2: pe.Admin2, Location: pe.Location,
		Latitude: pe.Latitude, Longitude: pe.Longitude, GeoPrecision: pe.GeoPrecision, Fatalities: pe.Fatalities,
	}
	main := map[string]bool{}
	for _, a := range []*sitrep.ActorRef{pe.Actor1, pe.Actor2} {
		if a != nil {
			main[a.ID] = true
		}
	}
	seenActor := map[string]bool{}
	addAssoc := func(list *[]sitrep.ActorRef, as []sitrep.ActorRef) {
		for _, a := range as {
			if !main[a.ID] && !seenActor[a.ID] {
				seenActor[a.ID] = true
				*list = append(*list, a)
			}
		}
	}
	seenText := map[string]bool{}
	seenDoc := map[string]bool{}
	var sources []export.Source
	for _, rep := range pe.Reports {
		e := &rep.Event
		addAssoc(&ev.AssocActor1, e.AssocActor1)
		addAssoc(&ev.AssocActor2, e.AssocActor2)
		ev.FatalityClaims = append(ev.FatalityClaims, e.FatalityClaims...)
		for _, m := range e.Evidence {
			if !seenText[m.Text] {
				seenText[m.Text] = true
				ev.Evidence = append(ev.Evidence, m)
			}
		}
		ev.Confidence = max(ev.Confidence, e.Confidence)
		if seenDoc[rep.DocID] {
			continue
		}
		seenDoc[rep.DocID] = true
		src := export.Source{DocID: rep.DocID, Outlet: rep.Outlet, Published: rep.Published}
		if id, err := strconv.ParseInt(rep.DocID, 10, 64); err == nil {
			if d, ok := docs[id]; ok {
				src.URL = d.URL
				src.Outlet = cmpOr(src.Outlet, d.Outlet)
				src.Published = cmpOr(src.Published, d.Published)
			}
		}
		sources = append(sources, src)
	}
	tags := []string{"independent sources: " + strconv.Itoa(pe.Sources)}
	if len(pe.Conflicts) > 0 {
		c := slices.Clone(pe.Conflicts)
		slices.Sort(c)
		for _, x := range c {
			tags = append(tags, "disputed "+x)
		}
	}
	return export.Row{ID: ev.ID, Event: ev, Sources: sources, Actors: info, Tags: tags}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
