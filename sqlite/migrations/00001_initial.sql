-- The first schema of the sitrep store: documents, records, mentions,
-- events, claims, actor counters and a full-text index.

-- +goose Up
CREATE TABLE documents (
    id                    INTEGER PRIMARY KEY,
    hash                  TEXT NOT NULL UNIQUE,      -- hex SHA-256 of the whitespace-normalised text
    source                TEXT NOT NULL DEFAULT '',  -- input id or path as given
    title                 TEXT NOT NULL DEFAULT '',
    outlet                TEXT NOT NULL DEFAULT '',
    url                   TEXT NOT NULL DEFAULT '',
    author                TEXT NOT NULL DEFAULT '',
    published             TEXT,                      -- RFC 3339 instant with the source's offset
    published_granularity INTEGER NOT NULL DEFAULT 0,
    published_date        TEXT,                      -- as the record writes it (day, month or year)
    published_day         TEXT,                      -- YYYY-MM-DD, for filters
    published_source      TEXT NOT NULL DEFAULT 'none',
    text                  TEXT NOT NULL,
    family_id             INTEGER,                   -- rewrite family, set by fusion
    ingested_at           TEXT NOT NULL
);
CREATE INDEX documents_published ON documents (published_day, id);
CREATE INDEX documents_outlet ON documents (outlet COLLATE NOCASE);
CREATE INDEX documents_family ON documents (family_id) WHERE family_id IS NOT NULL;

CREATE TABLE records (
    doc_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    json   TEXT NOT NULL
);

CREATE TABLE mentions (
    doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind   TEXT NOT NULL,       -- actor, place, time
    ref    TEXT NOT NULL,       -- actor id, place id, TIMEX3 value
    name   TEXT NOT NULL DEFAULT '',
    start  INTEGER NOT NULL,    -- code points
    "end"  INTEGER NOT NULL,
    text   TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions (doc_id, start);
CREATE INDEX mentions_ref ON mentions (kind, ref, doc_id);

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    doc_id         INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord            INTEGER NOT NULL,  -- position in the record
    event_id       TEXT NOT NULL,     -- the record's event id
    event_type     TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    event_date     TEXT,
    time_precision INTEGER,
    actor1         TEXT,
    actor2         TEXT,
    location       TEXT NOT NULL DEFAULT '',
    admin1         TEXT NOT NULL DEFAULT '',
    admin2         TEXT NOT NULL DEFAULT '',
    country        TEXT NOT NULL DEFAULT '',
    country_code   TEXT NOT NULL DEFAULT '',
    place_id       TEXT,
    latitude       REAL,
    longitude      REAL,
    geo_precision  INTEGER,
    fatalities     INTEGER,
    published      TEXT,              -- the document's published_date, kept here to spare a join per row
    confidence     REAL NOT NULL DEFAULT 0,
    cluster_id     INTEGER,
    contested      INTEGER NOT NULL DEFAULT 0,
    json           TEXT NOT NULL,
    UNIQUE (doc_id, ord)
);
CREATE INDEX events_date ON events (event_date, id);
CREATE INDEX events_cluster ON events (cluster_id) WHERE cluster_id IS NOT NULL;
CREATE INDEX events_contested ON events (event_date, id) WHERE contested;

-- One row per filterable key of an event (type, sub-type, actor, place id,
-- place name), ordered by date, so any one filter plus a date range is one
-- index range read in result order.
CREATE TABLE event_keys (
    key      TEXT NOT NULL,   -- "type:battles", "actor:ttp", "place:geonames:1", "name:kurram"
    day      TEXT NOT NULL,   -- the event date, '' when unknown
    event_id INTEGER NOT NULL,  -- events.id; deleted with the event by the store (no
                                -- foreign key: its index would cost a tenth of the file)
    PRIMARY KEY (key, day, event_id)
) WITHOUT ROWID;

CREATE TABLE claims (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    claimant_id TEXT,
    about_id    TEXT,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    contested   INTEGER NOT NULL DEFAULT 0,
    json        TEXT NOT NULL,
    UNIQUE (doc_id, ord)
);
CREATE INDEX claims_kind ON claims (kind, doc_id);
CREATE INDEX claims_claimant ON claims (claimant_id, doc_id);
CREATE INDEX claims_about ON claims (about_id, doc_id);
CREATE INDEX claims_contested ON claims (doc_id) WHERE contested;

-- Counters kept in the same transaction as the documents they count.
CREATE TABLE actors (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    type      TEXT NOT NULL,
    country   TEXT NOT NULL DEFAULT '',
    documents INTEGER NOT NULL DEFAULT 0,
    mentions  INTEGER NOT NULL DEFAULT 0,
    events    INTEGER NOT NULL DEFAULT 0
);

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text,
    content = 'documents', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- New documents are indexed by the store, one statement per batch (FTS5
-- writes a segment per statement); deletes and edits follow by trigger.
-- +goose StatementBegin
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER documents_fts_update;
DROP TRIGGER documents_fts_delete;
DROP TABLE documents_fts;
DROP TABLE actors;
DROP TABLE claims;
DROP TABLE event_keys;
DROP TABLE events;
DROP TABLE mentions;
DROP TABLE records;
DROP TABLE documents;
