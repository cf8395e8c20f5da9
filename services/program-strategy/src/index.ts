// Starts the program-strategy subgraph on its own (the launcher starts all services together).
import { loadConfig } from '@railyard/config'
import { startService } from '@railyard/graphql-kit/start'
import { SCHEMA, createServer, migrations } from './server.ts'

const config = loadConfig()
await startService({ name: 'program-strategy', schema: SCHEMA, migrations, port: config.ports.programStrategy, config, createServer })
