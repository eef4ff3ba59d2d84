package lexicon

import (
	"slices"
	"strings"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// found returns "surface=id" for every mention, with a trailing "*" on metonyms.
func found(l *Lexicon, txt string, d time.Time) []string {
	var out []string
	for _, m := range l.Recognise(txt, nil, nil, d) {
		s := txt[m.Span.Start:m.Span.End] + "=" + m.Actor.ID
		if m.Metonym {
			s += "*"
		}
		out = append(out, s)
	}
	return out
}

func mustLoad(t *testing.T) *Lexicon {
	t.Helper()
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

type recCase struct {
	name string
	text string
	date string
	want []string // mentions that must be found ("surface=id", "*" for metonyms)
	not  []string // ids or "surface=id" that must not be found
}

func runCases(t *testing.T, cases []recCase) {
	l := mustLoad(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := day("2025-06-01")
			if c.date != "" {
				d = day(c.date)
			}
			got := found(l, c.text, d)
			for _, w := range c.want {
				if !slices.Contains(got, w) {
					t.Errorf("%q: missing %s; got %v", c.text, w, got)
				}
			}
			for _, n := range c.not {
				for _, g := range got {
					if g == n || strings.HasSuffix(strings.TrimSuffix(g, "*"), "="+n) {
						t.Errorf("%q: unexpected %s; got %v", c.text, g, got)
					}
				}
			}
		})
	}
}

func TestMetonymy(t *testing.T) {
	runCases(t, []recCase{
		{name: "capital says", text: "Islamabad says the talks will resume next week.",
			want: []string{"Islamabad=pakistan-gov*"}},
		{name: "capital denies, after 2021", text: "Kabul denies sheltering the militants.", date: "2024-02-01",
			want: []string{"Kabul=afghan-taliban*"}},
		{name: "capital before 2021", text: "Kabul denies sheltering the militants.", date: "2019-02-01",
			want: []string{"Kabul=afghanistan-gov*"}, not: []string{"afghan-taliban"}},
		{name: "country accuses", text: "Pakistan accuses India of backing the attackers.",
			want: []string{"Pakistan=pakistan-gov*", "India=india*"}},
		{name: "possessive stance", text: "Kabul's fear is that a crackdown would split the movement.",
			date: "2023-01-01", want: []string{"Kabul=afghan-taliban*"}},
		{name: "possessive ministry", text: "Islamabad’s foreign ministry summoned the envoy.",
			want: []string{"Islamabad’s foreign ministry=pakistan-gov*"}},
		{name: "hasn't confirmed", text: "Afghanistan hasn’t confirmed the losses.", date: "2022-01-01",
			want: []string{"Afghanistan=afghan-taliban*"}},
		{name: "attended", text: "The summit, which Uzbekistan attended, ended on Friday.",
			want: []string{"Uzbekistan=uzbekistan*"}},
		{name: "list subject", text: "Regional powers such as Iran, Turkey and Qatar have offered to mediate.",
			want: []string{"Iran=iran*", "Turkey=turkiye*", "Qatar=qatar*"}},
		{name: "passive agent", text: "The truce was brokered by Saudi Arabia and Qatar.",
			want: []string{"Saudi Arabia=saudi-arabia*", "Qatar=qatar*"}},
		{name: "relation with", text: "Its relations with Tajikistan have improved.",
			want: []string{"Tajikistan=tajikistan*"}},
		{name: "place: passive", text: "Kabul was rocked by explosions overnight.", not: []string{"afghan-taliban", "afghanistan-gov"}},
		{name: "place: visited", text: "The minister visited Kabul in April.", not: []string{"afghan-taliban"}},
		{name: "place: in", text: "Two bombs went off in Peshawar and in Pakistan's Khyber Pakhtunkhwa province.", not: []string{"pakistan-gov"}},
		{name: "place: inside", text: "The group struck targets inside Pakistan.", not: []string{"pakistan-gov"}},
		{name: "place: border compound", text: "Trade across the Pakistan-Afghanistan border resumed.", not: []string{"pakistan-gov", "afghan-taliban"}},
		{name: "place: based in", text: "She is a researcher based in Singapore.", not: []string{"singapore"}},
		{name: "place: possessive name", text: "He studied at Singapore’s National University.", not: []string{"singapore"}},
		{name: "relation compound", text: "India-Pakistan tensions rose again.",
			want: []string{"India=india*", "Pakistan=pakistan-gov*"}},
		{name: "lowercase us is not the US", text: "Let us see what they do.", not: []string{"usa"}},
		{name: "US as modifier of an action", text: "Fears of a US strike grew.", want: []string{"US=usa*"}},
		{name: "after a spaced dash", text: "LONDON (Agency) - Iran said it would respond.", want: []string{"Iran=iran*"}},
		{name: "glued modifier", text: "Anti-Pakistan groups operate from US Forces-Afghanistan bases.", not: []string{"pakistan-gov", "afghan-taliban"}},
		{name: "copula with a place noun", text: "Kabul is a city of five million people.", not: []string{"afghan-taliban"}},
		{name: "defunct state", text: "They fought the Soviet Union for a decade.", want: []string{"Soviet Union=soviet-union*"}},
		{name: "of-complement", text: "No other neighbour of Iran has faced such threats.", not: []string{"iran"}},
	})
}

