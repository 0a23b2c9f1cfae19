-- kibaru store, version 1 (SQLite). One row per article and per event; the
-- article's other layers each in a child table keyed by (article_id, seq).
-- Child rows go with their article (ON DELETE CASCADE): replacing a changed
-- article is "delete, insert" in one transaction.

CREATE TABLE runs (
    id              INTEGER PRIMARY KEY,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    status          TEXT NOT NULL,          -- running | done | failed | interrupted
    kibaru_version  TEXT NOT NULL,
    settings_hash   TEXT NOT NULL,
    command         TEXT,
    seen            INTEGER NOT NULL DEFAULT 0,
    stored          INTEGER NOT NULL DEFAULT 0,
    replaced        INTEGER NOT NULL DEFAULT 0,
    skipped         INTEGER NOT NULL DEFAULT 0,
    failed          INTEGER NOT NULL DEFAULT 0,
    events          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE run_errors (
    run_id   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    input    TEXT,
    line     INTEGER,
    code     TEXT NOT NULL,
    message  TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);

CREATE TABLE articles (
    id             TEXT PRIMARY KEY,
    title          TEXT,
    text           TEXT NOT NULL,
    tags           TEXT NOT NULL DEFAULT '[]',   -- JSON list
    author         TEXT,
    outlet         TEXT,
    url            TEXT,
    published      TEXT,
    day            TEXT,                         -- published as YYYY-MM-DD, for date filters
    lang           TEXT,
    duplicate_of   TEXT,
    origin         TEXT,
    warnings       TEXT NOT NULL DEFAULT '[]',   -- JSON list of issues
    meta           TEXT NOT NULL DEFAULT '{}',   -- JSON object: extra input columns
    n_events       INTEGER NOT NULL DEFAULT 0,
    content_hash   TEXT NOT NULL,                -- what was read: unchanged => skipped on re-runs
    settings_hash  TEXT NOT NULL,                -- how it was coded: kibaru version, settings, user data files
    run_id         INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    stored_at      TEXT NOT NULL
);
CREATE INDEX articles_day ON articles(day);
CREATE INDEX articles_outlet ON articles(outlet, day);

CREATE TABLE repairs (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    from_text   TEXT NOT NULL,
    to_text     TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE entities (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    label       TEXT NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    actor       TEXT,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE actors (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    actor       TEXT NOT NULL,                   -- the article's actor key ("sadio-camara")
    name        TEXT,
    country     TEXT,
    agent       TEXT,
    roles       TEXT NOT NULL DEFAULT '[]',      -- JSON list
    PRIMARY KEY (article_id, actor)
);
CREATE INDEX actors_country ON actors(country, name);
CREATE INDEX actors_name ON actors(name);

CREATE TABLE aliases (
    article_id  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    alias       TEXT NOT NULL,
    PRIMARY KEY (article_id, actor, seq),
    FOREIGN KEY (article_id, actor) REFERENCES actors(article_id, actor) ON DELETE CASCADE
);

CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    article_id       TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq              INTEGER NOT NULL,
    type             TEXT NOT NULL,
    mode             TEXT,
    status           TEXT NOT NULL,
    day              TEXT,                       -- the event's date (first day of its month or year when that is all the text says), else the article's publication day
    date             TEXT,
    date_precision   TEXT,
    source_actor     TEXT,
    source_name      TEXT,
    source_country   TEXT,
    source_agent     TEXT,
    target_actor     TEXT,
    target_name      TEXT,
    target_country   TEXT,
    target_agent     TEXT,
    place_name       TEXT,
    place_country    TEXT,
    place_geonameid  INTEGER,
    place_lat        REAL,
    place_lon        REAL,
    trigger          TEXT NOT NULL,
    trigger_start    INTEGER,
    trigger_end      INTEGER,
    sentence         TEXT NOT NULL,
    sentence_start   INTEGER NOT NULL,
    confidence       REAL,
    extra            TEXT NOT NULL DEFAULT '{}', -- JSON: fields beyond the contract's
    UNIQUE (article_id, seq)
);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_type_day ON events(type, day);
CREATE INDEX events_source_day ON events(source_country, day);
CREATE INDEX events_target_day ON events(target_country, day);
CREATE INDEX events_place_day ON events(place_country, day);

CREATE TABLE places (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    country     TEXT,
    geonameid   INTEGER,
    lat         REAL,
    lon         REAL,
    mentions    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX places_country ON places(country);

CREATE TABLE stance (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    actor       TEXT NOT NULL,                   -- a country code or an actor key
    score       REAL NOT NULL,
    PRIMARY KEY (article_id, actor)
);

CREATE TABLE topics (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    score       REAL
);

CREATE TABLE narratives (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    narrative   TEXT NOT NULL,
    score       REAL,
    evidence    TEXT NOT NULL DEFAULT '[]',      -- JSON list of sentences
    PRIMARY KEY (article_id, narrative)
);

-- Full text over title and text, case and diacritics folded ("securite"
-- finds "sécurité"); kept in step with articles by triggers.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid',
    tokenize = "unicode61 remove_diacritics 2"
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
