// @ts-check
/**
 * Railyard's shared ESLint flat config (modelled on create-t3-turbo's tooling/eslint).
 *
 * - typescript-eslint's recommended type-checked rules, with type information from the
 *   TypeScript project service (each file is checked against its own package's tsconfig);
 * - the house rules: no floating promises, no `any`, no non-null `!`, `process.env` only in
 *   packages/config (see `restrictEnvAccess`), and every eslint-disable comment names its rule
 *   and says why (`// eslint-disable-next-line rule -- reason`); a disable comment that no
 *   longer suppresses anything is itself an error.
 *
 * The repository's eslint.config.js composes these with its own file lists.
 */
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs'
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Test and benchmark files (looser: see `testConfig`). */
export const testFiles = ['**/test/**', '**/bench/**', '**/*.test.ts', '**/*.test.tsx']

/** Generated or built output, never linted. */
export const ignores = globalIgnores(
  ['**/node_modules/', '**/dist/', '**/.turbo/', '**/.railyard/', '**/__generated__/', 'apps/web/src/gql/', 'test-results/'],
  'railyard/ignores',
)

export const baseConfig = defineConfig(
  ignores,
  {
    name: 'railyard/linter-options',
    linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' },
  },
  {
    name: 'railyard/base',
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked, comments.recommended],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: { projectService: true },
    },
    rules: {
      // Promises are awaited, returned, or explicitly `void`ed.
      '@typescript-eslint/no-floating-promises': 'error',
      // Async handlers on JSX attributes (onClick={async () => …}) are fine; everywhere else a
      // promise where a void callback is expected is a bug.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Interfaces such as Apollo plugins and Kysely's migration provider want Promise-returning
      // methods; an `async` method without `await` is how they are written, not a bug.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
      // Suppressions name their rule and give a reason after `--`.
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
      '@eslint-community/eslint-comments/disable-enable-pair': ['error', { allowWholeFile: true }],
    },
  },
  {
    // Plain JavaScript (config files, small scripts): no type information.
    name: 'railyard/javascript',
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
)

/**
 * `process.env` is read in one place, packages/config; everything else takes its settings
 * from there. The repository config applies this to every file but the config package and
 * the build/test tooling that runs before any of it.
 */
export const restrictEnvAccess = defineConfig({
  name: 'railyard/restrict-env-access',
  rules: {
    'no-restricted-properties': [
      'error',
      { object: 'process', property: 'env', message: 'Read settings through @railyard/config (packages/config is the one place that reads process.env).' },
    ],
    'no-restricted-imports': [
      'error',
      {
        paths: [
          { name: 'process', importNames: ['env'], message: 'Read settings through @railyard/config.' },
          { name: 'node:process', importNames: ['env'], message: 'Read settings through @railyard/config.' },
        ],
      },
    ],
  },
})

/**
 * Tests: `any` is tolerated (and counted) until the test helpers take typed GraphQL documents
 * (issue 8: `stack.as()` still returns untyped results), so the rules that only report where
 * an `any` flows are off there. Everything else, floating promises and `!` included, holds.
 *
 * @param {string[]} files test files and test support code (default: `testFiles`)
 */
export const testConfig = (files = testFiles) =>
  defineConfig({
    name: 'railyard/tests',
    files,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  })
