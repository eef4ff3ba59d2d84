package event_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/event"
)

// TestExamplesDump prints the events of the repository's example wire
// reports when SITREP_DUMP is set.
func TestExamplesDump(t *testing.T) {
	if os.Getenv("SITREP_DUMP") == "" {
		t.Skip("set SITREP_DUMP=1 to print the examples' events")
	}
	files, _ := filepath.Glob("../examples/0[123]*")
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		evs, cls := event.Extract(input(t, filepath.Base(f), string(raw), time.Date(2025, 10, 12, 0, 0, 0, 0, time.UTC)))
		var b strings.Builder
		for _, e := range evs {
			fmt.Fprintf(&b, "%s %s/%s date=%s a1=%s a2=%s loc=%s fat=%s conf=%.2f\n", e.ID, e.EventType, e.SubEventType,
				str(e.EventDate), ref(e.Actor1), ref(e.Actor2), e.Location, num(e.Fatalities), e.Confidence)
			for _, fc := range e.FatalityClaims {
				fmt.Fprintf(&b, "     fc %s %s victims=%q claimant=%s inj=%v\n", num(fc.Count), fc.Qualifier, fc.Victims, ref(fc.Claimant), fc.Injured)
			}
			for _, m := range e.Evidence {
				fmt.Fprintf(&b, "     | %.110s\n", m.Text)
			}
		}
		for _, c := range cls {
			fmt.Fprintf(&b, "  C %s by %s about %s: %.100s\n", c.Kind, ref(c.Claimant), ref(c.About), c.Text)
		}
		t.Logf("=== %s\n%s", f, b.String())
	}
}
