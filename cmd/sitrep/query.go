package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/export"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// queryFlags are shared by the query commands.
type queryFlags struct {
	dbFlag
	Format string `help:"Output format: table, csv, json, jsonl or geojson (events only)." enum:"table,csv,json,jsonl,geojson" default:"table" short:"f"`
	Limit  int    `help:"At most this many results (0: all)." default:"0"`
}

// dateFlags bound results by date.
type dateFlags struct {
	From string `help:"Only from this date on (YYYY, YYYY-MM or YYYY-MM-DD)." placeholder:"DATE"`
	To   string `help:"Only up to this date, inclusive (YYYY, YYYY-MM or YYYY-MM-DD)." placeholder:"DATE"`
}

// openStore opens an existing database for reading: a query must not
// create an empty one where the user mistyped a path.
func (q queryFlags) openStore() (*sqlite.Store, error) {
	if q.Limit < 0 {
		return nil, usageError{"--limit must not be negative"}
	}
	if _, err := os.Stat(q.DB); err != nil {
		return nil, usageError{fmt.Sprintf("no database at %s (run `sitrep ingest` first, or give --db): %v", q.DB, errors.Unwrap(err))}
	}
	return sqlite.Open(q.DB)
}

// queryError turns the store's refusal of a filter into a usage error.
func queryError(err error) error {
	if errors.Is(err, sitrep.ErrBadQuery) {
		return usageError{err.Error()}
	}
	return err
}

// output buffers standard output for one command.
func queryOutput() (*bufio.Writer, func() error) {
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	return w, w.Flush
}

type eventsCmd struct {
	queryFlags
	dateFlags
	Actor     string `help:"Only events with this actor (id) as actor 1, actor 2 or associate."`
	Place     string `help:"Only events at this place: a place id or a name (location, district, province or country)."`
	Type      string `help:"Only events of this event type or sub-event type (ACLED names, any case)."`
	Contested bool   `help:"Only events whose reports conflict or whose figures are disputed."`
	Cluster   int64  `help:"Only the reports of this picture event."`
}

func (c *eventsCmd) Run(log *slog.Logger) error {
	st, err := c.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	evs, err := st.Events(ctx, sitrep.EventFilter{
		From: c.From, To: c.To, Actor: c.Actor, Place: c.Place, Type: c.Type,
		Contested: c.Contested, Cluster: c.Cluster, Page: sitrep.Page{Limit: c.Limit},
	})
	if err != nil {
		return queryError(err)
	}
	w, flush := queryOutput()
	defer flush()
	switch c.Format {
	case "table":
		return eventTable(w, evs)
	case "json":
		out := make([]storedEventJSON, len(evs))
		for i, e := range evs {
			out[i] = storedEventJSON{e.RowID, e.DocID, e.Published, e.PlaceID, e.Cluster, e.Contested, e.Event}
		}
		return writeJSONArray(w, out)
	}
	rows, err := eventRows(ctx, st, evs)
	if err != nil {
		return err
	}
	rw, err := export.NewWriter(c.Format, w)
	if err != nil {
		return usageError{err.Error()}
	}
	for _, r := range rows {
		if err := rw.Write(r); err != nil {
			return err
		}
	}
	if err := rw.Close(); err != nil {
		return err
	}
	if g, ok := rw.(*export.GeoJSONWriter); ok && g.Skipped() > 0 {
		fmt.Fprintf(os.Stderr, "sitrep: %d events without coordinates left out of the GeoJSON\n", g.Skipped())
	}
	return flush()
}

// storedEventJSON is a stored event as --format json prints it.
type storedEventJSON struct {
	RowID     int64        `json:"row_id"`
	DocID     int64        `json:"doc_id"`
	Published string       `json:"published,omitempty"`
	PlaceID   string       `json:"place_id,omitempty"`
	Cluster   int64        `json:"picture_event,omitempty"`
	Contested bool         `json:"contested"`
	Event     sitrep.Event `json:"event"`
}

