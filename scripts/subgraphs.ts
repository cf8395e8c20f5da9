import { existsSync, readFileSync } from 'node:fs'

/** The three subgraphs: their SDL files (composition) and default URLs in the supergraph. */
export const subgraphs = [
  { name: 'program-strategy', dir: 'services/program-strategy', url: 'http://127.0.0.1:4001/graphql' },
  { name: 'agency-plans', dir: 'services/agency-plans', url: 'http://127.0.0.1:4002/graphql' },
  { name: 'environment-inventory', dir: 'services/environment-inventory', url: 'http://127.0.0.1:4003/graphql' },
].map((s) => ({
  ...s,
  /** Concatenated SDL of the service, in the order its src/sdl-files.json lists them. */
  sdl(): string {
    const root = new URL(`../${s.dir}/src/`, import.meta.url)
    const listFile = new URL('sdl-files.json', root)
    if (!existsSync(listFile)) throw new Error(`${s.dir}/src/sdl-files.json is missing`)
    const files = JSON.parse(readFileSync(listFile, 'utf8')) as string[]
    return files.map((f) => readFileSync(new URL(f, root), 'utf8')).join('\n')
  },
}))
