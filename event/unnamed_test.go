package event

import (
	sitrep "github.com/sitrep-dev/sitrep"
	"strings"
	"testing"
)

func TestLoadUnnamed(t *testing.T) {
	if _, _, err := loadUnnamed("gunmen\tarmed\npolice\tpolice\n"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"gunmen\n", "gunmen\tcivilian\n"} {
		if _, _, err := loadUnnamed(bad); err == nil {
			t.Errorf("loadUnnamed(%q): want an error", bad)
		}
	}
}

// Unnamed nouns never leak as placeholders and odd input never panics.
func TestUnnamedOddInput(t *testing.T) {
	for _, txt := range []string{"", "police", "Gunmen", "the militants the militants", "troops\x00\xff killed", strings.Repeat("gunmen attacked police ", 200)} {
		evs, cls := Extract(Input{DocID: "x", Text: txt})
		for _, e := range evs {
			for _, r := range []string{refOf(e.Actor1), refOf(e.Actor2)} {
				if strings.HasPrefix(r, "?") {
					t.Errorf("%.30q: placeholder actor %s", txt, r)
				}
			}
		}
		for _, c := range cls {
			if c.Claimant != nil && strings.HasPrefix(c.Claimant.ID, "?") {
				t.Errorf("%.30q: placeholder claimant", txt)
			}
		}
	}
}

func refOf(r *sitrep.ActorRef) string {
	if r == nil {
		return ""
	}
	return r.ID
}
