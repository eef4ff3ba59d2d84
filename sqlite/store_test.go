package sqlite_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/examples"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/sqlite"
)

func openTemp(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "sitrep.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

type extracted struct {
	doc sitrep.Document
	rec sitrep.Record
}

var errExtract = errors.New("the extractor panicked on the examples")

var (
	examplesOnce sync.Once
	examplesDocs []extracted
	examplesErr  error
)

// exampleRecords reads the bundled examples as `sitrep extract` does.
func exampleRecords(t *testing.T) []extracted {
	t.Helper()
	examplesOnce.Do(func() {
		// A failure of the extractor is for its own tests to report; here
		// it would only hide what the store does.
		defer func() {
			if r := recover(); r != nil {
				examplesErr = fmt.Errorf("%w: %v", errExtract, r)
			}
		}()
		dir, err := os.MkdirTemp("", "sitrep-examples")
		if err != nil {
			examplesErr = err
			return
		}
		defer os.RemoveAll(dir)
		if err := os.CopyFS(dir, examples.FS); err != nil {
			examplesErr = err
			return
		}
		x, err := extract.New(extract.Options{})
		if err != nil {
			examplesErr = err
			return
		}
		examplesErr = ingest.Read([]string{dir}, ingest.Options{}, func(d sitrep.Document) error {
			examplesDocs = append(examplesDocs, extracted{d, x.Extract(d)})
			return nil
		}, func(name string, err error) {})
	})
	if errors.Is(examplesErr, errExtract) {
		t.Skip(examplesErr)
	}
	if examplesErr != nil {
		t.Fatal(examplesErr)
	}
	if len(examplesDocs) < 4 {
		t.Fatalf("only %d examples read", len(examplesDocs))
	}
	return examplesDocs
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRoundTripExamples(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	exs := exampleRecords(t)
	events := 0
	for _, ex := range exs {
		sd, added, err := s.PutDocument(ctx, ex.doc, ex.rec)
		if err != nil || !added {
			t.Fatalf("%s: added=%v err=%v", ex.doc.ID, added, err)
		}
		got, err := s.Document(ctx, sd.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Doc.Text != ex.doc.Text || got.Doc.Title != ex.doc.Title || got.Doc.ID != ex.doc.ID {
			t.Errorf("%s: document changed in the store", ex.doc.ID)
		}
		if ex.doc.Published.IsZero() && ex.rec.Published != nil {
			// The extractor inferred a date: the store keeps it.
			if !strings.HasPrefix(got.Doc.Published.Format("2006-01-02"), *ex.rec.Published) || got.Doc.PublishedSource != ex.rec.PublishedSource {
				t.Errorf("%s: published %v (%s), record says %s (%s)", ex.doc.ID, got.Doc.Published, got.Doc.PublishedSource,
					*ex.rec.Published, ex.rec.PublishedSource)
			}
		} else if !got.Doc.Published.Equal(ex.doc.Published) || got.Doc.PublishedGranularity != ex.doc.PublishedGranularity {
			t.Errorf("%s: published %v/%v, want %v/%v", ex.doc.ID, got.Doc.Published, got.Doc.PublishedGranularity,
				ex.doc.Published, ex.doc.PublishedGranularity)
		}
		want := ex.rec
		want.Text = ""
		if got.Record == nil || asJSON(t, *got.Record) != asJSON(t, want) {
			t.Errorf("%s: record changed in the store", ex.doc.ID)
		}
		evs, err := s.Events(ctx, sitrep.EventFilter{DocID: sd.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != len(ex.rec.Events) {
			t.Fatalf("%s: %d events stored, record has %d", ex.doc.ID, len(evs), len(ex.rec.Events))
		}
		byID := map[string]sitrep.Event{}
		for _, e := range ex.rec.Events {
			byID[e.ID] = e
		}
		for _, se := range evs {
			if asJSON(t, se.Event) != asJSON(t, byID[se.Event.ID]) {
				t.Errorf("%s: event %s changed in the store", ex.doc.ID, se.Event.ID)
			}
			if se.DocID != sd.ID || ex.rec.Published != nil && se.Published != *ex.rec.Published {
				t.Errorf("%s: event %s has doc %d published %q", ex.doc.ID, se.Event.ID, se.DocID, se.Published)
			}
		}
		events += len(evs)
		claims, err := s.Claims(ctx, sitrep.ClaimFilter{DocID: sd.ID})
		if err != nil || len(claims) != len(ex.rec.Claims) {
			t.Errorf("%s: %d claims stored (err %v), record has %d", ex.doc.ID, len(claims), err, len(ex.rec.Claims))
		}
		ms, err := s.Mentions(ctx, sd.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := len(ex.rec.Times)
		for _, a := range ex.rec.Actors {
			n += len(a.Mentions)
		}
		for _, p := range ex.rec.Places {
			n += len(p.Mentions)
		}
		if len(ms) != n {
			t.Errorf("%s: %d mentions stored, record has %d", ex.doc.ID, len(ms), n)
		}
		runes := []rune(ex.doc.Text)
		for _, m := range ms {
			if string(runes[m.Start:m.End]) != m.Text {
				t.Errorf("%s: mention %q at %d:%d does not point at its text", ex.doc.ID, m.Text, m.Start, m.End)
			}
		}
	}
	if events == 0 {
		t.Error("the examples gave no events: the round trip tested nothing")
	}
	all, err := s.Events(ctx, sitrep.EventFilter{})
	if err != nil || len(all) != events {
		t.Errorf("all events: %d (err %v), want %d", len(all), err, events)
	}
	// Latest first, undated last.
	for i := 1; i < len(all); i++ {
		if day(all[i-1]) < day(all[i]) {
			t.Errorf("events out of order: %q before %q", day(all[i-1]), day(all[i]))
		}
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
}

func day(se sitrep.StoredEvent) string {
	if se.Event.EventDate == nil {
		return ""
	}
	return *se.Event.EventDate
}

func TestHashNormalisesWhitespaceOnly(t *testing.T) {
	base := "Shelling hit Chaman on Sunday.\nThree people died."
	tests := []struct {
		name string
		text string
		same bool
	}{
		{"identical", base, true},
		{"extra spaces and tabs", "Shelling  hit\tChaman on Sunday.\n\nThree people died.", true},
		{"CRLF and indent", "  Shelling hit Chaman on Sunday.\r\n   Three people died.\r\n", true},
		{"no-break and ideographic spaces", "Shelling\u00a0hit Chaman on Sunday.\u3000Three people died.", true},
		{"one word changed", "Shelling hit Chaman on Monday.\nThree people died.", false},
		{"case changed", "shelling hit Chaman on Sunday.\nThree people died.", false},
		{"space removed", "Shelling hit Chaman on Sunday.Three people died.", false},
		{"long text flushes", strings.Repeat("word ", 400), false},
	}
	want := sqlite.Hash(base)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sqlite.Hash(tt.text) == want; got != tt.same {
				t.Errorf("same hash = %v, want %v", got, tt.same)
			}
		})
	}
	long := strings.Repeat("word ", 400)
	if sqlite.Hash(long) != sqlite.Hash(strings.ReplaceAll(long, " ", " \n\t ")) {
		t.Error("whitespace variant of a long text hashes differently")
	}
}

func TestPutDocumentIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	doc, rec := synthDoc(1)
	first, added, err := s.PutDocument(ctx, doc, rec)
	if err != nil || !added {
		t.Fatalf("first put: added=%v err=%v", added, err)
	}
	variant := func(f func(string) string) sitrep.Document {
		d := doc
		d.Text = f(d.Text)
		return d
	}
	tests := []struct {
		name  string
		doc   sitrep.Document
		added bool
	}{
		{"same document again", doc, false},
		{"same text, other id and title", func() sitrep.Document { d := doc; d.ID, d.Title = "copy", "Other"; return d }(), false},
		{"whitespace variant", variant(func(s string) string { return "\n  " + strings.ReplaceAll(s, ". ", ".\n\n") + "  \n" }), false},
		{"a word changed", variant(func(s string) string { return strings.Replace(s, "killing", "wounding", 1) }), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sd, added, err := s.PutDocument(ctx, tt.doc, rec)
			if err != nil {
				t.Fatal(err)
			}
			if added != tt.added {
				t.Fatalf("added = %v, want %v", added, tt.added)
			}
			if !added && (sd.ID != first.ID || sd.Doc.ID != doc.ID) {
				t.Errorf("returned document %d %q, want the stored %d %q", sd.ID, sd.Doc.ID, first.ID, doc.ID)
			}
		})
	}
	docs, err := s.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil || len(docs) != 2 {
		t.Fatalf("%d documents (err %v), want 2", len(docs), err)
	}
	evs, _ := s.Events(ctx, sitrep.EventFilter{})
	if len(evs) != 2*len(rec.Events) {
		t.Errorf("%d events, want %d: a repeat added events", len(evs), 2*len(rec.Events))
	}
}

func TestConcurrentPutsStoreEachDocumentOnce(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	const n = 30
	var wg sync.WaitGroup
	errs := make(chan error, 4*n)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n {
				doc, rec := synthDoc((i + w*7) % n)
				if _, _, err := s.PutDocument(ctx, doc, rec); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	docs, err := s.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil || len(docs) != n {
		t.Fatalf("%d documents (err %v), want %d", len(docs), err, n)
	}
}

// filterCorpus is four hand-written reports with known events.
func filterCorpus(t *testing.T, s *sqlite.Store) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	ref := func(id, name string) *sitrep.ActorRef { return &sitrep.ActorRef{ID: id, Name: name} }
	ev := func(id, typ, sub, date string, a1, a2 *sitrep.ActorRef, loc, admin1, country, cc string) sitrep.Event {
		e := sitrep.Event{ID: id, EventType: typ, SubEventType: sub, Actor1: a1, Actor2: a2,
			Location: loc, Admin1: admin1, Country: country, CountryCode: cc,
			AssocActor1: []sitrep.ActorRef{}, AssocActor2: []sitrep.ActorRef{}}
		if date != "" {
			p := 1
			e.EventDate, e.TimePrecision = &date, &p
		}
		return e
	}
	pk := ref("pakistan-military", "Military Forces of Pakistan")
	tb := ref("afghan-taliban", "Taliban")
	ttp := ref("ttp", "Tehrik-i-Taliban Pakistan")
	lat, lon := 31.01, 66.40
	docs := []struct {
		text, published string
		events          []sitrep.Event
		places          []sitrep.RecordPlace
	}{
		{"Pakistani jets struck Barmal in Paktika late on Tuesday.", "2024-12-25", []sitrep.Event{
			ev("a-e1", "Explosions/Remote violence", "Air/drone strike", "2024-12-24", pk, ttp, "Barmal", "Paktika", "Afghanistan", "AF"),
		}, []sitrep.RecordPlace{{ID: "geonames:1", Name: "Barmal", Kind: "admin2", CountryCode: "AF"}}},
		{"Heavy fire was exchanged at Spin Boldak; a market was hit in Kurram a day later.", "2025-10-14", []sitrep.Event{
			ev("b-e1", "Battles", "Armed clash", "2025-10-12", pk, tb, "Spīn Bōldak", "Kandahar", "Afghanistan", "AF"),
			ev("b-e2", "Explosions/Remote violence", "Shelling/artillery/missile attack", "2025-10-13", tb, nil, "Kurram", "Khyber Pakhtunkhwa", "Pakistan", "PK"),
		}, []sitrep.RecordPlace{{ID: "geonames:2", Name: "Spīn Bōldak", Kind: "city", CountryCode: "AF", Lat: &lat, Lon: &lon}}},
		{"The two sides agreed to a ceasefire in Doha.", "2025-10-19", []sitrep.Event{
			ev("c-e1", "Strategic developments", "Agreement", "2025-10-19", ref("pakistan-gov", "Government of Pakistan"), ref("afghanistan-gov", "Government of Afghanistan"), "Doha", "", "Qatar", "QA"),
		}, nil},
		{"Fighting flared again at some point, officials said.", "2026-02-23", []sitrep.Event{
			ev("d-e1", "Battles", "Armed clash", "", pk, tb, "", "", "", ""),
		}, nil},
	}
	ids := map[string]int64{}
	for i, d := range docs {
		pub, _ := time.Parse("2006-01-02", d.published)
		doc := sitrep.Document{ID: string(rune('a' + i)), Text: d.text, Published: pub, PublishedGranularity: sitrep.GranularityDay}
		rec := sitrep.Record{Contract: 1, ID: doc.ID, Published: &d.published, PublishedSource: "input",
			Events: d.events, Places: d.places, Actors: []sitrep.RecordActor{}, Claims: []sitrep.Claim{}}
		if _, _, err := s.PutDocument(ctx, doc, rec); err != nil {
			t.Fatal(err)
		}
	}
	evs, err := s.Events(ctx, sitrep.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		ids[e.Event.ID] = e.RowID
	}
	return ids
}

func eventIDs(evs []sitrep.StoredEvent) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Event.ID)
	}
	return out
}

