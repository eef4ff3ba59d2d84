package api

import (
	"bufio"
	_ "embed"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
)

// Bounds of the listing parameters.
const (
	defaultLimit = 50
	maxLimit     = 500
	// maxText bounds free-text parameters (ids, names, queries).
	maxText = 200
)

//go:embed data/event_types.tsv
var eventTypesTSV string

// eventTypes maps every accepted type name, folded to lower case, to its
// ACLED spelling: event types and sub-event types alike.
var eventTypes = func() map[string]string {
	m := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(eventTypesTSV))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		typ, sub, ok := strings.Cut(line, "\t")
		if !ok {
			panic("api: data/event_types.tsv: line without a tab: " + line)
		}
		m[strings.ToLower(typ)] = typ
		m[strings.ToLower(sub)] = sub
	}
	return m
}()

// query reads the parameters of one request; the first error is kept and
// later reads are no-ops, so a handler reads everything and checks once.
type query struct {
	v   url.Values
	err *apiError
}

func newQuery(v url.Values) *query { return &query{v: v} }

func (q *query) fail(e *apiError) {
	if q.err == nil {
		q.err = e
	}
}

// Err returns the first error met, as an error (nil when none).
func (q *query) Err() error {
	if q.err == nil {
		return nil
	}
	return q.err
}

// text reads a free-text parameter: trimmed, at most maxText characters,
// no control characters.
func (q *query) text(name string) string {
	s := strings.TrimSpace(q.v.Get(name))
	if s == "" {
		return ""
	}
	if !utf8.ValidString(s) {
		q.fail(badParam(name, "%s: not valid UTF-8", name))
		return ""
	}
	if utf8.RuneCountInString(s) > maxText {
		q.fail(badParam(name, "%s: longer than %d characters", name, maxText))
		return ""
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			q.fail(badParam(name, "%s: control characters are not allowed", name))
			return ""
		}
	}
	return s
}

// boolean reads true/false (also 1/0, yes/no); absent is false.
func (q *query) boolean(name string) bool {
	s := strings.ToLower(strings.TrimSpace(q.v.Get(name)))
	switch s {
	case "", "false", "0", "no":
		return false
	case "true", "1", "yes":
		return true
	}
	q.fail(badParam(name, "%s: %q is not a boolean (use true or false)", name, q.v.Get(name)))
	return false
}

