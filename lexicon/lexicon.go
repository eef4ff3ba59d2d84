// Package lexicon is sitrep's actor dictionary (states, forces, armed groups,
// organisations, people) and the recogniser that finds actors in a report.
package lexicon

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

//go:embed data/states.json
var statesData []byte

//go:embed data/states_curated.json
var statesCuratedData []byte

//go:embed data/actors.json
var actorsData []byte

//go:embed data/words.json
var wordsData []byte

// Period says which actor acts for a state over a span of time.
type Period struct {
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
	From  string `json:"from,omitempty"`
	Until string `json:"until,omitempty"`
}

// Term is an office held by a person: Role is a role key of the cue words
// ("foreign-minister"), Of an ISO2 code or an actor id.
type Term struct {
	Role  string `json:"role"`
	Of    string `json:"of,omitempty"`
	From  string `json:"from,omitempty"`
	Until string `json:"until,omitempty"`
}

// Entry is one dictionary record as stored in the data files and accepted by
// Merge: a sitrep.Actor plus what recognition needs.
type Entry struct {
	sitrep.Actor
	Demonyms   []string `json:"demonyms,omitempty"`
	Capital    []string `json:"capital,omitempty"`
	State      string   `json:"state,omitempty"`
	Government []Period `json:"government,omitempty"`
	Military   []Period `json:"military,omitempty"`
	Police     []Period `json:"police,omitempty"`
	Short      []string `json:"short,omitempty"`
	Terms      []Term   `json:"terms,omitempty"`
	Media      bool     `json:"media,omitempty"`
}

// state is a polity whose names are read by metonymy.
type state struct {
	iso      string
	entry    int // index of the state's own entry
	demSlug  string
	demName  string
	gov      []Period
	military []Period
	police   []Period
}

type cueKind uint8

const (
	cueAlias cueKind = iota
	cueStateName
	cueCapital
	cueDemonym
	cueDemonymPlural
	cueForce
	cuePolice
	cueOfficial
	cueGroupNoun
	cueAction
	cuePolicy
	cueRole
	cueTitle
	cueCivilians
)

type cue struct {
	kind cueKind
	ref  int32 // entry, state, role or group index, by kind
}

// Lexicon is a loaded actor dictionary. It is safe for concurrent use by
// Recognise; Merge must not run concurrently with other methods.
type Lexicon struct {
	entries []Entry
	byID    map[string]int
	states  []state
	byISO   map[string]int
	// stateOfEntry maps an entry index to the state it acts for, if any.
	stateOfEntry map[int]int
	phrases      *text.PhraseSet
	cues         []cue
	w            *words
	roleNames    []string
	// synthetic actors: <state>-military, <dem>-media, civilians-<cc> …
	synth map[string]sitrep.Actor
}

var (
	loadOnce sync.Once
	loaded   *Lexicon
	loadErr  error
)

// Load returns the built-in dictionary. The first call parses the embedded
// data; later calls return a cheap copy of it, which Merge may change without
// affecting other callers.
func Load() (*Lexicon, error) {
	loadOnce.Do(func() { loaded, loadErr = build(nil) })
	if loadErr != nil {
		return nil, loadErr
	}
	c := *loaded
	return &c, nil
}

// Merge reads a JSON array of entries (the format of data/actors.json) and
// adds them over the current ones: an entry with an existing id replaces it.
func (l *Lexicon) Merge(r io.Reader) error {
	var user []Entry
	dec := json.NewDecoder(r)
	if err := dec.Decode(&user); err != nil {
		return fmt.Errorf("lexicon: reading user actors: %w", err)
	}
	for i, e := range user {
		if e.ID == "" || e.Name == "" {
			return fmt.Errorf("lexicon: user actor %d: id and name are required", i)
		}
		if e.Type == "" {
			user[i].Type = sitrep.ActorOther
		}
	}
	nl, err := build(append(append([]Entry(nil), l.baseEntries()...), user...))
	if err != nil {
		return err
	}
	*l = *nl
	return nil
}

// baseEntries returns the entries a rebuild starts from.
func (l *Lexicon) baseEntries() []Entry { return l.entries }

// Actor returns the dictionary actor with this id, including the composed
// ones ("india-military", "pakistani-media", "civilians-af").
func (l *Lexicon) Actor(id string) (sitrep.Actor, bool) {
	if i, ok := l.byID[id]; ok {
		return l.entries[i].Actor, true
	}
	a, ok := l.synth[id]
	return a, ok
}

