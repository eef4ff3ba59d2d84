package sqlite

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

// Page sizes of PictureEvents.
const (
	defaultPictureLimit = 50
	maxPictureLimit     = 1000
)

// pictureSort is one order of PictureEvents: a column of picture_events,
// descending unless asc, ties broken by id in the same direction.
type pictureSort struct {
	name string
	col  string
	asc  bool
}

var pictureSorts = []pictureSort{
	{"date", "day", false},
	{"-date", "day", true},
	{"fatalities", "fatalities", false},
	{"sources", "sources", false},
}

// pictureCursor is where a page ended: the sort, the last event's sort key
// and id. It travels as base64 of its JSON, opaque to clients; keyset
// paging on (key, id) makes a walk stable while events are added.
type pictureCursor struct {
	Sort string `json:"s"`
	Day  string `json:"d,omitempty"`
	N    int64  `json:"n,omitempty"`
	ID   int64  `json:"i"`
}

func (c pictureCursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string, sort pictureSort) (pictureCursor, error) {
	var c pictureCursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		d := json.NewDecoder(strings.NewReader(string(b)))
		d.DisallowUnknownFields()
		err = d.Decode(&c)
	}
	if err != nil || c.ID <= 0 || (c.Day != "" && !isDay(c.Day)) {
		return c, fmt.Errorf("cursor %q is not one this store gave: %w", s, sitrep.ErrBadQuery)
	}
	if c.Sort != sort.name {
		return c, fmt.Errorf("cursor of sort %q used with sort %q: %w", c.Sort, sort.name, sitrep.ErrBadQuery)
	}
	return c, nil
}

// querier reads: the store's pool or a read transaction.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// readTx begins a read transaction: its queries see one snapshot of the
// database (WAL), whatever is written meanwhile, so a page and its total
// agree. It must be rolled back.
func (s *Store) readTx(ctx context.Context) (*sql.Tx, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sqlite: begin: %w", err)
	}
	return tx, nil
}

// pictureQuery is a PictureEvents query taking shape: the table it reads
// (picture_keys k when a key drives, picture_events p otherwise, both with
// the same filter and sort columns) and its conditions.
type pictureQuery struct {
	from  string // FROM clause
	col   string // alias prefix of the filter and sort columns: "k." or "p."
	idCol string
	sort  pictureSort
	w     where
	index string // the index a page is read by, when SQLite is not to choose
}

