package event

import (
	_ "embed"
	"fmt"
	"math/bits"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/text"
)

//go:embed data/triggers.tsv
var triggersTSV string

//go:embed data/cues.tsv
var cuesTSV string

//go:embed data/tallies.tsv
var talliesTSV string

// trigger is one row of triggers.tsv.
type trigger struct {
	phrase  string
	typ     string
	sub     string // "*" when the target decides
	weight  float64
	comment string
	// flags
	notPassive, crowd, group, weak, capture, border bool
}

// Cue classes, as bits: a phrase may belong to several.
const (
	cNeg uint64 = 1 << iota
	cModal
	cStat
	cPause
	cAnaphor
	cContinue
	cAgain
	cToExcept
	cBoundary
	cDeath
	cInjury
	cCrowd
	cIntervene
	cExcessive
	cCiv
	cMil
	cAssoc
	cPronoun
	cAccord
	cAssessment
	cAccusation
	cDenial
	cThreat
	cDemand
	cDet
	cSkip
	cUnit
	cFighter
	cForce
	cWarning
	cFuture
	cSource
	cBlame
	cBorder
	cGeneric
	cCoincide
	cGround
)

// cClaim is any reporting or stance verb.
const cClaim = cAssessment | cAccusation | cDenial | cThreat | cDemand | cWarning

var cueClasses = map[string]uint64{
	"neg": cNeg, "modal": cModal, "stat": cStat, "pause": cPause, "anaphor": cAnaphor,
	"continue": cContinue, "again": cAgain, "toexcept": cToExcept, "boundary": cBoundary,
	"death": cDeath, "injury": cInjury, "crowd": cCrowd, "intervene": cIntervene,
	"excessive": cExcessive, "civ": cCiv, "mil": cMil, "assoc": cAssoc, "pronoun": cPronoun,
	"accord": cAccord, "claim:assessment": cAssessment, "claim:accusation": cAccusation,
	"claim:denial": cDenial, "claim:threat": cThreat, "claim:demand": cDemand,
	"det": cDet, "skip": cSkip, "unit": cUnit, "fighter": cFighter, "force": cForce,
	"claim:warning": cWarning, "future": cFuture, "source": cSource, "blame": cBlame, "borderw": cBorder, "generic": cGeneric,
	"coincide": cCoincide, "ground": cGround,
}

// lexicon is the loaded knowledge of the event stage.
type lexicon struct {
	triggers  []trigger
	trigSet   *text.PhraseSet // ids index triggers
	cueSet    *text.PhraseSet // ids are cue class bits
	units     []string        // tally unit classes
	unitWhose []int           // per unit class: whose its figures are (whose* constants)
	unitSet   *text.PhraseSet // ids index units
}

var lex = mustLoad()

func mustLoad() *lexicon {
	l, err := load(triggersTSV, cuesTSV)
	if err == nil {
		err = l.loadUnits(talliesTSV)
	}
	if err != nil {
		panic("event: bad embedded data: " + err.Error())
	}
	return l
}

// loadUnits reads tallies.tsv: countable nouns by unit class.
func (l *lexicon) loadUnits(data string) error {
	l.unitSet = text.NewPhraseSet()
	ids := map[string]int32{}
	for n, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || strings.TrimSpace(f[1]) == "" {
			return fmt.Errorf("tallies.tsv:%d: want 3 columns", n+1)
		}
		whose, ok := map[string]int{"-": whoseNone, "by": whoseBy, "of": whoseOf}[strings.TrimSpace(f[2])]
		if !ok {
			return fmt.Errorf("tallies.tsv:%d: whose is by, of or -", n+1)
		}
		u := strings.TrimSpace(f[1])
		id, ok := ids[u]
		if !ok {
			id = int32(len(l.units))
			ids[u] = id
			l.units = append(l.units, u)
			l.unitWhose = append(l.unitWhose, whose)
		} else if l.unitWhose[id] != whose {
			return fmt.Errorf("tallies.tsv:%d: unit %s has two kinds of whose", n+1, u)
		}
		for _, p := range expand(f[0]) {
			l.unitSet.Add(p, id, false)
		}
	}
	return nil
}

func load(trig, cues string) (*lexicon, error) {
	l := &lexicon{trigSet: text.NewPhraseSet(), cueSet: text.NewPhraseSet()}
	for n, line := range strings.Split(trig, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 {
			return nil, fmt.Errorf("triggers.tsv:%d: want at least 4 columns", n+1)
		}
		w, err := strconv.ParseFloat(f[3], 64)
		if err != nil {
			return nil, fmt.Errorf("triggers.tsv:%d: weight: %w", n+1, err)
		}
		t := trigger{phrase: f[0], typ: f[1], sub: f[2], weight: w}
		if len(f) > 4 {
			for _, fl := range strings.Split(f[4], ",") {
				switch strings.TrimSpace(fl) {
				case "notpassive":
					t.notPassive = true
				case "crowd":
					t.crowd = true
				case "group":
					t.group = true
				case "weak":
					t.weak = true
				case "capture":
					t.capture = true
				case "border":
					t.border = true
				case "":
				default:
					return nil, fmt.Errorf("triggers.tsv:%d: unknown flag %q", n+1, fl)
				}
			}
		}
		if len(f) > 5 {
			t.comment = strings.TrimSpace(strings.Join(f[5:], " "))
		}
		if !validType(t.typ, t.sub) {
			return nil, fmt.Errorf("triggers.tsv:%d: unknown type %q / %q", n+1, t.typ, t.sub)
		}
		id := int32(len(l.triggers))
		l.triggers = append(l.triggers, t)
		for _, p := range expand(f[0]) {
			l.trigSet.Add(p, id, false)
		}
	}
	for n, line := range strings.Split(cues, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("cues.tsv:%d: want 2 columns", n+1)
		}
		c, ok := cueClasses[strings.TrimSpace(f[1])]
		if !ok {
			return nil, fmt.Errorf("cues.tsv:%d: unknown class %q", n+1, f[1])
		}
		for _, p := range expand(f[0]) {
			l.cueSet.Add(p, int32(bits.TrailingZeros64(c)), false)
		}
	}
	return l, nil
}

// expand writes out "{a,b}" alternatives: "clash{,es}" gives clash, clashes.
func expand(p string) []string {
	i := strings.IndexByte(p, '{')
	if i < 0 {
		return []string{p}
	}
	j := strings.IndexByte(p[i:], '}')
	if j < 0 {
		return []string{p}
	}
	j += i
	var out []string
	for _, alt := range strings.Split(p[i+1:j], ",") {
		for _, rest := range expand(p[j+1:]) {
			out = append(out, p[:i]+alt+rest)
		}
	}
	return out
}

// ACLED's event types and sub-event types.
var acledTypes = map[string][]string{
	"Battles":                    {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
	"Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
	"Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
	"Protests":                   {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
	"Riots":                      {"Violent demonstration", "Mob violence"},
	"Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
		"Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other"},
}

func validType(typ, sub string) bool {
	subs, ok := acledTypes[typ]
	if !ok {
		return false
	}
	if sub == "*" {
		return true
	}
	for _, s := range subs {
		if s == sub {
			return true
		}
	}
	return false
}
