import { effectiveEnforcement, expandCycles, freezeOccurrences } from '@railyard/release-rules'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { requireFrameworkReader, requireReader } from '../../access.ts'
import { publishReleaseStrategy } from './strategy.service.ts'
import { validateCycleRange, validateFreezeRange } from './strategy.validation.ts'

export const strategyResolvers: Resolvers = {
  Mutation: {
    publishReleaseStrategy: (_p, { programId, expectedVersion, input }, ctx) => publishReleaseStrategy(ctx, programId, expectedVersion, input),
  },
  Program: {
    strategy: (program, _a, { actor, loaders }) => {
      requireFrameworkReader(actor)
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
    freezeOccurrences: async (program, { from, to, tier }, { actor, loaders }) => {
      requireReader(actor)
      validateFreezeRange(from, to)
      const strategy = await loaders.latestStrategyByProgram.load(program.id)
      if (!strategy) return []
      return freezeOccurrences(strategy.freezeWindows, from, to, tier?.trim() || null).map((o) => ({ window: o.window, start: o.start, end: o.end }))
    },
  },
  ReleaseStrategy: {
    enforcement: (strategy) => effectiveEnforcement(strategy),
  },
}
