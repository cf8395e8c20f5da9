// Starts the agency-plans subgraph on its own (the launcher starts all services together).
import { loadConfig } from '@railyard/config'
import { httpSubgraphClient } from '@railyard/graphql-kit'
import { startService } from '@railyard/graphql-kit/start'
import { type Database, SCHEMA, createServer, migrations } from './server.ts'

const config = loadConfig()
const clients = {
  programStrategy: httpSubgraphClient(config.urls.programStrategy, 'program-strategy'),
  agencyPlans: httpSubgraphClient(config.urls.agencyPlans, 'agency-plans'),
  environmentInventory: httpSubgraphClient(config.urls.environmentInventory, 'environment-inventory'),
}
await startService<Database>({
  name: 'agency-plans',
  schema: SCHEMA,
  migrations,
  port: config.ports.agencyPlans,
  config,
  createServer: (deps) => createServer({ ...deps, clients }),
})
