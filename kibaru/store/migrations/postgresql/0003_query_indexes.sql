-- kibaru store, version 3 (PostgreSQL): indexes measured on 1M events
-- (bench/bench_store.py).
-- Events are listed newest first (day DESC NULLS LAST, id DESC); a plain
-- ascending index scanned backwards gives NULLS FIRST, so PostgreSQL sorted
-- every matching row. Indexes in the listing's own order let it stop after a page.
DROP INDEX events_day;
DROP INDEX events_type_day;
DROP INDEX events_source_day;
DROP INDEX events_target_day;
DROP INDEX events_place_day;
CREATE INDEX events_day ON events (day DESC NULLS LAST, id DESC);
CREATE INDEX events_type_day ON events (type, day DESC NULLS LAST, id DESC);
CREATE INDEX events_source_day ON events (source_country, day DESC NULLS LAST, id DESC);
CREATE INDEX events_target_day ON events (target_country, day DESC NULLS LAST, id DESC);
CREATE INDEX events_place_day ON events (place_country, day DESC NULLS LAST, id DESC);
CREATE INDEX events_dyad_day ON events (source_country, target_country, day DESC NULLS LAST, id DESC);
-- "articles of country X" (search --country)
CREATE INDEX actors_country_article ON actors(country, article_id);
CREATE INDEX places_country_article ON places(country, article_id);
