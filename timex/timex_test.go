package timex

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

func day(y, m, d int) Anchor {
	return Anchor{Time: time.Date(y, time.Month(m), d, 10, 0, 0, 0, time.UTC), Granularity: sitrep.GranularityDay}
}

// render lists the expressions as "text=VALUE", durations as "text=DURATION:VALUE".
func render(text string, got []sitrep.TimeExpr) string {
	var parts []string
	for _, e := range got {
		v := e.Value
		if e.Type == sitrep.TimeDuration {
			v = "DURATION:" + v
		}
		parts = append(parts, text[e.Span.Start:e.Span.End]+"="+v)
	}
	return strings.Join(parts, "; ")
}

func TestFind(t *testing.T) {
	wed := day(2025, 10, 15) // Wednesday
	fri := day(2026, 2, 27)  // Friday
	jan := day(2025, 1, 13)  // Monday
	tests := []struct {
		name   string
		anchor Anchor
		text   string
		want   string
	}{
		{"day month year", wed, "The truce was signed on 16 October 2024 in Doha.", "16 October 2024=2024-10-16"},
		{"month day, year", wed, "Talks opened on October 16, 2024, in Doha.", "October 16, 2024=2024-10-16"},
		{"abbreviated month", wed, "Shelling resumed on Oct. 3 near the crossing.", "Oct. 3=2025-10-03"},
		{"abbreviation without period", jan, "On Dec 24, jets struck hideouts.", "Dec 24=2024-12-24"},
		{"ISO date", wed, "The report is dated 2025-10-16.", "2025-10-16=2025-10-16"},
		{"day-first numeric", wed, "The order of 16/10/2025 was withdrawn.", "16/10/2025=2025-10-16"},
		{"month-first numeric", wed, "The order of 10/16/2025 was withdrawn.", "10/16/2025=2025-10-16"},
		{"ambiguous numeric keeps the year", wed, "The order of 05/10/2025 was withdrawn.", "05/10/2025=2025"},
		{"month alone, past", wed, "The minister visited Kabul in April.", "April=2025-04"},
		{"month alone after the anchor month is last year", wed, "Fighting flared in November.", "November=2024-11"},
		{"month alone in a future clause", wed, "Talks are expected in early March.", "early March=2026-03"},
		{"month takes the sentence year", wed, "In 2024 the army struck hideouts in March.", "2024=2024; March=2024-03"},
		{"month takes the paragraph year", wed, "In September 2023 guards clashed. On December 25, jets struck.", "September 2023=2023-09; December 25=2023-12-25"},
		{"paragraph context resets at a new paragraph", wed, "In September 2023 guards clashed.\nOn December 25, jets struck.", "September 2023=2023-09; December 25=2024-12-25"},
		{"borrowed year cannot put a past month after publication", fri, "Jets struck on Sunday, the first strikes since the truce in October.", "Sunday=2026-02-22; October=2025-10"},
		{"month and year", wed, "A report of July 2024 and another of December, 2021.", "July 2024=2024-07; December, 2021=2021-12"},
		{"year alone", wed, "The group, born around 2007, grew in 2024.", "around 2007=2007; 2024=2024"},
		{"pre-year", wed, "It wants its pre-2021 influence back.", "pre-2021=2021"},
		{"mid-year", wed, "Attacks rose from mid-2024.", "mid-2024=2024"},
		{"year range", wed, "UN reports (2020-2023) and 600 attacks in 2024-2025.", "2020-2023=202; 2024-2025=202"},
		{"year range across decades", wed, "Reports from 2018-2021.", "2018-2021=2018"},
		{"counts are not years", wed, "Some 2024 soldiers and $2000 in aid; over 2,400 dead.", ""},
		{"decade", wed, "Since the 1990s the border has been porous.", "1990s=199"},
		{"last weekday", fri, "Last Sunday, jets struck.", "Last Sunday=2026-02-22"},
		{"weekday with part of day", fri, "Clashes resumed on Wednesday night.", "Wednesday night=2026-02-25TNI"},
		{"late on weekday", fri, "The strike came late on Tuesday.", "late on Tuesday=2026-02-24"},
		{"bare weekday is past", wed, "The truce took effect from Wednesday.", "Wednesday=2025-10-15"},
		{"weekday in a future clause", wed, "Talks will resume on Saturday.", "Saturday=2025-10-18"},
		{"next weekday", wed, "They meet next Monday.", "next Monday=2025-10-20"},
		{"weekday with full date", wed, "It began on Tuesday, October 14, 2025.", "Tuesday, October 14, 2025=2025-10-14"},
		{"yesterday today", wed, "Yesterday and today the crossing stayed shut.", "Yesterday=2025-10-14; today=2025-10-15"},
		{"tonight", wed, "A curfew starts tonight.", "tonight=2025-10-15TNI"},
		{"last night", fri, "The offensive began last night.", "last night=2026-02-26TNI"},
		{"this morning", wed, "Shots were fired this morning.", "this morning=2025-10-15TMO"},
		{"days ago", wed, "Two days ago a drone struck.", "Two days ago=2025-10-13"},
		{"last week", wed, "Tensions escalated last week.", "last week=2025-W41"},
		{"this week", wed, "Talks are held this week.", "this week=2025-W42"},
		{"last weekend", wed, "Clashes broke out last weekend.", "last weekend=2025-W41"},
		{"the past weekend", wed, "Over the past weekend, deadly clashes erupted.", "Over the past weekend=2025-W41"},
		{"adjective weekend", wed, "A deadly weekend of clashes changed that.", "A deadly weekend=2025-W41"},
		{"last month", wed, "Last month the border closed.", "Last month=2025-09"},
		{"this month", fri, "A report this month said so.", "this month=2026-02"},
		{"last year", jan, "Attacks rose last year.", "last year=2024"},
		{"earlier this year", wed, "The fallout earlier this year hurt ties.", "earlier this year=2025"},
		{"earlier this month", wed, "Earlier this month a convoy was hit.", "Earlier this month=2025-10"},
		{"early month", wed, "Talks were held in early October.", "early October=2025-10"},
		{"late month", jan, "An attack in late December killed 16.", "late December=2024-12"},
		{"month last", fri, "When Pakistan attacked in October last, talks stalled.", "October last=2025-10"},
		{"last month name", wed, "Last October the talks failed.", "Last October=2024-10"},
		{"month last year", wed, "In March last year the talks failed.", "March last year=2024-03"},
		{"the past year is a duration", wed, "Hundreds of incidents in the past year.", "the past year=DURATION:P1Y"},
		{"over N years ago", jan, "The Taliban returned over three years ago.", "over three years ago=2021"},
		{"quarters of this year", wed, "Deaths in the first three quarters of this year rose.", "the first three quarters of this year=2025"},
		{"first half of a year", wed, "In the first half of 2024 attacks rose.", "the first half of 2024=2024-H1"},
		{"last summer", wed, "Floods hit last summer.", "last summer=2025-SU"},
		{"season with year", wed, "The summer of 2023 was calm.", "summer of 2023=2023-SU"},
		{"recent weeks", wed, "In recent weeks the road was closed.", "recent weeks=PAST_REF"},
		{"coming days", wed, "More talks in the coming days.", "the coming days=FUTURE_REF"},
		{"durations", wed, "After six days of clashes, a 48-hour truce and a couple of months of calm.", "six days=DURATION:P6D; 48-hour=DURATION:PT48H; a couple of months=DURATION:P2M"},
		{"compound number duration", wed, "A twenty-four hour curfew.", "twenty-four hour=DURATION:PT24H"},
		{"anchor chaining", wed, "Talks opened on March 3, 2024. Two days later they collapsed.", "March 3, 2024=2024-03-03; Two days later=2024-03-05"},
		{"the next day", wed, "Jets struck on 3 May 2024. The next day talks began.", "3 May 2024=2024-05-03; The next day=2024-05-04"},
		{"the next day without a date", wed, "The next day talks began.", ""},
		{"weekday before day-month", wed, "Fighting began on Monday 13 October.", "Monday 13 October=2025-10-13"},
		{"mid-month", wed, "Raids grew in mid-March.", "mid-March=2025-03"},
		{"two-digit year range", wed, "The 2023/24 budget.", "2023/24=202"},
		{"the past hours", wed, "In the past 24 hours, 12 died.", "the past 24 hours=DURATION:PT24H"},
		{"ages are not durations", wed, "A 25-year-old and a boy, two years old.", ""},
		{"an adjective year does not date the month", wed, "Since their 2021 return, ties soured; in October a minister visited.", "2021=2021; October=2025-10"},
		{"reporting verb keeps the date past", wed, "The army said on Monday it will retaliate.", "Monday=2025-10-13"},
		{"future after reporting verb", wed, "The army said it will retaliate on Monday.", "Monday=2025-10-20"},
		{"may the verb", wed, "Pakistan may retaliate. May God help them.", ""},
		{"may the month", wed, "Strikes followed in May and August.", "May=2025-05; August=2025-08"},
		{"march the verb", wed, "Protesters March to the capital.", ""},
		{"lowercase month words", wed, "An august body will march on.", ""},
		{"future year clause", wed, "Elections will be held in 2026.", "2026=2026"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := render(tc.text, Find(tc.text, nil, tc.anchor))
			if got != tc.want {
				t.Errorf("Find(%q)\n got: %s\nwant: %s", tc.text, got, tc.want)
			}
		})
	}
}

