package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/ingest"
)

type knowledgeFlags struct {
	Actors string `help:"JSON file of actors merged over the built-in dictionary (same format)." type:"existingfile"`
	Places string `help:"File of places merged over the built-in gazetteer (same format as the curated file)." type:"existingfile"`
}

// extractor loads the knowledge with the user's files merged in.
func (k knowledgeFlags) extractor() (*extract.Extractor, error) {
	var opt extract.Options
	for _, f := range []struct {
		path string
		dst  *io.Reader
	}{{k.Actors, &opt.Actors}, {k.Places, &opt.Places}} {
		if f.path == "" {
			continue
		}
		fh, err := os.Open(f.path)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		*f.dst = fh
	}
	return extract.New(opt)
}

type extractCmd struct {
	knowledgeFlags
	Paths     []string `arg:"" optional:"" help:"Files or directories (.txt, .md, .html, .htm), or - for standard input." default:"-"`
	Input     string   `help:"Input format: auto (by file extension) or jsonl." enum:"auto,jsonl" default:"auto"`
	Published string   `help:"Publication date (YYYY-MM-DD or RFC 3339) for documents that have none."`
	WithText  bool     `help:"Add each document's text to its record."`
	MaxBytes  int64    `help:"Largest document accepted, in bytes of text." default:"5242880"`
}

func (c *extractCmd) Run(log *slog.Logger) error {
	fallback, err := parsePublished(c.Published)
	if err != nil {
		return err
	}
	x, err := c.extractor()
	if err != nil {
		return err
	}
	x.WithText = c.WithText
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	skipped := false
	err = ingest.Read(c.Paths, ingest.Options{MaxBytes: c.MaxBytes, JSONL: c.Input == "jsonl"},
		func(doc sitrep.Document) error {
			if doc.Published.IsZero() && !fallback.IsZero() {
				doc.Published, doc.PublishedSource = fallback, sitrep.PublishedInput
			}
			return enc.Encode(x.Extract(doc))
		},
		func(name string, err error) {
			skipped = true
			fmt.Fprintf(os.Stderr, "sitrep: skipped %s: %v\n", name, err)
		})
	if err != nil {
		return err
	}
	if skipped {
		return errSkipped
	}
	return nil
}

// parsePublished reads the --published flag: a date or an RFC 3339 instant.
func parsePublished(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usageError{fmt.Sprintf("--published %q: want YYYY-MM-DD or an RFC 3339 timestamp", s)}
}
