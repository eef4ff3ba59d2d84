package api

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// A small JSON Schema checker, enough for the schemas openapi.json uses
// (type, type lists, properties, required, items, enum, oneOf, $ref), so
// the tests can hold every answer to the document that describes it.

type schemaChecker struct {
	components map[string]any
}

func (c schemaChecker) resolve(s map[string]any) map[string]any {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		s = c.components[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
	}
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

// check returns the first way v breaks schema s, "" when it holds.
func (c schemaChecker) check(path string, v any, s map[string]any) string {
	s = c.resolve(s)
	if alts, ok := s["oneOf"].([]any); ok {
		for _, a := range alts {
			if c.check(path, v, a.(map[string]any)) == "" {
				return ""
			}
		}
		return fmt.Sprintf("%s: %s matches no alternative", path, jsonType(v))
	}
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		got := jsonType(v)
		if !slices.Contains(types, got) && !(got == "integer" && slices.Contains(types, "number")) {
			return fmt.Sprintf("%s: %s, want %v", path, got, types)
		}
	}
	if enum, ok := s["enum"].([]any); ok && v != nil && !slices.Contains(enum, v) {
		return fmt.Sprintf("%s: %v not in %v", path, v, enum)
	}
	switch v := v.(type) {
	case map[string]any:
		for _, r := range asStrings(s["required"]) {
			if _, ok := v[r]; !ok {
				return fmt.Sprintf("%s: %q missing", path, r)
			}
		}
		props, _ := s["properties"].(map[string]any)
		for k, x := range v {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if props != nil && s["additionalProperties"] != true {
					return fmt.Sprintf("%s: %q is not documented", path, k)
				}
				continue
			}
			if msg := c.check(path+"."+k, x, ps); msg != "" {
				return msg
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range v {
				if msg := c.check(fmt.Sprintf("%s[%d]", path, i), x, items); msg != "" {
					return msg
				}
			}
		}
	}
	return ""
}

func asStrings(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			out = append(out, x.(string))
		}
	}
	return out
}

// TestAnswersMatchOpenAPI checks the JSON answers of every GET route on
// the examples against the schema the document gives them.
func TestAnswersMatchOpenAPI(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	c := schemaChecker{components: doc["components"].(map[string]any)["schemas"].(map[string]any)}
	paths := doc["paths"].(map[string]any)
	h := readOnly(t)
	var evs eventsJSON
	get(t, h, Prefix+"/events?limit=1&sort=fatalities").decode(t, &evs)
	var docs documentsJSON
	get(t, h, Prefix+"/documents?limit=1").decode(t, &docs)
	if len(evs.Events) == 0 || len(docs.Documents) == 0 {
		t.Fatal("empty fixture")
	}
	for _, rt := range routes {
		if rt.Method != "GET" || strings.Contains(rt.Path, "openapi") || strings.HasSuffix(rt.Path, "/brief") || strings.HasSuffix(rt.Path, "/export") {
			continue
		}
		target := docPath(rt.Path)
		target = strings.Replace(target, "/events/{id}", fmt.Sprintf("/events/%d", evs.Events[0].ID), 1)
		target = strings.Replace(target, "/documents/{id}", fmt.Sprintf("/documents/%d", docs.Documents[0].ID), 1)
		if strings.HasSuffix(target, "/search") {
			target += "?q=Taliban"
		}
		r := get(t, h, target)
		if r.Status != 200 {
			t.Errorf("%s: status %d", target, r.Status)
			continue
		}
		var v any
		r.decode(t, &v)
		op := paths[docPath(rt.Path)].(map[string]any)["get"].(map[string]any)
		schema := op["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
		if msg := c.check("", v, schema); msg != "" {
			t.Errorf("%s: answer does not match openapi.json: %s", target, msg)
		}
	}
	// The error answers too.
	r := get(t, h, Prefix+"/events?sort=bad")
	var v any
	r.decode(t, &v)
	if msg := c.check("", v, map[string]any{"$ref": "#/components/schemas/Error"}); msg != "" {
		t.Errorf("error answer: %s", msg)
	}
}

// checkSchema holds a JSON answer to a schema of openapi.json.
func checkSchema(t *testing.T, body []byte, name string) {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	c := schemaChecker{components: doc["components"].(map[string]any)["schemas"].(map[string]any)}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	if msg := c.check("", v, map[string]any{"$ref": "#/components/schemas/" + name}); msg != "" {
		t.Errorf("answer does not match %s of openapi.json: %s", name, msg)
	}
}