// pictureIndex picks the index a page without keys is read by. In date
// order it is the covering day index, which stops after a page (SQLite,
// not knowing how many events a box holds, may read the box index and
// sort them all). In another order, the sort column's index when a page of
// matches is likely found early in it: when matches are common, scanning
// the sort index until a page is found costs less than the top-N pass over
// all matches that SQLite otherwise makes.
func pictureIndex(ctx context.Context, rq querier, q *pictureQuery, total, limit int) error {
	if q.sort.col == "day" {
		q.index = "picture_events_day"
		return nil
	}
	if total == 0 || len(q.w.conds) == 0 {
		return nil
	}
	var n int64
	if err := rq.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM picture_events`).Scan(&n); err != nil {
		return fmt.Errorf("sqlite: picture events: %w", err)
	}
	// Ids are about dense: n approximates the number of events.
	if float64(limit+1)*float64(n)/float64(total) < float64(total) {
		q.index = "picture_events_" + q.sort.col
	}
	return nil
}

// PictureEvents lists picture events matching f, a page at a time, with
// the number of all matching events. Reports come without their evidence.
//
// A filter on actor, place or type reads its rarest key's range of
// picture_keys, which holds every filter and sort column: the count and the
// page read that index alone (the other keys are point look-ups). Without
// keys, the date order reads an index covering the box and contested
// filters; the other orders their own index.
func (s *Store) PictureEvents(ctx context.Context, f sitrep.PictureFilter) (sitrep.PicturePage, error) {
	return s.pictureList(ctx, f, pictureByIDs)
}

// pictureLoader reads the picture events of a page, in the order of ids.
type pictureLoader func(ctx context.Context, rq querier, ids []int64) ([]sitrep.PictureEvent, error)

// pictureList is PictureEvents with the page's events read by load.
func (s *Store) pictureList(ctx context.Context, f sitrep.PictureFilter, load pictureLoader) (sitrep.PicturePage, error) {
	var page sitrep.PicturePage
	sort, ok := pictureSort{}, false
	name := f.Sort
	if name == "" {
		name = "date"
	}
	for _, ps := range pictureSorts {
		if ps.name == name {
			sort, ok = ps, true
		}
	}
	if !ok {
		return page, fmt.Errorf("sort %q (want date, -date, fatalities or sources): %w", f.Sort, sitrep.ErrBadQuery)
	}
	var cur *pictureCursor
	if f.Cursor != "" {
		c, err := decodeCursor(f.Cursor, sort)
		if err != nil {
			return page, err
		}
		cur = &c
	}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultPictureLimit
	}
	limit = min(limit, maxPictureLimit)
	from, to, err := dayBounds(f.From, f.To)
	if err != nil {
		return page, err
	}
	keys, err := pictureFilterKeys(f)
	if err != nil {
		return page, err
	}

	rq, err := s.readTx(ctx)
	if err != nil {
		return page, err
	}
	defer rq.Rollback()
	q := pictureQuery{sort: sort}
	if len(keys) > 0 {
		drive, err := rarestPictureKey(ctx, rq, keys, from, to)
		if err != nil {
			return page, err
		}
		q.from, q.col, q.idCol = "picture_keys k", "k.", "k.event_id"
		q.w.add("k.key = ?", keys[drive])
		for i, k := range keys {
			if i != drive {
				q.w.add("EXISTS (SELECT 1 FROM picture_keys k2 WHERE k2.key = ? AND k2.day = k.day AND k2.event_id = k.event_id)", k)
			}
		}
	} else {
		q.from, q.col, q.idCol = "picture_events p", "p.", "p.id"
	}
	if from != "" || to != "" {
		q.w.add(q.col + "day > ''") // a range, unlike <>: the index skips the undated
	}
	if from != "" {
		q.w.add(q.col+"day >= ?", from)
	}
	if to != "" {
		q.w.add(q.col+"day <= ?", to)
	}
	if f.Contested {
		q.w.add(q.col + "contested")
	}
	if f.Episode != 0 {
		q.w.add(q.idCol+" IN (SELECT event_id FROM episode_events WHERE episode_id = ?)", f.Episode)
	}
	if b := f.BBox; b != nil {
		if err := addBBox(&q.w, q.col, *b); err != nil {
			return page, err
		}
	}

	if err := rq.QueryRowContext(ctx, `SELECT count(*) FROM `+q.from+q.w.sql(), q.w.args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("sqlite: picture events: %w", err)
	}
	if q.col == "p." {
		if err := pictureIndex(ctx, rq, &q, page.Total, limit); err != nil {
			return page, err
		}
	}
	ids, last, more, err := pictureIDs(ctx, rq, q, cur, limit)
	if err != nil {
		return page, err
	}
	if page.Events, err = load(ctx, rq, ids); err != nil {
		return page, err
	}
	if more {
		page.Next = last.encode()
	}
	return page, nil
}

// pictureIDs reads the ids of one page, the cursor of its last event and
// whether more follow. The earliest-first order lists dated events, then
// the undated ones (by id): two ranges of the day index.
func pictureIDs(ctx context.Context, rq querier, q pictureQuery, cur *pictureCursor, limit int) ([]int64, pictureCursor, bool, error) {
	type phase struct {
		cond string
		args []any
	}
	sortBy := q.col + q.sort.col
	cmp, dir := "<", "DESC"
	if q.sort.asc {
		cmp, dir = ">", "ASC"
	}
	var phases []phase
	switch {
	case q.sort.asc && q.sort.col == "day":
		dated := phase{cond: sortBy + " > ''"}
		undated := phase{cond: sortBy + " = ''"}
		switch {
		case cur == nil:
			phases = []phase{dated, undated}
		case cur.Day != "":
			dated.cond += fmt.Sprintf(" AND (%s, %s) > (?, ?)", sortBy, q.idCol)
			dated.args = []any{cur.Day, cur.ID}
			phases = []phase{dated, undated}
		default:
			undated.cond += " AND " + q.idCol + " > ?"
			undated.args = []any{cur.ID}
			phases = []phase{undated}
		}
	case cur == nil:
		phases = []phase{{}}
	default:
		var key any = cur.Day
		if q.sort.col != "day" {
			key = cur.N
		}
		phases = []phase{{cond: fmt.Sprintf("(%s, %s) %s (?, ?)", sortBy, q.idCol, cmp), args: []any{key, cur.ID}}}
	}
	from := q.from
	if q.index != "" {
		from += " INDEXED BY " + q.index
	}
	var (
		ids  []int64
		last pictureCursor
	)
	for _, ph := range phases {
		w := where{conds: append([]string(nil), q.w.conds...), args: append([]any(nil), q.w.args...)}
		if ph.cond != "" {
			w.add(ph.cond, ph.args...)
		}
		w.args = append(w.args, limit+1-len(ids))
		rows, err := rq.QueryContext(ctx, `SELECT `+q.idCol+`, `+sortBy+` FROM `+from+w.sql()+
			` ORDER BY `+sortBy+` `+dir+`, `+q.idCol+` `+dir+` LIMIT ?`, w.args...)
		if err != nil {
			return nil, last, false, fmt.Errorf("sqlite: picture events: %w", err)
		}
		for rows.Next() {
			var (
				id  int64
				key any
			)
			if err := rows.Scan(&id, &key); err != nil {
				rows.Close()
				return nil, last, false, fmt.Errorf("sqlite: picture events: %w", err)
			}
			if len(ids) == limit {
				rows.Close()
				return ids, last, true, nil
			}
			ids = append(ids, id)
			last = pictureCursor{Sort: q.sort.name, ID: id}
			switch v := key.(type) {
			case string:
				last.Day = v
			case int64:
				last.N = v
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, last, false, fmt.Errorf("sqlite: picture events: %w", err)
		}
	}
	return ids, last, false, nil
}

// pictureByIDs reads picture events in the order of ids.
func pictureByIDs(ctx context.Context, rq querier, ids []int64) ([]sitrep.PictureEvent, error) {
	if len(ids) == 0 {
		return []sitrep.PictureEvent{}, nil
	}
	args := make([]any, len(ids))
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		args[i] = id
		at[id] = i
	}
	rows, err := rq.QueryContext(ctx, `SELECT id, json FROM picture_json WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: picture events: %w", err)
	}
	defer rows.Close()
	js := make([][]byte, len(ids))
	for rows.Next() {
		var id int64
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return nil, fmt.Errorf("sqlite: picture events: %w", err)
		}
		js[at[id]] = b
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: picture events: %w", err)
	}
	for i, b := range js {
		if b == nil {
			return nil, fmt.Errorf("sqlite: picture event %d has no stored JSON", ids[i])
		}
	}
	return decodePicture(ids, js)
}

