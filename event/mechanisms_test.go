package event

import (
	"sort"
	"strings"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
)

func pair(e sitrep.Event) string {
	var ids []string
	for _, r := range []*sitrep.ActorRef{e.Actor1, e.Actor2} {
		if r != nil {
			ids = append(ids, r.ID)
		}
	}
	sort.Strings(ids)
	return strings.Join(ids, "+")
}

func ofType(evs []sitrep.Event, typ string) []sitrep.Event {
	var out []sitrep.Event
	for _, e := range evs {
		if e.EventType == typ {
			out = append(out, e)
		}
	}
	return out
}

// One incident told over several sentences is one event holding every
// side's figures; incidents on other days or far apart stay apart.
func TestIncidentOverSentences(t *testing.T) {
	cases := []struct {
		name, txt string
		battles   int
		fat       int // fatalities of the first battle
		evidence  int // evidence sentences of the first battle
	}{
		{"one fight told three times",
			"Sudanese troops and RSF fighters clashed in El Fasher on Friday. The army said 12 of its soldiers were killed in the fighting, which began after RSF fighters opened fire on an army post. The RSF said 40 soldiers had been killed and that 5 of its fighters died in the clashes.",
			1, 17, 3},
		{"other day, other town",
			"Sudanese troops clashed with the RSF in El Fasher on Friday. Separately, RSF fighters clashed with Sudanese troops in Omdurman on Monday.",
			2, 0, 1},
		{"a strike days after an attack is another event",
			"Pakistani troops clashed with TTP fighters in Kurram on Monday, days after TTP fighters attacked a checkpoint in Miranshah.",
			2, 0, 1},
	}
	for _, c := range cases {
		evs, cls := Extract(input(c.txt))
		checkSpans(t, c.txt, evs, cls)
		b := ofType(evs, "Battles")
		if len(b) != c.battles {
			t.Errorf("%s: want %d battles, got %d: %+v", c.name, c.battles, len(b), evs)
			continue
		}
		if b[0].Fatalities == nil || *b[0].Fatalities != c.fat {
			t.Errorf("%s: fatalities want %d, got %v", c.name, c.fat, b[0].Fatalities)
		}
		if len(b[0].Evidence) != c.evidence {
			t.Errorf("%s: want %d evidence sentences, got %d", c.name, c.evidence, len(b[0].Evidence))
		}
	}
}

// An event told only as what someone is blamed for is an allegation: it
// takes no figures from the sentences after it and is less certain.
func TestAccusedObject(t *testing.T) {
	txt := "Sudanese troops carried out air strikes on RSF positions in Omdurman on Monday, which Khartoum blamed for a string of suicide bombings in the city this month. The army said about 30 fighters were killed."
	evs, _ := Extract(input(txt))
	var strike, bomb *sitrep.Event
	for i := range evs {
		switch evs[i].SubEventType {
		case "Air/drone strike":
			strike = &evs[i]
		case "Suicide bomb":
			bomb = &evs[i]
		}
	}
	if strike == nil || strike.Fatalities == nil || *strike.Fatalities != 30 {
		t.Fatalf("the 30 belong to the strikes: %+v", evs)
	}
	if bomb != nil && (bomb.Fatalities == nil || *bomb.Fatalities != 0 || bomb.Confidence >= strike.Confidence) {
		t.Errorf("the bombings are only alleged: %+v", *bomb)
	}
	for _, c := range []struct {
		txt     string
		accused bool
	}{
		{"Islamabad accused the TTP of the bombing in Quetta.", true},
		{"Pakistan held the TTP responsible for the bombing in Quetta.", true},
		{"Pakistan said the TTP was behind the bombing in Quetta.", true},
		{"A bombing in Quetta killed 12 people on Monday.", false},
		{"Pakistan condemned the bombing in Quetta.", false},
	} {
		d := newDoc(input(c.txt))
		d.findClaims()
		d.findCandidates()
		got := false
		for _, k := range d.cands {
			got = got || k.accused
		}
		if got != c.accused {
			t.Errorf("%q: accused %v, want %v", c.txt, got, c.accused)
		}
	}
}

