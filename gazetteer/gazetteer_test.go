package gazetteer

import (
	"strings"
	"sync"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

func mustLoad(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestLookup(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		name      string
		wantFirst string // name of the most prominent sense
		wantKind  string
		wantCC    string
	}{
		{"Pakistan", "Pakistan", sitrep.PlaceCountry, "PK"},
		{"Khōst", "Khost", sitrep.PlaceAdmin1, "AF"}, // diacritics folded; curated name for GeoNames "Khowst"
		{"KHOST", "Khost", sitrep.PlaceAdmin1, "AF"},
		{"Khowst", "Khost", sitrep.PlaceAdmin1, "AF"},
		{"Paktiya", "Paktia", sitrep.PlaceAdmin1, "AF"},
		{"NWFP", "Khyber Pakhtunkhwa", sitrep.PlaceAdmin1, "PK"},
		{"Kurram", "Kurram", sitrep.PlaceAdmin2, "PK"}, // GeoNames "Kurram District"
		{"Miram Shah", "Miranshah", sitrep.PlaceCity, "PK"},
		{"Torkham", "Torkham", sitrep.PlaceFeature, "PK"},
		{"Durand Line", "Pakistan-Afghanistan border", sitrep.PlaceRegion, ""},
		{"Mazār-e Sharīf", "Mazar-e Sharif", sitrep.PlaceCity, "AF"},
		{"Lahore", "Lahore", sitrep.PlaceCity, "PK"},
		{"Côte d'Ivoire", "Ivory Coast", sitrep.PlaceCountry, "CI"},
	}
	for _, tt := range tests {
		ps := g.Lookup(tt.name)
		if len(ps) == 0 {
			t.Errorf("Lookup(%q): nothing", tt.name)
			continue
		}
		p := ps[0]
		if p.Name != tt.wantFirst || p.Kind != tt.wantKind || p.CountryCode != tt.wantCC {
			t.Errorf("Lookup(%q)[0] = %s (%s, %s), want %s (%s, %s)", tt.name, p.Name, p.Kind, p.CountryCode, tt.wantFirst, tt.wantKind, tt.wantCC)
		}
		if !p.HasCoords || p.ID == "" {
			t.Errorf("Lookup(%q)[0] = %+v: want an id and coordinates", tt.name, p)
		}
	}
	if ps := g.Lookup("no such place qqq"); len(ps) != 0 {
		t.Errorf("unknown name gave %v", ps)
	}
	for _, bad := range []string{"", " ", "\x00\xff", strings.Repeat("a ", 1000)} {
		_ = g.Lookup(bad) // must not panic
	}
}

func TestPlaceFields(t *testing.T) {
	g := mustLoad(t)
	var kabul sitrep.Place
	for _, p := range g.Lookup("Kabul") {
		if p.Kind == sitrep.PlaceCity && p.CountryCode == "AF" {
			kabul = p
			break
		}
	}
	if kabul.ID != "geonames:1138958" || kabul.Admin1 != "Kabul" || kabul.Lat < 34 || kabul.Lat > 35 || kabul.Lon < 69 || kabul.Lon > 70 {
		t.Errorf("Kabul = %+v", kabul)
	}
	var kurram sitrep.Place
	for _, p := range g.Lookup("Kurram") {
		if p.Kind == sitrep.PlaceAdmin2 {
			kurram = p
		}
	}
	if kurram.Admin1 != "Khyber Pakhtunkhwa" || kurram.Admin2 != "Kurram" || !kurram.HasCoords {
		t.Errorf("Kurram = %+v", kurram)
	}
}

func TestMerge(t *testing.T) {
	g, err := build() // a private copy: Merge changes the gazetteer
	if err != nil {
		t.Fatal(err)
	}
	user := "# my places\n" +
		"Camp Alpha\tfeature\tPK\tBalochistan\t\t29.10\t66.20\tAlpha Base\tx-camp-alpha\tour own\n" +
		"Peshawar\tcity\tPK\t\t\t\t\tPekhawar\t\t\n"
	if err := g.Merge(strings.NewReader(user)); err != nil {
		t.Fatal(err)
	}
	ps := g.Lookup("alpha base")
	if len(ps) != 1 || ps[0].ID != "x-camp-alpha" || ps[0].Admin1 != "Balochistan" || ps[0].Lat != 29.1 {
		t.Errorf("merged place: %+v", ps)
	}
	ps = g.Lookup("Pekhawar")
	if len(ps) != 1 || ps[0].Name != "Peshawar" || !strings.HasPrefix(ps[0].ID, "geonames:") {
		t.Errorf("alias of a GeoNames place: %+v", ps)
	}
	if err := g.Merge(strings.NewReader("Nowhere\tplanet\tXX\n")); err == nil {
		t.Error("unknown kind accepted")
	}
	if err := g.Merge(strings.NewReader("Somewhere\tcity\tPK\t\t\tnorth\t12\n")); err == nil {
		t.Error("bad coordinates accepted")
	}
}

// mention is what a test expects: the text of a mention, and its place.
type mention struct {
	text, name, kind, cc string
}

func TestRecognise(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		name string
		text string
		want []mention
		not  []string // texts that must not be mentions
	}{
		{
			name: "province designator",
			text: "Jets struck hideouts in Paktika province on Tuesday, officials in Kabul said.",
			want: []mention{{"Paktika", "Paktika", "admin1", "AF"}, {"Kabul", "Kabul", "city", "AF"}},
		},
		{
			name: "possessive district",
			text: "Shelling hit Paktika’s Barmal district and villages near Khōst.",
			want: []mention{{"Paktika", "Paktika", "admin1", "AF"}, {"Barmal", "Barmal", "admin2", "AF"}, {"Khōst", "Khost", "admin1", "AF"}},
		},
		{
			name: "designator before the name",
			text: "Fighting flared near tribal district Kurram, Pakistani officials said.",
			want: []mention{{"Kurram", "Kurram", "admin2", "PK"}},
			not:  []string{"Pakistani"},
		},
		{
			name: "demonym territory is the country, the adjective alone is not",
			text: "Pakistan says militants use Afghan soil, while Afghan forces deny it.",
			want: []mention{{"Pakistan", "Pakistan", "country", "PK"}, {"Afghan soil", "Afghanistan", "country", "AF"}},
			not:  []string{"Afghan"},
		},
		{
			name: "Hyderabad resolved by the document's country",
			text: "Floods cut roads across Sindh. In Hyderabad, rescuers moved families to schools.",
			want: []mention{{"Sindh", "Sindh", "admin1", "PK"}, {"Hyderabad", "Hyderabad", "city", "PK"}},
		},
		{
			name: "Hyderabad in India",
			text: "Police in Telangana said protests in Hyderabad ended peacefully.",
			want: []mention{{"Telangana", "Telangana", "admin1", "IN"}, {"Hyderabad", "Hyderabad", "city", "IN"}},
		},
		{
			name: "common words that GeoNames has as places",
			text: "Police said the Attack began at dawn. Most of the Mobile units were Reading maps. Of the dead, May lists none.",
			want: nil,
			not:  []string{"Police", "Attack", "Most", "Mobile", "Reading", "Of", "May"},
		},
		{
			name: "names inside organisation and person names",
			text: "The Balochistan Liberation Army claimed it. Seema Ilahi Baloch spoke at the Shanghai Cooperation Organisation.",
			not:  []string{"Balochistan", "Shanghai"},
		},
		{
			name: "country pair border",
			text: "Troops moved to the Pak-Afghan border after the clash.",
			want: []mention{{"Pak-Afghan border", "Pakistan-Afghanistan border", "region", ""}},
		},
		{
			name: "bare border of the document's neighbouring countries",
			text: "Thailand accused Cambodia of shelling. Cambodia denied it. Thai troops reinforced the border as Thailand warned its neighbour.",
			want: []mention{{"border", "Thailand–Cambodia border", "region", ""}},
		},
		{
			name: "feature after a place",
			text: "US forces left Bagram airbase in 2021; India invested in Chabahar Port in Iran.",
			want: []mention{{"Bagram airbase", "Bagram Airfield", "feature", "AF"}, {"Chabahar Port", "Chabahar Port", "feature", "IR"}, {"Iran", "Iran", "country", "IR"}},
		},
		{
			name: "region and disputed territory",
			text: "Tension rose in South Asia after an attack in Indian-administered Kashmir.",
			want: []mention{{"South Asia", "South Asia", "region", ""}, {"Indian-administered Kashmir", "Indian-administered Kashmir", "region", "IN"}},
		},
		{
			name: "a small place far from the story needs context",
			text: "Ukraine said Russian drones struck Kharkiv overnight. Officials in Kyiv called for air defence.",
			want: []mention{{"Ukraine", "Ukraine", "country", "UA"}, {"Kharkiv", "Kharkiv", "city", "UA"}, {"Kyiv", "Kyiv", "city", "UA"}},
		},
		{
			name: "a region needs its article; the adjective use is not the region",
			text: "Shipping in the Gulf slowed, while Gulf states urged calm in the Middle East.",
			want: []mention{{"the Gulf", "the Gulf", "region", ""}, {"the Middle East", "the Middle East", "region", ""}},
			not:  []string{"Gulf"},
		},
		{
			name: "country names that are first names",
			text: "Jordan Bardella criticised the plan. Georgia Meloni met Chad Smith in Rome.",
			want: []mention{{"Rome", "Rome", "city", "IT"}},
			not:  []string{"Jordan", "Georgia", "Chad"},
		},
		{
			name: "dateline in capitals, city-state, city then its state",
			text: "KHARTOUM, Sudan — A scholar based in Singapore said bodies were found in Culiacán, Sinaloa.",
			want: []mention{{"KHARTOUM", "Khartoum", "city", "SD"}, {"Singapore", "Singapore", "country", "SG"},
				{"Culiacán", "Culiacán", "city", "MX"}, {"Sinaloa", "Sinaloa", "admin1", "MX"}},
		},
		{
			name: "suffix-named unit: the bare name is the city",
			text: "Russian drones were downed over Belgorod, the Belgorod Oblast governor said.",
			want: []mention{{"Belgorod", "Belgorod", "city", "RU"}, {"Belgorod Oblast", "Belgorod Oblast", "admin1", "RU"}},
		},
		{
			name: "acronyms are not places",
			text: "GAZA, May 3 — The TTP and the US discussed it with ISIS-KP watchers in ROME.",
			want: []mention{{"GAZA", "Gaza", "city", "PS"}},
			not:  []string{"TTP", "US", "KP", "ROME"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := g.Recognise(tt.text, nil, nil)
			got := map[string]sitrep.Place{}
			for _, m := range ms {
				got[tt.text[m.Span.Start:m.Span.End]] = m.Place
			}
			for _, w := range tt.want {
				p, ok := got[w.text]
				if !ok {
					t.Errorf("%q not found; got %v", w.text, keys(got))
					continue
				}
				if p.Name != w.name || p.Kind != w.kind || p.CountryCode != w.cc {
					t.Errorf("%q = %s (%s, %s), want %s (%s, %s)", w.text, p.Name, p.Kind, p.CountryCode, w.name, w.kind, w.cc)
				}
			}
			for _, n := range tt.not {
				if p, ok := got[n]; ok {
					t.Errorf("%q taken as a place: %+v", n, p)
				}
			}
		})
	}
}