func TestCoarseAnchor(t *testing.T) {
	month := Anchor{Time: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), Granularity: sitrep.GranularityMonth}
	year := Anchor{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Granularity: sitrep.GranularityYear}
	tests := []struct {
		name   string
		anchor Anchor
		text   string
		want   string
	}{
		{"month anchor: weekday stays vague", month, "Last Sunday jets struck.", "Last Sunday=PAST_REF"},
		{"month anchor: yesterday stays vague", month, "Yesterday jets struck.", "Yesterday=PAST_REF"},
		{"month anchor: last week stays vague", month, "Last week jets struck.", "Last week=PAST_REF"},
		{"month anchor: last month", month, "Last month jets struck.", "Last month=2025-09"},
		{"month anchor: month alone", month, "Jets struck in April.", "April=2025-04"},
		{"year anchor: last year", year, "Attacks rose last year.", "last year=2024"},
		{"year anchor: last month stays vague", year, "Attacks rose last month.", "last month=PAST_REF"},
		{"year anchor: month alone has no year", year, "Attacks rose in April.", "April=XXXX-04"},
		{"no anchor", Anchor{}, "On Tuesday, last year and in April.\nOn 16 October 2025.", "Tuesday=XXXX-WXX-2; last year=PAST_REF; April=XXXX-04; 16 October 2025=2025-10-16"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := render(tc.text, Find(tc.text, nil, tc.anchor))
			if got != tc.want {
				t.Errorf("Find(%q)\n got: %s\nwant: %s", tc.text, got, tc.want)
			}
		})
	}
}

