package export

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/sitrep-dev/sitrep"
)

// JSONLWriter writes JSON Lines: either whole contract records (WriteRecord,
// exactly what `sitrep extract` writes) or one event per line (Write). HTML
// characters are not escaped, so quotes and "<" stay readable.
type JSONLWriter struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

// NewJSONLWriter returns a JSON Lines writer to w.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	j := &JSONLWriter{bw: bufio.NewWriter(w)}
	j.enc = json.NewEncoder(j.bw)
	j.enc.SetEscapeHTML(false)
	return j
}

// EventLine is one line of the event-per-line variant: the contract's event
// fields, plus the exported id and the event's sources.
type EventLine struct {
	SitrepID string `json:"sitrep_id"`
	sitrep.Event
	Sources []Source `json:"sources"`
}

// WriteRecord writes one contract record as one line.
func (j *JSONLWriter) WriteRecord(r sitrep.Record) error {
	return j.encode(r)
}

// Write writes one row as one event line. Missing lists are written as []
// rather than null, as the contract shows them.
func (j *JSONLWriter) Write(r Row) error {
	e := r.Event
	if e.AssocActor1 == nil {
		e.AssocActor1 = []sitrep.ActorRef{}
	}
	if e.AssocActor2 == nil {
		e.AssocActor2 = []sitrep.ActorRef{}
	}
	if e.FatalityClaims == nil {
		e.FatalityClaims = []sitrep.FatalityClaim{}
	}
	if e.Evidence == nil {
		e.Evidence = []sitrep.Mention{}
	}
	src := r.Sources
	if src == nil {
		src = []Source{}
	}
	return j.encode(EventLine{SitrepID: r.ID, Event: e, Sources: src})
}

// encode leaves nothing half-written: json.Encoder marshals the whole
// value before writing, and bufio.Writer keeps a write error for every later
// call, so a value that cannot be encoded (a NaN confidence) only loses its
// own line.
func (j *JSONLWriter) encode(v any) error { return j.enc.Encode(v) }

// Flush writes out buffered lines and reports any write error.
func (j *JSONLWriter) Flush() error { return j.bw.Flush() }

// Close is Flush (RowWriter).
func (j *JSONLWriter) Close() error { return j.Flush() }
