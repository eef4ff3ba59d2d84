package event

import (
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
)

// Hand-made knowledge for the unit tests: what the recognisers would find.
var (
	tActors = map[string]sitrep.Actor{
		"Pakistani sources":     {ID: "pakistan-military", Name: "Military Forces of Pakistan", Type: sitrep.ActorState, Country: "PK"},
		"Analysts":              {ID: "unnamed-analysts", Name: "Analysts", Type: sitrep.ActorOther},
		"Pakistani troops":      {ID: "pakistan-military", Name: "Military Forces of Pakistan", Type: sitrep.ActorState, Country: "PK"},
		"the army":              {ID: "pakistan-military", Name: "Military Forces of Pakistan", Type: sitrep.ActorState, Country: "PK"},
		"Pakistan":              {ID: "pakistan-gov", Name: "Government of Pakistan", Type: sitrep.ActorState, Country: "PK"},
		"Islamabad":             {ID: "pakistan-gov", Name: "Government of Pakistan", Type: sitrep.ActorState, Country: "PK"},
		"the Taliban":           {ID: "afghan-taliban", Name: "Taliban", Type: sitrep.ActorState, Country: "AF"},
		"The Taliban":           {ID: "afghan-taliban", Name: "Taliban", Type: sitrep.ActorState, Country: "AF"},
		"Taliban fighters":      {ID: "afghan-taliban", Name: "Taliban", Type: sitrep.ActorState, Country: "AF"},
		"TTP":                   {ID: "ttp", Name: "Tehrik-i-Taliban Pakistan", Type: sitrep.ActorArmedGroup, Country: "PK"},
		"China":                 {ID: "china", Name: "China", Type: sitrep.ActorState, Country: "CN"},
		"Iran":                  {ID: "iran", Name: "Iran", Type: sitrep.ActorState, Country: "IR"},
		"Russia":                {ID: "russia", Name: "Russia", Type: sitrep.ActorState, Country: "RU"},
		"Qatar":                 {ID: "qatar", Name: "Qatar", Type: sitrep.ActorState, Country: "QA"},
		"India":                 {ID: "india", Name: "India", Type: sitrep.ActorState, Country: "IN"},
		"analysts":              {ID: "unnamed-analysts", Name: "Analysts", Type: sitrep.ActorOther},
		"police":                {ID: "pakistan-police", Name: "Police Forces of Pakistan", Type: sitrep.ActorState, Country: "PK"},
		"the interior minister": {ID: "x-interior-minister", Name: "Interior minister", Type: sitrep.ActorPerson, Country: "PK"},
		"Sudanese troops":       {ID: "sudan-military", Name: "Military Forces of Sudan", Type: sitrep.ActorState, Country: "SD"},
		"Ishaq Dar":             {ID: "ishaq-dar", Name: "Ishaq Dar", Type: sitrep.ActorPerson, Country: "PK"},
		"Amir Khan Muttaqi":     {ID: "amir-khan-muttaqi", Name: "Amir Khan Muttaqi", Type: sitrep.ActorPerson, Country: "AF"},
		"the RSF":               {ID: "rsf", Name: "Rapid Support Forces", Type: sitrep.ActorArmedGroup, Country: "SD"},
		"RSF":                   {ID: "rsf", Name: "Rapid Support Forces", Type: sitrep.ActorArmedGroup, Country: "SD"},
		"Khartoum":              {ID: "sudan-gov", Name: "Government of Sudan", Type: sitrep.ActorState, Country: "SD"},
	}
	tPlaces = map[string]sitrep.Place{
		"Kurram":           {ID: "geonames:1", Name: "Kurram", Kind: sitrep.PlaceAdmin2, CountryCode: "PK", Admin1: "Khyber Pakhtunkhwa", Lat: 33.8, Lon: 70.2, HasCoords: true},
		"Miranshah":        {ID: "geonames:2", Name: "Miranshah", Kind: sitrep.PlaceCity, CountryCode: "PK", Admin1: "Khyber Pakhtunkhwa", Lat: 33.0, Lon: 70.07, HasCoords: true},
		"Quetta":           {ID: "geonames:3", Name: "Quetta", Kind: sitrep.PlaceCity, CountryCode: "PK", Admin1: "Balochistan", Lat: 30.2, Lon: 67.0, HasCoords: true},
		"Peshawar":         {ID: "geonames:4", Name: "Peshawar", Kind: sitrep.PlaceCity, CountryCode: "PK", Admin1: "Khyber Pakhtunkhwa", Lat: 34.0, Lon: 71.5, HasCoords: true},
		"Kabul":            {ID: "geonames:5", Name: "Kabul", Kind: sitrep.PlaceCity, CountryCode: "AF", Admin1: "Kabul", Lat: 34.5, Lon: 69.2, HasCoords: true},
		"El Fasher":        {ID: "geonames:7", Name: "El Fasher", Kind: sitrep.PlaceCity, CountryCode: "SD", Admin1: "North Darfur", Lat: 13.6, Lon: 25.3, HasCoords: true},
		"Omdurman":         {ID: "geonames:8", Name: "Omdurman", Kind: sitrep.PlaceCity, CountryCode: "SD", Admin1: "Khartoum", Lat: 15.6, Lon: 32.5, HasCoords: true},
		"Afghanistan":      {ID: "geonames:9", Name: "Afghanistan", Kind: sitrep.PlaceCountry, CountryCode: "AF"},
		"Paktika province": {ID: "geonames:6", Name: "Paktika", Kind: sitrep.PlaceAdmin1, CountryCode: "AF", Admin1: "Paktika", Lat: 32.5, Lon: 68.8, HasCoords: true},
	}
	tTimes = map[string]string{
		"on Monday": "2025-10-13", "on 3 March": "2025-03-03", "on Sunday": "2025-10-19", "last week": "2025-W41",
		"in May": "2025-05", "on Friday": "2025-10-17", "this month": "2025-10", "August": "2025-08", "in 2007": "2007", "on Tuesday": "2025-10-14", "on Wednesday": "2025-10-15",
	}
)