func TestForcesAndOfficials(t *testing.T) {
	runCases(t, []recCase{
		{name: "demonym forces", text: "Pakistani forces shelled the ridge.",
			want: []string{"Pakistani forces=pakistan-military"}},
		{name: "demonym with modifier", text: "Indian security forces detained four men.",
			want: []string{"Indian security forces=india-military"}},
		{name: "border guards", text: "Iranian border guards opened fire.",
			want: []string{"Iranian border guards=iran-military"}},
		{name: "afghan fighters after 2021", text: "Afghan fighters attacked a post.", date: "2025-10-12",
			want: []string{"Afghan fighters=afghan-taliban"}},
		{name: "afghan forces before 2021", text: "Afghan forces retook the district.", date: "2019-05-01",
			want: []string{"Afghan forces=afghanistan-military"}},
		{name: "officials", text: "Pakistani officials said talks would continue.",
			want: []string{"Pakistani officials=pakistan-gov"}},
		{name: "police", text: "Pakistani police arrested two suspects.",
			want: []string{"Pakistani police=pakistan-police"}},
		{name: "state military", text: "The Pakistani military claims to have regained control.",
			want: []string{"Pakistani military=pakistan-military"}},
		{name: "alias plus noun", text: "Taliban border guards clashed with the Frontier Corps.", date: "2024-09-01",
			want: []string{"Taliban border guards=afghan-taliban", "Frontier Corps=pakistan-military"}},
		{name: "its forces after one state", text: "Pakistan later said its forces had taken 21 posts.",
			want: []string{"forces=pakistan-military"}},
		{name: "bare soldiers, one state", text: "Tajikistan said three soldiers were killed.",
			want: []string{"soldiers=tajikistan-military"}},
		{name: "bare fighters with two states", text: "Pakistan says it killed 200 fighters; Afghanistan denies it.",
			not: []string{"fighters=pakistan-military", "fighters=afghan-taliban"}},
		{name: "bare fighters next to a group", text: "The TTP has 6,000 fighters in Afghanistan.",
			not: []string{"fighters=afghan-taliban"}},
		{name: "coordinated demonyms", text: "Clashes between Pakistani and Afghan forces left 20 dead.", date: "2025-10-12",
			want: []string{"Pakistani=pakistan-military", "Afghan forces=afghan-taliban"}},
		{name: "demonym with policy noun", text: "Kabul rejected any Indian involvement.", want: []string{"Indian involvement=india"}},
		{name: "delegation", text: "A Kazakh delegation arrived in Kabul.", want: []string{"Kazakh delegation=kazakhstan"}},
		{name: "groups by demonym", text: "Indian media reported that Afghan refugees and Chinese nationals were among the victims.",
			want: []string{"Indian media=indian-media", "Afghan refugees=afghan-refugees", "Chinese nationals=chinese-nationals"}},
		{name: "civilians of the speaker", text: "A Taliban spokesman said Pakistani strikes killed ten civilians.", date: "2025-01-01",
			want: []string{"civilians=civilians-af"}},
		{name: "civilians without a speaker", text: "Ten civilians died in the blast.", not: []string{"civilians-af", "civilians-pk"}},
		{name: "armed group spellings", text: "Tehrik-i-Taliban Pakistan, IS-K and the Lashkar-e-Taiba were named; let them talk.",
			want: []string{"Tehrik-i-Taliban Pakistan=ttp", "IS-K=iskp", "Lashkar-e-Taiba=lashkar-e-taiba"}},
	})
}

