package event

import (
	"strings"
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
)

// TestTallies reads counts of things other than the dead, each with the
// statement that gives it.
func TestTallies(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // "claimant|count|qualifier|unit|text"; claimant "-" for the writer
	}{
		{"claimed capture", "The RSF said its fighters had seized 14 army checkpoints near El Fasher.",
			[]string{"x|14|exact|posts|14 army checkpoints"}},
		{"writer's statistic", "The group carried out more than 300 attacks in the north last year.",
			[]string{"-|300|more than|attacks|more than 300 attacks"}},
		{"vague amount", "Khartoum said hundreds of families had fled across the river.",
			[]string{"x|100|vague|families|hundreds of families"}},
		{"casualties are not tallies", "The ministry said 12 soldiers were killed in the raid.", nil},
		{"durations are not tallies", "The siege lasted 40 days before the rebels withdrew.", nil},
		{"years are not tallies", "Clashes in 2023 destroyed the bridge.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, claims := Extract(input(tt.text))
			var got []string
			for _, c := range claims {
				who := "-"
				if c.Claimant != nil {
					who = "x"
				}
				for _, ta := range c.Tallies {
					n := "null"
					if ta.Count != nil {
						n = itoa(*ta.Count)
					}
					got = append(got, strings.Join([]string{who, n, ta.Qualifier, ta.Unit, ta.Text}, "|"))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("tallies of %q:\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestWriterClaimsLeaveEventsAlone: the writer's statements added for
// tallies must not change the events read.
func TestWriterClaimsLeaveEventsAlone(t *testing.T) {
	s := "The RSF attacked 12 army posts in El Fasher on Monday."
	evs, claims := Extract(input(s))
	if len(evs) != 1 || evs[0].EventType != "Battles" {
		t.Fatalf("events %+v, want one battle", evs)
	}
	if len(evs[0].Tallies) != 1 || evs[0].Tallies[0].Unit != "posts" || evs[0].Tallies[0].Claimant != nil {
		t.Errorf("event tallies %+v, want the writer's 12 posts", evs[0].Tallies)
	}
	if len(claims) != 1 || claims[0].Claimant != nil || claims[0].Kind != sitrep.ClaimAssessment || len(claims[0].Tallies) != 1 {
		t.Errorf("claims %+v, want the writer's assessment with one tally", claims)
	}
}
