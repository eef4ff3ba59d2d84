// Package fuse builds the cross-document situation picture from per-document
// events: one picture event per incident, a claims ledger, story episodes.
//
// It is pure: it knows nothing of storage. A Fuser takes Reports as they
// arrive and says which picture events they created or joined; Ledger and
// Episodes read the picture events.
//
// Event fusion. A report joins the picture event with which it scores best
// (and above a threshold), else it founds a new one. Two reports are
// compared on:
//   - type: same sub-type, same type, or two violent types (Battles,
//     Explosions/Remote violence, Violence against civilians: one
//     flare-up told two ways, accepted only with agreeing date and place);
//     Strategic developments only with the same sub-type (an agreement is
//     never a battle, nor talks);
//   - date, by time precision: days within 2 days, weeks within 7 days,
//     months and years must overlap (adjacent months only with the same
//     sub-type, both parties and the same place); a date known only to
//     the month or year is weak, as is none: then the same type and a
//     strong cast (both parties, or one party and the place) are needed,
//     and an undated report is taken to lie in the 45 days before its
//     publication;
//   - place: haversine distance (30 km one place; two towns at most 60 km
//     apart are neighbours; a district within 120 km), a town inside a
//     named province or country, a border or region without province
//     compatible with its countries; different countries only within 60 km;
//   - actors, as unordered sides (a state's government, forces and office
//     holders are one side, also when an id such as "india-military" comes
//     without an actor table);
//   - a shared figure (count, qualifier, claimant).
//
// A report joins on its best pair with the event's first members, but only
// if no member rules it out (a coarse "in October, in Paktika" member must
// not let in what the precise members exclude). A picture event holds at
// most one event of a document, except exact doubles (an agreement dated a
// day apart in one text) and a violent event's passing mention, undated and
// placeless ("the recent strikes"). Two rewrites of one original may tell
// one undated incident at one precise place as two violent types; a
// rewrite's event that repeats two of the original's figures, or its
// sub-type, parties and place with one of the two undated, is the
// original's incident whatever date it gives (AddRelated); a copy of a
// member (same type, date, place, cast and figures) joins it directly.
// An undated report is placed only by a publication date known to the
// month or day. Picture events are never merged afterwards: ids are
// stable. Candidates come from an index by week, type category and side,
// so an Add costs about the same at 100,000 reports as at 10,000.
//
// Incremental use: a store keeps each picture event with its SpanOf;
// Restore (or Load) brings back those whose span meets the Window of the
// reports to add, and the Fuser decides as one holding the whole picture.
package fuse

import (
	"bufio"
	_ "embed"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
)

//go:embed data/victims.tsv
var victimsData string

//go:embed data/sides.tsv
var sidesData string

var (
	victimWords = map[string]string{} // token → group
	sideSuffix  []string
)

func init() {
	eachLine(victimsData, func(f []string) {
		if len(f) >= 2 {
			victimWords[f[0]] = f[1]
		}
	})
	eachLine(sidesData, func(f []string) { sideSuffix = append(sideSuffix, f[0]) })
}

func eachLine(data string, fn func([]string)) {
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		fn(strings.Split(line, "\t"))
	}
}

// FromRecord turns a document's record into its Reports: one per event,
// with the record's actor table, publication date and outlet. family is the
// document's rewrite family ("" when it has none).
func FromRecord(rec sitrep.Record, family string) []sitrep.Report {
	actors := map[string]sitrep.Actor{}
	for _, a := range rec.Actors {
		actors[a.ID] = sitrep.Actor{ID: a.ID, Name: a.Name, Type: a.Type, Country: a.Country}
	}
	pub := ""
	if rec.Published != nil {
		pub = *rec.Published
	}
	out := make([]sitrep.Report, 0, len(rec.Events))
	for _, e := range rec.Events {
		out = append(out, sitrep.Report{
			DocID: rec.ID, Event: e, Published: pub, Outlet: rec.Outlet,
			Family: family, Actors: actors,
		})
	}
	return out
}

// day is a date as days since 1970-01-01.
type day = int

func dayOf(t time.Time) day { return int(t.Unix() / 86400) }

func dateOfDay(d day) string { return time.Unix(int64(d)*86400, 0).UTC().Format("2006-01-02") }

// pubSpan reads a publication date of any granularity as the days it covers.
func pubSpan(s string) (lo, hi day, ok bool) {
	for _, layout := range []struct {
		f    string
		next func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if len(s) < len(layout.f) {
			continue
		}
		t, err := time.Parse(layout.f, s[:len(layout.f)])
		if err == nil && (len(s) == len(layout.f) || layout.f == "2006-01-02") {
			return dayOf(t), dayOf(layout.next(t)) - 1, true
		}
	}
	return 0, 0, false
}

// eventSpan is the days an event date of a given time precision covers: a
// day, the week starting on its Monday, or its month. A first of January
// at month precision whose date text ("2021") names no month is a whole
// year; without a date text it is taken as January, the narrower reading.
func eventSpan(e sitrep.Event) (lo, hi day, prec int, ok bool) {
	if e.EventDate == nil {
		return 0, 0, 0, false
	}
	t, err := time.Parse("2006-01-02", *e.EventDate)
	if err != nil {
		return 0, 0, 0, false
	}
	prec = 1
	if e.TimePrecision != nil {
		prec = *e.TimePrecision
	}
	lo = dayOf(t)
	switch {
	case prec <= 1:
		return lo, lo, 1, true
	case prec == 2:
		return lo, lo + 6, 2, true
	case t.Month() == time.January && t.Day() == 1 && e.DateText != "" && !namesJanuary(e.DateText):
		return lo, dayOf(t.AddDate(1, 0, 0)) - 1, 4, true
	default:
		return lo, dayOf(t.AddDate(0, 1, 0)) - 1, 3, true
	}
}

func namesJanuary(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "jan") || strings.Contains(s, "-01")
}

// monthOf numbers months continuously.
func monthOf(d day) int {
	t := time.Unix(int64(d)*86400, 0).UTC()
	return t.Year()*12 + int(t.Month()) - 1
}
