// Composes supergraph.graphql from the three subgraph SDLs with @apollo/composition.
//   pnpm compose          write supergraph.graphql (fails on composition errors)
//   pnpm compose:check    fail when the committed supergraph.graphql is stale
import { readFileSync, writeFileSync } from 'node:fs'
import { composeServices } from '@apollo/composition'
import { parse } from 'graphql'
import { subgraphs } from './subgraphs.ts'

const out = new URL('../supergraph.graphql', import.meta.url)
const check = process.argv.includes('--check')

const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl()) })))
if (result.errors) {
  console.error(`composition failed with ${result.errors.length} error(s):`)
  for (const e of result.errors) console.error(`- ${e.message}`)
  process.exit(1)
}
for (const h of result.hints ?? []) if (process.env.COMPOSE_HINTS) console.warn(`hint: ${h.message}`)
const sdl = `${result.supergraphSdl.trim()}\n`
if (check) {
  let committed = ''
  try {
    committed = readFileSync(out, 'utf8')
  } catch {}
  if (committed !== sdl) {
    console.error('supergraph.graphql is stale: run `pnpm compose` and commit it')
    process.exit(1)
  }
  console.log('supergraph.graphql is current')
} else {
  writeFileSync(out, sdl)
  console.log(`composed ${subgraphs.length} subgraphs → supergraph.graphql`)
}
