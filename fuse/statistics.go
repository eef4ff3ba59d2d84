package fuse

import (
	_ "embed"
	"slices"
	"sort"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
)

// Statistics are counts that belong to no one incident: "over 600 attacks
// in the past year", "more than 300 raids in 2023". The ledger of an event
// never sees them together, so they are compared here, across documents,
// by what they count, whose it is and the period they cover.

//go:embed data/units.tsv
var unitsData string

// unitOwned lists the units counted as what a side owns (units.tsv).
var unitOwned = func() map[string]bool {
	m := map[string]bool{}
	eachLine(unitsData, func(f []string) {
		if len(f) >= 2 && f[1] == "of" {
			m[f[0]] = true
		}
	})
	return m
}()

// StatisticFigure is one statistic as one document gives it: a tally with
// a period (Tally.From and Tally.To), who gives it and where it was read.
type StatisticFigure struct {
	Tally sitrep.Tally
	// Claimant is who gives the figure; nil: the writer of the document.
	// (Tally.Claimant is not read: a claim's tallies leave it out.)
	Claimant *sitrep.ActorRef
	DocID    string
	// Ref is the caller's handle for the figure, such as the row id of the
	// claim that holds it; carried through to Figure.Ref.
	Ref int64
	// Family is the document's rewrite family ("" when it has none):
	// documents of one family are one source.
	Family    string
	Published string // YYYY-MM-DD, YYYY-MM or YYYY; "" when unknown
}

// StatisticFigures lists the statistics of a document's record: every
// tally of its claims that covers a period, once per claimant. Statistics
// an event holds are listed too: the event's ledger compares them with the
// reports of that incident, Statistics with every report of the period.
func StatisticFigures(rec sitrep.Record, family string) []StatisticFigure {
	pub := ""
	if rec.Published != nil {
		pub = *rec.Published
	}
	var out []StatisticFigure
	for _, c := range rec.Claims {
		for _, t := range c.Tallies {
			if _, _, ok := periodOf(t); ok {
				out = append(out, StatisticFigure{Tally: t, Claimant: c.Claimant, DocID: rec.ID, Family: family, Published: pub})
			}
		}
	}
	return out
}

