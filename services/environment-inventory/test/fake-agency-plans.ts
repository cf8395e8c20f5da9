import { parse } from 'graphql'
import type { Kysely } from 'kysely'
import { type TokenVerifier, canRead } from '@railyard/auth'
import { type SubgraphServer, createSubgraphServer, forbidden } from '@railyard/graphql-kit'

/**
 * A stand-in for the agency-plans subgraph, answering only what environment-inventory asks it
 * (`release(id) { id agency { id } }`), with agency-plans' read rule for that shape: any reader
 * sees a release's roadmap fields (id, agency). Releases are registered by the test.
 */
const releases = new Map<string, { id: string; agencyId: string }>()

export function addFakeRelease(agencyId: string): string {
  const id = crypto.randomUUID()
  releases.set(id, { id, agencyId })
  return id
}

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Agency @key(fields: "id", resolvable: false) { id: ID! }
  type Release @key(fields: "id") { id: ID! agency: Agency! }
  type Query { release(id: ID!): Release }
`)

export const fakeAgencyPlans = {
  SCHEMA: 'fake_agency_plans',
  migrations: {},
  createServer({ verifier }: { db: Kysely<any>; verifier: TokenVerifier }): Promise<SubgraphServer<any>> {
    return createSubgraphServer({
      name: 'agency-plans',
      verifier,
      buildContext: (actor) => ({ actor }),
      modules: [
        {
          typeDefs,
          resolvers: {
            Query: {
              release: (_p: unknown, { id }: { id: string }, { actor }: any) => {
                if (!canRead(actor)) throw forbidden('no read access')
                return releases.get(id) ?? null
              },
            },
            Release: { agency: (r: { agencyId: string }) => ({ id: r.agencyId }) },
          } as any,
        },
      ],
    })
  },
}
