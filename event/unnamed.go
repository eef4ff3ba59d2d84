package event

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

// UnidentifiedPrefix starts the id of ACLED's "Unidentified Armed Group
// (Country)" actors, followed by the lowercase ISO code of the country.
const UnidentifiedPrefix = "unidentified-armed-group-"

//go:embed data/unnamed.tsv
var unnamedTSV string

// Placeholder actors for unnamed perpetrators and forces. They stand in the
// document until the country of an event or statement is known, then become
// ACLED's actors of that country ("Unidentified Armed Group (Pakistan)",
// "Police Forces of Pakistan"); without a country they are left out.
var (
	unnamedArmed    = sitrep.Actor{ID: "?armed", Name: "Unidentified Armed Group", Type: sitrep.ActorArmedGroup}
	unnamedPolice   = sitrep.Actor{ID: "?police", Name: "Police Forces", Type: sitrep.ActorState}
	unnamedMilitary = sitrep.Actor{ID: "?military", Name: "Military Forces", Type: sitrep.ActorState}
)

var unnamedClasses = map[string]sitrep.Actor{"armed": unnamedArmed, "police": unnamedPolice, "military": unnamedMilitary}

// unnamedSet matches the nouns of data/unnamed.tsv; ids index unnamedActors.
var unnamedSet, unnamedActors = mustLoadUnnamed()

func mustLoadUnnamed() (*text.PhraseSet, []sitrep.Actor) {
	s, as, err := loadUnnamed(unnamedTSV)
	if err != nil {
		panic("event: bad embedded data: " + err.Error())
	}
	return s, as
}

func loadUnnamed(data string) (*text.PhraseSet, []sitrep.Actor, error) {
	set := text.NewPhraseSet()
	var as []sitrep.Actor
	for n, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return nil, nil, fmt.Errorf("unnamed.tsv:%d: want 2 columns", n+1)
		}
		a, ok := unnamedClasses[strings.TrimSpace(f[1])]
		if !ok {
			return nil, nil, fmt.Errorf("unnamed.tsv:%d: unknown class %q", n+1, f[1])
		}
		id := int32(len(as))
		as = append(as, a)
		for _, p := range expand(f[0]) {
			set.Add(p, id, false)
		}
	}
	return set, as, nil
}

func isUnnamed(a sitrep.Actor) bool { return strings.HasPrefix(a.ID, "?") }

