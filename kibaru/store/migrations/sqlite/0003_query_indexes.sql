-- kibaru store, version 3 (SQLite): indexes measured on 1M events
-- (bench/bench_store.py).
-- "articles of country X" (search --country) checks actors and places per
-- matching article: (country, article_id) answers each check from the index.
CREATE INDEX actors_country_article ON actors(country, article_id);
CREATE INDEX places_country_article ON places(country, article_id);
-- events --source X --target Y: both sides at once, newest first.
CREATE INDEX events_dyad_day ON events(source_country, target_country, day);
