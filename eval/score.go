package eval

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

// Counts are the matches of one field: true positives, false positives and
// false negatives.
type Counts struct {
	TP, FP, FN int
}

// Precision is TP / (TP + FP); 0 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN); 0 when there was nothing to find.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (c *Counts) add(o Counts) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Field is the score of one field over all documents.
type Field struct {
	Name   string
	Counts Counts
	// Extra holds further figures of the field, such as value accuracy.
	Extra map[string]float64
}

// Report is the score of a set of records against the gold.
type Report struct {
	Fields []Field
	// Missing lists gold documents that had no record.
	Missing []string
	// Errors lists every miss and every extra finding, one line each, for
	// error analysis ("places 000: extra Islamabad/PK").
	Errors []string
}

func (r *Report) errorf(format string, args ...any) {
	r.Errors = append(r.Errors, fmt.Sprintf(format, args...))
}

// Input is what the scorer needs of one document: the record, and the text
// of the file the gold offsets refer to.
type Input struct {
	Record   sitrep.Record
	FileText string
	// Picture, when set, is the document's place in the fused picture of
	// the whole set; cross-document scores need it.
	Picture *Picture
}

// Score compares records (keyed by gold document id) with the gold.
func Score(g *Gold, in map[string]Input) Report {
	var actors, places, times Counts
	var valueOK, valueAll int
	var rep Report
	for _, d := range g.Documents {
		x, ok := in[d.ID]
		if !ok {
			rep.Missing = append(rep.Missing, d.ID)
			continue
		}
		actors.add(scoreActors(&rep, d, x.Record))
		places.add(scorePlaces(&rep, d, x.Record))
		c, agree, all := scoreTimes(&rep, d, x)
		times.add(c)
		valueOK += agree
		valueAll += all
	}
	rep.Fields = []Field{
		{Name: "actors", Counts: actors},
		{Name: "places", Counts: places},
		{Name: "times", Counts: times, Extra: map[string]float64{"value_accuracy": ratio(valueOK, valueAll)}},
	}
	rep.Fields = append(rep.Fields, ScoreEvents(g, in)...)
	rep.Fields = append(rep.Fields, ScoreCrossDoc(g, in, &rep)...)
	return rep
}

// scoreActors compares the distinct actor ids of a document (see actorKey).
func scoreActors(rep *Report, d GoldDoc, r sitrep.Record) Counts {
	gold := map[string]bool{}
	for _, a := range d.Actors {
		gold[actorKey(a.ID)] = true
	}
	pred := map[string]bool{}
	for _, a := range r.Actors {
		pred[actorKey(a.ID)] = true
	}
	var c Counts
	for _, id := range sortedKeys(pred) {
		if gold[id] {
			c.TP++
		} else {
			c.FP++
			rep.errorf("actors %s: extra %s", d.ID, id)
		}
	}
	for _, id := range sortedKeys(gold) {
		if !pred[id] {
			c.FN++
			rep.errorf("actors %s: missing %s", d.ID, id)
		}
	}
	return c
}

// actorKey is the part of an actor id that is compared: the "x-" prefix
// only says that the actor was found by pattern, not in the dictionary.
func actorKey(id string) string { return strings.TrimPrefix(id, "x-") }

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// scorePlaces matches gold and predicted places one to one, in two rounds:
// first on country (when the gold gives one) and folded name, then on a
// mention of the prediction standing inside a gold mention ("Kurram" in
// "tribal district Kurram"), so that a name match is never taken by a looser one.
func scorePlaces(rep *Report, d GoldDoc, r sitrep.Record) Counts {
	used := make([]bool, len(r.Places))
	matched := make([]bool, len(d.Places))
	for _, byMention := range []bool{false, true} {
		for gi, gp := range d.Places {
			if matched[gi] {
				continue
			}
			for i, p := range r.Places {
				if !used[i] && placeMatches(gp, p, byMention) {
					used[i], matched[gi] = true, true
					break
				}
			}
		}
	}
	var c Counts
	for gi, gp := range d.Places {
		if matched[gi] {
			c.TP++
		} else {
			c.FN++
			rep.errorf("places %s: missing %s %q", d.ID, gp.Name, gp.Mentions)
		}
	}
	for i, u := range used {
		if !u {
			c.FP++
			p := r.Places[i]
			rep.errorf("places %s: extra %s/%s (%s) %q", d.ID, p.Name, p.CountryCode, p.Kind, mentionTexts(p.Mentions))
		}
	}
	return c
}

func mentionTexts(ms []sitrep.Mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Text)
	}
	return out
}

