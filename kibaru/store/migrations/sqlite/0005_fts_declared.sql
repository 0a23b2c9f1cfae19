-- kibaru store, version 5 (SQLite): the full-text index declared the way the
-- sqlite-utils and datasette tools look for one (content="articles", double
-- quotes: they match the table's SQL text), so that `sqlite-utils search` and
-- datasette's `_search` use it. Same columns, tokenizer and triggers (these
-- name the index, not its definition); the index is rebuilt from articles.
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content="articles", content_rowid="rowid",
    tokenize = "unicode61 remove_diacritics 2"
);
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
