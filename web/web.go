// Package web is sitrep's HTTP server: the server-rendered UI (overview, timeline, map,
// events, claims, actors, documents) around the JSON API, with its security middleware.
//
// Pages are rendered with html/template from the store; the browser code and
// its libraries are embedded files served from /static/ (nothing is loaded
// from the internet), under a Content-Security-Policy that allows scripts
// and styles from the server only. Article text is untrusted: templates
// escape it and strip the control and direction characters that could
// disguise it.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/brief"
	"github.com/sitrep-dev/sitrep/picture"
)

// DefaultAddr is where the server listens unless told otherwise: loopback only.
const DefaultAddr = "127.0.0.1:8080"

// MaxBody bounds request bodies (form posts and API ingests).
const MaxBody = 8 << 20

// Config is what a Server needs.
type Config struct {
	// Store is read for every page and written by ingests through Builder.
	Store interface {
		sitrep.Store
		sitrep.PictureReader
		sitrep.PictureStats
		brief.Store
	}
	// Builder ingests documents posted to the API; nil makes the API
	// refuse ingests.
	Builder *picture.Builder
	// Addr is the listening address, host:port. Empty means DefaultAddr.
	Addr string
	// Token, when set, is required for every write, and for every read
	// unless PublicRead. It must be set when Addr is not a loopback
	// address.
	Token string
	// PublicRead lets anyone read without the token (writes still need it).
	PublicRead bool
	// Log receives request errors; nil discards them.
	Log *slog.Logger
}

// Server serves the UI, the API, /healthz and /metrics.
type Server struct {
	cfg     Config
	log     *slog.Logger
	reg     *prometheus.Registry
	metrics *httpMetrics
	pages   *pages
	handler http.Handler
	loginMu sync.Mutex // serialises failed logins
}

// New checks the configuration and builds the server. A non-loopback
// address without a token is refused: the store would be open to the
// network.
func New(c Config) (*Server, error) {
	if c.Store == nil {
		return nil, errors.New("web: no store")
	}
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if err := CheckAccess(c.Addr, c.Token); err != nil {
		return nil, err
	}
	s := &Server{cfg: c, log: c.Log}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.reg = prometheus.NewRegistry()
	s.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	s.metrics = newHTTPMetrics(s.reg)
	var err error
	s.pages, err = newPages(c.Store, s.log)
	if err != nil {
		return nil, err
	}
	s.pages.sessions = c.Token != ""
	s.handler = s.routes()
	return s, nil
}

// Handler is the whole server as one handler, middleware included.
func (s *Server) Handler() http.Handler { return s.handler }

// Registry is the Prometheus registry /metrics serves.
func (s *Server) Registry() *prometheus.Registry { return s.reg }

// ListenAndServe listens on the configured address and serves until ctx
// ends, then shuts down gracefully (requests in flight get 10 s).
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve is ListenAndServe on a listener the caller opened (to learn the
// port of ":0", for instance). It closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(shut)
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// MinTokenLength is the shortest token accepted.
const MinTokenLength = 16

// CheckAccess refuses what New refuses about access: a malformed address,
// a non-loopback address without a token, a token too short to resist
// guessing.
func CheckAccess(addr, token string) error {
	loop, err := IsLoopback(addr)
	if err != nil {
		return err
	}
	if !loop && token == "" {
		return fmt.Errorf("web: %s is not a loopback address: a token is required (--token or SITREP_TOKEN)", addr)
	}
	if token != "" && len(token) < MinTokenLength {
		return fmt.Errorf("web: the token must be at least %d characters", MinTokenLength)
	}
	return nil
}

// IsLoopback reports whether a listening address (host:port) accepts
// connections from this machine only. An empty host listens on every
// interface, so it is not loopback.
func IsLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("web: address %q: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return true, nil
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback(), nil
}
