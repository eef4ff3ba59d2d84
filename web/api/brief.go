package api

import (
	"bytes"
	"context"
	"net/http"
	"strconv"

	sitrep "github.com/sitrep-dev/sitrep"
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
	v, err := s.cachedValue("brief", aggregateTTL, func() (any, error) { return s.briefInput(r.Context()) })
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

// briefInput reads the brief's input from the stored picture: the fused
// events, the claims ledger and the episodes as the builder stored them,
// and the claims and sources of every document. Documents are named by
// their store id, as the picture's reports name them.
func (s *server) briefInput(ctx context.Context) (brief.Input, error) {
	var in brief.Input
	err := s.allPictureEvents(ctx, sitrep.PictureFilter{}, func(e *sitrep.PictureEvent) error {
		in.Events = append(in.Events, *e)
		return nil
	})
	if err != nil {
		return in, err
	}
	if in.Ledger, err = s.store.Quantities(ctx, sitrep.QuantityFilter{}); err != nil {
		return in, err
	}
	if in.Episodes, err = s.store.Episodes(ctx); err != nil {
		return in, err
	}
	claims, err := s.store.Claims(ctx, sitrep.ClaimFilter{})
	if err != nil {
		return in, err
	}
	for _, c := range claims {
		in.Claims = append(in.Claims, brief.Claim{Kind: c.Claim.Kind, Claimant: c.Claim.Claimant, About: c.Claim.About,
			DocID: strconv.FormatInt(c.DocID, 10), Published: c.Published, Text: c.Claim.Text})
	}
	docs, err := s.store.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil {
		return in, err
	}
	for _, d := range docs {
		src := brief.Source{DocID: strconv.FormatInt(d.ID, 10), Title: d.Doc.Title, Outlet: d.Doc.Outlet, URL: d.Doc.URL,
			Published: publishedOf(d.Doc)}
		if d.Family != 0 {
			src.Family = strconv.FormatInt(d.Family, 10)
		}
		in.Sources = append(in.Sources, src)
	}
	return in, nil
}
