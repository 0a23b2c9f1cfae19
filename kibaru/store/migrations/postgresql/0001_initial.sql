-- kibaru store, version 1 (PostgreSQL). The tables of version 1 are generated from the
-- records' field tables (kibaru.store.schema.create_tables) and run before this
-- file; what follows is what only this engine has: its full-text index.

-- Full text over title and text in French (stemmed: "militaires" finds
-- "militaire"), accents folded with unaccent. unaccent() is only STABLE, so an
-- IMMUTABLE wrapper with an explicit dictionary lets a generated column use it.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE OR REPLACE FUNCTION kibaru_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$;
ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('french'::regconfig, kibaru_unaccent(coalesce(title, ''))), 'A') ||
    setweight(to_tsvector('french'::regconfig, kibaru_unaccent(coalesce(text, ''))), 'B')
) STORED;
CREATE INDEX articles_tsv ON articles USING gin (tsv);
