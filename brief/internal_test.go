package brief

import "testing"

func TestMdEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain words, a date 2025-10-12.", "plain words, a date 2025-10-12."},
		{"<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"[click](javascript:alert(1))", `\[click\](javascript:alert(1))`},
		{"**bold** _em_ `code` ~~del~~", `\*\*bold\*\* \_em\_ \` + "`" + `code\` + "`" + ` \~\~del\~\~`},
		{"a | b & c &amp; d", `a \| b \& c \&amp; d`},
		{"# not a heading", `\# not a heading`},
		{"back\\slash", `back\\slash`},
		{"line\nbreak\r\n\tand  spaces", "line break and spaces"},
		{"abc\u202Egnp.exe\u202C", "abcgnp.exe"},
		{"\u2066isolated\u2069 \u200Fmark\u061C", "isolated mark"},
		{"bell\x07 and \x00nul", "bell and nul"},
		{"bad \xff utf-8", "bad \uFFFD utf-8"},
		{"Zabihullah Mujahid (Afghanistan)", "Zabihullah Mujahid (Afghanistan)"},
	} {
		if got := mdEscape(tc.in); got != tc.want {
			t.Errorf("mdEscape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.org/news/1", "https://example.org/news/1"},
		{" http://example.org/a?b=1&c=2 ", "http://example.org/a?b=1&c=2"},
		{"javascript:alert(1)", ""},
		{"JavaScript:alert(1)", ""},
		{"data:text/html,<script>alert(1)</script>", ""},
		{"vbscript:msgbox", ""},
		{"//example.org/protocol-relative", ""},
		{"https://exa\u202Emple.org/", ""},
		{"https://example.org/a b", ""},
		{"relative/path.html", ""},
		{"", ""},
	} {
		if got := safeURL(tc.in); got != tc.want {
			t.Errorf("safeURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSpan(t *testing.T) {
	for _, tc := range []struct {
		in     string
		lo, hi string
		ok     bool
	}{
		{"2025-10-12", "2025-10-12", "2025-10-12", true},
		{"2025-10", "2025-10-01", "2025-10-31", true},
		{"2024-02", "2024-02-01", "2024-02-29", true},
		{"2025", "2025-01-01", "2025-12-31", true},
		{"2025-10-12T08:00:00Z", "2025-10-12", "2025-10-12", true},
		{"2025-13-01", "", "", false},
		{"yesterday", "", "", false},
		{"", "", "", false},
	} {
		lo, hi, ok := span(tc.in)
		if ok != tc.ok || (ok && (lo.Format("2006-01-02") != tc.lo || hi.Format("2006-01-02") != tc.hi)) {
			t.Errorf("span(%q) = %v %v %v, want %s %s %v", tc.in, lo, hi, ok, tc.lo, tc.hi, tc.ok)
		}
	}
}
