package brief_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// assertSafeHTML parses the page as a browser would and checks that no
// element can run script or leave the page.
func assertSafeHTML(t *testing.T, page string) {
	t.Helper()
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "iframe", "object", "embed", "img", "form", "base", "link", "svg", "math":
				t.Errorf("element <%s> in the brief", n.Data)
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				val := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if strings.HasPrefix(key, "on") {
					t.Errorf("event handler attribute %s=%q on <%s>", a.Key, a.Val, n.Data)
				}
				if (key == "href" || key == "src") && !(strings.HasPrefix(val, "#") || strings.HasPrefix(val, "https://") || strings.HasPrefix(val, "http://")) {
					t.Errorf("<%s %s=%q>: only in-page and web links allowed", n.Data, a.Key, a.Val)
				}
				if key == "style" {
					t.Errorf("inline style attribute on <%s>", n.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
}
