package ingest

import (
	"bytes"
	"fmt"
	"io"
	nurl "net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/sitrep-dev/sitrep"
)

// maxExtractDepth is the deepest element tree given to the extractor, whose
// cost grows with depth squared (5,000 nested divs take seconds). Real pages
// stay far below; deeper ones get the plain visible-text fallback.
const maxExtractDepth = 400

// maxExtractText is the most page text given to the extractor, whose time
// grows with the square of the text (256 KB: 0.2 s; 2 MB: 5.5 s and 300 MB of
// memory). News articles are far smaller; longer pages get the visible text.
const maxExtractText = 256 << 10

// maxExtractElements bounds the element tree given to the extractor (10,000
// elements: 0.3 s and 115 MB). Bigger pages first lose their furniture (nav,
// footer, aside, forms, svg), which the extractor would drop anyway; if still
// too big, they get the visible text.
const maxExtractElements = 15000

// pruneFurniture removes subtrees that never hold article text and returns the
// number of elements left.
func pruneFurniture(root *html.Node) int {
	count := 0
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode {
				switch c.DataAtom {
				case atom.Nav, atom.Footer, atom.Aside, atom.Form, atom.Svg, atom.Noscript, atom.Iframe,
					atom.Select, atom.Template, atom.Button, atom.Style:
					n.RemoveChild(c)
				default:
					count++
					stack = append(stack, c)
				}
			}
			c = next
		}
	}
	return count
}

// FromHTML extracts the main text and metadata of an HTML page: title, site
// name (Outlet), author, canonical URL and the publication date with its time
// zone. url, when known, is where the page came from; it becomes Document.ID
// and Document.URL. The raw page may be up to 4×opt.MaxBytes; its text must fit
// in opt.MaxBytes. Broken markup is tolerated; the page is refused (an *Error)
// only when it is binary, too large or has no text.
func FromHTML(r io.Reader, url string, opt Options) (sitrep.Document, error) {
	name := url
	if name == "" {
		name = "html"
	}
	data, err := readLimited(r, name, opt.maxBytes()*htmlMarkupFactor)
	if err != nil {
		return sitrep.Document{}, err
	}
	doc, err := fromHTMLBytes(data, url, opt)
	if err != nil {
		return doc, nameError(err, name)
	}
	return doc, nil
}

// fromHTMLBytes does the work of FromHTML; its errors are named by the caller.
func fromHTMLBytes(data []byte, url string, opt Options) (doc sitrep.Document, err error) {
	defer func() {
		// The extractor is a large third-party port; a page that trips it
		// must cost one document, not the batch.
		if p := recover(); p != nil {
			doc, err = sitrep.Document{}, &Error{Err: fmt.Errorf("HTML extraction failed: %v", p)}
		}
	}()
	utf16 := len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF)
	head := data[:min(len(data), sniffLen)]
	if i := bytes.IndexByte(head, 0); i >= 0 && !utf16 {
		return sitrep.Document{}, &Error{Err: ErrBinary, Detail: fmt.Sprintf("NUL byte at offset %d", i)}
	}
	// Declared charsets (BOM, <meta charset>) win; undeclared pages are
	// UTF-8 when they validate and windows-1252 otherwise, as browsers do.
	enc, _, _ := charset.DetermineEncoding(data, "")
	if decoded, derr := enc.NewDecoder().Bytes(data); derr == nil {
		data = decoded
	}
	data = bytes.TrimPrefix(data, utf8BOM)

	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		// The parser refuses pathological trees (elements nested hundreds
		// deep); their text is still worth reading, without the tree.
		data = flattenHTML(data)
		if root, err = html.Parse(bytes.NewReader(data)); err != nil {
			return sitrep.Document{}, &Error{Err: fmt.Errorf("HTML parse: %w", err)}
		}
	}
	meta := scanMeta(root)

	var text string
	var tm article
	elements := meta.elements
	if elements > maxExtractElements {
		elements = pruneFurniture(root)
	}
	if meta.depth <= maxExtractDepth && meta.textBytes <= maxExtractText && elements <= maxExtractElements {
		text, tm = extractArticle(data, url)
	}
	if strings.TrimSpace(text) == "" {
		text = visibleText(root)
	} else if !strings.Contains(text, "\n") {
		text = restoreBlocks(text, visibleText(root))
	}
	text = strings.ToValidUTF8(text, "\uFFFD")
	text, byline := trimBoilerplate(text)
	if strings.TrimSpace(text) == "" {
		return sitrep.Document{}, &Error{Err: ErrEmpty, Detail: "no article text found in the page"}
	}
	if int64(len(text)) > opt.maxBytes() {
		return sitrep.Document{}, &Error{Err: ErrTooLarge, Detail: fmt.Sprintf("extracted text has %d bytes, limit %d", len(text), opt.maxBytes())}
	}

	doc = sitrep.Document{
		ID:              url,
		Text:            text,
		Title:           firstNonEmpty(tm.Title, meta.title),
		Outlet:          firstNonEmpty(tm.Sitename, meta.site),
		URL:             firstNonEmpty(url, meta.url),
		Author:          firstNonEmpty(tm.Author, meta.author, byline),
		PublishedSource: sitrep.PublishedNone,
	}
	switch {
	case !meta.published.IsZero():
		doc.Published = meta.published
	case !tm.Date.IsZero():
		doc.Published = tm.Date // the extractor's reading of the page's dates
	}
	if !doc.Published.IsZero() {
		doc.PublishedGranularity = sitrep.GranularityDay
		doc.PublishedSource = sitrep.PublishedMetadata
	}
	for _, s := range []*string{&doc.Title, &doc.Outlet, &doc.URL, &doc.Author} {
		*s = strings.Join(strings.Fields(strings.ToValidUTF8(*s, "")), " ")
	}
	return doc, nil
}