// Actors returns every dictionary entry (not the composed actors), sorted by id.
func (l *Lexicon) Actors() []sitrep.Actor {
	out := make([]sitrep.Actor, len(l.entries))
	for i, e := range l.entries {
		out[i] = e.Actor
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// build assembles a lexicon. With entries nil it reads the embedded data;
// otherwise entries is the full list (built-in plus user), already merged.
func build(entries []Entry) (*Lexicon, error) {
	w, err := loadWords(wordsData)
	if err != nil {
		return nil, err
	}
	if entries == nil {
		entries, err = builtinEntries()
		if err != nil {
			return nil, err
		}
	} else {
		entries = dedupe(entries)
	}
	l := &Lexicon{
		entries:      entries,
		byID:         make(map[string]int, len(entries)),
		byISO:        make(map[string]int),
		stateOfEntry: make(map[int]int),
		phrases:      text.NewPhraseSet(),
		w:            w,
		synth:        make(map[string]sitrep.Actor),
	}
	for i, e := range entries {
		l.byID[e.ID] = i
	}
	// States first: an entry with demonyms or capital, or type state with no
	// State link, is a polity.
	for i, e := range entries {
		// A polity has a demonym or a capital; blocs ("gulf-states") and
		// agencies ("afghan-gdi") are plain names.
		if e.State != "" || len(e.Demonyms)+len(e.Capital) == 0 {
			continue
		}
		s := state{iso: e.Country, entry: i, gov: e.Government, military: e.Military, police: e.Police}
		if len(e.Demonyms) > 0 {
			s.demName = e.Demonyms[0]
			s.demSlug = slug(e.Demonyms[0])
		}
		l.stateOfEntry[i] = len(l.states)
		if _, dup := l.byISO[e.Country]; e.Country != "" && !dup {
			l.byISO[e.Country] = len(l.states)
		}
		l.states = append(l.states, s)
	}
	for i, e := range entries {
		if e.State == "" {
			continue
		}
		if si, ok := l.byISO[e.State]; ok {
			l.stateOfEntry[i] = si
		}
	}
	l.synthesise()
	l.addPhrases()
	return l, nil
}

func builtinEntries() ([]Entry, error) {
	var gen []Entry
	if err := json.Unmarshal(statesData, &gen); err != nil {
		return nil, fmt.Errorf("lexicon: states.json: %w", err)
	}
	var cur []Entry
	if err := json.Unmarshal(statesCuratedData, &cur); err != nil {
		return nil, fmt.Errorf("lexicon: states_curated.json: %w", err)
	}
	var act []Entry
	if err := json.Unmarshal(actorsData, &act); err != nil {
		return nil, fmt.Errorf("lexicon: actors.json: %w", err)
	}
	byISO := make(map[string]int, len(gen))
	for i, e := range gen {
		byISO[e.Country] = i
	}
	for _, c := range cur {
		if c.State == "" {
			gen = append(gen, c)
			continue
		}
		i, ok := byISO[c.State]
		if !ok {
			return nil, fmt.Errorf("lexicon: states_curated.json: unknown state %q", c.State)
		}
		g := &gen[i]
		if c.ID != "" {
			// the old id stays a name of the state
			g.Aliases = append(g.Aliases, g.Name)
			g.ID = c.ID
		}
		if c.Name != "" {
			if c.Name != g.Name {
				g.Aliases = append(g.Aliases, g.Name)
			}
			g.Name = c.Name
		}
		g.Aliases = append(g.Aliases, c.Aliases...)
		g.Demonyms = append(g.Demonyms, c.Demonyms...)
		g.Capital = append(g.Capital, c.Capital...)
		if c.Government != nil {
			g.Government = c.Government
		}
		if c.Military != nil {
			g.Military = c.Military
		}
		if c.Police != nil {
			g.Police = c.Police
		}
	}
	for i := range gen {
		gen[i].Type = sitrep.ActorState
		gen[i].Aliases = uniq(gen[i].Aliases, gen[i].Name)
	}
	return dedupe(append(gen, act...)), nil
}

// dedupe keeps the last entry of each id, in first-seen order.
func dedupe(entries []Entry) []Entry {
	last := make(map[string]int, len(entries))
	for i, e := range entries {
		last[e.ID] = i
	}
	out := make([]Entry, 0, len(last))
	for i, e := range entries {
		if last[e.ID] == i {
			if e.Type == "international-org" {
				e.Type = sitrep.ActorOrganisation
			}
			out = append(out, e)
		}
	}
	return out
}

func uniq(ss []string, drop string) []string {
	seen := map[string]bool{drop: true}
	out := ss[:0:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// synthesise creates the composed actors of every state: its military and
// police, and groups named by its demonym.
func (l *Lexicon) synthesise() {
	for si := range l.states {
		s := &l.states[si]
		e := l.entries[s.entry]
		base := strings.TrimSuffix(e.ID, "-gov")
		cname := strings.TrimPrefix(e.Name, "Government of ")
		if s.military == nil {
			s.military = []Period{{ID: base + "-military", Name: "Military Forces of " + cname}}
		}
		if s.police == nil {
			s.police = []Period{{ID: base + "-police", Name: "Police Forces of " + cname}}
		}
		for _, ps := range [][]Period{s.military, s.police} {
			for _, p := range ps {
				if _, ok := l.byID[p.ID]; ok || p.Name == "" {
					continue
				}
				l.synth[p.ID] = sitrep.Actor{ID: p.ID, Name: p.Name, Type: sitrep.ActorState, Country: e.Country, From: p.From, Until: p.Until}
			}
		}
		if s.demSlug == "" {
			continue
		}
		for gi, g := range l.w.groups {
			id := l.groupID(gi, si)
			if _, ok := l.byID[id]; ok {
				continue
			}
			l.synth[id] = sitrep.Actor{ID: id, Name: l.fill(g.Name, si), Type: sitrep.ActorType(g.Type), Country: e.Country}
		}
		id := l.fillID(l.w.people.ID, si)
		if _, ok := l.byID[id]; !ok {
			l.synth[id] = sitrep.Actor{ID: id, Name: l.fill(l.w.people.Name, si), Type: sitrep.ActorType(l.w.people.Type), Country: e.Country}
		}
	}
}

func (l *Lexicon) groupID(gi, si int) string { return l.fillID(l.w.groups[gi].ID, si) }

func (l *Lexicon) fillID(tmpl string, si int) string {
	s := l.states[si]
	r := strings.NewReplacer("{dem}", s.demSlug, "{cc}", strings.ToLower(s.iso))
	return r.Replace(tmpl)
}

func (l *Lexicon) fill(tmpl string, si int) string {
	s := l.states[si]
	e := l.entries[s.entry]
	cname := strings.TrimPrefix(e.Name, "Government of ")
	r := strings.NewReplacer("{Dem}", s.demName, "{Country}", cname)
	return r.Replace(tmpl)
}

// addPhrases fills the phrase set with every name and cue phrase.
func (l *Lexicon) addPhrases() {
	add := func(p string, c cue, cs bool) {
		id := int32(len(l.cues))
		l.cues = append(l.cues, c)
		l.phrases.Add(p, id, cs)
	}
	for i, e := range l.entries {
		si, isState := l.stateOfEntry[i]
		polity := isState && l.states[si].entry == i
		names := append([]string{e.Name}, e.Aliases...)
		for _, n := range names {
			if polity {
				add(n, cue{cueStateName, int32(si)}, caseSensitive(n, e))
				continue
			}
			add(n, cue{cueAlias, int32(i)}, caseSensitive(n, e))
		}
		for _, s := range e.Short {
			add(s, cue{cueAlias, int32(i)}, true)
		}
		if polity {
			for _, c := range e.Capital {
				add(c, cue{cueCapital, int32(si)}, true)
			}
			for _, d := range e.Demonyms {
				add(d, cue{cueDemonym, int32(si)}, true)
				if p := plural(d); p != "" {
					add(p, cue{cueDemonymPlural, int32(si)}, true)
				}
			}
		}
	}
	w := l.w
	for _, p := range w.forceNouns {
		add(p, cue{cueForce, 0}, false)
	}
	for _, p := range w.groupOnlyNouns {
		add(p, cue{cueForce, 1}, false)
	}
	for _, p := range w.policeNouns {
		add(p, cue{cuePolice, 0}, false)
	}
	for _, p := range w.officialNouns {
		add(p, cue{cueOfficial, 0}, false)
	}
	for gi, g := range w.groups {
		for _, p := range g.Nouns {
			add(p, cue{cueGroupNoun, int32(gi)}, false)
		}
	}
	for _, p := range w.actionNouns {
		add(p, cue{cueAction, 0}, false)
	}
	for _, p := range w.policyNouns {
		add(p, cue{cuePolicy, 0}, false)
	}
	for ri, r := range w.roles {
		l.roleNames = append(l.roleNames, r.Role)
		for _, p := range r.Phrases {
			add(p, cue{cueRole, int32(ri)}, isAbbrev(p))
		}
	}
	for _, p := range w.titles {
		add(p, cue{cueTitle, 0}, false)
	}
	for _, p := range w.bareCivilians {
		add(p, cue{cueCivilians, 0}, false)
	}
}

// caseSensitive decides whether a name must keep its capitalisation in the
// text: abbreviations ("US", "IS-K"), people's names and media titles must;
// descriptive names ("Afghan Taliban", "analysts") need not.
func caseSensitive(name string, e Entry) bool {
	if e.Type == sitrep.ActorPerson || e.Media {
		return true
	}
	for _, t := range text.Tokenize(name) {
		if isAbbrev(t.Cased) || innerCapital(t.Cased) {
			return true
		}
	}
	return false
}

// innerCapital reports an upper-case letter after the first ("LeT", "TOLOnews").
func innerCapital(s string) bool {
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			return true
		}
	}
	return false
}

// isAbbrev reports whether s has two or more letters, all upper case.
func isAbbrev(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			n++
		case r >= 'a' && r <= 'z':
			return false
		}
	}
	return n >= 2
}

