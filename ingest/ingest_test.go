package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/unicode"

	"github.com/sitrep-dev/sitrep"
)

// collect runs Read and returns the documents and the refusals.
func collect(t *testing.T, paths []string, opt Options) ([]sitrep.Document, []error) {
	t.Helper()
	var docs []sitrep.Document
	var skips []error
	err := Read(paths, opt, func(d sitrep.Document) error {
		docs = append(docs, d)
		return nil
	}, func(name string, err error) {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("refusal %q does not name %q", err, name)
		}
		skips = append(skips, err)
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return docs, skips
}

func TestReadFile(t *testing.T) {
	karachi := time.FixedZone("", 5*3600)
	tests := []struct {
		path       string
		opt        Options
		wantErr    error
		errHas     []string // words the refusal message must contain
		title      string
		author     string
		outlet     string
		published  time.Time
		source     string
		has, hasNo []string
		exact      bool // text must equal the file byte for byte
	}{
		{
			path: "testdata/news.html", title: "Border crossing shut after overnight shelling",
			author: "Amina Qureshi", outlet: "Frontier Daily", source: sitrep.PublishedMetadata,
			published: time.Date(2025, 5, 8, 14, 22, 0, 0, karachi),
			has: []string{"three civilians were wounded", "shrapnel injuries.",
				"officials in the district said.\nA local police officer"}, // one paragraph per line
			hasNo: []string{"Most read", "Privacy policy", "Cricket", "window.ads", "Buy the new phone", "All rights reserved"},
		},
		{path: "testdata/broken.html", title: "Broken", source: sitrep.PublishedNone,
			has: []string{"Rebels attacked a convoy", "a spokesman said.\nTwo drivers were killed"}},
		{path: "testdata/image.txt", wantErr: ErrBinary, errHas: []string{"image.txt", "binary"}},
		{path: "testdata/latin1.txt", wantErr: ErrEncoding, errHas: []string{"latin1.txt", "UTF-8", "line 2"}},
		{path: "testdata/tree/b.txt", exact: true, source: sitrep.PublishedNone},
		{path: "testdata/tree/a.md", title: "Ceasefire holds in the valley", author: "Omar Siddiqui",
			has: []string{"# Ceasefire holds", "**Wednesday**", "# not a title\n```"}, hasNo: []string{"Share this"}},
		{path: "testdata/tree/sub/empty.txt", wantErr: ErrEmpty, errHas: []string{"empty.txt"}},
		{path: "testdata/tree/notes.pdf", wantErr: ErrUnsupported, errHas: []string{"notes.pdf"}},
		{path: "testdata/tree/b.txt", opt: Options{MaxBytes: 10}, wantErr: ErrTooLarge, errHas: []string{"b.txt", "limit 10"}},
		// HTML may carry 4×MaxBytes of markup, but not more.
		{path: "testdata/news.html", opt: Options{MaxBytes: 500}, wantErr: ErrTooLarge, errHas: []string{"news.html"}},
		{path: "testdata/missing.txt", wantErr: os.ErrNotExist, errHas: []string{"missing.txt"}},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			doc, err := ReadFile(tc.path, tc.opt)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				for _, w := range tc.errHas {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("message %q lacks %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc.ID != tc.path {
				t.Errorf("ID = %q, want the path as given", doc.ID)
			}
			if doc.Title != tc.title || doc.Author != tc.author || doc.Outlet != tc.outlet {
				t.Errorf("title/author/outlet = %q/%q/%q, want %q/%q/%q", doc.Title, doc.Author, doc.Outlet, tc.title, tc.author, tc.outlet)
			}
			if tc.source != "" && doc.PublishedSource != tc.source {
				t.Errorf("PublishedSource = %q, want %q", doc.PublishedSource, tc.source)
			}
			if !tc.published.IsZero() {
				if !doc.Published.Equal(tc.published) {
					t.Errorf("Published = %v, want %v", doc.Published, tc.published)
				}
				if _, off := doc.Published.Zone(); off != 5*3600 {
					t.Errorf("time zone offset = %d s, want the page's +05:00", off)
				}
			}
			for _, w := range tc.has {
				if !strings.Contains(doc.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, doc.Text)
				}
			}
			for _, w := range tc.hasNo {
				if strings.Contains(doc.Text, w) {
					t.Errorf("text keeps boilerplate %q", w)
				}
			}
			if tc.exact || strings.HasSuffix(tc.path, ".md") || strings.HasSuffix(tc.path, ".txt") {
				raw, _ := os.ReadFile(tc.path)
				if tc.exact && doc.Text != string(raw) {
					t.Errorf("text = %q, want the file unchanged %q", doc.Text, raw)
				}
				if !strings.HasPrefix(string(raw), doc.Text) {
					t.Errorf("text is not a prefix of the file")
				}
			}
		})
	}
}

