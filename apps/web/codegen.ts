import { existsSync } from 'node:fs'
import type { CodegenConfig } from '@graphql-codegen/cli'

/**
 * Typed GraphQL documents for the web client (client preset → src/gql/).
 *
 * SCHEMA is the one place that decides what the documents are checked against:
 * - '../../api-schema.graphql': the composed API schema (`pnpm compose` writes it next to
 *   supergraph.graphql, federation machinery removed) — the full API, used when present;
 * - '../../../shared/contract/schema.graphql': the public contract (a subset of the API).
 * The roadmap uses one addition to the contract (`AgencyReleasePlan.releases(from, to)`), so
 * its documents need the composed API schema.
 * Run `pnpm --filter @railyard/web codegen` after changing any document.
 */
const API_SCHEMA = '../../api-schema.graphql'
const CONTRACT = '../../../shared/contract/schema.graphql'
export const SCHEMA = existsSync(API_SCHEMA) ? API_SCHEMA : CONTRACT

const config: CodegenConfig = {
  overwrite: true,
  schema: SCHEMA,
  documents: ['src/**/*.tsx', 'src/**/*.ts', 'src/**/*.graphql', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown' },
        enumType: 'string-literal',
        useTypeImports: true,
        avoidOptionals: false,
        skipTypename: true,
      },
    },
  },
}

export default config
