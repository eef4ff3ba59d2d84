package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/ingest"
)

// postedDoc is one document as a client posts it in JSON.
type postedDoc struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Text      *string `json:"text"`
	URL       string  `json:"url"`
	Outlet    string  `json:"outlet"`
	Author    string  `json:"author"`
	Published string  `json:"published"`
}

// ingestJSON is the answer of an ingest: counts, the documents added, and
// what the picture looks like afterwards.
type ingestJSON struct {
	Read    int       `json:"read"`
	Added   int       `json:"added"`
	Present int       `json:"present"`
	Docs    []docJSON `json:"documents"`
	// Picture is the state of the picture after the run.
	Picture ingestPictureJSON `json:"picture"`
	Seconds ingestTimesJSON   `json:"seconds"`
}

type ingestPictureJSON struct {
	Documents     int `json:"documents"`
	Families      int `json:"families"`
	PictureEvents int `json:"picture_events"`
	Contested     int `json:"contested"`
}

type ingestTimesJSON struct {
	Extract  float64 `json:"extract"`
	Families float64 `json:"families"`
	Fusion   float64 `json:"fusion"`
}

// acceptedTypes says what a POST may send.
const acceptedTypes = "send application/json (one document or an array), application/jsonl (one document per line, as `sitrep extract --input jsonl` reads) or text/plain (one document's text), in UTF-8"

// maxPostDocs bounds the documents of one request: each is extracted
// before the answer, and the client waits.
const maxPostDocs = 1000

// ingestDocuments stores the posted documents through the builder, which
// also updates the picture, and answers with what was added.
func (s *server) ingestDocuments(w http.ResponseWriter, r *http.Request) error {
	if s.builder == nil {
		return &apiError{Status: http.StatusServiceUnavailable, Message: "ingest is not enabled on this server (it was started read-only)"}
	}
	if r.ContentLength > s.maxBody {
		return &apiError{Status: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("request body of %d bytes is larger than the limit of %d", r.ContentLength, s.maxBody)}
	}
	ct := r.Header.Get("Content-Type")
	mt, mp, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil {
		return &apiError{Status: http.StatusUnsupportedMediaType, Message: "Content-Type missing or malformed: " + acceptedTypes}
	}
	if cs, ok := mp["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return &apiError{Status: http.StatusUnsupportedMediaType, Message: fmt.Sprintf("charset %q: send UTF-8", cs)}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	if err != nil {
		return err
	}
	q := newQuery(r.URL.Query())
	var docs []sitrep.Document
	switch mt {
	case "application/json":
		for _, name := range []string{"title", "url", "outlet", "published"} {
			if q.v.Has(name) {
				return badParam(name, "%s: give it in the JSON body, not in the URL, when posting JSON", name)
			}
		}
		docs, err = jsonDocs(body)
	case "application/jsonl", "application/x-ndjson", "application/jsonlines":
		for _, name := range []string{"title", "url", "outlet", "published"} {
			if q.v.Has(name) {
				return badParam(name, "%s: give it in each line, not in the URL, when posting JSON Lines", name)
			}
		}
		docs, err = jsonlDocs(body, s.maxBody)
	case "text/plain":
		p := postedDoc{Title: q.text("title"), URL: q.text("url"), Outlet: q.text("outlet"), Published: q.text("published")}
		if err := q.Err(); err != nil {
			return err
		}
		text := string(body)
		p.Text = &text
		var d sitrep.Document
		d, err = p.document("")
		docs = []sitrep.Document{d}
	default:
		return &apiError{Status: http.StatusUnsupportedMediaType, Message: fmt.Sprintf("Content-Type %s: %s", mt, acceptedTypes)}
	}
	if err != nil {
		return err
	}
	// One ingest at a time: wait for the one running unless the client
	// gives up first.
	select {
	case s.ingest <- struct{}{}:
	case <-r.Context().Done():
		return r.Context().Err()
	}
	defer func() { <-s.ingest }()
	// The run goes on when the client leaves: what was sent is stored.
	ctx := context.WithoutCancel(r.Context())
	before, err := s.maxID(ctx)
	if err != nil {
		return err
	}
	st, err := s.builder.IngestSlice(ctx, docs, nil)
	s.clearCache()
	if err != nil {
		return err
	}
	s.metrics.ingestDone(st)
	out := ingestJSON{Read: st.Read, Added: st.Added, Present: st.Present, Docs: []docJSON{},
		Picture: ingestPictureJSON{st.Documents, st.Families, st.PictureEvents, st.Contested},
		Seconds: ingestTimesJSON{st.ExtractTime.Seconds(), st.FamilyTime.Seconds(), st.FuseTime.Seconds()}}
	// The picture's size as the store reads it back, whatever the builder
	// counted.
	if ps, ok := s.store.(sitrep.PictureStats); ok {
		c, err := ps.Counts(ctx)
		if err != nil {
			return err
		}
		out.Picture = ingestPictureJSON{c.Documents, c.Families, c.Events, c.Contested}
	} else {
		for _, contested := range []bool{false, true} {
			page, err := s.store.PictureEvents(ctx, sitrep.PictureFilter{Contested: contested, Limit: 1})
			if err != nil {
				return err
			}
			if contested {
				out.Picture.Contested = page.Total
			} else {
				out.Picture.PictureEvents = page.Total
			}
		}
	}
	if st.Added > 0 {
		added, err := s.store.Documents(ctx, sitrep.DocumentFilter{Page: sitrep.Page{AfterID: before}})
		if err != nil {
			return err
		}
		for _, d := range added {
			out.Docs = append(out.Docs, docOf(d))
			s.maxDocID = max(s.maxDocID, d.ID)
		}
	}
	status := http.StatusOK
	if st.Added > 0 {
		status = http.StatusCreated
	}
	writeJSON(w, status, out)
	return nil
}

