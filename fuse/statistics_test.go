package fuse_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/fuse"
)

// stat is a figure of a statistic for the grouping tests: "doc|family|
// claimant|qualifier count|unit|of|from|to|text".
func stat(doc, family, claimant, qual string, n int, unit, of, from, to, text string) fuse.StatisticFigure {
	f := fuse.StatisticFigure{DocID: doc, Family: family, Published: "2025-10-15",
		Tally: sitrep.Tally{Count: &n, Qualifier: qual, Unit: unit, From: from, To: to, Mention: sitrep.Mention{Text: text}}}
	if of != "" {
		f.Tally.Of = &sitrep.ActorRef{ID: of, Name: strings.ToUpper(of)}
	}
	if claimant != "" {
		f.Claimant = &sitrep.ActorRef{ID: claimant}
	}
	return f
}

// TestStatisticsGrouping: same unit, actor and period make one quantity;
// another actor or period another; a rewrite family is one source; figures
// are disputed and contradict as in an event's ledger.
func TestStatisticsGrouping(t *testing.T) {
	pastYear := [2]string{"2024-10-16", "2025-10-15"}
	tests := []struct {
		name string
		figs []fuse.StatisticFigure
		// per quantity, in ID order: "figures/sources/claimants/disputed/contradictions"
		want []string
	}{
		{"same actor and period, two sources: over 300 against nearly 300 contradict",
			[]fuse.StatisticFigure{
				stat("a", "", "", "more than", 300, "attacks", "al-shabaab", "2023-01-01", "2023-12-31", "more than 300 attacks"),
				stat("b", "", "", "about", 300, "attacks", "al-shabaab", "2023-01-01", "2023-12-31", "nearly 300 raids"),
			},
			[]string{"2/2/2/true/1"}},
		{"about and over can both hold",
			[]fuse.StatisticFigure{
				stat("a", "", "", "more than", 300, "attacks", "al-shabaab", "2023-01-01", "2023-12-31", "over 300 attacks"),
				stat("b", "", "", "about", 300, "attacks", "al-shabaab", "2023-01-01", "2023-12-31", "about 300 attacks"),
			},
			[]string{"2/2/2/true/0"}},
		{"a year and the past year overlap enough",
			[]fuse.StatisticFigure{
				stat("a", "", "acled", "vague", 100, "attacks", "ttp", pastYear[0], pastYear[1], "hundreds of incidents"),
				stat("b", "", "", "about", 600, "attacks", "ttp", "2024-01-01", "2025-10-19", "nearly 600 attacks"),
			},
			[]string{"2/2/2/true/0"}},
		{"different actors: two quantities",
			[]fuse.StatisticFigure{
				stat("a", "", "", "exact", 40, "strikes", "rsf", "2025-09-01", "2025-09-30", "40 drone strikes"),
				stat("b", "", "", "exact", 12, "strikes", "sudan-military", "2025-09-01", "2025-09-30", "12 air strikes"),
			},
			[]string{"1/1/1/false/0", "1/1/1/false/0"}},
		{"disjoint periods: two quantities",
			[]fuse.StatisticFigure{
				stat("a", "", "", "exact", 40, "strikes", "rsf", "2025-08-01", "2025-08-31", "40 drone strikes"),
				stat("b", "", "", "exact", 12, "strikes", "rsf", "2025-09-01", "2025-09-30", "12 drone strikes"),
			},
			[]string{"1/1/1/false/0", "1/1/1/false/0"}},
		{"a quarter overlap of the shorter is not enough",
			[]fuse.StatisticFigure{
				stat("a", "", "", "exact", 400, "attacks", "ttp", "2024-01-01", "2024-12-31", "400 attacks"),
				stat("b", "", "", "exact", 500, "attacks", "ttp", "2024-10-01", "2025-09-30", "500 attacks"),
			},
			[]string{"1/1/1/false/0", "1/1/1/false/0"}},
		{"different units: two quantities",
			[]fuse.StatisticFigure{
				stat("a", "", "", "exact", 40, "strikes", "rsf", "2025-09-01", "2025-09-30", "40 drone strikes"),
				stat("b", "", "", "exact", 12, "attacks", "rsf", "2025-09-01", "2025-09-30", "12 raids"),
			},
			[]string{"1/1/1/false/0", "1/1/1/false/0"}},
		{"a rewrite family counts once",
			[]fuse.StatisticFigure{
				stat("a", "f1", "", "more than", 600, "attacks", "ttp", pastYear[0], pastYear[1], "over 600 incidents"),
				stat("b", "f1", "", "more than", 600, "attacks", "ttp", pastYear[0], pastYear[1], "more than 600 attacks"),
				stat("c", "", "", "about", 600, "attacks", "ttp", "2024-01-01", "2025-10-19", "nearly 600 attacks"),
			},
			[]string{"3/2/2/true/1"}},
		{"no actor named: only with its own source",
			[]fuse.StatisticFigure{
				stat("a", "", "", "exact", 5000, "attacks", "", "2025-01-01", "2025-12-31", "5,000 incidents"),
				stat("a", "", "", "exact", 5000, "attacks", "", "2025-01-01", "2025-12-31", "5,000 attacks"),
				stat("b", "", "", "exact", 300, "attacks", "", "2025-01-01", "2025-12-31", "300 attacks"),
			},
			[]string{"2/1/1/false/0", "1/1/1/false/0"}},
		{"no period: left out",
			[]fuse.StatisticFigure{stat("a", "", "", "exact", 5, "posts", "ttp", "", "", "5 posts")},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := fuse.Statistics(tt.figs)
			var got []string
			for _, q := range qs {
				got = append(got, strings.Join([]string{itoa(int64(len(q.Figures))), itoa(int64(q.Sources)),
					itoa(int64(q.Claimants)), boolStr(q.Disputed), itoa(int64(len(q.Contradictions)))}, "/"))
				if q.Event != 0 || !strings.HasPrefix(q.ID, "stat/") || !strings.HasPrefix(q.Group, "stat:") {
					t.Errorf("quantity %q group %q event %d", q.ID, q.Group, q.Event)
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("quantities %q, want %q\n%+v", got, tt.want, qs)
			}
		})
	}
}