// input builds an Input with every occurrence of the known names marked.
func input(txt string) Input {
	in := Input{DocID: "t", Text: txt}
	mark := func(name string, f func(sitrep.Span)) {
		for off := 0; ; {
			i := strings.Index(txt[off:], name)
			if i < 0 {
				return
			}
			s := sitrep.Span{Start: off + i, End: off + i + len(name)}
			f(s)
			off = s.End
		}
	}
	names := make([]string, 0, len(tActors))
	for name := range tActors {
		names = append(names, name)
	}
	// longer names first: "Pakistani sources" before "Pakistan"
	sort.Slice(names, func(i, j int) bool {
		return len(names[i]) > len(names[j]) || len(names[i]) == len(names[j]) && names[i] < names[j]
	})
	for _, name := range names {
		a := tActors[name]
		mark(name, func(s sitrep.Span) {
			for _, m := range in.Actors {
				if m.Span.Overlaps(s) {
					return
				}
			}
			in.Actors = append(in.Actors, sitrep.ActorMention{Actor: a, Span: s})
		})
	}
	for name, p := range tPlaces {
		mark(name, func(s sitrep.Span) { in.Places = append(in.Places, sitrep.PlaceMention{Place: p, Span: s}) })
	}
	for name, v := range tTimes {
		mark(name, func(s sitrep.Span) {
			in.Times = append(in.Times, sitrep.TimeExpr{Span: s, Type: sitrep.TimeDate, Value: v})
		})
	}
	return in
}