// maxID is the largest stored document id, so the documents an ingest adds
// can be listed after it (ids only grow). Read from the whole listing
// once; later ingests keep it up to date. Called with the ingest slot held.
func (s *server) maxID(ctx context.Context) (int64, error) {
	if s.maxDocID > 0 {
		// Someone else (a command-line ingest) may have added documents
		// since: look above the known maximum.
		docs, err := s.store.Documents(ctx, sitrep.DocumentFilter{Page: sitrep.Page{AfterID: s.maxDocID}})
		if err != nil {
			return 0, err
		}
		for _, d := range docs {
			s.maxDocID = max(s.maxDocID, d.ID)
		}
		return s.maxDocID, nil
	}
	docs, err := s.store.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		return 0, err
	}
	for _, d := range docs {
		s.maxDocID = max(s.maxDocID, d.ID)
	}
	return s.maxDocID, nil
}

// jsonDocs reads one document object or an array of them.
func jsonDocs(body []byte) ([]sitrep.Document, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, &apiError{Status: http.StatusBadRequest, Message: "empty body: send a document {\"text\": …} or an array of them"}
	}
	if !utf8.Valid(body) {
		return nil, &apiError{Status: http.StatusBadRequest, Message: "body is not valid UTF-8"}
	}
	var posted []postedDoc
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var err error
	if body[0] == '[' {
		err = dec.Decode(&posted)
	} else {
		var one postedDoc
		err = dec.Decode(&one)
		posted = []postedDoc{one}
	}
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value in the body")
	}
	if err != nil {
		return nil, &apiError{Status: http.StatusBadRequest, Message: "body: " + jsonProblem(err)}
	}
	if len(posted) == 0 {
		return nil, &apiError{Status: http.StatusBadRequest, Message: "body: the array holds no document"}
	}
	if len(posted) > maxPostDocs {
		return nil, &apiError{Status: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("body: %d documents, at most %d per request", len(posted), maxPostDocs)}
	}
	docs := make([]sitrep.Document, 0, len(posted))
	ids := map[string]int{}
	for i, p := range posted {
		where := ""
		if len(posted) > 1 || body[0] == '[' {
			where = fmt.Sprintf("document %d: ", i+1)
		}
		d, err := p.document(where)
		if err != nil {
			return nil, err
		}
		if j, dup := ids[d.ID]; dup {
			return nil, &apiError{Status: http.StatusBadRequest, Message: fmt.Sprintf("%sid %q is also the id of document %d", where, d.ID, j+1)}
		}
		ids[d.ID] = i
		docs = append(docs, d)
	}
	return docs, nil
}

