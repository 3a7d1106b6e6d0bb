import { describe, expect, it } from 'vitest';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, Prisma } from '@/lib/generated/prisma/client';
import { isTransientDatabaseError, isWriteConflict } from '@/lib/incidents/transient-error';

const prismaError = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: 'test', meta });

describe('isTransientDatabaseError', () => {
  it('recognises unreachable, overloaded or restarting databases, however deeply wrapped', () => {
    for (const error of [
      prismaError('P1001'),
      prismaError('P2024'),
      prismaError('P2028'),
      prismaError('P2010', { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } } }),
      prismaError('P2010', { driverAdapterError: { cause: { kind: 'postgres', code: '57P01' } } }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('wrapped', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }),
      new Error('Connection terminated unexpectedly'),
      new AggregateError([Object.assign(new Error('x'), { code: 'ETIMEDOUT' })]),
      Object.assign(new Error('too many'), { code: '53300' }),
    ]) {
      expect(isTransientDatabaseError(error), String((error as Error).message)).toBe(true);
    }
  });

  it('does not call defects or misconfiguration transient', () => {
    for (const error of [
      prismaError('P2002'),
      prismaError('P2010', { driverAdapterError: { cause: { kind: 'postgres', code: '22P02' } } }),
      prismaError('P1000'), // authentication failed: retrying will not fix it
      new TypeError('undefined is not a function'),
      'a string',
      null,
    ]) {
      expect(isTransientDatabaseError(error)).toBe(false);
    }
  });

  it('classifies what a client pointed at a closed port really throws', async () => {
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: 'postgresql://nobody:x@127.0.0.1:1/none' }) });
    const error = await client.apiKey.findFirst().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isTransientDatabaseError(error)).toBe(true);
    await client.$disconnect();
  });
});

describe('isWriteConflict', () => {
  it('is true for unique violations and deadlocks only', () => {
    expect(isWriteConflict(prismaError('P2002'))).toBe(true);
    expect(isWriteConflict(prismaError('P2034'))).toBe(true);
    expect(isWriteConflict(prismaError('P1001'))).toBe(false);
  });
});
