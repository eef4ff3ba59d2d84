package export

import (
	"bufio"
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// ACLED's taxonomy (disorder types, inter and interaction codes) and the
// country table (ISO numeric code, ACLED region) are data; data/README.md
// gives their sources.
var (
	//go:embed data/acled.tsv
	acledTSV string
	//go:embed data/countries.tsv
	countriesTSV string
)

type disorderKey struct{ eventType, subType string }

type namePrefix struct {
	prefix string
	code   int
}

type countryInfo struct {
	numeric, name, region string
}

type taxonomy struct {
	disorder        map[disorderKey]string // subType "*" = any
	interLabel      [9]string              // by code 1–8
	interaction     map[int]string         // two-digit code → label
	actorType       map[sitrep.ActorType]int
	actorNames      []namePrefix
	civilianTarget  string
	countries       map[string]countryInfo // alpha-2 → info
	countriesByName map[string]string      // lower-case name → alpha-2
}

// acled is parsed once at start-up: the tables are small and every writer
// needs them.
var acled = mustTaxonomy(acledTSV, countriesTSV)

func mustTaxonomy(acledData, countryData string) *taxonomy {
	t, err := parseTaxonomy(acledData, countryData)
	if err != nil {
		panic("export: embedded data: " + err.Error())
	}
	return t
}

func parseTaxonomy(acledData, countryData string) (*taxonomy, error) {
	t := &taxonomy{
		disorder:        map[disorderKey]string{},
		interaction:     map[int]string{},
		actorType:       map[sitrep.ActorType]int{},
		countries:       map[string]countryInfo{},
		countriesByName: map[string]string{},
	}
	err := eachLine(acledData, func(n int, f []string) error {
		switch {
		case f[0] == "disorder" && len(f) == 4:
			t.disorder[disorderKey{f[1], f[2]}] = f[3]
		case f[0] == "inter" && len(f) == 3:
			c, err := strconv.Atoi(f[1])
			if err != nil || c < 1 || c > 8 {
				return fmt.Errorf("acled.tsv:%d: bad inter code %q", n, f[1])
			}
			t.interLabel[c] = f[2]
		case f[0] == "interaction" && len(f) == 3:
			c, err := strconv.Atoi(f[1])
			if err != nil || c < 10 || c > 88 {
				return fmt.Errorf("acled.tsv:%d: bad interaction code %q", n, f[1])
			}
			t.interaction[c] = f[2]
		case f[0] == "actortype" && len(f) == 3:
			c, err := strconv.Atoi(f[2])
			if err != nil || c < 1 || c > 8 {
				return fmt.Errorf("acled.tsv:%d: bad inter code %q", n, f[2])
			}
			t.actorType[sitrep.ActorType(f[1])] = c
		case f[0] == "actorname" && len(f) == 3:
			c, err := strconv.Atoi(f[2])
			if err != nil || c < 1 || c > 8 || f[1] == "" {
				return fmt.Errorf("acled.tsv:%d: bad actor name rule", n)
			}
			t.actorNames = append(t.actorNames, namePrefix{f[1], c})
		case f[0] == "civilian_targeting" && len(f) == 2:
			t.civilianTarget = f[1]
		default:
			return fmt.Errorf("acled.tsv:%d: unknown line", n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine(countryData, func(n int, f []string) error {
		if len(f) != 4 || len(f[0]) != 2 {
			return fmt.Errorf("countries.tsv:%d: want alpha-2, numeric, name, region", n)
		}
		t.countries[f[0]] = countryInfo{numeric: f[1], name: f[2], region: f[3]}
		t.countriesByName[strings.ToLower(f[2])] = f[0]
		return nil
	})
	return t, err
}

func eachLine(data string, fn func(n int, fields []string) error) error {
	sc := bufio.NewScanner(strings.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		if err := fn(n, strings.Split(line, "\t")); err != nil {
			return err
		}
	}
	return sc.Err()
}

// DisorderType is ACLED's disorder type of an event type and sub-event type
// ("Political violence", "Demonstrations", "Strategic developments", or
// "Political violence; Demonstrations" for excessive force against
// protesters); empty for a type ACLED does not have.
func DisorderType(eventType, subEventType string) string {
	if d, ok := acled.disorder[disorderKey{eventType, subEventType}]; ok {
		return d
	}
	return acled.disorder[disorderKey{eventType, "*"}]
}

// Country is what the country table knows about one country.
type Country struct {
	Alpha2  string // ISO 3166-1 alpha-2
	Numeric string // ISO 3166-1 numeric, three digits; empty where ISO assigns none (Kosovo)
	Name    string // English short name
	Region  string // ACLED region ("South Asia", "Middle East" …)
}

// LookupCountry finds a country by ISO alpha-2 code, or failing that by its
// English short name (any case).
func LookupCountry(code, name string) (Country, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if c, ok := acled.countries[code]; ok {
		return Country{code, c.numeric, c.name, c.region}, true
	}
	if a2, ok := acled.countriesByName[strings.ToLower(strings.TrimSpace(name))]; ok {
		c := acled.countries[a2]
		return Country{a2, c.numeric, c.name, c.region}, true
	}
	return Country{}, false
}

// acledCoding is what the ACLED columns derive from an event and its actors.
type acledCoding struct {
	disorder       string
	inter1, inter2 int // 0 = not derivable
	interaction    int // 0 = not derivable
	civilianTarget bool
}

func codeEvent(r *Row) acledCoding {
	e := &r.Event
	c := acledCoding{disorder: DisorderType(e.EventType, e.SubEventType)}
	c.inter1 = interOf(r, e.Actor1, true)
	c.inter2 = interOf(r, e.Actor2, false)
	switch {
	case c.inter1 == 0:
	case e.Actor2 == nil:
		c.interaction = c.inter1 * 10
	case c.inter2 != 0:
		a, b := c.inter1, c.inter2
		if a > b {
			a, b = b, a // ACLED orders the pair so actor order does not matter
		}
		c.interaction = a*10 + b
	}
	// Civilians are "the main or only target" when ACLED's Violence against
	// civilians type says so, or when actor 2 is civilians in any other
	// political violence; civilians harmed in Battles are never counted.
	c.civilianTarget = e.EventType == "Violence against civilians" ||
		(c.inter2 == 7 && e.EventType != "Battles" && strings.Contains(c.disorder, "Political violence"))
	return c
}

// interOf derives ACLED's inter code of one actor of an event, 0 when the
// actor's type does not decide it.
func interOf(r *Row, ref *sitrep.ActorRef, first bool) int {
	if ref == nil {
		return 0
	}
	e := &r.Event
	info, known := r.Actors[ref.ID]
	// ACLED codes the crowd itself as actor 1 of demonstrations; the party or
	// union behind it is an associate. A state or armed actor keeps its type.
	if first && (!known || (info.Type != sitrep.ActorState && info.Type != sitrep.ActorArmedGroup)) {
		switch {
		case e.EventType == "Protests":
			return 6
		case e.EventType == "Riots":
			return 5
		}
	}
	// In Violence against civilians the target (actor 2) is civilians by
	// ACLED's definition.
	if !first && e.EventType == "Violence against civilians" {
		return 7
	}
	code := 0
	if known {
		code = acled.actorType[info.Type]
	}
	if code == 0 {
		for _, p := range acled.actorNames {
			if strings.HasPrefix(ref.Name, p.prefix) {
				return p.code
			}
		}
		return 0
	}
	// ACLED records a state's military as an external force when it is
	// active outside its home state. sitrep's "state" type also covers
	// governments, and a delegation at talks abroad is not a force in action,
	// so only political violence moves a state actor to 8.
	if code == 1 && info.Country != "" && e.CountryCode != "" && !strings.EqualFold(info.Country, e.CountryCode) &&
		strings.Contains(DisorderType(e.EventType, e.SubEventType), "Political violence") {
		return 8
	}
	return code
}

// interText renders an inter or interaction code as ACLED writes it: text
// labels since 2024, numbers before.
func interText(code int, numeric bool, interaction bool) string {
	if code == 0 {
		return ""
	}
	if numeric {
		return strconv.Itoa(code)
	}
	if interaction {
		return acled.interaction[code]
	}
	if code >= 1 && code <= 8 {
		return acled.interLabel[code]
	}
	return ""
}
