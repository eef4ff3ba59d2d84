package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/brief"
	"github.com/sitrep-dev/sitrep/examples"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/picture"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/web"
)

type demoCmd struct {
	Addr    string `help:"Address to serve the demo on (default 127.0.0.1:8080, or a free loopback port when that one is taken)."`
	NoServe bool   `help:"Print the findings and the brief, then exit without serving the web UI."`
}

func (c *demoCmd) Run(log *slog.Logger) error {
	if c.Addr != "" {
		if _, err := web.IsLoopback(c.Addr); err != nil {
			return usageError{err.Error()}
		}
	}
	dir, err := os.MkdirTemp("", "sitrep-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// The examples are embedded so the demo works from any directory; they go
	// through the same file ingestion as a user's reports.
	if err := os.CopyFS(dir, examples.FS); err != nil {
		return err
	}
	x, err := knowledgeFlags{}.extractor()
	if err != nil {
		return err
	}
	var docs []sitrep.Document
	err = ingest.Read([]string{dir}, ingest.Options{}, func(doc sitrep.Document) error {
		doc.ID = filepath.Base(doc.ID)
		docs = append(docs, doc)
		return nil
	}, func(name string, err error) { log.Warn("example skipped", "file", name, "err", err) })
	if err != nil {
		return err
	}
	for _, d := range docs {
		printRecord(os.Stdout, x.Extract(d))
	}
	names, _ := fs.Glob(examples.FS, "*")
	fmt.Printf("%d example reports read (%s). Run `sitrep extract FILE` for the full JSON records.\n\n", len(docs), strings.Join(names, ", "))
	// The examples go into a database of the demo's own, where rewrites
	// are found and events fused across reports.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := sqlite.Open(filepath.Join(dir, "demo.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	b := picture.New(st, x)
	b.Hash = sqlite.Hash
	if _, err := b.IngestSlice(ctx, docs, nil); err != nil {
		return err
	}
	in, err := briefFromStore(ctx, st, "")
	if err != nil {
		return err
	}
	if err := brief.Markdown(os.Stdout, in); err != nil {
		return err
	}
	if c.NoServe {
		return nil
	}
	fmt.Println()
	return serveStore(ctx, st, b, web.Config{Addr: c.Addr}, log)
}

// printRecord writes what was found in one document for a human reader.
func printRecord(w io.Writer, r sitrep.Record) {
	title := r.Title
	if title == "" {
		title = "(no title)"
	}
	published := "unknown"
	if r.Published != nil {
		published = *r.Published + " (" + r.PublishedSource + ")"
	}
	fmt.Fprintf(w, "== %s\n   %s\n   published: %s\n", r.ID, title, published)
	fmt.Fprintf(w, "   actors:\n")
	for _, a := range r.Actors {
		fmt.Fprintf(w, "     %-45s %-22s %s\n", a.Name, "["+a.ID+"]", quoteMentions(a.Mentions))
	}
	fmt.Fprintf(w, "   places:\n")
	for _, p := range r.Places {
		where := strings.Trim(strings.Join([]string{p.Admin2, p.Admin1, p.CountryCode}, ", "), ", ")
		where = strings.ReplaceAll(where, ", , ", ", ")
		coords := "no coordinates"
		if p.Lat != nil && p.Lon != nil {
			coords = fmt.Sprintf("%.2f, %.2f", *p.Lat, *p.Lon)
		}
		fmt.Fprintf(w, "     %-30s %-8s %-40s %s  %s\n", p.Name, p.Kind, where, coords, quoteMentions(p.Mentions))
	}
	fmt.Fprintf(w, "   dates:\n")
	for _, t := range r.Times {
		fmt.Fprintf(w, "     %-35q %-9s %s\n", t.Text, t.Type, t.Value)
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "   note: %s\n", warn)
	}
	fmt.Fprintln(w)
}

// quoteMentions lists the distinct surface forms of mentions.
func quoteMentions(ms []sitrep.Mention) string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		if !seen[m.Text] {
			seen[m.Text] = true
			out = append(out, fmt.Sprintf("%q", m.Text))
		}
	}
	return fmt.Sprintf("×%d %s", len(ms), strings.Join(out, " "))
}
