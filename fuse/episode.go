package fuse

import (
	"sort"
	"strings"

	sitrep "github.com/sitrep-dev/sitrep"
)

// EpisodeGap is the longest quiet spell, in days, inside one episode.
const EpisodeGap = 14

// maxEpisodeSpan: events known only to the year (or longer) are background
// and do not link others; they become episodes of their own.
const maxEpisodeSpan = 31

// Episodes groups dated picture events into story episodes by single
// linkage: two events are linked when the days they cover lie at most
// EpisodeGap days apart and they share an actor's side (a state's
// government and forces are one side) or a place (the same location or
// province). An episode is a connected group of links; a long gap, or a
// change of cast and place, starts a new one. Undated events are left out:
// they cannot be placed on a timeline. Episodes come in order of their
// start, with ids from 1.
func Episodes(events []sitrep.PictureEvent) []sitrep.Episode {
	type item struct {
		ev     *sitrep.PictureEvent
		lo, hi int
		sides  []string
		places []string
	}
	var items []item
	for i := range events {
		e := &events[i]
		it := item{ev: e}
		dated := false
		for _, r := range e.Reports {
			if lo, hi, _, ok := eventSpan(r.Event); ok && (!dated || hi-lo < it.hi-it.lo) {
				it.lo, it.hi, dated = lo, hi, true
			}
			ft := featOf(r)
			for _, s := range ft.sides {
				if !contains(it.sides, s) {
					it.sides = append(it.sides, s)
				}
			}
			for _, p := range []string{ft.loc, ft.adm1} {
				if p != "" && !ft.region && !contains(it.places, p) {
					it.places = append(it.places, p)
				}
			}
		}
		if dated {
			items = append(items, it)
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].lo != items[j].lo {
			return items[i].lo < items[j].lo
		}
		return items[i].ev.ID < items[j].ev.ID
	})
	parent := make([]int, len(items))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	share := func(a, b []string) bool {
		for _, x := range a {
			if contains(b, x) {
				return true
			}
		}
		return false
	}
	for j := range items {
		b := &items[j]
		if b.hi-b.lo > maxEpisodeSpan {
			continue
		}
		for i := j - 1; i >= 0; i-- {
			a := &items[i]
			if a.lo < b.lo-EpisodeGap-maxEpisodeSpan {
				break
			}
			if a.hi-a.lo > maxEpisodeSpan || b.lo-a.hi > EpisodeGap {
				continue
			}
			if share(a.sides, b.sides) || share(a.places, b.places) {
				parent[find(i)] = find(j)
			}
		}
	}
	byRoot := map[int]*sitrep.Episode{}
	var order []int
	span := map[int][2]int{}
	for i, it := range items {
		r := find(i)
		ep := byRoot[r]
		if ep == nil {
			ep = &sitrep.Episode{}
			byRoot[r] = ep
			order = append(order, r)
			span[r] = [2]int{it.lo, it.hi}
		}
		ep.Events = append(ep.Events, it.ev.ID)
		s := span[r]
		span[r] = [2]int{min(s[0], it.lo), max(s[1], it.hi)}
	}
	out := make([]sitrep.Episode, 0, len(order))
	for n, r := range order {
		ep := byRoot[r]
		ep.ID = int64(n + 1)
		ep.Start, ep.End = dateOfDay(span[r][0]), dateOfDay(span[r][1])
		ep.Label = episodeLabel(events, ep)
		out = append(out, *ep)
	}
	return out
}

// episodeLabel names an episode by its most frequent actors and place and
// its months: "Pakistani military, Afghan Taliban: Paktika, 2024-12".
func episodeLabel(events []sitrep.PictureEvent, ep *sitrep.Episode) string {
	in := map[int64]bool{}
	for _, id := range ep.Events {
		in[id] = true
	}
	actors, places := counter{}, counter{}
	for i := range events {
		e := &events[i]
		if !in[e.ID] {
			continue
		}
		for _, a := range []*sitrep.ActorRef{e.Actor1, e.Actor2} {
			if a != nil && a.Name != "" {
				actors.add(a.Name)
			}
		}
		switch {
		case e.Admin1 != "":
			places.add(e.Admin1)
		case e.Location != "":
			places.add(e.Location)
		}
	}
	var parts []string
	if top := actors.top(2); len(top) > 0 {
		parts = append(parts, strings.Join(top, ", "))
	}
	if top := places.top(1); len(top) > 0 {
		parts = append(parts, top[0])
	}
	when := ep.Start[:7]
	if e := ep.End[:7]; e != when {
		when += " to " + e
	}
	if len(parts) == 0 {
		return when
	}
	return strings.Join(parts, ": ") + ", " + when
}

type counter struct {
	n     map[string]int
	order []string
}

func (c *counter) add(s string) {
	if c.n == nil {
		c.n = map[string]int{}
	}
	if c.n[s] == 0 {
		c.order = append(c.order, s)
	}
	c.n[s]++
}

// top returns the k most frequent, first seen winning ties.
func (c *counter) top(k int) []string {
	out := append([]string(nil), c.order...)
	sort.SliceStable(out, func(i, j int) bool { return c.n[out[i]] > c.n[out[j]] })
	if len(out) > k {
		out = out[:k]
	}
	return out
}

// EpisodeView is a picture event reduced to what Episodes reads: its fused
// fields, and one report for each distinct date, cast and place among its
// reports, without figures (a story told by a hundred copies keeps a
// handful). Episodes over views equal Episodes over the events, at a
// fraction of the memory.
func EpisodeView(e sitrep.PictureEvent) sitrep.PictureEvent {
	v := e
	v.Dates, v.Places, v.Types, v.FatalityValues = nil, nil, nil, nil
	v.Reports = nil
	seen := map[string]bool{}
	for _, r := range e.Reports {
		ev := &r.Event
		k := strings.Join([]string{strOf(ev.EventDate), intOf(ev.TimePrecision), ev.DateText, refID(ev.Actor1), refID(ev.Actor2),
			ev.Location, ev.Admin1, ev.CountryCode, intOf(ev.GeoPrecision)}, "\x00")
		if seen[k] {
			continue
		}
		seen[k] = true
		v.Reports = append(v.Reports, sitrep.Report{
			DocID: r.DocID, Ref: r.Ref, Published: r.Published, Family: r.Family, Actors: r.Actors,
			Event: sitrep.Event{
				EventType: ev.EventType, SubEventType: ev.SubEventType, EventDate: ev.EventDate, TimePrecision: ev.TimePrecision,
				DateText: ev.DateText, Actor1: ev.Actor1, Actor2: ev.Actor2, Location: ev.Location, Admin1: ev.Admin1,
				CountryCode: ev.CountryCode, GeoPrecision: ev.GeoPrecision, Latitude: ev.Latitude, Longitude: ev.Longitude,
			},
		})
	}
	return v
}
