package web

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"testing"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/brief"
)

// The overview reads counts and only what its brief cites, yet shows what
// reading the whole store would: the same counts and the same brief.
func TestOverviewMatchesWholeStore(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"examples", "hostile"} {
		t.Run(name, func(t *testing.T) {
			st, _ := fixture(t, name)
			p, err := newPages(st, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.overviewData(ctx)
			if err != nil {
				t.Fatal(err)
			}

			// The whole store, listed.
			docs, _ := st.Documents(ctx, sitrep.DocumentFilter{})
			all := map[string]sitrep.StoredDoc{}
			for _, d := range docs {
				all[strconv.FormatInt(d.ID, 10)] = d
			}
			evs, total, err := allPictureEvents(ctx, st, sitrep.PictureFilter{}, briefEvents)
			if err != nil {
				t.Fatal(err)
			}
			cont, _ := st.PictureEvents(ctx, sitrep.PictureFilter{Contested: true})
			fams, _ := st.Families(ctx)
			eps, _ := st.Episodes(ctx)
			ledger, _ := st.Quantities(ctx, sitrep.QuantityFilter{})
			disputed := 0
			var figs []quantityView
			for _, q := range ledger {
				if q.Contested() {
					disputed++
					if len(figs) < overviewFigures {
						figs = append(figs, newQuantityView(q, all))
					}
				}
			}
			claims, _ := st.Claims(ctx, sitrep.ClaimFilter{Page: sitrep.Page{Limit: briefClaims}})
			frag, err := briefFragment(brief.FromPicture(evs, ledger, eps, claims, all))
			if err != nil {
				t.Fatal(err)
			}

			want := [6]int{len(docs), total, cont.Total, len(fams), len(eps), disputed}
			if have := [6]int{got.Documents, got.Events, got.Contested, got.Families, got.Episodes, got.Disputed}; have != want {
				t.Errorf("counts (documents, events, contested, families, episodes, disputed) %v, want %v", have, want)
			}
			if want[0] == 0 || want[1] == 0 {
				t.Fatalf("empty fixture: %v", want)
			}
			if got.Brief != frag {
				t.Errorf("brief differs from the one made of the whole store:\n got %s\nwant %s", got.Brief, frag)
			}
			if fmt.Sprint(got.Figures) != fmt.Sprint(figs) {
				t.Errorf("disputed figures:\n got %v\nwant %v", got.Figures, figs)
			}
			if len(got.Latest) != min(10, len(evs)) {
				t.Errorf("%d latest events, want %d", len(got.Latest), min(10, len(evs)))
			}
		})
	}
}

// The actor matrices the store counts are those the picture events and
// accusation claims give, cell by cell.
func TestActorMatricesMatchListings(t *testing.T) {
	ctx := context.Background()
	st, _ := fixture(t, "examples")
	evs, _, err := allPictureEvents(ctx, st, sitrep.PictureFilter{}, 100000)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := st.Claims(ctx, sitrep.ClaimFilter{Kind: sitrep.ClaimAccusation})
	if err != nil {
		t.Fatal(err)
	}
	acts, acc := map[[2]string]int{}, map[[2]string]int{}
	for _, e := range evs {
		if e.Actor1 != nil && e.Actor2 != nil {
			acts[[2]string{actorName(e.Actor1), actorName(e.Actor2)}]++
		}
	}
	for _, c := range claims {
		if c.Claim.Claimant != nil && c.Claim.About != nil {
			acc[[2]string{actorName(c.Claim.Claimant), actorName(c.Claim.About)}]++
		}
	}
	evPairs, err := st.EventPairs(ctx, maxMatrix)
	if err != nil {
		t.Fatal(err)
	}
	accPairs, err := st.ClaimPairs(ctx, sitrep.ClaimAccusation, maxMatrix)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		m     matrix
		pairs map[[2]string]int
	}{
		{"events", newMatrix("", evPairs), acts},
		{"accusations", newMatrix("", accPairs), acc},
	} {
		if len(c.pairs) == 0 || c.m.Empty {
			t.Fatalf("%s: no pairs in the fixture (%d) or the matrix", c.name, len(c.pairs))
		}
		actors := map[string]bool{}
		for k := range c.pairs {
			actors[k[0]], actors[k[1]] = true, true
		}
		if len(c.m.Cols) != min(len(actors), maxMatrix) {
			t.Errorf("%s: %d columns, want %d", c.name, len(c.m.Cols), min(len(actors), maxMatrix))
		}
		shown := 0
		for _, row := range c.m.Rows {
			for j, n := range row.Cells {
				if want := c.pairs[[2]string{row.Name, c.m.Cols[j]}]; n != want {
					t.Errorf("%s: %s against %s: %d, want %d", c.name, row.Name, c.m.Cols[j], n, want)
				}
				shown += n
			}
		}
		sum := 0
		for _, n := range c.pairs {
			sum += n
		}
		if len(actors) <= maxMatrix && shown != sum {
			t.Errorf("%s: the matrix shows %d, the listings count %d", c.name, shown, sum)
		}
	}
}

// A matrix lists its most active actors first and leaves out rows with
// nothing in them.
func TestNewMatrixLayout(t *testing.T) {
	ref := func(id, name string) sitrep.ActorRef { return sitrep.ActorRef{ID: id, Name: name} }
	m := newMatrix("c", []sitrep.ActorPair{
		{A: ref("a", "Alpha"), B: ref("b", "Beta"), Count: 3},
		{A: ref("c", ""), B: ref("a", "Alpha"), Count: 1},
		{A: ref("b", "Beta"), B: ref("a", "Alpha"), Count: 2},
	})
	if fmt.Sprint(m.Cols) != "[Alpha Beta c]" {
		t.Errorf("columns %v, want Alpha (6), Beta (5), c (1; named by id)", m.Cols)
	}
	if fmt.Sprint(m.Rows) != "[{Alpha [0 3 0]} {Beta [2 0 0]} {c [1 0 0]}]" {
		t.Errorf("rows %v", m.Rows)
	}
	if e := newMatrix("c", nil); !e.Empty || len(e.Rows) != 0 {
		t.Errorf("empty matrix: %+v", e)
	}
}
