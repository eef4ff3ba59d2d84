package event_test

import (
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/event"
)

func refID(r *sitrep.ActorRef) string {
	if r == nil {
		return ""
	}
	return r.ID
}

// TestWireSentences: short wire reports name one town, unnamed perpetrators
// and bare forces; ACLED codes them as the unidentified armed group and the
// forces of the country where the event happens.
func TestWireSentences(t *testing.T) {
	pub := time.Date(2025, 11, 5, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		txt            string
		typ, sub       string
		actor1, actor2 string
		location       string
		fatalities     int
		claimant       string // claimant of the first claim, "" for none expected
	}{
		{"TMX fighters attacked a police post in Bannu on Monday.",
			"Battles", "Armed clash", "unidentified-armed-group-pk", "pakistan-police", "Bannu", 0, ""},
		{"Militants attacked a police post in Bannu district, police said.",
			"Battles", "Armed clash", "unidentified-armed-group-pk", "pakistan-police", "Bannu District", 0, "pakistan-police"},
		{"Gunmen killed five people in Quetta.",
			"Violence against civilians", "Attack", "unidentified-armed-group-pk", "", "Quetta", 5, ""},
		{"Rebels shelled El Fasher.",
			"Explosions/Remote violence", "Shelling/artillery/missile attack", "unidentified-armed-group-sd", "", "El Fasher", 0, ""},
		{"Unidentified assailants shot dead two policemen in Peshawar on Sunday.",
			"Battles", "Armed clash", "unidentified-armed-group-pk", "pakistan-police", "Peshawar", 2, ""},
		{"Troops killed six insurgents near Maiduguri, the army said.",
			"Battles", "Armed clash", "nigeria-military", "unidentified-armed-group-ng", "Maiduguri", 6, "nigeria-military"},
		{"Gunmen killed two soldiers in Mopti, the army said.",
			"Battles", "Armed clash", "unidentified-armed-group-ml", "mali-military", "Mopti", 2, "mali-military"},
		{"Security forces killed four bandits in Zamfara state.",
			"Battles", "Armed clash", "nigeria-military", "unidentified-armed-group-ng", "Zamfara State", 4, ""},
		{"A roadside bomb exploded near a convoy in Mogadishu, killing two soldiers.",
			"Explosions/Remote violence", "Remote explosive/landmine/IED", "unidentified-armed-group-so", "somalia-military", "Mogadishu", 2, ""},
		// weapons as subjects and in passives; the speaker only reports
		{"A drone struck a market in Kherson, Ukrainian officials said.",
			"Explosions/Remote violence", "Air/drone strike", "", "", "Kherson", 0, "ukraine"},
		{"A missile hit an apartment block in Kharkiv overnight, killing three people.",
			"Explosions/Remote violence", "Shelling/artillery/missile attack", "", "", "Kharkiv", 3, ""},
		{"A shell landed near a school in Donetsk.",
			"Explosions/Remote violence", "Shelling/artillery/missile attack", "", "", "Donetsk", 0, ""},
		{"A truck was struck by a drone near Kharkiv.",
			"Explosions/Remote violence", "Air/drone strike", "", "", "Kharkiv", 0, ""},
		{"The hospital was hit by a missile in Sumy, police said.",
			"Explosions/Remote violence", "Shelling/artillery/missile attack", "", "", "Sumy", 0, "ukraine-police"},
		{"A suicide bomber blew himself up at a checkpoint in Kabul, killing three policemen.",
			"Explosions/Remote violence", "Suicide bomb", "unidentified-armed-group-af", "afghan-taliban", "Kabul", 3, ""},
		{"Gunmen stormed a village in Zamfara state on Sunday, killing 12 people, police said.",
			"Violence against civilians", "Attack", "unidentified-armed-group-ng", "", "Zamfara State", 12, "nigeria-police"},
		{"Two soldiers were killed when their vehicle hit a landmine in Kidal.",
			"Explosions/Remote violence", "Remote explosive/landmine/IED", "unidentified-armed-group-ml", "mali-military", "Kidal", 2, ""},
		{"Armed men abducted 20 students from a school in Kaduna.",
			"Violence against civilians", "Abduction/forced disappearance", "unidentified-armed-group-ng", "", "Kaduna", 0, ""},
		{"Police fired tear gas at protesters in Nairobi.",
			"Protests", "Protest with intervention", "kenya-police", "", "Nairobi", 0, ""},
		{"Unknown gunmen shot dead a local politician in Culiacán on Friday.",
			"Violence against civilians", "Attack", "unidentified-armed-group-mx", "", "Culiacán", 0, ""},
		// a group that claims the attack is its perpetrator
		{"A suicide bomber killed at least 10 people at a restaurant in Mogadishu on Friday, police said. Al Shabaab claimed the attack.",
			"Explosions/Remote violence", "Suicide bomb", "al-shabaab", "", "Mogadishu", 10, "somalia-police"},
		{"Militants attacked a police post in Bannu on Monday. Two policemen were killed and three wounded, officials said.",
			"Battles", "Armed clash", "unidentified-armed-group-pk", "pakistan-police", "Bannu", 2, ""},
		{"Gunmen on motorbikes killed a police officer in Tillaberi.",
			"Battles", "Armed clash", "unidentified-armed-group-ne", "niger-police", "Tillabéri", 1, ""},
		{"Militants killed a local journalist in Peshawar.",
			"Violence against civilians", "Attack", "unidentified-armed-group-pk", "", "Peshawar", 1, ""},
		{"Armed men set fire to houses in a village near Bamenda, residents said.",
			"Strategic developments", "Looting/property destruction", "unidentified-armed-group-cm", "", "Bamenda", 0, ""},
		{"The army said it had repelled an attack by insurgents on a base in Cabo Delgado.",
			"Battles", "Armed clash", "mozambique-military", "unidentified-armed-group-mz", "Cabo Delgado Province", 0, "mozambique-military"},
		// passives: who is named before is the victim
		{"Two soldiers were killed in Mopti.",
			"Battles", "Armed clash", "unidentified-armed-group-ml", "mali-military", "Mopti", 2, ""},
		{"Two soldiers were killed by militants in Mopti.",
			"Battles", "Armed clash", "unidentified-armed-group-ml", "mali-military", "Mopti", 2, ""},
		{"Five villagers were abducted near Kaduna.",
			"Violence against civilians", "Abduction/forced disappearance", "unidentified-armed-group-ng", "", "Kaduna", 0, ""},
		{"A car bomb went off outside a hotel in Mogadishu.",
			"Explosions/Remote violence", "Remote explosive/landmine/IED", "unidentified-armed-group-so", "", "Mogadishu", 0, ""},
	}
	for _, c := range cases {
		evs, cls := event.Extract(input(t, "w", c.txt, pub))
		if len(evs) != 1 {
			t.Errorf("%q: want 1 event, got %d: %+v", c.txt, len(evs), evs)
			continue
		}
		e := evs[0]
		if e.EventType != c.typ || e.SubEventType != c.sub {
			t.Errorf("%q: type %s/%s, want %s/%s", c.txt, e.EventType, e.SubEventType, c.typ, c.sub)
		}
		if a1, a2 := refID(e.Actor1), refID(e.Actor2); a1 != c.actor1 || a2 != c.actor2 {
			t.Errorf("%q: actors %q, %q; want %q, %q", c.txt, a1, a2, c.actor1, c.actor2)
		}
		if e.Location != c.location {
			t.Errorf("%q: location %q, want %q", c.txt, e.Location, c.location)
		}
		if e.Fatalities == nil || *e.Fatalities != c.fatalities {
			t.Errorf("%q: fatalities %v, want %d", c.txt, e.Fatalities, c.fatalities)
		}
		if c.claimant != "" && (len(cls) == 0 || refID(cls[0].Claimant) != c.claimant) {
			t.Errorf("%q: want a claim by %s, got %+v", c.txt, c.claimant, cls)
		}
	}
}