// integer reads a whole number in [lo, hi]; absent gives def.
func (q *query) integer(name string, def, lo, hi int64) int64 {
	s := strings.TrimSpace(q.v.Get(name))
	if s == "" {
		return def
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < lo || n > hi {
		q.fail(badParam(name, "%s: %q is not a whole number from %d to %d", name, s, lo, hi))
		return def
	}
	return n
}

// id reads a positive id parameter (0 when absent).
func (q *query) id(name string) int64 { return q.integer(name, 0, 1, math.MaxInt64) }

// limit reads the page size.
func (q *query) limit() int { return int(q.integer("limit", defaultLimit, 1, maxLimit)) }

// page reads limit and offset.
func (q *query) page() sitrep.Page {
	return sitrep.Page{Limit: q.limit(), Offset: int(q.integer("offset", 0, 0, math.MaxInt32))}
}

// dateRange reads from and to (YYYY, YYYY-MM or YYYY-MM-DD) as the first
// and last day they cover, YYYY-MM-DD.
func (q *query) dateRange() (from, to string) {
	var toHi time.Time
	fs, ts := strings.TrimSpace(q.v.Get("from")), strings.TrimSpace(q.v.Get("to"))
	if fs != "" {
		lo, _, ok := dateSpan(fs)
		if !ok {
			q.fail(badParam("from", "from: %q is not a date (want YYYY-MM-DD, YYYY-MM or YYYY)", fs))
			return "", ""
		}
		from = lo.Format(time.DateOnly)
	}
	if ts != "" {
		_, hi, ok := dateSpan(ts)
		if !ok {
			q.fail(badParam("to", "to: %q is not a date (want YYYY-MM-DD, YYYY-MM or YYYY)", ts))
			return "", ""
		}
		to, toHi = hi.Format(time.DateOnly), hi
	}
	if from != "" && to != "" {
		if lo, _, _ := dateSpan(fs); lo.After(toHi) {
			q.fail(badParam("to", "to: %s is before from %s", ts, fs))
			return "", ""
		}
	}
	return from, to
}

// dateSpan reads YYYY-MM-DD, YYYY-MM or YYYY as the first and last day it
// covers.
func dateSpan(s string) (lo, hi time.Time, ok bool) {
	switch len(s) {
	case len("2006-01-02"):
		t, err := time.Parse(time.DateOnly, s)
		return t, t, err == nil
	case len("2006-01"):
		t, err := time.Parse("2006-01", s)
		return t, t.AddDate(0, 1, -1), err == nil
	case len("2006"):
		t, err := time.Parse("2006", s)
		return t, t.AddDate(1, 0, -1), err == nil
	}
	return time.Time{}, time.Time{}, false
}

// since reads a single date parameter, kept as given once checked.
func (q *query) since(name string) string {
	s := strings.TrimSpace(q.v.Get(name))
	if s == "" {
		return ""
	}
	if _, _, ok := dateSpan(s); !ok {
		q.fail(badParam(name, "%s: %q is not a date (want YYYY-MM-DD, YYYY-MM or YYYY)", name, s))
		return ""
	}
	return s
}

// eventType reads an ACLED event type or sub-event type, any case, and
// returns its ACLED spelling.
func (q *query) eventType() string {
	s := q.text("type")
	if s == "" {
		return ""
	}
	t, ok := eventTypes[strings.ToLower(s)]
	if !ok {
		q.fail(badParam("type", "type: %q is not an ACLED event type or sub-event type (e.g. Battles, Air/drone strike)", s))
		return ""
	}
	return t
}

// bbox reads "west,south,east,north" in degrees; a west edge east of the
// east edge crosses the antimeridian.
func (q *query) bbox() *sitrep.BBox {
	s := strings.TrimSpace(q.v.Get("bbox"))
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		q.fail(badParam("bbox", "bbox: want four numbers west,south,east,north (got %d)", len(parts)))
		return nil
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			q.fail(badParam("bbox", "bbox: %q is not a number", p))
			return nil
		}
		v[i] = f
	}
	b := &sitrep.BBox{West: v[0], South: v[1], East: v[2], North: v[3]}
	switch {
	case b.West < -180 || b.West > 180 || b.East < -180 || b.East > 180:
		q.fail(badParam("bbox", "bbox: longitudes must lie in [-180, 180]"))
	case b.South < -90 || b.South > 90 || b.North < -90 || b.North > 90:
		q.fail(badParam("bbox", "bbox: latitudes must lie in [-90, 90]"))
	case b.South > b.North:
		q.fail(badParam("bbox", "bbox: south %g is north of north %g", b.South, b.North))
	default:
		// West east of east is a box across the antimeridian.
		return b
	}
	return nil
}

// sorts are the accepted values of the sort parameter.
var sorts = []string{"date", "-date", "fatalities", "sources"}

func (q *query) sort() string {
	s := strings.TrimSpace(q.v.Get("sort"))
	if s == "" {
		return ""
	}
	for _, want := range sorts {
		if s == want {
			return s
		}
	}
	q.fail(badParam("sort", "sort: %q is not one of %s", s, strings.Join(sorts, ", ")))
	return ""
}

// cursor reads an opaque page cursor: the store decides what it means, so
// only its shape is checked here.
func (q *query) cursor() string {
	s := q.v.Get("cursor")
	if s == "" {
		return ""
	}
	if len(s) > 512 {
		q.fail(badParam("cursor", "cursor: not a cursor this API gave (too long)"))
		return ""
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			q.fail(badParam("cursor", "cursor: not a cursor this API gave"))
			return ""
		}
	}
	return s
}

// oneOf reads a parameter that must be one of values (def when absent).
func (q *query) oneOf(name, def string, values ...string) string {
	s := strings.ToLower(strings.TrimSpace(q.v.Get(name)))
	if s == "" {
		return def
	}
	for _, v := range values {
		if s == v {
			return s
		}
	}
	q.fail(badParam(name, "%s: %q is not one of %s", name, q.v.Get(name), strings.Join(values, ", ")))
	return def
}

// pictureFilter reads the filters of the picture events.
func (q *query) pictureFilter() sitrep.PictureFilter {
	var f sitrep.PictureFilter
	f.From, f.To = q.dateRange()
	f.Type = q.eventType()
	f.Actor = q.text("actor")
	f.Place = q.text("place")
	f.BBox = q.bbox()
	f.Contested = q.boolean("contested")
	f.Episode = q.id("episode")
	f.Sort = q.sort()
	return f
}

// pathID reads the {id} path value.
func pathID(v string) (int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return 0, badParam("id", "id: %q is not an id (a positive whole number)", v)
	}
	return n, nil
}
