/**
 * Chooses the PostgreSQL server for the run. Imported FIRST by run.ts: server/testing/test-db.ts
 * reads TEST_DATABASE_URL when it is evaluated, and freshDatabase() creates its throwaway
 * databases there, so it must point at the bench server before that module loads.
 */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://paddock:paddock@127.0.0.1:5432/paddock'
process.env.TEST_DATABASE_URL = BENCH_DATABASE_URL
