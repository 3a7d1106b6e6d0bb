import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';

// Runs `work` with the process's database client (lib/db/client.ts keeps it on globalThis) swapped for one
// that records every query it sends, for tests that pin how many queries a step costs.
export async function countingQueries<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
  const holder = globalThis as typeof globalThis & { __prisma?: PrismaClient };
  const original = holder.__prisma;
  const counting = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }), log: [{ emit: 'event', level: 'query' }] });
  const queries: string[] = [];
  counting.$on('query', (event) => queries.push(event.query));
  holder.__prisma = counting;
  try {
    return { result: await work(), queries };
  } finally {
    holder.__prisma = original;
    await counting.$disconnect();
  }
}
