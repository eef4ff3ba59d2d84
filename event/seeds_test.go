package event_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/eval"
	"github.com/sitrep-dev/sitrep/event"
	"github.com/sitrep-dev/sitrep/extract"
	"github.com/sitrep-dev/sitrep/lexicon"
)

const seedDir = "../../shared/seeds"
const goldPath = "../../shared/gold/seeds.gold.json"

type seed struct {
	id, file, text string
	published      time.Time
}

// loadSeeds reads the seed texts with the gold's publication dates.
func loadSeeds(tb testing.TB) []seed {
	tb.Helper()
	b, err := os.ReadFile(goldPath)
	if err != nil {
		tb.Skipf("gold not available: %v", err)
	}
	var g struct {
		Documents []struct {
			ID, File, Published string
		}
	}
	if err := json.Unmarshal(b, &g); err != nil {
		tb.Fatal(err)
	}
	var out []seed
	for _, d := range g.Documents {
		raw, err := os.ReadFile(filepath.Join(seedDir, filepath.Base(d.File)))
		if err != nil {
			tb.Skipf("seed not available: %v", err)
		}
		p, _ := time.Parse("2006-01-02", d.Published)
		out = append(out, seed{id: d.ID, file: d.File, text: string(raw), published: p})
	}
	return out
}

var (
	xOnce sync.Once
	xx    *extract.Extractor
	lx    *lexicon.Lexicon
	xErr  error
)

// input builds the event stage's input from the recognisers.
func input(tb testing.TB, id, txt string, published time.Time) event.Input {
	tb.Helper()
	xOnce.Do(func() {
		xx, xErr = extract.New(extract.Options{})
		if xErr == nil {
			lx, xErr = lexicon.Load()
		}
	})
	if xErr != nil {
		tb.Skipf("recognisers not available: %v", xErr)
	}
	doc := sitrep.Document{ID: id, Text: txt, Published: published}
	if !published.IsZero() {
		doc.PublishedGranularity = sitrep.GranularityDay
		doc.PublishedSource = sitrep.PublishedInput
	}
	a := xx.Analyse(doc)
	runes := sitrep.NewRunes(txt)
	return event.Input{
		DocID: id, Text: txt, Sentences: a.Sentences, Tokens: a.Tokens, Actors: a.Actors, Places: a.Places,
		Times: a.Times, Published: a.Doc.Published,
		Mention: func(s sitrep.Span) sitrep.Mention {
			return sitrep.Mention{Start: runes.Of(s.Start), End: runes.Of(s.End), Text: txt[s.Start:s.End]}
		},
		Forces:     lx.MilitaryOf,
		Government: lx.GovernmentOf,
	}
}

// TestSeedsDump writes the seeds' events and claims when SITREP_DUMP is set.
func TestSeedsDump(t *testing.T) {
	if os.Getenv("SITREP_DUMP") == "" {
		t.Skip("set SITREP_DUMP=1 to print the seeds' events")
	}
	for _, s := range loadSeeds(t) {
		evs, cls := event.Extract(input(t, s.id, s.text, s.published))
		var b strings.Builder
		for _, e := range evs {
			fmt.Fprintf(&b, "%s %s/%s date=%s a1=%s a2=%s assoc=%v loc=%s fat=%s conf=%.2f\n", e.ID, e.EventType, e.SubEventType,
				str(e.EventDate), ref(e.Actor1), ref(e.Actor2), e.AssocActor1, e.Location, num(e.Fatalities), e.Confidence)
			for _, f := range e.FatalityClaims {
				fmt.Fprintf(&b, "     fc %s %s victims=%q claimant=%s inj=%v [%s]\n", num(f.Count), f.Qualifier, f.Victims, ref(f.Claimant), f.Injured, f.Text)
			}
			for _, m := range e.Evidence {
				fmt.Fprintf(&b, "     | %.110s\n", m.Text)
			}
		}
		for _, c := range cls {
			fmt.Fprintf(&b, "  C %s by %s about %s: %.100s\n", c.Kind, ref(c.Claimant), ref(c.About), c.Text)
		}
		t.Logf("=== %s\n%s", s.id, b.String())
		if out := os.Getenv("SITREP_DUMP_JSON"); out != "" {
			js, _ := json.Marshal(map[string]any{"id": s.id, "events": evs, "claims": cls})
			f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err == nil {
				f.Write(append(js, '\n'))
				f.Close()
			}
		}
	}
}

func str(p *string) string {
	if p == nil {
		return "-"
	}
	return *p
}

func num(p *int) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func ref(r *sitrep.ActorRef) string {
	if r == nil {
		return "-"
	}
	return r.ID
}

// TestSeedsScore scores the engine on the seed gold and reports the figures.
func TestSeedsScore(t *testing.T) {
	g, err := eval.LoadGold(goldPath)
	if err != nil {
		t.Skipf("gold not available: %v", err)
	}
	in := map[string]eval.Input{}
	for _, s := range loadSeeds(t) {
		evs, cls := event.Extract(input(t, s.id, s.text, s.published))
		in[s.id] = eval.Input{Record: sitrep.Record{ID: s.id, Text: s.text, Events: evs, Claims: cls}, FileText: s.text}
	}
	rep := eval.Report{Fields: eval.ScoreEvents(g, in)}
	var b strings.Builder
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", b.String())
	flat := rep.Flat()
	// Floors just below the figures reached: a regression guard.
	for k, floor := range map[string]float64{
		"events.f1": 0.83, "fatality_claims.f1": 0.95, "claims.f1": 0.69,
		"events.actors_accuracy": 0.58, "events.date_accuracy": 0.78, "events.place_accuracy": 0.69,
		"events.fatalities_accuracy": 0.95, "events.sub_type_accuracy": 0.95,
	} {
		if flat[k] < floor {
			t.Errorf("%s = %.3f, below %.2f", k, flat[k], floor)
		}
	}
}

// BenchmarkExtract measures the event stage alone over the seeds (the
// recognisers' output is built once, outside the timer).
func BenchmarkExtract(b *testing.B) {
	var ins []event.Input
	size := 0
	for _, s := range loadSeeds(b) {
		ins = append(ins, input(b, s.id, s.text, s.published))
		size += len(s.text)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		for _, in := range ins {
			event.Extract(in)
		}
	}
	// on a shared machine wall time overstates the cost; CPU time does not
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
