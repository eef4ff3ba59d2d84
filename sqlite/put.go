package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode"
	"unicode/utf8"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/text"
)

// Statements of the ingest path, prepared once per store (see wtx).
const (
	qIndexText = `INSERT INTO documents_fts (rowid, title, text)
		SELECT id, title, text FROM documents WHERE id >= ?`
	qByHash    = `SELECT id FROM documents WHERE hash = ?`
	qInsertDoc = `INSERT INTO documents (hash, source, title, outlet, url, author, published,
		published_granularity, published_date, published_day, published_source, text, ingested_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qInsertRecord  = `INSERT INTO records (doc_id, json) VALUES (?, ?)`
	qInsertMention = `INSERT INTO mentions (doc_id, kind, ref, name, start, "end", text) VALUES (?, ?, ?, ?, ?, ?, ?)`
	qInsertEvent   = `INSERT INTO events (doc_id, ord, event_id, event_type, sub_event_type, event_date,
		time_precision, actor1, actor2, location, admin1, admin2, country, country_code, place_id, latitude, longitude,
		geo_precision, fatalities, confidence, published, json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qInsertKey   = `INSERT OR IGNORE INTO event_keys (key, day, event_id) VALUES (?, ?, ?)`
	qInsertClaim = `INSERT INTO claims (doc_id, ord, kind, claimant_id, about_id, start, "end", text, json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qInsertStatistic = `INSERT INTO statistics (claim_id, tally, doc_id, unit, of_id) VALUES (?, ?, ?, ?, ?)`
	qCountActor      = `INSERT INTO actors (id, name, type, country, documents, mentions, events)
		VALUES (?, ?, ?, ?, 1, ?, ?)
		ON CONFLICT (id) DO UPDATE SET documents = documents + 1, mentions = mentions + excluded.mentions,
		events = events + excluded.events,
		name = CASE WHEN excluded.mentions > 0 THEN excluded.name ELSE name END,
		type = CASE WHEN excluded.mentions > 0 THEN excluded.type ELSE type END,
		country = CASE WHEN excluded.mentions > 0 THEN excluded.country ELSE country END`
)

var hotQueries = []string{qIndexText, qByHash, qInsertDoc, qInsertRecord, qInsertMention, qInsertEvent, qInsertKey, qInsertClaim, qCountActor}

// Hash is the identity of a text in the store: the hex SHA-256 of the text
// with every run of white space made one space and the ends trimmed, so a
// copy that differs only in spacing or line breaks is the same document.
func Hash(s string) string {
	h := sha256.New()
	var buf [512]byte
	b := buf[:0]
	started, space := false, false
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			space = started
			i += n
			continue
		}
		if len(b)+n+1 > len(buf) {
			h.Write(b)
			b = b[:0]
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, s[i:i+n]...)
		started = true
		i += n
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// PutDocument stores doc and its record in one transaction, unless a
// document with the same normalised text is stored already: then it returns
// that document (without text and record) and added false. A new document
// is returned as given, with its store id and hash. When doc has no
// publication date and the record has one (inferred from the text), the
// record's date is stored as the document's.
func (s *Store) PutDocument(ctx context.Context, doc sitrep.Document, rec sitrep.Record) (sitrep.StoredDoc, bool, error) {
	res, err := s.PutDocuments(ctx, []sitrep.DocRecord{{Doc: doc, Record: rec}})
	if err != nil {
		return sitrep.StoredDoc{}, false, err
	}
	return res[0].Doc, res[0].Added, nil
}

// PutDocuments stores a batch as PutDocument does, all in one transaction:
// the batch is stored whole or not at all, and costs one commit.
func (s *Store) PutDocuments(ctx context.Context, batch []sitrep.DocRecord) ([]sitrep.PutResult, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	type prepared struct {
		doc     sitrep.Document
		hash    string
		recJSON []byte
	}
	// Encoding and hashing happen before the write lock is taken.
	preps := make([]prepared, len(batch))
	for i, dr := range batch {
		if c := dr.Record.Contract; c != 0 && c != sitrep.ContractVersion {
			return nil, fmt.Errorf("sqlite: %s: record of contract %d, store speaks %d", dr.Doc.ID, c, sitrep.ContractVersion)
		}
		recJSON, err := recordJSON(dr.Record)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dr.Doc.ID, err)
		}
		doc := withRecordDate(dr.Doc, dr.Record)
		preps[i] = prepared{doc: doc, hash: Hash(doc.Text), recJSON: recJSON}
	}
	now := time.Now().UTC()
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var firstNew int64
	out := make([]sitrep.PutResult, len(batch))
	for i, p := range preps {
		sd, added, err := putTx(ctx, tx, p.doc, batch[i].Record, p.hash, p.recJSON, now)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.doc.ID, err)
		}
		out[i] = sitrep.PutResult{Doc: sd, Added: added}
		if added && firstNew == 0 {
			firstNew = sd.ID
		}
	}
	if firstNew != 0 {
		// One full-text insert for the batch: FTS5 writes a segment per
		// statement, so per-document inserts would cost a flush each. Every
		// id from firstNew up is this transaction's (the write lock is held,
		// and new ids are always above the largest).
		if _, err := tx.ExecContext(ctx, qIndexText, firstNew); err != nil {
			return nil, fmt.Errorf("sqlite: full-text index: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: commit: %w", err)
	}
	return out, nil
}

// putTx stores one document inside tx unless its hash is there already.
func putTx(ctx context.Context, tx wtx, doc sitrep.Document, rec sitrep.Record, hash string, recJSON []byte, now time.Time) (sitrep.StoredDoc, bool, error) {
	// The check for a stored copy runs inside the write transaction: no
	// other writer can add the same text between check and insert (and the
	// connection's page cache stays warm, unlike a check on another one).
	var existing int64
	switch err := tx.QueryRowContext(ctx, qByHash, hash).Scan(&existing); {
	case err == nil:
		sd, err := scanDoc(tx.QueryRowContext(ctx, `SELECT `+docColumns+` FROM documents d WHERE d.id = ?`, existing))
		if err != nil {
			return sd, false, fmt.Errorf("sqlite: %w", err)
		}
		return sd, false, nil
	case !errors.Is(err, sql.ErrNoRows):
		return sitrep.StoredDoc{}, false, fmt.Errorf("sqlite: %w", err)
	}
	pub, pubDate, pubDay := publication(doc)
	res, err := tx.ExecContext(ctx, qInsertDoc,
		hash, doc.ID, doc.Title, doc.Outlet, doc.URL, doc.Author, pub, int(doc.PublishedGranularity),
		pubDate, pubDay, publishedSource(doc, rec), doc.Text, now.Format(time.RFC3339Nano))
	if err != nil {
		return sitrep.StoredDoc{}, false, fmt.Errorf("sqlite: insert document: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return sitrep.StoredDoc{}, false, fmt.Errorf("sqlite: %w", err)
	}
	if err := insertRecord(ctx, tx, id, rec, recJSON, pubDate, true); err != nil {
		return sitrep.StoredDoc{}, false, err
	}
	rec.Text = ""
	return sitrep.StoredDoc{ID: id, Hash: hash, Doc: doc, Record: &rec, IngestedAt: now}, true, nil
}

// ReplaceRecord swaps the record of document id, with its mentions, events
// and claims, in one transaction. Fusion marks on the old events and claims
// are dropped with them.
func (s *Store) ReplaceRecord(ctx context.Context, id int64, rec sitrep.Record) error {
	recJSON, err := recordJSON(rec)
	if err != nil {
		return err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var pubDate sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT published_date FROM documents WHERE id = ?`, id).Scan(&pubDate); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("sqlite: document %d: %w", id, sitrep.ErrNotFound)
		}
		return fmt.Errorf("sqlite: %w", err)
	}
	// The actors the old record counted, to recount after the swap.
	touched, err := strings1(ctx, tx, `SELECT DISTINCT ref FROM mentions WHERE doc_id = ? AND kind = 'actor'
		UNION SELECT DISTINCT substr(k.key, 7) FROM events e JOIN event_keys k ON k.event_id = e.id
		WHERE e.doc_id = ? AND k.key >= 'actor:' AND k.key < 'actor;'`, id, id)
	if err != nil {
		return err
	}
	// event_keys has no index by event (it would be a tenth of the
	// database for this one use): its rows go by their full key.
	if err := deleteEventKeys(ctx, tx, id); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM mentions WHERE doc_id = ?`, `DELETE FROM events WHERE doc_id = ?`,
		`DELETE FROM claims WHERE doc_id = ?`, `DELETE FROM records WHERE doc_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
	}
	if err := insertRecord(ctx, tx, id, rec, recJSON, pubDate, false); err != nil {
		return err
	}
	for _, a := range rec.Actors {
		touched = append(touched, a.ID)
	}
	for _, e := range rec.Events {
		touched = append(touched, eventActors(e)...)
	}
	if err := ensureActors(ctx, tx, rec); err != nil {
		return err
	}
	if err := recountActors(ctx, tx, touched); err != nil {
		return err
	}
	return tx.Commit()
}

