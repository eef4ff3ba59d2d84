package web

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"testing"
)

// The province outlines are embedded data the map loads by country code:
// every code index.json lists must have its file, each a TopoJSON topology
// of named provinces, and together they must stay small enough to embed.

// topology is the part of a TopoJSON file the map reads.
type topology struct {
	Type      string `json:"type"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]int `json:"arcs"`
	Objects map[string]struct {
		Type       string `json:"type"`
		Geometries []struct {
			Type       string `json:"type"`
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"geometries"`
	} `json:"objects"`
}

const admin1Dir = "static/vendor/admin1"

// maxAdmin1Bytes bounds the embedded province outlines of all countries.
const maxAdmin1Bytes = 3_000_000

func admin1Index(t *testing.T) []string {
	t.Helper()
	b, err := staticFS.ReadFile(admin1Dir + "/index.json")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	if err := json.Unmarshal(b, &codes); err != nil {
		t.Fatalf("index.json: %v", err)
	}
	return codes
}

func readAdmin1(t *testing.T, code string) topology {
	t.Helper()
	b, err := staticFS.ReadFile(admin1Dir + "/" + code + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var topo topology
	if err := json.Unmarshal(b, &topo); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	return topo
}

func TestProvinceOutlinesIndex(t *testing.T) {
	codes := admin1Index(t)
	if len(codes) < 150 {
		t.Errorf("index.json lists %d countries, want most of the world's", len(codes))
	}
	if !slices.IsSorted(codes) {
		t.Error("index.json is not sorted")
	}
	alpha2 := regexp.MustCompile(`^[A-Z]{2}$`)
	listed := map[string]bool{}
	for _, c := range codes {
		if !alpha2.MatchString(c) {
			t.Errorf("index.json lists %q, not an ISO alpha-2 code", c)
		}
		listed[c] = true
	}
	// Every file is listed, and the files are all there is.
	entries, err := fs.ReadDir(staticFS, admin1Dir)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		total += int(info.Size())
		if name := e.Name(); name != "index.json" && !listed[name[:len(name)-len(".json")]] {
			t.Errorf("%s is not in index.json", name)
		}
	}
	if total > maxAdmin1Bytes {
		t.Errorf("province outlines weigh %d bytes, more than %d", total, maxAdmin1Bytes)
	}
	t.Logf("%d countries, %d bytes", len(codes), total)
}

func TestProvinceOutlinesFiles(t *testing.T) {
	for _, code := range admin1Index(t) {
		topo := readAdmin1(t, code)
		obj, ok := topo.Objects["provinces"]
		switch {
		case topo.Type != "Topology" || topo.Transform == nil || len(topo.Arcs) == 0:
			t.Errorf("%s: not a quantised topology with arcs", code)
		case !ok || obj.Type != "GeometryCollection" || len(obj.Geometries) < 2:
			t.Errorf("%s: no collection of provinces", code)
		}
		for _, g := range obj.Geometries {
			if g.Properties.Name == "" || (g.Type != "Polygon" && g.Type != "MultiPolygon") {
				t.Errorf("%s: a %s province named %q", code, g.Type, g.Properties.Name)
			}
		}
	}
}

// Countries whose conflicts the examples and seeds cover, with a province
// each must have (spelt as Natural Earth's edition spells it).
func TestProvinceOutlinesKnown(t *testing.T) {
	for _, tt := range []struct{ code, province string }{
		{"PK", "Punjab"}, {"PK", "Baluchistan"}, {"AF", "Kandahar"}, {"AF", "Nangarhar"},
		{"IQ", "Ninawa"}, {"SY", "Aleppo"}, {"UA", "Donets'k"}, {"SD", "North Darfur"},
		{"SS", "Upper Nile"}, {"US", "Texas"}, {"XK", "Prizren"},
	} {
		topo := readAdmin1(t, tt.code)
		var names []string
		for _, g := range topo.Objects["provinces"].Geometries {
			names = append(names, g.Properties.Name)
		}
		if !slices.Contains(names, tt.province) {
			t.Errorf("%s: no province %q in %q", tt.code, tt.province, names)
		}
	}
}

// The map data gives each event's country, which picks the outlines to load.
func TestMapDataCountry(t *testing.T) {
	s := newTestServer(t, "examples", Config{})
	res, body := get(t, s.Handler(), "/map/data.json")
	if res.StatusCode != 200 {
		t.Fatalf("GET /map/data.json: %d", res.StatusCode)
	}
	var data struct {
		Points []struct {
			Country string `json:"country"`
		} `json:"points"`
	}
	if err := json.Unmarshal([]byte(body), &data); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, c := range admin1Index(t) {
		listed[c] = true
	}
	outlined := 0
	for _, p := range data.Points {
		if listed[p.Country] {
			outlined++
		}
	}
	if len(data.Points) == 0 || outlined == 0 {
		t.Errorf("%d points, %d in a country with province outlines", len(data.Points), outlined)
	}
}