func TestEventTypes(t *testing.T) {
	cases := []struct {
		text, typ, sub string
	}{
		{"Pakistani troops clashed with TTP militants in Kurram on Monday.", "Battles", "Armed clash"},
		{"Security forces and militants exchanged fire for hours near Quetta.", "Battles", "Armed clash"},
		{"TTP fighters ambushed a convoy of Pakistani troops in Kurram.", "Battles", "Armed clash"},
		{"TTP militants overran a checkpoint in Kurram on Monday.", "Battles", "Non-state actor overtakes territory"},
		{"A drone strike hit a house in Miranshah on 3 March.", "Explosions/Remote violence", "Air/drone strike"},
		{"Pakistani troops shelled villages near Kurram on Monday.", "Explosions/Remote violence", "Shelling/artillery/missile attack"},
		{"A roadside bomb exploded near a police van in Quetta.", "Explosions/Remote violence", "Remote explosive/landmine/IED"},
		{"A suicide bomber blew himself up outside a mosque in Peshawar.", "Explosions/Remote violence", "Suicide bomb"},
		{"Unknown men hurled a grenade at a shop in Quetta on Monday.", "Explosions/Remote violence", "Grenade"},
		{"Gunmen abducted two engineers near Quetta on Monday.", "Violence against civilians", "Abduction/forced disappearance"},
		{"TTP gunmen attacked a bus carrying civilians near Kurram.", "Violence against civilians", "Attack"},
		{"A local leader was shot dead in a targeted killing in Peshawar.", "Violence against civilians", "Attack"},
		{"Hundreds of traders held a protest in Peshawar on Monday.", "Protests", "Peaceful protest"},
		{"Police fired tear gas to disperse protesters in Quetta.", "Protests", "Protest with intervention"},
		{"Rioters torched vehicles in Quetta on Monday.", "Riots", "Violent demonstration"},
		{"Protesters clashed with police in Quetta on Monday.", "Riots", "Violent demonstration"},
		{"Gunmen opened fire on a wedding party near Quetta on Monday.", "Violence against civilians", "Attack"},
		{"Pakistan and the Taliban agreed a ceasefire on Sunday.", "Strategic developments", "Agreement"},
		{"Police arrested twelve suspects in Peshawar on Monday.", "Strategic developments", "Arrests"},
		{"Pakistan closed the border with Afghanistan on Monday.", "Strategic developments", "Other"},
		{"Officials from Pakistan held talks with the Taliban in Kabul on Sunday.", "Strategic developments", "Other"},
		{"The TTP was founded in 2007 by several militant factions.", "Strategic developments", "Change to group/activity"},
		{"Pakistan closed the Torkham and Chaman crossings on Sunday, halting trade.", "Strategic developments", "Other"},
		{"A TTP commander was killed in a precision attack in Kabul on Monday.", "Explosions/Remote violence", "Air/drone strike"},
	}
	for _, c := range cases {
		evs, _ := Extract(input(c.text))
		if len(evs) != 1 {
			t.Errorf("%q: %d events, want 1: %+v", c.text, len(evs), evs)
			continue
		}
		if evs[0].EventType != c.typ || evs[0].SubEventType != c.sub {
			t.Errorf("%q: %s / %s, want %s / %s", c.text, evs[0].EventType, evs[0].SubEventType, c.typ, c.sub)
		}
	}
}

func TestModality(t *testing.T) {
	for _, text := range []string{
		"The Taliban vowed retaliation against Pakistan.",
		"Analysts say attacks on Pakistani soil could prompt strikes inside Afghanistan.",
		"Pakistan will respond to any attack with force.",
		"If the talks fail, fighting may resume along the border.",
		"Pakistan did not carry out air strikes in Kabul, officials said.",
		"The TTP has threatened to attack government offices.",
		"No clashes were reported in Kurram on Monday.",
		"Islamabad says militant groups are using Afghan soil to launch attacks into Pakistan.",
		"A recent report said TTP attacks surged in 2024.",
		"“Pakistani attacks could weaken the Taliban,” says a former diplomat.",
		"The TTP launched nearly 600 attacks on Pakistani forces in 2024.",
		"Another round of talks in a third country is possible.",
	} {
		evs, _ := Extract(input(text))
		if len(evs) != 0 {
			t.Errorf("%q: want no event, got %s / %s", text, evs[0].EventType, evs[0].SubEventType)
		}
	}
}

