import { readFileSync } from 'node:fs'
import { parse } from 'graphql'
import type { GraphQLResolverMap } from '@apollo/subgraph'
import { mergeResolvers } from '@railyard/graphql-kit'
import { guardNonRoadmapFields } from './access.ts'
import type { Context } from './context.ts'
import { agencyResolvers } from './modules/agency/agency.resolvers.ts'
import { auditResolvers } from './modules/audit/audit.resolvers.ts'
import { approvalResolvers } from './modules/approval/approval.resolvers.ts'
import { checkpointResolvers } from './modules/checkpoint/checkpoint.resolvers.ts'
import { commonResolvers } from './modules/common/common.resolvers.ts'
import { deploymentCheckResolvers } from './modules/deployment-check/deployment-check.resolvers.ts'
import { exceptionResolvers } from './modules/exception/exception.resolvers.ts'
import { healthResolvers } from './modules/health/health.resolvers.ts'
import { notificationResolvers } from './modules/notification/notification.resolvers.ts'
import { planResolvers } from './modules/plan/plan.resolvers.ts'
import { planChangeResolvers } from './modules/plan-change/plan-change.resolvers.ts'
import { programResolvers } from './modules/program/program.resolvers.ts'
import { releaseResolvers } from './modules/release/release.resolvers.ts'
import { savedViewResolvers } from './modules/saved-view/saved-view.resolvers.ts'
import { webhookResolvers } from './modules/webhook/webhook.resolvers.ts'

const sdl = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

/** SDL files of this subgraph, one per module, in composition order (also read by scripts/compose-supergraph.ts). */
const sdlFiles: string[] = JSON.parse(sdl('./sdl-files.json')) as string[]

/** The whole SDL of the subgraph (used to compose the supergraph). */
export const typeDefsText = sdlFiles.map(sdl).join('\n')

const typeDefs = parse(typeDefsText)

const resolvers = mergeResolvers<GraphQLResolverMap<Context>>(
  commonResolvers,
  programResolvers,
  agencyResolvers,
  planResolvers,
  releaseResolvers,
  deploymentCheckResolvers,
  exceptionResolvers,
  checkpointResolvers,
  approvalResolvers,
  planChangeResolvers,
  auditResolvers,
  healthResolvers,
  notificationResolvers,
  webhookResolvers,
  savedViewResolvers,
)

// other agencies read roadmap fields only: every other field of a plan or release checks full access
guardNonRoadmapFields(resolvers, typeDefs)

export const modules = [{ typeDefs, resolvers }]