// Sides the text leaves to context, and speakers who are no side.
func TestImpliedSides(t *testing.T) {
	cases := []struct {
		name, txt, typ, want string
		nth                  int // which event of that type
	}{
		{"the speaker of a strike is no side",
			"The Taliban said Pakistani troops carried out air strikes in Paktika province on Monday.",
			"Explosions/Remote violence", "pakistan-military", 0},
		{"a speaker who says it was hit is a side",
			"The Taliban said air strikes by Pakistani troops hit their posts in Paktika province on Monday.",
			"Explosions/Remote violence", "afghan-taliban+pakistan-military", 0},
		{"a ceasefire is between the sides of the fighting",
			"Pakistani troops clashed with Taliban fighters in Kurram on Monday. A ceasefire took effect on Tuesday.",
			"Strategic developments", "afghan-taliban+pakistan-military", 0},
		{"who retaliates fights the side that struck",
			"Taliban fighters attacked Pakistani troops in Kurram on Monday. Pakistani troops retaliated on Tuesday near Miranshah.",
			"Battles", "afghan-taliban+pakistan-military", 1},
		{"unnamed air strikes are flown by the striker told before",
			"Pakistani troops carried out air strikes in Paktika province on Monday. On Tuesday, air strikes on TTP hideouts in Kurram killed 20 militants.",
			"Explosions/Remote violence", "pakistan-military+ttp", 1},
		{"a new clash keeps its own sides",
			"Pakistani troops clashed with Taliban fighters in Kurram on Monday. Pakistani troops clashed with TTP fighters near Quetta on Tuesday.",
			"Battles", "pakistan-military+ttp", 1},
	}
	for _, c := range cases {
		evs, _ := Extract(input(c.txt))
		es := ofType(evs, c.typ)
		if len(es) <= c.nth {
			t.Errorf("%s: no event %d of %s: %+v", c.name, c.nth, c.typ, evs)
			continue
		}
		if got := pair(es[c.nth]); got != c.want {
			t.Errorf("%s: sides %q, want %q", c.name, got, c.want)
		}
	}
}

// An undated event told as happening when a dated one did takes its date.
func TestCoincidentDate(t *testing.T) {
	cases := []struct{ txt, want string }{
		{"Pakistani troops carried out air strikes in Paktika province on Tuesday. Pakistan's envoy was in Kabul for talks with the Taliban when the strikes hit.", "2025-10-14"},
		{"Pakistani troops clashed with the Taliban in Kurram on Monday. The clashes coincided with talks between China and the Taliban in Kabul.", "2025-10-13"},
	}
	for _, c := range cases {
		evs, _ := Extract(input(c.txt))
		sd := ofType(evs, "Strategic developments")
		if len(sd) != 1 || sd[0].EventDate == nil || *sd[0].EventDate != c.want {
			t.Errorf("%q: want talks dated %s, got %+v", c.txt, c.want, sd)
		}
	}
	// without a tie the talks stay undated
	evs, _ := Extract(input("Pakistani troops clashed with the Taliban in Kurram on Monday. China held talks with the Taliban in Kabul."))
	for _, e := range ofType(evs, "Strategic developments") {
		if e.EventDate != nil {
			t.Errorf("untied talks dated %s", *e.EventDate)
		}
	}
}

// A change of power told without a place is in the country of who took it;
// persons do not take power as sides.
func TestTakeoverPlace(t *testing.T) {
	evs, _ := Extract(input("Border trade has fallen since the Taliban returned to power in 2007."))
	if len(evs) != 1 || evs[0].Country != "Afghanistan" || evs[0].Location != "Afghanistan" {
		t.Fatalf("want one takeover in Afghanistan, got %+v", evs)
	}
	if pair(evs[0]) != "afghan-taliban" {
		t.Errorf("sides %q", pair(evs[0]))
	}
}

