package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sitrep-dev/sitrep/picture"
)

// metrics are the API's Prometheus collectors; every method is a no-op on
// a nil *metrics (no registry given).
type metrics struct {
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	ingested  prometheus.Counter
	present   prometheus.Counter
	stageTime *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	if reg == nil {
		return nil
	}
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sitrep_api_requests_total",
			Help: "API requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sitrep_api_request_duration_seconds",
			Help:    "Time to answer an API request, by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		ingested: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sitrep_documents_ingested_total",
			Help: "Documents stored for the first time through the API.",
		}),
		present: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sitrep_documents_already_present_total",
			Help: "Documents posted to the API whose text was stored already.",
		}),
		stageTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sitrep_ingest_stage_duration_seconds",
			Help:    "Time per stage of an API ingest: extract (extraction and storing), families, fusion.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2.5, 12),
		}, []string{"stage"}),
	}
	m.requests = register(reg, m.requests)
	m.latency = register(reg, m.latency)
	m.ingested = register(reg, m.ingested)
	m.present = register(reg, m.present)
	m.stageTime = register(reg, m.stageTime)
	return m
}

// register registers c, or returns the collector registered already under
// its name (a second handler on one registry shares the counts).
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if old, ok := are.ExistingCollector.(C); ok {
				return old
			}
		}
		panic("api: metrics: " + err.Error())
	}
	return c
}

// StatusWriter is a ResponseWriter that remembers the status written, for
// request metrics (the server's middleware counts its pages with it too).
type StatusWriter struct {
	http.ResponseWriter
	Status int // 0 until the handler writes
}

// WriteHeader records the first status and passes it on.
func (w *StatusWriter) WriteHeader(code int) {
	if w.Status == 0 {
		w.Status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 on the first write.
func (w *StatusWriter) Write(b []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushes,
// deadlines) through the wrapper.
func (w *StatusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// count wraps h to count its requests under the route pattern.
func (s *server) count(route string, h http.Handler) http.Handler {
	m := s.metrics
	if m == nil {
		return h
	}
	obs := m.latency.WithLabelValues(route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		sw := &StatusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		obs.Observe(time.Since(t0).Seconds())
		code := sw.Status
		if code == 0 {
			code = http.StatusOK
		}
		m.requests.WithLabelValues(route, methodLabel(r.Method), strconv.Itoa(code)).Inc()
	})
}

// ingestDone records what one ingest run did.
func (m *metrics) ingestDone(st picture.Stats) {
	if m == nil {
		return
	}
	m.ingested.Add(float64(st.Added))
	m.present.Add(float64(st.Present))
	m.stageTime.WithLabelValues("extract").Observe(st.ExtractTime.Seconds())
	m.stageTime.WithLabelValues("families").Observe(st.FamilyTime.Seconds())
	m.stageTime.WithLabelValues("fusion").Observe(st.FuseTime.Seconds())
}

// methodLabel keeps the method label to the methods HTTP defines, so a
// client cannot grow the label set at will.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "other"
}
