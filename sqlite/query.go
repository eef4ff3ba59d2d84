package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
)

// docColumns are the document columns of a listing (no text).
const docColumns = `d.id, d.hash, d.source, d.title, d.outlet, d.url, d.author, d.published,
	d.published_granularity, d.published_source, d.family_id, d.ingested_at`

type scanner interface{ Scan(...any) error }

func scanDoc(sc scanner, extra ...any) (sitrep.StoredDoc, error) {
	var (
		sd        sitrep.StoredDoc
		pub       sql.NullString
		gran      int
		family    sql.NullInt64
		ingested  string
		published time.Time
	)
	dest := append([]any{&sd.ID, &sd.Hash, &sd.Doc.ID, &sd.Doc.Title, &sd.Doc.Outlet, &sd.Doc.URL, &sd.Doc.Author,
		&pub, &gran, &sd.Doc.PublishedSource, &family, &ingested}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return sd, err
	}
	if pub.Valid {
		t, err := time.Parse(time.RFC3339Nano, pub.String)
		if err != nil {
			return sd, fmt.Errorf("sqlite: document %d: bad publication date %q", sd.ID, pub.String)
		}
		published = t
	}
	sd.Doc.Published = published
	sd.Doc.PublishedGranularity = sitrep.Granularity(gran)
	sd.Family = family.Int64
	sd.IngestedAt, _ = time.Parse(time.RFC3339Nano, ingested)
	return sd, nil
}

// Document returns document id with its text and record.
func (s *Store) Document(ctx context.Context, id int64) (sitrep.StoredDoc, error) {
	var (
		recJSON sql.NullString
		sd0text string
	)
	sd, err := scanDoc(s.db.QueryRowContext(ctx, `SELECT `+docColumns+`, d.text, r.json
		FROM documents d LEFT JOIN records r ON r.doc_id = d.id WHERE d.id = ?`, id), &sd0text, &recJSON)
	if errors.Is(err, sql.ErrNoRows) {
		return sd, fmt.Errorf("sqlite: document %d: %w", id, sitrep.ErrNotFound)
	}
	if err != nil {
		return sd, fmt.Errorf("sqlite: %w", err)
	}
	sd.Doc.Text = sd0text
	sd.Record, err = s.loadRecord(ctx, sd.ID, recJSON)
	return sd, err
}

