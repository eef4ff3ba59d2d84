package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/sitrep-dev/sitrep/web/api"
)

// contentSecurityPolicy allows scripts, styles, images and requests from
// this server only: no inline script, no inline style element or
// attribute, no plug-ins, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// briefPolicy is the policy of the API's HTML brief: a self-contained page
// with its own <style> element and no script at all, so inline style is
// allowed there and nothing else.
const briefPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// sessionCookie holds the UI session of a browser that gave the token.
const sessionCookie = "sitrep_session"

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", http.HandlerFunc(healthz))
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{ErrorLog: slogPrinter{s}}))
	mux.Handle("/api/", api.New(api.Options{
		Store:    s.cfg.Store,
		Builder:  s.cfg.Builder,
		Registry: s.reg,
		MaxBody:  MaxBody,
		Log:      s.log,
	}))
	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("GET /login", s.loginForm)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)
	s.pages.register(mux)

	var h http.Handler = mux
	h = s.auth(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = limitBody(h)
	h = securityHeaders(h)
	h = s.recoverer(h)
	h = s.metrics.wrap(h)
	return h
}

func healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// slogPrinter lets promhttp log through the server's logger.
type slogPrinter struct{ s *Server }

func (p slogPrinter) Println(v ...any) { p.s.log.Warn("metrics", "err", v) }

// securityHeaders sets the headers every answer carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if r.URL.Path == "/api/v1/brief" {
			h.Set("Content-Security-Policy", briefPolicy)
		} else {
			h.Set("Content-Security-Policy", contentSecurityPolicy)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		next.ServeHTTP(w, r)
	})
}

// limitBody caps every request body; handlers reading more get an error.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxBody {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "path", r.URL.Path, "panic", v)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Authentication. Scripts send the token as "Authorization: Bearer
// TOKEN". Browsers log in once with a form: the session cookie then holds
// an HMAC of the token (never the token itself), HttpOnly and
// SameSite=Strict, and cross-origin writes are refused by
// CrossOriginProtection, so a cookie alone cannot be used by another site.
// Changing the token ends every session.

// sessionValue is the cookie value of a logged-in browser.
func (s *Server) sessionValue() string {
	m := hmac.New(sha256.New, []byte(s.cfg.Token))
	m.Write([]byte("sitrep ui session v1"))
	return hex.EncodeToString(m.Sum(nil))
}

// authorized tells whether the request carries the token or a session.
func (s *Server) authorized(r *http.Request) bool {
	if s.cfg.Token == "" {
		return true
	}
	if a := r.Header.Get("Authorization"); a != "" {
		tok, ok := strings.CutPrefix(a, "Bearer ")
		return ok && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(s.cfg.Token)) == 1
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		return subtle.ConstantTimeCompare([]byte(c.Value), []byte(s.sessionValue())) == 1
	}
	return false
}

func isRead(r *http.Request) bool {
	return r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions
}

// auth asks for the token: for writes whenever a token is set, for reads
// too unless PublicRead. /healthz, the static files and the login form are
// always open.
func (s *Server) auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		open := s.cfg.Token == "" || p == "/healthz" || strings.HasPrefix(p, "/static/") || p == "/login" ||
			(isRead(r) && s.cfg.PublicRead)
		if open || s.authorized(r) {
			next.ServeHTTP(w, r)
			if !isRead(r) {
				s.pages.writes.Add(1)
			}
			return
		}
		if isRead(r) && !strings.HasPrefix(p, "/api/") && p != "/metrics" {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="sitrep"`)
		if strings.HasPrefix(p, "/api/") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"a token is required: send Authorization: Bearer TOKEN"}` + "\n"))
			return
		}
		http.Error(w, "a token is required: send Authorization: Bearer TOKEN, or log in at /login", http.StatusUnauthorized)
	})
}

// localPath keeps a redirect target on this server.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	s.pages.render(w, r, http.StatusOK, "login", "Log in", "", loginView{
		Next: localPath(r.URL.Query().Get("next")), Needed: s.cfg.Token != "",
	})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	next := localPath(r.PostForm.Get("next"))
	if s.cfg.Token == "" {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.PostForm.Get("token")), []byte(s.cfg.Token)) != 1 {
		// A wrong token costs a second, one guess at a time across all
		// clients, which makes guessing slow.
		s.loginMu.Lock()
		time.Sleep(time.Second)
		s.loginMu.Unlock()
		s.pages.render(w, r, http.StatusUnauthorized, "login", "Log in", "", loginView{Next: next, Needed: true, Failed: true})
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: s.sessionValue(), Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: 30 * 24 * 3600,
	})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// httpMetrics counts requests by route pattern, method and status, and
// times them.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sitrep_web_requests_total",
			Help: "HTTP requests answered by the sitrep server, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sitrep_web_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

func (m *httpMetrics) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &api.StatusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		// The mux records the matched pattern on the request; unmatched
		// paths share one label so the label set stays bounded.
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		code := sw.Status
		if code == 0 {
			code = http.StatusOK
		}
		method := r.Method
		switch method {
		case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		default:
			method = "other"
		}
		m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}