func TestRoles(t *testing.T) {
	in := input("Pakistani troops clashed with the Taliban in Kurram on Monday.")
	evs, _ := Extract(in)
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	e := evs[0]
	if e.Actor1 == nil || e.Actor2 == nil || e.Actor1.ID != "pakistan-military" || e.Actor2.ID != "afghan-taliban" {
		t.Errorf("actors %+v %+v", e.Actor1, e.Actor2)
	}
	if e.Location != "Kurram" || e.GeoPrecision == nil || *e.GeoPrecision != 2 || e.Country != "Pakistan" {
		t.Errorf("place %q %v %q", e.Location, e.GeoPrecision, e.Country)
	}
	if e.EventDate == nil || *e.EventDate != "2025-10-13" || *e.TimePrecision != 1 || e.DateText != "on Monday" {
		t.Errorf("date %v %v %q", e.EventDate, e.TimePrecision, e.DateText)
	}

	// A state acts through its forces in violent events.
	evs, _ = Extract(input("Pakistan carried out air strikes in Paktika province on Sunday."))
	if len(evs) != 1 || evs[0].Actor1 == nil || evs[0].Actor1.ID != "pakistan-military" {
		t.Fatalf("want pakistan-military, got %+v", evs)
	}
	if *evs[0].GeoPrecision != 3 {
		t.Errorf("province: geo_precision %d, want 3", *evs[0].GeoPrecision)
	}
	// but not in talks
	evs, _ = Extract(input("Pakistan held talks with the Taliban in Kabul on Sunday."))
	if len(evs) != 1 || evs[0].Actor1 == nil || evs[0].Actor1.ID != "pakistan-gov" {
		t.Fatalf("want pakistan-gov, got %+v", evs)
	}
	// mediators are associated actors
	evs, _ = Extract(input("Pakistan and the Taliban agreed a ceasefire brokered by Qatar on Sunday."))
	if len(evs) != 1 || len(evs[0].AssocActor1) != 1 || evs[0].AssocActor1[0].ID != "qatar" {
		t.Fatalf("want qatar associated, got %+v", evs)
	}
	// an undated event has no date: never the publication date
	evs, _ = Extract(input("Pakistani troops clashed with the Taliban in Kurram."))
	if len(evs) != 1 || evs[0].EventDate != nil || evs[0].TimePrecision != nil {
		t.Fatalf("want no date, got %+v", evs)
	}
	// week and month precision
	evs, _ = Extract(input("Pakistani troops clashed with the Taliban last week. Officials met the Taliban in May."))
	if len(evs) != 2 || *evs[0].EventDate != "2025-10-06" || *evs[0].TimePrecision != 2 || *evs[1].EventDate != "2025-05-01" || *evs[1].TimePrecision != 3 {
		t.Fatalf("precision: %+v", evs)
	}
}

