package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync/atomic"

	sitrep "github.com/sitrep-dev/sitrep"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// store is what the pages read: pages about the whole picture read its
// aggregates (PictureStats), never whole listings.
type store interface {
	sitrep.Store
	sitrep.PictureReader
	sitrep.PictureStats
}

// pages renders the UI.
type pages struct {
	store   store
	log     *slog.Logger
	tmpl    map[string]*template.Template
	version string // content hash of the static files, for cache busting
	// writes counts write requests served, so cached views know the
	// store may have changed.
	writes  atomic.Uint64
	ovCache overviewCache
	// sessions is set when the server asks for a token: pages then offer
	// to log out.
	sessions bool
}

// nav is the main menu: path, label.
var nav = [][2]string{
	{"/", "Overview"}, {"/timeline", "Timeline"}, {"/map", "Map"}, {"/events", "Events"},
	{"/claims", "Claims"}, {"/actors", "Actors"}, {"/documents", "Documents"},
}

func newPages(st store, log *slog.Logger) (*pages, error) {
	p := &pages{store: st, log: log, tmpl: map[string]*template.Template{}}
	v, err := staticVersion()
	if err != nil {
		return nil, err
	}
	p.version = v
	funcs := template.FuncMap{
		"t":          clean,
		"asset":      func(name string) string { return "/static/" + name + "?v=" + p.version },
		"date":       strOr,
		"fatalities": fatalities,
		"actor":      actorName,
		"claimant":   claimantName,
		"precision":  precisionName,
		"figure":     figureText,
		"typeclass":  typeClass,
		"url":        safeURL,
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		p.tmpl[name] = t
	}
	return p, nil
}

// pathDocID keeps a document id usable in a path: store ids are numbers.
func pathDocID(id string) string {
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		return "0"
	}
	return id
}

// staticVersion hashes every static file, so a changed file gets a new URL.
func staticVersion() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		io.WriteString(h, p)
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12], err
}

// staticHandler serves the embedded static files; versioned URLs are cached
// for a year.
func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(w, r)
	})
}

// page is what the layout needs besides the page's own data.
type page struct {
	Title  string
	Active string // nav path of the section
	Nav    [][2]string
	Query  string // the search box
	Logout bool   // offer to log out
	Data   any
}

// render writes a page whole or, on a template error, a plain 500.
func (p *pages) render(w http.ResponseWriter, r *http.Request, status int, name, title, active string, data any) {
	t := p.tmpl[name]
	if t == nil {
		http.Error(w, "no such page", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	pg := page{Title: title, Active: active, Nav: nav, Logout: p.sessions, Data: data}
	if r != nil && r.URL.Path == "/search" {
		pg.Query = r.URL.Query().Get("q")
	}
	if err := t.ExecuteTemplate(&buf, "layout.html", pg); err != nil {
		p.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// fail renders an error page: not found, a bad filter, or a store failure
// (logged, not shown).
func (p *pages) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "Something went wrong reading the store."
	switch {
	case errors.Is(err, sitrep.ErrNotFound):
		status, msg = http.StatusNotFound, "There is nothing here."
	case errors.Is(err, sitrep.ErrBadQuery), errors.As(err, new(badRequest)):
		status, msg = http.StatusBadRequest, err.Error()
	case errors.Is(err, context.Canceled):
		return
	default:
		p.log.Error("page", "path", r.URL.Path, "err", err)
	}
	p.render(w, r, status, "error", http.StatusText(status), "", errorView{Status: status, Message: msg})
}

// badRequest is a mistake in the request the user can fix.
type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

type errorView struct {
	Status  int
	Message string
}

type loginView struct {
	Next           string
	Needed, Failed bool
}

func (p *pages) register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", p.overview)
	mux.HandleFunc("GET /events", p.events)
	mux.HandleFunc("GET /events/{id}", p.event)
	mux.HandleFunc("GET /map", p.mapPage)
	mux.HandleFunc("GET /map/data.json", p.mapData)
	mux.HandleFunc("GET /timeline", p.timeline)
	mux.HandleFunc("GET /timeline/data.json", p.timelineData)
	mux.HandleFunc("GET /claims", p.claims)
	mux.HandleFunc("GET /actors", p.actors)
	mux.HandleFunc("GET /documents", p.documents)
	mux.HandleFunc("GET /documents/{id}", p.document)
	mux.HandleFunc("GET /search", p.search)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p.fail(w, r, sitrep.ErrNotFound)
	})
}

// pathID reads the {id} of a path.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, sitrep.ErrNotFound
	}
	return id, nil
}

// allPictureEvents pages through the picture events matching f, up to
// limit of them.
func allPictureEvents(ctx context.Context, st store, f sitrep.PictureFilter, limit int) ([]sitrep.PictureEvent, int, error) {
	return allPictures(ctx, f, limit, st.PictureEvents)
}

// allPictureSummaries is allPictureEvents with only the fused fields of
// each event (PictureSummaries), which the store lists without decoding
// them: for maps and timelines of thousands of events.
func allPictureSummaries(ctx context.Context, st store, f sitrep.PictureFilter, limit int) ([]sitrep.PictureEvent, int, error) {
	return allPictures(ctx, f, limit, st.PictureSummaries)
}

// allPictures pages through a picture listing, up to limit events, and
// returns them with the number of all matching events.
func allPictures(ctx context.Context, f sitrep.PictureFilter, limit int,
	list func(context.Context, sitrep.PictureFilter) (sitrep.PicturePage, error)) ([]sitrep.PictureEvent, int, error) {
	var out []sitrep.PictureEvent
	f.Limit = min(limit, 1000) // the store's largest page
	total := 0
	for {
		pg, err := list(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		total = pg.Total
		out = append(out, pg.Events...)
		if pg.Next == "" || len(out) >= limit {
			break
		}
		f.Cursor = pg.Next
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, total, nil
}

// docsByID names the documents a page cites (store ids as text), for
// links: one read for all of them, without their text. Unknown and
// malformed ids are left out.
func (p *pages) docsByID(ctx context.Context, ids []string) (map[string]sitrep.StoredDoc, error) {
	m := map[string]sitrep.StoredDoc{}
	seen := map[string]bool{}
	var ns []int64
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > 0 {
			ns = append(ns, n)
		}
	}
	docs, err := p.store.DocumentsByID(ctx, ns)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		m[strconv.FormatInt(d.ID, 10)] = d
	}
	return m, nil
}

// docLabel is how a document is named in links: its title, or outlet and
// id.
func docLabel(d sitrep.StoredDoc, id string) string {
	if t := clean(d.Doc.Title); t != "" {
		return t
	}
	name := clean(path.Base(strings.ReplaceAll(d.Doc.ID, "\\", "/")))
	if name == "." || name == "/" {
		name = ""
	}
	if o := clean(d.Doc.Outlet); o != "" {
		if name != "" {
			return o + ": " + name
		}
		return o + " (document " + id + ")"
	}
	if name != "" {
		return name
	}
	return "Document " + id
}