// A state's generic attack on ground of another country is a strike unless
// it hits posts or troops (a fight) or civilians.
func TestCrossBorderAttack(t *testing.T) {
	cases := []struct{ txt, sub string }{
		{"Pakistan attacked TTP hideouts in Paktika province on Monday.", "Air/drone strike"},
		{"Pakistani troops attacked Taliban posts in Paktika province on Monday.", "Armed clash"},
		{"Pakistani troops attacked TTP fighters in Kurram on Monday.", "Armed clash"},
		{"Sudanese troops attacked the RSF in El Fasher on Friday.", "Armed clash"},
	}
	for _, c := range cases {
		evs, _ := Extract(input(c.txt))
		if len(evs) != 1 || evs[0].SubEventType != c.sub {
			t.Errorf("%q: want %s, got %+v", c.txt, c.sub, evs)
		}
	}
}

// An undated fight told between two events of one month falls in that
// month; a cause told out of order ("in response to") does not.
func TestBoundedMonth(t *testing.T) {
	txt := "Pakistani troops carried out air strikes in Paktika province on Monday. Taliban fighters then attacked Pakistani troops in Kurram. A ceasefire took effect on Sunday."
	evs, _ := Extract(input(txt))
	b := ofType(evs, "Battles")
	if len(b) != 1 || b[0].EventDate == nil || *b[0].EventDate != "2025-10-01" || b[0].TimePrecision == nil || *b[0].TimePrecision != 3 {
		t.Fatalf("want the clash in October 2025 (precision 3), got %+v", b)
	}
	txt = "Pakistani troops carried out air strikes in Paktika province on Monday in response to a string of bombings in Quetta. A ceasefire took effect on Sunday."
	for _, e := range ofType(Extract2(txt), "Explosions/Remote violence") {
		if e.SubEventType != "Air/drone strike" && e.EventDate != nil {
			t.Errorf("a cause took the month: %+v", e)
		}
	}
}

// Extract2 returns the events of txt only.
func Extract2(txt string) []sitrep.Event {
	evs, _ := Extract(input(txt))
	return evs
}

// The place of an event is told in its own part of the sentence.
func TestPlaceOfClause(t *testing.T) {
	evs := Extract2("When the Taliban returned to power in Afghanistan in 2007, officials in Quetta welcomed it.")
	if len(evs) != 1 || evs[0].Location != "Afghanistan" {
		t.Errorf("the takeover took the place of another clause: %+v", evs)
	}
	// a finer place across a comma still wins over a province
	evs = Extract2("Pakistani air strikes hit Paktika province on Monday, killing 20 militants in Miranshah.")
	if len(evs) != 1 || evs[0].Location != "Miranshah" {
		t.Errorf("want Miranshah, got %+v", evs)
	}
}

// Persons are sides of what they are told doing; talks told apart from
// them are their governments'; an organisation named before its person is
// his affiliation, not another side.
func TestPersonsAndGovernments(t *testing.T) {
	govs := map[string]sitrep.Actor{
		"PK": {ID: "pakistan-gov", Name: "Government of Pakistan", Type: sitrep.ActorState, Country: "PK"},
		"AF": {ID: "afghan-taliban", Name: "Taliban", Type: sitrep.ActorState, Country: "AF"},
	}
	cases := []struct{ txt, when, want string }{
		{"Ishaq Dar visited Kabul in May, and follow-up talks with the Taliban were held in August.", "2025-08-01", "afghan-taliban+pakistan-gov"},
		{"Ishaq Dar visited Kabul in May, and follow-up talks with the Taliban were held in August.", "2025-05-01", "ishaq-dar"},
		{"Pakistan's envoy, Ishaq Dar, held talks with the Taliban in Kabul on Monday.", "2025-10-13", "afghan-taliban+ishaq-dar"},
		{"Talks between Ishaq Dar and Taliban counterpart Amir Khan Muttaqi were held in Kabul on Monday.", "2025-10-13", "amir-khan-muttaqi+ishaq-dar"},
	}
	for _, c := range cases {
		in := input(c.txt)
		in.Government = func(iso string, _ time.Time) (sitrep.Actor, bool) { a, ok := govs[iso]; return a, ok }
		evs, _ := Extract(in)
		found := false
		for _, e := range evs {
			if e.EventDate != nil && *e.EventDate == c.when {
				found = true
				if got := pair(e); got != c.want {
					t.Errorf("%q on %s: sides %q, want %q", c.txt, c.when, got, c.want)
				}
			}
		}
		if !found {
			t.Errorf("%q: no event on %s: %+v", c.txt, c.when, evs)
		}
	}
}

