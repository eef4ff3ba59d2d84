package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// record is one JSON Lines input line. ID is raw so that numeric ids work too.
type record struct {
	ID        json.RawMessage `json:"id"`
	Text      *string         `json:"text"`
	Published string          `json:"published"`
	Title     string          `json:"title"`
	URL       string          `json:"url"`
	Outlet    string          `json:"outlet"`
}

// ReadJSONL reads a JSON Lines batch: one object {"id", "text", "published"?,
// "title"?, "url"?, "outlet"?} per line, published being YYYY-MM-DD or RFC 3339.
// The text is kept exactly as given (offsets point into it). Blank lines are
// ignored; a bad line goes to skip as an *Error naming name and the line
// number, and reading goes on. Only an error from emit, or a read error of r
// (also passed to skip), ends the batch early; the former is returned.
func ReadJSONL(r io.Reader, name string, opt Options, emit func(sitrep.Document) error, skip func(name string, err error)) error {
	if skip == nil {
		skip = func(string, error) {}
	}
	maxText := opt.maxBytes()
	// JSON escapes can make a line several times longer than its text.
	maxLine := 6*maxText + 64<<10
	br := bufio.NewReaderSize(r, 64<<10)
	seen := map[string]int{}
	var buf []byte
	for lineNo := 1; ; lineNo++ {
		line, tooLong, err := readLine(br, buf[:0], maxLine)
		buf = line
		if len(line) == 0 && err != nil {
			if err != io.EOF {
				skip(name, &Error{Name: name, Line: lineNo, Err: err})
			}
			return nil
		}
		if tooLong {
			skip(name, refuse(name, lineNo, ErrTooLarge, "line longer than %d bytes", maxLine))
		} else if doc, rerr := parseRecord(line, name, lineNo, maxText, seen); rerr != nil {
			if rerr != errBlank {
				skip(name, rerr)
			}
		} else if err := emit(doc); err != nil {
			return err
		}
		if err != nil {
			if err != io.EOF {
				skip(name, &Error{Name: name, Line: lineNo + 1, Err: err})
			}
			return nil
		}
	}
}

var errBlank = errors.New("blank line")

// readLine reads one line without its end into buf. A line longer than max is
// consumed but not kept, so one huge line costs no memory.
func readLine(br *bufio.Reader, buf []byte, max int64) (line []byte, tooLong bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(buf)+len(frag)) > max+2 {
				tooLong, buf = true, buf[:0]
			} else {
				buf = append(buf, frag...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if tooLong {
			buf = append(buf[:0], ' ') // non-empty so the caller does not see EOF
		}
		buf = bytes.TrimSuffix(buf, []byte{'\n'})
		buf = bytes.TrimSuffix(buf, []byte{'\r'})
		return buf, tooLong, err
	}
}

func parseRecord(line []byte, name string, lineNo int, maxText int64, seen map[string]int) (sitrep.Document, error) {
	if lineNo == 1 {
		line = bytes.TrimPrefix(line, utf8BOM)
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return sitrep.Document{}, errBlank
	}
	// encoding/json would silently turn bad bytes into U+FFFD.
	if !utf8.Valid(line) {
		return sitrep.Document{}, refuse(name, lineNo, ErrEncoding, "invalid UTF-8 at byte %d of the line", invalidAt(line))
	}
	var rec record
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&rec); err != nil {
		return sitrep.Document{}, refuse(name, lineNo, ErrBadLine, "%s", jsonProblem(err))
	}
	if dec.More() {
		return sitrep.Document{}, refuse(name, lineNo, ErrBadLine, "more than one JSON value on the line")
	}
	id, err := recordID(rec.ID)
	if err != nil {
		return sitrep.Document{}, refuse(name, lineNo, ErrBadLine, "%s", err)
	}
	if first, dup := seen[id]; dup {
		return sitrep.Document{}, refuse(name, lineNo, ErrBadLine, "id %q already used on line %d", id, first)
	}
	seen[id] = lineNo
	if rec.Text == nil {
		return sitrep.Document{}, refuse(name, lineNo, ErrBadLine, "missing \"text\" (id %q)", id)
	}
	text := *rec.Text
	if int64(len(text)) > maxText {
		return sitrep.Document{}, refuse(name, lineNo, ErrTooLarge, "text of id %q has %d bytes, limit %d", id, len(text), maxText)
	}
	if strings.TrimSpace(text) == "" {
		return sitrep.Document{}, refuse(name, lineNo, ErrEmpty, "text of id %q is empty", id)
	}
	if e := checkText([]byte(text), name, lineNo); e != nil {
		e.Detail += " (id " + id + ")"
		return sitrep.Document{}, e
	}
	doc := sitrep.Document{
		ID:              id,
		Text:            text,
		Title:           strings.TrimSpace(rec.Title),
		URL:             strings.TrimSpace(rec.URL),
		Outlet:          strings.TrimSpace(rec.Outlet),
		PublishedSource: sitrep.PublishedNone,
	}
	if p := strings.TrimSpace(rec.Published); p != "" {
		t, err := ParseInputDate(p)
		if err != nil {
			return sitrep.Document{}, refuse(name, lineNo, ErrBadLine, "published %q of id %q: want YYYY-MM-DD or RFC 3339", p, id)
		}
		doc.Published = t
		doc.PublishedGranularity = sitrep.GranularityDay
		doc.PublishedSource = sitrep.PublishedInput
	}
	return doc, nil
}

// recordID accepts a non-empty string or a number as id.
func recordID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", errors.New("missing \"id\"")
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		if strings.TrimSpace(s) == "" {
			return "", errors.New("empty \"id\"")
		}
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", errors.New("\"id\" must be a string or a number")
	}
	return n.String(), nil
}

// jsonProblem words a decoding error for a person reading stderr.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return "\"" + te.Field + "\" must be a " + jsonKind(te.Type.Kind().String())
		}
		return "the line must be a JSON object"
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return "invalid JSON: " + se.Error()
	}
	if err == io.ErrUnexpectedEOF {
		return "invalid JSON: unexpected end of line"
	}
	return "invalid JSON: " + err.Error()
}

func jsonKind(k string) string {
	if k == "ptr" {
		return "string"
	}
	return k
}

// ParseInputDate parses a publication date given as YYYY-MM-DD (midnight UTC)
// or RFC 3339; the time zone of a timestamp is kept.
func ParseInputDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}
