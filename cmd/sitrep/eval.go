package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/eval"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/picture"
	"github.com/sitrep-dev/sitrep/sqlite"
)

type evalCmd struct {
	knowledgeFlags
	Gold    string `arg:"" help:"Gold annotation file (schema sitrep-gold/1)." type:"existingfile"`
	Seeds   string `help:"Folder of the annotated texts (default: ../seeds beside the gold file)."`
	Format  string `help:"Output: table, or json (one flat object of metric name to number)." enum:"table,json" default:"table"`
	Details bool   `help:"After the table, list every miss and every extra finding."`
	// The picture costs a temporary database; per-document scores alone do not need it.
	NoPicture bool `help:"Skip the cross-document scores (rewrites, event clusters, contradictions)."`
}

// scorePicture ingests the gold documents into a temporary database, as
// sitrep ingest would, and gives each scored document its place in the
// fused picture: rewrite family, picture event of each event, contested
// claims.
func scorePicture(x *extract.Extractor, docs []sitrep.Document, in map[string]eval.Input) error {
	dir, err := os.MkdirTemp("", "sitrep-eval-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := sqlite.Open(filepath.Join(dir, "eval.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := picture.New(st, x).IngestSlice(ctx, docs, nil); err != nil {
		return fmt.Errorf("eval: building the picture: %w", err)
	}
	return eval.ReadPicture(ctx, st, in)
}

func (c *evalCmd) Run(log *slog.Logger) error {
	g, err := eval.LoadGold(c.Gold)
	if err != nil {
		return err
	}
	seeds := c.Seeds
	if seeds == "" {
		seeds = filepath.Join(filepath.Dir(c.Gold), "..", "seeds")
	}
	x, err := c.extractor()
	if err != nil {
		return err
	}
	x.WithText = true
	in := map[string]eval.Input{}
	var docs []sitrep.Document
	for _, d := range g.Documents {
		path := filepath.Join(seeds, d.File)
		raw, err := os.ReadFile(path)
		if err != nil {
			log.Warn("gold document not readable", "id", d.ID, "err", err)
			continue
		}
		doc, err := ingest.ReadFile(path, ingest.Options{})
		if err != nil {
			log.Warn("gold document refused", "id", d.ID, "err", err)
			continue
		}
		// The gold's publication dates are metadata here: they are not what is scored.
		doc.ID = d.ID
		if t := d.PublishedTime(); !t.IsZero() {
			doc.Published, doc.PublishedSource = t, sitrep.PublishedInput
		}
		in[d.ID] = eval.Input{Record: x.Extract(doc), FileText: string(raw)}
		docs = append(docs, doc)
	}
	if !c.NoPicture {
		if err := scorePicture(x, docs, in); err != nil {
			return err
		}
	}
	rep := eval.Score(g, in)
	if c.Format == "json" {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep.Flat())
	}
	fmt.Printf("%d gold documents, %d scored\n\n", len(g.Documents), len(in))
	if err := rep.WriteTable(os.Stdout); err != nil {
		return err
	}
	if c.Details {
		fmt.Println()
		for _, e := range rep.Errors {
			fmt.Println(e)
		}
	}
	return nil
}
