package timex

import (
	"strings"
	"time"
	"unicode"

	"github.com/sitrep-dev/sitrep"
)

// InferAnchor guesses the publication date of a text that has none: the
// latest absolute date it mentions outside a future clause. The guess is kept
// at a safe granularity: a text is written on or after the last day it names,
// so a full date gives only its month (granularity month) and a bare year
// gives the year. ok is false when the text names no absolute date.
func InferAnchor(text string, sentences []sitrep.Span) (Anchor, bool) {
	exprs, info := find(text, sentences, Anchor{})
	if a, ok := datelineAnchor(text, exprs); ok {
		return a, true
	}
	bestY, bestM := 0, 0
	for i, e := range exprs {
		if e.Type != sitrep.TimeDate || info[i].future || info[i].target {
			continue
		}
		y, m, ok := leadingYearMonth(e.Value)
		if info[i].lastYear > 0 {
			// "attacks in 2024-2025": the text was written in 2025 or later.
			y, m, ok = info[i].lastYear, 0, true
		}
		if !ok {
			continue
		}
		if y > bestY || y == bestY && m > bestM {
			bestY, bestM = y, m
		}
	}
	if bestY == 0 {
		return Anchor{}, false
	}
	if bestM == 0 {
		return Anchor{Time: time.Date(bestY, 1, 1, 0, 0, 0, 0, time.UTC), Granularity: sitrep.GranularityYear}, true
	}
	return Anchor{Time: time.Date(bestY, time.Month(bestM), 1, 0, 0, 0, 0, time.UTC), Granularity: sitrep.GranularityMonth}, true
}

// datelineAnchor reads the date of a wire dateline ("ISLAMABAD, Oct 12, 2025 -",
// "12 October 2025 — "): a full date near the top of the text, alone on its
// line but for an upper-case place name before it and a dash or colon after
// it. Such a date is the day of writing, so it anchors at day granularity.
func datelineAnchor(text string, exprs []sitrep.TimeExpr) (Anchor, bool) {
	const head = 600 // a dateline stands in the first lines
	for _, e := range exprs {
		if e.Span.Start > head {
			break
		}
		if e.Type != sitrep.TimeDate || len(e.Value) != len("2006-01-02") {
			continue
		}
		t, err := time.Parse("2006-01-02", e.Value)
		if err != nil {
			continue
		}
		lineStart := strings.LastIndexByte(text[:e.Span.Start], '\n') + 1
		if !datelinePlace(text[lineStart:e.Span.Start]) || !datelineEnd(text[e.Span.End:]) {
			continue
		}
		return Anchor{Time: t, Granularity: sitrep.GranularityDay}, true
	}
	return Anchor{}, false
}

// datelinePlace accepts what may stand before a dateline's date: nothing, or
// a place in capitals with an optional agency in brackets and a comma.
func datelinePlace(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ",")
	if i := strings.IndexByte(s, '('); i >= 0 && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[:i])
	}
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// datelineEnd accepts what follows a dateline's date: a dash or a colon,
// possibly after an agency in brackets.
func datelineEnd(s string) bool {
	s = strings.TrimLeft(s, " \t")
	if strings.HasPrefix(s, "(") {
		i := strings.IndexByte(s, ')')
		if i < 0 {
			return false
		}
		s = strings.TrimLeft(s[i+1:], " \t")
	}
	for _, p := range []string{"-", "–", "—", ":", "/"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// leadingYearMonth reads "2025", "2025-10", "2025-10-16" (not weeks, seasons,
// decades or XXXX values).
func leadingYearMonth(v string) (y, m int, ok bool) {
	if len(v) < 4 {
		return 0, 0, false
	}
	for i := 0; i < 4; i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0, 0, false
		}
		y = y*10 + int(v[i]-'0')
	}
	if len(v) == 4 {
		return y, 0, true
	}
	if len(v) >= 7 && v[4] == '-' && v[5] >= '0' && v[5] <= '9' && v[6] >= '0' && v[6] <= '9' {
		m = int(v[5]-'0')*10 + int(v[6]-'0')
		if m >= 1 && m <= 12 && (len(v) == 7 || len(v) == 10) {
			return y, m, true
		}
	}
	return 0, 0, false
}
