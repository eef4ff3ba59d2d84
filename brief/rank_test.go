package brief_test

import (
	"bytes"
	"strings"
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/brief"
)

func ptr[T any](v T) *T { return &v }

// event builds a picture event reported by the given documents.
func event(id int64, date string, fatalities *int, place string, docs ...string) sitrep.PictureEvent {
	e := sitrep.PictureEvent{ID: id, EventType: "Battles", SubEventType: "Armed clash", Location: place, Fatalities: fatalities}
	if date != "" {
		e.EventDate, e.TimePrecision = ptr(date), ptr(1)
	}
	fams := map[string]bool{}
	for _, d := range docs {
		e.Reports = append(e.Reports, sitrep.Report{DocID: d, Published: "2025-06-30"})
		fams[d] = true
	}
	e.Sources = len(fams)
	return e
}

func keyDevelopments(t *testing.T, in brief.Input) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := brief.Markdown(&buf, in); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	start := strings.Index(md, "## Key developments")
	end := strings.Index(md, "## Disputed figures")
	var places []string
	for _, l := range strings.Split(md[start:end], "\n") {
		if strings.HasPrefix(l, "- ") {
			f := strings.Split(l, " · ")
			places = append(places, f[2])
		}
	}
	return places
}

func TestKeyDevelopmentsRanking(t *testing.T) {
	sources := []brief.Source{{DocID: "a", Published: "2025-06-01"}, {DocID: "b", Published: "2025-06-02"}, {DocID: "c", Published: "2025-06-03"}}
	for _, tc := range []struct {
		name   string
		events []sitrep.PictureEvent
		top    int
		want   []string
	}{
		{"more deaths first", []sitrep.PictureEvent{
			event(1, "2025-06-01", ptr(3), "Alpha", "a"),
			event(2, "2025-06-01", ptr(40), "Bravo", "a"),
		}, 0, []string{"Bravo", "Alpha"}},
		{"more independent sources first", []sitrep.PictureEvent{
			event(1, "2025-06-01", ptr(0), "Alpha", "a"),
			event(2, "2025-06-01", ptr(0), "Bravo", "a", "b", "c"),
		}, 0, []string{"Bravo", "Alpha"}},
		{"more recent first", []sitrep.PictureEvent{
			event(1, "2025-01-01", ptr(0), "Alpha", "a"),
			event(2, "2025-06-01", ptr(0), "Bravo", "b"),
		}, 0, []string{"Bravo", "Alpha"}},
		{"top bounds the list", []sitrep.PictureEvent{
			event(1, "2025-06-01", ptr(1), "Alpha", "a"),
			event(2, "2025-06-01", ptr(2), "Bravo", "a"),
			event(3, "2025-06-01", ptr(3), "Charlie", "a"),
		}, 2, []string{"Charlie", "Bravo"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := keyDevelopments(t, brief.Input{Events: tc.events, Sources: sources, Top: tc.top})
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("key developments %v, want %v", got, tc.want)
			}
		})
	}
}

// An undated event stays after --since only when a document reporting it
// was published on or after the date.
func TestSinceUndated(t *testing.T) {
	old := event(1, "", ptr(5), "Oldtown", "old")
	old.Reports[0].Published = "2025-01-10"
	recent := event(2, "", ptr(5), "Newtown", "new")
	recent.Reports[0].Published = "2025-03-10"
	yearOnly := event(3, "", ptr(5), "Yeartown", "year")
	yearOnly.Reports[0].Published = "2025"
	in := brief.Input{
		Events: []sitrep.PictureEvent{old, recent, yearOnly},
		Claims: []brief.Claim{
			{Kind: sitrep.ClaimThreat, Claimant: &sitrep.ActorRef{Name: "Old Claimant"}, DocID: "old", Published: "2025-01-10", Text: "vowed to respond"},
			{Kind: sitrep.ClaimDemand, Claimant: &sitrep.ActorRef{Name: "New Claimant"}, DocID: "new", Published: "2025-03-10", Text: "urged restraint"},
			{Kind: sitrep.ClaimAssessment, Claimant: &sitrep.ActorRef{Name: "Analyst"}, DocID: "new", Published: "2025-03-10", Text: "said it was likely"},
		},
		Since: "2025-02",
	}
	var buf bytes.Buffer
	if err := brief.Markdown(&buf, in); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{"Newtown", "New Claimant", "urged restraint"} {
		if !strings.Contains(md, want) {
			t.Errorf("want %q kept", want)
		}
	}
	for _, gone := range []string{"Oldtown", "Old Claimant", "Yeartown", "Analyst"} {
		if strings.Contains(md, gone) {
			t.Errorf("want %q left out", gone)
		}
	}
}

func TestEmptyInput(t *testing.T) {
	for _, in := range []brief.Input{{}, {Events: []sitrep.PictureEvent{{}}}, {Claims: []brief.Claim{{Kind: sitrep.ClaimAccusation}}}, {Ledger: []sitrep.Quantity{{Disputed: true}}}} {
		md, page := render(t, in)
		if !strings.Contains(md, "## Sources") || !strings.Contains(page, "</html>") {
			t.Errorf("incomplete brief for %+v", in)
		}
		assertSafeHTML(t, page)
	}
}