func TestPeople(t *testing.T) {
	runCases(t, []recCase{
		{name: "role by date 2025", text: "Pakistan's foreign minister arrived in Beijing.", date: "2025-04-19",
			want: []string{"Pakistan's foreign minister=ishaq-dar"}},
		{name: "role by date 2022", text: "Pakistan's foreign minister arrived in Beijing.", date: "2022-06-01",
			want: []string{"Pakistan's foreign minister=bilawal-bhutto-zardari"}},
		{name: "role of the Taliban", text: "The Taliban foreign minister travelled to Delhi.", date: "2025-10-09",
			want: []string{"Taliban foreign minister=amir-khan-muttaqi"}},
		{name: "former blocks the role", text: "Pakistan's former foreign minister criticised the deal.", date: "2025-04-19",
			not: []string{"ishaq-dar"}},
		{name: "role with a name", text: "Pakistani Prime Minister Shehbaz Sharif spoke.", date: "2025-04-19",
			want: []string{"Shehbaz Sharif=shehbaz-sharif"}, not: []string{"pakistan-gov"}},
		{name: "ambiguous deputy PM", text: "The Afghan deputy prime minister met the envoy.", date: "2025-01-01",
			not: []string{"abdul-kabir", "abdul-ghani-baradar"}},
		{name: "title and unknown name", text: "Former Pakistani envoy Jane Doe Khan adds that talks matter.",
			want: []string{"Jane Doe Khan=x-jane-doe-khan"}, not: []string{"pakistan-gov"}},
		{name: "apposition", text: "Omar Farooq Zaheer, a researcher in Lahore, says the talks failed.",
			want: []string{"Omar Farooq Zaheer=x-omar-farooq-zaheer"}},
		{name: "said X", text: "\"It will not hold,\" said Rahimullah Yousafzai Jr.",
			want: []string{"Rahimullah Yousafzai Jr=x-rahimullah-yousafzai-jr"}},
		{name: "according to", text: "According to Lt Gen Faiz Hameed, the plan was old.",
			want: []string{"Faiz Hameed=x-faiz-hameed"}},
		{name: "role, name, said", text: "The foreign ministry spokesperson, Lina Haddad, said the border was shut.",
			want: []string{"Lina Haddad=x-lina-haddad"}},
		{name: "honorific one word", text: "Maulvi Haqqyar led the prayers.", want: []string{"Haqqyar=x-haqqyar"}},
		{name: "surname later", text: "Ambassador Karim Nazari spoke first. Later Nazari said more talks were needed.",
			want: []string{"Karim Nazari=x-karim-nazari", "Nazari=x-karim-nazari"}},
		{name: "surname of a dictionary person", text: "Muhammad Sadiq visited Kabul. Sadiq met officials.",
			want: []string{"Sadiq=muhammad-sadiq"}},
		{name: "affiliation", text: "Sara Malik of the International Crisis Group wrote that the truce is fragile.",
			want: []string{"Sara Malik=x-sara-malik", "International Crisis Group=crisis-group"}},
		{name: "no person from headings", text: "Strategic Implications\n\nRegional Diplomacy and the New Delhi Factor\n",
			not: []string{"x-strategic-implications", "x-regional-diplomacy"}},
		{name: "short name", text: "the Karzai and Ghani eras", want: []string{"Karzai=hamid-karzai", "Ghani=ashraf-ghani"}},
		{name: "generic analysts", text: "Analysts say the border will stay closed.", want: []string{"Analysts=unnamed-analysts"}},
	})
}

