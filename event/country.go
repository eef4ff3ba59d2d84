package event

import (
	_ "embed"
	"strings"

	"github.com/sitrep-dev/sitrep/text"
)

// Country words: nationality adjectives and country names with their ISO
// 3166-1 code (data/demonyms.tsv), read by the statistics here and by
// fusion ("58 Pakistani soldiers", "19 Afghan posts").

//go:embed data/demonyms.tsv
var demonymsTSV string

var countries = loadCountries(demonymsTSV)

type countryTable struct {
	set     *text.PhraseSet // ids index codes
	codes   []string
	byWord  map[string]string // folded word → code
	demonym map[string]string // code → first demonym, capitalised
}

func loadCountries(data string) *countryTable {
	t := &countryTable{set: text.NewPhraseSet(), byWord: map[string]string{}, demonym: map[string]string{}}
	for n, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || len(strings.TrimSpace(f[1])) != 2 || f[0] == "" {
			panic("event: bad embedded data: demonyms.tsv:" + itoa(n+1) + ": want word and country code")
		}
		word, cc := f[0], strings.TrimSpace(f[1])
		t.set.Add(word, int32(len(t.codes)), false)
		t.codes = append(t.codes, cc)
		t.byWord[word] = cc
		if _, ok := t.demonym[cc]; !ok && len(f) > 2 && strings.TrimSpace(f[2]) == "demonym" {
			t.demonym[cc] = strings.ToUpper(word[:1]) + word[1:]
		}
	}
	return t
}

// CountryWord is a nationality word or country name among tokens:
// tokens First to Last-1, naming Country (an ISO 3166-1 alpha-2 code).
type CountryWord struct {
	First, Last int
	Country     string
}

// CountryWords finds the nationality words and country names among toks.
func CountryWords(toks []text.Token) []CountryWord {
	ms := countries.set.Match(toks)
	out := make([]CountryWord, 0, len(ms))
	for _, m := range ms {
		if len(m.IDs) > 0 {
			out = append(out, CountryWord{First: m.First, Last: m.Last, Country: countries.codes[m.IDs[0]]})
		}
	}
	return out
}

// CountryOf is the country a folded nationality word or country name
// ("afghan", "saudi arabia") names.
func CountryOf(word string) (string, bool) {
	cc, ok := countries.byWord[word]
	return cc, ok
}

// Demonym is the nationality adjective of a country ("Afghan" for AF), ""
// when the table has none.
func Demonym(cc string) string { return countries.demonym[cc] }