func TestEventFilters(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	filterCorpus(t, s)
	tests := []struct {
		name string
		f    sitrep.EventFilter
		want []string // in result order
	}{
		{"everything, latest first, undated last", sitrep.EventFilter{}, []string{"c-e1", "b-e2", "b-e1", "a-e1", "d-e1"}},
		{"date range", sitrep.EventFilter{From: "2025-10-01", To: "2025-10-13"}, []string{"b-e2", "b-e1"}},
		{"month as upper bound", sitrep.EventFilter{From: "2025-10-13", To: "2025-10"}, []string{"c-e1", "b-e2"}},
		{"year", sitrep.EventFilter{From: "2024", To: "2024"}, []string{"a-e1"}},
		{"actor as actor 1 or 2", sitrep.EventFilter{Actor: "afghan-taliban"}, []string{"b-e2", "b-e1", "d-e1"}},
		{"actor and date", sitrep.EventFilter{Actor: "afghan-taliban", From: "2025-01-01"}, []string{"b-e2", "b-e1"}},
		{"event type", sitrep.EventFilter{Type: "battles"}, []string{"b-e1", "d-e1"}},
		{"sub-event type", sitrep.EventFilter{Type: "Air/drone strike"}, []string{"a-e1"}},
		{"place name without diacritics", sitrep.EventFilter{Place: "spin boldak"}, []string{"b-e1"}},
		{"province name", sitrep.EventFilter{Place: "Paktika"}, []string{"a-e1"}},
		{"country name", sitrep.EventFilter{Place: "afghanistan"}, []string{"b-e1", "a-e1"}},
		{"country code", sitrep.EventFilter{Place: "PK"}, []string{"b-e2"}},
		{"place id", sitrep.EventFilter{Place: "geonames:2"}, []string{"b-e1"}},
		{"actor, place and type together", sitrep.EventFilter{Actor: "pakistan-military", Place: "Afghanistan", Type: "Battles"}, []string{"b-e1"}},
		{"no match", sitrep.EventFilter{Actor: "ttp", Type: "Battles"}, nil},
		{"unknown actor", sitrep.EventFilter{Actor: "nobody"}, nil},
		{"limit and offset", sitrep.EventFilter{Page: sitrep.Page{Limit: 2, Offset: 1}}, []string{"b-e2", "b-e1"}},
		{"limit with a key", sitrep.EventFilter{Actor: "pakistan-military", Page: sitrep.Page{Limit: 1}}, []string{"b-e1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := s.Events(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := eventIDs(evs); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBadFiltersAreClearErrors(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	filterCorpus(t, s)
	for _, f := range []sitrep.EventFilter{
		{From: "2025-13-01"},
		{To: "yesterday"},
		{From: "2025-10-20", To: "2025-10-01"},
		{Place: "--"},
		{Type: "!!"},
	} {
		if _, err := s.Events(ctx, f); !errors.Is(err, sitrep.ErrBadQuery) {
			t.Errorf("%+v: err = %v, want ErrBadQuery", f, err)
		}
	}
	if _, err := s.Documents(ctx, sitrep.DocumentFilter{From: "12/10/2025"}); !errors.Is(err, sitrep.ErrBadQuery) {
		t.Errorf("documents with a bad date: err = %v, want ErrBadQuery", err)
	}
	if _, err := s.Document(ctx, 999); !errors.Is(err, sitrep.ErrNotFound) {
		t.Errorf("missing document: err = %v, want ErrNotFound", err)
	}
}

func TestDocumentAndClaimFilters(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	for i := range 40 {
		doc, rec := synthDoc(i)
		if _, _, err := s.PutDocument(ctx, doc, rec); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Documents(ctx, sitrep.DocumentFilter{})
	if err != nil || len(all) != 40 {
		t.Fatalf("%d documents (err %v)", len(all), err)
	}
	mid := all[20].Doc.Published.Format("2006-01-02")
	tests := []struct {
		name string
		f    sitrep.DocumentFilter
		keep func(sd sitrep.StoredDoc, rec sitrep.Record) bool
	}{
		{"from a date", sitrep.DocumentFilter{From: mid}, func(sd sitrep.StoredDoc, _ sitrep.Record) bool {
			return sd.Doc.Published.Format("2006-01-02") >= mid
		}},
		{"outlet, any case", sitrep.DocumentFilter{Outlet: "wire"}, func(sd sitrep.StoredDoc, _ sitrep.Record) bool { return sd.Doc.Outlet == "Wire" }},
		{"mentioning an actor", sitrep.DocumentFilter{Actor: "ttp"}, func(_ sitrep.StoredDoc, rec sitrep.Record) bool {
			return slices.ContainsFunc(rec.Actors, func(a sitrep.RecordActor) bool { return a.ID == "ttp" })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Documents(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			for i := range 40 {
				doc, rec := synthDoc(i)
				if tt.keep(sitrep.StoredDoc{Doc: doc}, rec) {
					want++
				}
			}
			if len(got) != want || want == 0 {
				t.Errorf("%d documents, want %d (and some)", len(got), want)
			}
		})
	}
	full, err := s.Documents(ctx, sitrep.DocumentFilter{Full: true, Page: sitrep.Page{Limit: 3}})
	if err != nil || len(full) != 3 || full[0].Record == nil || full[0].Doc.Text == "" {
		t.Errorf("full listing: %d docs, err %v", len(full), err)
	}
	latest, _ := s.Documents(ctx, sitrep.DocumentFilter{Page: sitrep.Page{AfterID: all[0].ID}})
	for _, d := range latest {
		if d.ID <= all[0].ID {
			t.Errorf("AfterID %d returned document %d", all[0].ID, d.ID)
		}
	}

	claims, err := s.Claims(ctx, sitrep.ClaimFilter{Kind: "accusation"})
	if err != nil || len(claims) == 0 {
		t.Fatalf("%d accusations, err %v", len(claims), err)
	}
	about := claims[0].Claim.About.ID
	byAbout, _ := s.Claims(ctx, sitrep.ClaimFilter{About: about})
	byActor, _ := s.Claims(ctx, sitrep.ClaimFilter{Actor: about})
	if len(byAbout) == 0 || len(byActor) < len(byAbout) {
		t.Errorf("claims about %s: %d, involving: %d", about, len(byAbout), len(byActor))
	}
	for _, c := range byAbout {
		if c.Claim.About.ID != about {
			t.Errorf("claim about %s in the list for %s", c.Claim.About.ID, about)
		}
	}

	actors, err := s.Actors(ctx)
	if err != nil || len(actors) == 0 {
		t.Fatalf("%d actors, err %v", len(actors), err)
	}
	for _, a := range actors {
		want := 0
		for i := range 40 {
			_, rec := synthDoc(i)
			if slices.ContainsFunc(rec.Actors, func(ra sitrep.RecordActor) bool { return ra.ID == a.ID }) {
				want++
			}
		}
		if a.Documents != want {
			t.Errorf("actor %s in %d documents, counted %d", a.ID, want, a.Documents)
		}
	}
	if !sort.SliceIsSorted(actors, func(i, j int) bool { return actors[i].Documents > actors[j].Documents }) {
		t.Error("actors not sorted by documents")
	}
}

func TestReplaceRecordAndPicture(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ids := filterCorpus(t, s)
	evs, _ := s.Events(ctx, sitrep.EventFilter{})
	docOf := map[string]int64{}
	for _, e := range evs {
		docOf[e.Event.ID] = e.DocID
	}
	err := s.SetEventClusters(ctx, []sitrep.EventCluster{
		{RowID: ids["b-e1"], Cluster: 7, Contested: true}, {RowID: ids["d-e1"], Cluster: 7}})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Events(ctx, sitrep.EventFilter{Cluster: 7}); !slices.Equal(eventIDs(got), []string{"b-e1", "d-e1"}) {
		t.Errorf("cluster 7: %v", eventIDs(got))
	}
	if got, _ := s.Events(ctx, sitrep.EventFilter{Contested: true, Actor: "afghan-taliban"}); !slices.Equal(eventIDs(got), []string{"b-e1"}) {
		t.Errorf("contested: %v", eventIDs(got))
	}
	if err := s.SetFamilies(ctx, []sitrep.DocFamily{{DocID: docOf["a-e1"], Family: 3}, {DocID: docOf["c-e1"], Family: 3}}); err != nil {
		t.Fatal(err)
	}
	if fam, _ := s.Documents(ctx, sitrep.DocumentFilter{Family: 3}); len(fam) != 2 {
		t.Errorf("family 3 has %d documents, want 2", len(fam))
	}

	// A better extraction of document b names the TTP instead of the Taliban.
	d, err := s.Document(ctx, docOf["b-e1"])
	if err != nil {
		t.Fatal(err)
	}
	rec := *d.Record
	rec.Events = rec.Events[:1]
	rec.Events[0].Actor2 = &sitrep.ActorRef{ID: "ttp", Name: "Tehrik-i-Taliban Pakistan"}
	if err := s.ReplaceRecord(ctx, d.ID, rec); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Events(ctx, sitrep.EventFilter{Actor: "afghan-taliban"}); !slices.Equal(eventIDs(got), []string{"d-e1"}) {
		t.Errorf("after replace, Taliban events: %v", eventIDs(got))
	}
	if got, _ := s.Events(ctx, sitrep.EventFilter{Actor: "ttp"}); !slices.Equal(eventIDs(got), []string{"b-e1", "a-e1"}) {
		t.Errorf("after replace, TTP events: %v", eventIDs(got))
	}
	actors, _ := s.Actors(ctx)
	counts := map[string]int{}
	for _, a := range actors {
		counts[a.ID] = a.Events
	}
	if counts["afghan-taliban"] != 1 || counts["ttp"] != 2 {
		t.Errorf("event counts after replace: %v", counts)
	}
	if err := s.ReplaceRecord(ctx, 12345, rec); !errors.Is(err, sitrep.ErrNotFound) {
		t.Errorf("replace of a missing document: %v", err)
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	filterCorpus(t, s)
	tests := []struct {
		name    string
		q       sitrep.SearchQuery
		hits    int
		snippet string // in the first hit
		bad     bool
	}{
		{"one word", sitrep.SearchQuery{Text: "ceasefire"}, 1, "**ceasefire**", false},
		{"stemmed", sitrep.SearchQuery{Text: "jet"}, 1, "**jets**", false},
		{"all terms required", sitrep.SearchQuery{Text: "market Kurram"}, 1, "**Kurram**", false},
		{"prefix", sitrep.SearchQuery{Text: "cease*"}, 1, "", false},
		{"diacritics folded", sitrep.SearchQuery{Text: "Spīn"}, 1, "", false},
		{"quote in user input", sitrep.SearchQuery{Text: `"Doha`}, 1, "**Doha**", false},
		{"unbalanced parenthesis", sitrep.SearchQuery{Text: `(ceasefire`}, 1, "**ceasefire**", false},
		{"operators are words in safe mode", sitrep.SearchQuery{Text: "Doha AND NOT OR"}, 0, "", false},
		{"column syntax is literal in safe mode", sitrep.SearchQuery{Text: "title:Doha"}, 0, "", false},
		{"punctuation only", sitrep.SearchQuery{Text: "(*)"}, 0, "", true},
		{"empty", sitrep.SearchQuery{Text: "   "}, 0, "", true},
		{"syntax: OR", sitrep.SearchQuery{Text: "Doha OR Barmal", Syntax: true}, 2, "", false},
		{"syntax: phrase", sitrep.SearchQuery{Text: `"agreed to a ceasefire"`, Syntax: true}, 1, "", false},
		{"syntax: unbalanced quote", sitrep.SearchQuery{Text: `"Doha`, Syntax: true}, 0, "", true},
		{"syntax: dangling operator", sitrep.SearchQuery{Text: "Doha AND", Syntax: true}, 0, "", true},
		{"syntax: unknown column", sitrep.SearchQuery{Text: "nosuch:Doha", Syntax: true}, 0, "", true},
		{"syntax: bad NEAR", sitrep.SearchQuery{Text: "NEAR(Doha", Syntax: true}, 0, "", true},
		{"syntax: leading minus", sitrep.SearchQuery{Text: "-Doha", Syntax: true}, 0, "", true},
		{"syntax: star alone", sitrep.SearchQuery{Text: "*", Syntax: true}, 0, "", true},
		{"minus is literal in safe mode", sitrep.SearchQuery{Text: "-Doha"}, 1, "**Doha**", false},
		{"custom marks", sitrep.SearchQuery{Text: "Barmal", Open: "<b>", Close: "</b>"}, 1, "<b>Barmal</b>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.Search(ctx, tt.q)
			if tt.bad {
				if !errors.Is(err, sitrep.ErrBadQuery) {
					t.Fatalf("err = %v, want ErrBadQuery", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != tt.hits {
				t.Fatalf("%d hits, want %d", len(hits), tt.hits)
			}
			if tt.snippet != "" && !strings.Contains(hits[0].Snippet, tt.snippet) {
				t.Errorf("snippet %q lacks %q", hits[0].Snippet, tt.snippet)
			}
		})
	}
}

func TestMigrationsFromEmptyAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	for round := range 3 {
		s, err := sqlite.Open(path)
		if err != nil {
			t.Fatalf("open %d: %v", round, err)
		}
		v, err := s.SchemaVersion(ctx)
		if want := sqlite.LatestVersion(t); err != nil || v != want {
			t.Errorf("open %d: schema version %d (err %v), want %d", round, v, err, want)
		}
		doc, rec := synthDoc(round)
		if _, added, err := s.PutDocument(ctx, doc, rec); err != nil || !added {
			t.Fatalf("open %d: put: added=%v err=%v", round, added, err)
		}
		if err := s.Check(ctx); err != nil {
			t.Error(err)
		}
		docs, _ := s.Documents(ctx, sitrep.DocumentFilter{})
		if len(docs) != round+1 {
			t.Errorf("open %d: %d documents kept, want %d", round, len(docs), round+1)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sqlite.Open(filepath.Join(t.TempDir(), "missing-dir", "x.db")); err == nil {
		t.Error("opening in a missing directory succeeded")
	}
	odd := filepath.Join(t.TempDir(), "a dir with spaces", "x?mode=memory#1%20.db")
	if err := os.MkdirAll(filepath.Dir(odd), 0o755); err != nil {
		t.Fatal(err)
	}
	if s, err := sqlite.Open(odd); err != nil {
		t.Errorf("open %q: %v", odd, err)
	} else {
		s.Close()
		if _, err := os.Stat(odd); err != nil {
			t.Errorf("the database is not at the path given: %v", err)
		}
	}
	junk := filepath.Join(filepath.Dir(path), "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database at all, just text. ", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.Open(junk); err == nil {
		t.Error("opening a file that is not a database succeeded")
	}
}

func TestOpenMemory(t *testing.T) {
	ctx := context.Background()
	a, err := sqlite.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := sqlite.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	doc, rec := synthDoc(3)
	if _, added, err := a.PutDocument(ctx, doc, rec); err != nil || !added {
		t.Fatalf("added=%v err=%v", added, err)
	}
	if docs, _ := b.Documents(ctx, sitrep.DocumentFilter{}); len(docs) != 0 {
		t.Error("two memory stores share their documents")
	}
	if hits, err := a.Search(ctx, sitrep.SearchQuery{Text: "killing"}); err != nil || len(hits) != 1 {
		t.Errorf("search in memory: %d hits, err %v", len(hits), err)
	}
	// A full listing reads records while the listing is open: with the
	// memory store's one connection that must not wait forever.
	done := make(chan error, 1)
	go func() {
		docs, err := a.Documents(ctx, sitrep.DocumentFilter{Full: true})
		if err == nil && (len(docs) != 1 || docs[0].Record == nil || len(docs[0].Record.Events) != len(rec.Events) || docs[0].Doc.Text != doc.Text) {
			err = fmt.Errorf("full listing: %+v", docs)
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("full listing of a memory store hangs")
	}
}

func TestPutDocumentsBatch(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	d0, r0 := synthDoc(10)
	d1, r1 := synthDoc(11)
	copyOf0 := d0
	copyOf0.ID, copyOf0.Text = "copy", "  "+strings.ReplaceAll(d0.Text, " ", "\n")
	res, err := s.PutDocuments(ctx, []sitrep.DocRecord{{Doc: d0, Record: r0}, {Doc: d1, Record: r1}, {Doc: copyOf0, Record: r0}})
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Added || !res[1].Added || res[2].Added || res[2].Doc.ID != res[0].Doc.ID {
		t.Errorf("batch results: %+v %+v %+v", res[0].Added, res[1].Added, res[2])
	}
	// A bad record in a batch leaves nothing of the batch behind.
	d2, r2 := synthDoc(12)
	d3, r3 := synthDoc(13)
	r3.Contract = 99
	if _, err := s.PutDocuments(ctx, []sitrep.DocRecord{{Doc: d2, Record: r2}, {Doc: d3, Record: r3}}); err == nil {
		t.Fatal("a record of an unknown contract was accepted")
	}
	docs, _ := s.Documents(ctx, sitrep.DocumentFilter{})
	if len(docs) != 2 {
		t.Errorf("%d documents after a failed batch, want 2", len(docs))
	}
	if hits, _ := s.Search(ctx, sitrep.SearchQuery{Text: `"Report 12"`, Syntax: true}); len(hits) != 0 {
		t.Error("the failed batch left its text in the full-text index")
	}
	if hits, _ := s.Search(ctx, sitrep.SearchQuery{Text: `"Report 11"`, Syntax: true}); len(hits) != 1 {
		t.Errorf("batch document not searchable: %d hits", len(hits))
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
}

func TestConcurrentFirstOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "race.db")
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := sqlite.Open(path)
			if err != nil {
				errs <- err
				return
			}
			errs <- s.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