// TestUnnamedNeedsCountry: without a place there is no country to name the
// unnamed actors by, and a noun next to a named actor belongs to it.
func TestUnnamedNeedsCountry(t *testing.T) {
	pub := time.Date(2025, 11, 5, 0, 0, 0, 0, time.UTC)
	cases := []struct{ txt, notActor string }{
		{"Gunmen killed five people on Monday, police said.", "unidentified-armed-group"},
		{"TTP militants attacked a checkpoint in Bannu.", "unidentified-armed-group-pk"},
		{"The TTP said on Monday that the militants attacked a checkpoint in Bannu.", "unidentified-armed-group-pk"},
		{"Sudanese troops shelled RSF positions in El Fasher.", "sudan-police"},
	}
	for _, c := range cases {
		evs, cls := event.Extract(input(t, "w", c.txt, pub))
		for _, e := range evs {
			for _, r := range []*sitrep.ActorRef{e.Actor1, e.Actor2} {
				if id := refID(r); id != "" && (id == c.notActor || id[0] == '?' || c.notActor == "unidentified-armed-group" && len(id) > 24 && id[:24] == c.notActor) {
					t.Errorf("%q: unexpected actor %s", c.txt, id)
				}
			}
		}
		for _, cl := range cls {
			if id := refID(cl.Claimant); id != "" && id[0] == '?' {
				t.Errorf("%q: placeholder claimant %s", c.txt, id)
			}
		}
	}
}
