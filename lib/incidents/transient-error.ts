// Sorts database failures into "try again later" (the sender should retry: 503) and everything else
// (a defect or a misconfiguration: 500). Prisma wraps driver errors several layers deep, so the whole
// chain is searched: Prisma's code, the adapter's error kind, PostgreSQL's SQLSTATE, Node's socket errno.

// Prisma: can't reach server, timed out, operation timed out, server closed the connection, pool
// timeout, interactive transaction could not start or expired, write conflict or deadlock.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034']);

// @prisma/driver-adapter-utils error kinds.
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TransactionWriteConflict',
  'TransactionAlreadyClosed',
]);

// SQLSTATE: connection exceptions (08), insufficient resources (53), operator intervention such as a
// shutdown or restart (57P01-57P03), serialization failure and deadlock (40001, 40P01), lock timeout (55P03).
const SQLSTATE = /^(08...|53...|57P0[123]|40001|40P01|55P03)$/;

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

// node-postgres reports a dropped or unobtainable connection with these messages and no code.
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

type ErrorLike = { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };

export function isTransientDatabaseError(error: unknown): boolean {
  return someInChain(error, (e) => {
    const code = typeof e.code === 'string' ? e.code : '';
    if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATE.test(code)) return true;
    if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
    return typeof e.message === 'string' && PG_MESSAGES.test(e.message);
  });
}

// Two writers raced on the same unique key or deadlocked: the transaction was rolled back whole, and a
// second attempt sees the other writer's committed rows.
export function isWriteConflict(error: unknown): boolean {
  return someInChain(error, (e) => {
    const code = typeof e.code === 'string' ? e.code : '';
    return ['P2002', 'P2034', '23505', '40001', '40P01'].includes(code) ||
      e.kind === 'UniqueConstraintViolation' || e.kind === 'TransactionWriteConflict';
  });
}

function someInChain(error: unknown, test: (e: ErrorLike) => boolean): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const e = current as ErrorLike;
    if (test(e)) return true;
    queue.push(e.cause, e.meta?.driverAdapterError);
    // AggregateError (e.g. a connect attempt to both IPv4 and IPv6 addresses).
    if (Array.isArray((current as { errors?: unknown }).errors)) queue.push(...(current as { errors: unknown[] }).errors);
  }
  return false;
}