// storedClaimJSON is a stored claim as --format json and jsonl print it.
type storedClaimJSON struct {
	RowID     int64        `json:"row_id"`
	DocID     int64        `json:"doc_id"`
	Published string       `json:"published,omitempty"`
	Contested bool         `json:"contested"`
	Claim     sitrep.Claim `json:"claim"`
}

// actorJSON is an actor summary as --format json and jsonl print it.
type actorJSON struct {
	ID        string           `json:"id"`
	Name      string           `json:"name"`
	Type      sitrep.ActorType `json:"type"`
	Country   string           `json:"country,omitempty"`
	Documents int              `json:"documents"`
	Mentions  int              `json:"mentions"`
	Events    int              `json:"events"`
}

// eventRows turns stored events into export rows citing their document,
// with the actors' types for ACLED's inter codes.
func eventRows(ctx context.Context, st sitrep.Store, evs []sitrep.StoredEvent) ([]export.Row, error) {
	actors, err := st.Actors(ctx)
	if err != nil {
		return nil, err
	}
	info := make(map[string]export.ActorInfo, len(actors))
	for _, a := range actors {
		info[a.ID] = export.ActorInfo{Type: a.Type, Country: a.Country}
	}
	docs := map[int64]export.Source{}
	rows := make([]export.Row, 0, len(evs))
	for _, e := range evs {
		src, ok := docs[e.DocID]
		if !ok {
			d, err := st.Document(ctx, e.DocID)
			if err != nil {
				return nil, err
			}
			src = export.Source{DocID: d.Doc.ID, Outlet: d.Doc.Outlet, URL: d.Doc.URL, Published: e.Published}
			docs[e.DocID] = src
		}
		rows = append(rows, export.ReportRow(e, src, info))
	}
	return rows, nil
}

func eventTable(w io.Writer, evs []sitrep.StoredEvent) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tTYPE\tPLACE\tACTOR 1\tACTOR 2\tFATAL\tPICTURE\tDOC")
	for _, e := range evs {
		ev := e.Event
		date := "-"
		if ev.EventDate != nil {
			date = *ev.EventDate
		}
		typ := ev.SubEventType
		if typ == "" {
			typ = ev.EventType
		}
		place := strings.Join(nonEmptyOrDash(ev.Location, ev.Admin1, ev.CountryCode), ", ")
		fatal := "-"
		if ev.Fatalities != nil {
			fatal = strconv.Itoa(*ev.Fatalities)
		}
		pic := "-"
		if e.Cluster != 0 {
			pic = strconv.FormatInt(e.Cluster, 10)
		}
		if e.Contested {
			pic += " contested"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", date, cellText(typ, 32), cellText(place, 40),
			cellText(actorRefName(ev.Actor1), 30), cellText(actorRefName(ev.Actor2), 30), fatal, pic, e.DocID)
	}
	return tw.Flush()
}

func nonEmptyOrDash(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return []string{"-"}
	}
	return out
}

func actorRefName(r *sitrep.ActorRef) string {
	if r == nil {
		return "-"
	}
	if r.Name != "" {
		return r.Name
	}
	return r.ID
}