// TestDesignatorPerOccurrence: one name, two senses in one document.
func TestDesignatorPerOccurrence(t *testing.T) {
	g := mustLoad(t)
	ms := g.Recognise("Rockets hit Kabul on Monday. Police in Kabul province made arrests.", nil, nil)
	var kinds []string
	for _, m := range ms {
		kinds = append(kinds, m.Place.Name+"/"+m.Place.Kind)
	}
	if strings.Join(kinds, " ") != "Kabul/city Kabul/admin1" {
		t.Errorf("got %v, want the city, then the province", kinds)
	}
}

func keys(m map[string]sitrep.Place) []string {
	var out []string
	for k, p := range m {
		out = append(out, k+"="+p.Name+"/"+p.CountryCode)
	}
	return out
}

func TestRecogniseBadInput(t *testing.T) {
	g := mustLoad(t)
	for _, s := range []string{"", "\xff\xfe", "Pakistan", "border", "the", "Pak-", "-border", strings.Repeat("Kabul ", 5000), "Afghan",
		"Pakistan-", "Afghan soil", "the Gulf", "Kabul,", "Paktika province", "KP-"} {
		_ = g.Recognise(s, nil, nil)
		_ = g.Recognise(s, text.Tokenize("Kabul and Kandahar are far apart"), nil) // tokens of another text
		_ = g.Recognise(s, nil, []sitrep.Span{{Start: 5, End: 2}})
	}
}