func placeMatches(gp GoldPlace, p sitrep.RecordPlace, byMention bool) bool {
	if gp.Country != nil && *gp.Country != "" && p.CountryCode != "" && !strings.EqualFold(*gp.Country, p.CountryCode) {
		return false
	}
	if !byMention {
		return text.Key(gp.Name) == text.Key(p.Name)
	}
	for _, gm := range gp.Mentions {
		gk := " " + text.Key(gm) + " "
		for _, m := range p.Mentions {
			if mk := text.Key(m.Text); mk != "" && strings.Contains(gk, " "+mk+" ") {
				return true
			}
		}
	}
	return false
}

// scoreTimes matches dated expressions by span overlap. Only DATE and TIME
// expressions are compared: the gold does not list durations. It returns the
// counts and, over matched pairs with a gold value, how many values agree.
func scoreTimes(rep *Report, d GoldDoc, x Input) (c Counts, valueOK, valueAll int) {
	shift := textShift(x.FileText, x.Record.Text)
	var preds []sitrep.RecordTime
	for _, t := range x.Record.Times {
		if t.Type == sitrep.TimeDate || t.Type == sitrep.TimeTime {
			preds = append(preds, t)
		}
	}
	used := make([]bool, len(preds))
	for _, gd := range d.Dates {
		gs, ge := gd.Start-shift, gd.End-shift
		found := -1
		for i, p := range preds {
			if !used[i] && p.Start < ge && gs < p.End {
				found = i
				break
			}
		}
		if found < 0 {
			c.FN++
			rep.errorf("times %s: missing %q", d.ID, gd.Text)
			continue
		}
		used[found] = true
		c.TP++
		if gd.Value != nil {
			valueAll++
			if sameValue(*gd.Value, preds[found].Value) {
				valueOK++
			} else {
				rep.errorf("times %s: %q is %s, gold %s", d.ID, gd.Text, preds[found].Value, *gd.Value)
			}
		}
	}
	for i, u := range used {
		if !u {
			c.FP++
			rep.errorf("times %s: extra %q %s", d.ID, preds[i].Text, preds[i].Value)
		}
	}
	return c, valueOK, valueAll
}

// sameValue compares TIMEX3 values, ignoring a part of day the gold does not
// annotate ("2026-02-25TNI" is the gold's "2026-02-25").
func sameValue(gold, pred string) bool {
	if i := strings.IndexByte(pred, 'T'); i > 0 && !strings.Contains(gold, "T") {
		pred = pred[:i]
	}
	return gold == pred
}

// textShift is the code-point offset of the record's text inside the file
// text: ingestion may cut boilerplate lines at the start.
func textShift(file, rec string) int {
	if rec == "" || file == rec {
		return 0
	}
	probe := rec
	if len(probe) > 200 {
		probe = probe[:200]
		for !utf8.ValidString(probe) {
			probe = probe[:len(probe)-1]
		}
	}
	i := strings.Index(file, probe)
	if i < 0 {
		return 0
	}
	return utf8.RuneCountInString(file[:i])
}

// Flat returns the report as one flat map of metric name to number
// ("actors.f1": 0.93).
func (r Report) Flat() map[string]float64 {
	m := map[string]float64{}
	for _, f := range r.Fields {
		m[f.Name+".precision"] = round(f.Counts.Precision())
		m[f.Name+".recall"] = round(f.Counts.Recall())
		m[f.Name+".f1"] = round(f.Counts.F1())
		for k, v := range f.Extra {
			m[f.Name+"."+k] = round(v)
		}
	}
	return m
}

func round(v float64) float64 { return float64(int(v*10000+0.5)) / 10000 }

// WriteTable prints the report as a readable table.
func (r Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%-16s %9s %9s %9s %6s %6s %6s  %s\n", "field", "precision", "recall", "f1", "tp", "fp", "fn", "other")
	for _, f := range r.Fields {
		var extra []string
		for k, v := range f.Extra {
			extra = append(extra, fmt.Sprintf("%s %.3f", k, v))
		}
		sort.Strings(extra)
		fmt.Fprintf(&b, "%-16s %9.3f %9.3f %9.3f %6d %6d %6d  %s\n", f.Name, f.Counts.Precision(), f.Counts.Recall(),
			f.Counts.F1(), f.Counts.TP, f.Counts.FP, f.Counts.FN, strings.Join(extra, ", "))
	}
	if len(r.Missing) > 0 {
		fmt.Fprintf(&b, "no record for gold documents: %s\n", strings.Join(r.Missing, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
