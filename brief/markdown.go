package brief

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// Markdown writes the brief as CommonMark. Text from the documents is
// escaped so that it can neither format nor link: it reads as written.
func Markdown(w io.Writer, in Input) error {
	m, err := build(in)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	p := func(s ...string) {
		for _, x := range s {
			bw.WriteString(x)
		}
	}
	p("# ", mdEscape(m.Title), "\n\n", mdEscape(m.Summary), "\n")
	for _, sec := range m.Sections {
		p("\n## ", mdEscape(sec.Title), "\n\n")
		if len(sec.Groups) == 0 {
			p(mdEscape(sec.Empty), "\n")
		}
		for i, g := range sec.Groups {
			if len(g.Head) > 0 {
				if i > 0 {
					p("\n")
				}
				p("### ", mdSegs(g.Head), mdCites(g.Cites), "\n\n")
			}
			for _, l := range g.Lines {
				mdLine(bw, l, "")
			}
			if g.More != "" {
				p("\n", mdEscape(g.More), "\n")
			}
		}
		if sec.More != "" {
			p("\n", mdEscape(sec.More), "\n")
		}
	}
	p("\n## Sources\n\n")
	if len(m.Sources) == 0 {
		p("No sources cited.\n")
	}
	for _, s := range m.Sources {
		p("- ", mdSource(s), "\n")
	}
	if len(m.Families) > 0 {
		p("\n")
		for _, l := range m.Families {
			p("- ", mdSegs(l.Segs), "\n")
		}
	}
	return bw.Flush()
}

func mdLine(bw *bufio.Writer, l line, indent string) {
	bw.WriteString(indent + "- " + mdSegs(l.Segs) + mdCites(l.Cites) + "\n")
	for _, s := range l.Sub {
		mdLine(bw, s, indent+"  ")
	}
}

func mdSegs(segs []seg) string {
	var sb strings.Builder
	for _, s := range segs {
		switch s.Kind {
		case segStrong:
			sb.WriteString("**" + mdEscape(s.Text) + "**")
		case segQuote:
			sb.WriteString("“" + mdEscape(s.Text) + "”")
		case segCite:
			sb.WriteString(strings.TrimPrefix(mdCites(s.Cites), " "))
		default:
			sb.WriteString(mdEscape(s.Text))
		}
	}
	return sb.String()
}

// mdCites writes citations as [1][3], with a leading space.
func mdCites(ns []int) string {
	if len(ns) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteByte(' ')
	for _, n := range ns {
		sb.WriteString("[" + strconv.Itoa(n) + "]")
	}
	return sb.String()
}

func mdSource(s sourceLine) string {
	var parts []string
	if s.Title != "" {
		parts = append(parts, "“"+mdEscape(s.Title)+"”")
	}
	if s.Outlet != "" {
		parts = append(parts, mdEscape(s.Outlet))
	}
	if s.Published != "" {
		parts = append(parts, "published "+mdEscape(s.Published))
	} else if !s.Missing {
		parts = append(parts, "publication date unknown")
	}
	if s.URL != "" {
		// Escaped text, not an autolink: in an autolink escapes do not
		// work. Renderers with GitHub's extensions still link it, and
		// safeURL let through only http(s) addresses.
		parts = append(parts, mdEscape(s.URL))
	}
	parts = append(parts, "document "+mdEscape(s.DocID))
	return "[" + strconv.Itoa(s.N) + "] " + strings.Join(parts, " · ")
}

// mdEscape backslash-escapes every character that CommonMark or GitHub's
// extensions give a meaning inside a line (emphasis, code, links, images,
// raw HTML, entities, tables, strikethrough), so untrusted text stays text.
// Text is one line (clean), so block syntax at a line start cannot arise.
func mdEscape(s string) string {
	var sb strings.Builder
	for _, r := range strip(s) {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '&', '|', '~', '#', '$':
			sb.WriteByte('\\')
		}
		sb.WriteRune(r)
	}
	return sb.String()
}
