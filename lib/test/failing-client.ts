import { db, type Db } from '@/lib/db/client';

// A database client whose raw statement matching `sql` fails with `error` (and whose other statements
// run), for tests of what a failure part-way through a transaction leaves behind. Raw statements only:
// the ingest and outbox writes are raw SQL (new-incident.ts, lib/notifications/queue.ts).
export function failingRawStatement(sql: RegExp, error: () => Error, client: Db = db()): Db {
  type RawCall = { args: { strings?: readonly string[] }; query: (args: unknown) => Promise<unknown> };
  const fail = ({ args, query }: RawCall) => (sql.test((args.strings ?? []).join('?')) ? Promise.reject(error()) : query(args));
  return client.$extends({ query: { $executeRaw: fail, $queryRaw: fail } } as never) as unknown as Db;
}