// Steps of fighting already told stay in its event; a second verb without
// a subject of its own shares the first one's event.
func TestStepsOfOneEvent(t *testing.T) {
	txt := "Pakistani troops clashed with Taliban fighters in Kurram on Monday. Clashes continued: Pakistan later said its forces took control of 19 posts."
	if b := ofType(Extract2(txt), "Battles"); len(b) != 1 || len(b[0].Evidence) != 2 {
		t.Errorf("want one battle told twice, got %+v", b)
	}
	txt = "Ishaq Dar travelled to Kabul on Monday and met the Taliban."
	if sd := ofType(Extract2(txt), "Strategic developments"); len(sd) != 1 || pair(sd[0]) != "afghan-taliban+ishaq-dar" {
		t.Errorf("want one visit of Ishaq Dar to the Taliban, got %+v", sd)
	}
	txt = "Ishaq Dar travelled to Kabul on Monday, while China met the Taliban in Beijing."
	if sd := ofType(Extract2(txt), "Strategic developments"); len(sd) != 2 {
		t.Errorf("want two meetings with their own subjects, got %+v", sd)
	}
}

// The date of a statement is not the date of what it reports.
func TestStatementDate(t *testing.T) {
	evs := Extract2("The Taliban said on Wednesday that Pakistani troops clashed with TTP fighters in Kurram.")
	if len(evs) != 1 || evs[0].EventDate != nil {
		t.Errorf("want one undated clash, got %+v", evs)
	}
	evs = Extract2("The Taliban said Pakistani troops clashed with TTP fighters in Kurram on Monday.")
	if len(evs) != 1 || evs[0].EventDate == nil || *evs[0].EventDate != "2025-10-13" {
		t.Errorf("want the clash on Monday, got %+v", evs)
	}
}

// A figure told "in the clashes" joins the clash told before, even when
// another event was told in between.
func TestFigureRefersBack(t *testing.T) {
	txt := "Pakistani troops clashed with TTP fighters in Kurram on Monday. A bombing in Quetta killed 4 people on Tuesday. The army said 30 militants were killed in the clashes."
	evs := Extract2(txt)
	b := ofType(evs, "Battles")
	x := ofType(evs, "Explosions/Remote violence")
	if len(b) != 1 || b[0].Fatalities == nil || *b[0].Fatalities != 30 {
		t.Errorf("want the 30 on the clash, got %+v", b)
	}
	if len(x) != 1 || x[0].Fatalities == nil || *x[0].Fatalities != 4 {
		t.Errorf("want the bombing with its own 4, got %+v", x)
	}
}

// A trigger that makes no event of its own does not take its sentence's
// place from the event told there: the shops attacked are the riot's.
func TestPlaceOfADroppedTrigger(t *testing.T) {
	evs := Extract2("Rioters torched vehicles and attacked shops in Quetta after Friday prayers.")
	if len(evs) != 1 || evs[0].SubEventType != "Violent demonstration" || evs[0].Location != "Quetta" {
		t.Errorf("want one riot in Quetta, got %+v", evs)
	}
}
