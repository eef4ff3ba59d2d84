// Command sitrep turns news coverage of an armed conflict into a sourced,
// structured situation picture. See README.md for the commands.
package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/alecthomas/kong"
)

// Exit statuses of the output contract.
const (
	exitOK      = 0
	exitSkipped = 1
	exitUsage   = 2
)

// errSkipped reports that some inputs were refused while the rest was processed.
var errSkipped = errors.New("some inputs were skipped")

type cli struct {
	Extract extractCmd `cmd:"" help:"Read documents and write one JSON record per document (JSON Lines, contract 1)."`
	Eval    evalCmd    `cmd:"" help:"Score the extractor against a gold annotation file."`
	Demo    demoCmd    `cmd:"" help:"Extract the bundled example reports, print what was found and the brief, then serve them in the web UI."`

	Ingest    ingestCmd    `cmd:"" help:"Extract documents, feeds and pages into the database and update the situation picture."`
	Events    eventsCmd    `cmd:"" help:"List stored events, with filters."`
	Claims    claimsCmd    `cmd:"" help:"List stored claims, with filters."`
	Actors    actorsCmd    `cmd:"" help:"List the actors seen, most documents first."`
	Documents documentsCmd `cmd:"" help:"List stored documents, latest first."`
	Search    searchCmd    `cmd:"" help:"Find documents by their title and text."`
	Brief     briefCmd     `cmd:"" help:"Write a situation brief (Markdown or HTML) from the database or from documents, every statement with its sources."`
	Serve     serveCmd     `cmd:"" help:"Serve the web UI and the JSON API (/api/v1) on the database."`
}

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	var c cli
	parser, err := kong.New(&c,
		kong.Name("sitrep"),
		kong.Description("sitrep turns conflict reporting into a sourced, structured situation picture."),
		kong.UsageOnError(),
		kong.Exit(func(code int) { panic(exitCode(code)) }),
	)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitrep:", err)
		return exitUsage
	}
	code := exitOK
	func() {
		defer func() {
			if r := recover(); r != nil {
				ec, ok := r.(exitCode)
				if !ok {
					panic(r)
				}
				code = int(ec)
			}
		}()
		ctx, err := parser.Parse(args)
		if err != nil {
			fmt.Fprintln(os.Stderr, "sitrep:", err)
			code = exitUsage
			return
		}
		logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		if err := ctx.Run(logger); err != nil {
			var ue usageError
			switch {
			case errors.Is(err, errSkipped):
				code = exitSkipped
			case errors.As(err, &ue):
				fmt.Fprintln(os.Stderr, "sitrep:", err)
				code = exitUsage
			default:
				fmt.Fprintln(os.Stderr, "sitrep:", err)
				code = exitSkipped
			}
		}
	}()
	return code
}

// exitCode carries kong's requested exit status (after --help) out of Parse.
type exitCode int

// usageError is a mistake in the command line that parsing could not catch.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