func boolStr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// TestStatisticsIDsAndLabels: an ID names unit, actor and the first
// figure's period start, and does not change when a later figure joins.
func TestStatisticsIDsAndLabels(t *testing.T) {
	first := stat("a", "", "", "more than", 600, "attacks", "ttp", "2024-10-16", "2025-10-15", "over 600 incidents")
	first.Tally.Of.Name = "Tehreek-e-Taliban Pakistan"
	qs := fuse.Statistics([]fuse.StatisticFigure{first})
	if len(qs) != 1 || qs[0].ID != "stat/attacks:ttp:2024-10-16" || qs[0].Group != "stat:attacks:ttp" {
		t.Fatalf("quantities %+v", qs)
	}
	if want := "attacks by Tehreek-e-Taliban Pakistan, 2024-10 to 2025-10"; qs[0].Label != want {
		t.Errorf("label %q, want %q", qs[0].Label, want)
	}
	later := stat("b", "", "", "about", 600, "attacks", "ttp", "2024-01-01", "2025-10-19", "nearly 600 attacks")
	later.Published = "2025-10-19"
	qs = fuse.Statistics([]fuse.StatisticFigure{later, first})
	if len(qs) != 1 || qs[0].ID != "stat/attacks:ttp:2024-10-16" || len(qs[0].Figures) != 2 {
		t.Errorf("after a later figure: %+v", qs)
	}
	for _, c := range []struct {
		unit, of, from, to, want string
	}{
		{"posts", "pakistan-military", "2023-01-01", "2023-12-31", "posts of PAKISTAN-MILITARY, 2023"},
		{"attacks", "", "2022-01-01", "2023-12-31", "attacks, 2022 to 2023"},
		{"strikes", "rsf", "2025-09-01", "2025-09-30", "strikes by RSF, 2025-09"},
	} {
		qs := fuse.Statistics([]fuse.StatisticFigure{stat("a", "", "", "exact", 3, c.unit, c.of, c.from, c.to, "3")})
		if len(qs) != 1 || qs[0].Label != c.want {
			t.Errorf("label of %v: %+v, want %q", c, qs, c.want)
		}
	}
}

