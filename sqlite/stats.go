package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	sitrep "github.com/sitrep-dev/sitrep"
)

// Counts returns the sizes of the store and its picture in one statement
// (one snapshot). Each count reads an index: the contested events and
// disputed quantities their partial indexes, the families the documents
// that have one.
func (s *Store) Counts(ctx context.Context) (sitrep.Counts, error) {
	var c sitrep.Counts
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM documents),
		(SELECT count(*) FROM picture_events),
		(SELECT count(*) FROM picture_events INDEXED BY picture_events_contested WHERE contested),
		(SELECT count(*) FROM quantities INDEXED BY quantities_contested WHERE contested),
		(SELECT count(*) FROM (SELECT 1 FROM documents WHERE family_id IS NOT NULL GROUP BY family_id HAVING count(*) > 1)),
		(SELECT count(*) FROM episodes)`).Scan(&c.Documents, &c.Events, &c.Contested, &c.Disputed, &c.Families, &c.Episodes)
	if err != nil {
		return c, fmt.Errorf("sqlite: counts: %w", err)
	}
	return c, nil
}

// EventPairs counts picture events by fused actor 1 and actor 2 between
// the top actors (top ≤ 0: all), most events first. The grouping reads the
// picture_events_pair index alone.
func (s *Store) EventPairs(ctx context.Context, top int) ([]sitrep.ActorPair, error) {
	return s.actorPairs(ctx, `SELECT actor1, actor2, count(*) FROM picture_events
		WHERE actor1 IS NOT NULL AND actor2 IS NOT NULL GROUP BY actor1, actor2`, nil, top)
}

// ClaimPairs counts the claims of kind by claimant and the actor they are
// about between the top actors (top ≤ 0: all), most claims first. The
// grouping reads the claims_pair index alone.
func (s *Store) ClaimPairs(ctx context.Context, kind string, top int) ([]sitrep.ActorPair, error) {
	return s.actorPairs(ctx, `SELECT claimant_id, about_id, count(*) FROM claims
		WHERE kind = ? AND claimant_id IS NOT NULL AND about_id IS NOT NULL GROUP BY claimant_id, about_id`,
		[]any{strings.ToLower(kind)}, top)
}

// actorPairs runs a grouping of (actor, actor, count) rows and keeps the
// pairs between the top actors: those with the highest count summed over
// both sides (ties by id). Actors are named from the actors table.
func (s *Store) actorPairs(ctx context.Context, grouping string, args []any, top int) ([]sitrep.ActorPair, error) {
	if top <= 0 {
		top = -1 // no limit
	}
	rows, err := s.db.QueryContext(ctx, `WITH pairs (a, b, n) AS (`+grouping+`),
		weights AS (SELECT id, sum(n) AS w FROM (SELECT a AS id, n FROM pairs UNION ALL SELECT b, n FROM pairs) GROUP BY id),
		top AS (SELECT id FROM weights ORDER BY w DESC, id LIMIT ?)
		SELECT p.a, coalesce(x.name, ''), p.b, coalesce(y.name, ''), p.n FROM pairs p
			LEFT JOIN actors x ON x.id = p.a LEFT JOIN actors y ON y.id = p.b
		WHERE p.a IN top AND p.b IN top ORDER BY p.n DESC, p.a, p.b`, append(args, top)...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: actor pairs: %w", err)
	}
	defer rows.Close()
	out := []sitrep.ActorPair{}
	for rows.Next() {
		var p sitrep.ActorPair
		if err := rows.Scan(&p.A.ID, &p.A.Name, &p.B.ID, &p.B.Name, &p.Count); err != nil {
			return nil, fmt.Errorf("sqlite: actor pairs: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: actor pairs: %w", err)
	}
	return out, nil
}

// DocumentsByID returns the documents of ids as listings give them (no
// text, no record), in the order of ids, each once; unknown ids are left
// out. The ids travel as one JSON array.
func (s *Store) DocumentsByID(ctx context.Context, ids []int64) ([]sitrep.StoredDoc, error) {
	out := []sitrep.StoredDoc{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+docColumns+` FROM documents d
		WHERE d.id IN (SELECT value FROM json_each(?))`, jsonIDs(ids))
	if err != nil {
		return nil, fmt.Errorf("sqlite: documents: %w", err)
	}
	defer rows.Close()
	byID := map[int64]sitrep.StoredDoc{}
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: documents: %w", err)
		}
		byID[d.ID] = d
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: documents: %w", err)
	}
	for _, id := range ids {
		if d, ok := byID[id]; ok {
			out = append(out, d)
			delete(byID, id)
		}
	}
	return out, nil
}

// EventQuantities returns the ledger lines of the picture events, newest
// event first, then by quantity id (as Quantities).
func (s *Store) EventQuantities(ctx context.Context, events []int64) ([]sitrep.Quantity, error) {
	if len(events) == 0 {
		return []sitrep.Quantity{}, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, json FROM quantities
		WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id DESC, id`, jsonIDs(events))
	if err != nil {
		return nil, fmt.Errorf("sqlite: quantities: %w", err)
	}
	return readQuantities(rows)
}

