import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KyselyPlugin } from 'kysely'
import { type SubgraphServer, inProcessSubgraphClient } from '@railyard/graphql-kit'
import { type TestStack, ok, testDbKind } from '@railyard/test-kit'
import { createServer } from '../src/server.ts'
import { ADD_RELEASE, type Seeded, createPlan, plansDb, releaseInput, seedProgram, startStack } from './fixtures.ts'

const ROADMAP = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Program {
      plans {
        id title status revision
        alignment { aligned stale issues { code release { id } } }
        approvals { id decisions { step } }
        releases {
          id name plan { id } cycle { id } schedule { tier environment { id } }
          dependencies { release { id plan { id } } sharedComponent { id } }
          dependents { id } impactedAgencies { id }
          gates { gate { key } passed } checkpoints { met } escalation { level }
        }
      }
    }
  }
}`

describe(`agency-plans: DataLoader batching on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let counted: SubgraphServer<any>
  let sql = 0
  let upstream = 0
  let previous: string | null = null

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack)
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        sql++
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const programStrategy = inProcessSubgraphClient((op) => {
      upstream++
      return stack.servers.programStrategy!.execute(op)
    }, 'program-strategy')
    const clients = { programStrategy, agencyPlans: programStrategy, environmentInventory: programStrategy }
    counted = await createServer({ db: plansDb(stack).withPlugin(counter), verifier: stack.auth.verifier, clients })
  })
  afterAll(async () => {
    await counted?.stop()
    await stack?.close()
  })

  async function addPlan(i: number) {
    const planId = (await createPlan(stack, seeded, 'dohManager', 'DOH', `Plan ${i}`)).id
    for (let j = 0; j < 3; j++) {
      const rev = (await plansDb(stack).selectFrom('plan').select('revision').where('id', '=', planId).executeTakeFirstOrThrow()).revision
      const input = releaseInput({ name: `R${i}.${j}`, version: `${i}.${j}.0`, dependencies: previous ? [{ releaseId: previous }] : [] })
      previous = ok(await stack.as('agencyPlans', 'dohManager')(ADD_RELEASE, { planId, rev, input })).addRelease.id
      ok(
        await stack.as('agencyPlans', 'dohManager')(
          `mutation($id: ID!) { recordCheckpoint(releaseId: $id, input: { criterionKey: "uat-signoff", attested: true }) { met } }`,
          { id: previous },
        ),
      )
    }
  }

  const run = async () => {
    sql = 0
    upstream = 0
    const d = ok(await counted.execute({ query: ROADMAP, variables: { r: [{ __typename: 'Program', id: seeded.programId }] }, token: stack.tokens.viewer }))
    return { plans: d._entities[0].plans.length as number, releases: d._entities[0].plans.flatMap((p: any) => p.releases).length as number, sql, upstream }
  }

  it('reads a program of any size with the same number of SQL statements and one call to program-strategy', async () => {
    await addPlan(1)
    const small = await run()
    expect(small).toMatchObject({ plans: 1, releases: 3, upstream: 1 })
    for (const i of [2, 3, 4]) await addPlan(i)
    const large = await run()
    expect(large).toMatchObject({ plans: 4, releases: 12, upstream: 1 })
    // no statement per plan or per release: the count does not grow with the program (N+1 would add 9+ here)
    expect(large.sql).toBeLessThanOrEqual(small.sql + 1)
    expect(large.sql).toBeLessThan(large.releases)
  })
})