func recordJSON(rec sitrep.Record) ([]byte, error) {
	// The text is kept once, in documents; events and claims once, in
	// their tables (they were most of a record's size).
	rec.Text, rec.Events, rec.Claims = "", nil, nil
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("sqlite: encode record: %w", err)
	}
	return b, nil
}

// publication returns the stored forms of the publication date: the
// instant, the date as the record writes it, and the day for filters.
func publication(doc sitrep.Document) (instant, date, day any) {
	if doc.Published.IsZero() {
		return nil, nil, nil
	}
	t := doc.Published
	switch doc.PublishedGranularity {
	case sitrep.GranularityYear:
		date = t.Format("2006")
	case sitrep.GranularityMonth:
		date = t.Format("2006-01")
	default:
		date = t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339Nano), date, t.Format("2006-01-02")
}

// withRecordDate gives doc the publication date its record found (inferred
// from the text) when the caller did not know one.
func withRecordDate(doc sitrep.Document, rec sitrep.Record) sitrep.Document {
	if !doc.Published.IsZero() || rec.Published == nil {
		return doc
	}
	for _, f := range []struct {
		layout string
		g      sitrep.Granularity
	}{{"2006-01-02", sitrep.GranularityDay}, {"2006-01", sitrep.GranularityMonth}, {"2006", sitrep.GranularityYear}} {
		if t, err := time.Parse(f.layout, *rec.Published); err == nil {
			doc.Published, doc.PublishedGranularity = t, f.g
			if doc.PublishedSource == "" || doc.PublishedSource == sitrep.PublishedNone {
				doc.PublishedSource = rec.PublishedSource
			}
			return doc
		}
	}
	return doc
}

