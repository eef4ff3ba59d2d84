// Package export writes sitrep's events in the formats other tools load:
// ACLED-shaped CSV, GeoJSON for maps, and JSON Lines, streaming row by row.
package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// Source is one report an exported event was read from.
type Source struct {
	DocID  string `json:"doc_id"`
	Outlet string `json:"outlet,omitempty"`
	URL    string `json:"url,omitempty"`
	// Published is the report's publication date as its record gives it
	// (YYYY-MM-DD, YYYY-MM or YYYY); empty when unknown.
	Published string `json:"published,omitempty"`
}

// ActorInfo is what the ACLED columns need to know about an actor beyond
// its name: its type decides the inter code, and a state actor outside its
// home country is an external force in ACLED's terms.
type ActorInfo struct {
	Type    sitrep.ActorType
	Country string // ISO 3166-1 alpha-2 home country; empty when unknown
}

// Row is one event to export, with where it was read from. It serves both a
// single document's events (RowsFromRecord) and events fused across
// documents, which bring several sources.
type Row struct {
	// ID is the exported event's identifier (the sitrep_id column): the
	// record's event id, or a picture event's id.
	ID      string
	Event   sitrep.Event
	Sources []Source
	// Actors describes actors by id. Only Event.Actor1 and Event.Actor2 are
	// looked up; an actor missing here leaves its inter code empty.
	Actors map[string]ActorInfo
	// Tags fill ACLED's tags column, joined by "; ".
	Tags []string
	// Updated fills ACLED's timestamp column (Unix seconds); zero leaves it
	// empty.
	Updated time.Time
}

// RowsFromRecord turns one document record into rows, one per event, each
// citing the document as its only source. Events without an id get
// "<record id>-e<n>" so every row can be told apart. The rows share one
// actor map built from the record; treat it as read-only.
func RowsFromRecord(r sitrep.Record) []Row {
	if len(r.Events) == 0 {
		return nil
	}
	actors := make(map[string]ActorInfo, len(r.Actors))
	for _, a := range r.Actors {
		actors[a.ID] = ActorInfo{Type: a.Type, Country: a.Country}
	}
	src := Source{DocID: r.ID, Outlet: r.Outlet, URL: r.URL}
	if r.Published != nil {
		src.Published = *r.Published
	}
	rows := make([]Row, len(r.Events))
	for i, e := range r.Events {
		id := e.ID
		if id == "" {
			id = r.ID + "-e" + strconv.Itoa(i+1)
		}
		// A slice per row with len == cap, so a caller appending to one
		// row's sources never writes into another's.
		rows[i] = Row{ID: id, Event: e, Sources: []Source{src}, Actors: actors}
	}
	return rows
}

// RowWriter is what every export format offers, so a command can pick one
// by name: Write adds a row, Close finishes the output (closing brackets,
// buffered bytes) without closing the underlying writer.
type RowWriter interface {
	Write(Row) error
	Close() error
}

// Formats are the names NewWriter accepts.
var Formats = []string{"csv", "geojson", "jsonl"}

// NewWriter returns the writer of one format: "csv" (ACLED columns, default
// options), "geojson" (rows without coordinates are left out; see
// GeoJSONWriter.Skipped) or "jsonl" (one event per line).
func NewWriter(format string, w io.Writer) (RowWriter, error) {
	switch strings.ToLower(format) {
	case "csv":
		return NewCSVWriter(w), nil
	case "geojson":
		return NewGeoJSONWriter(w), nil
	case "jsonl":
		return NewJSONLWriter(w), nil
	}
	return nil, fmt.Errorf("export: unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// ReportRow is one document's stored event as a row citing src, its
// document: the record's event id (or one made of the store ids), tagged
// with its picture event and whether it is contested.
func ReportRow(e sitrep.StoredEvent, src Source, actors map[string]ActorInfo) Row {
	if e.Published != "" {
		src.Published = e.Published
	}
	id := e.Event.ID
	if id == "" {
		id = "doc" + strconv.FormatInt(e.DocID, 10) + "-e" + strconv.FormatInt(e.RowID, 10)
	}
	var tags []string
	if e.Cluster != 0 {
		tags = append(tags, "picture event "+strconv.FormatInt(e.Cluster, 10))
	}
	if e.Contested {
		tags = append(tags, "contested")
	}
	return Row{ID: id, Event: e.Event, Sources: []Source{src}, Actors: actors, Tags: tags}
}
