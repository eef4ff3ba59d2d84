package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// acledColumns are ACLED's export columns in ACLED's order: "ACLED Data
// Columns at a Glance", Table 1 of the ACLED Codebook
// (https://acleddata.com/knowledge-base/codebook/), which is also the order of
// the files ACLED's export tool and API deliver since disorder_type and
// civilian_targeting were added (2022).
var acledColumns = []string{
	"event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
	"event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
	"actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
	"iso", "region", "country", "admin1", "admin2", "admin3", "location",
	"latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
	"fatalities", "tags", "timestamp",
}

// sitrepColumns follow ACLED's columns in the CSV export (CONTRACT.md):
// the exported event's id, its evidence as JSON mentions, every fatality
// claim as JSON, and its sources as JSON.
var sitrepColumns = []string{"sitrep_id", "evidence", "fatality_claims", "sources"}

// CSVColumns returns the header of the CSV export: ACLED's 31 columns in
// ACLED's order, then sitrep_id, evidence, fatality_claims and sources.
func CSVColumns() []string {
	return append(append([]string(nil), acledColumns...), sitrepColumns...)
}

// CSVOptions change how the CSV export is written. The zero value is
// ACLED's current format with the spreadsheet guard on.
type CSVOptions struct {
	// NumericInter writes inter1, inter2 and interaction as ACLED's numeric
	// codes (1–8, 12, 10 …), as its files did before 2024, instead of text.
	NumericInter bool
	// NoFormulaGuard writes text cells exactly as they are. Leave it off for
	// files a person may open in a spreadsheet (see CSVWriter).
	NoFormulaGuard bool
	// CRLF ends lines with \r\n, as RFC 4180 writes them; encoding/csv then
	// also writes newlines inside cells as \r\n and drops carriage returns
	// found in the text. The default \n is what most loaders expect and
	// keeps cell text unchanged.
	CRLF bool
	// BOM starts the file with a UTF-8 byte-order mark, which Excel needs to
	// read non-ASCII text correctly; other loaders may take it as part of the
	// first column's name.
	BOM bool
}

// CSVWriter streams rows as CSV (RFC 4180 quoting by encoding/csv): the
// header, then one line per row. Nothing is held but the current row.
//
// Spreadsheet guard: a text cell that begins with =, +, -, @, a tab or a
// carriage return would be run as a formula by Excel, LibreOffice or Google
// Sheets (CSV injection), so it is written with a leading apostrophe
// ("'=cmd|…"), which spreadsheets show as text. Cells sitrep writes as
// numbers (year, precisions, iso, coordinates, fatalities, timestamp) are
// never changed, so a negative longitude stays a number. Loaders that are
// not spreadsheets can turn the guard off with CSVOptions.NoFormulaGuard.
//
// What fills ACLED's columns: event_id_cnty is the sitrep id (sitrep has no
// ACLED numbers; it is unique, which is what loaders key on); year comes from
// event_date; disorder_type, inter1/inter2/interaction and
// civilian_targeting are derived as acled.go explains, left empty where the
// actor type does not decide them; iso (numeric, without leading zeros, as
// ACLED writes it) and region come from the country table; latitude and
// longitude only when both are valid; source names the distinct outlets
// ("; "); notes are the evidence sentences; fatalities is empty when deaths
// were reported without a number. admin3 and source_scale stay empty.
type CSVWriter struct {
	cw      *csv.Writer
	w       io.Writer
	opts    CSVOptions
	started bool
	rec     []string
	buf     bytes.Buffer
	enc     *json.Encoder
	sb      strings.Builder
	err     error
}

// NewCSVWriter returns a writer of ACLED's current format with the
// spreadsheet guard on.
func NewCSVWriter(w io.Writer) *CSVWriter { return NewCSVWriterOptions(w, CSVOptions{}) }

// NewCSVWriterOptions returns a writer with the given options.
func NewCSVWriterOptions(w io.Writer, o CSVOptions) *CSVWriter {
	c := &CSVWriter{cw: csv.NewWriter(w), w: w, opts: o}
	c.cw.UseCRLF = o.CRLF
	c.rec = make([]string, len(acledColumns)+len(sitrepColumns))
	c.enc = json.NewEncoder(&c.buf)
	c.enc.SetEscapeHTML(false)
	return c
}

func (c *CSVWriter) header() error {
	if c.started {
		return nil
	}
	c.started = true
	if c.opts.BOM {
		// Nothing is buffered in the csv writer yet, so the mark lands
		// before the header.
		if _, err := io.WriteString(c.w, "\ufeff"); err != nil {
			return err
		}
	}
	return c.cw.Write(CSVColumns())
}

// Write adds one row. The first call (or Flush) writes the header.
func (c *CSVWriter) Write(r Row) error {
	if c.err != nil {
		return c.err
	}
	if err := c.header(); err != nil {
		c.err = err
		return err
	}
	if err := c.fill(&r); err != nil {
		return err // a JSON column could not be encoded: skip the row, keep the writer usable
	}
	if err := c.cw.Write(c.rec); err != nil {
		c.err = err
		return err
	}
	return nil
}

