-- kibaru store, version 5 (PostgreSQL): nothing to change. Version 5 declares
-- SQLite's full-text index the way sqlite-utils and datasette look for one;
-- PostgreSQL's index (a tsvector column and its GIN index) is not theirs to
-- find. The versions of the two engines stay in step.
SELECT 1;
