package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/dedup"
	"github.com/sitrep-dev/sitrep/text"
)

// SetEventClusters assigns events to picture events, in one transaction.
func (s *Store) SetEventClusters(ctx context.Context, a []sitrep.EventCluster) error {
	return s.batch(ctx, qSetCluster, len(a), func(i int) []any {
		return []any{nullInt(a[i].Cluster), a[i].Contested, a[i].RowID}
	})
}

// SetFamilies assigns documents to rewrite families, in one transaction.
func (s *Store) SetFamilies(ctx context.Context, a []sitrep.DocFamily) error {
	return s.batch(ctx, qSetFamily, len(a), func(i int) []any {
		return []any{nullInt(a[i].Family), a[i].DocID}
	})
}

// SetClaimsContested flags or unflags claims, in one transaction.
func (s *Store) SetClaimsContested(ctx context.Context, rowIDs []int64, contested bool) error {
	return s.batch(ctx, qSetClaim, len(rowIDs), func(i int) []any {
		return []any{contested, rowIDs[i]}
	})
}

// Statements of ApplyPicture, prepared once per store (see wtx). Sets of
// ids and keys are passed as one JSON array (json_each): one statement per
// picture event rather than one per key or report.
const (
	qSetCluster  = `UPDATE events SET cluster_id = ?, contested = ? WHERE id = ?`
	qSetFamily   = `UPDATE documents SET family_id = ? WHERE id = ?`
	qSetClaim    = `UPDATE claims SET contested = ? WHERE id = ?`
	qSetClusters = `UPDATE events SET cluster_id = ?1, contested = ?2 WHERE id IN (SELECT value FROM json_each(?3))`
	qSetFamilies = `UPDATE documents SET family_id = ?1 WHERE id IN (SELECT value FROM json_each(?2))`
	qSetClaims   = `UPDATE claims SET contested = ?1 WHERE id IN (SELECT value FROM json_each(?2))`
	qSetPictured = `UPDATE documents SET pictured = 1 WHERE id IN (SELECT value FROM json_each(?1))`
	// The old keys go by their full key: picture_keys has no index by
	// event (it would grow the table by half for this one use).
	qDelPictureKeys = `DELETE FROM picture_keys WHERE event_id = ?1 AND day = (SELECT day FROM picture_events WHERE id = ?1)
		AND key IN (SELECT value FROM json_each((SELECT keys FROM picture_json WHERE id = ?1)))`
	qDelQuantities  = `DELETE FROM quantities WHERE event_id = ?`
	qDelPicture     = `DELETE FROM picture_events WHERE id = ?`
	qDelPictureJSON = `DELETE FROM picture_json WHERE id = ?`
	qDelMembership  = `DELETE FROM episode_events WHERE event_id = ?`
	qInsPicture     = `INSERT OR REPLACE INTO picture_events (id, event_type, sub_event_type, event_date, day,
		fatalities, sources, reports, contested, latitude, longitude, span_from, span_to, span_class,
		actor1, actor2, time_precision, location, admin2, admin1, country, country_code)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qInsPictureJSON = `INSERT OR REPLACE INTO picture_json (id, keys, json) VALUES (?, ?, ?)`
	qInsPictureKeys = `INSERT OR IGNORE INTO picture_keys (key, day, event_id, contested, latitude, longitude, fatalities, sources)
		SELECT value, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM json_each(?1)`
	qPlacesOf        = `SELECT DISTINCT place_id FROM events WHERE id IN (SELECT value FROM json_each(?1)) AND place_id IS NOT NULL`
	qInsQuantity     = `INSERT OR REPLACE INTO quantities (id, event_id, contested, json) VALUES (?, ?, ?, ?)`
	qInsSignature    = `INSERT OR REPLACE INTO signatures (doc_id, sig) VALUES (?, ?)`
	qInsSignatureKey = `INSERT OR IGNORE INTO signature_keys (key, doc_id) SELECT value, ?2 FROM json_each(?1)`
)

var pictureQueries = []string{qSetClusters, qSetFamilies, qSetClaims, qSetPictured, qDelPictureKeys, qDelQuantities,
	qDelPicture, qDelPictureJSON, qDelMembership, qInsPicture, qInsPictureJSON, qInsPictureKeys, qPlacesOf, qInsQuantity,
	qInsSignature, qInsSignatureKey}

// batch runs one statement n times in one transaction.
func (s *Store) batch(ctx context.Context, q string, n int, args func(int) []any) error {
	if n == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer tx.Rollback()
	if err := execEach(ctx, tx, q, n, args); err != nil {
		return err
	}
	return tx.Commit()
}

// execEach runs one statement n times inside tx.
func execEach(ctx context.Context, tx interface {
	PrepareContext(context.Context, string) (*sql.Stmt, error)
}, q string, n int, args func(int) []any) error {
	if n == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer st.Close()
	for i := range n {
		if _, err := st.ExecContext(ctx, args(i)...); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
	}
	return nil
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// PendingDocuments lists, in id order, the documents no ApplyPicture has
// marked done: new documents, and all documents stored before the store
// kept a picture.
func (s *Store) PendingDocuments(ctx context.Context) ([]int64, error) {
	// The partial index holds only the pending: statistics taken before a
	// run (all pending) would have the planner read every document instead.
	return int64s(ctx, s.db, `SELECT id FROM documents INDEXED BY documents_pending WHERE pictured = 0 ORDER BY id`)
}

// candidatesPerKey bounds the documents one key yields: the most recent
// ones (highest ids), as dedup.Index remembers per bucket. A key every
// report shares (a province name, a common figure) would otherwise return
// a large part of the store on every run; rewrites appear close in time.
const candidatesPerKey = dedup.MaxBucket

// SignatureCandidates returns, in document order, the stored signatures of
// the documents sharing at least one key with keys (for each key, its
// candidatesPerKey most recent documents). Each DocSignature's Keys are the
// keys it shares with keys, so callers can count shared bands and evidence
// keys without decoding.
func (s *Store) SignatureCandidates(ctx context.Context, keys []uint64) ([]sitrep.DocSignature, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	ks := make([]int64, len(keys))
	for i, k := range keys {
		ks[i] = int64(k) // the same bits
	}
	slices.Sort(ks)
	ks = slices.Compact(ks)
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// One statement for all keys: per key, the documents from its
	// candidatesPerKey-th most recent up.
	rows, err := tx.QueryContext(ctx, `SELECT j.value, sk.doc_id FROM json_each(?1) j
		JOIN signature_keys sk ON sk.key = j.value
		WHERE sk.doc_id >= coalesce((SELECT doc_id FROM signature_keys WHERE key = j.value ORDER BY doc_id DESC LIMIT 1 OFFSET ?2), 0)`,
		jsonIDs(ks), candidatesPerKey-1)
	if err != nil {
		return nil, fmt.Errorf("sqlite: signature keys: %w", err)
	}
	shared := map[int64][]uint64{}
	var ids []int64
	for rows.Next() {
		var k, id int64
		if err := rows.Scan(&k, &id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: signature keys: %w", err)
		}
		if _, ok := shared[id]; !ok {
			ids = append(ids, id)
		}
		shared[id] = append(shared[id], uint64(k))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: signature keys: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	// A key left by a document whose signature is gone finds no row here.
	rows, err = tx.QueryContext(ctx, `SELECT d.id, coalesce(d.family_id, 0) FROM documents d
		WHERE d.id IN (SELECT value FROM json_each(?1)) AND EXISTS (SELECT 1 FROM signatures s WHERE s.doc_id = d.id)
		ORDER BY d.id`, jsonIDs(ids))
	if err != nil {
		return nil, fmt.Errorf("sqlite: signatures: %w", err)
	}
	defer rows.Close()
	out := make([]sitrep.DocSignature, 0, len(ids))
	for rows.Next() {
		var id, family int64
		if err := rows.Scan(&id, &family); err != nil {
			return nil, fmt.Errorf("sqlite: signatures: %w", err)
		}
		ks := shared[id]
		slices.Sort(ks)
		out = append(out, sitrep.DocSignature{DocID: id, Keys: ks, Family: family})
	}
	return out, rows.Err()
}

// Signatures returns the stored signatures of the documents ids, by id.
func (s *Store) Signatures(ctx context.Context, ids []int64) ([]sitrep.DocSignature, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.doc_id, s.sig, coalesce(d.family_id, 0) FROM signatures s JOIN documents d ON d.id = s.doc_id
		WHERE s.doc_id IN (SELECT value FROM json_each(?1)) ORDER BY s.doc_id`, jsonIDs(ids))
	if err != nil {
		return nil, fmt.Errorf("sqlite: signatures: %w", err)
	}
	defer rows.Close()
	out := make([]sitrep.DocSignature, 0, len(ids))
	for rows.Next() {
		var sg sitrep.DocSignature
		if err := rows.Scan(&sg.DocID, &sg.Sig, &sg.Family); err != nil {
			return nil, fmt.Errorf("sqlite: signatures: %w", err)
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}

// PictureEventsBetween returns the picture events whose span overlaps
// [from, to] (YYYY-MM-DD, inclusive; an empty bound is open, both empty
// select no dated event), and the undated ones when undated is set, in id
// order, reports without evidence.
func (s *Store) PictureEventsBetween(ctx context.Context, from, to string, undated bool) ([]sitrep.PictureEvent, error) {
	for _, d := range []string{from, to} {
		if d != "" && !isDay(d) {
			return nil, fmt.Errorf("sqlite: picture span bound %q (want YYYY-MM-DD): %w", d, sitrep.ErrBadQuery)
		}
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var parts []string
	var args []any
	if from != "" || to != "" {
		var maxClass sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT max(span_class) FROM picture_events`).Scan(&maxClass); err != nil {
			return nil, fmt.Errorf("sqlite: picture events: %w", err)
		}
		hi := to
		if hi == "" {
			hi = "~"
		}
		// A span of class c lasts fewer than 2^c days: it overlaps
		// [from, to] only if it starts at most 2^c - 1 days before from.
		for c := int64(0); maxClass.Valid && c <= maxClass.Int64; c++ {
			lo := ""
			if from != "" {
				t, _ := time.Parse(time.DateOnly, from)
				lo = t.AddDate(0, 0, -(1<<c - 1)).Format(time.DateOnly)
			}
			parts = append(parts, `SELECT id FROM picture_events WHERE span_class = ? AND span_from >= ? AND span_from <= ? AND span_to >= ?`)
			args = append(args, c, lo, hi, from)
		}
	}
	if undated {
		parts = append(parts, `SELECT id FROM picture_events WHERE span_class = -1`)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	q := `SELECT j.id, j.json FROM (` + strings.Join(parts, " UNION ALL ") + `) p
		CROSS JOIN picture_json j ON j.id = p.id ORDER BY j.id`
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: picture events: %w", err)
	}
	defer rows.Close()
	var (
		ids []int64
		js  [][]byte
	)
	for rows.Next() {
		var id int64
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return nil, fmt.Errorf("sqlite: picture events: %w", err)
		}
		ids, js = append(ids, id), append(js, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: picture events: %w", err)
	}
	return decodePicture(ids, js)
}

// decodePicture decodes stored picture events, on every core for a large
// result (decoding is most of its cost).
func decodePicture(ids []int64, js [][]byte) ([]sitrep.PictureEvent, error) {
	out := make([]sitrep.PictureEvent, len(js))
	err := parallel(len(js), 64, func(i int) error {
		b, err := unpack(js[i])
		if err == nil {
			err = json.Unmarshal(b, &out[i])
		}
		if err != nil {
			return fmt.Errorf("sqlite: stored picture event %d: %w", ids[i], err)
		}
		return nil
	})
	return out, err
}

// MaxPictureEventID is the largest picture event id ever stored (removed
// events included, so ids are not reused), 0 when none.
func (s *Store) MaxPictureEventID(ctx context.Context) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT max(coalesce((SELECT max(id) FROM picture_events), 0),
		coalesce((SELECT value FROM picture_meta WHERE name = 'max_event_id'), 0))`).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("sqlite: picture events: %w", err)
	}
	return id, nil
}

// Statistics lists the stored statistics counting unit of the actor of,
// from documents with ids up to maxDoc, by claim and tally.
func (s *Store) Statistics(ctx context.Context, unit, of string, maxDoc int64) ([]sitrep.Statistic, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT st.claim_id, st.tally, st.doc_id, coalesce(d.family_id, 0), d.published_date, c.json
		FROM statistics st JOIN claims c ON c.id = st.claim_id JOIN documents d ON d.id = st.doc_id
		WHERE st.unit = ? AND st.of_id = ? AND st.doc_id <= ? ORDER BY st.claim_id, st.tally`, unit, of, maxDoc)
	if err != nil {
		return nil, fmt.Errorf("sqlite: statistics: %w", err)
	}
	defer rows.Close()
	var out []sitrep.Statistic
	for rows.Next() {
		var (
			st        sitrep.Statistic
			tally     int
			published sql.NullString
			js        string
			c         sitrep.Claim
		)
		if err := rows.Scan(&st.Claim, &tally, &st.DocID, &st.Family, &published, &js); err != nil {
			return nil, fmt.Errorf("sqlite: statistics: %w", err)
		}
		if err := json.Unmarshal([]byte(js), &c); err != nil || tally >= len(c.Tallies) {
			return nil, fmt.Errorf("sqlite: statistic of claim %d: tally %d not stored (%v)", st.Claim, tally, err)
		}
		st.Published, st.Claimant, st.Tally = published.String, c.Claimant, c.Tallies[tally]
		out = append(out, st)
	}
	return out, rows.Err()
}

// pictureRow is a picture event ready to be written.
type pictureRow struct {
	e        *sitrep.PictureEvent
	day      string
	spanFrom any
	spanTo   any
	class    int
	json     []byte // packed; nil when the event is removed
	refs     string // JSON array of the reports' stored event ids
}

// ApplyPicture writes one builder run in one transaction: the picture
// events (an event with no reports left is removed, with its keys, ledger
// lines and episode memberships), the ledger lines of those events, the
// quantities of the statistics named in u.StatisticKeys, event clusters, families, signatures, contested claims (a claim in both
// ClaimsOn and ClaimsOff ends contested), the episodes when u.Episodes is
// not nil, and marks u.Done documents as pictured. Either all of it is
// stored or none.
func (s *Store) ApplyPicture(ctx context.Context, u sitrep.PictureUpdate) error {
	if len(u.Spans) != len(u.Events) {
		return fmt.Errorf("sqlite: picture update with %d events and %d spans", len(u.Events), len(u.Spans))
	}
	// Encoding (a third of the cost) happens before the write lock is
	// taken, on every core.
	rows := make([]pictureRow, len(u.Events))
	quantities := slices.Concat(u.Quantities, u.Statistics)
	qjs := make([][]byte, len(quantities))
	err := parallel(len(u.Events)+len(quantities), 32, func(i int) error {
		if i < len(u.Events) {
			r, err := encodePicture(&u.Events[i], u.Spans[i])
			rows[i] = r
			return err
		}
		i -= len(u.Events)
		q := &quantities[i]
		if q.ID == "" || (q.Event <= 0) == (i < len(u.Quantities)) {
			return fmt.Errorf("sqlite: quantity %q of picture event %d: id and event required (event 0 for statistics)", q.ID, q.Event)
		}
		b, err := json.Marshal(q)
		if err != nil {
			return fmt.Errorf("sqlite: encode quantity %s: %w", q.ID, err)
		}
		qjs[i] = pack(b)
		return nil
	})
	if err != nil {
		return err
	}
	var maxID int64
	for _, e := range u.Events {
		maxID = max(maxID, e.ID)
	}
	var ejs [][]byte
	for _, ep := range u.Episodes {
		b, err := json.Marshal(ep)
		if err != nil {
			return fmt.Errorf("sqlite: encode episode %d: %w", ep.ID, err)
		}
		ejs = append(ejs, b)
	}

	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, r := range rows {
		if err := writePicture(ctx, tx, r); err != nil {
			return err
		}
	}
	for _, k := range u.StatisticKeys {
		// A key's quantity ids run from "stat/<key>:" up to, not
		// including, "stat/<key>;" (';' follows ':').
		lo, hi := "stat/", "stat0"
		if k != "*" {
			lo, hi = "stat/"+k+":", "stat/"+k+";"
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM quantities WHERE event_id = 0 AND id >= ? AND id < ?`, lo, hi); err != nil {
			return fmt.Errorf("sqlite: statistics: %w", err)
		}
	}
	if err := execEach(ctx, tx, qInsQuantity, len(quantities), func(i int) []any {
		q := &quantities[i]
		return []any{q.ID, q.Event, q.Contested(), qjs[i]}
	}); err != nil {
		return fmt.Errorf("sqlite: quantities: %w", err)
	}
	type flag struct {
		id        int64
		contested bool
	}
	clusters := groupIDs(len(u.Clusters), func(i int) (int64, flag) {
		return u.Clusters[i].RowID, flag{u.Clusters[i].Cluster, u.Clusters[i].Contested}
	})
	if err := execEach(ctx, tx, qSetClusters, len(clusters), func(i int) []any {
		return []any{nullInt(clusters[i].value.id), clusters[i].value.contested, clusters[i].ids}
	}); err != nil {
		return err
	}
	families := groupIDs(len(u.Families), func(i int) (int64, int64) { return u.Families[i].DocID, u.Families[i].Family })
	if err := execEach(ctx, tx, qSetFamilies, len(families), func(i int) []any {
		return []any{nullInt(families[i].value), families[i].ids}
	}); err != nil {
		return err
	}
	for _, set := range []struct {
		ids []int64
		on  bool
	}{{u.ClaimsOff, false}, {u.ClaimsOn, true}} {
		if len(set.ids) > 0 {
			if _, err := tx.ExecContext(ctx, qSetClaims, set.on, jsonIDs(set.ids)); err != nil {
				return fmt.Errorf("sqlite: claims: %w", err)
			}
		}
	}
	if err := writeSignatures(ctx, tx, u.Signatures); err != nil {
		return err
	}
	if u.Episodes != nil {
		if err := writeEpisodes(ctx, tx, u.Episodes, ejs); err != nil {
			return err
		}
	}
	if len(u.Done) > 0 {
		if _, err := tx.ExecContext(ctx, qSetPictured, jsonIDs(u.Done)); err != nil {
			return fmt.Errorf("sqlite: pictured: %w", err)
		}
	}
	if maxID > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO picture_meta (name, value) VALUES ('max_event_id', ?)
			ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)`, maxID); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

// idGroup is the ids that get one value.
type idGroup[V comparable] struct {
	value V
	ids   string // JSON array
}

// groupIDs groups n (id, value) assignments by value, in order of first
// appearance; when an id is given several values the last counts.
func groupIDs[V comparable](n int, at func(int) (int64, V)) []idGroup[V] {
	last := make(map[int64]int, n)
	for i := range n {
		id, _ := at(i)
		last[id] = i
	}
	var order []V
	byValue := map[V][]int64{}
	for i := range n {
		id, v := at(i)
		if last[id] != i {
			continue
		}
		if _, ok := byValue[v]; !ok {
			order = append(order, v)
		}
		byValue[v] = append(byValue[v], id)
	}
	out := make([]idGroup[V], len(order))
	for i, v := range order {
		out[i] = idGroup[V]{v, jsonIDs(byValue[v])}
	}
	return out
}

// jsonIDs writes ids as a JSON array, for json_each.
func jsonIDs(ids []int64) string {
	b := make([]byte, 0, 2+8*len(ids))
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

// parallel runs f(0..n-1) on every core, at least per calls on each, and
// returns the errors met (each worker stops at its first).
func parallel(n, per int, f func(int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n/per)
	if workers <= 1 {
		for i := range n {
			if err := f(i); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if err := f(i); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// encodePicture checks a picture event and its span and encodes it, its
// reports without their evidence (kept once, in the events table).
func encodePicture(e *sitrep.PictureEvent, span sitrep.PictureSpan) (pictureRow, error) {
	if e.ID <= 0 {
		return pictureRow{}, fmt.Errorf("sqlite: picture event id %d: ids start at 1", e.ID)
	}
	r := pictureRow{e: e, class: -1}
	if len(e.Reports) == 0 {
		return r, nil // removed
	}
	if e.EventDate != nil {
		if !isDay(*e.EventDate) {
			return r, fmt.Errorf("sqlite: picture event %d: date %q is not YYYY-MM-DD", e.ID, *e.EventDate)
		}
		r.day = *e.EventDate
	}
	from, to := span.From, span.To
	if from == "" {
		from = to
	}
	if to == "" {
		to = from
	}
	if from != "" {
		f, err1 := time.Parse(time.DateOnly, from)
		t, err2 := time.Parse(time.DateOnly, to)
		if err1 != nil || err2 != nil || len(from) != 10 || len(to) != 10 || t.Before(f) {
			return r, fmt.Errorf("sqlite: picture event %d: bad span %q to %q", e.ID, span.From, span.To)
		}
		days := int(t.Sub(f).Hours()/24 + 0.5)
		r.spanFrom, r.spanTo, r.class = from, to, bits.Len(uint(days))
	}
	c := *e
	c.Reports = make([]sitrep.Report, len(e.Reports))
	var refs []int64
	for i, rep := range e.Reports {
		rep.Event.Evidence = nil
		c.Reports[i] = rep
		if rep.Ref != 0 {
			refs = append(refs, rep.Ref)
		}
	}
	b, err := json.Marshal(&c)
	if err != nil {
		return r, fmt.Errorf("sqlite: encode picture event %d: %w", e.ID, err)
	}
	r.json, r.refs = pack(b), jsonIDs(refs)
	return r, nil
}

func isDay(s string) bool {
	if len(s) != len(time.DateOnly) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// writePicture replaces one picture event with its keys, and removes its
// ledger lines (the update's are written next).
func writePicture(ctx context.Context, tx wtx, r pictureRow) error {
	id := r.e.ID
	for _, q := range []string{qDelPictureKeys, qDelQuantities} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("sqlite: picture event %d: %w", id, err)
		}
	}
	if r.json == nil {
		for _, q := range []string{qDelPicture, qDelPictureJSON, qDelMembership} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("sqlite: remove picture event %d: %w", id, err)
			}
		}
		return nil
	}
	placeIDs, err := strings1(ctx, tx, qPlacesOf, r.refs)
	if err != nil {
		return err
	}
	keys, err := json.Marshal(pictureKeys(r.e, placeIDs))
	if err != nil {
		return fmt.Errorf("sqlite: picture event %d: %w", id, err)
	}
	e := r.e
	fat := -1
	if e.Fatalities != nil {
		fat = *e.Fatalities
	}
	if _, err := tx.ExecContext(ctx, qInsPicture,
		id, e.EventType, e.SubEventType, e.EventDate, r.day, fat, e.Sources, len(e.Reports), e.Contested(),
		e.Latitude, e.Longitude, r.spanFrom, r.spanTo, r.class,
		refID(e.Actor1), refID(e.Actor2), e.TimePrecision, e.Location, e.Admin2, e.Admin1, e.Country, e.CountryCode); err != nil {
		return fmt.Errorf("sqlite: picture event %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, qInsPictureJSON, id, string(keys), r.json); err != nil {
		return fmt.Errorf("sqlite: picture event %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, qInsPictureKeys, string(keys), r.day, id, e.Contested(), e.Latitude, e.Longitude, fat, e.Sources); err != nil {
		return fmt.Errorf("sqlite: picture event %d keys: %w", id, err)
	}
	return nil
}

// pictureKeys are the filter keys of a picture event (see picture_keys):
// its fused type and sub-type; the actors, place ids and place names of
// any of its reports and of the fused event.
func pictureKeys(e *sitrep.PictureEvent, placeIDs []string) []string {
	var keys []string
	seen := map[string]bool{}
	add := func(prefix, v string) {
		if v == "" {
			return
		}
		k := prefix + v
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	add("t:", text.Key(e.EventType))
	add("t:", text.Key(e.SubEventType))
	for _, r := range []*sitrep.ActorRef{e.Actor1, e.Actor2} {
		if r != nil {
			add("a:", r.ID)
		}
	}
	names := func(ns ...string) {
		for _, n := range ns {
			add("n:", text.Key(n))
		}
	}
	names(e.Location, e.Admin2, e.Admin1, e.Country, e.CountryCode)
	for _, rep := range e.Reports {
		for _, a := range eventActors(rep.Event) {
			add("a:", a)
		}
		ev := rep.Event
		names(ev.Location, ev.Admin2, ev.Admin1, ev.Country, ev.CountryCode)
	}
	for _, p := range placeIDs {
		add("p:", p)
	}
	slices.Sort(keys)
	return keys
}

// writeSignatures stores signatures and their keys. A document's text never
// changes, so neither does its signature; keys of a replaced signature
// stay and only yield a candidate more.
func writeSignatures(ctx context.Context, tx wtx, sigs []sitrep.DocSignature) error {
	for _, sg := range sigs {
		if _, err := tx.ExecContext(ctx, qInsSignature, sg.DocID, sg.Sig); err != nil {
			return fmt.Errorf("sqlite: signature of document %d: %w", sg.DocID, err)
		}
		if len(sg.Keys) == 0 {
			continue
		}
		keys := make([]int64, len(sg.Keys))
		for i, k := range sg.Keys {
			keys[i] = int64(k) // the same bits
		}
		if _, err := tx.ExecContext(ctx, qInsSignatureKey, jsonIDs(keys), sg.DocID); err != nil {
			return fmt.Errorf("sqlite: signature keys of document %d: %w", sg.DocID, err)
		}
	}
	return nil
}

// writeEpisodes replaces every episode.
func writeEpisodes(ctx context.Context, tx wtx, eps []sitrep.Episode, js [][]byte) error {
	for _, q := range []string{`DELETE FROM episodes`, `DELETE FROM episode_events`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlite: episodes: %w", err)
		}
	}
	if err := execEach(ctx, tx, `INSERT INTO episodes (id, start, "end", json) VALUES (?, ?, ?, ?)`, len(eps), func(i int) []any {
		return []any{eps[i].ID, eps[i].Start, eps[i].End, js[i]}
	}); err != nil {
		return fmt.Errorf("sqlite: episodes: %w", err)
	}
	st, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO episode_events (episode_id, event_id) VALUES (?, ?)`)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer st.Close()
	for _, ep := range eps {
		for _, ev := range ep.Events {
			if _, err := st.ExecContext(ctx, ep.ID, ev); err != nil {
				return fmt.Errorf("sqlite: episode %d: %w", ep.ID, err)
			}
		}
	}
	return nil
}

// int64s runs a query returning one integer column.
func int64s(ctx context.Context, db *sql.DB, q string, args ...any) ([]int64, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
