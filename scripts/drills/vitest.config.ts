import path from 'node:path';
import { defineConfig } from 'vitest/config';
// The root config's aliases (`@/`, `server-only`); importing it also installs its Node 20 groupBy polyfill.
import rootConfig from '../../vitest.config';

// `npm run test:drills`: the fault drills of issue 10 §3. Drills 1 and 2 run the production build (`next build`
// first). Each drill starts its own databases and processes, so there is no shared globalSetup; they run one at a
// time because each one loads both cores and measures rates.
export default defineConfig({
  root: path.resolve(import.meta.dirname, '../..'),
  resolve: rootConfig.resolve,
  test: {
    environment: 'node',
    include: ['scripts/drills/**/*.drill.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