// TestStatisticsOfExtractedReports: reports written for this test, read
// by the real extractor, give statistics that are compared across them.
func TestStatisticsOfExtractedReports(t *testing.T) {
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs := []struct {
		id, family, published, text string
	}{
		{"mogadishu-wire", "", "2024-02-10", "MOGADISHU (Wire) - Al-Shabaab carried out more than 300 attacks in 2023, according to a new ACLED report. The group also seized two towns."},
		{"nairobi-daily", "f-nairobi", "2024-02-12", "Somalia's army is under pressure. Al-Shabaab, which launched nearly 300 attacks last year, still holds much of the south."},
		{"nairobi-copy", "f-nairobi", "2024-02-13", "Somalia's army is under pressure. Al-Shabaab, which launched nearly 300 attacks last year, still holds much of the south, the paper said."},
		{"khartoum-post", "", "2024-02-14", "In Sudan, the RSF carried out 120 raids in 2023, monitors said."},
	}
	var figs []fuse.StatisticFigure
	for _, d := range docs {
		p, _ := time.Parse(time.DateOnly, d.published)
		rec := x.Extract(sitrep.Document{ID: d.id, Text: d.text, Published: p, PublishedSource: sitrep.PublishedInput})
		figs = append(figs, fuse.StatisticFigures(rec, d.family)...)
	}
	qs := fuse.Statistics(figs)
	var shabaab, rsf *sitrep.Quantity
	for i := range qs {
		switch qs[i].Group {
		case "stat:attacks:al-shabaab":
			shabaab = &qs[i]
		case "stat:attacks:rsf":
			rsf = &qs[i]
		}
	}
	if shabaab == nil || rsf == nil || len(qs) != 2 {
		t.Fatalf("want Al-Shabaab's and the RSF's attacks of 2023 apart: %+v", qs)
	}
	if len(shabaab.Figures) != 3 || shabaab.Sources != 2 || len(shabaab.Contradictions) != 1 {
		t.Errorf("Al-Shabaab: %d figures from %d sources, %d contradictions; want 3, 2 (one a rewrite family) and 1 (more than 300 against nearly 300)",
			len(shabaab.Figures), shabaab.Sources, len(shabaab.Contradictions))
	}
	if len(rsf.Figures) != 1 || rsf.Contested() {
		t.Errorf("RSF: %+v", rsf)
	}
}

// TestSeedStatistics: the seeds' figures of one statistic (gold
// contradiction x7: attacks in the preceding year), found by the gold's
// wording in each seed's text, land in one disputed quantity.
func TestSeedStatistics(t *testing.T) {
	g, cross, recs := seedRecords(t)
	texts := map[string]string{}
	var figs []fuse.StatisticFigure
	for i, d := range g.Documents {
		texts[d.ID] = recs[i].Text
		figs = append(figs, fuse.StatisticFigures(recs[i], seedFamilies[d.ID])...)
	}
	qs := fuse.Statistics(figs)
	for _, c := range cross.Contradictions {
		if c.ID != "x7" {
			continue
		}
		holder := ""
		for _, v := range c.Values {
			i := strings.Index(texts[v.Doc], v.Text)
			if i < 0 {
				t.Fatalf("gold wording %q not in %s", v.Text, v.Doc)
			}
			s := utf8.RuneCountInString(texts[v.Doc][:i])
			e := s + utf8.RuneCountInString(v.Text)
			found := ""
			for _, q := range qs {
				for _, f := range q.Figures {
					if f.DocID == v.Doc && s <= f.Start && f.End <= e {
						found = q.ID
					}
				}
			}
			switch {
			case found == "":
				t.Errorf("%s %q: no statistic read", v.Doc, v.Text)
			case holder == "":
				holder = found
			case found != holder:
				t.Errorf("%s %q: in %s, not with the others in %s", v.Doc, v.Text, found, holder)
			}
		}
		for _, q := range qs {
			if q.ID == holder {
				t.Logf("%s %q: %d figures, %d sources, %d contradictions", q.ID, q.Label, len(q.Figures), q.Sources, len(q.Contradictions))
			}
			if q.ID == holder && !q.Disputed {
				t.Errorf("%s (%s) is not disputed: %+v", q.ID, q.Label, q.Figures)
			}
		}
		return
	}
	t.Skip("gold has no contradiction x7")
}

// BenchmarkStatistics groups 100,000 statistics: 50 actors, 4 units,
// periods sliding a month at a time over eight years, from 20,000 documents.
func BenchmarkStatistics(b *testing.B) {
	units := []string{"attacks", "strikes", "posts", "displaced"}
	figs := make([]fuse.StatisticFigure, 100000)
	for i := range figs {
		from := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, i%96, 0)
		to := from.AddDate(0, 1+i%12, -1)
		of := "actor-" + itoa(int64(i%50))
		if i%10 == 0 {
			of = ""
		}
		doc := "d" + itoa(int64(i%20000))
		figs[i] = stat(doc, "", "", "more than", 100+i%700, units[i%4], of, from.Format(time.DateOnly), to.Format(time.DateOnly), "over 100 attacks")
		figs[i].Published = to.Format(time.DateOnly)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		fuse.Statistics(figs)
	}
}
