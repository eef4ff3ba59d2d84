-- The situation picture: which documents it already holds, their rewrite
-- signatures, the fused picture events with their filter keys, the claims
-- ledger and the episodes. Written by the picture builder, one
-- transaction per run (Store.ApplyPicture).

-- +goose Up
-- Documents stored before this migration are not in the picture yet.
ALTER TABLE documents ADD COLUMN pictured INTEGER NOT NULL DEFAULT 0;
CREATE INDEX documents_pending ON documents (id) WHERE pictured = 0;

CREATE TABLE signatures (
    doc_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    sig    BLOB NOT NULL
);
-- The keys (LSH bands, evidence keys) a signature is found under; uint64
-- keys are stored as the int64 of the same bits. No index by document: a
-- text (and so its signature) never changes, and a key left by an older
-- signature only yields a candidate the caller rejects.
CREATE TABLE signature_keys (
    key    INTEGER NOT NULL,
    doc_id INTEGER NOT NULL,
    PRIMARY KEY (key, doc_id)
) WITHOUT ROWID;

-- One row per picture event with what filters and sorts read; the JSON
-- lives in picture_json so that scanning these rows stays cheap.
CREATE TABLE picture_events (
    id             INTEGER PRIMARY KEY,
    event_type     TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    event_date     TEXT,              -- the fused date, NULL when undated
    day            TEXT NOT NULL,     -- event_date or '' (sorts after every date when latest first)
    fatalities     INTEGER NOT NULL,  -- the fused figure, -1 when deaths are unnumbered
    sources        INTEGER NOT NULL,
    reports        INTEGER NOT NULL,
    contested      INTEGER NOT NULL DEFAULT 0,
    latitude       REAL,
    longitude      REAL,
    span_from      TEXT,              -- PictureSpan, NULL when empty
    span_to        TEXT,
    span_class     INTEGER NOT NULL   -- bit length of the span in days, -1 when undated
);
-- Every filter and sort column, in date order and in box order: a listing
-- or its count by date range, box or contested reads one of these alone
-- (sorting by another column then costs a top-N pass over the matches).
CREATE INDEX picture_events_day ON picture_events (day, contested, latitude, longitude, fatalities, sources);
CREATE INDEX picture_events_box ON picture_events (latitude, longitude, contested, day, fatalities, sources)
    WHERE latitude IS NOT NULL;
CREATE INDEX picture_events_fatalities ON picture_events (fatalities);
CREATE INDEX picture_events_sources ON picture_events (sources);
-- Spans of one length class start within a known distance of any day they
-- cover, so an overlap query is one short index range per class.
CREATE INDEX picture_events_span ON picture_events (span_class, span_from);

CREATE TABLE picture_json (
    id   INTEGER PRIMARY KEY,  -- picture_events.id
    keys TEXT NOT NULL,        -- the event's picture_keys as a JSON array, to delete them on update
    json BLOB NOT NULL         -- the PictureEvent, reports without evidence, packed (pack.go)
);

-- One row per filter key of a picture event ("a:" actor of any report, "t:"
-- fused type or sub-type, "p:" place id, "n:" place name), in date order,
-- with the event's other filter and sort columns: one key plus a date range
-- is one range read in result order, and a listing or count driven by a
-- key reads nothing else.
CREATE TABLE picture_keys (
    key        TEXT NOT NULL,
    day        TEXT NOT NULL,
    event_id   INTEGER NOT NULL,
    contested  INTEGER NOT NULL,
    latitude   REAL,
    longitude  REAL,
    fatalities INTEGER NOT NULL,
    sources    INTEGER NOT NULL,
    PRIMARY KEY (key, day, event_id)
) WITHOUT ROWID;

CREATE TABLE quantities (
    id        TEXT PRIMARY KEY,   -- "<event>/<group>"
    event_id  INTEGER NOT NULL,
    contested INTEGER NOT NULL DEFAULT 0,
    json      BLOB NOT NULL       -- the Quantity, packed (pack.go)
);
CREATE INDEX quantities_event ON quantities (event_id);
CREATE INDEX quantities_contested ON quantities (event_id) WHERE contested;

CREATE TABLE episodes (
    id      INTEGER PRIMARY KEY,
    start   TEXT NOT NULL,
    "end"   TEXT NOT NULL,
    json    BLOB NOT NULL
);
CREATE TABLE episode_events (
    episode_id INTEGER NOT NULL,
    event_id   INTEGER NOT NULL,
    PRIMARY KEY (episode_id, event_id)
) WITHOUT ROWID;

-- Small values the builder keeps between runs ("max_event_id": picture
-- event ids are never reused, even after the highest is removed).
CREATE TABLE picture_meta (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

-- +goose Down
DROP TABLE picture_meta;
DROP TABLE episode_events;
DROP TABLE episodes;
DROP TABLE quantities;
DROP TABLE picture_keys;
DROP TABLE picture_json;
DROP TABLE picture_events;
DROP TABLE signature_keys;
DROP TABLE signatures;
DROP INDEX documents_pending;
ALTER TABLE documents DROP COLUMN pictured;
