package dedup

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
)

// synthDoc writes a synthetic report of about 300 words from a fixed
// vocabulary: sentences of common words with names from a pool of 2,000, a
// figure and now and then a quotation, so that evidence keys and band
// buckets fill as in a large corpus on few topics.
func synthDoc(n int) string {
	g := splitmix(uint64(n)*7919 + 1)
	pick := func(m int) int { return int(g.next() % uint64(m)) }
	var b strings.Builder
	for s := 0; s < 14; s++ {
		for w := 0; w < 18; w++ {
			switch {
			case w == 0:
				fmt.Fprintf(&b, "Officials in Town%d Province%d", pick(2000), pick(200))
			case w == 9 && pick(3) == 0:
				fmt.Fprintf(&b, " %d %s", 1+pick(300), synthNouns[pick(len(synthNouns))])
			case w == 12 && pick(6) == 0:
				fmt.Fprintf(&b, ` "%s %s said"`, synthWords[pick(len(synthWords))], synthWords[pick(len(synthWords))])
			default:
				b.WriteString(" " + synthWords[pick(len(synthWords))])
			}
		}
		b.WriteString(".\n")
	}
	return b.String()
}

// synthText is synthDoc, except that every 50th document is an edited copy
// of one 13 places earlier (first sentence dropped, one added), so that the
// index has rewrite families to find at every size.
func synthText(n int) string {
	if n%50 != 49 {
		return synthDoc(n)
	}
	orig := synthDoc(n - 13)
	_, rest, _ := strings.Cut(orig, "\n")
	return rest + "Officials in Town1 Province1 said the report was updated.\n"
}

var synthNouns = strings.Fields("soldiers fighters civilians posts people militants villages trucks children police")

var synthWords = func() []string {
	base := strings.Fields("army said attack border strike forces killed talks group officials district town report fire clash night village week spokesman ministry government security people area region troops statement")
	var out []string
	for _, w := range base {
		for i := 0; i < 40; i++ {
			out = append(out, fmt.Sprintf("%s%c%c", w, 'a'+i%26, 'a'+i/26))
		}
	}
	return out
}()

var (
	bigOnce sync.Once
	bigSigs []Signature
)

const (
	bigN     = 100_000
	bigExtra = 20_000 // documents added by the benchmark loops
)

// synthSigs signs bigN+bigExtra synthetic documents once, on two cores.
func synthSigs() []Signature {
	bigOnce.Do(func() {
		bigSigs = make([]Signature, bigN+bigExtra)
		var wg sync.WaitGroup
		const workers = 2
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := w; i < len(bigSigs); i += workers {
					bigSigs[i] = Sign(sitrep.Document{Text: synthText(i)})
				}
			}(w)
		}
		wg.Wait()
	})
	return bigSigs
}

func BenchmarkSign(b *testing.B) {
	// distinct prose, as a long report: the three test reports and the examples
	var parts []string
	for _, f := range []string{"testdata/wire.txt", "testdata/paraphrase.txt", "testdata/independent.txt",
		"../examples/01-border-clashes-wire.txt", "../examples/02-doha-ceasefire-wire.txt", "../examples/04-istanbul-analysis.txt"} {
		parts = append(parts, readDoc(b, f).Text)
	}
	doc := sitrep.Document{Text: strings.Join(parts, "\n\n")}
	b.SetBytes(int64(len(doc.Text)))
	for b.Loop() {
		Sign(doc)
	}
}

// BenchmarkIndexAdd measures Add into one index as it grows to 1,000,
// 10,000, 50,000 and 100,000 synthetic signatures; the time per add must not
// grow with the index (it is bounded by the bands and evidence keys of the
// new document times MaxBucket).
func BenchmarkIndexAdd(b *testing.B) {
	sigs := synthSigs()
	x := NewIndex()
	b.Cleanup(func() {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		b.Logf("%d families among %d documents; heap %d MB (with %d pooled signatures)",
			len(x.Families()), x.Len(), m.HeapInuse>>20, len(sigs))
	})
	next, extra := 0, 0
	for _, size := range []int{1_000, 10_000, 50_000, bigN} {
		for ; next < size; next++ {
			x.Add(fmt.Sprint(next), sigs[next])
		}
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			pairs, reads, compares := 0, x.reads, x.compares
			for b.Loop() {
				var sig Signature
				if extra < bigExtra {
					sig = sigs[bigN+extra]
				} else { // pool used up (long -benchtime or -count): sign outside the timer
					b.StopTimer()
					sig = Sign(sitrep.Document{Text: synthText(bigN + extra)})
					b.StartTimer()
				}
				pairs += len(x.Add(fmt.Sprintf("new-%d", extra), sig))
				extra++
			}
			b.ReportMetric(float64(pairs)/float64(b.N), "pairs/add")
			b.ReportMetric(float64(x.reads-reads)/float64(b.N), "reads/add")
			b.ReportMetric(float64(x.compares-compares)/float64(b.N), "compares/add")
		})
	}
}

func BenchmarkCompare(b *testing.B) {
	wire, para := Sign(readDoc(b, "testdata/wire.txt")), Sign(readDoc(b, "testdata/paraphrase.txt"))
	for b.Loop() {
		Compare(wire, para)
	}
}

func BenchmarkDecide(b *testing.B) {
	wire, para := Sign(readDoc(b, "testdata/wire.txt")), Sign(readDoc(b, "testdata/paraphrase.txt"))
	for b.Loop() {
		compare(wire, para, estimateJaccard(wire, para), false)
	}
}
