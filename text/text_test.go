package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"abbreviations and initials", "Lt. Gen. Ahmed Sharif Chaudhry spoke in the U.S. capital on Dec. 4. S. Jaishankar replied.",
			[]string{"Lt. Gen. Ahmed Sharif Chaudhry spoke in the U.S. capital on Dec. 4.", "S. Jaishankar replied."}},
		{"quotes close the sentence", "He said: “We will respond.” The army denied it.",
			[]string{"He said: “We will respond.”", "The army denied it."}},
		{"heading without stop", "Border Tensions Rise\nTroops clashed near the crossing on Monday.",
			[]string{"Border Tensions Rise", "Troops clashed near the crossing on Monday."}},
		{"bullets", "The statement said:\n  • Talks will go on.\n  • Trade stays closed.",
			[]string{"The statement said:", "Talks will go on.", "Trade stays closed."}},
		{"wrapped line continues", "Officials said the strikes hit\nthree villages overnight.",
			[]string{"Officials said the strikes hit\nthree villages overnight."}},
		{"decimal and question", "Growth was 2.5 percent. Why now? Nobody knows!",
			[]string{"Growth was 2.5 percent.", "Why now?", "Nobody knows!"}},
		{"lower case after stop", "The e.g. case stays. It ends here.", []string{"The e.g. case stays.", "It ends here."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, sp := range Sentences(tt.in) {
				got = append(got, tt.in[sp.Start:sp.End])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in          string
		norm, cased string
	}{
		{"The U.S. envoy", "the us envoy", "The US envoy"},
		{"Tehreek-e-Taliban Pakistan’s", "tehreek e taliban pakistan s", "Tehreek e Taliban Pakistan s"},
		{"killed 2,400 in Khōst, 48-hour 3.5", "killed 2,400 in khost 48 hour 3.5", "killed 2,400 in Khost 48 hour 3.5"},
		{"Mazār-e Sharīf", "mazar e sharif", "Mazar e Sharif"},
		{"3rd brigade", "3rd brigade", "3rd brigade"},
	}
	for _, tt := range tests {
		var norm, cased []string
		for _, tok := range Tokenize(tt.in) {
			norm = append(norm, tok.Norm)
			cased = append(cased, tok.Cased)
		}
		if got := strings.Join(norm, " "); got != tt.norm {
			t.Errorf("Tokenize(%q) norm = %q, want %q", tt.in, got, tt.norm)
		}
		if got := strings.Join(cased, " "); got != tt.cased {
			t.Errorf("Tokenize(%q) cased = %q, want %q", tt.in, got, tt.cased)
		}
	}
}

func TestFoldKeepsOffsets(t *testing.T) {
	in := "Pakistan 's “Khōst” — Kabul\u00a0now"
	f := Fold(in)
	if want := `pakistan's "khost" - kabul now`; f.Text != want {
		t.Fatalf("Fold = %q, want %q", f.Text, want)
	}
	i := strings.Index(f.Text, "kabul")
	if got := in[f.Orig(i):f.Orig(i+len("kabul"))]; got != "Kabul" {
		t.Errorf("mapped back to %q, want Kabul", got)
	}
	if Key("Khōst  Province") != "khost province" {
		t.Errorf("Key = %q", Key("Khōst  Province"))
	}
}

func TestPhraseSet(t *testing.T) {
	p := NewPhraseSet()
	p.Add("Pakistan", 1, false)
	p.Add("Pakistan Taliban", 2, false)
	p.Add("Tehreek-e-Taliban Pakistan", 2, false)
	p.Add("US", 3, true)
	p.Add("IS-K", 4, true)
	in := "The Pakistan Taliban, or Tehreek e Taliban Pakistan, told us that the US and IS-K and Is K and Pakistan differ."
	var got []string
	for _, m := range p.Match(Tokenize(in)) {
		toks := Tokenize(in)
		got = append(got, in[toks[m.First].Start:toks[m.Last-1].End])
	}
	want := []string{"Pakistan Taliban", "Tehreek e Taliban Pakistan", "US", "IS-K", "Pakistan"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Match = %q, want %q", got, want)
	}
	if n := len(p.MatchAll(Tokenize("Pakistan Taliban"))); n != 2 {
		t.Errorf("MatchAll found %d phrases, want 2 (the long one and Pakistan)", n)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"Lt. Gen. X said.\n• a", "U.S.A. 2,400 ’s", "Pakistan 's x", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range Sentences(s) {
			if sp.Start < 0 || sp.End > len(s) || sp.Start >= sp.End || !utf8.ValidString(s[sp.Start:sp.End]) && utf8.ValidString(s) {
				t.Fatalf("bad sentence span %v in %q", sp, s)
			}
		}
		last := 0
		for _, tok := range Tokenize(s) {
			if tok.Start < last || tok.End <= tok.Start || tok.End > len(s) {
				t.Fatalf("bad token %+v in %q", tok, s)
			}
			last = tok.End
		}
		f := Fold(s)
		for i := 0; i <= len(f.Text); i++ {
			if o := f.Orig(i); o < 0 || o > len(s) {
				t.Fatalf("Orig(%d) = %d outside text", i, o)
			}
		}
	})
}
