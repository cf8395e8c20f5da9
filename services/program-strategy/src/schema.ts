import { readFileSync } from 'node:fs'
import { parse } from 'graphql'
import type { GraphQLResolverMap } from '@apollo/subgraph'
import { mergeResolvers } from '@railyard/graphql-kit'
import type { Context } from './context.ts'
import { agencyResolvers } from './modules/agency/agency.resolvers.ts'
import { commonResolvers } from './modules/common/common.resolvers.ts'
import { programResolvers } from './modules/program/program.resolvers.ts'
import { sharedComponentResolvers } from './modules/shared-component/shared-component.resolvers.ts'
import { strategyResolvers } from './modules/strategy/strategy.resolvers.ts'
import { viewerResolvers } from './modules/viewer/viewer.resolvers.ts'
import { auditResolvers } from './modules/audit/audit.resolvers.ts'
import { calendarFeedResolvers } from './modules/calendar-feed/calendar-feed.resolvers.ts'

const sdl = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

/** SDL files of this subgraph, one per module, in composition order (also read by scripts/compose-supergraph.ts). */
const sdlFiles: string[] = JSON.parse(sdl('./sdl-files.json')) as string[]

/** The whole SDL of the subgraph (used to compose the supergraph). */
export const typeDefsText = sdlFiles.map(sdl).join('\n')

const resolvers = mergeResolvers<GraphQLResolverMap<Context>>(
  commonResolvers,
  auditResolvers,
  viewerResolvers,
  agencyResolvers,
  programResolvers,
  sharedComponentResolvers,
  strategyResolvers,
  calendarFeedResolvers,
)

export const modules = [{ typeDefs: parse(typeDefsText), resolvers }]
