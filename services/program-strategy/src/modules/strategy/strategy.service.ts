import { conflict, notFound, runWrite } from '@railyard/graphql-kit'
import type { ReleaseStrategyInput } from '../../__generated__/resolvers-types.ts'
import { requireProgramAdmin } from '../../access.ts'
import type { Context } from '../../context.ts'
import { findLatestStrategiesByProgramIds, insertStrategy, latestStrategyVersion } from './strategy.repository.ts'
import type { StrategyContent, StrategyRow } from './strategy.table.ts'
import { validateStrategyInput } from './strategy.validation.ts'

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** CONFLICT for a publish based on a version that is no longer the latest. */
function staleVersion(programKey: string, expected: number, current: number) {
  return conflict(
    `The strategy of program ${programKey} was published by someone else: expectedVersion ${expected}, latest version ${current}. Reload and try again.`,
    { expectedVersion: expected, currentVersion: current },
  )
}

/**
 * Publishes a new version of the program's release strategy (PROGRAM_ADMIN), based on the
 * version the caller saw: another latest version is CONFLICT, also when a concurrent publish
 * of the same next version commits first (the unique version key).
 */
export async function publishReleaseStrategy(ctx: Context, programId: string, expectedVersion: number, input: ReleaseStrategyInput): Promise<StrategyRow> {
  const { actor, db, loaders } = ctx
  const valid: { content?: StrategyContent } = {}
  return runWrite(ctx, {
    authorize: async () => {
      requireProgramAdmin(actor)
      const program = UUID_RE.test(programId) ? await loaders.programById.load(programId) : null
      if (!program) throw notFound('Program', programId)
      return program
    },
    // validateStrategyInput raises BAD_USER_INPUT with every problem at once
    validate: () => {
      valid.content = validateStrategyInput(input)
    },
    lock: async (trx) => (await findLatestStrategiesByProgramIds(trx, [programId]))[0] ?? null,
    expectedRevision: {
      expected: expectedVersion,
      current: (previous) => previous?.version ?? 0,
      error: (expected, current, _previous, program) => staleVersion(program.key, expected, current),
    },
    write: (trx, previous) => {
      if (!valid.content) throw new Error('publishReleaseStrategy: validated above')
      return insertStrategy(trx, { programId, version: (previous?.version ?? 0) + 1, publishedBy: actor.subject, content: valid.content })
    },
    audit: (row, previous) => ({ action: 'publishReleaseStrategy', entityType: 'ReleaseStrategy', entityId: row.id, before: previous, after: row }),
    // a concurrent publish of the same next version committed first
    uniqueViolation: async (_err, program) => staleVersion(program.key, expectedVersion, await latestStrategyVersion(db, programId)),
  })
}
