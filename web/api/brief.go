package api

import (
	"bytes"
	"net/http"

	"github.com/sitrep-dev/sitrep/brief"
)

// brief writes the situation brief of the stored picture, Markdown or HTML.
func (s *server) brief(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r.URL.Query())
	format := q.oneOf("format", "md", "md", "html")
	since := q.since("since")
	top := int(q.integer("top", brief.DefaultTop, 1, 50))
	if err := q.Err(); err != nil {
		return err
	}
	// One cached input per since: with a date, only what the brief keeps
	// is read (brief.Load).
	v, err := s.cachedValue("brief "+since, aggregateTTL, func() (any, error) { return brief.Load(r.Context(), s.store, since) })
	if err != nil {
		return err
	}
	in := v.(brief.Input)
	in.Since, in.Top = since, top
	write, ctype := brief.Markdown, "text/markdown; charset=utf-8"
	if format == "html" {
		write, ctype = brief.HTML, "text/html; charset=utf-8"
	}
	// The brief is short by design (its scale test keeps it so): written
	// whole before the answer, so an error is still a clean 500.
	var buf bytes.Buffer
	if err := write(&buf, in); err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(buf.Bytes())
	return nil
}
