-- kibaru store, version 4 (SQLite): which process a run is, so that the next
-- run can tell a run killed with kill -9 (its process gone, status still
-- 'running') and mark it 'killed'.
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN host TEXT;
