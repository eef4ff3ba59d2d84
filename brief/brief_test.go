package brief_test

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/brief"
	"github.com/sitrep-dev/sitrep/dedup"
	"github.com/sitrep-dev/sitrep/examples"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/internal/golden"
)

var (
	exOnce     sync.Once
	exRecs     []sitrep.Record
	exFamilies map[string]string
	exErr      error
	xOnce      sync.Once
	xtor       *extract.Extractor
	xErr       error
)

func extractor(t *testing.T) *extract.Extractor {
	t.Helper()
	xOnce.Do(func() { xtor, xErr = extract.New(extract.Options{}) })
	if xErr != nil {
		t.Fatal(xErr)
	}
	return xtor
}

// exampleRecords extracts the bundled examples as `sitrep brief FILES`
// would, with rewrite families found by dedup.
func exampleRecords(t *testing.T) ([]sitrep.Record, map[string]string) {
	t.Helper()
	x := extractor(t)
	exOnce.Do(func() {
		dir, err := os.MkdirTemp("", "brief-examples-")
		if err != nil {
			exErr = err
			return
		}
		defer os.RemoveAll(dir)
		if exErr = os.CopyFS(dir, examples.FS); exErr != nil {
			return
		}
		idx := dedup.NewIndex()
		exErr = ingest.Read([]string{dir}, ingest.Options{}, func(d sitrep.Document) error {
			d.ID = filepath.Base(d.ID)
			idx.Add(d.ID, dedup.Sign(d))
			exRecs = append(exRecs, x.Extract(d))
			return nil
		}, func(name string, err error) { exErr = err })
		exFamilies = map[string]string{}
		for _, fam := range idx.Families() {
			for _, id := range fam {
				exFamilies[id] = fam[0]
			}
		}
	})
	if exErr != nil {
		t.Fatal(exErr)
	}
	if len(exRecs) < 5 {
		t.Fatalf("want the 5 bundled examples, got %d records", len(exRecs))
	}
	return exRecs, exFamilies
}

func render(t *testing.T, in brief.Input) (md, page string) {
	t.Helper()
	var a, b bytes.Buffer
	if err := brief.Markdown(&a, in); err != nil {
		t.Fatalf("Markdown: %v", err)
	}
	if err := brief.HTML(&b, in); err != nil {
		t.Fatalf("HTML: %v", err)
	}
	return a.String(), b.String()
}

func TestExamplesGolden(t *testing.T) {
	recs, fams := exampleRecords(t)
	for _, tc := range []struct{ name, since string }{
		{"examples", ""},
		{"examples-since-2025-10-15", "2025-10-15"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := brief.FromRecords(recs, fams)
			in.Since = tc.since
			md, page := render(t, in)
			golden.Check(t, tc.name+".md", []byte(md))
			golden.Check(t, tc.name+".html", []byte(page))
			assertCited(t, md)
			assertNothingInvented(t, in, md)
			assertSafeHTML(t, page)
		})
	}
}

// What a reader of the examples brief must find in it.
func TestExamplesContent(t *testing.T) {
	recs, fams := exampleRecords(t)
	md, _ := render(t, brief.FromRecords(recs, fams))
	for _, want := range []string{
		"## Key developments", "## Disputed figures", "## Who accuses whom", "## Timeline", "## Sources",
		// the Pakistani soldiers' toll, both claimants side by side
		"**Military Forces of Pakistan**: 23", "**Zabihullah Mujahid**: 58", "Cannot both hold: **23**",
		// an accusation, grouped claimant → about
		"### **Amir Khan Muttaqi** → Government of Pakistan",
		"**accuses**: “Amir Khan Muttaqi has accused Islamabad",
		// the December 2024 strikes on the timeline
		"### **2024-12-24**",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("brief lacks %q", want)
		}
	}
}

func TestSince(t *testing.T) {
	recs, fams := exampleRecords(t)
	in := brief.FromRecords(recs, fams)
	in.Since = "2025-10-15"
	md, _ := render(t, in)
	dated := regexp.MustCompile(`^\s*- \*\*(\d{4}-\d{2}(?:-\d{2})?)\*\*`)
	for _, l := range strings.Split(md, "\n") {
		if m := dated.FindStringSubmatch(l); m != nil {
			if d := m[1]; d < "2025-10-15" && !strings.HasPrefix("2025-10-15", d) {
				t.Errorf("event before --since kept: %s", l)
			}
		}
	}
	if strings.Contains(md, "Amir Khan Muttaqi") {
		// 04 is published in 2025 only: not known to be on or after the date.
		t.Errorf("claim of a document not known to be published since the date kept")
	}
	if !strings.Contains(md, "2026-02-22") {
		t.Errorf("the February 2026 strikes are after the date and must stay")
	}
	for _, bad := range []string{"yesterday", "2025-13-01", "15/10/2025"} {
		in.Since = bad
		if err := brief.Markdown(&bytes.Buffer{}, in); err == nil {
			t.Errorf("since %q: want an error", bad)
		}
		if err := brief.HTML(&bytes.Buffer{}, in); err == nil {
			t.Errorf("since %q (HTML): want an error", bad)
		}
	}
}

