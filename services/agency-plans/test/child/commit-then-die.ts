// Child process of crash-delivery.test.ts: one real mutation through the agency-plans server on
// the given PostgreSQL database, then SIGKILL right after the commit (before any dispatcher ran).
import { createTokenSigner, createTokenVerifier } from '@railyard/auth'
import { createDb } from '@railyard/db'
import { inProcessSubgraphClient } from '@railyard/graphql-kit'
import { type Database, SCHEMA, createServer } from '../../src/server.ts'

const [url, releaseId, keysJson] = process.argv.slice(2) as [string, string, string]
const keys = JSON.parse(keysJson)
const handle = await createDb<Database>({ schema: SCHEMA, databaseUrl: url, poolSize: 2 })
const verifier = createTokenVerifier({ kind: 'local', publicJwk: keys.publicJwk }, 'railyard-test', 'railyard')
const signer = await createTokenSigner(keys, 'railyard-test', 'railyard')
const none = inProcessSubgraphClient(async () => ({ errors: [{ message: 'not in this process' }] }), 'none')
const server = await createServer({ db: handle.db, verifier, clients: { programStrategy: none, agencyPlans: none, environmentInventory: none } })
const token = await signer.sign({ sub: 'hana.doh', name: 'Hana', roles: ['AGENCY_MANAGER'], agency: 'DOH' })
const result = await server.execute({
  query: `mutation($input: DeploymentExceptionInput!) { requestDeploymentException(input: $input) { id } }`,
  variables: {
    input: { releaseId, tier: 'PROD', waives: ['FROZEN'], start: '2027-03-09T00:00:00Z', end: '2027-03-10T00:00:00Z', justification: 'crash test' },
  },
  token,
})
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.kill(process.pid, 'SIGKILL'))
