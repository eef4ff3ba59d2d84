// Package api serves sitrep's situation picture as a JSON API under /api/v1:
// events, claims, actors, places, documents, search, the brief, exports and ingest.
//
// Every route is a row of one table (routes), which registers it on the
// mux, declares its query parameters (anything else is refused) and is
// checked against the embedded OpenAPI document by the tests. Errors are
// JSON {"error", "param"} with the status that fits. The text of stored
// articles is untrusted: it leaves JSON-encoded with HTML characters
// escaped, in the brief (whose writers escape it), or in exports served as
// attachments that no browser renders.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/brief"
	"github.com/sitrep-dev/sitrep/picture"
)

// Prefix is the path every route starts with.
const Prefix = "/api/v1"

// DefaultMaxBody is the largest request body accepted when Options.MaxBody
// is 0.
const DefaultMaxBody = 8 << 20

// Store is what the API reads: the documents and their records, and the
// picture fused from them.
type Store interface {
	sitrep.Store
	sitrep.PictureReader
	brief.Store
}

// Options configure New.
type Options struct {
	// Store is read by every route; required.
	Store Store
	// Builder ingests documents posted to /api/v1/documents; nil makes that
	// route answer 503 with a message.
	Builder *picture.Builder
	// Registry receives the API's metrics; nil: no metrics.
	Registry prometheus.Registerer
	// MaxBody caps request bodies in bytes (default DefaultMaxBody).
	MaxBody int64
	// Log receives server errors (default slog.Default()).
	Log *slog.Logger
}

// server holds what the handlers share.
type server struct {
	store   Store
	builder *picture.Builder
	maxBody int64
	log     *slog.Logger
	metrics *metrics
	// routeNames lists the routes for the index ("GET /api/v1/events").
	routeNames []string

	// ingest serialises POST ingests: the builder runs one at a time. A
	// channel rather than a mutex, so a waiting request gives up when its
	// client does.
	ingest chan struct{}
	// maxDocID is the largest document id seen by an ingest (0: not known
	// yet), so that an ingest can list the documents it added.
	maxDocID int64

	// cache keeps the aggregates that read the whole picture (places, the
	// brief's input) for a short while; an ingest clears it.
	cacheMu  sync.Mutex
	cache    map[string]cached
	inflight map[string]*flight
	gen      uint64 // bumped by clearCache
}

type cached struct {
	at time.Time
	v  any
}

// How stale a cached answer may be when the store is written by someone
// else (a `sitrep ingest` run next to the server); an ingest through the
// API clears the cache at once. Whole-picture aggregates (places, the
// brief's input) are costly and change slowly; pages of events are cheap
// but asked for again and again by every open map and list.
// (Variables for the tests: the load test measures the store without the
// page cache too.)
var (
	aggregateTTL = 30 * time.Second
	pageTTL      = 5 * time.Second
)

// New returns the API handler. It serves the paths under Prefix; any other
// path it is given is a JSON 404, so mount it at Prefix (or any prefix of
// it, such as /api/).
func New(o Options) http.Handler {
	if o.Store == nil {
		panic("api: Options.Store is required")
	}
	s := &server{
		store:    o.Store,
		builder:  o.Builder,
		maxBody:  o.MaxBody,
		log:      o.Log,
		ingest:   make(chan struct{}, 1),
		cache:    map[string]cached{},
		inflight: map[string]*flight{},
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBody
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.metrics = newMetrics(o.Registry)
	mux := http.NewServeMux()
	methods := map[string][]string{}
	for _, rt := range routes {
		mux.Handle(rt.Method+" "+rt.Path, s.wrap(rt))
		s.routeNames = append(s.routeNames, rt.Method+" "+strings.TrimSuffix(rt.Path, "{$}"))
		if !slices.Contains(methods[rt.Path], rt.Method) {
			methods[rt.Path] = append(methods[rt.Path], rt.Method)
		}
	}
	// A method-less pattern per path catches the other methods: the
	// method-specific ones are more specific and win.
	for path, ms := range methods {
		allow := slices.Clone(ms)
		if slices.Contains(allow, http.MethodGet) {
			allow = append(allow, http.MethodHead)
		}
		allowed := strings.Join(allow, ", ")
		mux.Handle(path, s.count(path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allowed)
			writeError(w, &apiError{Status: http.StatusMethodNotAllowed,
				Message: fmt.Sprintf("method %s not allowed on %s (allowed: %s)", r.Method, path, allowed)})
		})))
	}
	mux.Handle("/", s.count("unknown", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &apiError{Status: http.StatusNotFound, Message: "no such API route: " + r.URL.Path + " (see " + Prefix + "/openapi.json)"})
	})))
	return mux
}

// apiError is an error with its HTTP status and, for a bad parameter, the
// parameter's name.
type apiError struct {
	Status  int
	Message string
	Param   string
}

func (e *apiError) Error() string { return e.Message }

// badParam is a 400 naming the parameter at fault.
func badParam(param, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Param: param, Message: fmt.Sprintf(format, args...)}
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error string `json:"error"`
	Param string `json:"param,omitempty"`
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.Status, errorBody{Error: e.Message, Param: e.Param})
}

