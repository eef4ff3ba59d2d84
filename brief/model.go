package brief

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
)

// The brief is first assembled as a small document model, then written by
// the Markdown and HTML writers; both say exactly the same things.

type segKind int

const (
	segPlain  segKind = iota
	segStrong         // a date or a claimant, set off
	segQuote          // words of a document, between quotation marks
	segCite           // citations inside a line (side-by-side values)
)

type seg struct {
	Kind  segKind
	Text  string
	Cites []int
}

// Kind names for the HTML template.
func (s seg) Strong() bool { return s.Kind == segStrong }
func (s seg) Quote() bool  { return s.Kind == segQuote }
func (s seg) Cite() bool   { return s.Kind == segCite }

// line is one statement with the sources saying it, and sub-statements.
type line struct {
	Segs  []seg
	Cites []int
	Sub   []line
}

type group struct {
	Head  []seg
	Cites []int
	Lines []line
	More  string // says how many lines were left out, if any
}

type section struct {
	ID, Title string
	Empty     string // said when the section has nothing
	Groups    []group
	More      string // says how many groups were left out, if any
}

// A brief stays brief over a large store: each section shows the most
// significant items and says how many more the input holds.
const (
	maxDisputed      = 10
	maxStanceGroups  = 12
	maxStanceLines   = 5
	maxEpisodes      = 12
	maxEpisodeEvents = 10
	maxUndatedEvents = 10
)

// more says how many items of a kind were left out.
func more(n int, one, many string) string {
	if n <= 0 {
		return ""
	}
	if n == 1 {
		return "1 more " + one + " in the input, not shown."
	}
	return strconv.Itoa(n) + " more " + many + " in the input, not shown."
}

type sourceLine struct {
	N                               int
	Title, Outlet, Published, DocID string
	URL                             string // only http and https addresses
	Missing                         bool   // cited but absent from Input.Sources
}

type model struct {
	Title    string
	Summary  string
	Since    string
	Sections []section
	Sources  []sourceLine
	Families []line
}

// Claim kinds that say who accuses whom, in the order they are listed.
var stanceKinds = map[string]string{
	sitrep.ClaimAccusation: "accuses",
	sitrep.ClaimDenial:     "denies",
	sitrep.ClaimThreat:     "threatens",
	sitrep.ClaimDemand:     "demands",
}

var errSince = errors.New("brief: since: want a date YYYY-MM-DD, YYYY-MM or YYYY")

// build filters the input by Since and assembles the brief's model.
func build(in Input) (*model, error) {
	var since time.Time
	if in.Since != "" {
		lo, _, ok := span(strings.TrimSpace(in.Since))
		if !ok {
			return nil, fmt.Errorf("%w, not %q", errSince, in.Since)
		}
		since = lo
	}
	b := &builder{in: in, since: since, srcByDoc: map[string]*Source{}}
	for i := range in.Sources {
		if _, dup := b.srcByDoc[in.Sources[i].DocID]; !dup {
			b.srcByDoc[in.Sources[i].DocID] = &in.Sources[i]
		}
	}
	b.filter()
	// Sources are numbered by family and date, not by first citation, so
	// the sections are assembled twice: once to learn which documents
	// they cite, then with the numbers.
	b.used = map[string]bool{}
	b.sections()
	b.number()
	m := &model{Title: "Situation brief", Since: clean(in.Since)}
	m.Sections = b.sections()
	m.Summary = b.summary()
	m.Sources, m.Families = b.sources()
	return m, nil
}

func (b *builder) sections() []section {
	return []section{b.keyDevelopments(), b.disputed(), b.accusations(), b.timeline()}
}

type builder struct {
	in       Input
	since    time.Time
	srcByDoc map[string]*Source

	events []*sitrep.PictureEvent
	kept   map[int64]*sitrep.PictureEvent
	claims []Claim
	latest time.Time       // last day of the latest dated event
	used   map[string]bool // documents cited, in the first pass
	cite   map[string]int  // document id → citation number
	order  []string        // document ids by citation number - 1
}

