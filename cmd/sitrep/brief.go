package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/brief"
	"github.com/sitrep-dev/sitrep/dedup"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// defaultBriefDB is read when neither documents nor --db are given.
const defaultBriefDB = "./sitrep.db"

type briefCmd struct {
	knowledgeFlags
	Paths  []string `arg:"" optional:"" help:"Documents to extract and brief on directly, without a database (files, directories, or - for standard input)."`
	DB     string   `help:"SQLite database to brief on (default ./sitrep.db when no documents are given)." placeholder:"FILE"`
	Since  string   `help:"Only events dated on or after this date, and claims of documents published on or after it (YYYY-MM-DD, YYYY-MM or YYYY)." placeholder:"DATE"`
	Format string   `help:"Output format: md (Markdown) or html (a self-contained page)." enum:"md,html" default:"md" short:"f"`
	Top    int      `help:"Number of key developments." default:"8"`
}

func (c *briefCmd) Run(log *slog.Logger) error {
	if len(c.Paths) > 0 && c.DB != "" {
		return usageError{"give documents or --db, not both"}
	}
	if c.Top < 1 {
		return usageError{"--top must be at least 1"}
	}
	// A bad date is refused before any document is read.
	if err := brief.Markdown(io.Discard, brief.Input{Since: c.Since}); err != nil {
		return usageError{fmt.Sprintf("--since %q: want a date YYYY-MM-DD, YYYY-MM or YYYY", c.Since)}
	}
	var in brief.Input
	var err error
	if len(c.Paths) > 0 {
		in, err = c.fromDocuments()
	} else {
		in, err = c.fromStore()
	}
	if err != nil {
		return err
	}
	in.Since, in.Top = c.Since, c.Top
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	write := brief.Markdown
	if c.Format == "html" {
		write = brief.HTML
	}
	if err := write(out, in); err != nil {
		return err
	}
	return out.Flush()
}

// fromDocuments extracts the given documents and finds their rewrite
// families, as ingest would, but keeps everything in memory.
func (c *briefCmd) fromDocuments() (brief.Input, error) {
	x, err := c.extractor()
	if err != nil {
		return brief.Input{}, err
	}
	idx := dedup.NewIndex()
	var recs []sitrep.Record
	skipped := false
	err = ingest.Read(c.Paths, ingest.Options{}, func(doc sitrep.Document) error {
		idx.Add(doc.ID, dedup.Sign(doc))
		recs = append(recs, x.Extract(doc))
		return nil
	}, func(name string, err error) {
		skipped = true
		fmt.Fprintf(os.Stderr, "sitrep: skipped %s: %v\n", name, err)
	})
	if err != nil {
		return brief.Input{}, err
	}
	if len(recs) == 0 && skipped {
		return brief.Input{}, errSkipped
	}
	families := map[string]string{}
	for _, fam := range idx.Families() {
		for _, id := range fam {
			families[id] = fam[0]
		}
	}
	return brief.FromRecords(recs, families), nil
}

// fromStore reads the picture the store keeps: every picture event with
// its ledger lines, the episodes, the claims and the documents they cite.
func (c *briefCmd) fromStore() (brief.Input, error) {
	path := c.DB
	if path == "" {
		path = defaultBriefDB
	}
	// Never create an empty database where the user mistyped a path.
	if _, err := os.Stat(path); err != nil {
		return brief.Input{}, usageError{fmt.Sprintf("no database at %s (run `sitrep ingest` first, give --db, or name documents): %v", path, err)}
	}
	st, err := sqlite.Open(path)
	if err != nil {
		return brief.Input{}, err
	}
	defer st.Close()
	return briefFromStore(context.Background(), st, c.Since)
}

// briefFromStore assembles a brief from what st keeps (brief.Load), since
// a date or "" for everything.
func briefFromStore(ctx context.Context, st *sqlite.Store, since string) (brief.Input, error) {
	if pending, err := st.PendingDocuments(ctx); err != nil {
		return brief.Input{}, err
	} else if len(pending) > 0 {
		fmt.Fprintf(os.Stderr, "sitrep: %d stored documents are not in the picture yet (an ingest was interrupted): run `sitrep ingest` again to add them\n", len(pending))
	}
	return brief.Load(ctx, st, since)
}