func publishedSource(doc sitrep.Document, rec sitrep.Record) string {
	switch {
	case doc.PublishedSource != "":
		return doc.PublishedSource
	case rec.PublishedSource != "":
		return rec.PublishedSource
	case !doc.Published.IsZero():
		return sitrep.PublishedInput
	}
	return sitrep.PublishedNone
}

// insertRecord writes the record and the rows derived from it; pubDate is
// the document's publication date as the record writes it. With count,
// actor counters are incremented (a new document); otherwise the caller
// recounts.
func insertRecord(ctx context.Context, tx wtx, id int64, rec sitrep.Record, recJSON []byte, pubDate any, count bool) error {
	if _, err := tx.ExecContext(ctx, qInsertRecord, id, string(recJSON)); err != nil {
		return fmt.Errorf("sqlite: insert record: %w", err)
	}
	if err := insertMentions(ctx, tx, id, rec); err != nil {
		return err
	}
	if err := insertEvents(ctx, tx, id, rec, pubDate); err != nil {
		return err
	}
	if err := insertClaims(ctx, tx, id, rec); err != nil {
		return err
	}
	if count {
		return countActors(ctx, tx, rec)
	}
	return nil
}

func insertMentions(ctx context.Context, tx wtx, id int64, rec sitrep.Record) error {
	n := len(rec.Times)
	for _, a := range rec.Actors {
		n += len(a.Mentions)
	}
	for _, p := range rec.Places {
		n += len(p.Mentions)
	}
	if n == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, qInsertMention)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer st.Close()
	put := func(kind, ref, name string, m sitrep.Mention) error {
		if _, err := st.ExecContext(ctx, id, kind, ref, name, m.Start, m.End, m.Text); err != nil {
			return fmt.Errorf("sqlite: insert mention: %w", err)
		}
		return nil
	}
	for _, a := range rec.Actors {
		for _, m := range a.Mentions {
			if err := put("actor", a.ID, a.Name, m); err != nil {
				return err
			}
		}
	}
	for _, p := range rec.Places {
		for _, m := range p.Mentions {
			if err := put("place", p.ID, p.Name, m); err != nil {
				return err
			}
		}
	}
	for _, t := range rec.Times {
		if err := put("time", t.Value, t.Type, sitrep.Mention{Start: t.Start, End: t.End, Text: t.Text}); err != nil {
			return err
		}
	}
	return nil
}