// addUnnamed adds placeholder mentions for the unnamed perpetrators and
// forces the recognisers left: "gunmen", "police said", "troops". A noun
// next to a named actor ("Taliban fighters", "Pakistani police", "militants
// of the TTP") belongs to it; "the militants" after a named armed group
// refers back to it, and forces in a sentence that names a state were left
// unresolved by the actor recogniser on purpose.
func (d *doc) addUnnamed() {
	// only sentences that tell an event or a statement read actors: the
	// others are not matched at all (most of a long analysis piece)
	want := make([]bool, len(d.sents))
	for _, m := range d.trigs {
		if si := d.tokSent[m.First]; si >= 0 {
			want[si] = true
		}
	}
	for _, m := range d.cues {
		if si := d.tokSent[m.First]; si >= 0 && d.cueBits[m.First]&(cClaim|cAccord) != 0 {
			want[si] = true
		}
	}
	var ms []text.PhraseMatch
	for si, ok := range want {
		if !ok {
			continue
		}
		a, b := d.sentTok[si][0], d.sentTok[si][1]
		for _, m := range unnamedSet.Match(d.toks[a:b]) {
			m.First += a
			m.Last += a
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return
	}
	var add []sitrep.ActorMention
	for _, m := range ms {
		span := d.tokSpan(m.First, m.Last)
		si := d.tokSent[m.First]
		if si < 0 || d.nearActor(span) {
			continue
		}
		a := unnamedActors[m.IDs[0]]
		sent := d.sents[si]
		switch a.ID {
		case unnamedArmed.ID:
			if d.namedIn(sent, sitrep.ActorArmedGroup) {
				continue
			}
			switch d.word(m.First - 1) {
			case "the", "these", "those", "its", "their":
				if d.namedBefore(span.Start, sitrep.ActorArmedGroup) {
					continue
				}
			}
		default:
			if d.namedIn(sent, sitrep.ActorState) {
				continue
			}
		}
		add = append(add, sitrep.ActorMention{Actor: a, Span: span})
	}
	if len(add) == 0 {
		return
	}
	d.actors = append(d.actors, add...)
	sort.SliceStable(d.actors, func(i, j int) bool { return d.actors[i].Span.Start < d.actors[j].Span.Start })
}

// nearActor reports a named actor mention overlapping span, ending right
// before it ("TTP militants") or following it after of/from ("militants of
// the TTP").
func (d *doc) nearActor(span sitrep.Span) bool {
	i := sort.Search(len(d.actors), func(i int) bool { return d.actors[i].Span.End > span.Start-2 })
	for ; i < len(d.actors) && d.actors[i].Span.Start < span.End+16; i++ {
		m := d.actors[i].Span
		if m.Start < span.End && m.End > span.Start {
			return true
		}
		if m.End <= span.Start && strings.TrimSpace(d.in.Text[m.End:span.Start]) == "" {
			return true
		}
		if m.Start >= span.End {
			gap := strings.TrimSpace(strings.ToLower(d.in.Text[span.End:m.Start]))
			switch gap {
			case "of", "of the", "from", "from the", "belonging to", "belonging to the", "loyal to", "linked to", "affiliated with":
				return true
			}
		}
	}
	return false
}

// namedIn reports a named actor of type typ inside span.
func (d *doc) namedIn(span sitrep.Span, typ sitrep.ActorType) bool {
	for _, m := range d.actorsIn(span) {
		if m.Actor.Type == typ && !isUnnamed(m.Actor) {
			return true
		}
	}
	return false
}

// namedBefore reports a named actor of type typ before byte offset b.
func (d *doc) namedBefore(b int, typ sitrep.ActorType) bool {
	for _, m := range d.actors {
		if m.Span.Start >= b {
			break
		}
		if m.Actor.Type == typ && !isUnnamed(m.Actor) {
			return true
		}
	}
	return false
}

// resolveUnnamed turns a placeholder into the actor of country cc at a date:
// ACLED's "Unidentified Armed Group (Pakistan)" or the state's police or
// military. ok is false without a country.
func (d *doc) resolveUnnamed(a sitrep.Actor, cc string, at time.Time) (sitrep.Actor, bool) {
	name, known := countryNames[cc]
	if cc == "" || !known {
		return sitrep.Actor{}, false
	}
	if a.ID == unnamedArmed.ID {
		return sitrep.Actor{ID: UnidentifiedPrefix + strings.ToLower(cc), Name: "Unidentified Armed Group (" + name + ")",
			Type: sitrep.ActorArmedGroup, Country: cc}, true
	}
	built := sitrep.Actor{ID: slug(name), Name: name, Type: sitrep.ActorState, Country: cc}
	mil := forcesOf(built)
	if d.in.Government != nil {
		if g, ok := d.in.Government(cc, at); ok {
			mil = d.forces(g, at)
		}
	}
	if a.ID == unnamedMilitary.ID {
		return mil, true
	}
	if !strings.HasSuffix(mil.ID, "-military") {
		// the forces are a ruling group's own ("afghan-taliban"): so is the police
		return mil, true
	}
	// police are named the way the actor dictionary names them
	return sitrep.Actor{ID: strings.TrimSuffix(mil.ID, "-military") + "-police",
		Name: strings.Replace(mil.Name, "Military Forces", "Police Forces", 1), Type: sitrep.ActorState, Country: cc,
		From: mil.From, Until: mil.Until}, true
}

// countryNear is the country of the places told in sentence si, else in the
// nearest sentence before it, else after it: where a statement speaks from.
func (d *doc) countryNear(si int) string {
	for k := 0; k < len(d.sents); k++ {
		for _, s := range []int{si - k, si + k} {
			if s < 0 || s >= len(d.sents) || k > 0 && s == si {
				continue
			}
			for _, p := range d.placesIn(d.sents[s]) {
				if p.Place.CountryCode != "" {
					return p.Place.CountryCode
				}
			}
		}
	}
	return ""
}

// atOfClaim is the date at which a statement's speaker is named: the
// publication date, else now.
func (d *doc) atOfClaim() time.Time {
	if !d.in.Published.IsZero() {
		return d.in.Published
	}
	return time.Now()
}
