// Reports an environment's configuration state from a JSON file and prints the drift.
//
//   pnpm --filter @railyard/environment-inventory report-state -- --env doh-test --file state.json
//
// RAILYARD_URL (default http://localhost:4000) is the gateway; RAILYARD_TOKEN a bearer token with
// graph:read (to find the environment by key) and inventory:report (or an AGENCY_MANAGER's).
// The file holds either [{"key": "...", "value": "..."}, …], {"items": [...]}, or {"key": "value", …}.
// Exits 0 when reported (in sync or not), 1 on a GraphQL error (its code is printed), 2 on bad usage.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { z } from 'zod'

/** The documents the CLI sends (exported so the limits test checks them). */
export const FIND_ENVIRONMENT = /* GraphQL */ `
  query ReportStateEnv($key: String!) {
    environment(key: $key) {
      id
      key
    }
  }
`

export const REPORT_STATE = /* GraphQL */ `
  mutation ReportState($e: ID!, $items: [ConfigItemInput!]!) {
    reportEnvironmentState(environmentId: $e, items: $items) {
      inSync
      items {
        key
        expected
        actual
        kind
      }
    }
  }
`

const CliEnv = z.object({
  RAILYARD_URL: z.string().url().default('http://localhost:4000'),
  RAILYARD_TOKEN: z.string().min(1, 'RAILYARD_TOKEN must hold a bearer token'),
  INIT_CWD: z.string().optional(),
})

const Items = z.union([
  z.array(z.object({ key: z.string(), value: z.coerce.string() })),
  z.object({ items: z.array(z.object({ key: z.string(), value: z.coerce.string() })) }).transform((o) => o.items),
  z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .transform((o) => Object.entries(o).map(([key, value]) => ({ key, value: String(value) }))),
])

interface DriftItem {
  key: string
  expected: string | null
  actual: string | null
  kind: string
}

export interface CliIo {
  fetch: typeof fetch
  out: (line: string) => void
  err: (line: string) => void
}

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly code?: string,
  ) {
    super(message)
  }
}

function parseArgs(argv: string[]): { env: string; file: string } {
  const args = argv.filter((a) => a !== '--')
  const get = (name: string) => {
    const i = args.indexOf(`--${name}`)
    const inline = args.find((a) => a.startsWith(`--${name}=`))
    return inline ? inline.slice(name.length + 3) : i >= 0 ? args[i + 1] : undefined
  }
  const env = get('env')
  const file = get('file')
  if (!env || !file) throw new CliError('usage: report-state --env <environment-key> --file <state.json>', 2)
  return { env, file }
}

async function graphql<T>(io: CliIo, url: string, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  let res: Response
  try {
    res = await io.fetch(`${url.replace(/\/+$/, '')}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    })
  } catch (e) {
    throw new CliError(`cannot reach ${url}: ${(e as Error).message}`, 1, 'UNREACHABLE')
  }
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string; fieldErrors?: { path: string[]; message: string }[] } }[] }
  try {
    body = (await res.json()) as typeof body
  } catch {
    throw new CliError(`${url} answered ${res.status} without a GraphQL body`, 1, `HTTP_${res.status}`)
  }
  const first = body.errors?.[0]
  if (first) {
    const details = (first.extensions?.fieldErrors ?? []).map((f) => `\n  ${f.path.join('.')}: ${f.message}`).join('')
    throw new CliError(`${first.message}${details}`, 1, first.extensions?.code ?? 'ERROR')
  }
  return body.data as T
}

const HEADER = ['KEY', 'KIND', 'EXPECTED', 'ACTUAL']

/** Renders drift items as an aligned text table. */
export function driftTable(items: DriftItem[]): string {
  const rows = [HEADER, ...items.map((i) => [i.key, i.kind, i.expected ?? '-', i.actual ?? '-'])]
  const widths = HEADER.map((_, c) => Math.max(...rows.map((r) => r[c]?.length ?? 0)))
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ')).join('\n')
}

/** Runs the command; returns the process exit code. */
export async function reportState(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  try {
    const parsedEnv = CliEnv.safeParse(env)
    if (!parsedEnv.success) throw new CliError(parsedEnv.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 2)
    const { RAILYARD_URL: url, RAILYARD_TOKEN: token, INIT_CWD } = parsedEnv.data
    const args = parseArgs(argv)
    const path = resolve(INIT_CWD ?? process.cwd(), args.file)
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'))
    } catch (e) {
      throw new CliError(`cannot read ${path}: ${(e as Error).message}`, 2)
    }
    const items = Items.safeParse(raw)
    if (!items.success) throw new CliError(`${path}: expected [{"key","value"}…], {"items": […]} or {"key": "value"…}`, 2)

    const found = await graphql<{ environment: { id: string; key: string } | null }>(io, url, token, FIND_ENVIRONMENT, { key: args.env })
    if (!found.environment) throw new CliError(`environment ${args.env} not found (or not visible to this token)`, 1, 'NOT_FOUND')
    const d = await graphql<{ reportEnvironmentState: { inSync: boolean; items: DriftItem[] } }>(io, url, token, REPORT_STATE, {
      e: found.environment.id,
      items: items.data,
    })
    const drift = d.reportEnvironmentState
    io.out(
      `${found.environment.key}: reported ${items.data.length} item(s); ${drift.inSync ? 'in sync with the baseline' : `${drift.items.length} drift item(s)`}`,
    )
    if (!drift.inSync) io.out(driftTable(drift.items))
    return 0
  } catch (e) {
    if (e instanceof CliError) {
      io.err(e.code ? `error ${e.code}: ${e.message}` : e.message)
      return e.exitCode
    }
    io.err(`error: ${(e as Error).message}`)
    return 1
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // eslint-disable-next-line no-restricted-properties -- the CLI's own variables (RAILYARD_URL, RAILYARD_TOKEN): reportState() takes them as an argument and parses them with CliEnv
  const code = await reportState(process.argv.slice(2), process.env, { fetch, out: (l) => console.log(l), err: (l) => console.error(l) })
  process.exit(code)
}