func insertEvents(ctx context.Context, tx wtx, id int64, rec sitrep.Record, pubDate any) error {
	if len(rec.Events) == 0 {
		return nil
	}
	ev, err := tx.PrepareContext(ctx, qInsertEvent)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer ev.Close()
	key, err := tx.PrepareContext(ctx, qInsertKey)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer key.Close()
	for i, e := range rec.Events {
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("sqlite: encode event: %w", err)
		}
		placeID := placeOf(e, rec.Places)
		res, err := ev.ExecContext(ctx, id, i, e.ID, e.EventType, e.SubEventType, e.EventDate, e.TimePrecision,
			refID(e.Actor1), refID(e.Actor2), e.Location, e.Admin1, e.Admin2, e.Country, e.CountryCode, nullString(placeID),
			e.Latitude, e.Longitude, e.GeoPrecision, e.Fatalities, e.Confidence, pubDate, string(b))
		if err != nil {
			return fmt.Errorf("sqlite: insert event: %w", err)
		}
		rowID, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		day := ""
		if e.EventDate != nil {
			day = *e.EventDate
		}
		for _, k := range eventKeys(e, placeID) {
			if _, err := key.ExecContext(ctx, k, day, rowID); err != nil {
				return fmt.Errorf("sqlite: insert event key: %w", err)
			}
		}
	}
	return nil
}

// deleteEventKeys removes the filter keys of document id's events.
func deleteEventKeys(ctx context.Context, tx wtx, id int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, coalesce(place_id, ''), json FROM events WHERE doc_id = ?`, id)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	type row struct {
		id      int64
		placeID string
		e       sitrep.Event
	}
	var evs []row
	for rows.Next() {
		var r row
		var js string
		if err := rows.Scan(&r.id, &r.placeID, &js); err != nil {
			rows.Close()
			return fmt.Errorf("sqlite: %w", err)
		}
		if err := json.Unmarshal([]byte(js), &r.e); err != nil {
			rows.Close()
			return fmt.Errorf("sqlite: stored event %d: %w", r.id, err)
		}
		evs = append(evs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	for _, r := range evs {
		day := ""
		if r.e.EventDate != nil {
			day = *r.e.EventDate
		}
		for _, k := range eventKeys(r.e, r.placeID) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM event_keys WHERE key = ? AND day = ? AND event_id = ?`, k, day, r.id); err != nil {
				return fmt.Errorf("sqlite: %w", err)
			}
		}
	}
	return nil
}

// eventKeys are the filter keys of an event (see the event_keys table).
func eventKeys(e sitrep.Event, placeID string) []string {
	var keys []string
	add := func(prefix, v string) {
		if v == "" {
			return
		}
		k := prefix + v
		for _, o := range keys {
			if o == k {
				return
			}
		}
		keys = append(keys, k)
	}
	add("type:", text.Key(e.EventType))
	add("type:", text.Key(e.SubEventType))
	for _, a := range eventActors(e) {
		add("actor:", a)
	}
	add("place:", placeID)
	for _, n := range []string{e.Location, e.Admin2, e.Admin1, e.Country, e.CountryCode} {
		add("name:", text.Key(n))
	}
	return keys
}

