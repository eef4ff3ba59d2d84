package sqlite

import (
	"bytes"
	"compress/flate"
	_ "embed"
	"fmt"
	"io"
	"sync"
)

// The picture events and ledger lines are stored as DEFLATE-compressed
// JSON with a preset dictionary of their field names and frequent values:
// a fifth of the size of the JSON (a few kilobytes per event, which alone
// would compress by a third as much). The first byte tells the format.
const (
	packDict1 = 1 // DEFLATE with data/picture.dict
)

//go:embed data/picture.dict
var pictureDict []byte

var (
	packWriters = sync.Pool{New: func() any {
		w, err := flate.NewWriterDict(nil, 5, pictureDict)
		if err != nil {
			panic(err) // level 5 is valid
		}
		return w
	}}
	packReaders = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}
)

// pack compresses a JSON document for storage.
func pack(js []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(js)/3 + 16)
	buf.WriteByte(packDict1)
	w := packWriters.Get().(*flate.Writer)
	w.Reset(&buf)
	w.Write(js) // writes to a bytes.Buffer do not fail
	w.Close()
	packWriters.Put(w)
	return buf.Bytes()
}

// unpack returns the JSON of a stored blob; plain JSON passes through.
func unpack(b []byte) ([]byte, error) {
	if len(b) == 0 || b[0] == '{' {
		return b, nil
	}
	if b[0] != packDict1 {
		return nil, fmt.Errorf("stored blob of unknown format %d", b[0])
	}
	r := packReaders.Get().(io.ReadCloser)
	defer packReaders.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(b[1:]), pictureDict); err != nil {
		return nil, err
	}
	out := bytes.NewBuffer(make([]byte, 0, 4*len(b)))
	if _, err := io.Copy(out, r); err != nil {
		return nil, fmt.Errorf("stored blob: %w", err)
	}
	return out.Bytes(), nil
}
