package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
)

// FuzzCSVRoundTrip writes arbitrary strings into every kind of text field
// and reads the file back with encoding/csv: the file must parse with one
// header and one row of the right width, and every value must come back as
// written, apart from the documented spreadsheet guard, the \r\n → \n
// that CSV readers apply inside quoted cells, and the carriage returns
// encoding/csv drops when writing CRLF lines.
func FuzzCSVRoundTrip(f *testing.F) {
	f.Add("Kurram", "Military Forces of Pakistan", "a, \"b\"\nc", "=cmd|' /C calc'!A0", "", false)
	f.Add("", "", "", "", "", true)
	f.Add("\r\n", "\"", "-1", "@x", "Peşawar «Ураган» 喀布尔", false)
	f.Add("\xff\xfe", "\t=", "\r", "\x00", "'", true)
	f.Fuzz(func(t *testing.T, loc, actor, evidence, outlet, id string, crlf bool) {
		r := Row{
			ID: id,
			Event: sitrep.Event{
				EventType: "Battles", SubEventType: "Armed clash",
				Location: loc, Admin1: evidence, Actor1: &sitrep.ActorRef{ID: "a", Name: actor},
				AssocActor2: []sitrep.ActorRef{{Name: outlet}},
				Evidence:    []sitrep.Mention{{Text: evidence}},
			},
			Sources: []Source{{DocID: id, Outlet: outlet}},
		}
		for _, guard := range []bool{true, false} {
			var b bytes.Buffer
			w := NewCSVWriterOptions(&b, CSVOptions{NoFormulaGuard: !guard, CRLF: crlf})
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(&b).ReadAll()
			if err != nil {
				t.Fatalf("unreadable: %v\n%q", err, b.String())
			}
			if len(recs) != 2 || len(recs[1]) != len(CSVColumns()) {
				t.Fatalf("got %d records, widths %v", len(recs), widths(recs))
			}
			got := map[string]string{}
			for i, c := range recs[0] {
				got[c] = recs[1][i]
			}
			expect := func(s string) string {
				if guard && s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
					s = "'" + s
				}
				if crlf {
					return strings.ReplaceAll(s, "\r", "") // encoding/csv drops carriage returns in CRLF mode
				}
				return strings.ReplaceAll(s, "\r\n", "\n")
			}
			for col, in := range map[string]string{
				"location": loc, "actor1": actor, "admin1": evidence,
				"assoc_actor_1": "", "assoc_actor_2": outlet, "sitrep_id": id, "event_id_cnty": id,
			} {
				if got[col] != expect(in) {
					t.Errorf("guard=%v %s: wrote %q, read %q", guard, col, in, got[col])
				}
			}
			// JSON cells keep the exact text (invalid UTF-8 becomes U+FFFD,
			// as encoding/json always does).
			var ev []sitrep.Mention
			if err := json.Unmarshal([]byte(got["evidence"]), &ev); err != nil || len(ev) != 1 {
				t.Fatalf("evidence %q: %v", got["evidence"], err)
			}
			if want := strings.ToValidUTF8(evidence, "\ufffd"); ev[0].Text != want {
				t.Errorf("evidence text %q, want %q", ev[0].Text, want)
			}
		}
	})
}

func widths(recs [][]string) []int {
	var w []int
	for _, r := range recs {
		w = append(w, len(r))
	}
	return w
}

// benchRows is a batch of realistic rows: the hand-made record's events,
// repeated with distinct ids.
func benchRows(b *testing.B, n int) []Row {
	base := handRows(b)
	rows := make([]Row, n)
	for i := range rows {
		rows[i] = base[i%len(base)]
		rows[i].ID = fmt.Sprintf("doc-%d-e%d", i/len(base), i%len(base)+1)
	}
	return rows
}

func benchWriter(b *testing.B, write func(io.Writer, []Row) error) {
	rows := benchRows(b, 1000)
	var size int64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cw := &countWriter{}
		if err := write(cw, rows); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.ReportMetric(float64(len(rows))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(size)/float64(len(rows)), "bytes/row")
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func BenchmarkCSV(b *testing.B) {
	benchWriter(b, func(w io.Writer, rows []Row) error {
		c := NewCSVWriter(w)
		for _, r := range rows {
			if err := c.Write(r); err != nil {
				return err
			}
		}
		return c.Flush()
	})
}

func BenchmarkGeoJSON(b *testing.B) {
	benchWriter(b, func(w io.Writer, rows []Row) error {
		g := NewGeoJSONWriter(w)
		for _, r := range rows {
			if err := g.Write(r); err != nil {
				return err
			}
		}
		return g.Close()
	})
}

func BenchmarkJSONL(b *testing.B) {
	benchWriter(b, func(w io.Writer, rows []Row) error {
		j := NewJSONLWriter(w)
		for _, r := range rows {
			if err := j.Write(r); err != nil {
				return err
			}
		}
		return j.Flush()
	})
}
