package web

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// maxPageWeight is the most a page may weigh with everything it loads:
// its HTML, scripts, styles, icon and the data its scripts fetch.
const maxPageWeight = 1_500_000

// pageResources lists the URLs a page loads: script and link sources and
// the data-* URLs its scripts fetch.
func pageResources(page string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		for _, a := range tok.Attr {
			switch {
			case tok.Data == "script" && a.Key == "src", tok.Data == "link" && a.Key == "href",
				strings.HasPrefix(a.Key, "data-") && strings.HasPrefix(a.Val, "/"):
				out = append(out, a.Val)
			}
		}
	}
}

func TestPageWeight(t *testing.T) {
	s := newTestServer(t, "examples", Config{})
	st, _ := fixture(t, "examples")
	heaviest, heaviestPath := 0, ""
	for _, p := range pagePaths(t, st) {
		if strings.Contains(p, ".json") {
			continue
		}
		res, body := get(t, s.Handler(), p)
		if res.StatusCode != 200 {
			t.Errorf("GET %s: %d", p, res.StatusCode)
			continue
		}
		total := len(body)
		for _, u := range pageResources(body) {
			r, b := get(t, s.Handler(), u)
			if r.StatusCode != 200 {
				t.Errorf("%s loads %s: %d", p, u, r.StatusCode)
			}
			total += len(b)
		}
		if total > heaviest {
			heaviest, heaviestPath = total, p
		}
		if total > maxPageWeight {
			t.Errorf("%s weighs %d bytes with what it loads, more than %d", p, total, maxPageWeight)
		}
	}
	t.Logf("heaviest page: %s, %d bytes", heaviestPath, heaviest)
}
