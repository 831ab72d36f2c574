-- Setup for transition.sql: run on the database where BenchmarkList has
-- built its schema bench_1m (1,000,000 dossiers). It numbers the dossier
-- codes, so that pgbench can pick dossiers at random.
CREATE TABLE IF NOT EXISTS public.codes AS
  SELECT row_number() OVER (ORDER BY code) AS n, code FROM bench_1m.motcua_dossiers;
CREATE UNIQUE INDEX IF NOT EXISTS codes_n ON public.codes (n);
ANALYZE public.codes;