// clip shortens s for a table cell, on a rune boundary, and flattens it to
// one line.
func cellText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func writeJSONArray(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeRows writes a listing that is not an event export: table, CSV with
// a header, JSON (one array) or JSON Lines (one object per line).
func writeRows[T any](w io.Writer, format string, items []T, header []string, cells func(T) []string) error {
	switch format {
	case "json":
		if items == nil {
			items = []T{}
		}
		return writeJSONArray(w, items)
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, it := range items {
			if err := enc.Encode(it); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(header)
		for _, it := range items {
			cw.Write(cells(it))
		}
		cw.Flush()
		return cw.Error()
	case "table":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.ToUpper(strings.Join(header, "\t")))
		for _, it := range items {
			cs := cells(it)
			for i := range cs {
				cs[i] = cellText(cs[i], 60)
				if cs[i] == "" {
					cs[i] = "-"
				}
			}
			fmt.Fprintln(tw, strings.Join(cs, "\t"))
		}
		return tw.Flush()
	}
	return usageError{fmt.Sprintf("--format %s is only for events; use table, csv, json or jsonl", format)}
}

type claimsCmd struct {
	queryFlags
	dateFlags
	Actor     string `help:"Only claims by or about this actor (id)."`
	Claimant  string `help:"Only claims by this actor (id)."`
	About     string `help:"Only claims about this actor (id)."`
	Kind      string `help:"Only claims of this kind: casualty, accusation, denial, threat, demand or assessment."`
	Contested bool   `help:"Only claims stating a figure another claimant disputes."`
}

var claimKinds = []string{sitrep.ClaimCasualty, sitrep.ClaimAccusation, sitrep.ClaimDenial, sitrep.ClaimThreat, sitrep.ClaimDemand, sitrep.ClaimAssessment}

func (c *claimsCmd) Run(log *slog.Logger) error {
	if c.Kind != "" {
		k := strings.ToLower(c.Kind)
		ok := false
		for _, want := range claimKinds {
			ok = ok || k == want
		}
		if !ok {
			return usageError{fmt.Sprintf("--kind %q: want one of %s", c.Kind, strings.Join(claimKinds, ", "))}
		}
		c.Kind = k
	}
	if c.Format == "geojson" {
		return usageError{"--format geojson is only for events"}
	}
	st, err := c.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	claims, err := st.Claims(context.Background(), sitrep.ClaimFilter{
		From: c.From, To: c.To, Kind: c.Kind, Claimant: c.Claimant, About: c.About, Actor: c.Actor,
		Contested: c.Contested, Page: sitrep.Page{Limit: c.Limit},
	})
	if err != nil {
		return queryError(err)
	}
	w, flush := queryOutput()
	defer flush()
	rows := make([]storedClaimJSON, len(claims))
	for i, cl := range claims {
		rows[i] = storedClaimJSON{cl.RowID, cl.DocID, cl.Published, cl.Contested, cl.Claim}
	}
	if err := writeRows(w, c.Format, rows, []string{"published", "kind", "claimant", "about", "contested", "doc", "figures", "text"},
		func(cl storedClaimJSON) []string {
			// The counts a claim gives besides its casualties, which may
			// follow the statement ("…said attacks surged, with hundreds
			// of incidents").
			figs := make([]string, len(cl.Claim.Tallies))
			for i, t := range cl.Claim.Tallies {
				figs[i] = t.Text
			}
			return []string{cl.Published, cl.Claim.Kind, actorRefName(cl.Claim.Claimant), actorRefName(cl.Claim.About),
				yesNoCell(cl.Contested), strconv.FormatInt(cl.DocID, 10), strings.Join(figs, "; "), cl.Claim.Text}
		}); err != nil {
		return err
	}
	return flush()
}

func yesNoCell(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

type actorsCmd struct {
	queryFlags
}

func (c *actorsCmd) Run(log *slog.Logger) error {
	if c.Format == "geojson" {
		return usageError{"--format geojson is only for events"}
	}
	st, err := c.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	actors, err := st.Actors(context.Background())
	if err != nil {
		return queryError(err)
	}
	if c.Limit > 0 && len(actors) > c.Limit {
		actors = actors[:c.Limit]
	}
	w, flush := queryOutput()
	defer flush()
	rows := make([]actorJSON, len(actors))
	for i, a := range actors {
		rows[i] = actorJSON(a)
	}
	if err := writeRows(w, c.Format, rows, []string{"id", "name", "type", "country", "documents", "mentions", "events"},
		func(a actorJSON) []string {
			return []string{a.ID, a.Name, string(a.Type), a.Country, strconv.Itoa(a.Documents), strconv.Itoa(a.Mentions), strconv.Itoa(a.Events)}
		}); err != nil {
		return err
	}
	return flush()
}

type documentsCmd struct {
	queryFlags
	dateFlags
	Actor  string `help:"Only documents mentioning this actor (id)."`
	Outlet string `help:"Only documents of this outlet (any case)."`
	Family int64  `help:"Only the documents of this rewrite family."`
}

// docRow is a document as the listings print it.
type docRow struct {
	ID        int64    `json:"id"`
	Input     string   `json:"input"`
	Title     string   `json:"title,omitempty"`
	Outlet    string   `json:"outlet,omitempty"`
	URL       string   `json:"url,omitempty"`
	Published string   `json:"published,omitempty"`
	Family    int64    `json:"family,omitempty"`
	Hash      string   `json:"hash,omitempty"`
	Snippet   string   `json:"snippet,omitempty"`
	Score     *float64 `json:"score,omitempty"`
}

func docRowOf(d sitrep.StoredDoc) docRow {
	r := docRow{ID: d.ID, Input: d.Doc.ID, Title: d.Doc.Title, Outlet: d.Doc.Outlet, URL: d.Doc.URL, Family: d.Family, Hash: d.Hash}
	if !d.Doc.Published.IsZero() {
		r.Published = d.Doc.Published.Format("2006-01-02")
	}
	return r
}

func (c *documentsCmd) Run(log *slog.Logger) error {
	if c.Format == "geojson" {
		return usageError{"--format geojson is only for events"}
	}
	st, err := c.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	docs, err := st.Documents(context.Background(), sitrep.DocumentFilter{
		From: c.From, To: c.To, Actor: c.Actor, Outlet: c.Outlet, Family: c.Family, Page: sitrep.Page{Limit: c.Limit},
	})
	if err != nil {
		return queryError(err)
	}
	rows := make([]docRow, len(docs))
	for i, d := range docs {
		rows[i] = docRowOf(d)
	}
	w, flush := queryOutput()
	defer flush()
	if err := writeRows(w, c.Format, rows, []string{"id", "published", "outlet", "family", "title", "input"},
		func(r docRow) []string {
			fam := ""
			if r.Family != 0 {
				fam = strconv.FormatInt(r.Family, 10)
			}
			return []string{strconv.FormatInt(r.ID, 10), r.Published, r.Outlet, fam, r.Title, r.Input}
		}); err != nil {
		return err
	}
	return flush()
}

type searchCmd struct {
	queryFlags
	Query   []string `arg:"" help:"What to find. Words are all required; AND, OR, NOT, \"phrases\", NEAR and prefix* are understood as full-text query syntax."`
	Literal bool     `help:"Match every word literally, even AND, OR, NOT and quotes."`
}

func (c *searchCmd) Run(log *slog.Logger) error {
	if c.Format == "geojson" {
		return usageError{"--format geojson is only for events"}
	}
	q := strings.TrimSpace(strings.Join(c.Query, " "))
	if q == "" {
		return usageError{"search: empty query"}
	}
	st, err := c.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	sq := sitrep.SearchQuery{Text: q, Syntax: !c.Literal && sitrep.UsesSearchSyntax(q), Limit: c.Limit}
	if c.Format == "table" {
		sq.Open, sq.Close = "[", "]"
	}
	hits, err := st.Search(context.Background(), sq)
	if err != nil {
		err = queryError(err)
		if ue, ok := err.(usageError); ok && sq.Syntax {
			ue.msg += " (use --literal to match the words as typed)"
			return ue
		}
		return err
	}
	rows := make([]docRow, len(hits))
	for i, h := range hits {
		rows[i] = docRowOf(h.Doc)
		rows[i].Snippet = h.Snippet
		rows[i].Score = &hits[i].Score
	}
	w, flush := queryOutput()
	defer flush()
	if err := writeRows(w, c.Format, rows, []string{"id", "published", "title", "snippet"},
		func(r docRow) []string {
			return []string{strconv.FormatInt(r.ID, 10), r.Published, r.Title, r.Snippet}
		}); err != nil {
		return err
	}
	return flush()
}
