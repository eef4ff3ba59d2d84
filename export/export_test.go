package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/internal/golden"
)

func ptr[T any](v T) *T { return &v }

// handRecord is a record written for these tests: a made-up report on a
// border fight, a protest, a strike on a market and an undated, unplaced
// statement, with the awkward text exports have to survive.
func handRecord() sitrep.Record {
	return sitrep.Record{
		Contract:        sitrep.ContractVersion,
		ID:              "report-7",
		Title:           "Fighting, protests & a strike",
		Outlet:          "Frontier Post Wire",
		URL:             "https://www.example.org/news/7?a=1&b=2",
		Published:       ptr("2025-03-09"),
		PublishedSource: sitrep.PublishedInput,
		Actors: []sitrep.RecordActor{
			{ID: "pakistan-military", Name: "Military Forces of Pakistan", Type: sitrep.ActorState, Country: "PK"},
			{ID: "ttp", Name: "Tehrik-i-Taliban Pakistan", Type: sitrep.ActorArmedGroup, Country: "PK"},
			{ID: "civilians-af", Name: "Civilians (Afghanistan)", Type: sitrep.ActorCivilians, Country: "AF"},
			{ID: "traders-union", Name: "Quetta Traders' Union", Type: sitrep.ActorOrganisation, Country: "PK"},
			{ID: "police-pk", Name: "Police Forces of Pakistan", Type: sitrep.ActorState, Country: "PK"},
		},
		Events: []sitrep.Event{
			{
				ID: "report-7-e1", EventType: "Battles", SubEventType: "Armed clash",
				EventDate: ptr("2025-03-08"), TimePrecision: ptr(1), DateText: "on Saturday",
				Actor1:      &sitrep.ActorRef{ID: "pakistan-military", Name: "Military Forces of Pakistan"},
				Actor2:      &sitrep.ActorRef{ID: "ttp", Name: "Tehrik-i-Taliban Pakistan"},
				AssocActor1: []sitrep.ActorRef{}, AssocActor2: []sitrep.ActorRef{},
				Country: "Pakistan", CountryCode: "PK", Admin1: "Khyber Pakhtunkhwa", Admin2: "Kurram",
				Location: "Parachinar", Latitude: ptr(33.8992), Longitude: ptr(70.1008), GeoPrecision: ptr(1),
				Fatalities: ptr(7),
				FatalityClaims: []sitrep.FatalityClaim{{
					Count: ptr(7), Qualifier: "at least", Victims: "militants",
					Claimant: &sitrep.ActorRef{ID: "pakistan-military", Name: "Military Forces of Pakistan"},
					Mention:  sitrep.Mention{Start: 40, End: 60, Text: "at least seven militants"},
				}},
				Evidence: []sitrep.Mention{{Start: 0, End: 96,
					Text: `The army said "at least seven militants" died near Parachinar, Kurram, on Saturday; two posts were retaken.`}},
				Confidence: 0.8,
			},
			{
				ID: "report-7-e2", EventType: "Protests", SubEventType: "Peaceful protest",
				EventDate: ptr("2025-03-03"), TimePrecision: ptr(2), DateText: "last week",
				Actor1:      &sitrep.ActorRef{ID: "traders-union", Name: "Quetta Traders' Union"},
				AssocActor1: []sitrep.ActorRef{{ID: "x-shopkeepers", Name: "Shopkeepers"}, {ID: "x-drivers", Name: "Drivers, truck"}},
				Country:     "Pakistan", CountryCode: "PK", Admin1: "Balochistan",
				Location: "Quetta", Latitude: ptr(30.1798), Longitude: ptr(66.975), GeoPrecision: ptr(1),
				Fatalities: ptr(0),
				Evidence: []sitrep.Mention{
					{Start: 120, End: 180, Text: "=HYPERLINK(\"http://evil.example\",\"click\") was chanted by none;"},
					{Start: 181, End: 240, Text: "Traders in Quetta shut shops,\nmarching to the press club —\t«no more taxes»."},
				},
				Confidence: 0.6,
			},
			{
				ID: "report-7-e3", EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
				EventDate: ptr("2025-03-01"), TimePrecision: ptr(3), DateText: "early March",
				Actor1:  &sitrep.ActorRef{ID: "pakistan-military", Name: "Military Forces of Pakistan"},
				Actor2:  &sitrep.ActorRef{ID: "civilians-af", Name: "Civilians (Afghanistan)"},
				Country: "Afghanistan", CountryCode: "AF", Admin1: "Paktika", Admin2: "Barmal",
				Location: "Barmal", Latitude: ptr(32.7), Longitude: ptr(69.25), GeoPrecision: ptr(2),
				Fatalities: nil,
				FatalityClaims: []sitrep.FatalityClaim{
					{Count: ptr(20), CountMax: ptr(25), Qualifier: "range", Victims: "villagers",
						Mention: sitrep.Mention{Start: 300, End: 320, Text: "20 to 25 villagers"}},
					{Count: ptr(4), Qualifier: "exact", Victims: "children", Injured: true,
						Mention: sitrep.Mention{Start: 330, End: 345, Text: "four children hurt"}},
				},
				Evidence: []sitrep.Mention{{Start: 290, End: 360,
					Text: "-20 °C nights followed the strike on Barmal's bazaar, where 20 to 25 villagers died — Kabul says."}},
				Confidence: 0.7,
			},
			{
				ID: "report-7-e4", EventType: "Strategic developments", SubEventType: "Other",
				Actor1:     &sitrep.ActorRef{ID: "ttp", Name: "Tehrik-i-Taliban Pakistan"},
				Fatalities: ptr(0),
				Evidence:   []sitrep.Mention{{Start: 400, End: 440, Text: "@TTP announced a new “commission”."}},
				Confidence: 0.4,
			},
			{
				// No id: RowsFromRecord must make one. Coordinates out of
				// range: GeoJSON must leave it out.
				EventType: "Violence against civilians", SubEventType: "Abduction/forced disappearance",
				Actor1:  &sitrep.ActorRef{ID: "x-gunmen", Name: "Unidentified Armed Group (Pakistan)"},
				Actor2:  &sitrep.ActorRef{ID: "x-engineers", Name: "Chinese engineers"},
				Country: "Pakistan", Latitude: ptr(95.0), Longitude: ptr(70.0), GeoPrecision: ptr(3),
				Fatalities: ptr(0),
				Evidence:   []sitrep.Mention{{Start: 500, End: 540, Text: "+2 engineers were taken, police said."}},
			},
		},
		Claims:   []sitrep.Claim{},
		Warnings: []string{},
	}
}

