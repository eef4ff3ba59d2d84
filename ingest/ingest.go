// Package ingest turns input files, directories, JSON Lines batches and standard
// input into sitrep.Documents: main text, title, outlet, author and publication date.
//
// Bad items (too large, binary, undecodable, empty, unsupported) are refused one by
// one through a skip callback so that the rest of a batch goes on.
package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// DefaultMaxBytes is the text size limit when Options.MaxBytes is zero.
const DefaultMaxBytes = 5 << 20

// htmlMarkupFactor bounds the raw size of an HTML file relative to MaxBytes:
// markup typically outweighs the article text several times over.
const htmlMarkupFactor = 4

// Options controls ingestion. The zero value is ready to use.
type Options struct {
	// MaxBytes is the largest text accepted, in bytes (default DefaultMaxBytes).
	// HTML files may be up to 4×MaxBytes of markup; their extracted text must
	// still fit in MaxBytes.
	MaxBytes int64
	// JSONL treats every named file and standard input as JSON Lines. Files named
	// *.jsonl or *.ndjson are read as JSON Lines regardless.
	JSONL bool
	// Stdin is read for the path "-" (default os.Stdin).
	Stdin io.Reader
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

// Reasons for refusing an item; test them with errors.Is.
var (
	ErrTooLarge    = errors.New("too large")
	ErrBinary      = errors.New("binary data, not text")
	ErrEncoding    = errors.New("not valid UTF-8 text")
	ErrEmpty       = errors.New("no text")
	ErrUnsupported = errors.New("unsupported file type")
	ErrBadLine     = errors.New("bad JSON Lines record")
)

// Error is a refusal of one file or one JSON Lines record. Its message names the
// item and the reason, e.g. "batch.jsonl:3: bad JSON Lines record: missing id".
type Error struct {
	Name   string // file path as given, or "-"
	Line   int    // 1-based JSON Lines line number; 0 for whole files
	Err    error  // one of the Err* reasons, or an I/O error
	Detail string // what exactly was wrong, for the reader
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Name)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

func refuse(name string, line int, err error, format string, args ...any) *Error {
	return &Error{Name: name, Line: line, Err: err, Detail: fmt.Sprintf(format, args...)}
}

// kind is how a file's content is interpreted.
type kind int

const (
	kindUnknown kind = iota
	kindText
	kindMarkdown
	kindHTML
	kindJSONL
)

func kindOf(path string) kind {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".text":
		return kindText
	case ".md", ".markdown":
		return kindMarkdown
	case ".html", ".htm", ".xhtml":
		return kindHTML
	case ".jsonl", ".ndjson":
		return kindJSONL
	}
	return kindUnknown
}

// Read ingests every path in order: "-" is standard input (one text document, or
// JSON Lines with opt.JSONL), directories are walked recursively in lexical
// order (hidden entries are ignored), files are read by extension (.txt, .md,
// .html/.htm, .jsonl/.ndjson). emit gets each document in input order; skip gets
// each refused file or record with an *Error and the batch goes on. Read returns
// only an error returned by emit, which stops it.
func Read(paths []string, opt Options, emit func(sitrep.Document) error, skip func(name string, err error)) error {
	if skip == nil {
		skip = func(string, error) {}
	}
	for _, p := range paths {
		if p == "-" {
			if err := readStdin(opt, emit, skip); err != nil {
				return err
			}
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			skip(p, &Error{Name: p, Err: err})
			continue
		}
		if !info.IsDir() {
			if err := readPath(p, opt, true, emit, skip); err != nil {
				return err
			}
			continue
		}
		werr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				skip(path, &Error{Name: path, Err: err})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			return readPath(path, opt, false, emit, skip)
		})
		if werr != nil {
			return werr
		}
	}
	return nil
}

// readPath reads one file; named says the user listed it explicitly, so that
// opt.JSONL applies to it whatever its extension.
func readPath(path string, opt Options, named bool, emit func(sitrep.Document) error, skip func(string, error)) error {
	k := kindOf(path)
	if opt.JSONL && named {
		k = kindJSONL
	}
	switch k {
	case kindUnknown:
		skip(path, refuse(path, 0, ErrUnsupported, "only .txt, .md, .html, .htm, .jsonl files are read"))
		return nil
	case kindJSONL:
		f, err := os.Open(path)
		if err != nil {
			skip(path, &Error{Name: path, Err: err})
			return nil
		}
		defer f.Close()
		return ReadJSONL(f, path, opt, emit, skip)
	}
	doc, err := ReadFile(path, opt)
	if err != nil {
		skip(path, err)
		return nil
	}
	return emit(doc)
}

func readStdin(opt Options, emit func(sitrep.Document) error, skip func(string, error)) error {
	in := opt.Stdin
	if in == nil {
		in = os.Stdin
	}
	if opt.JSONL {
		return ReadJSONL(in, "-", opt, emit, skip)
	}
	data, err := readLimited(in, "-", opt.maxBytes())
	if err != nil {
		skip("-", err)
		return nil
	}
	doc, err := fromPlain(data, "-", false)
	if err != nil {
		skip("-", err)
		return nil
	}
	return emit(doc)
}

// ReadFile reads one .txt, .md or .html/.htm file into a Document whose ID is
// path as given. Errors are *Error values naming the file.
func ReadFile(path string, opt Options) (sitrep.Document, error) {
	k := kindOf(path)
	if k == kindUnknown || k == kindJSONL {
		return sitrep.Document{}, refuse(path, 0, ErrUnsupported, "ReadFile reads .txt, .md, .html and .htm files")
	}
	limit := opt.maxBytes()
	if k == kindHTML {
		limit *= htmlMarkupFactor
	}
	f, err := os.Open(path)
	if err != nil {
		return sitrep.Document{}, &Error{Name: path, Err: err}
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > limit {
		return sitrep.Document{}, refuse(path, 0, ErrTooLarge, "%d bytes, limit %d", info.Size(), limit)
	}
	data, err := readLimited(f, path, limit)
	if err != nil {
		return sitrep.Document{}, err
	}
	if k == kindHTML {
		doc, err := fromHTMLBytes(data, "", opt)
		if err != nil {
			return doc, nameError(err, path)
		}
		doc.ID = path
		return doc, nil
	}
	return fromPlain(data, path, k == kindMarkdown)
}

// readLimited reads at most limit bytes and refuses anything longer without
// reading the rest.
func readLimited(r io.Reader, name string, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &Error{Name: name, Err: err}
	}
	if n > limit {
		return nil, refuse(name, 0, ErrTooLarge, "more than %d bytes", limit)
	}
	return buf.Bytes(), nil
}

// nameError gives an anonymous refusal (from FromHTML) the file's name.
func nameError(err error, name string) error {
	var e *Error
	if errors.As(err, &e) {
		c := *e
		c.Name = name
		return &c
	}
	return &Error{Name: name, Err: err}
}
