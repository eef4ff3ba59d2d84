package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/picture"
	"github.com/sitrep-dev/sitrep/sqlite"
	"golang.org/x/term"
)

type dbFlag struct {
	DB string `help:"SQLite database file." default:"./sitrep.db" type:"path"`
}

type ingestCmd struct {
	knowledgeFlags
	dbFlag
	Inputs    []string      `arg:"" help:"Files, directories, feeds (.xml, .rss, .atom) or http(s) URLs of pages or feeds."`
	MaxBytes  int64         `help:"Largest document text accepted, and largest download, in bytes." default:"5242880"`
	Timeout   time.Duration `help:"Time limit of each URL fetch." default:"30s"`
	Published string        `help:"Publication date (YYYY-MM-DD or RFC 3339) for documents that have none."`
	Quiet     bool          `short:"q" help:"No progress line or log lines, only the summary."`
}

// feedExts are the file name endings read as RSS or Atom feeds.
var feedExts = map[string]bool{".xml": true, ".rss": true, ".atom": true}

func (c *ingestCmd) Run(log *slog.Logger) error {
	fallback, err := parsePublished(c.Published)
	if err != nil {
		return err
	}
	if c.MaxBytes <= 0 {
		return usageError{"--max-bytes must be positive"}
	}
	x, err := c.extractor()
	if err != nil {
		return err
	}
	st, err := sqlite.Open(c.DB)
	if err != nil {
		return err
	}
	defer st.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// An interrupt stops the reading too; what was committed stays, and a
	// rerun completes the picture.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	src := &ingestSources{opt: ingest.Options{MaxBytes: c.MaxBytes}, timeout: c.Timeout, stderr: os.Stderr}
	total := src.count(c.Inputs)
	docs := make(chan sitrep.Document, 64)
	readErr := make(chan error, 1)
	go func() {
		defer close(docs)
		readErr <- src.read(ctx, c.Inputs, func(d sitrep.Document) error {
			if d.Published.IsZero() && !fallback.IsZero() {
				d.Published, d.PublishedSource = fallback, sitrep.PublishedInput
			}
			select {
			case docs <- d:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()

	prog := newProgress(os.Stderr, total, c.Quiet)
	b := picture.New(st, x)
	b.OnStage = prog.stage
	b.Hash = sqlite.Hash
	stats, err := b.Ingest(ctx, docs, prog.update)
	prog.done()
	if err != nil {
		interrupted := ctx.Err() != nil
		cancel()
		for range docs { // let the reader end
		}
		if interrupted {
			return fmt.Errorf("interrupted after %d documents (%d added); run the same command again to complete", stats.Read, stats.Added)
		}
		return err
	}
	if err := <-readErr; err != nil {
		return err
	}
	fmt.Fprintf(os.Stdout, "read %d documents: %d added, %d already stored, %d skipped\n",
		stats.Read, stats.Added, stats.Present, src.skipped)
	fmt.Fprintf(os.Stdout, "store %s: %d documents, %d rewrite families (%d documents), %d picture events (%d contested), %d disputed figures (%d contradictions, %d claims flagged)\n",
		c.DB, stats.Documents, stats.Families, stats.InFamilies, stats.PictureEvents, stats.Contested, stats.Disputed, stats.Contradictions, stats.ContestedClaims)
	if !c.Quiet {
		fmt.Fprintf(os.Stderr, "sitrep: %s\n", stats.Durations())
	}
	if src.skipped > 0 {
		return errSkipped
	}
	return nil
}

// ingestSources reads the command's inputs: files and directories through
// ingest, feeds through gofeed, URLs over HTTP.
type ingestSources struct {
	opt     ingest.Options
	timeout time.Duration
	client  *http.Client // nil: a client with the timeout
	stderr  io.Writer
	skipped int
}

func isHTTPURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

func isFeedFile(p string) bool { return feedExts[strings.ToLower(filepath.Ext(p))] }

// count is the number of documents to expect, when every input is a file
// of one document (so the progress can give an ETA); 0 when unknown.
func (s *ingestSources) count(inputs []string) int {
	n := 0
	for _, in := range inputs {
		if isHTTPURL(in) || in == "-" {
			return 0
		}
		known := true
		err := filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") && p != in {
				return nil
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".jsonl", ".ndjson", ".xml", ".rss", ".atom":
				known = false
				return fs.SkipAll
			}
			n++
			return nil
		})
		if err != nil || !known {
			return 0
		}
	}
	return n
}

func (s *ingestSources) skip(name string, err error) {
	s.skipped++
	fmt.Fprintf(s.stderr, "sitrep: skipped %s: %v\n", name, err)
}

// read emits the documents of every input in order. Directories are walked
// here (lexical order, hidden entries left out, as ingest does) so that
// feed files inside them are read as feeds.
func (s *ingestSources) read(ctx context.Context, inputs []string, emit func(sitrep.Document) error) error {
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if isHTTPURL(in) {
			if err := s.fetch(ctx, in, emit); err != nil {
				return err
			}
			continue
		}
		info, err := os.Stat(in)
		if err != nil || !info.IsDir() {
			if err := s.readFile(in, emit); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				s.skip(p, err)
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if p != in && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			return s.readFile(p, emit)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *ingestSources) readFile(p string, emit func(sitrep.Document) error) error {
	if p != "-" && isFeedFile(p) {
		f, err := os.Open(p)
		if err != nil {
			s.skip(p, err)
			return nil
		}
		defer f.Close()
		data, err := readCapped(f, s.opt.MaxBytes*4)
		if err != nil {
			s.skip(p, err)
			return nil
		}
		return s.feed(data, p, emit)
	}
	return ingest.Read([]string{p}, s.opt, emit, s.skip)
}

// errTooBig refuses a download over the size limit.
var errTooBig = errors.New("larger than the size limit")

// readCapped reads at most limit bytes and refuses anything longer.
func readCapped(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w of %d bytes (see --max-bytes)", errTooBig, limit)
	}
	return data, nil
}

// fetch downloads one URL, only because the user named it, and reads it
// as a feed or as an HTML page by its content type.
func (s *ingestSources) fetch(ctx context.Context, u string, emit func(sitrep.Document) error) error {
	client := s.client
	if client == nil {
		client = &http.Client{Timeout: s.timeout}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		s.skip(u, err)
		return nil
	}
	req.Header.Set("User-Agent", "sitrep (+https://github.com/sitrep-dev/sitrep)")
	req.Header.Set("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5")
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s.skip(u, err)
		return nil
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		s.skip(u, fmt.Errorf("HTTP %s", resp.Status))
		return nil
	}
	limit := s.opt.MaxBytes
	if resp.ContentLength > limit {
		s.skip(u, fmt.Errorf("%w: %d bytes announced, limit %d (see --max-bytes)", errTooBig, resp.ContentLength, limit))
		return nil
	}
	data, err := readCapped(resp.Body, limit)
	if err != nil {
		s.skip(u, err)
		return nil
	}
	if isFeedContent(resp.Header.Get("Content-Type"), data) {
		return s.feed(data, u, emit)
	}
	doc, err := ingest.FromHTML(strings.NewReader(string(data)), u, s.opt)
	if err != nil {
		s.skip(u, err)
		return nil
	}
	return emit(doc)
}