func handRows(t testing.TB) []Row {
	rows := RowsFromRecord(handRecord())
	// A second source, as a fused event would bring, with an outlet known
	// only by its URL; tags and a timestamp as a store would add them.
	rows[0].Sources = append(rows[0].Sources, Source{DocID: "report-9", URL: "https://news.example.com/a", Published: "2025-03-10"},
		Source{DocID: "report-12", Outlet: "Frontier Post Wire"})
	rows[0].Tags = []string{"border", "casualties disputed"}
	rows[0].Updated = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	return rows
}

func TestGolden(t *testing.T) {
	rows := handRows(t)
	tests := []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"events.csv", func(b *bytes.Buffer) error {
			w := NewCSVWriter(b)
			for _, r := range rows {
				if err := w.Write(r); err != nil {
					return err
				}
			}
			return w.Flush()
		}},
		{"events-numeric-inter.csv", func(b *bytes.Buffer) error {
			w := NewCSVWriterOptions(b, CSVOptions{NumericInter: true})
			for _, r := range rows {
				if err := w.Write(r); err != nil {
					return err
				}
			}
			return w.Flush()
		}},
		{"events.geojson", func(b *bytes.Buffer) error {
			w := NewGeoJSONWriter(b)
			for _, r := range rows {
				if err := w.Write(r); err != nil {
					return err
				}
			}
			return w.Close()
		}},
		{"events.jsonl", func(b *bytes.Buffer) error {
			w := NewJSONLWriter(b)
			for _, r := range rows {
				if err := w.Write(r); err != nil {
					return err
				}
			}
			return w.Flush()
		}},
		{"records.jsonl", func(b *bytes.Buffer) error {
			w := NewJSONLWriter(b)
			if err := w.WriteRecord(handRecord()); err != nil {
				return err
			}
			return w.Flush()
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, tc.file, b.Bytes())
		})
	}
}

