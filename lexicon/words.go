package lexicon

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sitrep-dev/sitrep/text"
)

// groupNoun composes an actor from a demonym and a noun ("Afghan refugees").
type groupNoun struct {
	Nouns []string `json:"nouns"`
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Type  string   `json:"type"`
}

type roleDef struct {
	Role    string   `json:"role"`
	Phrases []string `json:"phrases"`
}

// wordsFile mirrors data/words.json.
type wordsFile struct {
	AgentVerbs          []string    `json:"agent_verbs"`
	IrregularVerbs      []string    `json:"irregular_verbs"`
	ObjectVerbs         []string    `json:"object_verbs"`
	PlaceParticiples    []string    `json:"place_participles"`
	Aux                 []string    `json:"aux"`
	Be                  []string    `json:"be"`
	Have                []string    `json:"have"`
	Modals              []string    `json:"modals"`
	Discourse           []string    `json:"discourse"`
	LocativePreps       []string    `json:"locative_preps"`
	RecipientNouns      []string    `json:"recipient_nouns"`
	RelationNouns       []string    `json:"relation_nouns"`
	PolityNouns         []string    `json:"polity_nouns"`
	PolityLinks         []string    `json:"polity_links"`
	PlaceNouns          []string    `json:"place_nouns"`
	StanceNouns         []string    `json:"stance_nouns"`
	ForceNouns          []string    `json:"force_nouns"`
	GroupOnlyNouns      []string    `json:"force_nouns_group_only"`
	ForceNotActor       []string    `json:"force_not_actor"`
	BareForce           []string    `json:"bare_force_nouns"`
	BareForceStateOnly  []string    `json:"bare_force_state_only"`
	BareForceDeterminer []string    `json:"bare_force_needs_determiner"`
	PoliceNouns         []string    `json:"police_nouns"`
	OfficialNouns       []string    `json:"official_nouns"`
	ActionNouns         []string    `json:"action_nouns"`
	PolicyNouns         []string    `json:"policy_nouns"`
	Groups              []groupNoun `json:"group_nouns"`
	People              groupNoun   `json:"people_plural"`
	BareCivilians       []string    `json:"bare_civilians"`
	GroupModifiers      []string    `json:"group_modifiers"`
	Modifiers           []string    `json:"modifiers"`
	Roles               []roleDef   `json:"roles"`
	RoleModifiers       []string    `json:"role_modifiers"`
	RoleBlockers        []string    `json:"role_blockers"`
	Titles              []string    `json:"titles"`
	Honorifics          []string    `json:"honorifics"`
	SingleHonorifics    []string    `json:"single_name_honorifics"`
	PersonRoleNouns     []string    `json:"person_role_nouns"`
	AppositionLead      []string    `json:"person_apposition_lead"`
	ReportingVerbs      []string    `json:"reporting_verbs"`
	AccordingTo         []string    `json:"according_to"`
	NameParticles       []string    `json:"name_particles"`
	WeakSurnames        []string    `json:"weak_surnames"`
	NotNameWords        []string    `json:"not_name_words"`
}

type set map[string]bool

// words holds the cue words as sets of folded keys (text.Key: tokens joined
// by spaces).
type words struct {
	agentVerbs, objectVerbs, placeParticiples         set
	aux, be, have, modals, discourse                  set
	locative, recipient, relation, polity, polityLink set
	placeNouns, stanceNouns                           set
	forceNotActor, bareForce, bareStateOnly, bareDet  set
	groupModifiers, modifiers, roleModifiers          set
	roleBlockers, honorifics, personRoles, appLead    set
	reporting, accordingTo, particles, notName        set
	weakSurnames, singleHonorifics                    set

	forceNouns, groupOnlyNouns, policeNouns, officialNouns []string
	actionNouns, policyNouns, titles, bareCivilians        []string
	groups                                                 []groupNoun
	people                                                 groupNoun
	roles                                                  []roleDef
}

func loadWords(data []byte) (*words, error) {
	var f wordsFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("lexicon: words.json: %w", err)
	}
	w := &words{
		agentVerbs:       inflect(f.AgentVerbs, f.IrregularVerbs),
		objectVerbs:      inflect(f.ObjectVerbs, nil),
		placeParticiples: mk(f.PlaceParticiples),
		aux:              mk(f.Aux),
		be:               mk(f.Be),
		have:             mk(f.Have),
		modals:           mk(f.Modals),
		discourse:        mk(f.Discourse),
		locative:         mk(f.LocativePreps),
		recipient:        mk(f.RecipientNouns),
		relation:         mk(f.RelationNouns),
		polity:           mk(f.PolityNouns),
		polityLink:       mk(f.PolityLinks),
		placeNouns:       mk(f.PlaceNouns),
		stanceNouns:      mk(f.StanceNouns),
		forceNotActor:    mk(f.ForceNotActor),
		bareForce:        mk(f.BareForce),
		bareStateOnly:    mk(f.BareForceStateOnly),
		bareDet:          mk(f.BareForceDeterminer),
		groupModifiers:   mk(f.GroupModifiers),
		modifiers:        mk(f.Modifiers),
		roleModifiers:    mk(f.RoleModifiers),
		roleBlockers:     mk(f.RoleBlockers),
		honorifics:       mk(f.Honorifics),
		personRoles:      mk(f.PersonRoleNouns),
		appLead:          mk(f.AppositionLead),
		reporting:        mk(f.ReportingVerbs),
		accordingTo:      mk(f.AccordingTo),
		particles:        mk(f.NameParticles),
		notName:          mk(f.NotNameWords),
		weakSurnames:     mk(f.WeakSurnames),
		singleHonorifics: mk(f.SingleHonorifics),
		forceNouns:       f.ForceNouns,
		groupOnlyNouns:   f.GroupOnlyNouns,
		policeNouns:      f.PoliceNouns,
		officialNouns:    f.OfficialNouns,
		actionNouns:      f.ActionNouns,
		policyNouns:      f.PolicyNouns,
		titles:           f.Titles,
		bareCivilians:    f.BareCivilians,
		groups:           f.Groups,
		people:           f.People,
		roles:            f.Roles,
	}
	return w, nil
}

func mk(list []string) set {
	s := make(set, len(list))
	for _, p := range list {
		if k := text.Key(p); k != "" {
			s[k] = true
		}
	}
	return s
}

// inflect adds the regular forms of each verb lemma (-s, -ed, -ing) to the
// irregular forms given. Multi-word verbs ("call on") inflect their first word.
func inflect(lemmas, irregular []string) set {
	s := mk(irregular)
	for _, l := range lemmas {
		k := text.Key(l)
		if k == "" {
			continue
		}
		head, rest := k, ""
		if i := strings.IndexByte(k, ' '); i >= 0 {
			head, rest = k[:i], k[i:]
		}
		for _, f := range forms(head) {
			s[f+rest] = true
		}
	}
	return s
}

func forms(v string) []string {
	out := []string{v}
	n := len(v)
	if n < 2 {
		return out
	}
	last := v[n-1]
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	switch {
	case last == 'e':
		out = append(out, v+"s", v+"d", v[:n-1]+"ing")
	case last == 'y' && !vowel(v[n-2]):
		out = append(out, v[:n-1]+"ies", v[:n-1]+"ied", v+"ing")
	case strings.HasSuffix(v, "s") || strings.HasSuffix(v, "sh") || strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "x") || strings.HasSuffix(v, "z"):
		out = append(out, v+"es", v+"ed", v+"ing")
	default:
		out = append(out, v+"s", v+"ed", v+"ing")
	}
	return out
}
