import { isUniqueViolation } from '@railyard/db'
import { conflict, notFound, writeAudit } from '@railyard/graphql-kit'
import { expandCycles } from '@railyard/release-rules'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { requireProgramAdmin, requireReader } from '../../access.ts'
import { findLatestStrategiesByProgramIds, insertStrategy, latestStrategyVersion } from './strategy.repository.ts'
import { validateCycleRange, validateStrategyInput } from './strategy.validation.ts'

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** CONFLICT for a publish based on a version that is no longer the latest. */
function staleVersion(programKey: string, expected: number, current: number) {
  return conflict(
    `The strategy of program ${programKey} was published by someone else: expectedVersion ${expected}, latest version ${current}. Reload and try again.`,
    { expectedVersion: expected, currentVersion: current },
  )
}

export const strategyResolvers: Resolvers = {
  Mutation: {
    publishReleaseStrategy: async (_p, { programId, expectedVersion, input }, { actor, db, loaders }) => {
      requireProgramAdmin(actor)
      const program = UUID_RE.test(programId) ? await loaders.programById.load(programId) : null
      if (!program) throw notFound('Program', programId)
      const content = validateStrategyInput(input)
      try {
        return await db.transaction().execute(async (trx) => {
          const [previous] = await findLatestStrategiesByProgramIds(trx, [programId])
          const current = previous?.version ?? 0
          if (current !== expectedVersion) throw staleVersion(program.key, expectedVersion, current)
          const row = await insertStrategy(trx, { programId, version: current + 1, publishedBy: actor.subject, content })
          await writeAudit(trx, actor, {
            action: 'publishReleaseStrategy',
            entityType: 'ReleaseStrategy',
            entityId: row.id,
            before: previous ?? null,
            after: row,
          })
          return row
        })
      } catch (err) {
        // a concurrent publish of the same next version committed first
        if (isUniqueViolation(err)) throw staleVersion(program.key, expectedVersion, await latestStrategyVersion(db, programId))
        throw err
      }
    },
  },
  Program: {
    strategy: (program, _a, { actor, loaders }) => {
      requireReader(actor)
      return loaders.latestStrategyByProgram.load(program.id)
    },
    strategyVersions: (program, _a, { actor, loaders }) => {
      requireReader(actor)
      return loaders.strategiesByProgram.load(program.id)
    },
    strategyVersion: (program, { version }, { actor, loaders }) => {
      requireReader(actor)
      return loaders.strategyByProgramVersion.load({ programId: program.id, version })
    },
    cycles: async (program, { from, to }, { actor, loaders }) => {
      requireReader(actor)
      validateCycleRange(from, to)
      const strategy = await loaders.latestStrategyByProgram.load(program.id)
      return strategy ? expandCycles(program.key, strategy.cadence, from, to) : []
    },
  },
}