// filter keeps the events, quantities and claims on or after Since.
func (b *builder) filter() {
	b.kept = map[int64]*sitrep.PictureEvent{}
	for i := range b.in.Events {
		e := &b.in.Events[i]
		if b.keepEvent(e) {
			b.events = append(b.events, e)
			b.kept[e.ID] = e
			if _, hi, ok := eventDays(e); ok && hi.After(b.latest) {
				b.latest = hi
			}
		}
	}
	for _, c := range b.in.Claims {
		if _, ok := stanceKinds[c.Kind]; ok && b.publishedSince(c.Published) {
			b.claims = append(b.claims, c)
		}
	}
}

func (b *builder) keepEvent(e *sitrep.PictureEvent) bool {
	if b.since.IsZero() {
		return true
	}
	if _, hi, ok := eventDays(e); ok {
		return !hi.Before(b.since)
	}
	for _, r := range e.Reports {
		if b.publishedSince(r.Published) {
			return true
		}
	}
	return false
}

// publishedSince: a document counts as published on or after Since only
// when the whole span its date covers is.
func (b *builder) publishedSince(pub string) bool {
	if b.since.IsZero() {
		return true
	}
	lo, _, ok := span(pub)
	return ok && !lo.Before(b.since)
}

// eventDays is the first and last day an event's date covers, by its time
// precision (1 day, 2 week, 3 month or coarser).
func eventDays(e *sitrep.PictureEvent) (lo, hi time.Time, ok bool) {
	if e.EventDate == nil {
		return lo, hi, false
	}
	lo, _, ok = span(*e.EventDate)
	if !ok {
		return lo, hi, false
	}
	switch precision(e) {
	case 1:
		return lo, lo, true
	case 2:
		return lo, lo.AddDate(0, 0, 6), true
	default:
		if yearOnly(e) {
			return lo, lo.AddDate(1, 0, -1), true
		}
		lo = lo.AddDate(0, 0, 1-lo.Day())
		return lo, lo.AddDate(0, 1, -1), true
	}
}

func precision(e *sitrep.PictureEvent) int {
	if e.TimePrecision == nil {
		return 3
	}
	return *e.TimePrecision
}

// yearOnly: ACLED's coarsest precision is the month, so a year is coded as
// its first of January; the reports' date text tells a year from January.
func yearOnly(e *sitrep.PictureEvent) bool {
	if e.EventDate == nil || !strings.HasSuffix(*e.EventDate, "-01-01") || precision(e) < 3 {
		return false
	}
	for _, r := range e.Reports {
		if r.Event.EventDate != nil && *r.Event.EventDate == *e.EventDate && r.Event.DateText != "" {
			return !strings.Contains(strings.ToLower(r.Event.DateText), "jan")
		}
	}
	return false
}

// number gives every cited document its citation number. Rewrites of one
// original get consecutive numbers; families and lone documents come in
// order of publication, then id.
func (b *builder) number() {
	cited := b.used
	type doc struct{ id, fam, pub string }
	var docs []doc
	famPub := map[string]string{} // family → earliest publication among cited members
	for id := range cited {
		d := doc{id: id, fam: "doc:" + id}
		if s := b.srcByDoc[id]; s != nil {
			d.pub = s.Published
			if s.Family != "" {
				d.fam = "family:" + s.Family
			}
		}
		if p, ok := famPub[d.fam]; !ok || d.pub < p {
			famPub[d.fam] = d.pub
		}
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool {
		a, c := docs[i], docs[j]
		if pa, pc := famPub[a.fam], famPub[c.fam]; pa != pc {
			return pa < pc
		}
		if a.fam != c.fam {
			return a.fam < c.fam
		}
		if a.pub != c.pub {
			return a.pub < c.pub
		}
		return a.id < c.id
	})
	b.cite = map[string]int{}
	for i, d := range docs {
		b.cite[d.id] = i + 1
		b.order = append(b.order, d.id)
	}
}