// plural forms the people name of a demonym ("Afghan" → "Afghans"); demonyms
// that are their own plural ("Chinese", "Swiss") give "".
func plural(d string) string {
	if strings.ContainsAny(d, " ") {
		return ""
	}
	switch {
	case strings.HasSuffix(d, "ese"), strings.HasSuffix(d, "s"), strings.HasSuffix(d, "sh"), strings.HasSuffix(d, "ch"):
		return ""
	}
	return d + "s"
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, t := range text.Tokenize(s) {
		if dash {
			b.WriteByte('-')
		}
		b.WriteString(t.Norm)
		dash = true
	}
	return b.String()
}

// parseDate reads YYYY, YYYY-MM or YYYY-MM-DD; end selects the last day of
// the period instead of the first.
func parseDate(s string, end bool) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	type key struct {
		s   string
		end bool
	}
	if v, ok := dateCache.Load(key{s, end}); ok {
		t := v.(time.Time)
		return t, !t.IsZero()
	}
	t, ok := parseDateUncached(s, end)
	dateCache.Store(key{s, end}, t)
	return t, ok
}

// dateCache holds parsed dictionary dates: there are few, read often.
var dateCache sync.Map

func parseDateUncached(s string, end bool) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if end {
			switch layout {
			case "2006-01":
				t = t.AddDate(0, 1, -1)
			case "2006":
				t = t.AddDate(1, 0, -1)
			}
		}
		return t, true
	}
	return time.Time{}, false
}