// readCSV reads an export back with encoding/csv, keyed by column name.
func readCSV(t testing.TB, data []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("export is not readable CSV: %v", err)
	}
	if len(recs) == 0 {
		t.Fatal("no header")
	}
	if !reflect.DeepEqual(recs[0], CSVColumns()) {
		t.Fatalf("header = %v", recs[0])
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, c := range recs[0] {
			m[c] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func writeCSV(t testing.TB, o CSVOptions, rows ...Row) []byte {
	t.Helper()
	var b bytes.Buffer
	w := NewCSVWriterOptions(&b, o)
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCSVColumnsFollowACLED(t *testing.T) {
	cols := CSVColumns()
	if len(cols) != 35 || cols[0] != "event_id_cnty" || cols[30] != "timestamp" || cols[31] != "sitrep_id" || cols[34] != "sources" {
		t.Fatalf("columns = %v", cols)
	}
	// CSVColumns hands out a copy: a caller editing it cannot change the export.
	cols[0] = "changed"
	if CSVColumns()[0] != "event_id_cnty" {
		t.Fatal("CSVColumns shares its slice")
	}
}

func TestCSVRoundTrip(t *testing.T) {
	rows := handRows(t)
	got := readCSV(t, writeCSV(t, CSVOptions{NoFormulaGuard: true}, rows...))
	if len(got) != len(rows) {
		t.Fatalf("%d rows read back, want %d", len(got), len(rows))
	}
	for i, r := range rows {
		g, e := got[i], r.Event
		str := func(p *string) string {
			if p == nil {
				return ""
			}
			return *p
		}
		name := func(a *sitrep.ActorRef) string {
			if a == nil {
				return ""
			}
			return a.Name
		}
		checks := map[string]string{
			"event_id_cnty": r.ID, "sitrep_id": r.ID, "event_date": str(e.EventDate),
			"event_type": e.EventType, "sub_event_type": e.SubEventType,
			"actor1": name(e.Actor1), "actor2": name(e.Actor2),
			"admin1": e.Admin1, "admin2": e.Admin2, "location": e.Location,
			"fatalities": optInt(e.Fatalities), "geo_precision": optInt(e.GeoPrecision),
			"time_precision": optInt(e.TimePrecision),
		}
		for col, want := range checks {
			if g[col] != want {
				t.Errorf("row %d %s = %q, want %q", i, col, g[col], want)
			}
		}
		var ev []sitrep.Mention
		if err := json.Unmarshal([]byte(g["evidence"]), &ev); err != nil || !reflect.DeepEqual(ev, e.Evidence) {
			t.Errorf("row %d evidence = %s (%v), want %+v", i, g["evidence"], err, e.Evidence)
		}
		var fc []sitrep.FatalityClaim
		want := e.FatalityClaims
		if want == nil {
			want = []sitrep.FatalityClaim{}
		}
		if err := json.Unmarshal([]byte(g["fatality_claims"]), &fc); err != nil || !reflect.DeepEqual(fc, want) {
			t.Errorf("row %d fatality_claims = %s (%v)", i, g["fatality_claims"], err)
		}
		var src []Source
		if err := json.Unmarshal([]byte(g["sources"]), &src); err != nil || !reflect.DeepEqual(src, r.Sources) {
			t.Errorf("row %d sources = %s (%v), want %+v", i, g["sources"], err, r.Sources)
		}
	}
}

func TestCSVCells(t *testing.T) {
	rows := handRows(t)
	got := readCSV(t, writeCSV(t, CSVOptions{}, rows...))
	tests := []struct {
		row       int
		col, want string
	}{
		// ACLED columns derived from what sitrep knows.
		{0, "year", "2025"},
		{0, "disorder_type", "Political violence"},
		{0, "inter1", "State forces"},
		{0, "inter2", ""}, // an armed group may be a rebel group or a militia: not guessed
		{0, "interaction", ""},
		{0, "iso", "586"},
		{0, "region", "South Asia"},
		{0, "latitude", "33.8992"},
		{0, "longitude", "70.1008"},
		{0, "source", "Frontier Post Wire; news.example.com"},
		{0, "tags", "border; casualties disputed"},
		{0, "timestamp", "1741608000"},
		{0, "civilian_targeting", ""},
		{1, "disorder_type", "Demonstrations"},
		{1, "inter1", "Protesters"}, // the union leads a crowd: ACLED codes the crowd
		{1, "interaction", "Protesters only"},
		{1, "assoc_actor_1", "Shopkeepers; Drivers, truck"},
		{1, "fatalities", "0"},
		{2, "inter1", "External/Other forces"}, // Pakistan's military striking in Afghanistan
		{2, "inter2", "Civilians"},
		{2, "interaction", "External/Other forces-Civilians"},
		{2, "civilian_targeting", "Civilian targeting"},
		{2, "iso", "4"},
		{2, "fatalities", ""}, // deaths reported without a figure stay unknown, not 0
		{2, "notes", "'-20 °C nights followed the strike on Barmal's bazaar, where 20 to 25 villagers died — Kabul says."},
		{3, "event_date", ""},
		{3, "year", ""},
		{3, "country", ""},
		{3, "iso", ""},
		{3, "disorder_type", "Strategic developments"},
		{3, "notes", "'@TTP announced a new “commission”."},
		{4, "sitrep_id", "report-7-e5"},
		{4, "inter2", "Civilians"}, // the target of violence against civilians
		{4, "civilian_targeting", "Civilian targeting"},
		{4, "iso", "586"},   // found by country name without a code
		{4, "latitude", ""}, // out of range: no coordinates rather than wrong ones
		{4, "longitude", ""},
	}
	for _, tc := range tests {
		if g := got[tc.row][tc.col]; g != tc.want {
			t.Errorf("row %d %s = %q, want %q", tc.row, tc.col, g, tc.want)
		}
	}
}

func TestFormulaGuard(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"=1+1", "'=1+1"},
		{"+44 20 7946 0000", "'+44 20 7946 0000"},
		{"-2 killed", "'-2 killed"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"Kabul =1", "Kabul =1"},
		{"'quoted'", "'quoted'"},
		{"", ""},
		{"＝fullwidth", "＝fullwidth"},
	}
	for _, tc := range tests {
		r := Row{ID: "x", Event: sitrep.Event{Location: tc.in, Latitude: ptr(-33.5), Longitude: ptr(-70.6)}}
		got := readCSV(t, writeCSV(t, CSVOptions{}, r))[0]
		if got["location"] != tc.want {
			t.Errorf("guarded %q = %q, want %q", tc.in, got["location"], tc.want)
		}
		// Numbers sitrep writes itself are never touched.
		if got["latitude"] != "-33.5" || got["longitude"] != "-70.6" {
			t.Errorf("coordinates changed: %q %q", got["latitude"], got["longitude"])
		}
		raw := readCSV(t, writeCSV(t, CSVOptions{NoFormulaGuard: true}, r))[0]
		if raw["location"] != tc.in {
			t.Errorf("unguarded %q = %q", tc.in, raw["location"])
		}
	}
}

func TestCSVText(t *testing.T) {
	tests := []string{
		"Quetta, Balochistan",
		`He said "they fired first", then left.`,
		"line one\nline two",
		"Peşawar — 10 km from the Durand Line; «Ураган» rockets; 喀布尔; 🚀",
		"trailing space ",
		"\"\"",
		"a\r\nb",
	}
	for _, s := range tests {
		r := Row{ID: "id,with \"quotes\"", Event: sitrep.Event{
			Location: s, Evidence: []sitrep.Mention{{Start: 0, End: 1, Text: s}}}}
		for _, crlf := range []bool{false, true} {
			got := readCSV(t, writeCSV(t, CSVOptions{CRLF: crlf}, r))[0]
			// encoding/csv reads \r\n inside a quoted cell as \n (RFC 4180
			// line breaks); everything else comes back byte for byte.
			want := strings.ReplaceAll(s, "\r\n", "\n")
			if got["location"] != want || got["notes"] != strings.TrimSpace(want) || got["sitrep_id"] != r.ID {
				t.Errorf("crlf=%v %q came back as %q / %q", crlf, s, got["location"], got["notes"])
			}
			var ev []sitrep.Mention
			if err := json.Unmarshal([]byte(got["evidence"]), &ev); err != nil || ev[0].Text != s {
				t.Errorf("evidence of %q came back as %s (%v)", s, got["evidence"], err)
			}
		}
	}
}

func TestCSVEmptyAndBOM(t *testing.T) {
	got := writeCSV(t, CSVOptions{})
	if want := strings.Join(CSVColumns(), ",") + "\n"; string(got) != want {
		t.Errorf("no rows: %q, want the header only", got)
	}
	got = writeCSV(t, CSVOptions{BOM: true, CRLF: true}, Row{ID: "a"})
	if !bytes.HasPrefix(got, []byte("\ufeffevent_id_cnty,")) || !bytes.HasSuffix(got, []byte("\r\n")) {
		t.Errorf("BOM/CRLF output starts %q ends %q", got[:20], got[len(got)-4:])
	}
}

func TestGeoJSON(t *testing.T) {
	rows := handRows(t)
	var b bytes.Buffer
	w := NewGeoJSONWriter(&b)
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	// NaN coordinates are no coordinates.
	if err := w.Write(Row{ID: "nan", Event: sitrep.Event{Latitude: ptr(math.NaN()), Longitude: ptr(1.0)}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rows[0]); err == nil {
		t.Error("Write after Close succeeded")
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Type     string `json:"type"`
			ID       string `json:"id"`
			Geometry struct {
				Type        string    `json:"type"`
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b.Bytes(), &fc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b.Bytes())
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 3 || w.Written() != 3 {
		t.Fatalf("type %q with %d features (Written %d)", fc.Type, len(fc.Features), w.Written())
	}
	// Without coordinates (report-7-e4), out of range (e5) and NaN: 3 left out.
	if w.Skipped() != 3 {
		t.Errorf("Skipped = %d, want 3", w.Skipped())
	}
	f := fc.Features[0]
	if f.Type != "Feature" || f.ID != "report-7-e1" || f.Geometry.Type != "Point" {
		t.Errorf("feature = %+v", f)
	}
	if c := f.Geometry.Coordinates; len(c) != 2 || c[0] != 70.1008 || c[1] != 33.8992 {
		t.Errorf("coordinates = %v, want [lon 70.1008, lat 33.8992]", c)
	}
	p := f.Properties
	if p["event_type"] != "Battles" || p["actor1"] != "Military Forces of Pakistan" || p["actor2_id"] != "ttp" ||
		p["fatalities"] != 7.0 || p["geo_precision"] != 1.0 || p["location"] != "Parachinar" || p["event_date"] != "2025-03-08" {
		t.Errorf("properties = %v", p)
	}
	if src, _ := p["sources"].([]any); len(src) != 3 {
		t.Errorf("sources = %v", p["sources"])
	}
	if p := fc.Features[2].Properties; p["fatalities"] != nil || p["event_type"] != "Explosions/Remote violence" {
		t.Errorf("unknown fatalities should be null: %v", p["fatalities"])
	}
}

func TestGeoJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	w := NewGeoJSONWriter(&b)
	if err := w.Write(Row{ID: "no place"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var fc map[string]any
	if err := json.Unmarshal(b.Bytes(), &fc); err != nil {
		t.Fatalf("%v: %s", err, b.Bytes())
	}
	if fs, ok := fc["features"].([]any); !ok || len(fs) != 0 || w.Skipped() != 1 {
		t.Errorf("empty collection = %s, skipped %d", b.Bytes(), w.Skipped())
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestJSONL(t *testing.T) {
	rows := handRows(t)
	var b bytes.Buffer
	w := NewJSONLWriter(&b)
	bad := Row{ID: "bad", Event: sitrep.Event{Confidence: math.NaN()}}
	if err := w.Write(bad); err == nil {
		t.Error("NaN confidence encoded")
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(rows) {
		t.Fatalf("%d lines, want %d (a failed row must not leave half a line)", len(lines), len(rows))
	}
	for i, l := range lines {
		var got EventLine
		if err := json.Unmarshal([]byte(l), &got); err != nil {
			t.Fatal(err)
		}
		if got.SitrepID != rows[i].ID || got.EventType != rows[i].Event.EventType || len(got.Sources) != len(rows[i].Sources) {
			t.Errorf("line %d = %s", i, l)
		}
		if got.AssocActor2 == nil || got.FatalityClaims == nil {
			t.Errorf("line %d: lists must be [] not null: %s", i, l)
		}
	}
	if !strings.Contains(lines[1], `=HYPERLINK(\"http://evil.example\",\"click\")`) || strings.Contains(lines[0], `\u0026`) {
		t.Errorf("HTML characters escaped: %s", lines[1])
	}

	b.Reset()
	w = NewJSONLWriter(&b)
	if err := w.WriteRecord(handRecord()); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	var back sitrep.Record
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || !reflect.DeepEqual(back, handRecord()) {
		t.Errorf("record did not round-trip (%v)", err)
	}
}

func TestRowsFromRecord(t *testing.T) {
	rec := handRecord()
	rows := RowsFromRecord(rec)
	if len(rows) != len(rec.Events) {
		t.Fatalf("%d rows", len(rows))
	}
	wantIDs := []string{"report-7-e1", "report-7-e2", "report-7-e3", "report-7-e4", "report-7-e5"}
	for i, r := range rows {
		if r.ID != wantIDs[i] {
			t.Errorf("row %d id %q, want %q", i, r.ID, wantIDs[i])
		}
		want := []Source{{DocID: "report-7", Outlet: "Frontier Post Wire", URL: "https://www.example.org/news/7?a=1&b=2", Published: "2025-03-09"}}
		if !reflect.DeepEqual(r.Sources, want) {
			t.Errorf("row %d sources %+v", i, r.Sources)
		}
	}
	if a := rows[0].Actors["civilians-af"]; a.Type != sitrep.ActorCivilians || a.Country != "AF" {
		t.Errorf("actor info %+v", a)
	}
	rows[0].Sources = append(rows[0].Sources, Source{DocID: "other"})
	if rows[1].Sources[0].DocID != "report-7" || len(rows[1].Sources) != 1 {
		t.Error("appending to one row's sources changed another row")
	}
	if RowsFromRecord(sitrep.Record{ID: "empty"}) != nil {
		t.Error("a record without events gives rows")
	}
	rec.Published = nil
	if s := RowsFromRecord(rec)[0].Sources[0]; s.Published != "" {
		t.Errorf("published %q for an undated record", s.Published)
	}
}

// Every writer hands bytes to the underlying writer as it goes, so 100,000
// events never sit in memory; and every format is reachable by name.
func TestWritersStream(t *testing.T) {
	rows := handRows(t)
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var out bytes.Buffer
			w, err := NewWriter(format, &out)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 200; i++ {
				if err := w.Write(rows[i%3]); err != nil {
					t.Fatal(err)
				}
			}
			if out.Len() == 0 {
				t.Error("nothing reached the writer before Close")
			}
			before := out.Len()
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if before >= out.Len() {
				t.Error("Close wrote nothing more")
			}
			if format == "geojson" {
				var v map[string]any
				if err := json.Unmarshal(out.Bytes(), &v); err != nil {
					t.Error(err)
				}
			}
		})
	}
	if _, err := NewWriter("xlsx", io.Discard); err == nil {
		t.Error("unknown format accepted")
	}
}
