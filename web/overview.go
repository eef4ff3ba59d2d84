package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/brief"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// briefEvents bounds the picture events the overview's brief is made of:
// the latest ones, so the page stays fast on a large store.
const briefEvents = 400

type overviewView struct {
	Documents, Events, Contested, Families, Episodes, Disputed int
	Brief                                                      template.HTML
	Latest                                                     []eventRow
	Figures                                                    []quantityView
}

// overviewTTL is how long a computed overview is shown again: it reads
// the latest events and every count, and writes through this server
// refresh it at once.
const overviewTTL = 15 * time.Second

// overviewCache keeps the last overview.
type overviewCache struct {
	mu   sync.Mutex
	at   time.Time
	gen  uint64
	view overviewView
}

func (p *pages) overview(w http.ResponseWriter, r *http.Request) {
	c := &p.ovCache
	c.mu.Lock()
	defer c.mu.Unlock()
	gen := p.writes.Load()
	if c.at.IsZero() || c.gen != gen || time.Since(c.at) > overviewTTL {
		v, err := p.overviewData(r.Context())
		if err != nil {
			p.fail(w, r, err)
			return
		}
		c.view, c.at, c.gen = v, time.Now(), gen
	}
	p.render(w, r, http.StatusOK, "overview", "Overview", "/", c.view)
}

// overviewFigures is the number of disputed figures the overview shows.
const overviewFigures = 8

// briefClaims bounds the claims the overview's brief weighs: the latest.
const briefClaims = 2000

// overviewData reads the counts the store keeps and, for the brief, the
// latest events with only their own ledger lines, episodes and cited
// documents: what it reads does not grow with the store.
func (p *pages) overviewData(ctx context.Context) (overviewView, error) {
	var v overviewView
	n, err := p.store.Counts(ctx)
	if err != nil {
		return v, err
	}
	v.Documents, v.Events, v.Contested, v.Families, v.Episodes, v.Disputed =
		n.Documents, n.Events, n.Contested, n.Families, n.Episodes, n.Disputed
	evs, _, err := allPictureEvents(ctx, p.store, sitrep.PictureFilter{}, briefEvents)
	if err != nil {
		return v, err
	}
	ids := make([]int64, len(evs))
	for i := range evs {
		ids[i] = evs[i].ID
	}
	ledger, err := p.store.EventQuantities(ctx, ids)
	if err != nil {
		return v, err
	}
	eps, err := p.store.EventEpisodes(ctx, ids)
	if err != nil {
		return v, err
	}
	figs, err := p.store.Quantities(ctx, sitrep.QuantityFilter{Contested: true, Page: sitrep.Page{Limit: overviewFigures}})
	if err != nil {
		return v, err
	}
	claims, err := p.store.Claims(ctx, sitrep.ClaimFilter{Page: sitrep.Page{Limit: briefClaims}})
	if err != nil {
		return v, err
	}
	docs, err := p.docsByID(ctx, brief.CitedDocs(evs, slices.Concat(ledger, figs), claims))
	if err != nil {
		return v, err
	}
	for _, q := range figs {
		v.Figures = append(v.Figures, newQuantityView(q, docs))
	}
	for i := range evs[:min(len(evs), 10)] {
		v.Latest = append(v.Latest, newEventRow(&evs[i]))
	}
	v.Brief, err = briefFragment(brief.FromPicture(evs, ledger, eps, claims, docs))
	return v, err
}

// briefFragment renders the brief's HTML page and keeps the inside of its
// <main> without the page title, to embed in the overview. The page is
// parsed and rendered again, so what is embedded is well-formed; the brief
// escapes all document text and emits no script.
func briefFragment(in brief.Input) (template.HTML, error) {
	var buf bytes.Buffer
	if err := brief.HTML(&buf, in); err != nil {
		return "", err
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		return "", err
	}
	main := findElement(doc, atom.Main)
	if main == nil {
		return "", nil
	}
	var out strings.Builder
	for c := main.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.H1 || c.DataAtom == atom.Script || c.DataAtom == atom.Style) {
			continue
		}
		stripAttrs(c)
		if err := html.Render(&out, c); err != nil {
			return "", err
		}
	}
	return template.HTML(out.String()), nil
}

func findElement(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, a); f != nil {
			return f
		}
	}
	return nil
}

// stripAttrs removes style and event-handler attributes, as a last guard:
// the brief writes neither.
func stripAttrs(n *html.Node) {
	if n.Type == html.ElementNode {
		attrs := n.Attr[:0]
		for _, a := range n.Attr {
			k := strings.ToLower(a.Key)
			if k == "style" || strings.HasPrefix(k, "on") || a.Namespace != "" {
				continue
			}
			if (k == "href" || k == "src") && !strings.HasPrefix(a.Val, "#") && safeURL(a.Val) == "" {
				continue
			}
			attrs = append(attrs, a)
		}
		n.Attr = attrs
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		stripAttrs(c)
	}
}