// Flush writes out buffered lines (and the header, when no row was written)
// and reports any write error.
func (c *CSVWriter) Flush() error {
	if c.err == nil {
		c.err = c.header()
	}
	c.cw.Flush()
	if c.err != nil {
		return c.err
	}
	return c.cw.Error()
}

// Close is Flush: a CSV file needs no closing, but every format has Close
// (RowWriter).
func (c *CSVWriter) Close() error { return c.Flush() }

func (c *CSVWriter) fill(r *Row) error {
	e := &r.Event
	code := codeEvent(r)
	country, hasCountry := LookupCountry(e.CountryCode, e.Country)
	rec := c.rec
	for i := range rec {
		rec[i] = ""
	}
	text := func(i int, s string) { rec[i] = c.guard(s) }

	text(0, r.ID)
	if e.EventDate != nil {
		text(1, *e.EventDate)
		if y, _, ok := strings.Cut(*e.EventDate, "-"); ok && len(y) == 4 && allDigits(y) {
			rec[2] = y
		}
	}
	rec[3] = optInt(e.TimePrecision)
	text(4, code.disorder)
	text(5, e.EventType)
	text(6, e.SubEventType)
	if e.Actor1 != nil {
		text(7, e.Actor1.Name)
	}
	text(8, c.joinActors(e.AssocActor1))
	rec[9] = interText(code.inter1, c.opts.NumericInter, false)
	if e.Actor2 != nil {
		text(10, e.Actor2.Name)
	}
	text(11, c.joinActors(e.AssocActor2))
	rec[12] = interText(code.inter2, c.opts.NumericInter, false)
	rec[13] = interText(code.interaction, c.opts.NumericInter, true)
	if code.civilianTarget {
		rec[14] = acled.civilianTarget
	}
	if hasCountry {
		if n, err := strconv.Atoi(country.Numeric); err == nil {
			rec[15] = strconv.Itoa(n) // ACLED writes iso as a plain number: 4, not 004
		}
		text(16, country.Region)
	}
	name := e.Country
	if name == "" && hasCountry {
		name = country.Name
	}
	text(17, name)
	text(18, e.Admin1)
	text(19, e.Admin2)
	// admin3 (20) is not known to sitrep.
	text(21, e.Location)
	if lat, lon, ok := coords(e); ok {
		rec[22] = formatCoord(lat)
		rec[23] = formatCoord(lon)
	}
	rec[24] = optInt(e.GeoPrecision)
	text(25, c.joinOutlets(r.Sources))
	// source_scale (26) needs knowledge of outlets sitrep does not have.
	text(27, c.notes(e.Evidence))
	rec[28] = optInt(e.Fatalities)
	text(29, strings.Join(r.Tags, "; "))
	if !r.Updated.IsZero() {
		rec[30] = strconv.FormatInt(r.Updated.Unix(), 10)
	}

	n := len(acledColumns)
	text(n, r.ID)
	evidence := e.Evidence
	if evidence == nil {
		evidence = []sitrep.Mention{}
	}
	claims := e.FatalityClaims
	if claims == nil {
		claims = []sitrep.FatalityClaim{}
	}
	sources := r.Sources
	if sources == nil {
		sources = []Source{}
	}
	for i, v := range []any{evidence, claims, sources} {
		s, err := c.json(v)
		if err != nil {
			return err
		}
		text(n+1+i, s)
	}
	return nil
}

func (c *CSVWriter) guard(s string) string {
	if c.opts.NoFormulaGuard || s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func (c *CSVWriter) json(v any) (string, error) {
	c.buf.Reset()
	if err := c.enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(c.buf.Bytes(), []byte{'\n'})), nil
}

// joinActors writes associated actors as ACLED does: names separated by
// "; ".
func (c *CSVWriter) joinActors(as []sitrep.ActorRef) string {
	if len(as) == 0 {
		return ""
	}
	c.sb.Reset()
	for i, a := range as {
		if i > 0 {
			c.sb.WriteString("; ")
		}
		c.sb.WriteString(a.Name)
	}
	return c.sb.String()
}

// joinOutlets names each distinct outlet once, "; "-separated as in ACLED's
// source column; a source without an outlet is named by its URL's host.
func (c *CSVWriter) joinOutlets(ss []Source) string {
	return outlets(&c.sb, ss)
}

func outlets(sb *strings.Builder, ss []Source) string {
	sb.Reset()
	var seen []string
	for _, s := range ss {
		name := strings.TrimSpace(s.Outlet)
		if name == "" {
			name = hostOf(s.URL)
		}
		if name == "" || contains(seen, name) {
			continue
		}
		seen = append(seen, name)
		if sb.Len() > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString(name)
	}
	return sb.String()
}

func hostOf(u string) string {
	if u == "" {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(p.Hostname(), "www.")
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// notes joins the evidence sentences with single spaces: ACLED's notes
// column is a short description, and the evidence is what sitrep read.
func (c *CSVWriter) notes(ms []sitrep.Mention) string {
	return notesOf(&c.sb, ms)
}

func notesOf(sb *strings.Builder, ms []sitrep.Mention) string {
	sb.Reset()
	for _, m := range ms {
		t := strings.TrimSpace(m.Text)
		if t == "" {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(t)
	}
	return sb.String()
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// formatCoord writes the shortest decimal that reads back as the same
// float, so no precision sitrep has is lost or invented.
func formatCoord(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
