package brief

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
)

//go:embed brief.css
var css string

//go:embed brief.html.tmpl
var pageTemplate string

// The CSS is the package's own, constant text: it is trusted.
var page = template.Must(template.New("brief").Parse(pageTemplate))

// HTML writes the brief as one self-contained page: embedded CSS, no
// script, no outside resource, and a content security policy that forbids
// both. html/template escapes all text from the documents.
func HTML(w io.Writer, in Input) error {
	m, err := build(in)
	if err != nil {
		return err
	}
	// Rendered to a buffer so a failure writes nothing half-done.
	var buf bytes.Buffer
	if err := page.Execute(&buf, struct {
		*model
		CSS template.CSS
	}{m, template.CSS(css)}); err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}