func TestFamiliesCountedOnce(t *testing.T) {
	x := extractor(t)
	text := "PESHAWAR, Oct 13, 2025 - Afghan Taliban forces attacked Pakistani border posts in Kurram district on Sunday, officials said. The Pakistani military said at least 23 soldiers were killed."
	var recs []sitrep.Record
	for _, id := range []string{"wire-a", "wire-b"} {
		recs = append(recs, x.Extract(sitrep.Document{ID: id, Text: text, Title: "Clash in Kurram", Outlet: "Wire " + id}))
	}
	in := brief.FromRecords(recs, map[string]string{"wire-a": "f1", "wire-b": "f1"})
	md, page := render(t, in)
	if !strings.Contains(md, "- [1] and [2] are rewrites of one original: counted once.") {
		t.Errorf("family note missing:\n%s", md)
	}
	if !strings.Contains(md, "1 independent source") || strings.Contains(md, "2 independent sources") {
		t.Errorf("a rewrite family counts as one source:\n%s", md)
	}
	if !strings.Contains(page, `<a class="cite" href="#src-1">[1]</a> and <a class="cite" href="#src-2">[2]</a> are rewrites`) {
		t.Errorf("HTML family note missing")
	}
}

// hostile is text an attacker controls: markup, script, links, and
// direction overrides that make a name read backwards.
const hostile = "Officials said <script>alert(1)</script> and <img src=x onerror=alert(2)> " +
	"<a href=\"javascript:alert(3)\">here</a> [click](javascript:alert(4)) <javascript:alert(5)> " +
	"**bold** `code` &amp; | pipe ~~gone~~ \u202Egnp.exe\u202C \u2066iso\u2069 \u200Fmark."

func hostileInput(t *testing.T) brief.Input {
	x := extractor(t)
	doc := sitrep.Document{
		ID:     "evil<script>alert(6)</script>.html",
		Title:  "<script>alert(7)</script>Title \u202Eevil",
		Outlet: "<img src=x onerror=alert(8)>",
		URL:    "javascript:alert(9)",
		Text:   "ISLAMABAD, Oct 12, 2025 - Pakistani troops killed 12 militants in Kurram on Saturday, the military said. Pakistan accused the Taliban of sheltering fighters. " + hostile,
	}
	rec := x.Extract(doc)
	// The extractor quotes sentences; make sure every kind of untrusted
	// field carries the payload, whatever it found.
	ref := &sitrep.ActorRef{ID: "x-evil", Name: "<b onmouseover=alert(10)>Evil</b> \u202EGroup"}
	rec.Claims = append(rec.Claims,
		sitrep.Claim{Kind: sitrep.ClaimAccusation, Claimant: ref, About: ref, Mention: sitrep.Mention{Text: hostile}},
		sitrep.Claim{Kind: sitrep.ClaimDenial, Claimant: nil, About: ref, Mention: sitrep.Mention{Text: hostile}})
	pub := "2025-10-12"
	rec.Published = &pub
	date, prec, n := "2025-10-11", 1, 7
	rec.Events = append(rec.Events, sitrep.Event{
		ID: "evil", EventType: "Battles<script>", SubEventType: "Armed clash\u202E", EventDate: &date, TimePrecision: &prec,
		Actor1: ref, Location: "<img src=x onerror=alert(11)>", Country: "Pakistan", Fatalities: &n,
		FatalityClaims: []sitrep.FatalityClaim{{Count: &n, Qualifier: "exact", Victims: "soldiers", Claimant: ref, Mention: sitrep.Mention{Text: hostile}}},
		Evidence:       []sitrep.Mention{{Text: hostile}},
	})
	// A second document gives another toll for the same clash, from
	// another (hostile) claimant: a disputed, contradictory figure.
	rec2 := rec
	rec2.ID = "second"
	rec2.URL = "https://example.org/a?b=<script>&c=\"x\"&d=javascript:alert(12)"
	rec2.Events = append([]sitrep.Event(nil), rec.Events...)
	evil2 := rec2.Events[len(rec2.Events)-1]
	n2 := 30
	evil2.ID = "evil2"
	evil2.FatalityClaims = []sitrep.FatalityClaim{{Count: &n2, Qualifier: "exact", Victims: "soldiers",
		Claimant: &sitrep.ActorRef{ID: "x-other", Name: "Other <i>claimant</i>"}, Mention: sitrep.Mention{Text: hostile}}}
	rec2.Events[len(rec2.Events)-1] = evil2
	return brief.FromRecords([]sitrep.Record{rec, rec2}, nil)
}