// Documents lists documents, latest publication first (undated last).
func (s *Store) Documents(ctx context.Context, f sitrep.DocumentFilter) ([]sitrep.StoredDoc, error) {
	var w where
	if err := w.dateRange("d.published_day", f.From, f.To); err != nil {
		return nil, err
	}
	if f.Outlet != "" {
		w.add("d.outlet = ? COLLATE NOCASE", f.Outlet)
	}
	if f.Actor != "" {
		w.add("EXISTS (SELECT 1 FROM mentions m WHERE m.kind = 'actor' AND m.ref = ? AND m.doc_id = d.id)", f.Actor)
	}
	if f.Family != 0 {
		w.add("d.family_id = ?", f.Family)
	}
	if f.AfterID > 0 {
		w.add("d.id > ?", f.AfterID)
	}
	cols := docColumns
	if f.Full {
		cols += ", d.text, r.json"
	}
	q := `SELECT ` + cols + ` FROM documents d LEFT JOIN records r ON r.doc_id = d.id` + w.sql() +
		` ORDER BY d.published_day DESC, d.id DESC` + w.page(f.Page)
	rows, err := s.db.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: documents: %w", err)
	}
	defer rows.Close()
	var (
		out  []sitrep.StoredDoc
		recs []sql.NullString
	)
	for rows.Next() {
		var (
			sd      sitrep.StoredDoc
			err     error
			recJSON sql.NullString
			txt     string
		)
		if f.Full {
			sd, err = scanDoc(rows, &txt, &recJSON)
			sd.Doc.Text = txt
		} else {
			sd, err = scanDoc(rows)
		}
		if err != nil {
			return nil, fmt.Errorf("sqlite: documents: %w", err)
		}
		out = append(out, sd)
		recs = append(recs, recJSON)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: documents: %w", err)
	}
	// Records are completed once the listing is read: a memory store has
	// one connection, which the listing holds until then.
	rows.Close()
	if f.Full {
		for i := range out {
			if out[i].Record, err = s.loadRecord(ctx, out[i].ID, recs[i]); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// loadRecord decodes a stored record and puts back its events and claims,
// which are kept once, in their own tables.
func (s *Store) loadRecord(ctx context.Context, id int64, js sql.NullString) (*sitrep.Record, error) {
	if !js.Valid {
		return nil, nil
	}
	var rec sitrep.Record
	if err := json.Unmarshal([]byte(js.String), &rec); err != nil {
		return nil, fmt.Errorf("sqlite: stored record %d: %w", id, err)
	}
	rec.Events, rec.Claims = []sitrep.Event{}, []sitrep.Claim{}
	for _, part := range []struct {
		q   string
		add func([]byte) error
	}{
		{`SELECT json FROM events WHERE doc_id = ? ORDER BY ord`, func(b []byte) error {
			var e sitrep.Event
			err := json.Unmarshal(b, &e)
			rec.Events = append(rec.Events, e)
			return err
		}},
		{`SELECT json FROM claims WHERE doc_id = ? ORDER BY ord`, func(b []byte) error {
			var c sitrep.Claim
			err := json.Unmarshal(b, &c)
			rec.Claims = append(rec.Claims, c)
			return err
		}},
	} {
		rows, err := s.db.QueryContext(ctx, part.q, id)
		if err != nil {
			return nil, fmt.Errorf("sqlite: record %d: %w", id, err)
		}
		for rows.Next() {
			var b []byte
			if err = rows.Scan(&b); err == nil {
				err = part.add(b)
			}
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: record %d: %w", id, err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlite: record %d: %w", id, err)
		}
	}
	return &rec, nil
}

// Mentions returns the mentions of document id in text order.
func (s *Store) Mentions(ctx context.Context, id int64) ([]sitrep.StoredMention, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, ref, name, start, "end", text FROM mentions
		WHERE doc_id = ? ORDER BY start, "end" DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: mentions: %w", err)
	}
	defer rows.Close()
	var out []sitrep.StoredMention
	for rows.Next() {
		var m sitrep.StoredMention
		if err := rows.Scan(&m.Kind, &m.Ref, &m.Name, &m.Start, &m.End, &m.Text); err != nil {
			return nil, fmt.Errorf("sqlite: mentions: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// keyProbe bounds the count used to pick the most selective event key: a
// count reads index entries only, about 0.1 µs each.
const keyProbe = 20_000

// Events lists events, latest event date first (undated last), then by
// store id, newest first.
//
// When a filter names keys (actor, place, type), the rarest key drives the
// query as one range read of event_keys in result order; the other keys are
// point look-ups, so a page costs about its own size whatever the corpus.
func (s *Store) Events(ctx context.Context, f sitrep.EventFilter) ([]sitrep.StoredEvent, error) {
	from, to, err := dayBounds(f.From, f.To)
	if err != nil {
		return nil, err
	}
	keys, err := filterKeys(f.Actor, f.Place, f.Type, keyPrefixes{actor: "actor:", place: "place:", name: "name:", typ: "type:"})
	if err != nil {
		return nil, err
	}
	var w where
	var q string
	const cols = `e.id, e.doc_id, e.published, e.place_id, e.cluster_id, e.contested, e.json`
	if len(keys) == 0 {
		if from != "" {
			w.add("e.event_date >= ?", from)
		}
		if to != "" {
			w.add("e.event_date <= ?", to)
		}
		s.eventConds(&w, f)
		q = `SELECT ` + cols + ` FROM events e` + w.sql() +
			` ORDER BY e.event_date DESC, e.id DESC` + w.page(f.Page)
	} else {
		drive, err := s.rarestKey(ctx, keys, from, to)
		if err != nil {
			return nil, err
		}
		w.add("k.key = ?", keys[drive])
		if from != "" {
			w.add("k.day >= ?", from)
		}
		if to != "" {
			w.add("k.day <= ?", to)
		}
		for i, k := range keys {
			if i != drive {
				w.add("EXISTS (SELECT 1 FROM event_keys k2 WHERE k2.key = ? AND k2.day = k.day AND k2.event_id = k.event_id)", k)
			}
		}
		if f.DocID == 0 && f.Cluster == 0 && !f.Contested {
			// Every condition is on event_keys: pick the page there and
			// read only its events (an offset then skips index entries,
			// not events).
			if f.AfterID > 0 {
				w.add("k.event_id > ?", f.AfterID)
			}
			q = `SELECT ` + cols + ` FROM (SELECT k.day, k.event_id FROM event_keys k` + w.sql() +
				` ORDER BY k.day DESC, k.event_id DESC` + w.page(f.Page) + `) k
				CROSS JOIN events e ON e.id = k.event_id ORDER BY k.day DESC, k.event_id DESC`
		} else {
			s.eventConds(&w, f)
			// CROSS JOIN fixes the join order: event_keys drives.
			q = `SELECT ` + cols + ` FROM event_keys k CROSS JOIN events e ON e.id = k.event_id` + w.sql() +
				` ORDER BY k.day DESC, k.event_id DESC` + w.page(f.Page)
		}
	}
	rows, err := s.db.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: events: %w", err)
	}
	defer rows.Close()
	var (
		out []sitrep.StoredEvent
		js  [][]byte
	)
	for rows.Next() {
		var (
			se        sitrep.StoredEvent
			published sql.NullString
			placeID   sql.NullString
			cluster   sql.NullInt64
			b         []byte
		)
		if err := rows.Scan(&se.RowID, &se.DocID, &published, &placeID, &cluster, &se.Contested, &b); err != nil {
			return nil, fmt.Errorf("sqlite: events: %w", err)
		}
		se.Published, se.PlaceID, se.Cluster = published.String, placeID.String, cluster.Int64
		out = append(out, se)
		js = append(js, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: events: %w", err)
	}
	return out, decodeEvents(out, js)
}

// decodeEvents fills each event from its JSON. Decoding is two thirds of a
// large result's time, so big results are decoded on every core.
func decodeEvents(out []sitrep.StoredEvent, js [][]byte) error {
	return parallel(len(out), 256, func(i int) error {
		if err := json.Unmarshal(js[i], &out[i].Event); err != nil {
			return fmt.Errorf("sqlite: stored event %d: %w", out[i].RowID, err)
		}
		return nil
	})
}

func (s *Store) eventConds(w *where, f sitrep.EventFilter) {
	if f.DocID != 0 {
		w.add("e.doc_id = ?", f.DocID)
	}
	if f.Cluster != 0 {
		w.add("e.cluster_id = ?", f.Cluster)
	}
	if f.Contested {
		w.add("e.contested")
	}
	if f.AfterID > 0 {
		w.add("e.id > ?", f.AfterID)
	}
}

// rarestKey returns the index of the key with the fewest events in the date
// range, counting each only up to keyProbe; among keys past the bound the
// first wins (the caller lists actors, then places, then types: usually
// from the most selective).
func (s *Store) rarestKey(ctx context.Context, keys []string, from, to string) (int, error) {
	if len(keys) == 1 {
		return 0, nil
	}
	if to == "" {
		to = "\U0010FFFF"
	}
	best, bestN := 0, keyProbe+1
	for i, k := range keys {
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM event_keys
			WHERE key = ? AND day >= ? AND day <= ? LIMIT ?)`, k, from, to, keyProbe).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("sqlite: events: %w", err)
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

// isPlaceID tells a place id from a place name.
func isPlaceID(s string) bool {
	return strings.HasPrefix(s, "geonames:") || strings.HasPrefix(s, "x-")
}

// Claims lists claims, latest publication first.
func (s *Store) Claims(ctx context.Context, f sitrep.ClaimFilter) ([]sitrep.StoredClaim, error) {
	var w where
	if err := w.dateRange("d.published_day", f.From, f.To); err != nil {
		return nil, err
	}
	if f.Kind != "" {
		w.add("c.kind = ?", strings.ToLower(f.Kind))
	}
	if f.Claimant != "" {
		w.add("c.claimant_id = ?", f.Claimant)
	}
	if f.About != "" {
		w.add("c.about_id = ?", f.About)
	}
	if f.Actor != "" {
		w.add("(c.claimant_id = ? OR c.about_id = ?)", f.Actor, f.Actor)
	}
	if f.DocID != 0 {
		w.add("c.doc_id = ?", f.DocID)
	}
	if f.Contested {
		w.add("c.contested")
	}
	if f.AfterID > 0 {
		w.add("c.id > ?", f.AfterID)
	}
	q := `SELECT c.id, c.doc_id, d.published_date, c.contested, c.json FROM claims c JOIN documents d ON d.id = c.doc_id` +
		w.sql() + ` ORDER BY d.published_day DESC, c.id DESC` + w.page(f.Page)
	rows, err := s.db.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: claims: %w", err)
	}
	defer rows.Close()
	var out []sitrep.StoredClaim
	for rows.Next() {
		var (
			sc        sitrep.StoredClaim
			published sql.NullString
			js        string
		)
		if err := rows.Scan(&sc.RowID, &sc.DocID, &published, &sc.Contested, &js); err != nil {
			return nil, fmt.Errorf("sqlite: claims: %w", err)
		}
		if err := json.Unmarshal([]byte(js), &sc.Claim); err != nil {
			return nil, fmt.Errorf("sqlite: stored claim %d: %w", sc.RowID, err)
		}
		sc.Published = published.String
		out = append(out, sc)
	}
	return out, rows.Err()
}

// Actors summarises every actor seen, most documents first.
func (s *Store) Actors(ctx context.Context) ([]sitrep.ActorSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, type, country, documents, mentions, events FROM actors
		WHERE documents > 0 OR events > 0 ORDER BY documents DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: actors: %w", err)
	}
	defer rows.Close()
	var out []sitrep.ActorSummary
	for rows.Next() {
		var a sitrep.ActorSummary
		if err := rows.Scan(&a.ID, &a.Name, &a.Type, &a.Country, &a.Documents, &a.Mentions, &a.Events); err != nil {
			return nil, fmt.Errorf("sqlite: actors: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// where collects the conditions and arguments of a query.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// page appends LIMIT and OFFSET as parameters.
func (w *where) page(p sitrep.Page) string {
	if p.Limit <= 0 && p.Offset <= 0 {
		return ""
	}
	limit := p.Limit
	if limit <= 0 {
		limit = -1 // no limit
	}
	w.args = append(w.args, limit, max(p.Offset, 0))
	return " LIMIT ? OFFSET ?"
}

func (w *where) dateRange(col, from, to string) error {
	lo, hi, err := dayBounds(from, to)
	if err != nil {
		return err
	}
	if lo != "" {
		w.add(col+" >= ?", lo)
	}
	if hi != "" {
		w.add(col+" <= ?", hi)
	}
	return nil
}

// dayBounds checks a date range given as YYYY, YYYY-MM or YYYY-MM-DD and
// returns bounds for comparing YYYY-MM-DD strings: a coarse upper bound
// covers its whole month or year.
func dayBounds(from, to string) (string, string, error) {
	for _, d := range []string{from, to} {
		if d != "" && !validDate(d) {
			return "", "", fmt.Errorf("date %q (want YYYY, YYYY-MM or YYYY-MM-DD): %w", d, sitrep.ErrBadQuery)
		}
	}
	if from != "" && to != "" && from > to && !strings.HasPrefix(from, to) {
		return "", "", fmt.Errorf("date range %s to %s is empty: %w", from, to, sitrep.ErrBadQuery)
	}
	if to != "" && len(to) < len("2006-01-02") {
		to += "~" // after every day of that month or year
	}
	return from, to, nil
}

func validDate(d string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if len(d) == len(layout) {
			_, err := time.Parse(layout, d)
			return err == nil
		}
	}
	return false
}
