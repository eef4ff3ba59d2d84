package eval

import (
	"strings"
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
)

func ptr[T any](v T) *T { return &v }

func TestScore(t *testing.T) {
	file := "Byline\nKabul says 20 died in Khost on Sunday."
	docText := "Kabul says 20 died in Khost on Sunday." // ingestion cut the first line
	g := &Gold{Schema: "sitrep-gold/1", Documents: []GoldDoc{{
		ID:     "d1",
		Actors: []GoldActor{{ID: "afghan-taliban"}, {ID: "ttp"}},
		Places: []GoldPlace{{Name: "Khōst", Country: ptr("AF"), Mentions: []string{"Khost"}}, {Name: "Kabul", Country: ptr("AF")}},
		Dates: []GoldDate{
			{Text: "Sunday", Value: ptr("2025-10-12"), Start: strings.Index(file, "Sunday"), End: strings.Index(file, "Sunday") + 6},
		},
	}, {ID: "d2"}}}
	rec := sitrep.Record{
		Text:   docText,
		Actors: []sitrep.RecordActor{{ID: "afghan-taliban"}, {ID: "pakistan-gov"}},
		Places: []sitrep.RecordPlace{{Name: "Khost", CountryCode: "AF", Mentions: []sitrep.Mention{{Text: "Khost"}}}, {Name: "Paris", CountryCode: "FR"}},
		Times: []sitrep.RecordTime{
			{Start: strings.Index(docText, "on Sunday"), End: strings.Index(docText, "on Sunday") + 9, Type: "DATE", Value: "2025-10-12TNI"},
			{Start: 0, End: 2, Type: "DURATION", Value: "P2D"}, // durations are not scored
		},
	}
	rep := Score(g, map[string]Input{"d1": {Record: rec, FileText: file}})
	want := map[string]Counts{
		"actors": {TP: 1, FP: 1, FN: 1},
		"places": {TP: 1, FP: 1, FN: 1},
		"times":  {TP: 1},
	}
	for _, f := range rep.Fields {
		if f.Counts != want[f.Name] {
			t.Errorf("%s: %+v, want %+v", f.Name, f.Counts, want[f.Name])
		}
	}
	flat := rep.Flat()
	if flat["actors.f1"] != 0.5 || flat["times.value_accuracy"] != 1 || flat["times.f1"] != 1 {
		t.Errorf("flat = %v", flat)
	}
	if len(rep.Missing) != 1 || rep.Missing[0] != "d2" {
		t.Errorf("missing = %v, want [d2]", rep.Missing)
	}
	var b strings.Builder
	if err := rep.WriteTable(&b); err != nil || !strings.Contains(b.String(), "actors") {
		t.Errorf("table = %q, %v", b.String(), err)
	}
}