func TestReadDirectoryAndOrder(t *testing.T) {
	docs, skips := collect(t, []string{"testdata/tree", "testdata/news.html", "testdata/nowhere"}, Options{})
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	want := []string{"testdata/tree/a.md", "testdata/tree/b.txt", "testdata/tree/sub/c.htm", "testdata/news.html"}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("documents %v, want %v (sorted walk, then the next argument; hidden dirs ignored)", ids, want)
	}
	wantSkips := []error{ErrUnsupported, ErrEmpty, os.ErrNotExist}
	if len(skips) != len(wantSkips) {
		t.Fatalf("skips = %v, want %v", skips, wantSkips)
	}
	for i, w := range wantSkips {
		if !errors.Is(skips[i], w) {
			t.Errorf("skip %d = %v, want %v", i, skips[i], w)
		}
	}
}

func TestReadStdin(t *testing.T) {
	docs, skips := collect(t, []string{"-"}, Options{Stdin: strings.NewReader("\ufeffShelling hit the town.\n")})
	if len(skips) != 0 || len(docs) != 1 || docs[0].ID != "-" || docs[0].Text != "Shelling hit the town.\n" {
		t.Fatalf("docs %+v skips %v; want one document \"-\" without BOM", docs, skips)
	}
	docs, _ = collect(t, []string{"-"}, Options{JSONL: true, Stdin: strings.NewReader(`{"id":"x","text":"A clash."}`)})
	if len(docs) != 1 || docs[0].ID != "x" {
		t.Fatalf("JSONL stdin: %+v", docs)
	}
	_, skips = collect(t, []string{"-"}, Options{MaxBytes: 4, Stdin: strings.NewReader("too long")})
	if len(skips) != 1 || !errors.Is(skips[0], ErrTooLarge) {
		t.Fatalf("oversize stdin: %v", skips)
	}
}

func TestEmitErrorStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Read([]string{"testdata/tree", "testdata/news.html"}, Options{}, func(sitrep.Document) error {
		n++
		return stop
	}, nil)
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("err %v after %d documents; want the emit error after the first", err, n)
	}
}

func TestReadJSONL(t *testing.T) {
	docs, skips := collect(t, []string{"testdata/batch.jsonl"}, Options{})
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	if got := strings.Join(ids, " "); got != "a1 a2 a4 7" {
		t.Errorf("ids %q, want a1 a2 a4 7", got)
	}
	for i, line := range []string{":3:", ":5:", ":7:", ":8:"} {
		if i >= len(skips) || !strings.Contains(skips[i].Error(), "batch.jsonl"+line) {
			t.Errorf("skip %d = %v, want line %s", i, skips, line)
		}
	}
	a1, a2 := docs[0], docs[1]
	if a1.Title != "Checkpoint attack" || a1.Outlet != "Example News" || a1.URL != "https://example.org/a1" ||
		a1.PublishedSource != sitrep.PublishedInput || a1.Published.Format(time.DateOnly) != "2025-10-12" ||
		a1.PublishedGranularity != sitrep.GranularityDay {
		t.Errorf("a1 = %+v", a1)
	}
	if _, off := a2.Published.Zone(); off != 5*3600 || a2.Published.Hour() != 21 {
		t.Errorf("a2 published %v, want 21:30 +05:00 kept", a2.Published)
	}
	if docs[2].PublishedSource != sitrep.PublishedNone {
		t.Errorf("a4 source %q, want none", docs[2].PublishedSource)
	}
}

