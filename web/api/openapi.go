package api

import (
	_ "embed"
	"net/http"
)

// openAPIDoc describes every route of the API (OpenAPI 3.1); the tests
// check it against the route table.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *server) openAPI(w http.ResponseWriter, r *http.Request) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.Write(openAPIDoc)
	return nil
}
