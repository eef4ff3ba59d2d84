package ingest

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
)

// BenchmarkFromHTML measures extraction over a page grown to news-article
// size (about 25 paragraphs) with its navigation and footer noise.
func BenchmarkFromHTML(b *testing.B) {
	raw, err := os.ReadFile("testdata/news.html")
	if err != nil {
		b.Fatal(err)
	}
	para := "<p>Residents said the shelling lasted for nearly two hours and that several houses near the market were hit, while hospital staff treated the wounded.</p>\n"
	page := bytes.Replace(raw, []byte("</article>"), []byte(strings.Repeat(para, 20)+"</article>"), 1)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FromHTML(bytes.NewReader(page), "", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadJSONL(b *testing.B) {
	line := `{"id":"x","text":"` + strings.Repeat("Troops shelled the village on Monday, officials said. ", 40) + `"}` + "\n"
	var buf bytes.Buffer
	for i := 0; i < 200; i++ {
		buf.WriteString(strings.Replace(line, `"x"`, `"x`+strings.Repeat("i", i)+`"`, 1))
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		_ = ReadJSONL(bytes.NewReader(data), "b", Options{}, func(sitrep.Document) error { return nil }, nil)
	}
}
