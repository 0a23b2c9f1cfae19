-- kibaru store, version 6 (SQLite): analysts' verdicts on coded events, from
-- the dashboard's review queue. A review keeps the event as it was coded
-- (`event`, JSON) beside the verdict and the corrected fields, and is not tied
-- to the article row: re-analysing an article replaces its events, never the
-- work of the people who checked them. `kibaru export annotations` writes the
-- reviews in the gold format, for `kibaru train`.
CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    article_id   TEXT NOT NULL,
    seq          INTEGER NOT NULL,               -- the event's place in its article when reviewed
    verdict      TEXT NOT NULL CHECK (verdict IN ('accepted', 'corrected', 'rejected')),
    event        TEXT NOT NULL,                  -- the event as coded (JSON)
    correction   TEXT NOT NULL DEFAULT '{}',     -- the fields the analyst changed (JSON)
    reviewer     TEXT,
    reviewed_at  TEXT NOT NULL,
    coded        TEXT NOT NULL,                  -- type|trigger_start|trigger_end: which event, should the article be re-analysed
    UNIQUE (article_id, seq, coded)
);

-- the queue walks events from the least confident up
CREATE INDEX events_confidence ON events(confidence, id);
