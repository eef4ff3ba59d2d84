package fuse

import sitrep "github.com/sitrep-dev/sitrep"

// Where picture events are filed, so that a store can hand back only those
// a new report may join (see Fuser.Load).

// SpanOf is where a picture event is filed: from the first to the last day
// any of its reports is filed under (an event date's span; for an undated
// report the weeks before its publication). Empty when no report has a
// date or a publication date: such an event is never a candidate.
func SpanOf(e *sitrep.PictureEvent) sitrep.PictureSpan {
	var lo, hi day
	any := false
	for _, r := range e.Reports {
		ft := featOf(r)
		if l, h, ok := indexDays(&ft); ok {
			if !any {
				lo, hi, any = l, h, true
			}
			lo, hi = min(lo, l), max(hi, h)
		}
	}
	if !any {
		return sitrep.PictureSpan{}
	}
	return sitrep.PictureSpan{From: dateOfDay(lo), To: dateOfDay(hi)}
}

// Filed is the days a report is filed under once fused (see SpanOf); ok is
// false when it has neither a date nor a publication date.
func Filed(r sitrep.Report) (sitrep.PictureSpan, bool) {
	ft := featOf(r)
	lo, hi, ok := indexDays(&ft)
	if !ok {
		return sitrep.PictureSpan{}, false
	}
	return sitrep.PictureSpan{From: dateOfDay(lo), To: dateOfDay(hi)}, true
}

// Window is the days a report looks for picture events to join, widened to
// whole index weeks: a Fuser holding every stored event whose span meets it
// decides the report as a Fuser holding the whole picture would. ok is
// false when the report has neither a date nor a publication date: it then
// joins nothing and founds an event of its own.
func Window(r sitrep.Report) (sitrep.PictureSpan, bool) {
	ft := featOf(r)
	lo, hi, ok := lookupDays(&ft)
	if !ok {
		return sitrep.PictureSpan{}, false
	}
	return sitrep.PictureSpan{From: dateOfDay(7 * weekOf(lo)), To: dateOfDay(7*weekOf(hi) + 6)}, true
}

// Retells reports whether b, from a rewrite of a's document (both given
// with their common family), copies a (the same type, date, place, cast and
// figures), or retells a's incident with its figures or at its place with
// its cast (see Fuser.AddRelated): a caller restoring
// picture events needs those holding such an a.
func Retells(a, b sitrep.Report) bool {
	fa, fb := featOf(a), featOf(b)
	return fa.twin != 0 && fa.twin == fb.twin || rewrittenFigures(&fa, &fb) || rewrittenUndated(&fa, &fb)
}
