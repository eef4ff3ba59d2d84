package event

import (
	_ "embed"
	"strings"
)

//go:embed data/countries.tsv
var countriesTSV string

// countryNames maps ISO 3166-1 alpha-2 codes to the English short names ACLED uses.
var countryNames = func() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(countriesTSV, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if k, v, ok := strings.Cut(line, "\t"); ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}()