// cites turns document ids into sorted, distinct citation numbers.
func (b *builder) cites(docs ...string) []int {
	var out []int
	for _, d := range docs {
		if b.cite == nil {
			b.used[d] = true
			continue
		}
		if n, ok := b.cite[d]; ok {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return compactInts(out)
}

func compactInts(s []int) []int {
	out := s[:0]
	for i, n := range s {
		if i == 0 || n != s[i-1] {
			out = append(out, n)
		}
	}
	return out
}

func eventDocs(e *sitrep.PictureEvent) []string {
	out := make([]string, 0, len(e.Reports))
	for _, r := range e.Reports {
		out = append(out, r.DocID)
	}
	return out
}

func (b *builder) summary() string {
	fams := map[string]bool{}
	for _, id := range b.order {
		key := "doc:" + id
		if s := b.srcByDoc[id]; s != nil && s.Family != "" {
			key = "family:" + s.Family
		}
		fams[key] = true
	}
	s := fmt.Sprintf("Assembled from %s (%s), %s and %s. Every statement cites its sources; figures are given as reported, with who reported them.",
		plural(len(b.order), "document"), plural(len(fams), "independent source"),
		plural(len(b.events), "fused event"), plural(len(b.claims), "accusation, denial, threat or demand", "accusations, denials, threats or demands"))
	if !b.since.IsZero() {
		s += " Only events dated on or after " + clean(b.in.Since) + ", and statements of documents published on or after it."
	}
	return s
}

func plural(n int, one string, many ...string) string {
	if n == 1 {
		return "1 " + one
	}
	if len(many) > 0 {
		return strconv.Itoa(n) + " " + many[0]
	}
	return strconv.Itoa(n) + " " + one + "s"
}

// score weighs an event's significance: deaths (on a log scale), the
// independent sources beyond the first, and recency (1 for the latest
// event, a half a month earlier, undated 0).
func (b *builder) score(e *sitrep.PictureEvent) float64 {
	s := 0.0
	if e.Fatalities != nil {
		s += 2 * math.Log10(1+float64(*e.Fatalities))
	}
	s += float64(max(e.Sources-1, 0))
	if _, hi, ok := eventDays(e); ok {
		s += 1 / (1 + b.latest.Sub(hi).Hours()/24/30)
	}
	return s
}

// ranked sorts events by score, the most significant first.
func (b *builder) ranked(in []*sitrep.PictureEvent) []*sitrep.PictureEvent {
	evs := append([]*sitrep.PictureEvent(nil), in...)
	scores := make(map[int64]float64, len(evs))
	for _, e := range evs {
		scores[e.ID] = b.score(e)
	}
	sort.SliceStable(evs, func(i, j int) bool {
		if si, sj := scores[evs[i].ID], scores[evs[j].ID]; si != sj {
			return si > sj
		}
		return evs[i].ID < evs[j].ID
	})
	return evs
}

// keyDevelopments lists the most significant events: the most deaths, the
// most independent sources, the latest.
func (b *builder) keyDevelopments() section {
	sec := section{ID: "key-developments", Title: "Key developments", Empty: "No events in the input."}
	evs := b.ranked(b.events)
	top := b.in.Top
	if top <= 0 {
		top = DefaultTop
	}
	if len(evs) > top {
		evs = evs[:top]
	}
	if len(evs) == 0 {
		return sec
	}
	g := group{}
	for _, e := range evs {
		l := b.eventLine(e, true)
		l.Sub = b.conflictLines(e)
		g.Lines = append(g.Lines, l)
	}
	sec.Groups = []group{g}
	return sec
}

// eventLine states one picture event: date, type, place, actors, deaths.
func (b *builder) eventLine(e *sitrep.PictureEvent, withSources bool) line {
	parts := []string{eventType(e.EventType, e.SubEventType)}
	if p := placeName(e.Location, e.Admin2, e.Admin1, e.Country); p != "" {
		parts = append(parts, p)
	}
	var actors []string
	for _, a := range []*sitrep.ActorRef{e.Actor1, e.Actor2} {
		if a != nil && a.Name != "" {
			actors = append(actors, clean(a.Name))
		}
	}
	if len(actors) > 0 {
		parts = append(parts, "actors: "+strings.Join(actors, "; "))
	}
	switch {
	case e.Fatalities == nil:
		parts = append(parts, "deaths reported without a figure")
	case *e.Fatalities > 0:
		f := "fatalities: " + strconv.Itoa(*e.Fatalities)
		if len(e.FatalityValues) > 1 {
			f += " (the lowest figure reported)"
		}
		parts = append(parts, f)
	}
	if withSources {
		parts = append(parts, plural(e.Sources, "independent source"))
	}
	return line{
		Segs:  []seg{{Kind: segStrong, Text: dateOf(e)}, {Text: " · " + strings.Join(parts, " · ")}},
		Cites: b.cites(eventDocs(e)...),
	}
}

// conflictLines puts side by side the values reports disagree on.
func (b *builder) conflictLines(e *sitrep.PictureEvent) []line {
	var out []line
	seen := map[string]bool{}
	for _, c := range e.Conflicts {
		var what string
		var vals []sitrep.FieldValue
		var show func(string) string
		switch c {
		case sitrep.ConflictDate:
			what, vals, show = "the date", e.Dates, showDateValue
		case sitrep.ConflictPlace:
			what, vals, show = "the place", e.Places, showPlaceValue
		case sitrep.ConflictType:
			what, vals, show = "the type of event", e.Types, clean
		case sitrep.ConflictVictims:
			if l, ok := b.victimsLine(e); ok {
				out = append(out, l)
				continue
			}
			what, vals, show = "the deaths", e.FatalityValues, showFatalityValue
		case sitrep.ConflictFatalities:
			what, vals, show = "the deaths", e.FatalityValues, showFatalityValue
		default:
			continue
		}
		if seen[what] || len(vals) == 0 {
			continue
		}
		seen[what] = true
		l := line{Segs: []seg{{Text: "Reports disagree on " + what + ": "}}}
		for i, v := range vals {
			if i > 0 {
				l.Segs = append(l.Segs, seg{Text: "; "})
			}
			l.Segs = append(l.Segs, seg{Kind: segStrong, Text: show(v.Value)}, seg{Kind: segCite, Cites: b.cites(v.Docs...)})
		}
		out = append(out, l)
	}
	return out
}

// victimsLine sets side by side whom each claimant counts among the dead
// of an event, from its quantities in the ledger.
func (b *builder) victimsLine(e *sitrep.PictureEvent) (line, bool) {
	l := line{Segs: []seg{{Text: "Claimants disagree on who was killed: "}}}
	n := 0
	for _, q := range b.in.Ledger {
		if q.Event != e.ID || strings.HasPrefix(q.Group, "injured:") {
			continue
		}
		who := clean(q.Label)
		if i := strings.Index(who, " killed in "); i > 0 {
			who = who[:i]
		}
		for _, f := range q.Figures {
			if n > 0 {
				l.Segs = append(l.Segs, seg{Text: "; "})
			}
			n++
			l.Segs = append(l.Segs, seg{Text: who + ": "}, seg{Kind: segStrong, Text: figure(f)},
				seg{Text: " (" + claimantName(f.Claimant) + ") "}, seg{Kind: segCite, Cites: b.cites(f.DocID)})
		}
	}
	return l, n > 1
}

func showDateValue(v string) string {
	d, p, _ := strings.Cut(v, "/")
	switch p {
	case "none", "":
		return "undated"
	case "1":
		return clean(d)
	case "2":
		return "week of " + clean(d)
	}
	if len(d) >= 7 {
		return clean(d[:7])
	}
	return clean(d)
}

func showPlaceValue(v string) string {
	parts := strings.Split(v, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return placeName(parts...)
}

func showFatalityValue(v string) string {
	if v == "null" {
		return "deaths without a figure"
	}
	return clean(v)
}

func dateOf(e *sitrep.PictureEvent) string {
	if e.EventDate == nil {
		return "undated"
	}
	d := clean(*e.EventDate)
	switch precision(e) {
	case 1:
		return d
	case 2:
		return "week of " + d
	}
	if yearOnly(e) && len(d) >= 4 {
		return d[:4]
	}
	if len(d) >= 7 {
		return d[:7]
	}
	return d
}

func eventType(t, sub string) string {
	t, sub = clean(t), clean(sub)
	switch {
	case sub != "" && t != "":
		return sub + " (" + t + ")"
	case t != "":
		return t
	case sub != "":
		return sub
	}
	return "event of unknown type"
}

// placeName joins place levels, finest first, dropping empty and repeated ones.
func placeName(levels ...string) string {
	var out []string
	for _, l := range levels {
		l = clean(l)
		if l == "" {
			continue
		}
		dup := false
		for _, o := range out {
			if strings.EqualFold(o, l) {
				dup = true
			}
		}
		if !dup {
			out = append(out, l)
		}
	}
	return strings.Join(out, ", ")
}

// disputed lists the quantities whose claimants disagree, figure by figure.
func (b *builder) disputed() section {
	sec := section{ID: "disputed-figures", Title: "Disputed figures", Empty: "No disputed figures in the input."}
	var qs []*sitrep.Quantity
	for i := range b.in.Ledger {
		q := &b.in.Ledger[i]
		if _, ok := b.kept[q.Event]; (ok || q.Event == 0) && q.Contested() {
			qs = append(qs, q)
		}
	}
	// Contradictions first, then the best-sourced, then the most figures.
	sort.SliceStable(qs, func(i, j int) bool {
		a, c := qs[i], qs[j]
		if (len(a.Contradictions) > 0) != (len(c.Contradictions) > 0) {
			return len(a.Contradictions) > 0
		}
		if a.Sources != c.Sources {
			return a.Sources > c.Sources
		}
		return len(a.Figures) > len(c.Figures)
	})
	if len(qs) > maxDisputed {
		sec.More = more(len(qs)-maxDisputed, "disputed figure", "disputed figures")
		qs = qs[:maxDisputed]
	}
	for _, q := range qs {
		var docs []string
		for _, f := range q.Figures {
			docs = append(docs, f.DocID)
		}
		g := group{Head: []seg{{Text: clean(q.Label)}}, Cites: b.cites(docs...)}
		g.Lines = append(g.Lines, line{
			Segs:  []seg{{Text: plural(q.Claimants, "claimant") + ", " + plural(q.Sources, "independent source")}},
			Cites: g.Cites,
		})
		for _, f := range q.Figures {
			l := line{Segs: []seg{{Kind: segStrong, Text: claimantName(f.Claimant)}, {Text: ": " + figure(f)}}, Cites: b.cites(f.DocID)}
			if t := quote(f.Text); t != "" {
				l.Segs = append(l.Segs, seg{Text: " · "}, seg{Kind: segQuote, Text: t})
			}
			g.Lines = append(g.Lines, l)
		}
		for _, c := range q.Contradictions {
			g.Lines = append(g.Lines, line{
				Segs: []seg{{Text: "Cannot both hold: "}, {Kind: segStrong, Text: figure(c.A)}, {Text: " (" + claimantName(c.A.Claimant) + ") against "},
					{Kind: segStrong, Text: figure(c.B)}, {Text: " (" + claimantName(c.B.Claimant) + ")"}},
				Cites: b.cites(c.A.DocID, c.B.DocID),
			})
		}
		sec.Groups = append(sec.Groups, g)
	}
	return sec
}

func claimantName(a *sitrep.ActorRef) string {
	if a == nil || clean(a.Name) == "" {
		return "the report itself"
	}
	return clean(a.Name)
}

// figure writes a figure as reported: its qualifier, number and range.
func figure(f sitrep.Figure) string {
	if f.Count == nil {
		return "no number given"
	}
	n := strconv.Itoa(*f.Count)
	if f.CountMax != nil {
		n += "–" + strconv.Itoa(*f.CountMax)
	}
	switch q := clean(f.Qualifier); q {
	case "", "exact":
		return n
	case "vague":
		return n + " (vague)"
	default:
		return q + " " + n
	}
}

// accusations groups accusations, denials, threats and demands by who
// makes them and against whom.
func (b *builder) accusations() section {
	sec := section{ID: "accusations", Title: "Who accuses whom", Empty: "No accusations, denials, threats or demands in the input."}
	type key struct{ claimant, about string }
	type stmt struct {
		kind, text string
		docs       []string
	}
	groups := map[key][]*stmt{}
	var keys []key
	for _, c := range b.claims {
		k := key{claimantName(c.Claimant), "no named party"}
		if c.About != nil && clean(c.About.Name) != "" {
			k.about = clean(c.About.Name)
		}
		text := quote(c.Text)
		var found *stmt
		for _, s := range groups[k] {
			if s.kind == c.Kind && s.text == text {
				found = s
			}
		}
		if found == nil {
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
			}
			found = &stmt{kind: c.Kind, text: text}
			groups[k] = append(groups[k], found)
		}
		found.docs = append(found.docs, c.DocID)
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if ni, nj := len(groups[keys[i]]), len(groups[keys[j]]); ni != nj {
			return ni > nj
		}
		if keys[i].claimant != keys[j].claimant {
			return keys[i].claimant < keys[j].claimant
		}
		return keys[i].about < keys[j].about
	})
	if len(keys) > maxStanceGroups {
		sec.More = more(len(keys)-maxStanceGroups, "claimant and party", "claimants and parties")
		keys = keys[:maxStanceGroups]
	}
	for _, k := range keys {
		var all []string
		g := group{Head: []seg{{Kind: segStrong, Text: k.claimant}, {Text: " → " + k.about}}}
		stmts := groups[k]
		// The statements most documents make first.
		sort.SliceStable(stmts, func(i, j int) bool { return len(stmts[i].docs) > len(stmts[j].docs) })
		if len(stmts) > maxStanceLines {
			g.More = more(len(stmts)-maxStanceLines, "statement", "statements")
			stmts = stmts[:maxStanceLines]
		}
		for _, s := range stmts {
			all = append(all, s.docs...)
			l := line{Segs: []seg{{Kind: segStrong, Text: stanceKinds[s.kind]}}, Cites: b.cites(s.docs...)}
			if s.text != "" {
				l.Segs = append(l.Segs, seg{Text: ": "}, seg{Kind: segQuote, Text: s.text})
			}
			g.Lines = append(g.Lines, l)
		}
		g.Cites = b.cites(all...)
		sec.Groups = append(sec.Groups, g)
	}
	return sec
}

// timeline lists the episodes in order, each with its events; undated
// events, which no episode holds, come last.
func (b *builder) timeline() section {
	sec := section{ID: "timeline", Title: "Timeline", Empty: "No events in the input."}
	placed := map[int64]bool{}
	type episode struct {
		ep     *sitrep.Episode
		events []*sitrep.PictureEvent
	}
	var eps []episode
	for i := range b.in.Episodes {
		ep := episode{ep: &b.in.Episodes[i]}
		for _, id := range ep.ep.Events {
			if e, ok := b.kept[id]; ok && !placed[id] {
				placed[id] = true
				ep.events = append(ep.events, e)
			}
		}
		if len(ep.events) > 0 {
			eps = append(eps, ep)
		}
	}
	if len(eps) > maxEpisodes {
		sec.More = more(len(eps)-maxEpisodes, "earlier episode", "earlier episodes")
		eps = eps[len(eps)-maxEpisodes:]
	}
	for _, ep := range eps {
		var g group
		g.Lines, g.Cites, g.More = b.eventLines(ep.events, maxEpisodeEvents)
		when := clean(ep.ep.Start)
		if end := clean(ep.ep.End); end != "" && end != when {
			when += " to " + end
		}
		g.Head = []seg{{Kind: segStrong, Text: when}}
		if l := clean(ep.ep.Label); l != "" {
			g.Head = append(g.Head, seg{Text: ": " + l})
		}
		sec.Groups = append(sec.Groups, g)
	}
	var rest []*sitrep.PictureEvent
	for _, e := range b.events {
		if !placed[e.ID] {
			rest = append(rest, e)
		}
	}
	if len(rest) > 0 {
		g := group{Head: []seg{{Kind: segStrong, Text: "Not on the timeline"}, {Text: ": undated or in no episode"}}}
		g.Lines, g.Cites, g.More = b.eventLines(rest, maxUndatedEvents)
		sec.Groups = append(sec.Groups, g)
	}
	return sec
}

// eventLines states events in their order; past limit, only the most
// significant ones, still in order.
func (b *builder) eventLines(evs []*sitrep.PictureEvent, limit int) (lines []line, cites []int, moreText string) {
	if len(evs) > limit {
		keep := map[int64]bool{}
		for _, e := range b.ranked(evs)[:limit] {
			keep[e.ID] = true
		}
		moreText = more(len(evs)-limit, "event", "events")
		var kept []*sitrep.PictureEvent
		for _, e := range evs {
			if keep[e.ID] {
				kept = append(kept, e)
			}
		}
		evs = kept
	}
	var docs []string
	for _, e := range evs {
		l := b.eventLine(e, false)
		l.Sub = b.conflictLines(e)
		lines = append(lines, l)
		docs = append(docs, eventDocs(e)...)
	}
	return lines, b.cites(docs...), moreText
}

// sources lists the cited documents by number, and says which are
// rewrites of one original.
func (b *builder) sources() ([]sourceLine, []line) {
	var out []sourceLine
	famMembers := map[string][]int{}
	var fams []string
	for i, id := range b.order {
		sl := sourceLine{N: i + 1, DocID: clean(id)}
		if s := b.srcByDoc[id]; s != nil {
			sl.Title, sl.Outlet, sl.Published = clean(s.Title), clean(s.Outlet), clean(s.Published)
			sl.URL = safeURL(s.URL)
			if s.Family != "" {
				if _, ok := famMembers[s.Family]; !ok {
					fams = append(fams, s.Family)
				}
				famMembers[s.Family] = append(famMembers[s.Family], i+1)
			}
		} else {
			sl.Missing = true
		}
		out = append(out, sl)
	}
	var notes []line
	for _, f := range fams {
		ns := famMembers[f]
		if len(ns) < 2 {
			continue
		}
		var segs []seg
		for i, n := range ns {
			switch {
			case i == 0:
			case i == len(ns)-1:
				segs = append(segs, seg{Text: " and "})
			default:
				segs = append(segs, seg{Text: ", "})
			}
			segs = append(segs, seg{Kind: segCite, Cites: []int{n}})
		}
		segs = append(segs, seg{Text: " are rewrites of one original: counted once."})
		notes = append(notes, line{Segs: segs})
	}
	return out, notes
}

// safeURL keeps web addresses only: a javascript:, data: or other scheme
// is not a source a reader should be sent to.
func safeURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || isBidi(r) }) {
		return ""
	}
	return s
}

// maxQuote bounds a quoted passage, in code points.
const maxQuote = 400

func quote(s string) string {
	s = clean(s)
	if utf8.RuneCountInString(s) <= maxQuote {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:maxQuote])) + "…"
}

// clean makes untrusted text one safe line: valid UTF-8, no control
// characters, no bidirectional overrides or isolates (which can make text
// read other than it is), whitespace runs collapsed.
func clean(s string) string {
	return strings.TrimSpace(strip(s))
}

// strip is clean without trimming: the writers apply it to every piece of
// text, trusted or not, as a last guard.
func strip(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var sb strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u2028' || r == '\u2029':
			space = true
			continue
		case isBidi(r) || unicode.IsControl(r) || r == '\uFEFF':
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	if space {
		sb.WriteByte(' ')
	}
	return sb.String()
}

func isBidi(r rune) bool {
	return r == '\u061C' || r == '\u200E' || r == '\u200F' ||
		(r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}