// covers reports whether [from, until] contains d. A zero d is covered only by
// an open-ended period (the present).
func covers(from, until string, d time.Time) bool {
	if d.IsZero() {
		return until == ""
	}
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	if f, ok := parseDate(from, false); ok && day.Before(f) {
		return false
	}
	if u, ok := parseDate(until, true); ok && day.After(u) {
		return false
	}
	return true
}

// at picks the period covering d; with none, the state's own entry id.
func (l *Lexicon) at(ps []Period, d time.Time, fallback string) string {
	for _, p := range ps {
		if covers(p.From, p.Until, d) {
			return p.ID
		}
	}
	if d.IsZero() && len(ps) > 0 {
		return ps[len(ps)-1].ID
	}
	return fallback
}

// actorOf returns the actor for an id known to the lexicon.
func (l *Lexicon) actorOf(id string) sitrep.Actor {
	if a, ok := l.Actor(id); ok {
		return a
	}
	return sitrep.Actor{ID: id, Name: id, Type: sitrep.ActorOther}
}

func (l *Lexicon) govOf(si int, d time.Time) string {
	s := l.states[si]
	return l.at(s.gov, d, l.entries[s.entry].ID)
}

func (l *Lexicon) militaryOf(si int, d time.Time) string {
	s := l.states[si]
	return l.at(s.military, d, s.military[0].ID)
}

func (l *Lexicon) policeOf(si int, d time.Time) string {
	s := l.states[si]
	return l.at(s.police, d, s.police[0].ID)
}

// MilitaryOf returns the armed forces that act for the state behind actor id
// at d: "pakistan-gov" gives pakistan-military, "india" india-military,
// "afghan-taliban" itself after August 2021. Kinetic events are coded on
// forces even when a report names the state ("Pakistan struck …").
func (l *Lexicon) MilitaryOf(id string, d time.Time) (sitrep.Actor, bool) {
	si, ok := l.stateOf(id)
	if !ok {
		return sitrep.Actor{}, false
	}
	return l.actorOf(l.militaryOf(si, d)), true
}

// GovernmentOf returns the government of the state with ISO 3166-1 alpha-2
// code iso at d ("AF" gives afghanistan-gov before 2021-08-15 and
// afghan-taliban after).
func (l *Lexicon) GovernmentOf(iso string, d time.Time) (sitrep.Actor, bool) {
	si, ok := l.byISO[strings.ToUpper(iso)]
	if !ok {
		return sitrep.Actor{}, false
	}
	return l.actorOf(l.govOf(si, d)), true
}

// stateOf finds the state an actor id stands for: its own entry, an entry
// linked by "state", or a government or forces id of a period.
func (l *Lexicon) stateOf(id string) (int, bool) {
	if i, ok := l.byID[id]; ok {
		if si, ok := l.stateOfEntry[i]; ok {
			return si, true
		}
	}
	for si, s := range l.states {
		for _, ps := range [][]Period{s.gov, s.military, s.police} {
			for _, p := range ps {
				if p.ID == id {
					return si, true
				}
			}
		}
	}
	return 0, false
}
