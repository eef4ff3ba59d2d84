package event_test

import (
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/event"
)

// TestTallyOfAndPeriod reads, with the real recognisers, whose counted
// things a tally gives and the period a statistic covers, in sentences of
// several conflicts. Published 14 October 2025 unless said.
func TestTallyOfAndPeriod(t *testing.T) {
	oct14 := time.Date(2025, 10, 14, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, text string
		published  time.Time
		gran       sitrep.Granularity // of published; day when not set
		tally      string             // the tally's text
		of         string             // Tally.Of id, "" for none
		from, to   string
	}{
		{"doer before the figure, a year", "Al-Shabaab carried out more than 300 attacks in 2023, according to ACLED.", oct14, 0,
			"more than 300 attacks", "al-shabaab", "2023-01-01", "2023-12-31"},
		{"doer after by, part of the year", "The UN said there were nearly 250 raids by the RSF in the first half of the year.", oct14, 0,
			"nearly 250 raids", "rsf", "2025-01-01", "2025-06-30"},
		{"part of a named year", "Analysts counted 45 bombings by the TTP in the first quarter of 2024.", oct14, 0,
			"45 bombings", "ttp", "2024-01-01", "2024-03-31"},
		{"a half of a named year", "The RSF carried out 50 raids in the first half of 2024.", oct14, 0,
			"50 raids", "rsf", "2024-01-01", "2024-06-30"},
		{"months of a named year", "Hamas fired 900 rockets in the first six months of 2024.", oct14, 0,
			"900 rockets", "hamas", "2024-01-01", "2024-06-30"},
		{"last month; a state's forces", "Israel carried out 300 airstrikes in Gaza last month.", oct14, 0,
			"300 airstrikes", "israel-military", "2025-09-01", "2025-09-30"},
		{"adjective before the unit", "Officials said 12 Russian drone strikes hit Kharkiv last month.", oct14, 0,
			"12 Russian drone strikes", "russia-military", "2025-09-01", "2025-09-30"},
		{"the target is not the doer; months counted back", "Al-Shabaab has stepped up its attacks on Somali forces, with 120 incidents over the last 12 months.", oct14, 0,
			"120 incidents", "al-shabaab", "2024-10-15", "2025-10-14"},
		{"the past year, as of publication", "The group has grown bolder, and Al-Shabaab raids rose sharply, with hundreds of incidents in the past year.", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), 0,
			"hundreds of incidents", "al-shabaab", "2023-03-02", "2024-03-01"},
		{"possessive; since a month, to publication", "The Taliban's 40 attacks since January killed dozens.", oct14, 0,
			"40 attacks", "afghan-taliban", "2025-01-01", "2025-10-14"},
		{"from one month to another", "The RSF launched 80 drone strikes from January to June 2025.", oct14, 0,
			"80 drone strikes", "rsf", "2025-01-01", "2025-06-30"},
		{"a span of years", "The RSF, whose fighters staged nearly 900 raids on army bases in 2022-2023, denies targeting civilians.", oct14, 0,
			"nearly 900 raids", "rsf", "2022-01-01", "2023-12-31"},
		{"this year ends at publication", "The Houthis carried out 75 raids this year in Marib.", oct14, 0,
			"75 raids", "houthis", "2025-01-01", "2025-10-14"},
		{"a clause of its own names no doer", "Pakistan says the TTP is behind the violence, even as it faces 900 attacks this year.", oct14, 0,
			"900 attacks", "", "2025-01-01", "2025-10-14"},
		{"a speaker is not the doer", "The Pakistani military said it recorded 400 attacks in 2024.", oct14, 0,
			"400 attacks", "", "2024-01-01", "2024-12-31"},
		{"owner of posts; a day is no period", "The Taliban said they seized 25 Pakistani posts on Sunday.", oct14, 0,
			"25 Pakistani posts", "pakistan-military", "", ""},
		{"the doer of a capture is not the owner", "Afghan Taliban fighters captured 19 posts on Sunday.", oct14, 0,
			"19 posts", "", "", ""},
		{"no publication date, no period counted back", "Al-Shabaab raids rose sharply, with hundreds of incidents in the past year.", time.Time{}, 0,
			"hundreds of incidents", "al-shabaab", "", ""},
		{"a publication known to its year bounds nothing inside it", "Officials say the TTP carried out more than 600 attacks in the first nine months of 2025.",
			time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), sitrep.GranularityYear,
			"more than 600 attacks", "ttp", "2025-01-01", "2025-09-30"},
		{"a year back from a publication known to its year: both years", "Al-Shabaab raids rose sharply, with hundreds of incidents in the past year.",
			time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), sitrep.GranularityYear,
			"hundreds of incidents", "al-shabaab", "2024-01-02", "2025-12-31"},
		{"a month back from a publication known to its year: no period", "Al-Shabaab raids rose sharply, with 40 incidents in the past month.",
			time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), sitrep.GranularityYear,
			"40 incidents", "al-shabaab", "", ""},
		{"a publication known to its month counts back from its month", "Al-Shabaab raids rose sharply, with hundreds of incidents in the past year.",
			time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), sitrep.GranularityMonth,
			"hundreds of incidents", "al-shabaab", "2024-10-02", "2025-10-31"},
		{"things with no owner", "Some 2,000 families fled their homes in 2024.", oct14, 0,
			"Some 2,000 families", "", "2024-01-01", "2024-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := input(t, "t", tt.text, tt.published)
			in.PublishedGranularity = tt.gran
			if tt.gran == sitrep.GranularityNone {
				in.PublishedGranularity = sitrep.GranularityDay
			}
			_, claims := event.Extract(in)
			found := false
			for _, c := range claims {
				for _, ta := range c.Tallies {
					if ta.Text != tt.tally {
						continue
					}
					found = true
					of := ""
					if ta.Of != nil {
						of = ta.Of.ID
					}
					if of != tt.of || ta.From != tt.from || ta.To != tt.to {
						t.Errorf("%q: of %q, period %q..%q; want %q, %q..%q", ta.Text, of, ta.From, ta.To, tt.of, tt.from, tt.to)
					}
				}
			}
			if !found {
				t.Fatalf("no tally %q in %+v", tt.tally, claims)
			}
		})
	}
}

