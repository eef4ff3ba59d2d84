-- What the whole-picture summaries read (Store.Counts, EventPairs,
-- ClaimPairs, EventEpisodes, PictureSummaries): the rest of each picture
-- event's fused fields as columns, so that maps and timelines list
-- thousands of events without decoding their JSON, and indexes that let
-- counts and groupings read an index alone instead of the tables.

-- +goose Up
-- The fused actor ids (NULL when none), time precision and place names.
-- Rows written before this migration are filled in from their JSON once,
-- when the store is next opened (picture_meta 'columns_pending'; see
-- backfillPictureColumns).
ALTER TABLE picture_events ADD COLUMN actor1 TEXT;
ALTER TABLE picture_events ADD COLUMN actor2 TEXT;
ALTER TABLE picture_events ADD COLUMN time_precision INTEGER;
ALTER TABLE picture_events ADD COLUMN location TEXT NOT NULL DEFAULT '';
ALTER TABLE picture_events ADD COLUMN admin2 TEXT NOT NULL DEFAULT '';
ALTER TABLE picture_events ADD COLUMN admin1 TEXT NOT NULL DEFAULT '';
ALTER TABLE picture_events ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE picture_events ADD COLUMN country_code TEXT NOT NULL DEFAULT '';
CREATE INDEX picture_events_pair ON picture_events (actor1, actor2)
    WHERE actor1 IS NOT NULL AND actor2 IS NOT NULL;
-- Counting contested events reads only theirs.
CREATE INDEX picture_events_contested ON picture_events (id) WHERE contested;
-- Claims of one kind grouped by claimant and the actor concerned.
CREATE INDEX claims_pair ON claims (kind, claimant_id, about_id);
-- The episodes of given events; also spares the builder a scan when it
-- removes an event from its episodes.
CREATE INDEX episode_events_event ON episode_events (event_id, episode_id);
INSERT INTO picture_meta (name, value) SELECT 'columns_pending', 1 WHERE EXISTS (SELECT 1 FROM picture_events);

-- +goose Down
DELETE FROM picture_meta WHERE name = 'columns_pending';
DROP INDEX episode_events_event;
DROP INDEX claims_pair;
DROP INDEX picture_events_contested;
DROP INDEX picture_events_pair;
ALTER TABLE picture_events DROP COLUMN country_code;
ALTER TABLE picture_events DROP COLUMN country;
ALTER TABLE picture_events DROP COLUMN admin1;
ALTER TABLE picture_events DROP COLUMN admin2;
ALTER TABLE picture_events DROP COLUMN location;
ALTER TABLE picture_events DROP COLUMN time_precision;
ALTER TABLE picture_events DROP COLUMN actor2;
ALTER TABLE picture_events DROP COLUMN actor1;
