package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/golden"
)

// TestGoldenEvents keeps the answer for the deadliest example events as a
// golden file: the shape clients read (go test -update to rewrite).
func TestGoldenEvents(t *testing.T) {
	h := readOnly(t)
	r := get(t, h, Prefix+"/events?limit=3&sort=fatalities")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, r.Body, "", "  "); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "events_top3.json", out.Bytes())
}

// TestGoldenErrors keeps what the API answers to bad requests, one line
// each, so their wording can be reviewed in one place.
func TestGoldenErrors(t *testing.T) {
	h := readOnly(t)
	requests := []string{
		"GET /events?from=2025-13",
		"GET /events?from=2025-11&to=2025-10",
		"GET /events?bbox=60,29,75",
		"GET /events?bbox=60,37,75,29",
		"GET /events?bbox=200,29,75,37",
		"GET /events?sort=newest",
		"GET /events?limit=0",
		"GET /events?cursor=bm9wZQ",
		"GET /events?contested=maybe",
		"GET /events?type=Skirmish",
		"GET /events?colour=red",
		"GET /events?type=Battles&type=Riots",
		"GET /events/abc",
		"GET /events/999999",
		"GET /claims?kind=rumour",
		"GET /search",
		"GET /search?q=%22open",
		"GET /brief?format=pdf",
		"GET /export?level=report&sort=fatalities",
		"DELETE /events",
		"GET /nothing",
		"POST /documents",
	}
	var out strings.Builder
	for _, req := range requests {
		method, path, _ := strings.Cut(req, " ")
		r := do(t, h, method, Prefix+path, nil, "")
		allow := ""
		if a := r.Header.Get("Allow"); a != "" {
			allow = " Allow: " + a
		}
		fmt.Fprintf(&out, "%s\n  %d%s %s\n", req, r.Status, allow, bytes.TrimSpace(r.Body))
	}
	golden.Check(t, "errors.txt", []byte(out.String()))
}
