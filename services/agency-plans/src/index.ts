// Starts the agency-plans subgraph on its own (the launcher starts all services together).
import { loadConfig } from '@railyard/config'
import { httpSubgraphClient } from '@railyard/graphql-kit'
import { internalAuthFromConfig, startService } from '@railyard/graphql-kit/start'
import { type Database, SCHEMA, createServer, internalRelay, migrations, startNotificationWorkers } from './server.ts'

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
  createServer: async (deps) => {
    const server = await createServer({ ...deps, clients })
    // the outbox dispatcher (with the relay of environment-inventory's outbox, under an internal
    // token) and the scheduler of time-driven notifications and digests (docs/notifications.md)
    const relay = internalRelay(clients.environmentInventory, (await internalAuthFromConfig(config)).signer)
    const workers = await startNotificationWorkers(deps.db, config.notifications, config.databaseUrl, (line) => console.log(`agency-plans: ${line}`), relay)
    return {
      listen: (port: number, host?: string) => server.listen(port, host),
      stop: async () => {
        await workers.stop()
        await server.stop()
      },
    }
  },
})