// readQuantities decodes rows of (id, packed JSON) ledger lines and
// closes them.
func readQuantities(rows *sql.Rows) ([]sitrep.Quantity, error) {
	defer rows.Close()
	out := []sitrep.Quantity{}
	for rows.Next() {
		var id string
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return nil, fmt.Errorf("sqlite: quantities: %w", err)
		}
		var q sitrep.Quantity
		b, err := unpack(b)
		if err == nil {
			err = json.Unmarshal(b, &q)
		}
		if err != nil {
			return nil, fmt.Errorf("sqlite: stored quantity %s: %w", id, err)
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: quantities: %w", err)
	}
	return out, nil
}

// EventEpisodes returns the episodes holding any of the picture events,
// latest end first (as Episodes), found by the episode_events_event index.
func (s *Store) EventEpisodes(ctx context.Context, events []int64) ([]sitrep.Episode, error) {
	if len(events) == 0 {
		return []sitrep.Episode{}, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, json FROM episodes WHERE id IN
		(SELECT episode_id FROM episode_events WHERE event_id IN (SELECT value FROM json_each(?)))
		ORDER BY "end" DESC, start DESC, id DESC`, jsonIDs(events))
	if err != nil {
		return nil, fmt.Errorf("sqlite: episodes: %w", err)
	}
	return readEpisodes(rows)
}

// readEpisodes decodes rows of (id, JSON) episodes and closes them.
func readEpisodes(rows *sql.Rows) ([]sitrep.Episode, error) {
	defer rows.Close()
	out := []sitrep.Episode{}
	for rows.Next() {
		var id int64
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return nil, fmt.Errorf("sqlite: episodes: %w", err)
		}
		var ep sitrep.Episode
		if err := json.Unmarshal(b, &ep); err != nil {
			return nil, fmt.Errorf("sqlite: stored episode %d: %w", id, err)
		}
		out = append(out, ep)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: episodes: %w", err)
	}
	return out, nil
}

// PictureSummaries lists picture events as PictureEvents does (same
// filter, order, paging and total) with their fused fields read from the
// picture_events columns: no JSON is decoded, so listing thousands (a map,
// a timeline) stays cheap. Actors are named from the actors table.
func (s *Store) PictureSummaries(ctx context.Context, f sitrep.PictureFilter) (sitrep.PicturePage, error) {
	return s.pictureList(ctx, f, pictureSummariesByIDs)
}

// pictureSummariesByIDs reads the fused fields of picture events, in the
// order of ids.
func pictureSummariesByIDs(ctx context.Context, rq querier, ids []int64) ([]sitrep.PictureEvent, error) {
	out := make([]sitrep.PictureEvent, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	rows, err := rq.QueryContext(ctx, `SELECT p.id, p.event_type, p.sub_event_type, p.event_date, p.time_precision,
		p.actor1, coalesce(x.name, ''), p.actor2, coalesce(y.name, ''), p.location, p.admin2, p.admin1, p.country,
		p.country_code, p.latitude, p.longitude, p.fatalities, p.sources
		FROM picture_events p LEFT JOIN actors x ON x.id = p.actor1 LEFT JOIN actors y ON y.id = p.actor2
		WHERE p.id IN (SELECT value FROM json_each(?))`, jsonIDs(ids))
	if err != nil {
		return nil, fmt.Errorf("sqlite: picture summaries: %w", err)
	}
	defer rows.Close()
	found := 0
	for rows.Next() {
		var (
			e                  sitrep.PictureEvent
			date               sql.NullString
			prec               sql.NullInt64
			a1, a2             sql.NullString
			n1, n2             string
			lat, lon           sql.NullFloat64
			fatalities, source int
		)
		if err := rows.Scan(&e.ID, &e.EventType, &e.SubEventType, &date, &prec, &a1, &n1, &a2, &n2,
			&e.Location, &e.Admin2, &e.Admin1, &e.Country, &e.CountryCode, &lat, &lon, &fatalities, &source); err != nil {
			return nil, fmt.Errorf("sqlite: picture summaries: %w", err)
		}
		if date.Valid {
			e.EventDate = &date.String
		}
		if prec.Valid {
			p := int(prec.Int64)
			e.TimePrecision = &p
		}
		if a1.Valid {
			e.Actor1 = &sitrep.ActorRef{ID: a1.String, Name: n1}
		}
		if a2.Valid {
			e.Actor2 = &sitrep.ActorRef{ID: a2.String, Name: n2}
		}
		if lat.Valid && lon.Valid {
			e.Latitude, e.Longitude = &lat.Float64, &lon.Float64
		}
		if fatalities >= 0 { // -1: deaths without a number
			e.Fatalities = &fatalities
		}
		e.Sources = source
		i, ok := at[e.ID]
		if !ok {
			continue
		}
		out[i] = e
		found++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: picture summaries: %w", err)
	}
	if found != len(ids) {
		return nil, fmt.Errorf("sqlite: picture summaries: %d of %d events found", found, len(ids))
	}
	return out, nil
}

// backfillPictureColumns fills the columns migration 3 added to the
// picture events stored before it (actor ids, time precision, place
// names) from each event's JSON: once, in one transaction, when the
// migration left the 'columns_pending' mark. Later writes set the columns
// themselves.
func backfillPictureColumns(ctx context.Context, db *sql.DB) error {
	const mark = `SELECT count(*) FROM picture_meta WHERE name = 'columns_pending'`
	var pending int
	if err := db.QueryRowContext(ctx, mark).Scan(&pending); err != nil {
		return fmt.Errorf("backfill: %w", err)
	}
	if pending == 0 {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil) // immediate (see pragmas): the mark is read again under the write lock
	if err != nil {
		return fmt.Errorf("backfill: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, mark).Scan(&pending); err != nil {
		return fmt.Errorf("backfill: %w", err)
	}
	if pending == 0 {
		return nil // another opener did it
	}
	type row struct {
		id   int64
		cols []any
	}
	var todo []row
	rows, err := tx.QueryContext(ctx, `SELECT id, json FROM picture_json`)
	if err != nil {
		return fmt.Errorf("backfill: %w", err)
	}
	for rows.Next() {
		var (
			id int64
			b  []byte
			e  sitrep.PictureEvent
		)
		if err := rows.Scan(&id, &b); err != nil {
			rows.Close()
			return fmt.Errorf("backfill: %w", err)
		}
		b, err := unpack(b)
		if err == nil {
			err = json.Unmarshal(b, &e)
		}
		if err != nil {
			rows.Close()
			return fmt.Errorf("backfill: stored picture event %d: %w", id, err)
		}
		todo = append(todo, row{id, []any{refID(e.Actor1), refID(e.Actor2), e.TimePrecision, e.Location, e.Admin2, e.Admin1, e.Country, e.CountryCode}})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("backfill: %w", err)
	}
	st, err := tx.PrepareContext(ctx, `UPDATE picture_events SET actor1 = ?, actor2 = ?, time_precision = ?,
		location = ?, admin2 = ?, admin1 = ?, country = ?, country_code = ? WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("backfill: %w", err)
	}
	defer st.Close()
	for _, r := range todo {
		if _, err := st.ExecContext(ctx, append(r.cols, r.id)...); err != nil {
			return fmt.Errorf("backfill: picture event %d: %w", r.id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM picture_meta WHERE name = 'columns_pending'`); err != nil {
		return fmt.Errorf("backfill: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("backfill: commit: %w", err)
	}
	return nil
}