func TestSentencesGiven(t *testing.T) {
	text := "In 2024 raids began. In March more followed."
	// Passing the sentences splits them apart: "March" is then resolved from
	// the paragraph (still 2024, the previous sentence's year).
	got := render(text, Find(text, []sitrep.Span{{Start: 0, End: 20}, {Start: 21, End: len(text)}}, day(2025, 10, 15)))
	if got != "2024=2024; March=2024-03" {
		t.Errorf("got %s", got)
	}
}

func TestInferAnchor(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // "" = not ok
		gran sitrep.Granularity
	}{
		{"full date gives its month", "The ceasefire of October 16, 2025 held. Talks in 2024 failed.", "2025-10", sitrep.GranularityMonth},
		{"year only", "Attacks rose in 2024 after a calm 2023.", "2024", sitrep.GranularityYear},
		{"future dates do not count", "Fighting in March 2025 stopped. Elections will be held in 2027.", "2025-03", sitrep.GranularityMonth},
		{"year from context", "In 2024 jets struck. On December 25 they struck again.", "2024-12", sitrep.GranularityMonth},
		{"span of years gives its end", "Some 600 attacks in 2024-2025 and a strike in March 2024.", "2025", sitrep.GranularityYear},
		{"targets do not count", "Attacks fell in May 2025. The plan aims to end them by 2030.", "2025-05", sitrep.GranularityMonth},
		{"nothing absolute", "Last Sunday jets struck.", "", 0},
		{"wire dateline gives the day", "Headline here\n\nKABUL, March 3, 2026 - Jets struck on Sunday.", "2026-03-03", sitrep.GranularityDay},
		{"dateline with agency", "PESHAWAR, Pakistan (Example Wire) 4 May 2025 — Police said.", "2025-05", sitrep.GranularityMonth},
		{"date line without place", "12 October 2025 - The army said 10 died.", "2025-10-12", sitrep.GranularityDay},
		{"date in running text is no dateline", "Talks were held on 12 October 2025 - a first.", "2025-10", sitrep.GranularityMonth},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, ok := InferAnchor(tc.text, nil)
			if tc.want == "" {
				if ok {
					t.Fatalf("want no anchor, got %v", a)
				}
				return
			}
			if !ok {
				t.Fatal("want an anchor")
			}
			got := a.Time.Format("2006-01")
			switch tc.gran {
			case sitrep.GranularityYear:
				got = a.Time.Format("2006")
			case sitrep.GranularityDay:
				got = a.Time.Format("2006-01-02")
			}
			if got != tc.want || a.Granularity != tc.gran {
				t.Errorf("got %s gran %d, want %s gran %d", got, a.Granularity, tc.want, tc.gran)
			}
		})
	}
}

