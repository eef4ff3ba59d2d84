package sqlite_test

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/pressly/goose/v3"
	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// statsStore stores synthetic reports with their picture (one event
// without actor 2, two families, two episodes) at path and returns the
// update applied.
func statsStore(t *testing.T, path string) (*sqlite.Store, sitrep.PictureUpdate) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ids := putSynth(t, s, 0, 80)
	for i := range 6 { // rewrites: picture events of several reports
		d, r := synthDoc(i)
		d.ID, d.Text = d.ID+"-rewrite", "Updated: "+d.Text
		sd, _, err := s.PutDocument(ctx, d, r)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sd.ID)
	}
	u, err := synthFuser{s}.update(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	u.Events[0].Actor2 = nil
	for _, i := range []int{1, 4, 6} { // the rewrites agree: some conflicts by hand
		u.Events[i].Conflicts = []string{sitrep.ConflictFatalities}
		u.Quantities[i].Disputed = true
	}
	u.Families = []sitrep.DocFamily{{DocID: ids[1], Family: 9}, {DocID: ids[3], Family: 9}, {DocID: ids[4], Family: 10},
		{DocID: ids[5], Family: 10}, {DocID: ids[6], Family: 10}, {DocID: ids[7], Family: 11}}
	u.Episodes = []sitrep.Episode{
		{ID: 1, Label: "early", Start: "2024-01-01", End: "2024-03-01", Events: []int64{1, 2, 3}},
		{ID: 2, Label: "later", Start: "2024-02-01", End: "2024-06-01", Events: []int64{3, 4}},
		{ID: 3, Label: "last", Start: "2024-05-01", End: "2024-08-01", Events: []int64{5}},
	}
	if err := s.ApplyPicture(ctx, u); err != nil {
		t.Fatal(err)
	}
	return s, u
}

// allPicture reads every picture event, page by page.
func allPicture(t *testing.T, s *sqlite.Store) []sitrep.PictureEvent {
	t.Helper()
	var out []sitrep.PictureEvent
	f := sitrep.PictureFilter{Limit: 1000}
	for {
		pg, err := s.PictureEvents(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, pg.Events...)
		if pg.Next == "" {
			return out
		}
		f.Cursor = pg.Next
	}
}

// topPairs keeps the pairs between the top actors by count on either
// side, ties by id: what EventPairs and ClaimPairs promise.
func topPairs(pairs map[[2]string]int, top int) map[[2]string]int {
	w := map[string]int{}
	for k, n := range pairs {
		w[k[0]] += n
		w[k[1]] += n
	}
	ids := slices.SortedFunc(maps.Keys(w), func(a, b string) int { return cmp.Or(w[b]-w[a], cmp.Compare(a, b)) })
	if top > 0 && len(ids) > top {
		ids = ids[:top]
	}
	out := map[[2]string]int{}
	for k, n := range pairs {
		if slices.Contains(ids, k[0]) && slices.Contains(ids, k[1]) {
			out[k] = n
		}
	}
	return out
}

func pairMap(t *testing.T, got []sitrep.ActorPair, names map[string]string) map[[2]string]int {
	t.Helper()
	out := map[[2]string]int{}
	for i, p := range got {
		if i > 0 && p.Count > got[i-1].Count {
			t.Errorf("pairs not by count: %+v after %+v", p, got[i-1])
		}
		if names[p.A.ID] != p.A.Name || names[p.B.ID] != p.B.Name {
			t.Errorf("pair %+v: names, want %q and %q", p, names[p.A.ID], names[p.B.ID])
		}
		out[[2]string{p.A.ID, p.B.ID}] = p.Count
	}
	return out
}

// fusedOnly keeps the fields PictureSummaries promises.
func fusedOnly(evs []sitrep.PictureEvent) []sitrep.PictureEvent {
	out := make([]sitrep.PictureEvent, len(evs))
	for i, e := range evs {
		out[i] = sitrep.PictureEvent{ID: e.ID, EventType: e.EventType, SubEventType: e.SubEventType, EventDate: e.EventDate,
			TimePrecision: e.TimePrecision, Actor1: e.Actor1, Actor2: e.Actor2, Location: e.Location, Admin2: e.Admin2,
			Admin1: e.Admin1, Country: e.Country, CountryCode: e.CountryCode, Latitude: e.Latitude, Longitude: e.Longitude, Fatalities: e.Fatalities,
			Sources: e.Sources}
	}
	return out
}