// article is what the extractor found besides the text.
type article struct {
	Title, Sitename, Author string
	Date                    time.Time
}

// extractArticle runs the article extractor (go-readability v2, a port of
// Mozilla's Readability). go-trafilatura scores a little better on published
// benchmarks, but linking it costs every sitrep command about 200 ms and
// 56 MB at start-up (go-dateparser's data tables, pulled in through
// go-htmldate), over the whole program's start-up budget. The extractor
// parses its own copy of the page because it rewrites the tree it is given,
// and the caller may still need the original for the fallback text.
func extractArticle(data []byte, url string) (string, article) {
	var u *nurl.URL
	if parsed, err := nurl.Parse(url); url != "" && err == nil && parsed.Host != "" {
		u = parsed
	}
	res, err := readability.FromReader(bytes.NewReader(data), u)
	if err != nil || res.Node == nil {
		return "", article{}
	}
	a := article{Title: res.Title(), Sitename: res.SiteName(), Author: res.Byline()}
	if t, err := res.PublishedTime(); err == nil {
		a.Date = t
	}
	return blockText(res.Node, false), a
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// visibleText is the fallback when the extractor finds no article: the text of
// the page without scripts and page furniture.
func visibleText(root *html.Node) string { return blockText(root, true) }

// blockText renders a tree as text with one line per block element (paragraph,
// heading, list item, table row …) and spaces collapsed inside blocks, so that
// sentence and paragraph boundaries survive. furniture drops nav, header,
// footer, aside and forms.
func blockText(root *html.Node, furniture bool) string {
	var out, block strings.Builder
	flush := func() {
		t := strings.Join(strings.Fields(block.String()), " ")
		block.Reset()
		if t == "" {
			return
		}
		if out.Len() > 0 {
			out.WriteByte('\n')
		}
		out.WriteString(t)
	}
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil {
			flush() // end of a block element
			continue
		}
		switch n.Type {
		case html.TextNode:
			block.WriteString(n.Data)
			continue
		case html.ElementNode:
			// The extractor may build nodes by name only, without DataAtom.
			a := n.DataAtom
			if a == 0 {
				a = atom.Lookup([]byte(n.Data))
			}
			if a == atom.Head {
				continue
			}
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe,
				atom.Button, atom.Select:
				continue
			case atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form:
				if furniture {
					continue
				}
			}
			if blockElements[a] {
				flush()
				stack = append(stack, nil)
			} else if a == atom.Br {
				flush()
			} else if a == atom.Td || a == atom.Th {
				block.WriteByte(' ')
			}
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	flush()
	return strings.ToValidUTF8(out.String(), "\uFFFD")
}

var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.Figure: true, atom.Figcaption: true, atom.Header: true, atom.Footer: true, atom.Hr: true,
	atom.Body: true, atom.Html: true, atom.Details: true, atom.Summary: true, atom.Caption: true,
}

// restoreBlocks mends an extraction that came back as one block with
// paragraphs glued together ("said.Two soldiers").
// When the same characters, spaces aside, appear in the visible text, that
// stretch of the visible text is returned instead, with its line breaks.
func restoreBlocks(extracted, visible string) string {
	squeeze := func(s string) (string, []int) {
		var b strings.Builder
		var pos []int
		for i, r := range s {
			if unicode.IsSpace(r) {
				continue
			}
			b.WriteRune(r)
			for range utf8.RuneLen(r) {
				pos = append(pos, i)
			}
		}
		return b.String(), pos
	}
	e, _ := squeeze(extracted)
	v, pos := squeeze(visible)
	i := strings.Index(v, e)
	if e == "" || i < 0 {
		return extracted
	}
	j := i + len(e) - 1
	_, size := utf8.DecodeRuneInString(visible[pos[j]:])
	return visible[pos[i] : pos[j]+size]
}

// flattenHTML rewrites a page as one paragraph per block of visible text,
// reading it as a token stream, which needs no element tree.
func flattenHTML(data []byte) []byte {
	var out bytes.Buffer
	var block strings.Builder
	flush := func() {
		if t := strings.Join(strings.Fields(block.String()), " "); t != "" {
			out.WriteString("<p>")
			out.WriteString(html.EscapeString(t))
			out.WriteString("</p>\n")
		}
		block.Reset()
	}
	out.WriteString("<html><body>")
	z := html.NewTokenizer(bytes.NewReader(data))
	skip := 0 // inside script, style and page furniture
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		name, _ := z.TagName()
		a := atom.Lookup(name)
		switch tt {
		case html.TextToken:
			if skip == 0 {
				block.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken:
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Nav, atom.Footer, atom.Aside, atom.Form:
				if tt == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			}
			if blockElements[a] || a == atom.Br {
				flush()
			}
		}
	}
	flush()
	out.WriteString("</body></html>")
	return out.Bytes()
}