func checkInvariants(t *testing.T, text string, got []sitrep.TimeExpr) {
	prev := 0
	for _, e := range got {
		if e.Span.Start < prev || e.Span.End <= e.Span.Start || e.Span.End > len(text) {
			t.Fatalf("bad span %v (prev end %d, len %d) in %q", e.Span, prev, len(text), text)
		}
		if !boundary(text, e.Span.Start) || !boundary(text, e.Span.End) || !utf8.ValidString(text[e.Span.Start:e.Span.End]) {
			t.Fatalf("span %v not on rune boundaries in %q", e.Span, text)
		}
		if e.Value == "" || e.Type == "" {
			t.Fatalf("empty value/type %+v in %q", e, text)
		}
		prev = e.Span.End
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"Last Sunday, on 16 October 2025", "2024-2025 and 16/10/2025 – mid-2024", "over three years ago",
		"the first three quarters of this year", "Oct. ", "2025-", "twenty-", "the past", "\xff2024\xfe", "Tuesday, "} {
		f.Add(s, int64(1760522400))
	}
	f.Fuzz(func(t *testing.T, text string, unix int64) {
		a := Anchor{}
		if unix != 0 {
			a = Anchor{Time: time.Unix(unix%(1<<34), 0).UTC(), Granularity: sitrep.Granularity(uint64(unix) % 5)}
		}
		checkInvariants(t, text, Find(text, nil, a))
	})
}

func FuzzInferAnchor(f *testing.F) {
	for _, s := range []string{"October 16, 2025", "in 2024", "December 25", "9999-99-99", "Tuesday"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		a, ok := InferAnchor(text, nil)
		if ok && (a.Time.IsZero() || a.Granularity == sitrep.GranularityNone) {
			t.Fatalf("ok anchor without time or granularity: %+v", a)
		}
	})
}

func BenchmarkFind(b *testing.B) {
	_, docs := loadGold(b)
	var total int
	for _, d := range docs {
		total += len(d.text)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			Find(d.text, nil, Anchor{Time: d.pub, Granularity: sitrep.GranularityDay})
		}
	}
}

// boundary reports whether byte offset i starts a rune of text as Go decodes
// it (an invalid byte counts as one rune), or is its end.
func boundary(text string, i int) bool {
	if i == len(text) {
		return true
	}
	for k := range text {
		if k == i {
			return true
		}
		if k > i {
			break
		}
	}
	return false
}