func TestFatalities(t *testing.T) {
	cases := []struct {
		text     string
		count    int // -1: nil
		max      int
		qual     string
		victims  string
		claimant string
		injured  bool
	}{
		{"Pakistani troops clashed with TTP militants in Kurram; at least 23 soldiers were killed.", 23, 0, "at least", "soldiers", "", false},
		{"Pakistan says it killed more than 200 fighters in clashes in Kurram.", 200, 0, "more than", "fighters", "pakistan-gov", false},
		{"The Taliban attacked Pakistani posts in Kurram, claiming to have killed dozens of soldiers.", 12, 0, "vague", "of soldiers", "afghan-taliban", false},
		{"Air strikes on TTP hideouts in Paktika province killed 20 to 25 militants.", 20, 25, "range", "militants", "", false},
		{"A roadside bomb in Quetta wounded 7 policemen.", 7, 0, "exact", "policemen", "", true},
		{"A drone strike in Miranshah killed civilians, according to the Taliban.", -1, 0, "vague", "civilians", "afghan-taliban", false},
		{"A drone strike hit Miranshah on Monday. The Taliban said at least 10 civilians, including three children, were killed.", 10, 0, "at least", "civilians, including three children", "afghan-taliban", false},
	}
	for _, c := range cases {
		evs, _ := Extract(input(c.text))
		if len(evs) != 1 || len(evs[0].FatalityClaims) != 1 {
			t.Errorf("%q: want one event with one figure, got %+v", c.text, evs)
			continue
		}
		f := evs[0].FatalityClaims[0]
		got := -1
		if f.Count != nil {
			got = *f.Count
		}
		gotMax := 0
		if f.CountMax != nil {
			gotMax = *f.CountMax
		}
		claimant := ""
		if f.Claimant != nil {
			claimant = f.Claimant.ID
		}
		if got != c.count || gotMax != c.max || f.Qualifier != c.qual || f.Victims != c.victims || claimant != c.claimant || f.Injured != c.injured {
			t.Errorf("%q: got %d-%d %q %q by %q injured=%v", c.text, got, gotMax, f.Qualifier, f.Victims, claimant, f.Injured)
		}
	}
	// ACLED: lowest figure per victim group, groups added, injuries apart.
	evs, _ := Extract(input("Pakistani troops clashed with the Taliban in Kurram on Monday. Pakistan says it killed more than 200 fighters; the Taliban says 58 Pakistani soldiers were killed. Pakistan later acknowledged at least 23 soldiers killed and 29 wounded."))
	if len(evs) != 1 {
		t.Fatalf("want one event, got %d", len(evs))
	}
	if evs[0].Fatalities == nil || *evs[0].Fatalities != 223 {
		t.Errorf("fatalities %v, want 223", evs[0].Fatalities)
	}
	if len(evs[0].Evidence) != 3 {
		t.Errorf("evidence %d, want 3", len(evs[0].Evidence))
	}
	evs, _ = Extract(input("Pakistani troops clashed with the Taliban in Kurram on Monday."))
	if len(evs) != 1 || evs[0].Fatalities == nil || *evs[0].Fatalities != 0 {
		t.Errorf("no figure: want 0, got %+v", evs)
	}
}

func TestMerge(t *testing.T) {
	evs, _ := Extract(input("Pakistani troops clashed with the Taliban in Kurram on Monday. The clashes continued into the night. Officials met in Kabul on Sunday."))
	if len(evs) != 2 || len(evs[0].Evidence) != 2 {
		t.Fatalf("want 2 events, the first told twice: %+v", evs)
	}
	// "again" is a new occurrence
	evs, _ = Extract(input("Pakistani troops clashed with the Taliban in Kurram on Monday. The fighting flared again in Quetta on Tuesday."))
	if len(evs) != 2 {
		t.Fatalf("want 2 events, got %d", len(evs))
	}
}

func TestDates(t *testing.T) {
	// a dateline's date is the report's, not the event's
	in := input("PESHAWAR, Oct 12, 2025 - Pakistani troops clashed with TTP militants in Kurram.")
	in.Times = append(in.Times, sitrep.TimeExpr{Span: sitrep.Span{Start: 10, End: 22}, Type: sitrep.TimeDate, Value: "2025-10-12"})
	evs, _ := Extract(in)
	if len(evs) != 1 || evs[0].EventDate != nil {
		t.Errorf("dateline: want one undated event, got %+v", evs)
	}
	// a date belongs to the nearest trigger: the talks are in May, not the clash
	evs, _ = Extract(input("Pakistani troops clashed with the Taliban in Kurram, weeks after talks in May."))
	for _, e := range evs {
		if e.EventType == "Battles" && e.EventDate != nil {
			t.Errorf("the clash took the talks' date %s", *e.EventDate)
		}
	}
	// a later reference dates an undated event
	evs, _ = Extract(input("Pakistani troops clashed with the Taliban in Kurram. The Taliban said 58 soldiers were killed in the clashes, which began on Monday."))
	if len(evs) != 1 || evs[0].EventDate == nil || *evs[0].EventDate != "2025-10-13" {
		t.Errorf("want one event dated 2025-10-13, got %+v", evs)
	}
}

