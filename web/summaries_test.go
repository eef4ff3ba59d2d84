package web

import (
	"context"
	"fmt"
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
)

// What a map or a timeline shows of an event reads the same from the
// summaries the store lists cheaply as from the whole events.
func TestSummariesShowAsEvents(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"examples", "hostile"} {
		st, _ := fixture(t, name)
		for _, f := range []sitrep.PictureFilter{{}, {Sort: "-date"}, {Contested: true}} {
			full, total, err := allPictureEvents(ctx, st, f, mapLimit)
			if err != nil {
				t.Fatal(err)
			}
			sums, sumTotal, err := allPictureSummaries(ctx, st, f, mapLimit)
			if err != nil {
				t.Fatal(err)
			}
			if total != sumTotal || len(full) != len(sums) {
				t.Fatalf("%s %+v: %d of %d summaries, want %d of %d", name, f, len(sums), sumTotal, len(full), total)
			}
			if name == "examples" && f.Sort == "" && total == 0 {
				t.Fatal("no events in the examples")
			}
			for i := range full {
				show := func(e *sitrep.PictureEvent) string {
					r := newEventRow(e)
					return fmt.Sprintf("%d %s %s %s %s %s %s %s %s %s %v %v %v", e.ID, r.Date, r.Precision, r.Type, r.Class,
						r.SubType, r.Place, r.Fatalities, eventTitle(r), e.CountryCode, fmtFloat(e.Latitude), fmtFloat(e.Longitude), e.Sources)
				}
				if g, w := show(&sums[i]), show(&full[i]); g != w {
					t.Errorf("%s: summary shows %q, the event %q", name, g, w)
				}
			}
		}
	}
}

func fmtFloat(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprint(*f)
}
