-- kibaru store, version 2 (SQLite): events fused across reports.
-- Every event belongs to one fused event (often alone); a fused event carries
-- its reports' count, the articles and outlets they come from, and the span of
-- days they agree on. Recomputed by kibaru fuse and after each analyze --db.

CREATE TABLE fused_events (
    id              INTEGER PRIMARY KEY,
    block           TEXT NOT NULL,               -- type|source country|target country
    type            TEXT NOT NULL,
    source_country  TEXT,
    source_name     TEXT,
    target_country  TEXT,
    target_name     TEXT,
    first_day       TEXT,
    last_day        TEXT,
    place_name      TEXT,
    place_country   TEXT,
    place_lat       REAL,
    place_lon       REAL,
    reports         INTEGER NOT NULL,            -- events fused
    articles        INTEGER NOT NULL,            -- distinct articles reporting it
    outlets         INTEGER NOT NULL,            -- distinct outlets reporting it
    sentence        TEXT NOT NULL                -- the earliest report's sentence
);
CREATE INDEX fused_block ON fused_events(block);
CREATE INDEX fused_type_day ON fused_events(type, first_day);
CREATE INDEX fused_day ON fused_events(first_day);

ALTER TABLE events ADD COLUMN fused_id INTEGER;
CREATE INDEX events_fused ON events(fused_id);