func TestMergeAndLookup(t *testing.T) {
	l := mustLoad(t)
	if a, ok := l.Actor("pakistan-military"); !ok || a.Name != "Military Forces of Pakistan" {
		t.Errorf("pakistan-military = %+v, %v", a, ok)
	}
	if a, ok := l.Actor("india-military"); !ok || a.Country != "IN" || a.Type != sitrep.ActorState {
		t.Errorf("india-military = %+v, %v", a, ok)
	}
	if _, ok := l.Actor("no-such-actor"); ok {
		t.Error("unknown id found")
	}
	user := `[{"id":"kurram-lashkar","name":"Kurram Peace Lashkar","type":"armed-group","country":"PK","aliases":["Kurram lashkar"]},
	          {"id":"ttp","name":"TTP (user)","type":"armed-group","aliases":["Fitna al-Khawarij"]}]`
	if err := l.Merge(strings.NewReader(user)); err != nil {
		t.Fatal(err)
	}
	got := found(l, "The Kurram lashkar fought Fitna al-Khawarij. Islamabad says so.", day("2025-01-01"))
	for _, w := range []string{"Kurram lashkar=kurram-lashkar", "Fitna al-Khawarij=ttp", "Islamabad=pakistan-gov*"} {
		if !slices.Contains(got, w) {
			t.Errorf("after merge: missing %s in %v", w, got)
		}
	}
	if a, _ := l.Actor("ttp"); a.Name != "TTP (user)" {
		t.Errorf("ttp not replaced: %+v", a)
	}
	// the replaced entry keeps only the user's aliases
	if got := found(l, "The TTP claimed it.", day("2025-01-01")); slices.Contains(got, "TTP=ttp") {
		t.Errorf("old alias survived replacement: %v", got)
	}
	// other callers of Load are unaffected
	l2 := mustLoad(t)
	if _, ok := l2.Actor("kurram-lashkar"); ok {
		t.Error("Merge leaked into the shared lexicon")
	}
	for _, bad := range []string{"", "{", `[{"name":"no id"}]`, `{"id":"x"}`} {
		if err := l2.Merge(strings.NewReader(bad)); err == nil {
			t.Errorf("Merge(%q) accepted", bad)
		}
	}
}

func TestBadInput(t *testing.T) {
	l := mustLoad(t)
	for _, s := range []string{"", " ", "’s", "Pakistan", "Pakistan's", "said", "\xff\xfe Kabul", "Ambassador", "X, a", "of the UN"} {
		_ = l.Recognise(s, nil, nil, time.Time{})
	}
	// sentences or tokens of another text must not panic either
	_ = l.Recognise("short", nil, []sitrep.Span{{Start: 0, End: 100}}, time.Time{})
	long := "Ambassador Jane Doe, a scholar, says Pakistan accuses Kabul."
	_ = l.Recognise("Kabul", text.Tokenize(long), nil, time.Time{})
}

func TestStateLookups(t *testing.T) {
	l := mustLoad(t)
	cases := []struct {
		id, date, want string
	}{
		{"pakistan-gov", "2025-01-01", "pakistan-military"},
		{"india", "2025-01-01", "india-military"},
		{"afghan-taliban", "2025-01-01", "afghan-taliban"},
		{"afghanistan-gov", "2019-01-01", "afghanistan-military"},
		{"iran-military", "2025-01-01", "iran-military"},
	}
	for _, c := range cases {
		if a, ok := l.MilitaryOf(c.id, day(c.date)); !ok || a.ID != c.want {
			t.Errorf("MilitaryOf(%s, %s) = %s, %v; want %s", c.id, c.date, a.ID, ok, c.want)
		}
	}
	if _, ok := l.MilitaryOf("ttp", day("2025-01-01")); ok {
		t.Error("MilitaryOf(ttp) should fail")
	}
	for date, want := range map[string]string{"2021-08-14": "afghanistan-gov", "2021-08-15": "afghan-taliban"} {
		if a, ok := l.GovernmentOf("af", day(date)); !ok || a.ID != want {
			t.Errorf("GovernmentOf(AF, %s) = %s; want %s", date, a.ID, want)
		}
	}
}