func TestConcurrentUse(t *testing.T) {
	g := mustLoad(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if len(g.Recognise("Clashes in Kabul and Kandahar, Afghanistan.", nil, nil)) != 3 {
					t.Error("wrong mention count")
					return
				}
				g.Lookup("Kabul")
			}
		}()
	}
	wg.Wait()
}

// FuzzRecognise checks that no text makes recognition panic or report a
// span outside the text.
func FuzzRecognise(f *testing.F) {
	for _, s := range []string{"Clashes in Kabul, Afghanistan.", "Pak-Afghan border", "the Gulf", "KHOST, Afghanistan —", "Paktika’s Barmal district"} {
		f.Add(s)
	}
	g := mustLoad(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range g.Recognise(s, nil, nil) {
			if m.Span.Start < 0 || m.Span.End > len(s) || m.Span.Start >= m.Span.End {
				t.Fatalf("bad span %v in %q", m.Span, s)
			}
		}
	})
}

// TestLoneTown: wire reports often name one town and no country; a notable
// populated place after a locative preposition is kept, ordinary words are not.
func TestLoneTown(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		text, name, cc string // name "" means no place at all
	}{
		{"TMX fighters attacked a police post in Bannu on Monday.", "Bannu", "PK"},
		{"In Bannu, gunmen fired on a checkpoint.", "Bannu", "PK"},
		{"Two soldiers were killed near Maiduguri on Friday.", "Maiduguri", "NG"},
		{"Fighters ambushed a convoy outside Bunia.", "Bunia", "CD"},
		{"A car bomb exploded at a market in Mogadishu.", "Mogadishu", "SO"},
		{"Residents fled from Afgooye after the raid.", "Afgooye", "SO"},
		{"Police said the attack in Kirkuk killed three.", "Kirkuk", "IQ"},
		{"Houthi fighters shelled a district of Hodeidah.", "Hodeidah", "YE"},
		{"A bomb exploded in Fallujah on Sunday.", "Fallujah", "IQ"},
		{"Clashes broke out near Misrata overnight.", "Misrata", "LY"},
		{"Thousands fled El Geneina after the attack.", "El Geneina", "SD"},
		{"Al-Shabaab fighters attacked a base in Lower Shabelle.", "Lower Shabelle", "SO"},
		// a town of the curated file, whatever GeoNames says of its size
		{"Gunmen fired on a checkpoint in Miramshah at dawn.", "Miranshah", "PK"},
		{"Most officials were in Parliament in March.", "", ""},
		{"Police arrested him in May at Friday prayers.", "", ""},
		{"The head of Police spoke in English at Christmas.", "", ""},
	}
	for _, tt := range tests {
		ms := g.Recognise(tt.text, nil, nil)
		if tt.name == "" {
			for _, m := range ms {
				t.Errorf("%q: %q taken as a place (%s, %s)", tt.text, tt.text[m.Span.Start:m.Span.End], m.Place.Name, m.Place.CountryCode)
			}
			continue
		}
		found := false
		for _, m := range ms {
			if m.Place.Name == tt.name && m.Place.CountryCode == tt.cc {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: want %s (%s), got %v", tt.text, tt.name, tt.cc, ms)
		}
	}
}
