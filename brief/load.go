package brief

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
)

// Store is what Load reads of a store: the picture, its ledger and
// episodes, claims and documents.
type Store interface {
	PictureEvents(ctx context.Context, f sitrep.PictureFilter) (sitrep.PicturePage, error)
	PictureEventsBetween(ctx context.Context, from, to string, undated bool) ([]sitrep.PictureEvent, error)
	Quantities(ctx context.Context, f sitrep.QuantityFilter) ([]sitrep.Quantity, error)
	EventQuantities(ctx context.Context, events []int64) ([]sitrep.Quantity, error)
	Episodes(ctx context.Context) ([]sitrep.Episode, error)
	Claims(ctx context.Context, f sitrep.ClaimFilter) ([]sitrep.StoredClaim, error)
	DocumentsByID(ctx context.Context, ids []int64) ([]sitrep.StoredDoc, error)
}

// Load reads the brief's input from a store (FromPicture). With since (a
// date YYYY-MM-DD, YYYY-MM or YYYY; "" for all) it reads only what the
// brief keeps: the picture events filed on or after it (an event whose
// date ends after since has a report filed there, and so has an undated
// one published after it), their ledger lines and the disputed statistics,
// and the claims of documents published from since on. Input.Since is set.
func Load(ctx context.Context, st Store, since string) (Input, error) {
	var (
		evs    []sitrep.PictureEvent
		ledger []sitrep.Quantity
		err    error
	)
	from, bounded := sinceDay(since)
	if since != "" && !bounded {
		return Input{}, errSince
	}
	if bounded {
		if evs, err = st.PictureEventsBetween(ctx, from.Format(time.DateOnly), "9999-12-31", true); err != nil {
			return Input{}, err
		}
		// In the listing's order (latest first, undated last), which the
		// brief keeps among equals.
		slices.SortFunc(evs, func(a, b sitrep.PictureEvent) int {
			if c := strings.Compare(dayOf(&b), dayOf(&a)); c != 0 {
				return c
			}
			return cmp.Compare(b.ID, a.ID)
		})
		ids := make([]int64, len(evs))
		for i := range evs {
			ids[i] = evs[i].ID
		}
		if ledger, err = st.EventQuantities(ctx, ids); err != nil {
			return Input{}, err
		}
		disputed, err := st.Quantities(ctx, sitrep.QuantityFilter{Contested: true})
		if err != nil {
			return Input{}, err
		}
		for _, q := range disputed {
			if q.Event == 0 {
				ledger = append(ledger, q)
			}
		}
	} else {
		for f := (sitrep.PictureFilter{Limit: 1000}); ; {
			pg, err := st.PictureEvents(ctx, f)
			if err != nil {
				return Input{}, err
			}
			evs = append(evs, pg.Events...)
			if pg.Next == "" {
				break
			}
			f.Cursor = pg.Next
		}
		if ledger, err = st.Quantities(ctx, sitrep.QuantityFilter{}); err != nil {
			return Input{}, err
		}
	}
	eps, err := st.Episodes(ctx)
	if err != nil {
		return Input{}, err
	}
	cf := sitrep.ClaimFilter{}
	if bounded {
		cf.From = from.Format(time.DateOnly)
	}
	claims, err := st.Claims(ctx, cf)
	if err != nil {
		return Input{}, err
	}
	var ids []int64
	for _, id := range CitedDocs(evs, ledger, claims) {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			ids = append(ids, n)
		}
	}
	slices.Sort(ids)
	found, err := st.DocumentsByID(ctx, slices.Compact(ids))
	if err != nil {
		return Input{}, err
	}
	docs := make(map[string]sitrep.StoredDoc, len(found))
	for _, d := range found {
		docs[strconv.FormatInt(d.ID, 10)] = d
	}
	in := FromPicture(evs, ledger, eps, claims, docs)
	in.Since = since
	return in, nil
}

// sinceDay is the first day of a since date.
func sinceDay(since string) (time.Time, bool) {
	lo, _, ok := span(strings.TrimSpace(since))
	return lo, ok
}

func dayOf(e *sitrep.PictureEvent) string {
	if e.EventDate == nil {
		return ""
	}
	return *e.EventDate
}