func TestReadJSONLLines(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		opt     Options
		ids     string
		wantErr []error
	}{
		{"crlf and no final newline", "{\"id\":\"a\",\"text\":\"x\"}\r\n{\"id\":\"b\",\"text\":\"y\"}", Options{}, "a b", nil},
		{"bom on first line", "\ufeff{\"id\":\"a\",\"text\":\"x\"}\n", Options{}, "a", nil},
		{"text kept verbatim", "{\"id\":\"a\",\"text\":\"  Leave a Reply\\r\\n\"}\n", Options{}, "a", nil},
		{"invalid utf-8", "{\"id\":\"a\",\"text\":\"caf\xe9\"}\n{\"id\":\"b\",\"text\":\"ok\"}\n", Options{}, "b", []error{ErrEncoding}},
		{"nul in text", `{"id":"a","text":"bad\u0000data"}`, Options{}, "", []error{ErrBinary}},
		{"empty text", `{"id":"a","text":"  "}`, Options{}, "", []error{ErrEmpty}},
		{"text too large", `{"id":"a","text":"0123456789"}` + "\n" + `{"id":"b","text":"ok"}`, Options{MaxBytes: 5}, "b", []error{ErrTooLarge}},
		{"line too long", `{"id":"a","text":"` + strings.Repeat("x", 200000) + `"}` + "\n" + `{"id":"b","text":"ok"}`, Options{MaxBytes: 10}, "b", []error{ErrTooLarge}},
		{"not an object", "[1,2]\n\"text\"\n", Options{}, "", []error{ErrBadLine, ErrBadLine}},
		{"wrong type", `{"id":"a","text":5}`, Options{}, "", []error{ErrBadLine}},
		{"two values", `{"id":"a","text":"x"} {"id":"b","text":"y"}`, Options{}, "", []error{ErrBadLine}},
		{"unknown fields ignored", `{"id":"a","text":"x","lang":"en"}`, Options{}, "a", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ids []string
			var errs []error
			err := ReadJSONL(strings.NewReader(tc.in), "in.jsonl", tc.opt, func(d sitrep.Document) error {
				ids = append(ids, d.ID)
				return nil
			}, func(_ string, err error) { errs = append(errs, err) })
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(ids, " ") != tc.ids {
				t.Errorf("ids %v, want %q", ids, tc.ids)
			}
			if len(errs) != len(tc.wantErr) {
				t.Fatalf("refusals %v, want %v", errs, tc.wantErr)
			}
			for i, w := range tc.wantErr {
				if !errors.Is(errs[i], w) || !strings.Contains(errs[i].Error(), "in.jsonl:") {
					t.Errorf("refusal %v, want %v with file and line", errs[i], w)
				}
			}
		})
	}
}

