package sqlite_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// putSynth stores synthetic reports from..to-1 and returns their ids.
func putSynth(t testing.TB, s *sqlite.Store, from, to int) []int64 {
	t.Helper()
	var batch []sitrep.DocRecord
	for i := from; i < to; i++ {
		d, r := synthDoc(i)
		batch = append(batch, sitrep.DocRecord{Doc: d, Record: r})
	}
	res, err := s.PutDocuments(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range res {
		ids = append(ids, r.Doc.ID)
	}
	return ids
}

func pictureIDs(evs []sitrep.PictureEvent) []int64 {
	out := []int64{}
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

func TestApplyPictureRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ids := putSynth(t, s, 0, 40)
	// Rewrites of five reports (same events, other words) make picture
	// events of several reports.
	for i := range 5 {
		d, r := synthDoc(i)
		d.ID, d.Text = d.ID+"-rewrite", "Updated: "+d.Text
		sd, _, err := s.PutDocument(ctx, d, r)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sd.ID)
	}
	if got, err := s.PendingDocuments(ctx); err != nil || !slices.Equal(got, ids) {
		t.Fatalf("pending before the picture: %v (err %v), want %v", got, err, ids)
	}
	if n, err := s.MaxPictureEventID(ctx); err != nil || n != 0 {
		t.Fatalf("max picture event id of an empty picture: %d, %v", n, err)
	}
	u, err := synthFuser{s}.update(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	claims, _ := s.Claims(ctx, sitrep.ClaimFilter{})
	u.ClaimsOn = []int64{claims[0].RowID, claims[1].RowID}
	u.ClaimsOff = []int64{claims[1].RowID} // on wins: it is written last
	u.Families = []sitrep.DocFamily{{DocID: ids[3], Family: 9}, {DocID: ids[1], Family: 9}, {DocID: ids[5], Family: 11}}
	u.Episodes = []sitrep.Episode{
		{ID: 1, Label: "Kurram clashes", Start: "2024-01-01", End: "2024-03-01", Events: []int64{1, 2, 3}},
		{ID: 2, Label: "later", Start: "2024-02-01", End: "2024-06-01", Events: []int64{4}},
	}
	if err := s.ApplyPicture(ctx, u); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.PendingDocuments(ctx); len(got) != 0 {
		t.Errorf("pending after the picture: %v", got)
	}
	if n, _ := s.MaxPictureEventID(ctx); n != int64(len(u.Events)) {
		t.Errorf("max picture event id %d, want %d", n, len(u.Events))
	}
	multi := 0
	for _, want := range u.Events {
		got, err := s.PictureEvent(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The reports were given with their evidence; the store gives it
		// back from the events table.
		if asJSON(t, got) != asJSON(t, want) {
			t.Errorf("picture event %d changed in the store:\n got %s\nwant %s", want.ID, asJSON(t, got), asJSON(t, want))
		}
		if len(want.Reports) > 1 {
			multi++
		}
		if evs, _ := s.Events(ctx, sitrep.EventFilter{Cluster: want.ID}); len(evs) != len(want.Reports) {
			t.Errorf("picture event %d: %d stored events in its cluster, want %d", want.ID, len(evs), len(want.Reports))
		}
		qs, err := s.Quantities(ctx, sitrep.QuantityFilter{Event: want.ID})
		if err != nil || len(qs) != 1 || qs[0].ID != fmt.Sprintf("%d/people", want.ID) || len(qs[0].Figures) != len(want.Reports) {
			t.Errorf("ledger of picture event %d: %+v (err %v)", want.ID, qs, err)
		}
	}
	if multi == 0 {
		t.Fatal("no picture event has two reports: the corpus tests little")
	}
	if _, err := s.PictureEvent(ctx, 9999); !errors.Is(err, sitrep.ErrNotFound) {
		t.Errorf("missing picture event: %v", err)
	}
	// Restored for the builder: without evidence.
	all, err := s.PictureEventsBetween(ctx, "2000-01-01", "2100-01-01", true)
	if err != nil || len(all) != len(u.Events) {
		t.Fatalf("between: %d events (err %v), want %d", len(all), err, len(u.Events))
	}
	for _, e := range all {
		for _, r := range e.Reports {
			if len(r.Event.Evidence) != 0 || len(r.Event.FatalityClaims) == 0 {
				t.Fatalf("restored event %d: evidence %v, %d fatality claims", e.ID, r.Event.Evidence, len(r.Event.FatalityClaims))
			}
		}
	}
	contested := 0
	for _, q := range u.Quantities {
		if q.Contested() {
			contested++
		}
	}
	if qs, _ := s.Quantities(ctx, sitrep.QuantityFilter{Contested: true}); len(qs) != contested {
		t.Errorf("%d contested ledger lines, want %d", len(qs), contested)
	}
	if qs, _ := s.Quantities(ctx, sitrep.QuantityFilter{Page: sitrep.Page{Limit: 2}}); len(qs) != 2 || qs[0].Event != int64(len(u.Events)) {
		t.Errorf("first ledger page: %+v", qs)
	}
	if eps, _ := s.Episodes(ctx); asJSON(t, eps) != asJSON(t, []sitrep.Episode{u.Episodes[1], u.Episodes[0]}) {
		t.Errorf("episodes, latest first: %s", asJSON(t, eps))
	}
	if fams, _ := s.Families(ctx); asJSON(t, fams) != asJSON(t, []sitrep.Family{{ID: 9, Docs: []int64{ids[1], ids[3]}}}) {
		t.Errorf("families: %s", asJSON(t, fams))
	}
	if got, _ := s.Claims(ctx, sitrep.ClaimFilter{Contested: true}); len(got) != 2 {
		t.Errorf("%d contested claims, want 2", len(got))
	}
	if got, _ := s.SignatureCandidates(ctx, []uint64{uint64(ids[2]) * 0x9E3779B97F4A7C15, 12345}); len(got) != 1 || got[0].DocID != ids[2] {
		t.Errorf("signature candidates: %+v", got)
	}
	if got, _ := s.Signatures(ctx, []int64{ids[2], -1}); len(got) != 1 || string(got[0].Sig) != fmt.Sprint("sig-", ids[2]) {
		t.Errorf("signatures: %+v", got)
	}

	// A second run: event 1 changes actor, event 2 is merged away, the
	// episodes stay (nil), a ledger line is dropped.
	e1, _ := s.PictureEvent(ctx, 1)
	e1.Actor1 = &sitrep.ActorRef{ID: "x-newcomer", Name: "Newcomer"}
	for i := range e1.Reports {
		e1.Reports[i].Event.Actor1 = e1.Actor1
	}
	oldActor := u.Events[0].Actor1.ID
	u2 := sitrep.PictureUpdate{
		Events: []sitrep.PictureEvent{e1, {ID: 2}},
		Spans:  []sitrep.PictureSpan{u.Spans[0], {}},
	}
	if err := s.ApplyPicture(ctx, u2); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.PictureEvents(ctx, sitrep.PictureFilter{Actor: "x-newcomer"}); !slices.Equal(pictureIDs(p.Events), []int64{1}) {
		t.Errorf("the new actor finds %v, want [1]", pictureIDs(p.Events))
	}
	p, _ := s.PictureEvents(ctx, sitrep.PictureFilter{Actor: oldActor, Limit: 1000})
	if slices.Contains(pictureIDs(p.Events), 1) && u.Events[0].Actor2.ID != oldActor {
		t.Errorf("the old actor %s still finds event 1", oldActor)
	}
	if _, err := s.PictureEvent(ctx, 2); !errors.Is(err, sitrep.ErrNotFound) {
		t.Errorf("removed picture event 2: %v", err)
	}
	if qs, _ := s.Quantities(ctx, sitrep.QuantityFilter{Event: 1}); len(qs) != 0 {
		t.Errorf("event 1 updated without ledger lines kept %d", len(qs))
	}
	if n, _ := s.MaxPictureEventID(ctx); n != int64(len(u.Events)) {
		t.Errorf("max picture event id %d after a removal, want %d", n, len(u.Events))
	}
	if p, _ := s.PictureEvents(ctx, sitrep.PictureFilter{Episode: 1}); !slices.Equal(pictureIDs(p.Events), []int64{3, 1}) &&
		!slices.Equal(pictureIDs(p.Events), []int64{1, 3}) {
		t.Errorf("episode 1 after removing event 2: %v", pictureIDs(p.Events))
	}
	if eps, _ := s.Episodes(ctx); len(eps) != 2 {
		t.Errorf("episodes replaced by an update without them: %d left", len(eps))
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
}

// A run that fails (here: a signature of a document that does not exist)
// writes nothing: its documents stay pending for the next run. A killed
// run is tested by TestKillMidIngest.
func TestFailedApplyLeavesDocsPending(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ids := putSynth(t, s, 0, 10)
	u, err := synthFuser{s}.update(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	bad := u
	bad.Signatures = append(slices.Clone(u.Signatures), sitrep.DocSignature{DocID: 424242, Sig: []byte("x")})
	if err := s.ApplyPicture(ctx, bad); err == nil {
		t.Fatal("a signature of a missing document was accepted")
	}
	bad = u
	bad.Spans = u.Spans[1:]
	if err := s.ApplyPicture(ctx, bad); err == nil {
		t.Fatal("an update with fewer spans than events was accepted")
	}
	bad = u
	bad.Spans = slices.Clone(u.Spans)
	bad.Spans[0] = sitrep.PictureSpan{From: "2025-10-05", To: "2025-10-01"}
	if err := s.ApplyPicture(ctx, bad); err == nil {
		t.Fatal("a span ending before it starts was accepted")
	}
	if got, _ := s.PendingDocuments(ctx); !slices.Equal(got, ids) {
		t.Errorf("pending after failed runs: %v, want %v", got, ids)
	}
	if p, _ := s.PictureEvents(ctx, sitrep.PictureFilter{}); p.Total != 0 {
		t.Errorf("failed runs left %d picture events", p.Total)
	}
	if evs, _ := s.Events(ctx, sitrep.EventFilter{Cluster: 1}); len(evs) != 0 {
		t.Error("a failed run left event clusters")
	}
	if n, _ := s.MaxPictureEventID(ctx); n != 0 {
		t.Errorf("a failed run moved the max picture event id to %d", n)
	}
	// New documents stored after a run are pending, the run's are not.
	if err := s.ApplyPicture(ctx, u); err != nil {
		t.Fatal(err)
	}
	more := putSynth(t, s, 10, 13)
	if got, _ := s.PendingDocuments(ctx); !slices.Equal(got, more) {
		t.Errorf("pending: %v, want %v", got, more)
	}
}

func TestPictureEventsBetween(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	spans := []sitrep.PictureSpan{
		{From: "2025-10-01", To: "2025-10-01"}, // 1: one day
		{From: "2025-09-20", To: "2025-10-05"}, // 2: a fortnight
		{From: "2024-01-01", To: "2025-12-31"}, // 3: two years
		{From: "2025-10-10", To: "2025-10-12"}, // 4
		{},                                     // 5: undated
		{From: "2025-10-03", To: ""},           // 6: one day, end left open
	}
	var u sitrep.PictureUpdate
	for i, sp := range spans {
		e := testPicture(int64(i+1), "2025-10-01", "Battles", "Armed clash", "ttp", "", "Kurram", "PK", nil, 1, 1, false)
		u.Events = append(u.Events, e)
		u.Spans = append(u.Spans, sp)
	}
	if err := s.ApplyPicture(ctx, u); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		from, to string
		undated  bool
		want     []int64
	}{
		{"2025-10-01", "2025-10-01", false, []int64{1, 2, 3}},
		{"2025-10-02", "2025-10-09", false, []int64{2, 3, 6}},
		{"2025-10-12", "2025-10-20", true, []int64{3, 4, 5}},
		{"2023-01-01", "2023-12-31", false, []int64{}},
		{"2026-01-01", "", false, []int64{}},
		{"", "2025-09-30", false, []int64{2, 3}},
		{"", "", true, []int64{5}},
		{"", "", false, []int64{}},
		{"2025-10-06", "2025-10-06", false, []int64{3}},
	}
	for _, tt := range tests {
		got, err := s.PictureEventsBetween(ctx, tt.from, tt.to, tt.undated)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(pictureIDs(got), tt.want) {
			t.Errorf("between %q and %q (undated %v): %v, want %v", tt.from, tt.to, tt.undated, pictureIDs(got), tt.want)
		}
	}
	if _, err := s.PictureEventsBetween(ctx, "2025-10", "2025-11-01", false); !errors.Is(err, sitrep.ErrBadQuery) {
		t.Errorf("a month as bound: %v", err)
	}
}

// testPicture is a picture event of one report per source, with lat/lon
// when ll is given.
func testPicture(id int64, date, typ, sub, actor1, actor2, loc, cc string, ll []float64, fat, sources int, contested bool) sitrep.PictureEvent {
	ref := func(id string) *sitrep.ActorRef {
		if id == "" {
			return nil
		}
		return &sitrep.ActorRef{ID: id, Name: id}
	}
	country := map[string]string{"PK": "Pakistan", "AF": "Afghanistan", "QA": "Qatar", "FJ": "Fiji"}[cc]
	e := sitrep.PictureEvent{ID: id, EventType: typ, SubEventType: sub, Actor1: ref(actor1), Actor2: ref(actor2),
		Location: loc, CountryCode: cc, Country: country, Sources: sources, Conflicts: []string{}}
	if date != "" {
		d := date
		e.EventDate = &d
	}
	if ll != nil {
		lat, lon := ll[0], ll[1]
		e.Latitude, e.Longitude = &lat, &lon
	}
	if fat >= 0 {
		f := fat
		e.Fatalities = &f
	}
	if contested {
		e.Conflicts = []string{sitrep.ConflictFatalities}
	}
	for i := range sources {
		e.Reports = append(e.Reports, sitrep.Report{DocID: fmt.Sprint("doc-", id, "-", i), Event: sitrep.Event{
			EventType: typ, SubEventType: sub, EventDate: e.EventDate, Actor1: e.Actor1, Actor2: e.Actor2,
			Location: loc, CountryCode: cc, Country: country, Fatalities: e.Fatalities}})
	}
	return e
}

// pictureCorpus stores eight picture events with known fields; event 1's
// first report points at a stored event so that its place id is known,
// which the function returns.
func pictureCorpus(t testing.TB, s *sqlite.Store) string {
	t.Helper()
	ctx := context.Background()
	putSynth(t, s, 0, 1)
	evs, err := s.Events(ctx, sitrep.EventFilter{})
	if err != nil || len(evs) == 0 || evs[0].PlaceID == "" {
		t.Fatalf("no stored event with a place id: %v", err)
	}
	kurram, khost, chaman, doha, bannu, fiji := []float64{33.83, 70.25}, []float64{33.34, 69.92}, []float64{30.92, 66.45},
		[]float64{25.28, 51.53}, []float64{32.99, 70.60}, []float64{-17.8, 179.5}
	events := []sitrep.PictureEvent{
		testPicture(1, "2025-10-01", "Battles", "Armed clash", "pakistan-military", "ttp", "Kurram", "PK", kurram, 12, 3, false),
		testPicture(2, "2025-10-03", "Explosions/Remote violence", "Air/drone strike", "pakistan-military", "afghan-taliban", "Khōst", "AF", khost, 30, 5, true),
		testPicture(3, "2025-10-10", "Battles", "Armed clash", "afghan-taliban", "pakistan-military", "Chaman", "PK", chaman, -1, 1, true),
		testPicture(4, "2025-11-02", "Strategic developments", "Agreement", "pakistan-gov", "afghanistan-gov", "Doha", "QA", doha, 0, 4, false),
		testPicture(5, "", "Violence against civilians", "Attack", "ttp", "civilians-pk", "Bannu", "PK", bannu, 2, 1, false),
		testPicture(6, "2024-12-24", "Explosions/Remote violence", "Shelling/artillery/missile attack", "pakistan-military", "ttp", "", "PK", nil, 5, 2, false),
		testPicture(7, "2025-10-03", "Battles", "Armed clash", "ttp", "pakistan-police", "Kurram", "PK", kurram, 12, 2, false),
		testPicture(8, "2025-01-05", "Riots", "Mob violence", "", "", "Suva", "FJ", fiji, 1, 1, false),
	}
	events[0].Reports[0].Ref = evs[0].RowID
	events[6].Reports[1].Event.AssocActor1 = []sitrep.ActorRef{{ID: "unama", Name: "UNAMA"}}
	u := sitrep.PictureUpdate{Events: events, Episodes: []sitrep.Episode{{ID: 1, Start: "2025-10-01", End: "2025-10-03", Events: []int64{1, 2, 7}}}}
	for _, e := range events {
		sp := sitrep.PictureSpan{}
		if e.EventDate != nil {
			sp = sitrep.PictureSpan{From: *e.EventDate, To: *e.EventDate}
		}
		u.Spans = append(u.Spans, sp)
	}
	if err := s.ApplyPicture(ctx, u); err != nil {
		t.Fatal(err)
	}
	return evs[0].PlaceID
}

func TestPictureEventFilters(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	placeID := pictureCorpus(t, s)
	tests := []struct {
		name string
		f    sitrep.PictureFilter
		want []int64
	}{
		{"everything, latest first, undated last", sitrep.PictureFilter{}, []int64{4, 3, 7, 2, 1, 8, 6, 5}},
		{"month", sitrep.PictureFilter{From: "2025-10", To: "2025-10"}, []int64{3, 7, 2, 1}},
		{"from a day", sitrep.PictureFilter{From: "2025-10-02"}, []int64{4, 3, 7, 2}},
		{"to a month leaves out the undated", sitrep.PictureFilter{To: "2025-01"}, []int64{8, 6}},
		{"actor", sitrep.PictureFilter{Actor: "pakistan-military"}, []int64{3, 2, 1, 6}},
		{"associate of one report", sitrep.PictureFilter{Actor: "unama"}, []int64{7}},
		{"actor and date", sitrep.PictureFilter{Actor: "pakistan-military", From: "2025-10-02"}, []int64{3, 2}},
		{"type", sitrep.PictureFilter{Type: "battles"}, []int64{3, 7, 1}},
		{"sub-type", sitrep.PictureFilter{Type: "Air/drone strike"}, []int64{2}},
		{"place name", sitrep.PictureFilter{Place: "kurram"}, []int64{7, 1}},
		{"place name without diacritics", sitrep.PictureFilter{Place: "Khost"}, []int64{2}},
		{"country", sitrep.PictureFilter{Place: "Pakistan"}, []int64{3, 7, 1, 6, 5}},
		{"place id of a report's stored event", sitrep.PictureFilter{Place: placeID}, []int64{1}},
		{"contested", sitrep.PictureFilter{Contested: true}, []int64{3, 2}},
		{"box", sitrep.PictureFilter{BBox: &sitrep.BBox{West: 60, South: 29, East: 75, North: 37}}, []int64{3, 7, 2, 1, 5}},
		{"box across the antimeridian", sitrep.PictureFilter{BBox: &sitrep.BBox{West: 170, South: -20, East: -170, North: -10}}, []int64{8}},
		{"episode", sitrep.PictureFilter{Episode: 1}, []int64{7, 2, 1}},
		{"actor, type and contested", sitrep.PictureFilter{Actor: "pakistan-military", Type: "Battles", Contested: true}, []int64{3}},
		{"actor, box and dates", sitrep.PictureFilter{Actor: "ttp", BBox: &sitrep.BBox{West: 70, South: 33, East: 71, North: 34}, From: "2025"}, []int64{7, 1}},
		{"no match", sitrep.PictureFilter{Actor: "ttp", Type: "Agreement"}, []int64{}},
		{"earliest first, undated last", sitrep.PictureFilter{Sort: "-date"}, []int64{6, 8, 1, 2, 7, 3, 4, 5}},
		{"earliest first with a key", sitrep.PictureFilter{Sort: "-date", Actor: "ttp"}, []int64{6, 1, 7, 5}},
		{"most fatalities, unnumbered last", sitrep.PictureFilter{Sort: "fatalities"}, []int64{2, 7, 1, 6, 5, 8, 4, 3}},
		{"most fatalities with an actor", sitrep.PictureFilter{Sort: "fatalities", Actor: "pakistan-military"}, []int64{2, 1, 6, 3}},
		{"most sources", sitrep.PictureFilter{Sort: "sources"}, []int64{2, 4, 1, 7, 6, 8, 5, 3}},
		{"most sources in a month", sitrep.PictureFilter{Sort: "sources", From: "2025-10", To: "2025-10"}, []int64{2, 1, 7, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.PictureEvents(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := pictureIDs(p.Events); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if p.Total != len(tt.want) || p.Next != "" {
				t.Errorf("total %d, next %q; want %d, none", p.Total, p.Next, len(tt.want))
			}
			for _, e := range p.Events {
				for _, r := range e.Reports {
					if r.Event.Evidence != nil {
						t.Errorf("event %d listed with evidence", e.ID)
					}
				}
			}
		})
	}
}

// Walking every sort a page at a time visits every event once, in order,
// also while events are added.
func TestPictureCursorWalk(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	pictureCorpus(t, s)
	for _, sort := range []string{"date", "-date", "fatalities", "sources"} {
		for _, f := range []sitrep.PictureFilter{{}, {Actor: "pakistan-military"}, {Place: "Pakistan", From: "2025"},
			{BBox: &sitrep.BBox{West: 60, South: 20, East: 75, North: 37}}, {Contested: true}, {Episode: 1},
			{Actor: "ttp", BBox: &sitrep.BBox{West: 60, South: 20, East: 75, North: 37}}} {
			f.Sort = sort
			whole, err := s.PictureEvents(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, limit := range []int{1, 2, 3} {
				f.Limit, f.Cursor = limit, ""
				var walked []int64
				for pages := 0; ; pages++ {
					p, err := s.PictureEvents(ctx, f)
					if err != nil {
						t.Fatalf("%s %+v page %d: %v", sort, f, pages, err)
					}
					if len(p.Events) > limit || p.Total != whole.Total {
						t.Fatalf("%s page of %d events, total %d; limit %d, total %d", sort, len(p.Events), p.Total, limit, whole.Total)
					}
					walked = append(walked, pictureIDs(p.Events)...)
					if p.Next == "" {
						break
					}
					if pages > 20 {
						t.Fatal("the walk does not end")
					}
					f.Cursor = p.Next
				}
				if !slices.Equal(walked, pictureIDs(whole.Events)) {
					t.Errorf("%s %+v by %d: walked %v, want %v", sort, f, limit, walked, pictureIDs(whole.Events))
				}
			}
		}
	}

	// Events added during a walk: before the cursor they are not seen,
	// after it they are; nothing is seen twice or skipped.
	before, _ := s.PictureEvents(ctx, sitrep.PictureFilter{Limit: 100})
	f := sitrep.PictureFilter{Limit: 3}
	p, _ := s.PictureEvents(ctx, f)
	walked := pictureIDs(p.Events)
	add := sitrep.PictureUpdate{Events: []sitrep.PictureEvent{
		testPicture(20, "2026-01-01", "Battles", "Armed clash", "ttp", "", "Wana", "PK", nil, 1, 1, false),
		testPicture(21, "2000-01-01", "Battles", "Armed clash", "ttp", "", "Wana", "PK", nil, 1, 1, false),
	}, Spans: make([]sitrep.PictureSpan, 2)}
	if err := s.ApplyPicture(ctx, add); err != nil {
		t.Fatal(err)
	}
	for p.Next != "" {
		f.Cursor = p.Next
		var err error
		if p, err = s.PictureEvents(ctx, f); err != nil {
			t.Fatal(err)
		}
		walked = append(walked, pictureIDs(p.Events)...)
	}
	want := append(slices.Clone(pictureIDs(before.Events)), 21)
	slices.Sort(want)
	got := slices.Clone(walked)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("walk during an insert saw %v, want each of %v once", walked, want)
	}
}

func TestPictureBadQueries(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	pictureCorpus(t, s)
	p, err := s.PictureEvents(ctx, sitrep.PictureFilter{Limit: 2, Sort: "sources"})
	if err != nil || p.Next == "" {
		t.Fatalf("first page: next %q, err %v", p.Next, err)
	}
	for _, f := range []sitrep.PictureFilter{
		{Sort: "newest"},
		{Cursor: "not a cursor!"},
		{Cursor: base64.RawURLEncoding.EncodeToString([]byte(`{"s":"date","d":"yesterday","i":3}`))},
		{Cursor: base64.RawURLEncoding.EncodeToString([]byte(`{"s":"date","i":0}`))},
		{Cursor: p.Next}, // a sources cursor with the date sort
		{Cursor: p.Next, Sort: "fatalities"},
		{From: "2025-13"},
		{From: "2025-10-05", To: "2025-10-01"},
		{Place: "!!"},
		{Type: "--"},
		{BBox: &sitrep.BBox{West: 60, South: 40, East: 70, North: 30}},
		{BBox: &sitrep.BBox{West: -200, South: 0, East: 0, North: 10}},
	} {
		if _, err := s.PictureEvents(ctx, f); !errors.Is(err, sitrep.ErrBadQuery) {
			t.Errorf("%+v: err = %v, want ErrBadQuery", f, err)
		}
	}
}

func TestSignatureCandidates(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ids := putSynth(t, s, 0, 100)
	// Every document has its own key and the shared key 7; even ones also
	// the key 1<<63 | 5 (negative as int64).
	var u sitrep.PictureUpdate
	for _, id := range ids {
		keys := []uint64{uint64(1000 + id), 7}
		if id%2 == 0 {
			keys = append(keys, 1<<63|5)
		}
		u.Signatures = append(u.Signatures, sitrep.DocSignature{DocID: id, Sig: []byte{byte(id)}, Keys: keys})
	}
	if err := s.ApplyPicture(ctx, u); err != nil {
		t.Fatal(err)
	}
	got, err := s.SignatureCandidates(ctx, []uint64{uint64(1000 + ids[4]), 1<<63 | 5, uint64(1000 + ids[4]), 99})
	if err != nil {
		t.Fatal(err)
	}
	var docs []int64
	for _, c := range got {
		docs = append(docs, c.DocID)
		var want []uint64
		if c.DocID == ids[4] {
			want = append(want, uint64(1000+ids[4]))
		}
		if c.DocID%2 == 0 {
			want = append(want, 1<<63|5)
		}
		if slices.Sort(c.Keys); !slices.Equal(c.Keys, want) || c.Sig != nil {
			t.Errorf("candidate %d: keys %v, sig %v", c.DocID, c.Keys, c.Sig)
		}
	}
	sigs, err := s.Signatures(ctx, docs)
	if err != nil || len(sigs) != len(docs) {
		t.Fatalf("%d signatures of %d candidates (%v)", len(sigs), len(docs), err)
	}
	for i, sg := range sigs {
		if sg.DocID != docs[i] || len(sg.Sig) != 1 || sg.Sig[0] != byte(sg.DocID) {
			t.Errorf("signature of %d: %+v", docs[i], sg)
		}
	}
	if !slices.IsSorted(docs) || len(docs) != 51 || !slices.Contains(docs, ids[4]) {
		t.Errorf("candidates %v: want the 50 even documents and %d, in order", docs, ids[4])
	}
	// A key shared by every document yields only the most recent ones.
	got, _ = s.SignatureCandidates(ctx, []uint64{7})
	if len(got) != 64 || got[len(got)-1].DocID != ids[len(ids)-1] {
		t.Errorf("a key of every document: %d candidates, last %d", len(got), got[len(got)-1].DocID)
	}
	if got, err := s.SignatureCandidates(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no keys: %v, %v", got, err)
	}
}

// A listing reads one snapshot: its total and its page agree while a
// builder writes.
func TestPictureEventsReadOneSnapshot(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	pictureCorpus(t, s)
	done := make(chan error, 1)
	go func() {
		for i := range 40 {
			id := int64(100 + i)
			u := sitrep.PictureUpdate{Events: []sitrep.PictureEvent{
				testPicture(id, "2025-10-05", "Battles", "Armed clash", "ttp", "", "Wana", "PK", nil, 1, 1, i%2 == 0),
			}, Spans: []sitrep.PictureSpan{{From: "2025-10-05", To: "2025-10-05"}}}
			if err := s.ApplyPicture(ctx, u); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for reading := true; reading; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			reading = false
		default:
		}
		for _, f := range []sitrep.PictureFilter{{Limit: 1000}, {Actor: "ttp", Limit: 1000}, {Contested: true, Limit: 1000, Sort: "fatalities"}} {
			p, err := s.PictureEvents(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != len(p.Events) {
				t.Fatalf("%+v: total %d, page of %d", f, p.Total, len(p.Events))
			}
		}
	}
	if p, _ := s.PictureEvents(ctx, sitrep.PictureFilter{Place: "Wana"}); p.Total != 40 {
		t.Errorf("%d events written, want 40", p.Total)
	}
}

func TestQuantityListing(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	pictureCorpus(t, s)
	count := func(n int) *int { return &n }
	var u sitrep.PictureUpdate
	for _, ev := range []int64{1, 2, 3} {
		e, err := s.PictureEvent(ctx, ev)
		if err != nil {
			t.Fatal(err)
		}
		u.Events = append(u.Events, e)
		u.Spans = append(u.Spans, sitrep.PictureSpan{From: *e.EventDate, To: *e.EventDate})
		for _, g := range []string{"civilians", "forces:PK"} {
			u.Quantities = append(u.Quantities, sitrep.Quantity{ID: fmt.Sprintf("%d/%s", ev, g), Event: ev, Group: g,
				Figures:  []sitrep.Figure{{Count: count(int(ev)), Qualifier: "at least", Text: "“at least” – ünïcode"}},
				Disputed: ev == 2 && g == "civilians"})
		}
	}
	if err := s.ApplyPicture(ctx, u); err != nil {
		t.Fatal(err)
	}
	ids := func(qs []sitrep.Quantity) []string {
		out := []string{}
		for _, q := range qs {
			out = append(out, q.ID)
		}
		return out
	}
	tests := []struct {
		name string
		f    sitrep.QuantityFilter
		want []string
	}{
		{"all, newest event first", sitrep.QuantityFilter{}, []string{"3/civilians", "3/forces:PK", "2/civilians", "2/forces:PK", "1/civilians", "1/forces:PK"}},
		{"one event", sitrep.QuantityFilter{Event: 2}, []string{"2/civilians", "2/forces:PK"}},
		{"contested", sitrep.QuantityFilter{Contested: true}, []string{"2/civilians"}},
		{"page", sitrep.QuantityFilter{Page: sitrep.Page{Limit: 2, Offset: 1}}, []string{"3/forces:PK", "2/civilians"}},
		{"after an event", sitrep.QuantityFilter{Page: sitrep.Page{AfterID: 2}}, []string{"3/civilians", "3/forces:PK"}},
		{"none", sitrep.QuantityFilter{Event: 8}, []string{}},
	}
	for _, tt := range tests {
		qs, err := s.Quantities(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(qs), tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, ids(qs), tt.want)
		}
	}
	qs, _ := s.Quantities(ctx, sitrep.QuantityFilter{Event: 1})
	if asJSON(t, qs[0]) != asJSON(t, u.Quantities[0]) {
		t.Errorf("ledger line changed in the store:\n got %s\nwant %s", asJSON(t, qs[0]), asJSON(t, u.Quantities[0]))
	}
}

// No filter a client sends makes PictureEvents panic or fail otherwise
// than with ErrBadQuery.
func FuzzPictureFilter(f *testing.F) {
	s := openTemp(f)
	pictureCorpus(f, s)
	p, _ := s.PictureEvents(context.Background(), sitrep.PictureFilter{Limit: 2})
	f.Add("date", p.Next, "pakistan-military", "Kurram", "Battles", "2025-10", "", 2, 60.0, 20.0, 75.0, 37.0)
	f.Add("-date", "eyJzIjoiLWRhdGUiLCJpIjo1fQ", "", "geonames:1", "", "", "2025-01-01", 0, 0.0, 0.0, 0.0, 0.0)
	f.Add("fatalities", `{"s":"x"}`, "'; DROP TABLE picture_keys; --", "%", "_", "2025-13-01", "9999", -5, 170.0, -20.0, -170.0, -10.0)
	f.Fuzz(func(t *testing.T, sort, cursor, actor, place, typ, from, to string, limit int, w, so, e, n float64) {
		var box *sitrep.BBox
		if w != 0 || so != 0 || e != 0 || n != 0 {
			box = &sitrep.BBox{West: w, South: so, East: e, North: n}
		}
		f := sitrep.PictureFilter{Sort: sort, Cursor: cursor, Actor: actor, Place: place, Type: typ, From: from, To: to,
			Limit: limit, BBox: box, Contested: limit%2 == 0, Episode: int64(limit % 3)}
		p, err := s.PictureEvents(context.Background(), f)
		if err != nil {
			if !errors.Is(err, sitrep.ErrBadQuery) {
				t.Fatalf("%+v: %v", f, err)
			}
			return
		}
		if len(p.Events) > p.Total {
			t.Fatalf("%+v: page of %d, total %d", f, len(p.Events), p.Total)
		}
	})
}

// A memory store has one connection: no picture read may wait for a
// second one.
func TestPictureInMemory(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		ids := putSynth(t, s, 0, 20)
		u, err := synthFuser{s}.update(ctx, ids)
		if err != nil {
			t.Error(err)
			return
		}
		if err := s.ApplyPicture(ctx, u); err != nil {
			t.Error(err)
			return
		}
		p, err := s.PictureEvents(ctx, sitrep.PictureFilter{Actor: "ttp", Limit: 2})
		if err != nil || p.Total == 0 {
			t.Errorf("listing: %d events, %v", p.Total, err)
			return
		}
		if _, err := s.PictureEvent(ctx, p.Events[0].ID); err != nil {
			t.Error(err)
		}
		if got, err := s.SignatureCandidates(ctx, u.Signatures[0].Keys); err != nil || len(got) == 0 {
			t.Errorf("candidates: %v, %v", got, err)
		}
		if got, err := s.PictureEventsBetween(ctx, "2024-01-01", "2026-12-31", true); err != nil || len(got) != len(u.Events) {
			t.Errorf("between: %d events, %v", len(got), err)
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("picture reads on a memory store hang")
	}
}
