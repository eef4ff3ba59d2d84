package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
)

// BenchmarkPages renders the main pages from the examples store, with the
// middleware, as a browser asks for them.
func BenchmarkPages(b *testing.B) {
	s := newTestServer(b, "examples", Config{})
	st, _ := fixture(b, "examples")
	pg, err := st.PictureEvents(context.Background(), sitrep.PictureFilter{Sort: "sources", Limit: 1})
	if err != nil || len(pg.Events) == 0 {
		b.Fatal("no events", err)
	}
	for _, p := range []string{"/", "/events", fmt.Sprintf("/events/%d", pg.Events[0].ID), "/map/data.json", "/timeline/data.json", "/documents/1", "/actors", "/claims"} {
		b.Run(p, func(b *testing.B) {
			for b.Loop() {
				rec := httptest.NewRecorder()
				s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", p, rec.Code)
				}
			}
		})
	}
}
