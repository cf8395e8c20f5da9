import { readFileSync } from 'node:fs'
import { parse } from 'graphql'
import type { GraphQLResolverMap } from '@apollo/subgraph'
import { mergeResolvers } from '@railyard/graphql-kit'
import type { Context } from './context.ts'
import { agencyResolvers } from './modules/agency/agency.resolvers.ts'
import { baselineResolvers } from './modules/baseline/baseline.resolvers.ts'
import { bookingResolvers } from './modules/booking/booking.resolvers.ts'
import { commonResolvers } from './modules/common/common.resolvers.ts'
import { deploymentResolvers } from './modules/deployment/deployment.resolvers.ts'
import { environmentReportResolvers } from './modules/environment-report/environment-report.resolvers.ts'
import { environmentResolvers } from './modules/environment/environment.resolvers.ts'
import { programResolvers } from './modules/program/program.resolvers.ts'
import { releaseResolvers } from './modules/release/release.resolvers.ts'
import { auditResolvers } from './modules/audit/audit.resolvers.ts'
import { outboxResolvers } from './modules/outbox/outbox.resolvers.ts'

const sdl = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

/** SDL files of this subgraph, one per module, in composition order (also read by scripts/compose-supergraph.ts). */
const sdlFiles: string[] = JSON.parse(sdl('./sdl-files.json')) as string[]

/** The whole SDL of the subgraph (used to compose the supergraph). */
export const typeDefsText = sdlFiles.map(sdl).join('\n')

const resolvers = mergeResolvers<GraphQLResolverMap<Context>>(
  commonResolvers,
  auditResolvers,
  environmentResolvers,
  environmentReportResolvers,
  baselineResolvers,
  bookingResolvers,
  deploymentResolvers,
  releaseResolvers,
  programResolvers,
  agencyResolvers,
  outboxResolvers,
)

export const modules = [{ typeDefs: parse(typeDefsText), resolvers }]
