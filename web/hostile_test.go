package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode"

	sitrep "github.com/sitrep-dev/sitrep"
	"golang.org/x/net/html"
)

// allowedElements are the elements the templates write; a document can
// add none.
var allowedElements = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`html head meta title link script body a header nav ul ol li form label input
		button main h1 h2 h3 h4 p section div table caption thead tbody tr th td span strong q blockquote dl dt dd
		mark article aside footer details summary select option code br em`) {
		allowedElements[e] = true
	}
}

// unsafeMarkup parses a page and reports what could run or restyle it:
// an element the templates never write, an event handler or style
// attribute, a script or data URL, a script not served from /static/.
func unsafeMarkup(page string) []string {
	var bad []string
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return bad
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if !allowedElements[tok.Data] {
			bad = append(bad, "element <"+tok.Data+">")
		}
		for _, a := range tok.Attr {
			k, v := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
			switch {
			case strings.HasPrefix(k, "on"), k == "style", k == "srcdoc", k == "formaction":
				bad = append(bad, "attribute "+k+" on <"+tok.Data+">")
			case (k == "href" || k == "src" || k == "action" || k == "data") &&
				(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:")):
				bad = append(bad, k+"="+v)
			}
		}
		if tok.Data == "script" {
			src := ""
			for _, a := range tok.Attr {
				if a.Key == "src" {
					src = a.Val
				}
			}
			if !strings.HasPrefix(src, "/static/") {
				bad = append(bad, "script without a /static/ source")
			} else if z.Next() != html.EndTagToken {
				bad = append(bad, "script with content")
			}
		}
	}
}

func hostileRune(r rune) bool {
	return isBidi(r) || r == '\uFEFF' || (unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r')
}

// TestHostileDocuments feeds documents written to attack the UI (script
// tags, event handlers, javascript: and data: links, SVG and CSS
// payloads, direction overrides, control characters) through ingest and
// checks every page and data answer: the text is shown, escaped, and
// nothing can execute. The browser test runs the same pages in Chromium.
func TestHostileDocuments(t *testing.T) {
	s := newTestServer(t, "hostile", Config{})
	st, _ := fixture(t, "hostile")
	docs, err := st.Documents(context.Background(), sitrep.DocumentFilter{})
	if err != nil || len(docs) < 5 {
		t.Fatalf("hostile store: %d documents, %v", len(docs), err)
	}
	evs, _, err := allPictureEvents(context.Background(), st, sitrep.PictureFilter{}, 100)
	if err != nil || len(evs) == 0 {
		t.Fatalf("hostile store: no events (%v): the corpus must reach the event pages", err)
	}
	paths := append(pagePaths(t, st), "/search?q=script", "/search?q=alert", "/search?q=onerror")
	escaped := false
	for _, p := range paths {
		res, body := get(t, s.Handler(), p)
		if res.StatusCode != 200 {
			t.Errorf("GET %s: %d", p, res.StatusCode)
			continue
		}
		if strings.ContainsFunc(body, hostileRune) {
			i := strings.IndexFunc(body, hostileRune)
			t.Errorf("GET %s: direction or control character near %q", p, body[max(0, i-40):min(len(body), i+40)])
		}
		if strings.Contains(p, ".json") {
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || strings.Contains(body, "<") {
				t.Errorf("GET %s: JSON with raw markup (%s)", p, res.Header.Get("Content-Type"))
			}
			continue
		}
		for _, b := range unsafeMarkup(body) {
			t.Errorf("GET %s: %s", p, b)
		}
		if strings.Contains(body, "&lt;script&gt;") {
			escaped = true
		}
	}
	if !escaped {
		t.Error("no page shows the hostile text escaped: the corpus did not reach the pages")
	}
}

func TestCleanAndHighlight(t *testing.T) {
	cases := []struct{ in, want string }{
		{"a\u202Eb\u202Cc", "abc"},
		{"  two\n\nlines\t ", "two lines"},
		{"nul\x00bell\x07", "nulbell"},
		{"bad \xff utf8", "bad utf8"},
		{"isolate \u2066x\u2069", "isolate x"},
	}
	for _, c := range cases {
		if got := clean(c.in); got != c.want {
			t.Errorf("clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	got := string(highlight("Émile <b>struck</b> Khost", []mark{{Start: 6, End: 19, Class: "evidence"}, {Start: 8, End: 9, Class: "inner"}}, false))
	want := `Émile <mark class="evidence">&lt;b&gt;struck&lt;/b&gt;</mark> Khost`
	if got != want {
		t.Errorf("highlight = %q, want %q", got, want)
	}
	for _, u := range []string{"javascript:alert(1)", "data:text/html,x", " http://x.test/a b", "//evil.test", "http://ok\u202E.test"} {
		if safeURL(u) != "" {
			t.Errorf("safeURL(%q) kept it", u)
		}
	}
	if safeURL("https://example.org/a?b=c") == "" {
		t.Error("safeURL dropped a good address")
	}
	if got := string(markSnippet("a " + hitOpen + "<b>" + hitClose + " " + hitClose + "c" + hitOpen)); got != "a <mark>&lt;b&gt;</mark> c<mark></mark>" {
		t.Errorf("markSnippet = %q", got)
	}
}

// TestUnsafeMarkupFinds keeps the checker honest: each payload is found.
func TestUnsafeMarkupFinds(t *testing.T) {
	for _, page := range []string{
		`<p>x<script>alert(1)</script></p>`,
		`<img src=x onerror=alert(1)>`,
		`<a href=" JavaScript:alert(1)">x</a>`,
		`<svg onload=alert(1)>`,
		`<p style="background:url(x)">`,
		`<iframe srcdoc="<script>alert(1)</script>">`,
		`<script src="/static/app.js">alert(1)</script>`,
		`<a href="data:text/html,x">x</a>`,
	} {
		if len(unsafeMarkup(page)) == 0 {
			t.Errorf("unsafeMarkup(%q) found nothing", page)
		}
	}
	if bad := unsafeMarkup(`<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="/events/1">x</a></p><script src="/static/app.js?v=1" defer></script>`); len(bad) != 0 {
		t.Errorf("escaped text flagged: %v", bad)
	}
}

// TestRewriteFamilies checks the documents pages show rewrite families:
// the hostile corpus holds a rewrite of its first document.
func TestRewriteFamilies(t *testing.T) {
	s := newTestServer(t, "hostile", Config{})
	st, _ := fixture(t, "hostile")
	fams, err := st.Families(context.Background())
	if err != nil || len(fams) == 0 {
		t.Skipf("the store found no rewrite family (%v): nothing to show", err)
	}
	_, body := get(t, s.Handler(), "/documents")
	if !strings.Contains(body, "Rewrite families") {
		t.Error("documents page: no rewrite families")
	}
	_, body = get(t, s.Handler(), fmt.Sprintf("/documents/%d", fams[0].Docs[0]))
	if !strings.Contains(body, "Rewrites of the same original") {
		t.Error("document page: no link to its rewrites")
	}
}