func TestTrimBoilerplate(t *testing.T) {
	const body = "Troops shelled the village on Monday.\nThree people died."
	tests := []struct {
		name, in, want, author string
	}{
		{"untouched", body + "\n", body + "\n", ""},
		{"comment form", body + "\n\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nComment\n\nName *\n\nEmail *\n\nWebsite\n\nPost Comment\n", body, ""},
		{"share bar in markdown", body + "\n\n**Share this:**\n\n- Click to share on X (Opens in new window)\n", body + "\n\n**Share this:**\n\n- Click to share on X (Opens in new window)\n", ""},
		{"share bar lines", body + "\n\n**Share this:**\nClick to share on X (Opens in new window)\nLike this:\n", body, ""},
		{"byline first", "By Jane Doe and John Roe\n\n" + body, body, "Jane Doe, John Roe"},
		{"byline with agency", "By Jane Doe, Reuters\n" + body, body, "Jane Doe"},
		{"sentence starting with By stays", body + "\nBy Sunday, the troops had left.", body + "\nBy Sunday, the troops had left.", ""},
		{"lead sentence starting with By stays", "By nightfall the town had fallen.\n" + body, "By nightfall the town had fallen.\n" + body, ""},
		{"writer note", body + "\nThe writer is a security analyst based in Lahore.", body, ""},
		{"writer note with name", body + "\n\n*(The writer is Sara Khan, a former diplomat.)*\n", body, "Sara Khan"},
		{"wire credits", body + "\n\nReporting by Jane Doe in Kabul; Editing by John Roe", body, "Jane Doe"},
		{"furniture at the start", "Advertisement\n\n" + body, body, ""},
		{"phrase in the middle stays", "Leave a Reply\nwas the sign on the gate.\n" + body, "Leave a Reply\nwas the sign on the gate.\n" + body, ""},
		{"crlf kept", "Troops left.\r\nTalks began.\r\n\r\nLeave a Reply\r\n", "Troops left.\r\nTalks began.", ""},
		{"byline under headline names author", "Town falls\nBy Jane Doe\n" + body, "Town falls\nBy Jane Doe\n" + body, "Jane Doe"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, author := trimBoilerplate(tc.in)
			if got != tc.want || author != tc.author {
				t.Errorf("got %q (author %q), want %q (author %q)", got, author, tc.want, tc.author)
			}
			if !strings.Contains(tc.in, got) {
				t.Errorf("kept text is not a substring of the input")
			}
		})
	}
}

func TestMarkdownTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"# Talks resume\ntext", "Talks resume"},
		{"intro\n\n#  Talks resume  ##\n", "Talks resume"},
		{"```\n# code\n```\n# Real\n", "Real"},
		{"Talks resume\n============\nbody", "Talks resume"},
		{"## Only a subheading\n#hashtag", ""},
	}
	for _, tc := range tests {
		if got := markdownTitle(tc.in); got != tc.want {
			t.Errorf("markdownTitle(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHTMLDateSources(t *testing.T) {
	page := func(head, body string) string {
		return "<html><head>" + head + "</head><body>" + body +
			"<article><p>Fighters attacked a police post on the highway late on Tuesday, officials said, and the road stayed closed for hours afterwards while the army searched nearby villages.</p></article></body></html>"
	}
	tests := []struct {
		name, html, want string // want in RFC 3339, "" for none
	}{
		{"json-ld graph", page(`<script type="application/ld+json">{"@graph":[{"@type":"WebPage","datePublished":"2020-01-01"},{"@type":"NewsArticle","datePublished":"2025-03-04T06:30:00-05:00"}]}</script>`, ""), "2025-03-04T06:30:00-05:00"},
		{"json-ld array, broken json", page(`<script type="application/ld+json">{"@type":"NewsArticle", "datePublished": "2025-03-04T06:30:00+04:30", }</script>`, ""), "2025-03-04T06:30:00+04:30"},
		{"article meta beats og", page(`<meta property="og:published_time" content="2024-01-01"><meta property="article:published_time" content="2025-03-04T09:00:00+01:00">`, ""), "2025-03-04T09:00:00+01:00"},
		{"parsely", page(`<meta name="parsely-pub-date" content="2025-03-04T10:00:00Z">`, ""), "2025-03-04T10:00:00Z"},
		{"dc.date", page(`<meta name="DC.date" content="2025-03-04">`, ""), "2025-03-04T00:00:00Z"},
		{"itemprop", page("", `<span itemprop="datePublished" content="2025-03-04T08:00:00+03:00">4 March</span>`), "2025-03-04T08:00:00+03:00"},
		{"time tag in article", page("", `<article><time datetime="2025-03-04T11:15+05:00">4 March</time></article>`), "2025-03-04T11:15:00+05:00"},
		{"time tag outside article ignored", page("", `<aside><time datetime="2019-01-01T00:00:00Z">old</time></aside>`), ""},
		{"garbage date ignored", page(`<meta property="article:published_time" content="yesterday">`, ""), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root, err := html.Parse(strings.NewReader(tc.html))
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if m := scanMeta(root); !m.published.IsZero() {
				got = m.published.Format(time.RFC3339)
			}
			if got != tc.want {
				t.Errorf("published %q, want %q", got, tc.want)
			}
			if tc.want == "" {
				return
			}
			doc, err := FromHTML(strings.NewReader(tc.html), "https://example.org/x", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.URL != "https://example.org/x" || doc.ID != "https://example.org/x" {
				t.Errorf("URL/ID = %q/%q", doc.URL, doc.ID)
			}
			if !doc.Published.Equal(mustTime(t, tc.want)) || doc.PublishedSource != sitrep.PublishedMetadata {
				t.Errorf("document published %v (%s), want %s from metadata", doc.Published, doc.PublishedSource, tc.want)
			}
		})
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestFromHTMLText(t *testing.T) {
	in := `<html><head><meta charset="windows-1252"><title>T</title></head><body><article>` +
		"<p>Fighting on <b>Wednesday</b> stopped near the <i>river</i>, officials said in a statement read out to reporters in the caf\xe9.</p>" +
		"<ul><li>Two soldiers wounded</li><li>One bridge destroyed</li></ul>" +
		"<p>Line one<br>line two, and a few more words so that this paragraph reads like content.</p></article></body></html>"
	doc, err := FromHTML(strings.NewReader(in), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Fighting on Wednesday stopped near the river,", "in the café.", "\nTwo soldiers wounded\nOne bridge destroyed\n", "Line one\nline two"} {
		if !strings.Contains(doc.Text, w) {
			t.Errorf("text lacks %q:\n%s", w, doc.Text)
		}
	}
	// A UTF-16 page with a byte order mark is decoded, not refused as binary.
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(
		"<html><body><article><p>Talks between the two governments resumed in Doha on Saturday after a week of clashes along the border, mediators said.</p></article></body></html>")
	if doc, err := FromHTML(strings.NewReader(u16), "", Options{}); err != nil || !strings.Contains(doc.Text, "resumed in Doha") {
		t.Errorf("UTF-16 page: %v %q", err, doc.Text)
	}
	for _, bad := range []string{"", "<html>", "\x00\x01\x02", "<p>\x00</p>", strings.Repeat("<div>", 5000) + "deep"} {
		if _, err := FromHTML(strings.NewReader(bad), "", Options{}); err == nil && strings.TrimSpace(bad) == "" {
			t.Errorf("FromHTML(%q) accepted an empty page", bad)
		}
	}
}

// The seeds are real reports saved as text: only 001's comment form and 003's
// author note may be cut; everything else must survive byte for byte.
func TestSeeds(t *testing.T) {
	files, _ := filepath.Glob("../../shared/seeds/*.txt")
	if len(files) == 0 {
		t.Skip("../../shared/seeds not present (it lives beside the repo)")
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ReadFile(f, Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !strings.HasPrefix(string(raw), doc.Text) {
			t.Fatalf("%s: text is not a prefix of the file", f)
		}
		cut := strings.TrimSpace(string(raw)[len(doc.Text):])
		base := filepath.Base(f)
		switch {
		case strings.HasPrefix(base, "001_"):
			if !strings.HasPrefix(cut, "Leave a Reply") || !strings.Contains(cut, "Your email address will not be published") {
				t.Errorf("%s: cut %q, want the comment form", base, cut)
			}
		case strings.HasPrefix(base, "003_"):
			if !strings.HasPrefix(cut, "The writer is") || strings.Contains(cut, "\n") {
				t.Errorf("%s: cut %q, want only the author note", base, cut)
			}
		default:
			if cut != "" {
				t.Errorf("%s: cut %q, want nothing", base, cut)
			}
		}
	}
}

func TestParseRules(t *testing.T) {
	if len(rules.tail) == 0 || len(rules.bylines) == 0 {
		t.Fatal("embedded boilerplate rules are empty")
	}
	if _, err := parseRules("oops leave a reply"); err == nil {
		t.Error("unknown rule kind accepted")
	}
}