// TestEventTalliesKeepTheirPeriod: an event's copy of a tally carries the
// same actor and period as its statement's.
func TestEventTalliesKeepTheirPeriod(t *testing.T) {
	s := "The RSF attacked 12 army posts in El Fasher on Monday."
	evs, claims := event.Extract(input(t, "t", s, time.Date(2025, 10, 14, 0, 0, 0, 0, time.UTC)))
	if len(evs) != 1 || len(evs[0].Tallies) != 1 || len(claims) == 0 || len(claims[0].Tallies) != 1 {
		t.Fatalf("events %+v claims %+v", evs, claims)
	}
	e, c := evs[0].Tallies[0], claims[0].Tallies[0]
	if e.From != c.From || e.To != c.To || (e.Of == nil) != (c.Of == nil) {
		t.Errorf("event tally %+v, claim tally %+v", e, c)
	}
	if e.From != "" {
		t.Errorf("a tally of one day's event is no statistic: %+v", e)
	}
}

// TestStatisticOddText: broken wording around figures gives no period it
// cannot stand behind, and never a panic.
func TestStatisticOddText(t *testing.T) {
	pub := time.Date(2025, 10, 14, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{
		"since 300 attacks",
		"300 attacks by",
		"from 2024 300 attacks to",
		"300 attacks in the first half of",
		"The TTP's 300 attacks in 2025-2024.",
		"300 attacks in 1990-2099 and 12 raids since 2099.",
		"between 400 raids and",
		"’s 12 strikes",
	} {
		_, claims := event.Extract(input(t, "odd", s, pub))
		for _, c := range claims {
			for _, ta := range c.Tallies {
				if (ta.From == "") != (ta.To == "") || ta.From > ta.To {
					t.Errorf("%q: %q has period %q..%q", s, ta.Text, ta.From, ta.To)
				}
			}
		}
	}
}
