package export

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
)

func TestDisorderType(t *testing.T) {
	tests := []struct{ typ, sub, want string }{
		{"Battles", "Armed clash", "Political violence"},
		{"Explosions/Remote violence", "Suicide bomb", "Political violence"},
		{"Violence against civilians", "Attack", "Political violence"},
		{"Protests", "Peaceful protest", "Demonstrations"},
		{"Protests", "Protest with intervention", "Demonstrations"},
		{"Protests", "Excessive force against protesters", "Political violence; Demonstrations"},
		{"Riots", "Violent demonstration", "Demonstrations"},
		{"Riots", "Mob violence", "Political violence"},
		{"Strategic developments", "Agreement", "Strategic developments"},
		{"Not an ACLED type", "Armed clash", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		if got := DisorderType(tc.typ, tc.sub); got != tc.want {
			t.Errorf("DisorderType(%q, %q) = %q, want %q", tc.typ, tc.sub, got, tc.want)
		}
	}
}

// Every event type sitrep's trigger lexicon can produce must get a disorder
// type, or the CSV would have holes.
func TestDisorderCoversEventTriggers(t *testing.T) {
	f, err := os.Open("../event/data/triggers.tsv")
	if err != nil {
		t.Skipf("event trigger data not found: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) < 3 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		if DisorderType(fs[1], fs[2]) == "" {
			t.Errorf("no disorder type for %q / %q", fs[1], fs[2])
		}
	}
}

func TestInterCodes(t *testing.T) {
	actors := map[string]ActorInfo{
		"pk-army":   {Type: sitrep.ActorState, Country: "PK"},
		"pk-gov":    {Type: sitrep.ActorState, Country: "PK"},
		"rebels":    {Type: sitrep.ActorArmedGroup, Country: "PK"},
		"civ":       {Type: sitrep.ActorCivilians, Country: "PK"},
		"party":     {Type: sitrep.ActorPolitical, Country: "PK"},
		"un":        {Type: sitrep.ActorOrganisation},
		"stateless": {Type: sitrep.ActorState},
	}
	ref := func(id string) *sitrep.ActorRef {
		if id == "" {
			return nil
		}
		return &sitrep.ActorRef{ID: id, Name: id}
	}
	tests := []struct {
		name                 string
		typ, sub, cc         string
		a1, a2               string
		inter1, inter2, both string
		civTarget            bool
	}{
		{"army alone at home", "Explosions/Remote violence", "Air/drone strike", "PK", "pk-army", "", "State forces", "", "State forces only", false},
		{"army striking abroad", "Explosions/Remote violence", "Air/drone strike", "AF", "pk-army", "", "External/Other forces", "", "External/Other forces only", false},
		{"talks abroad stay state", "Strategic developments", "Agreement", "QA", "pk-gov", "", "State forces", "", "State forces only", false},
		{"pair is ordered", "Strategic developments", "Other", "PK", "civ", "pk-army", "Civilians", "State forces", "State forces-Civilians", false},
		{"armed group not guessed", "Battles", "Armed clash", "PK", "pk-army", "rebels", "State forces", "", "", false},
		{"civilians targeted by strike", "Explosions/Remote violence", "Shelling/artillery/missile attack", "PK", "pk-army", "civ", "State forces", "Civilians", "State forces-Civilians", true},
		{"civilians in battles are not targeted", "Battles", "Armed clash", "PK", "pk-army", "civ", "State forces", "Civilians", "State forces-Civilians", false},
		{"party leading a protest", "Protests", "Protest with intervention", "PK", "party", "pk-army", "Protesters", "State forces", "State forces-Protesters", false},
		{"unknown crowd rioting", "Riots", "Mob violence", "PK", "x-mob", "civ", "Rioters", "Civilians", "Rioters-Civilians", true},
		{"violence against civilians target", "Violence against civilians", "Attack", "PK", "rebels", "x-villagers", "", "Civilians", "", true},
		{"violence against civilians without target", "Violence against civilians", "Attack", "PK", "pk-army", "", "State forces", "", "State forces only", true},
		{"state without home country", "Battles", "Armed clash", "AF", "stateless", "", "State forces", "", "State forces only", false},
		{"organisation not guessed", "Strategic developments", "Other", "PK", "un", "", "", "", "", false},
		{"no actors", "Battles", "Armed clash", "PK", "", "", "", "", "", false},
		{"unidentified armed group by name", "Battles", "Armed clash", "PK", "pk-army", "Unidentified Armed Group (Pakistan)", "State forces", "Political militia", "State forces-Political militia", false},
		{"generic civilians by name", "Explosions/Remote violence", "Grenade", "PK", "Unidentified Armed Group (Pakistan)", "Civilians (Pakistan)", "Political militia", "Civilians", "Political militia-Civilians", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Row{Actors: actors, Event: sitrep.Event{EventType: tc.typ, SubEventType: tc.sub, CountryCode: tc.cc,
				Actor1: ref(tc.a1), Actor2: ref(tc.a2)}}
			c := codeEvent(&r)
			got := [3]string{interText(c.inter1, false, false), interText(c.inter2, false, false), interText(c.interaction, false, true)}
			if want := [3]string{tc.inter1, tc.inter2, tc.both}; got != want {
				t.Errorf("inter1, inter2, interaction = %q, want %q", got, want)
			}
			if c.civilianTarget != tc.civTarget {
				t.Errorf("civilian targeting = %v, want %v", c.civilianTarget, tc.civTarget)
			}
		})
	}
}

