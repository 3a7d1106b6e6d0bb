import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';

// One client per process, created on first use (never at import time) from DATABASE_URL, which the start
// script sets to the embedded PostgreSQL when the operator gave none. Kept on globalThis so Next's dev
// reloads do not open a new pool on every edit.
const holder = globalThis as typeof globalThis & { __prisma?: PrismaClient };

export function db(): PrismaClient {
  if (!holder.__prisma) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error('DATABASE_URL is not set: start the app with `npm start`, which provides the database.');
    }
    const adapter = new PrismaPg({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    holder.__prisma = new PrismaClient({ adapter });
  }
  return holder.__prisma;
}

export type Db = PrismaClient;
// The client handed to an interactive transaction callback.
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
