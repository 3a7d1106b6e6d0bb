import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

// Vitest 5 targets Node 22: its reporter uses Map.groupBy and Object.groupBy (Node 21+). On Node 20, without these,
// a failing test is reported as "Unhandled Error: Map.groupBy is not a function" instead of its own failure.
polyfillGroupBy();

function polyfillGroupBy(): void {
  const group = <T, K>(items: Iterable<T>, key: (item: T, index: number) => K) => {
    const groups = new Map<K, T[]>();
    let index = 0;
    for (const item of items) {
      const k = key(item, index++);
      groups.set(k, [...(groups.get(k) ?? []), item]);
    }
    return groups;
  };
  const maps = Map as unknown as { groupBy?: typeof group };
  maps.groupBy ??= group;
  const objects = Object as unknown as { groupBy?: (items: Iterable<unknown>, key: (item: unknown, i: number) => PropertyKey) => object };
  objects.groupBy ??= (items, key) => Object.assign(Object.create(null) as object, Object.fromEntries(group(items, key)));
}

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // Next resolves `server-only` to an empty module for server code; plain Node gets the throwing one.
      { find: /^server-only$/, replacement: path.join(root, 'node_modules/server-only/empty.js') },
    ],
  },
  test: {
    environment: 'node',
    include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'app/**/*.test.ts', 'emails/**/*.test.ts'],
    // The fault drills need a production build and have their own config (npm run test:drills).
    exclude: ['e2e/**', 'node_modules/**', '.next/**', 'scripts/drills/**'],
    globalSetup: ['./lib/db/test-database.ts'],
    // Test files share one database; running them one at a time keeps them from seeing each other's rows.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