func TestInteractionTable(t *testing.T) {
	// ACLED's Table 3 has every pair of the eight inter codes, lower code
	// first, and every code alone.
	n := 0
	for a := 1; a <= 8; a++ {
		if acled.interaction[a*10] == "" {
			t.Errorf("no label for %d0", a)
		}
		for b := a; b <= 8; b++ {
			if acled.interaction[a*10+b] == "" {
				t.Errorf("no label for %d%d", a, b)
			}
			n++
		}
	}
	if n+8 != len(acled.interaction) {
		t.Errorf("%d interaction labels, want %d", len(acled.interaction), n+8)
	}
	if got := interText(12, true, true); got != "12" {
		t.Errorf("numeric interaction = %q", got)
	}
}

func TestLookupCountry(t *testing.T) {
	tests := []struct {
		code, name   string
		numeric, reg string
		ok           bool
	}{
		{"PK", "", "586", "South Asia", true},
		{"af", "", "004", "South Asia", true},
		{"", "Afghanistan", "004", "South Asia", true},
		{"", "  qatar ", "634", "Middle East", true},
		{"IR", "", "364", "Middle East", true},
		{"AZ", "", "031", "Caucasus and Central Asia", true},
		{"MX", "", "484", "Central America", true},
		{"UA", "", "804", "Europe", true},
		{"SO", "", "706", "Eastern Africa", true},
		{"ML", "", "466", "Western Africa", true},
		{"XK", "", "", "Europe", true},
		{"ZZ", "Atlantis", "", "", false},
		{"", "", "", "", false},
	}
	for _, tc := range tests {
		c, ok := LookupCountry(tc.code, tc.name)
		if ok != tc.ok || c.Numeric != tc.numeric || c.Region != tc.reg {
			t.Errorf("LookupCountry(%q, %q) = %+v, %v", tc.code, tc.name, c, ok)
		}
	}
}

func TestParseTaxonomyRejectsBadData(t *testing.T) {
	bad := []string{
		"inter\t9\tMartians\n",
		"interaction\tx\tfoo\n",
		"nonsense\n",
		"actortype\tstate\tone\n",
	}
	for _, b := range bad {
		if _, err := parseTaxonomy(b, ""); err == nil {
			t.Errorf("accepted %q", b)
		}
	}
	if _, err := parseTaxonomy("", "PK\t586\tPakistan\n"); err == nil {
		t.Error("accepted a country line without a region")
	}
}