func TestClaims(t *testing.T) {
	cases := []struct {
		text   string
		kinds  []string
		by     []string
		about0 string
	}{
		{"Islamabad accuses the Taliban of sheltering the TTP.", []string{"accusation"}, []string{"pakistan-gov"}, "afghan-taliban"},
		{"Islamabad accuses the Taliban of sheltering the TTP. The Taliban denies this.", []string{"accusation", "denial"}, []string{"pakistan-gov", "afghan-taliban"}, "afghan-taliban"},
		{"China, Iran and Russia have urged the Taliban to act against these groups.", []string{"demand", "demand", "demand"}, []string{"china", "iran", "russia"}, "afghan-taliban"},
		{"The Taliban said it would retaliate against Pakistan at an appropriate time.", []string{"threat"}, []string{"afghan-taliban"}, "pakistan-gov"},
		{"Pakistan says it killed more than 200 fighters.", []string{"casualty"}, []string{"pakistan-gov"}, ""},
		{"The strikes were successful, according to the army.", []string{"assessment"}, []string{"pakistan-military"}, ""},
		{"“Pakistan is in a tight corner,” says the interior minister.", []string{"assessment"}, []string{"x-interior-minister"}, ""},
		{"Pakistani sources said TTP fighters attacked the post unprovoked.", []string{"accusation"}, []string{"pakistan-military"}, "ttp"},
		{"Analysts warn tensions may keep simmering.", []string{"assessment"}, []string{"unnamed-analysts"}, ""},
	}
	for _, c := range cases {
		_, cls := Extract(input(c.text))
		if len(cls) != len(c.kinds) {
			t.Errorf("%q: %d claims, want %d: %+v", c.text, len(cls), len(c.kinds), cls)
			continue
		}
		for i, cl := range cls {
			if cl.Kind != c.kinds[i] || cl.Claimant == nil || cl.Claimant.ID != c.by[i] {
				t.Errorf("%q: claim %d = %s by %v, want %s by %s", c.text, i, cl.Kind, cl.Claimant, c.kinds[i], c.by[i])
			}
		}
		if c.about0 != "" && (cls[0].About == nil || cls[0].About.ID != c.about0) {
			t.Errorf("%q: about %v, want %s", c.text, cls[0].About, c.about0)
		}
	}
}

// checkSpans verifies that every mention lies inside the text and quotes it.
func checkSpans(t *testing.T, txt string, evs []sitrep.Event, cls []sitrep.Claim) {
	t.Helper()
	runes := []rune(txt)
	check := func(m sitrep.Mention) {
		if m.Start < 0 || m.End > len(runes) || m.Start > m.End {
			t.Fatalf("mention %+v outside text of %d runes", m, len(runes))
		}
		if string(runes[m.Start:m.End]) != m.Text {
			t.Fatalf("mention %+v does not quote the text %q", m, string(runes[m.Start:m.End]))
		}
	}
	for _, e := range evs {
		for _, m := range e.Evidence {
			check(m)
		}
		for _, f := range e.FatalityClaims {
			check(f.Mention)
		}
	}
	for _, c := range cls {
		check(c.Mention)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("Pakistani troops clashed with the Taliban in Kurram on Monday, killing at least 23 soldiers.")
	f.Add("The Taliban denies this. China, Iran and Russia have urged the Taliban; “Kabul” said it would retaliate…")
	f.Add("Pakistan says it killed more than 200 fighters; the Taliban says 58 Pakistani soldiers were killed.")
	f.Add("")
	f.Add("killed killed 20 to 25 . , ; according to")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		evs, cls := Extract(input(s))
		checkSpans(t, s, evs, cls)
		// and with no recognisers at all
		evs, cls = Extract(Input{Text: s})
		checkSpans(t, s, evs, cls)
	})
}