// pictureFilterKeys turns the actor, place and type of f into picture
// keys, in the order most likely rarest first.
func pictureFilterKeys(f sitrep.PictureFilter) ([]string, error) {
	return filterKeys(f.Actor, f.Place, f.Type, keyPrefixes{actor: "a:", place: "p:", name: "n:", typ: "t:"})
}

// keyPrefixes name the kinds of filter keys of one key table.
type keyPrefixes struct{ actor, place, name, typ string }

// filterKeys turns an actor id, a place (id or name) and an event type
// into keys of a key table: a place id as it is, a place name or type by
// its folded key. A name or type with nothing to match is a bad query.
func filterKeys(actor, place, typ string, p keyPrefixes) ([]string, error) {
	var keys []string
	if actor != "" {
		keys = append(keys, p.actor+actor)
	}
	if place != "" {
		if isPlaceID(place) {
			keys = append(keys, p.place+place)
		} else {
			k := text.Key(place)
			if k == "" {
				return nil, fmt.Errorf("place %q: %w", place, sitrep.ErrBadQuery)
			}
			keys = append(keys, p.name+k)
		}
	}
	if typ != "" {
		k := text.Key(typ)
		if k == "" {
			return nil, fmt.Errorf("event type %q: %w", typ, sitrep.ErrBadQuery)
		}
		keys = append(keys, p.typ+k)
	}
	return keys, nil
}

// addBBox adds the bounding-box condition on the latitude and longitude
// columns under prefix; a box whose west edge is east of its east edge
// crosses the antimeridian.
func addBBox(w *where, prefix string, b sitrep.BBox) error {
	for _, v := range []float64{b.West, b.South, b.East, b.North} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("bounding box %v: not a number: %w", b, sitrep.ErrBadQuery)
		}
	}
	if b.South > b.North || b.South < -90 || b.North > 90 || b.West < -180 || b.West > 180 || b.East < -180 || b.East > 180 {
		return fmt.Errorf("bounding box west %g, south %g, east %g, north %g (want degrees, south ≤ north): %w",
			b.West, b.South, b.East, b.North, sitrep.ErrBadQuery)
	}
	w.add(prefix+"latitude BETWEEN ? AND ?", b.South, b.North)
	if b.West <= b.East {
		w.add(prefix+"longitude BETWEEN ? AND ?", b.West, b.East)
	} else {
		w.add("("+prefix+"longitude >= ? OR "+prefix+"longitude <= ?)", b.West, b.East)
	}
	return nil
}

