package eval

import (
	"strings"
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
)

// crossDoc builds a one-event record whose evidence is the whole text.
func crossDoc(text string) sitrep.Record {
	n := len([]rune(text))
	return sitrep.Record{Text: text, Events: []sitrep.Event{{
		EventType: "Battles", SubEventType: "Armed clash",
		Evidence: []sitrep.Mention{{Start: 0, End: n, Text: text}},
	}}}
}

func TestScoreCrossDoc(t *testing.T) {
	texts := map[string]string{
		"a": "Rebels say 40 soldiers died in the clash at Tal Afar.",
		"b": "Rebels claimed 40 soldiers died in the Tal Afar clash.",
		"c": "The army admits at least 9 soldiers were killed at Tal Afar.",
		"d": "A ceasefire was signed in Geneva.",
	}
	g := &Gold{
		Duplicates: []GoldDuplicate{{Docs: []string{"a", "b"}}},
		EventClusters: []GoldCluster{
			{ID: "clash", Events: []string{"a-e1", "b-e1", "c-e1"}},
		},
		Contradictions: []GoldContradiction{{
			ID: "x1", Quantity: "soldiers killed at Tal Afar",
			Values: []GoldValue{
				{Count: ptr(40), Qualifier: ptr("exact"), Claimant: "rebels", Doc: "a", Text: "Rebels say 40 soldiers died"},
				{Count: ptr(9), Qualifier: ptr("at least"), Claimant: "army", Doc: "c", Text: "at least 9 soldiers were killed"},
			},
		}, {
			// Not numeric: never counted.
			ID: "x2", Values: []GoldValue{{Value: "2020-01", Doc: "d", Text: "Geneva"}},
		}},
	}
	for _, id := range []string{"a", "b", "c", "d"} {
		typ := "Battles"
		if id == "d" {
			typ = "Strategic developments"
		}
		g.Documents = append(g.Documents, GoldDoc{ID: id, Events: []GoldEvent{{
			ID: id + "-e1", Type: typ, Evidence: texts[id],
		}}})
	}
	in := func(pics map[string]*Picture) map[string]Input {
		m := map[string]Input{}
		for id, p := range pics {
			rec := crossDoc(texts[id])
			if id == "d" {
				rec.Events[0].EventType = "Strategic developments"
			}
			m[id] = Input{Record: rec, FileText: texts[id], Picture: p}
		}
		return m
	}
	span := func(doc, quote string) [2]int {
		i := strings.Index(texts[doc], quote)
		return [2]int{len([]rune(texts[doc][:i])), len([]rune(texts[doc][:i+len(quote)]))}
	}
	tests := []struct {
		name string
		pics map[string]*Picture
		want map[string]Counts
	}{
		{"all right", map[string]*Picture{
			"a": {Family: "1", Clusters: []int64{7}, Contested: [][2]int{span("a", "40 soldiers")}},
			"b": {Family: "1", Clusters: []int64{7}},
			"c": {Clusters: []int64{7}, Contested: [][2]int{span("c", "9 soldiers")}},
			"d": {Clusters: []int64{8}},
		}, map[string]Counts{
			"rewrite_pairs":  {TP: 1},
			"event_clusters": {TP: 3},
			"contradictions": {TP: 1},
		}},
		{"all wrong", map[string]*Picture{
			"a": {Clusters: []int64{1}, Contested: [][2]int{span("a", "40 soldiers")}},
			"b": {Family: "2", Clusters: []int64{2}},
			"c": {Family: "2", Clusters: []int64{3}},
			"d": {Family: "9", Clusters: []int64{3}},
		}, map[string]Counts{
			"rewrite_pairs":  {FP: 1, FN: 1},
			"event_clusters": {FP: 1, FN: 3},
			"contradictions": {FN: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rep Report
			fields := ScoreCrossDoc(g, in(tt.pics), &rep)
			if len(fields) != len(tt.want) {
				t.Fatalf("%d fields, want %d", len(fields), len(tt.want))
			}
			for _, f := range fields {
				if f.Counts != tt.want[f.Name] {
					t.Errorf("%s: %+v, want %+v", f.Name, f.Counts, tt.want[f.Name])
				}
			}
		})
	}
	var rep Report
	if fields := ScoreCrossDoc(g, map[string]Input{"a": {Record: crossDoc(texts["a"]), FileText: texts["a"]}}, &rep); fields != nil {
		t.Errorf("without pictures: %v, want no cross-document fields", fields)
	}
}
