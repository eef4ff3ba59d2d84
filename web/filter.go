package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
)

// filter is the event filter of the events table, the map and the
// timeline, as the form shows it and the store takes it.
type filter struct {
	From, To, Actor, Place, Type string
	Contested                    bool
	Sort                         string
	Cursor                       string
	Limit                        int
}

// sorts are the table's sort orders, as the store names them.
var sorts = map[string]bool{"": true, "date": true, "-date": true, "fatalities": true, "sources": true}

// parseFilter reads a filter from a query string; a mistake is a
// badRequest naming the field.
func parseFilter(q url.Values) (filter, error) {
	f := filter{
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		Actor: strings.TrimSpace(q.Get("actor")), Place: strings.TrimSpace(q.Get("place")),
		Type: strings.TrimSpace(q.Get("type")), Sort: q.Get("sort"), Cursor: q.Get("cursor"),
	}
	switch c := q.Get("contested"); c {
	case "", "0", "false", "off":
	case "1", "true", "on":
		f.Contested = true
	default:
		return f, badRequest{fmt.Sprintf("contested: want true or false, not %q", c)}
	}
	if !sorts[f.Sort] {
		return f, badRequest{fmt.Sprintf("sort: want date, -date, fatalities or sources, not %q", f.Sort)}
	}
	for _, d := range []struct{ name, v string }{{"from", f.From}, {"to", f.To}} {
		if _, _, err := dayRange(d.v); err != nil {
			return f, badRequest{fmt.Sprintf("%s: %v", d.name, err)}
		}
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 500 {
			return f, badRequest{fmt.Sprintf("limit: want a number from 1 to 500, not %q", l)}
		}
		f.Limit = n
	}
	for _, s := range []string{f.Actor, f.Place, f.Type} {
		if len(s) > 200 {
			return f, badRequest{"a filter value is longer than 200 characters"}
		}
	}
	return f, nil
}

// dayRange reads YYYY-MM-DD, YYYY-MM or YYYY as its first and last day.
func dayRange(s string) (first, last string, err error) {
	if s == "" {
		return "", "", nil
	}
	for _, l := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, -1) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, -1) }},
	} {
		if t, e := time.Parse(l.layout, s); e == nil && len(s) == len(l.layout) {
			return t.Format("2006-01-02"), l.next(t).Format("2006-01-02"), nil
		}
	}
	return "", "", fmt.Errorf("want a date YYYY-MM-DD, YYYY-MM or YYYY, not %q", s)
}

// store turns the form filter into the store's.
func (f filter) store() sitrep.PictureFilter {
	from, _, _ := dayRange(f.From)
	_, to, _ := dayRange(f.To)
	return sitrep.PictureFilter{
		From: from, To: to, Actor: f.Actor, Place: f.Place, Type: f.Type,
		Contested: f.Contested, Sort: f.Sort, Limit: f.Limit, Cursor: f.Cursor,
	}
}

// values is the filter as a query string (without the page cursor).
func (f filter) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("from", f.From)
	set("to", f.To)
	set("actor", f.Actor)
	set("place", f.Place)
	set("type", f.Type)
	if f.Contested {
		v.Set("contested", "true")
	}
	set("sort", f.Sort)
	if f.Limit != 0 {
		v.Set("limit", strconv.Itoa(f.Limit))
	}
	return v
}

// Links are template.URL: html/template would otherwise percent-encode
// the '=' and '&' of a query written after a literal '?'. They are built
// from url.Values, so every value is encoded, and start with '/' or '?'.

// Query is the filter's query string, for links.
func (f filter) Query() string { return f.values().Encode() }

// Link is path with the filter as its query.
func (f filter) Link(path string) template.URL {
	if q := f.Query(); q != "" {
		return template.URL(path + "?" + q)
	}
	return template.URL(path)
}

// With is a link to this page with one parameter of the filter changed.
func (f filter) With(k, val string) template.URL {
	v := f.values()
	if val == "" {
		v.Del(k)
	} else {
		v.Set(k, val)
	}
	return template.URL("?" + v.Encode())
}

// Export is the API's export link for the filter in a format.
func (f filter) Export(format string) template.URL {
	v := f.values()
	v.Del("sort")
	v.Del("limit")
	v.Set("format", format)
	return template.URL("/api/v1/export?" + v.Encode())
}

// Any reports whether some field filters.
func (f filter) Any() bool {
	return f.From != "" || f.To != "" || f.Actor != "" || f.Place != "" || f.Type != "" || f.Contested
}

// Types are the event types the form offers.
func (f filter) Types() []string { return eventTypes }