// isFeedType tells a feed from a page: by content type, and for generic XML
// types by a look at the root element.
func isFeedContent(contentType string, data []byte) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "application/rss+xml", "application/atom+xml", "application/feed+json":
		return true
	case "application/xml", "text/xml":
		head := strings.ToLower(string(data[:min(len(data), 1024)]))
		return strings.Contains(head, "<rss") || strings.Contains(head, "<feed") || strings.Contains(head, "<rdf:rdf")
	}
	return false
}

// feed turns each item of an RSS or Atom feed into a document: its title,
// link, publication date and its content (or description) stripped of
// HTML. A malformed feed is refused whole; an item without text is
// refused alone.
func (s *ingestSources) feed(data []byte, name string, emit func(sitrep.Document) error) error {
	f, err := gofeed.NewParser().ParseString(string(data))
	if err != nil {
		s.skip(name, fmt.Errorf("malformed feed: %w", err))
		return nil
	}
	for i, it := range f.Items {
		itemName := fmt.Sprintf("%s item %d", name, i+1)
		if it == nil {
			s.skip(itemName, errors.New("empty item"))
			continue
		}
		if it.Title != "" {
			itemName += fmt.Sprintf(" (%q)", it.Title)
		}
		body := it.Content
		if strings.TrimSpace(body) == "" {
			body = it.Description
		}
		doc, err := ingest.FromHTML(strings.NewReader(body), it.Link, s.opt)
		if err != nil {
			s.skip(itemName, err)
			continue
		}
		// The headline carries the story's who and where, as it does
		// at the top of a text file.
		if title := strings.TrimSpace(it.Title); title != "" && !strings.HasPrefix(doc.Text, title) {
			doc.Text = title + "\n\n" + doc.Text
		}
		doc.Title = strings.TrimSpace(it.Title)
		doc.URL = it.Link
		switch {
		case it.Link != "":
			doc.ID = it.Link
		case it.GUID != "":
			doc.ID = it.GUID
		default:
			doc.ID = fmt.Sprintf("%s#%d", name, i+1)
		}
		if doc.Outlet == "" {
			doc.Outlet = strings.TrimSpace(f.Title)
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil && doc.Author == "" {
			doc.Author = it.Authors[0].Name
		}
		pub := it.PublishedParsed
		if pub == nil {
			pub = it.UpdatedParsed
		}
		if pub != nil && !pub.IsZero() {
			doc.Published, doc.PublishedGranularity, doc.PublishedSource = *pub, sitrep.GranularityDay, sitrep.PublishedMetadata
		}
		if err := emit(doc); err != nil {
			return err
		}
	}
	return nil
}

// ingestProgress reports ingest progress: a line redrawn in place on a terminal,
// a log line every few seconds otherwise.
type ingestProgress struct {
	w       io.Writer
	total   int
	tty     bool
	quiet   bool
	start   time.Time
	last    time.Time
	every   time.Duration
	drawn   bool // a line is on screen
	stored  bool // storing has ended
	n, adds int
}

func newProgress(w *os.File, total int, quiet bool) *ingestProgress {
	p := &ingestProgress{w: w, total: total, quiet: quiet, start: time.Now(), tty: term.IsTerminal(int(w.Fd()))}
	p.every = 10 * time.Second
	if p.tty {
		p.every = 200 * time.Millisecond
	}
	p.last = p.start
	return p
}

func (p *ingestProgress) update(done, added int) {
	p.n, p.adds = done, added
	if p.quiet || time.Since(p.last) < p.every {
		return
	}
	p.last = time.Now()
	p.print()
}

func (p *ingestProgress) line() string {
	el := time.Since(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(p.n) / el
	}
	s := fmt.Sprintf("%d documents", p.n)
	if p.total > 0 {
		s = fmt.Sprintf("%d/%d documents", p.n, p.total)
	}
	s += fmt.Sprintf(", %d added, %.0f/s", p.adds, rate)
	if p.total > 0 && rate > 0 && p.n < p.total {
		eta := time.Duration(float64(p.total-p.n) / rate * float64(time.Second))
		s += ", ETA " + eta.Round(time.Second).String()
	}
	return s
}

func (p *ingestProgress) print() {
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[Ksitrep: %s", p.line())
		p.drawn = true
		return
	}
	fmt.Fprintf(p.w, "sitrep: %s\n", p.line())
}

// stage closes the document count when storing ends and says what the
// rest of the run is doing.
func (p *ingestProgress) stage(s string) {
	if p.quiet {
		return
	}
	if !p.stored {
		p.stored = true
		if p.tty || time.Since(p.start) >= p.every {
			p.last = time.Now()
			p.print()
			if p.tty {
				fmt.Fprintln(p.w)
			}
		}
	}
	what := map[string]string{"families": "finding rewrite families", "fusion": "fusing events into the picture"}[s]
	if what == "" {
		what = s
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[Ksitrep: %s…", what)
		p.drawn = true
	} else if time.Since(p.start) >= p.every {
		fmt.Fprintf(p.w, "sitrep: %s\n", what)
	}
}

// done clears the stage line.
func (p *ingestProgress) done() {
	if p.tty && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
