-- One dossier transition as the store does it: read the dossier row joined
-- with its events, then the guarded update of the row with the insert of
-- the new event in one statement. PostgreSQL's own C client (pgbench) runs
-- it, to measure what the server sustains without a Go client:
--
--   psql -f setup.sql
--   PGOPTIONS="-c synchronous_commit=off" pgbench -n -M prepared -c 8 -j 2 -T 10 -f transition.sql
--
-- Move the window of dossiers between runs (each run lengthens their
-- trails).
\set n random(200001, 250000)
SELECT d.code, d.agency, d.unit, d.procedure_code, d.status, d.version, d.body, e.pos, e.seq, e.at, e.actor_id, e.data, e.prev_hash, e.hash FROM bench_1m.motcua_dossiers d JOIN bench_1m.motcua_events e ON e.code = d.code AND e.pos <= d.version WHERE d.code = (SELECT code FROM public.codes WHERE n = :n) ORDER BY e.pos;
WITH u AS (UPDATE bench_1m.motcua_dossiers SET status = CASE WHEN status = 'in_progress' THEN 'received' ELSE 'in_progress' END, unit = unit, agency = agency, sector = sector, body = body, due_at = due_at, version = version + 1, trail = trail WHERE code = (SELECT code FROM public.codes WHERE n = :n) RETURNING code, version) INSERT INTO bench_1m.motcua_events (code, pos, seq, at, actor_id, actor_role, actor_unit, action, from_status, to_status, reason, data, prev_hash, hash) SELECT code, version, version, 0, 'officer-1', 'officer', 'x', 'start', 'received', 'in_progress', '', '{"a":"b"}', '\x00'::bytea, '\x00'::bytea FROM u;