// jsonlDocs reads JSON Lines as the command line does (ingest.ReadJSONL:
// an id and a text per line); any bad line refuses the whole body, naming
// the lines.
func jsonlDocs(body []byte, maxText int64) ([]sitrep.Document, error) {
	var docs []sitrep.Document
	var bad []string
	err := ingest.ReadJSONL(bytes.NewReader(body), "body", ingest.Options{MaxBytes: maxText}, func(d sitrep.Document) error {
		if len(docs) == maxPostDocs {
			return &apiError{Status: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("body: more than %d documents per request", maxPostDocs)}
		}
		docs = append(docs, d)
		return nil
	}, func(name string, err error) {
		if len(bad) < 5 {
			bad = append(bad, err.Error())
		} else if len(bad) == 5 {
			bad = append(bad, "…")
		}
	})
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		return nil, &apiError{Status: http.StatusBadRequest, Message: "nothing stored: " + strings.Join(bad, "; ")}
	}
	if len(docs) == 0 {
		return nil, &apiError{Status: http.StatusBadRequest, Message: "empty body: send one JSON object per line"}
	}
	return docs, nil
}

// jsonProblem words a decoding error for the client.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Sprintf("%q must be a %s", te.Field, te.Type.Kind())
		}
		return "want a JSON object (one document) or an array of objects"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "invalid JSON: unexpected end"
	}
	return "invalid JSON: " + err.Error()
}

// document checks a posted document and makes it a sitrep.Document. Its
// id is the one given, else the URL, else one made from the text's hash.
func (p postedDoc) document(where string) (sitrep.Document, error) {
	bad := func(format string, args ...any) error {
		return &apiError{Status: http.StatusBadRequest, Message: where + fmt.Sprintf(format, args...)}
	}
	if p.Text == nil {
		return sitrep.Document{}, bad("\"text\" is missing")
	}
	text := *p.Text
	if strings.TrimSpace(text) == "" {
		return sitrep.Document{}, bad("the text is empty")
	}
	if !utf8.ValidString(text) {
		return sitrep.Document{}, bad("the text is not valid UTF-8")
	}
	for _, r := range text {
		// Tabs and line ends are text; other controls are binary junk.
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			return sitrep.Document{}, bad("the text holds control character %U (is it binary?)", r)
		}
	}
	for name, v := range map[string]string{"id": p.ID, "title": p.Title, "url": p.URL, "outlet": p.Outlet, "author": p.Author} {
		if utf8.RuneCountInString(v) > 2000 {
			return sitrep.Document{}, bad("%q is longer than 2000 characters", name)
		}
	}
	d := sitrep.Document{
		ID:              strings.TrimSpace(p.ID),
		Text:            text,
		Title:           strings.TrimSpace(p.Title),
		URL:             strings.TrimSpace(p.URL),
		Outlet:          strings.TrimSpace(p.Outlet),
		Author:          strings.TrimSpace(p.Author),
		PublishedSource: sitrep.PublishedNone,
	}
	if d.URL != "" && !strings.HasPrefix(d.URL, "http://") && !strings.HasPrefix(d.URL, "https://") {
		return sitrep.Document{}, bad("url %q: want an http or https address", d.URL)
	}
	if pub := strings.TrimSpace(p.Published); pub != "" {
		t, err := ingest.ParseInputDate(pub)
		if err != nil {
			return sitrep.Document{}, bad("published %q: want YYYY-MM-DD or an RFC 3339 time", pub)
		}
		d.Published = t
		d.PublishedGranularity = sitrep.GranularityDay
		d.PublishedSource = sitrep.PublishedInput
	}
	if d.ID == "" {
		d.ID = d.URL
	}
	if d.ID == "" {
		sum := sha256.Sum256([]byte(text))
		d.ID = "api-" + hex.EncodeToString(sum[:8])
	}
	return d, nil
}

// isNotFound and isBadQuery match the store's errors.
func isNotFound(err error) bool { return errors.Is(err, sitrep.ErrNotFound) }
func isBadQuery(err error) bool { return errors.Is(err, sitrep.ErrBadQuery) }