func countPictureKey(ctx context.Context, rq querier, key, from, to string, limit int) (int, error) {
	lo := from
	if lo == "" && to != "" {
		lo = "0" // after the undated ('')
	}
	hi := to
	if hi == "" {
		hi = "\U0010FFFF"
	}
	var n int
	err := rq.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM picture_keys
		WHERE key = ? AND day >= ? AND day <= ? LIMIT ?)`, key, lo, hi, limit).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlite: picture events: %w", err)
	}
	return n, nil
}

// rarestPictureKey returns the index of the key with the fewest events in
// the date range (each counted up to keyProbe); the first wins ties.
func rarestPictureKey(ctx context.Context, rq querier, keys []string, from, to string) (int, error) {
	if len(keys) == 1 {
		return 0, nil
	}
	best, bestN := 0, keyProbe+1
	for i, k := range keys {
		n, err := countPictureKey(ctx, rq, k, from, to, keyProbe)
		if err != nil {
			return 0, err
		}
		if n < bestN {
			best, bestN = i, n
		}
		if n == 0 {
			break
		}
	}
	return best, nil
}

// PictureEvent returns picture event id with every report's evidence,
// read back from the report's stored event (Report.Ref); a report whose
// event was re-extracted since keeps none.
func (s *Store) PictureEvent(ctx context.Context, id int64) (sitrep.PictureEvent, error) {
	var e sitrep.PictureEvent
	var b []byte
	tx, err := s.readTx(ctx)
	if err != nil {
		return e, err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT json FROM picture_json WHERE id = ?`, id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("sqlite: picture event %d: %w", id, sitrep.ErrNotFound)
	}
	if err != nil {
		return e, fmt.Errorf("sqlite: picture event %d: %w", id, err)
	}
	if b, err = unpack(b); err == nil {
		err = json.Unmarshal(b, &e)
	}
	if err != nil {
		return e, fmt.Errorf("sqlite: stored picture event %d: %w", id, err)
	}
	st, err := tx.PrepareContext(ctx, `SELECT json FROM events WHERE id = ?`)
	if err != nil {
		return e, fmt.Errorf("sqlite: %w", err)
	}
	defer st.Close()
	for i := range e.Reports {
		r := &e.Reports[i]
		if r.Ref == 0 {
			continue
		}
		var js []byte
		err := st.QueryRowContext(ctx, r.Ref).Scan(&js)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return e, fmt.Errorf("sqlite: event %d: %w", r.Ref, err)
		}
		var ev struct {
			Evidence []sitrep.Mention `json:"evidence"`
		}
		if err := json.Unmarshal(js, &ev); err != nil {
			return e, fmt.Errorf("sqlite: stored event %d: %w", r.Ref, err)
		}
		r.Event.Evidence = ev.Evidence
	}
	return e, nil
}

// Quantities lists ledger lines, newest picture event first, then by
// quantity id. Page.AfterID keeps the lines of picture events above it.
func (s *Store) Quantities(ctx context.Context, f sitrep.QuantityFilter) ([]sitrep.Quantity, error) {
	var w where
	if f.Event != 0 {
		w.add("event_id = ?", f.Event)
	}
	if f.Contested {
		w.add("contested")
	}
	if f.AfterID > 0 {
		w.add("event_id > ?", f.AfterID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, json FROM quantities`+w.sql()+` ORDER BY event_id DESC, id`+w.page(f.Page), w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: quantities: %w", err)
	}
	return readQuantities(rows)
}

// Episodes lists the episodes, latest end first.
func (s *Store) Episodes(ctx context.Context) ([]sitrep.Episode, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, json FROM episodes ORDER BY "end" DESC, start DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: episodes: %w", err)
	}
	return readEpisodes(rows)
}

// Families lists the rewrite families of two or more documents, by family
// id, each with its documents in id order.
func (s *Store) Families(ctx context.Context) ([]sitrep.Family, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT family_id, id FROM documents
		WHERE family_id IN (SELECT family_id FROM documents WHERE family_id IS NOT NULL GROUP BY family_id HAVING count(*) > 1)
		ORDER BY family_id, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: families: %w", err)
	}
	defer rows.Close()
	out := []sitrep.Family{}
	for rows.Next() {
		var fam, doc int64
		if err := rows.Scan(&fam, &doc); err != nil {
			return nil, fmt.Errorf("sqlite: families: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].ID != fam {
			out = append(out, sitrep.Family{ID: fam})
		}
		out[len(out)-1].Docs = append(out[len(out)-1].Docs, doc)
	}
	return out, rows.Err()
}