func TestHostileDocument(t *testing.T) {
	in := hostileInput(t)
	md, page := render(t, in)
	if !strings.Contains(page, "alert(1)") || !strings.Contains(md, "alert(1)") {
		t.Fatalf("the hostile text should be shown, escaped, not dropped:\n%s", md)
	}
	assertSafeHTML(t, page)
	for _, bad := range []string{"<script", "<img", "<a href=\"javascript", "<b ", "<i>"} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("HTML contains %q unescaped", bad)
		}
	}
	// Markdown: no raw HTML, link, emphasis or code from the document.
	for i, l := range strings.Split(md, "\n") {
		for j := 0; j < len(l); j++ {
			switch l[j] {
			case '<', '>', '`', '*', '_', '[', ']', '&', '|', '~':
				if j > 0 && l[j-1] == '\\' {
					continue
				}
				if allowedMarkup(l, j) {
					continue
				}
				t.Errorf("line %d: unescaped %q at %d: %s", i+1, l[j], j, l)
				j = len(l)
			}
		}
	}
	for _, r := range md + page {
		if isBidi(r) {
			t.Fatalf("direction override U+%04X left in the output", r)
		}
	}
	if regexp.MustCompile(`(^|[^\\])\]\(|(^|[^\\])<javascript:`).MatchString(md) {
		t.Errorf("Markdown keeps a link of the document's")
	}
	assertCited(t, md)
	assertNothingInvented(t, in, md)
}

var citeRe = regexp.MustCompile(`^\[\d+\]`)

// allowedMarkup: the markup the writer itself emits (bold, citations,
// list bullets, headings).
func allowedMarkup(l string, j int) bool {
	switch l[j] {
	case '*':
		return strings.HasPrefix(l[j:], "**") || (j > 0 && l[j-1] == '*')
	case '[':
		return citeRe.MatchString(l[j:])
	case ']':
		k := strings.LastIndexByte(l[:j], '[')
		return k >= 0 && citeRe.MatchString(l[k:])
	}
	return false
}

func isBidi(r rune) bool {
	return r == '\u061C' || r == '\u200E' || r == '\u200F' || (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

var unescapedCite = regexp.MustCompile(`(^|[^\\])\[\d+\]`)

// assertCited: every statement (list item or heading inside a section
// other than Sources) carries a citation.
func assertCited(t *testing.T, md string) {
	t.Helper()
	inSources := false
	n := 0
	for _, l := range strings.Split(md, "\n") {
		s := strings.TrimSpace(l)
		if strings.HasPrefix(s, "## ") {
			inSources = s == "## Sources"
			continue
		}
		if inSources || !(strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "### ")) {
			continue
		}
		n++
		if !unescapedCite.MatchString(s) {
			t.Errorf("statement without a citation: %s", s)
		}
	}
	if n == 0 {
		t.Errorf("no statements in the brief")
	}
}

// assertNothingInvented: every word of the brief is either in its input
// or part of the brief's own wording (a string literal of the package, or
// its HTML template); every number outside the opening summary (which
// counts) and the citations is in the input.
func assertNothingInvented(t *testing.T, in brief.Input, md string) {
	t.Helper()
	var raw bytes.Buffer
	enc := json.NewEncoder(&raw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(in); err != nil {
		t.Fatal(err)
	}
	inputWords, inputNums := words(raw.String())
	own := ownWords(t)
	lines := strings.Split(md, "\n")
	for i, l := range lines {
		if i == 2 {
			continue // the summary: counts of what follows
		}
		l = unescapedCite.ReplaceAllString(l, "$1")
		ws, ns := words(l)
		for w := range ws {
			if !inputWords[w] && !own[w] {
				t.Errorf("line %d names %q, found neither in the input nor in the brief's wording: %s", i+1, w, l)
			}
		}
		for n := range ns {
			if !inputNums[n] {
				t.Errorf("line %d gives the number %s, not in the input: %s", i+1, n, l)
			}
		}
	}
}

// words splits text into lowercased letter runs and digit runs.
func words(s string) (ws, ns map[string]bool) {
	ws, ns = map[string]bool{}, map[string]bool{}
	fields := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, f := range fields {
		var letters, digits strings.Builder
		flush := func() {
			if letters.Len() > 0 {
				ws[strings.ToLower(letters.String())] = true
				letters.Reset()
			}
			if digits.Len() > 0 {
				ns[strings.TrimLeft(digits.String(), "0")] = true
				digits.Reset()
			}
		}
		for _, r := range f {
			if unicode.IsDigit(r) {
				if letters.Len() > 0 {
					flush()
				}
				digits.WriteRune(r)
			} else {
				if digits.Len() > 0 {
					flush()
				}
				letters.WriteRune(r)
			}
		}
		flush()
	}
	return ws, ns
}

var (
	ownOnce sync.Once
	ownSet  map[string]bool
)

// ownWords collects the words of the package's string literals and template.
func ownWords(t *testing.T) map[string]bool {
	t.Helper()
	ownOnce.Do(func() {
		ownSet = map[string]bool{}
		files, _ := filepath.Glob("*.go")
		fset := token.NewFileSet()
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(af, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					ws, _ := words(s)
					for w := range ws {
						ownSet[w] = true
					}
				}
				return true
			})
		}
		tmpl, err := os.ReadFile("brief.html.tmpl")
		if err != nil {
			t.Fatal(err)
		}
		ws, _ := words(string(tmpl))
		for w := range ws {
			ownSet[w] = true
		}
	})
	return ownSet
}
