-- Statistics: counts that claims give for a period ("over 600 attacks in
-- the past year", Tally.From/To) with the actor whose things they count
-- (Tally.Of), filed by unit and actor so that the picture builder compares
-- those of many documents (Store.Statistics). One row per such tally; the
-- tally itself is read from the claim's JSON.

-- +goose Up
CREATE TABLE statistics (
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    tally    INTEGER NOT NULL,  -- index in the claim's tallies
    doc_id   INTEGER NOT NULL,
    unit     TEXT NOT NULL,
    of_id    TEXT NOT NULL,
    PRIMARY KEY (claim_id, tally)
) WITHOUT ROWID;
CREATE INDEX statistics_key ON statistics (unit, of_id, doc_id);
-- Claims stored before: their tallies have a period only when extracted by
-- a version that reads periods (a rebuild after re-extraction files them).
INSERT INTO statistics (claim_id, tally, doc_id, unit, of_id)
SELECT c.id, t.key, c.doc_id, json_extract(t.value, '$.unit'), json_extract(t.value, '$.of.id')
FROM claims c, json_each(c.json, '$.tallies') t
WHERE json_extract(t.value, '$.from') IS NOT NULL AND json_extract(t.value, '$.to') IS NOT NULL
  AND json_extract(t.value, '$.of.id') IS NOT NULL AND json_extract(t.value, '$.unit') IS NOT NULL;

-- +goose Down
DROP TABLE statistics;
