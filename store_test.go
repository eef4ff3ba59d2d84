package sitrep_test

import (
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
)

// Plain words are searched literally; operators switch to query syntax.
func TestUsesSearchSyntax(t *testing.T) {
	for q, want := range map[string]bool{
		"kabul strikes":         false,
		"Kabul's airport":       false,
		"kabul AND strikes":     true,
		`"air strike"`:          true,
		"strike NOT kabul":      true,
		"and or not (lowercase": true,
		"prefix*":               false,
	} {
		if got := sitrep.UsesSearchSyntax(q); got != want {
			t.Errorf("UsesSearchSyntax(%q) = %v, want %v", q, got, want)
		}
	}
}