// Summaries list what PictureEvents lists, page for page, with the same
// fused fields.
func TestPictureSummariesMatchEvents(t *testing.T) {
	ctx := context.Background()
	s, u := statsStore(t, filepath.Join(t.TempDir(), "sum.db"))
	defer s.Close()
	actor := u.Events[3].Actor1.ID
	for _, f := range []sitrep.PictureFilter{
		{},
		{Limit: 7},
		{Sort: "-date", Limit: 30},
		{Sort: "fatalities", Limit: 1000},
		{Actor: actor},
		{Contested: true},
		{From: "2024-03-01", To: "2024-09-30", Type: "Armed clash"},
		{BBox: &sitrep.BBox{West: 60, South: 29, East: 70, North: 35}},
		{Episode: 1},
	} {
		for page := 0; ; page++ {
			want, err := s.PictureEvents(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.PictureSummaries(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || got.Next != want.Next || asJSON(t, got.Events) != asJSON(t, fusedOnly(want.Events)) {
				t.Fatalf("filter %+v page %d:\n got %d/%d %s\nwant %d/%d %s", f, page, len(got.Events), got.Total,
					asJSON(t, got.Events), len(want.Events), want.Total, asJSON(t, fusedOnly(want.Events)))
			}
			if page == 0 && want.Total == 0 {
				t.Errorf("filter %+v matches nothing: it tests little", f)
			}
			if want.Next == "" {
				break
			}
			f.Cursor = want.Next
		}
	}
	if _, err := s.PictureSummaries(ctx, sitrep.PictureFilter{Sort: "nonsense"}); !errors.Is(err, sitrep.ErrBadQuery) {
		t.Errorf("bad sort: %v", err)
	}
}

// Every aggregate equals what reading the whole listings gives.
func TestPictureStatsMatchListings(t *testing.T) {
	ctx := context.Background()
	s, u := statsStore(t, filepath.Join(t.TempDir(), "stats.db"))
	defer s.Close()

	evs := allPicture(t, s)
	docs, _ := s.Documents(ctx, sitrep.DocumentFilter{})
	contested, _ := s.PictureEvents(ctx, sitrep.PictureFilter{Contested: true})
	disputed, _ := s.Quantities(ctx, sitrep.QuantityFilter{Contested: true})
	fams, _ := s.Families(ctx)
	eps, _ := s.Episodes(ctx)
	want := sitrep.Counts{Documents: len(docs), Events: len(evs), Contested: contested.Total, Disputed: len(disputed),
		Families: len(fams), Episodes: len(eps)}
	if got, err := s.Counts(ctx); err != nil || got != want {
		t.Errorf("counts %+v (err %v), want %+v", got, err, want)
	}
	if want.Contested == 0 || want.Disputed == 0 || want.Families != 2 || want.Episodes != 3 {
		t.Fatalf("the corpus tests little: %+v", want)
	}

	names := map[string]string{}
	acts, _ := s.Actors(ctx)
	for _, a := range acts {
		names[a.ID] = a.Name
	}
	evPairs := map[[2]string]int{}
	for _, e := range evs {
		if e.Actor1 != nil && e.Actor2 != nil {
			evPairs[[2]string{e.Actor1.ID, e.Actor2.ID}]++
		}
	}
	if len(evPairs) < 10 || len(evs) != len(u.Events) {
		t.Fatalf("%d event pairs from %d events", len(evPairs), len(evs))
	}
	claims, _ := s.Claims(ctx, sitrep.ClaimFilter{Kind: sitrep.ClaimAccusation})
	accPairs := map[[2]string]int{}
	for _, c := range claims {
		if c.Claim.Claimant != nil && c.Claim.About != nil {
			accPairs[[2]string{c.Claim.Claimant.ID, c.Claim.About.ID}]++
		}
	}
	for _, top := range []int{0, 3, 6, 100} {
		got, err := s.EventPairs(ctx, top)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := pairMap(t, got, names), topPairs(evPairs, top); !maps.Equal(g, w) {
			t.Errorf("event pairs, top %d:\n got %v\nwant %v", top, g, w)
		}
		got, err = s.ClaimPairs(ctx, "Accusation", top)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := pairMap(t, got, names), topPairs(accPairs, top); !maps.Equal(g, w) {
			t.Errorf("accusation pairs, top %d:\n got %v\nwant %v", top, g, w)
		}
	}
	if got, err := s.ClaimPairs(ctx, "no-such-kind", 5); err != nil || len(got) != 0 {
		t.Errorf("pairs of an unknown kind: %v, %v", got, err)
	}

	ask := []int64{docs[5].ID, 99999, docs[2].ID, docs[5].ID, docs[0].ID}
	got, err := s.DocumentsByID(ctx, ask)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || asJSON(t, got) != asJSON(t, []sitrep.StoredDoc{docs[5], docs[2], docs[0]}) {
		t.Errorf("documents by id %v:\n got %s", ask, asJSON(t, got))
	}
	if got, err := s.DocumentsByID(ctx, nil); err != nil || got == nil || len(got) != 0 {
		t.Errorf("no ids: %v, %v", got, err)
	}

	some := []int64{evs[0].ID, evs[3].ID, evs[7].ID}
	var wantQ []sitrep.Quantity
	all, _ := s.Quantities(ctx, sitrep.QuantityFilter{})
	for _, q := range all {
		if slices.Contains(some, q.Event) {
			wantQ = append(wantQ, q)
		}
	}
	if gotQ, err := s.EventQuantities(ctx, some); err != nil || len(gotQ) != 3 || asJSON(t, gotQ) != asJSON(t, wantQ) {
		t.Errorf("quantities of %v: %s (err %v), want %s", some, asJSON(t, gotQ), err, asJSON(t, wantQ))
	}
	for _, c := range []struct {
		events []int64
		want   []int64 // episode ids, latest first
	}{
		{[]int64{3}, []int64{2, 1}},
		{[]int64{1, 2}, []int64{1}},
		{[]int64{5, 4, 9999}, []int64{3, 2}},
		{[]int64{9999}, nil},
		{nil, nil},
	} {
		got, err := s.EventEpisodes(ctx, c.events)
		var ids []int64
		for _, ep := range got {
			ids = append(ids, ep.ID)
		}
		if err != nil || got == nil || !slices.Equal(ids, c.want) {
			t.Errorf("episodes of %v: %v (err %v), want %v", c.events, ids, err, c.want)
		}
	}
}

// A store whose picture was written before migration 3 gets the new
// columns (actor pairs, summaries) from the stored events when next opened.
func TestPictureActorsBackfilled(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, _ := statsStore(t, path)
	want, err := s.EventPairs(ctx, 0)
	if err != nil || len(want) < 10 {
		t.Fatalf("pairs: %d (err %v)", len(want), err)
	}
	wantSum, err := s.PictureSummaries(ctx, sitrep.PictureFilter{Limit: 1000})
	if err != nil || wantSum.Total < 10 || wantSum.Events[0].Location == "" || wantSum.Events[0].TimePrecision == nil {
		t.Fatalf("summaries: %+v (err %v)", wantSum, err)
	}
	s.Close()

	// Back to the schema before the actor columns, as an older sitrep
	// left it.
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, os.DirFS("migrations"), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 2); err != nil {
		t.Fatalf("down to 2: %v", err)
	}
	if _, err := db.ExecContext(ctx, `SELECT actor1 FROM picture_events`); err == nil {
		t.Fatal("picture_events.actor1 left after the down migration")
	}
	db.Close()

	for round := range 2 { // the second open finds nothing to do
		s, err = sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.EventPairs(ctx, 0)
		if err != nil || asJSON(t, got) != asJSON(t, want) {
			t.Errorf("open %d: pairs after the backfill:\n got %s (err %v)\nwant %s", round, asJSON(t, got), err, asJSON(t, want))
		}
		sum, err := s.PictureSummaries(ctx, sitrep.PictureFilter{Limit: 1000})
		if err != nil || asJSON(t, sum) != asJSON(t, wantSum) {
			t.Errorf("open %d: summaries after the backfill differ (err %v)", round, err)
		}
		if err := s.Check(ctx); err != nil {
			t.Error(err)
		}
		s.Close()
	}
}

// An empty store answers with zeros and empty lists, not errors.
func TestPictureStatsEmpty(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if c, err := s.Counts(ctx); err != nil || c != (sitrep.Counts{}) {
		t.Errorf("counts of an empty store: %+v, %v", c, err)
	}
	for i, f := range []func() (int, error){
		func() (int, error) { p, err := s.EventPairs(ctx, 12); return len(p), err },
		func() (int, error) { p, err := s.ClaimPairs(ctx, sitrep.ClaimAccusation, 12); return len(p), err },
		func() (int, error) { d, err := s.DocumentsByID(ctx, []int64{1, 2}); return len(d), err },
		func() (int, error) { q, err := s.EventQuantities(ctx, []int64{1}); return len(q), err },
		func() (int, error) { e, err := s.EventEpisodes(ctx, []int64{1}); return len(e), err },
	} {
		if n, err := f(); err != nil || n != 0 {
			t.Errorf("reader %s of an empty store: %d rows, %v", strconv.Itoa(i), n, err)
		}
	}
}
