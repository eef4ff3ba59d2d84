package api

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// oaParam is a parameter as the OpenAPI document gives it, or a reference
// to one.
type oaParam struct {
	Ref  string `json:"$ref"`
	Name string `json:"name"`
	In   string `json:"in"`
}

type oaOperation struct {
	OperationID string         `json:"operationId"`
	Parameters  []oaParam      `json:"parameters"`
	Responses   map[string]any `json:"responses"`
	RequestBody map[string]any `json:"requestBody"`
}

type oaDoc struct {
	OpenAPI    string                            `json:"openapi"`
	Paths      map[string]map[string]oaOperation `json:"paths"`
	Components struct {
		Parameters map[string]oaParam `json:"parameters"`
		Schemas    map[string]any     `json:"schemas"`
		Responses  map[string]any     `json:"responses"`
	} `json:"components"`
}

func loadOpenAPI(t *testing.T) oaDoc {
	t.Helper()
	var doc oaDoc
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	if !regexp.MustCompile(`^3\.1\.\d+$`).MatchString(doc.OpenAPI) {
		t.Fatalf("openapi %q, want 3.1.x", doc.OpenAPI)
	}
	return doc
}

// docPath is the OpenAPI path of a mux pattern path.
func docPath(p string) string { return strings.TrimSuffix(p, "{$}") }

// TestOpenAPICoversRoutes fails when a route, one of its query parameters
// or a path parameter is missing from the OpenAPI document, or when the
// document describes a route the API does not have.
func TestOpenAPICoversRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	seen := map[string]bool{}
	for _, rt := range routes {
		path, method := docPath(rt.Path), strings.ToLower(rt.Method)
		seen[method+" "+path] = true
		op, ok := doc.Paths[path][method]
		if !ok {
			t.Errorf("%s %s is not in openapi.json", rt.Method, path)
			continue
		}
		if op.OperationID == "" || len(op.Responses) == 0 {
			t.Errorf("%s %s: no operationId or no responses", rt.Method, path)
		}
		var query, pathParams []string
		for _, p := range op.Parameters {
			if p.Ref != "" {
				name := strings.TrimPrefix(p.Ref, "#/components/parameters/")
				c, ok := doc.Components.Parameters[name]
				if !ok {
					t.Errorf("%s %s: dangling parameter reference %s", rt.Method, path, p.Ref)
					continue
				}
				p = c
			}
			switch p.In {
			case "query":
				query = append(query, p.Name)
			case "path":
				pathParams = append(pathParams, p.Name)
			}
		}
		for _, want := range rt.Params {
			if !slices.Contains(query, want) {
				t.Errorf("%s %s: query parameter %q is not documented", rt.Method, path, want)
			}
		}
		for _, got := range query {
			if !slices.Contains(rt.Params, got) {
				t.Errorf("%s %s: documented parameter %q is refused by the route", rt.Method, path, got)
			}
		}
		for _, m := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(path, -1) {
			if !slices.Contains(pathParams, m[1]) {
				t.Errorf("%s %s: path parameter %q is not documented", rt.Method, path, m[1])
			}
		}
		if rt.Method == "POST" && op.RequestBody == nil {
			t.Errorf("%s %s: no request body documented", rt.Method, path)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if !seen[method+" "+path] {
				t.Errorf("openapi.json describes %s %s, which the API does not serve", strings.ToUpper(method), path)
			}
		}
	}
}

// TestOpenAPIRefsResolve checks that every $ref of the document points at
// a component it defines.
func TestOpenAPIRefsResolve(t *testing.T) {
	doc := loadOpenAPI(t)
	var raw any
	if err := json.Unmarshal(openAPIDoc, &raw); err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	for name := range doc.Components.Schemas {
		defined["#/components/schemas/"+name] = true
	}
	for name := range doc.Components.Parameters {
		defined["#/components/parameters/"+name] = true
	}
	for name := range doc.Components.Responses {
		defined["#/components/responses/"+name] = true
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok && !defined[ref] {
				t.Errorf("dangling $ref %s", ref)
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(raw)
}

// TestRouteTableIsServed checks that every row of the route table reaches
// its handler: neither the catch-all 404 nor a 405 answers it.
func TestRouteTableIsServed(t *testing.T) {
	h := readOnly(t)
	for _, rt := range routes {
		path := strings.ReplaceAll(docPath(rt.Path), "{id}", "1")
		r := do(t, h, rt.Method, path, strings.NewReader(`{"text":"x"}`), "application/json")
		var e errorBody
		json.Unmarshal(r.Body, &e)
		if r.Status == 405 || strings.Contains(e.Error, "no such API route") {
			t.Errorf("%s %s: status %d %s", rt.Method, path, r.Status, r.Body)
		}
	}
}
