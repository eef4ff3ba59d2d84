package ingest

import (
	"encoding/json"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what the page says about itself in JSON-LD and <meta> tags.
// sitrep reads the date itself because the extractor reduces it to a UTC day,
// and "Wednesday night" needs the writer's own time zone.
type pageMeta struct {
	published time.Time
	rank      int // source of published; lower is more trusted
	title     string
	site      string
	author    string
	url       string
	depth     int // of the element tree; the extractor slows down on deep trees
	textBytes int // text outside scripts and styles; the extractor is quadratic in it
	elements  int // element count; the extractor's time and memory grow with it
}

// Ranks of date sources, most trusted first.
const (
	rankLDArticle   = iota + 1 // JSON-LD datePublished of an Article-like object
	rankLD                     // JSON-LD datePublished of any object
	rankArticleMeta            // article:published_time
	rankOGMeta                 // og:published_time
	rankItemprop               // itemprop="datePublished"
	rankOtherMeta              // parsely-pub-date, pubdate, dc.date, date …
	rankTimeTag                // <time datetime> inside <article>, or with pubdate
	rankNone
)

// metaDateRanks maps lower-cased <meta> name/property values to their rank.
var metaDateRanks = map[string]int{
	"article:published_time":    rankArticleMeta,
	"og:published_time":         rankOGMeta,
	"og:article:published_time": rankOGMeta,
	"parsely-pub-date":          rankOtherMeta,
	"pubdate":                   rankOtherMeta,
	"publishdate":               rankOtherMeta,
	"publish-date":              rankOtherMeta,
	"publish_date":              rankOtherMeta,
	"dc.date":                   rankOtherMeta,
	"dc.date.issued":            rankOtherMeta,
	"dcterms.date":              rankOtherMeta,
	"dcterms.issued":            rankOtherMeta,
	"dcterms.created":           rankOtherMeta,
	"date":                      rankOtherMeta,
	"sailthru.date":             rankOtherMeta,
}

// scanMeta walks the document once, without recursion (broken pages can nest
// thousands of levels deep).
func scanMeta(root *html.Node) pageMeta {
	m := pageMeta{rank: rankNone}
	type item struct {
		n         *html.Node
		inArticle bool
		depth     int
	}
	stack := []item{{root, false, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n, inArticle := it.n, it.inArticle
		m.depth = max(m.depth, it.depth)
		if n.Type == html.ElementNode {
			m.elements++
		}
		if n.Type == html.TextNode && n.Parent != nil {
			switch n.Parent.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
			default:
				m.textBytes += len(n.Data)
			}
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				m.metaTag(n)
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
					m.jsonLD(n.FirstChild.Data)
				}
			case atom.Time:
				if dt := attr(n, "datetime"); dt != "" {
					r := rankNone
					switch {
					case strings.EqualFold(attr(n, "itemprop"), "datePublished"):
						r = rankItemprop
					case hasAttr(n, "pubdate") || inArticle:
						r = rankTimeTag
					}
					m.offer(dt, r)
				}
			case atom.Article:
				inArticle = true
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && m.url == "" {
					m.url = strings.TrimSpace(attr(n, "href"))
				}
			default:
				if strings.EqualFold(attr(n, "itemprop"), "datePublished") {
					m.offer(firstNonEmpty(attr(n, "content"), attr(n, "datetime")), rankItemprop)
				}
			}
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, item{c, inArticle, it.depth + 1})
		}
	}
	return m
}

func (m *pageMeta) metaTag(n *html.Node) {
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		return
	}
	if strings.EqualFold(attr(n, "itemprop"), "datePublished") {
		m.offer(content, rankItemprop)
	}
	for _, key := range []string{"property", "name"} {
		k := strings.ToLower(strings.TrimSpace(attr(n, key)))
		if k == "" {
			continue
		}
		if r, ok := metaDateRanks[k]; ok {
			m.offer(content, r)
		}
		switch k {
		case "og:site_name":
			m.site = firstNonEmpty(m.site, content)
		case "og:title", "twitter:title":
			m.title = firstNonEmpty(m.title, content)
		case "author", "article:author", "parsely-author", "dc.creator":
			if !strings.HasPrefix(content, "http") {
				m.author = firstNonEmpty(m.author, content)
			}
		case "og:url":
			m.url = firstNonEmpty(m.url, content)
		}
	}
}

// offer keeps a date candidate when its source beats the current one.
func (m *pageMeta) offer(value string, rank int) {
	if rank >= m.rank {
		return
	}
	if t, ok := parseMetaDate(value); ok {
		m.published, m.rank = t, rank
	}
}

// jsonLD reads datePublished (also inside @graph), headline, author and
// publisher from one JSON-LD block. Invalid JSON, common in the wild, still
// yields its datePublished through a plain string search.
func (m *pageMeta) jsonLD(src string) {
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		if i := strings.Index(src, `"datePublished"`); i >= 0 {
			rest := strings.TrimLeft(src[i+len(`"datePublished"`):], " \t\r\n")
			if strings.HasPrefix(rest, ":") {
				rest = strings.TrimLeft(rest[1:], " \t\r\n")
				if strings.HasPrefix(rest, `"`) {
					if j := strings.IndexByte(rest[1:], '"'); j >= 0 {
						m.offer(rest[1:1+j], rankLD)
					}
				}
			}
		}
		return
	}
	m.walkLD(v, 0)
}

func (m *pageMeta) walkLD(v any, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			m.walkLD(e, depth+1)
		}
	case map[string]any:
		article := isArticleType(x["@type"])
		if s, ok := x["datePublished"].(string); ok {
			r := rankLD
			if article {
				r = rankLDArticle
			}
			m.offer(s, r)
		}
		if article {
			if s, ok := x["headline"].(string); ok {
				m.title = firstNonEmpty(m.title, s)
			}
			if a := ldName(x["author"]); a != "" {
				m.author = firstNonEmpty(m.author, a)
			}
			if p := ldName(x["publisher"]); p != "" {
				m.site = firstNonEmpty(m.site, p)
			}
		}
		if g, ok := x["@graph"]; ok {
			m.walkLD(g, depth+1)
		}
	}
}

// isArticleType accepts schema.org types for reports: NewsArticle,
// ReportageNewsArticle, BlogPosting, Report and the like.
func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return strings.HasSuffix(x, "Article") || strings.HasSuffix(x, "Posting") || x == "Report"
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// ldName reads a name from a string, a {"name": …} object or a list of them.
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, "http") {
			return ""
		}
		return x
	case map[string]any:
		s, _ := x["name"].(string)
		return s
	case []any:
		var names []string
		for _, e := range x {
			if s := ldName(e); s != "" {
				names = append(names, s)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// metaDateLayouts are the timestamp shapes found in page metadata.
var metaDateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 MST",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	time.DateOnly,
	"20060102",
	"2006/01/02",
}

// parseMetaDate parses a metadata timestamp, keeping its offset. Times without
// an offset are read as UTC. Implausible years are rejected.
func parseMetaDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	for _, l := range metaDateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if y := t.Year(); y < 1900 || y > 2200 {
				return time.Time{}, false
			}
			return t, true
		}
	}
	return time.Time{}, false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}