// Statistics groups statistics from many documents into quantities of the
// ledger. Figures are one quantity when they count the same unit, of the
// same actor (Tally.Of), over periods that overlap by at least half of the
// shorter one. A figure that names no actor is grouped only with figures
// of its own source (rewrite family or document): two reports of "300
// attacks in 2023" without saying whose may count different wars.
// Figures without a valid period are left out.
//
// Figures are taken in order of publication (then document, then offset):
// each joins the first quantity of its unit and actor whose first figure's
// period it overlaps enough, or starts a new one. Quantity.ID is
// "stat/<unit>:<actor>:<from>", from being the start of the first figure's
// period (with "@<source>" after it when no actor is named), so that adding
// figures published later never changes an ID or moves a figure; a figure
// published before the others may.
//
// Each quantity has Event 0, Group "stat:<unit>:<actor>", a label such as
// "attacks by Tehreek-e-Taliban Pakistan, 2024-10 to 2025-10", and its
// Sources, Claimants, Disputed and Contradictions decided as for an
// event's ledger (LedgerOf). Quantities are sorted by ID.
func Statistics(figs []StatisticFigure) []sitrep.Quantity {
	type item struct {
		f        StatisticFigure
		from, to time.Time
	}
	items := make([]*item, 0, len(figs))
	for _, f := range figs {
		if from, to, ok := periodOf(f.Tally); ok {
			items = append(items, &item{f, from, to})
		}
	}
	slices.SortStableFunc(items, func(x, y *item) int {
		a, b := &x.f, &y.f
		if c := strings.Compare(a.Published, b.Published); c != 0 {
			return c
		}
		if c := strings.Compare(a.DocID, b.DocID); c != 0 {
			return c
		}
		return a.Tally.Start - b.Tally.Start
	})
	type cluster struct {
		from, to time.Time
		q        sitrep.Quantity
	}
	var clusters []*cluster
	byKey := map[string][]*cluster{}
	for _, it := range items {
		f := it.f
		of, source := "", ""
		if f.Tally.Of != nil && f.Tally.Of.ID != "" {
			of = f.Tally.Of.ID
		} else {
			source = figSource(sitrep.Figure{DocID: f.DocID, Family: f.Family})
		}
		key := f.Tally.Unit + "\x00" + of + "\x00" + source
		var c *cluster
		for _, k := range byKey[key] {
			if periodsMeet(k.from, k.to, it.from, it.to) {
				c = k
				break
			}
		}
		if c == nil {
			group := "stat:" + f.Tally.Unit + ":" + of
			id := "stat/" + f.Tally.Unit + ":" + of + ":" + it.from.Format(time.DateOnly)
			if source != "" {
				id += "@" + source
			}
			c = &cluster{from: it.from, to: it.to, q: sitrep.Quantity{
				ID: id, Group: group, Label: statLabel(f.Tally, it.from, it.to)}}
			clusters = append(clusters, c)
			byKey[key] = append(byKey[key], c)
		}
		t := f.Tally
		claim := sitrep.FatalityClaim{Count: t.Count, CountMax: t.CountMax, Qualifier: t.Qualifier,
			Victims: t.Unit, Claimant: f.Claimant, Mention: t.Mention}
		r := sitrep.Report{DocID: f.DocID, Ref: f.Ref, Family: f.Family, Published: f.Published}
		c.q.Figures = append(c.q.Figures, figureOf(claim, r))
	}
	out := make([]sitrep.Quantity, 0, len(clusters))
	for _, c := range clusters {
		judge(&c.q)
		out = append(out, c.q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// periodOf reads a tally's period; ok is false when it has none or it is
// not a valid one.
func periodOf(t sitrep.Tally) (from, to time.Time, ok bool) {
	if t.From == "" || t.To == "" {
		return from, to, false
	}
	from, err1 := time.Parse(time.DateOnly, t.From)
	to, err2 := time.Parse(time.DateOnly, t.To)
	if err1 != nil || err2 != nil || to.Before(from) {
		return from, to, false
	}
	return from, to, true
}

// periodsMeet reports whether two periods overlap by at least half of the
// shorter one: "the past year" and "2024-2025" count the same attacks,
// "2023" and "2024" do not.
func periodsMeet(af, at, bf, bt time.Time) bool {
	days := func(a, b time.Time) int { return int(b.Sub(a).Hours()/24+0.5) + 1 }
	lo, hi := af, at
	if bf.After(lo) {
		lo = bf
	}
	if bt.Before(hi) {
		hi = bt
	}
	if hi.Before(lo) {
		return false
	}
	return 2*days(lo, hi) >= min(days(af, at), days(bf, bt))
}

// statLabel says what a statistic counts, whose and when: "attacks by
// Tehreek-e-Taliban Pakistan, 2024-10 to 2025-10".
func statLabel(t sitrep.Tally, from, to time.Time) string {
	var b strings.Builder
	b.WriteString(t.Unit)
	if t.Of != nil {
		name := t.Of.Name
		if name == "" {
			name = t.Of.ID
		}
		if unitOwned[t.Unit] {
			b.WriteString(" of ")
		} else {
			b.WriteString(" by ")
		}
		b.WriteString(name)
	}
	b.WriteString(", ")
	b.WriteString(periodText(from, to))
	return b.String()
}

// periodText writes a period at the coarsest grain that says it exactly:
// "2023", "2024 to 2025", "2025-09", else months "2024-10 to 2025-10".
func periodText(from, to time.Time) string {
	yearStart := from.Month() == 1 && from.Day() == 1
	yearEnd := to.Month() == 12 && to.Day() == 31
	monthEnd := to.AddDate(0, 0, 1).Day() == 1
	switch {
	case yearStart && yearEnd && from.Year() == to.Year():
		return from.Format("2006")
	case yearStart && yearEnd:
		return from.Format("2006") + " to " + to.Format("2006")
	case from.Day() == 1 && monthEnd && from.Year() == to.Year() && from.Month() == to.Month():
		return from.Format("2006-01")
	case from.Year() == to.Year() && from.Month() == to.Month():
		return from.Format(time.DateOnly) + " to " + to.Format(time.DateOnly)
	}
	return from.Format("2006-01") + " to " + to.Format("2006-01")
}