// writeJSON writes v as the response. HTML characters stay escaped
// (encoding/json's default), so article text read as HTML by a careless
// client is still inert.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only a value that cannot be encoded (a NaN) gets here.
		status = http.StatusInternalServerError
		b, _ = json.Marshal(errorBody{Error: "internal error: response could not be encoded"})
	}
	writeJSONBytes(w, status, b)
}

// writeJSONBytes writes encoded JSON as the response.
func writeJSONBytes(w http.ResponseWriter, status int, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte{'\n'})
}

// handlerFunc is a route's handler: it writes a response, or returns an
// error for wrap to answer.
type handlerFunc func(s *server, w http.ResponseWriter, r *http.Request) error

// wrap turns a route's handler into an http.Handler: it refuses unknown or
// repeated query parameters, maps errors to statuses, recovers panics and
// counts the request.
func (s *server) wrap(rt route) http.Handler {
	return s.count(rt.Path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("api: panic", "route", rt.Path, "panic", p)
				writeError(w, &apiError{Status: http.StatusInternalServerError, Message: "internal error"})
			}
		}()
		q := r.URL.Query()
		for name, vs := range q {
			if !slices.Contains(rt.Params, name) {
				msg := fmt.Sprintf("unknown parameter %q", name)
				if len(rt.Params) > 0 {
					msg += " (accepted: " + strings.Join(rt.Params, ", ") + ")"
				}
				writeError(w, badParam(name, "%s", msg))
				return
			}
			if len(vs) > 1 {
				writeError(w, badParam(name, "parameter %q given %d times", name, len(vs)))
				return
			}
		}
		if err := rt.Handle(s, w, r); err != nil {
			s.fail(w, r, rt, err)
		}
	}))
}

// fail answers an error returned by a handler.
func (s *server) fail(w http.ResponseWriter, r *http.Request, rt route, err error) {
	var ae *apiError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
	case errors.As(err, &mbe):
		ae = &apiError{Status: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("request body larger than %d bytes", mbe.Limit)}
	case errors.Is(err, sitrep.ErrNotFound):
		ae = &apiError{Status: http.StatusNotFound, Message: "not found: " + r.URL.Path}
	case errors.Is(err, sitrep.ErrBadQuery):
		msg := badQueryMessage(err)
		ae = &apiError{Status: http.StatusBadRequest, Message: msg, Param: guessParam(msg, rt.Params)}
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client left; nobody reads the answer.
		ae = &apiError{Status: 499, Message: "request cancelled"}
	case errors.Is(err, context.DeadlineExceeded):
		ae = &apiError{Status: http.StatusServiceUnavailable, Message: "the store took too long to answer"}
	default:
		s.log.Error("api: request failed", "route", rt.Path, "err", err)
		ae = &apiError{Status: http.StatusInternalServerError, Message: "internal error"}
	}
	writeError(w, ae)
}

// badQueryMessage is the store's refusal of a query without the
// sentinel's own words, which tell a client nothing more.
func badQueryMessage(err error) string {
	return strings.TrimSuffix(err.Error(), ": "+sitrep.ErrBadQuery.Error())
}

// guessParam names the parameter a store's ErrBadQuery is about: the one
// of the route's parameters its message names first.
func guessParam(msg string, params []string) string {
	low := strings.ToLower(msg)
	low = strings.ReplaceAll(low, "bounding box", "bbox")
	best, at := "", len(low)
	for _, p := range params {
		if i := strings.Index(low, p); i >= 0 && i < at {
			best, at = p, i
		}
	}
	return best
}

// cachedValue returns the value cached under key if younger than ttl, or
// computes and keeps it. Requests missing the same key at once wait for
// one computation rather than each asking the store. The cache holds at
// most maxCached values: when full it starts over, which bounds its memory
// without bookkeeping.
func (s *server) cachedValue(key string, ttl time.Duration, compute func() (any, error)) (any, error) {
	s.cacheMu.Lock()
	if c, ok := s.cache[key]; ok && time.Since(c.at) < ttl {
		s.cacheMu.Unlock()
		return c.v, nil
	}
	if f, ok := s.inflight[key]; ok {
		s.cacheMu.Unlock()
		<-f.done
		if f.err == nil {
			return f.v, nil
		}
		// The computation failed (its client may have left): try alone.
		return compute()
	}
	f := &flight{done: make(chan struct{})}
	s.inflight[key] = f
	gen := s.gen
	s.cacheMu.Unlock()

	f.v, f.err = compute()
	s.cacheMu.Lock()
	if s.inflight[key] == f {
		delete(s.inflight, key)
	}
	// A value read before an ingest cleared the cache is not kept.
	if f.err == nil && s.gen == gen {
		if len(s.cache) >= maxCached {
			clear(s.cache)
		}
		s.cache[key] = cached{at: time.Now(), v: f.v}
	}
	s.cacheMu.Unlock()
	close(f.done)
	return f.v, f.err
}

// flight is a computation of a cached value under way.
type flight struct {
	done chan struct{}
	v    any
	err  error
}

// maxCached bounds the cache: whole-picture aggregates and event pages
// (about 100 KB each).
const maxCached = 256

// clearCache forgets every aggregate (after an ingest).
func (s *server) clearCache() {
	s.cacheMu.Lock()
	clear(s.cache)
	clear(s.inflight) // later requests must not wait for a read of before
	s.gen++
	s.cacheMu.Unlock()
}
