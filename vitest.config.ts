import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { defineConfig } from 'vitest/config'

// One graphql-js for sources and dependencies: Vite would resolve `graphql` in our sources to its
// ESM build while Apollo's CommonJS code loads the CommonJS one, and graphql-js refuses schema
// objects from "another realm". Node (tsx, production) resolves both to the CommonJS build.
const graphqlCjs = createRequire(import.meta.url).resolve('graphql')

/**
 * One run, one summary. Pure packages run once; every data-layer project runs on embedded
 * PGlite and, when TEST_DATABASE_URL is set, again on that PostgreSQL (a fresh database per
 * test file). Browser tests need Chromium (RAILYARD_CHROMIUM, default /usr/bin/chromium).
 */
const dbKinds = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])]
const pure = ['packages/config', 'packages/auth', 'packages/graphql-kit', 'packages/release-rules', 'apps/web']
const dataLayer = ['packages/db', 'services/program-strategy', 'services/agency-plans', 'services/environment-inventory', 'apps/gateway']
const withTests = (dir: string) => existsSync(`${dir}/test`)

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlCjs }] },
  test: {
    projects: [
      ...pure.filter(withTests).map((root) => ({
        extends: true as const,
        test: { name: root.split('/').at(-1) ?? root, root, include: ['test/**/*.test.ts', 'test/**/*.test.tsx'] },
      })),
      ...dataLayer.filter(withTests).flatMap((root) =>
        dbKinds.map((kind) => ({
          extends: true as const,
          test: {
            name: `${root.split('/')[1]}:${kind}`,
            root,
            include: ['test/**/*.test.ts'],
            exclude: ['test/browser/**', 'test/faults/**'],
            env: { RAILYARD_TEST_DB: kind },
          },
        })),
      ),
      // `pnpm test:faults` only: the real multi-process stack on a private PostgreSQL cluster.
      ...(process.env.RAILYARD_FAULTS === '1'
        ? [
            {
              extends: true as const,
              test: { name: 'faults', root: 'apps/gateway', include: ['test/faults/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 240_000 },
            },
          ]
        : []),
      // `pnpm test:scale` only: deploy/'s replicas behind HAProxy on the machine's PostgreSQL.
      ...(process.env.RAILYARD_SCALE === '1'
        ? [
            {
              extends: true as const,
              test: { name: 'scale', root: 'apps/gateway', include: ['test/scale/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 240_000 },
            },
          ]
        : []),
      ...(existsSync('apps/gateway/test/browser')
        ? [
            {
              extends: true as const,
              test: { name: 'browser', root: 'apps/gateway', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/browser/global-setup.ts'] },
            },
          ]
        : []),
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
