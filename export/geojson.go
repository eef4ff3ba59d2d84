package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// GeoJSONWriter streams rows as one RFC 7946 FeatureCollection of Point
// features. Write adds a feature; Close writes the closing brackets. Rows
// without usable coordinates are left out and counted (Skipped), so a caller
// can say how many events are not on the map.
type GeoJSONWriter struct {
	bw      *bufio.Writer
	buf     bytes.Buffer
	enc     *json.Encoder
	sb      strings.Builder
	started bool
	closed  bool
	written int
	skipped int
	err     error
}

// NewGeoJSONWriter returns a writer of one FeatureCollection to w.
func NewGeoJSONWriter(w io.Writer) *GeoJSONWriter {
	g := &GeoJSONWriter{bw: bufio.NewWriter(w)}
	g.enc = json.NewEncoder(&g.buf)
	g.enc.SetEscapeHTML(false)
	return g
}

// errClosed is returned by writes after Close.
var errClosed = errors.New("export: GeoJSON writer already closed")

// geoFeature is one event on the map. Actor names and ids are flat
// properties, because GIS tools style and filter by flat attributes.
type geoFeature struct {
	Type       string      `json:"type"`
	ID         string      `json:"id"`
	Geometry   geoPoint    `json:"geometry"`
	Properties geoProperty `json:"properties"`
}

type geoPoint struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"` // [longitude, latitude], RFC 7946 §3.1.1; encoding/json writes the shortest exact decimal
}

type geoProperty struct {
	SitrepID       string                 `json:"sitrep_id"`
	EventType      string                 `json:"event_type"`
	SubEventType   string                 `json:"sub_event_type"`
	DisorderType   string                 `json:"disorder_type,omitempty"`
	EventDate      *string                `json:"event_date"`
	TimePrecision  *int                   `json:"time_precision"`
	DateText       string                 `json:"date_text,omitempty"`
	Actor1         string                 `json:"actor1,omitempty"`
	Actor1ID       string                 `json:"actor1_id,omitempty"`
	AssocActor1    []string               `json:"assoc_actor_1"`
	Actor2         string                 `json:"actor2,omitempty"`
	Actor2ID       string                 `json:"actor2_id,omitempty"`
	AssocActor2    []string               `json:"assoc_actor_2"`
	Country        string                 `json:"country,omitempty"`
	CountryCode    string                 `json:"country_code,omitempty"`
	Admin1         string                 `json:"admin1,omitempty"`
	Admin2         string                 `json:"admin2,omitempty"`
	Location       string                 `json:"location,omitempty"`
	GeoPrecision   *int                   `json:"geo_precision"`
	Fatalities     *int                   `json:"fatalities"`
	FatalityClaims []sitrep.FatalityClaim `json:"fatality_claims"`
	Source         string                 `json:"source,omitempty"`
	Sources        []Source               `json:"sources"`
	Notes          string                 `json:"notes,omitempty"`
}

// Write adds the row as a feature, or counts it as skipped when it has no
// usable coordinates (missing, not finite, or outside ±90/±180).
func (g *GeoJSONWriter) Write(r Row) error {
	if g.err != nil {
		return g.err
	}
	if g.closed {
		return errClosed
	}
	lat, lon, ok := coords(&r.Event)
	if !ok {
		g.skipped++
		return nil
	}
	f := g.feature(&r, lat, lon)
	g.buf.Reset()
	if err := g.enc.Encode(f); err != nil {
		return err // this row cannot be encoded; the collection stays valid
	}
	if err := g.open(); err != nil {
		return err
	}
	if g.written > 0 {
		g.bw.WriteString(",\n")
	}
	g.bw.Write(bytes.TrimSuffix(g.buf.Bytes(), []byte{'\n'}))
	g.written++
	return nil
}

func (g *GeoJSONWriter) open() error {
	if !g.started {
		g.started = true
		if _, err := g.bw.WriteString(`{"type":"FeatureCollection","features":[` + "\n"); err != nil {
			g.err = err
		}
	}
	return g.err
}

// Flush writes out what is buffered. The output is a complete document only
// after Close.
func (g *GeoJSONWriter) Flush() error {
	if g.err != nil {
		return g.err
	}
	if err := g.bw.Flush(); err != nil {
		g.err = err
	}
	return g.err
}

// Close ends the FeatureCollection (an empty one when nothing was written)
// and flushes. It does not close the underlying writer.
func (g *GeoJSONWriter) Close() error {
	if g.closed {
		return g.err
	}
	if err := g.open(); err != nil {
		return err
	}
	g.closed = true
	if g.written > 0 {
		g.bw.WriteByte('\n')
	}
	g.bw.WriteString("]}\n")
	return g.Flush()
}

// Written is the number of features written so far.
func (g *GeoJSONWriter) Written() int { return g.written }

// Skipped is the number of rows left out for lack of coordinates.
func (g *GeoJSONWriter) Skipped() int { return g.skipped }

func (g *GeoJSONWriter) feature(r *Row, lat, lon float64) geoFeature {
	e := &r.Event
	p := geoProperty{
		SitrepID:       r.ID,
		EventType:      e.EventType,
		SubEventType:   e.SubEventType,
		DisorderType:   DisorderType(e.EventType, e.SubEventType),
		EventDate:      e.EventDate,
		TimePrecision:  e.TimePrecision,
		DateText:       e.DateText,
		AssocActor1:    names(e.AssocActor1),
		AssocActor2:    names(e.AssocActor2),
		Country:        e.Country,
		CountryCode:    e.CountryCode,
		Admin1:         e.Admin1,
		Admin2:         e.Admin2,
		Location:       e.Location,
		GeoPrecision:   e.GeoPrecision,
		Fatalities:     e.Fatalities,
		FatalityClaims: e.FatalityClaims,
		Source:         outlets(&g.sb, r.Sources),
		Sources:        r.Sources,
		Notes:          notesOf(&g.sb, e.Evidence),
	}
	if p.Sources == nil {
		p.Sources = []Source{}
	}
	if p.FatalityClaims == nil {
		p.FatalityClaims = []sitrep.FatalityClaim{}
	}
	if e.Actor1 != nil {
		p.Actor1, p.Actor1ID = e.Actor1.Name, e.Actor1.ID
	}
	if e.Actor2 != nil {
		p.Actor2, p.Actor2ID = e.Actor2.Name, e.Actor2.ID
	}
	return geoFeature{
		Type:       "Feature",
		ID:         r.ID,
		Geometry:   geoPoint{Type: "Point", Coordinates: [2]float64{lon, lat}},
		Properties: p,
	}
}

func names(as []sitrep.ActorRef) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Name
	}
	return out
}

// coords returns an event's coordinates when both are present and valid.
func coords(e *sitrep.Event) (lat, lon float64, ok bool) {
	if e.Latitude == nil || e.Longitude == nil {
		return 0, 0, false
	}
	lat, lon = *e.Latitude, *e.Longitude
	if math.IsNaN(lat) || math.IsNaN(lon) || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
		return 0, 0, false
	}
	return lat, lon, true
}