// eventActors are the ids of every actor of an event, once each.
func eventActors(e sitrep.Event) []string {
	var ids []string
	add := func(r sitrep.ActorRef) {
		if r.ID == "" {
			return
		}
		for _, o := range ids {
			if o == r.ID {
				return
			}
		}
		ids = append(ids, r.ID)
	}
	if e.Actor1 != nil {
		add(*e.Actor1)
	}
	if e.Actor2 != nil {
		add(*e.Actor2)
	}
	for _, r := range e.AssocActor1 {
		add(r)
	}
	for _, r := range e.AssocActor2 {
		add(r)
	}
	return ids
}

// placeOf finds the record place an event's location was read from: same
// name, and same coordinates when the event has them.
func placeOf(e sitrep.Event, places []sitrep.RecordPlace) string {
	if e.Location == "" {
		return ""
	}
	found := ""
	for _, p := range places {
		if p.Name != e.Location {
			continue
		}
		if e.Latitude == nil || p.Lat == nil || p.Lon == nil || e.Longitude == nil {
			if found == "" {
				found = p.ID
			}
			continue
		}
		if *p.Lat == *e.Latitude && *p.Lon == *e.Longitude {
			return p.ID
		}
	}
	return found
}

func insertClaims(ctx context.Context, tx wtx, id int64, rec sitrep.Record) error {
	if len(rec.Claims) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, qInsertClaim)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer st.Close()
	for i, c := range rec.Claims {
		b, err := json.Marshal(c)
		if err != nil {
			return fmt.Errorf("sqlite: encode claim: %w", err)
		}
		res, err := st.ExecContext(ctx, id, i, c.Kind, refID(c.Claimant), refID(c.About), c.Start, c.End, c.Text, string(b))
		if err != nil {
			return fmt.Errorf("sqlite: insert claim: %w", err)
		}
		for j, t := range c.Tallies {
			if !sitrep.IsStatistic(t) {
				continue
			}
			claim, err := res.LastInsertId()
			if err == nil {
				_, err = tx.ExecContext(ctx, qInsertStatistic, claim, j, id, t.Unit, t.Of.ID)
			}
			if err != nil {
				return fmt.Errorf("sqlite: insert statistic: %w", err)
			}
		}
	}
	return nil
}

// countActors adds a new document's actors to the counters.
func countActors(ctx context.Context, tx wtx, rec sitrep.Record) error {
	type count struct {
		name, typ, country string
		mentions, events   int
	}
	counts := map[string]*count{}
	var order []string
	get := func(id, name string, typ sitrep.ActorType, country string) *count {
		c := counts[id]
		if c == nil {
			c = &count{name: name, typ: string(typ), country: country}
			counts[id] = c
			order = append(order, id)
		}
		return c
	}
	for _, a := range rec.Actors {
		get(a.ID, a.Name, a.Type, a.Country).mentions += len(a.Mentions)
	}
	names := map[string]string{}
	for _, e := range rec.Events {
		for _, r := range []*sitrep.ActorRef{e.Actor1, e.Actor2} {
			if r != nil {
				names[r.ID] = r.Name
			}
		}
		for _, r := range append(append([]sitrep.ActorRef(nil), e.AssocActor1...), e.AssocActor2...) {
			names[r.ID] = r.Name
		}
		for _, id := range eventActors(e) {
			// An actor only in events (forces inferred from a state) has no
			// type in the record; "other" until a mention tells.
			get(id, names[id], sitrep.ActorOther, "").events++
		}
	}
	if len(order) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, qCountActor)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer st.Close()
	for _, id := range order {
		c := counts[id]
		if _, err := st.ExecContext(ctx, id, c.name, c.typ, c.country, c.mentions, c.events); err != nil {
			return fmt.Errorf("sqlite: count actor: %w", err)
		}
	}
	return nil
}

