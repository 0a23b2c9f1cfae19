-- kibaru store, version 4 (PostgreSQL): which process a run is, so that the
-- next run can tell a run killed with kill -9 (its process gone, status still
-- 'running') and mark it 'killed'.
ALTER TABLE runs ADD COLUMN pid INTEGER, ADD COLUMN host TEXT;