// recountActors recomputes the counters of the given actors from the rows.
func recountActors(ctx context.Context, tx wtx, ids []string) error {
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		_, err := tx.ExecContext(ctx, `UPDATE actors SET
			documents = (SELECT count(DISTINCT doc_id) FROM (
				SELECT doc_id FROM mentions WHERE kind = 'actor' AND ref = ?1
				UNION SELECT e.doc_id FROM event_keys k JOIN events e ON e.id = k.event_id WHERE k.key = 'actor:' || ?1)),
			mentions = (SELECT count(*) FROM mentions WHERE kind = 'actor' AND ref = ?1),
			events = (SELECT count(*) FROM event_keys WHERE key = 'actor:' || ?1)
			WHERE id = ?1`, id)
		if err != nil {
			return fmt.Errorf("sqlite: recount actor: %w", err)
		}
	}
	return nil
}

// ensureActors gives every actor of rec a counter row, so a recount can
// fill it.
func ensureActors(ctx context.Context, tx wtx, rec sitrep.Record) error {
	put := func(id, name, typ, country string) error {
		if id == "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO actors (id, name, type, country) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, country = excluded.country
			WHERE excluded.type <> 'other' OR actors.type = 'other'`, id, name, typ, country)
		if err != nil {
			return fmt.Errorf("sqlite: actor: %w", err)
		}
		return nil
	}
	for _, a := range rec.Actors {
		if err := put(a.ID, a.Name, string(a.Type), a.Country); err != nil {
			return err
		}
	}
	for _, e := range rec.Events {
		refs := append([]sitrep.ActorRef(nil), e.AssocActor1...)
		refs = append(refs, e.AssocActor2...)
		for _, r := range []*sitrep.ActorRef{e.Actor1, e.Actor2} {
			if r != nil {
				refs = append(refs, *r)
			}
		}
		for _, r := range refs {
			_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO actors (id, name, type) VALUES (?, ?, 'other')`, r.ID, r.Name)
			if err != nil {
				return fmt.Errorf("sqlite: actor: %w", err)
			}
		}
	}
	return nil
}

func refID(r *sitrep.ActorRef) any {
	if r == nil || r.ID == "" {
		return nil
	}
	return r.ID
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// strings1 runs a query returning one string column.
func strings1(ctx context.Context, tx wtx, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// wtx is a write transaction whose statements come from the store's cache
// of prepared statements: parsing them anew for each row was an eighth of
// the ingest time.
type wtx struct {
	*sql.Tx
	s *Store
}

func (s *Store) begin(ctx context.Context) (wtx, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wtx{}, fmt.Errorf("sqlite: begin: %w", err)
	}
	return wtx{tx, s}, nil
}

// PrepareContext returns the store's statement for q bound to the
// transaction, or prepares q on the transaction's connection.
func (tx wtx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := tx.s.stmts[q]; ok {
		return tx.Tx.StmtContext(ctx, st), nil
	}
	return tx.Tx.PrepareContext(ctx, q)
}

// ExecContext runs q through the statement cache.
func (tx wtx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.ExecContext(ctx, args...)
}

// QueryContext runs q through the statement cache; the rows close the
// statement.
func (tx wtx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if _, ok := tx.s.stmts[q]; !ok {
		return tx.Tx.QueryContext(ctx, q, args...)
	}
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	// A transaction's statement is closed with the transaction; the rows
	// keep it open until read.
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs q through the statement cache.
func (tx wtx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		// Let database/sql report the error through the row.
		return tx.Tx.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// prepare readies the ingest statements. It runs before any transaction:
// preparing on the pool during one would need a second connection, which a
// memory store does not have.
func (s *Store) prepare(ctx context.Context) error {
	s.stmts = map[string]*sql.Stmt{}
	for _, q := range append(slices.Clone(hotQueries), pictureQueries...) {
		st, err := s.db.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		s.stmts[q] = st
	}
	return nil
}
