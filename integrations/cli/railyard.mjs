#!/usr/bin/env node
// @ts-check
// The Railyard CLI for pipelines: one dependency-free file (Node ≥ 20), also served by the gateway
// at /cli/railyard.mjs so a pipeline can fetch it without installing anything.
//
//   railyard deploy-check --release <id> --tier <tier> [--environment <id>] [--at <instant>] [--url <gateway>] [--token <token>]
//     asks GET /api/deployment-check; exit 0 allowed, 1 blocked (the reasons are printed), 2 error
//   railyard record-deployment --release <id> --environment <id> --version <semver> [--outcome SUCCEEDED|FAILED|ROLLED_BACK]
//                              [--started-at <instant>] [--finished-at <instant>] [--url …] [--token …]
//     records the deployment through the graph (recordDeployment); exit 0 recorded, 1 refused, 2 error
//
// --url defaults to RAILYARD_URL (else http://localhost:4000), --token to RAILYARD_TOKEN: an
// INTEGRATION token (graph:read, or deployments:write for its agency).

/** The mutation record-deployment sends (exported so the limits test checks it). */
export const RECORD_DEPLOYMENT = /* GraphQL */ `
  mutation CliRecordDeployment($input: RecordDeploymentInput!) {
    recordDeployment(input: $input) {
      id
      version
      outcome
      startedAt
    }
  }
`

const USAGE = `usage:
  railyard deploy-check --release <id> --tier <tier> [--environment <id>] [--at <instant>] [--url <gateway>] [--token <token>]
  railyard record-deployment --release <id> --environment <id> --version <semver> [--outcome SUCCEEDED|FAILED|ROLLED_BACK]
                             [--started-at <instant>] [--finished-at <instant>] [--url <gateway>] [--token <token>]`

class CliError extends Error {
  /** @param {string} message @param {number} exitCode */
  constructor(message, exitCode) {
    super(message)
    this.exitCode = exitCode
  }
}

/**
 * `--name value` and `--name=value` options.
 * @param {string[]} argv
 * @returns {Map<string, string>}
 */
function options(argv) {
  const out = new Map()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? ''
    if (a === '--') continue
    if (!a.startsWith('--')) throw new CliError(`unexpected argument '${a}'\n${USAGE}`, 2)
    const eq = a.indexOf('=')
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1))
    else {
      const v = argv[i + 1]
      if (v === undefined || v.startsWith('--')) throw new CliError(`${a} needs a value\n${USAGE}`, 2)
      out.set(a.slice(2), v)
      i++
    }
  }
  return out
}

/**
 * @param {Map<string, string>} o
 * @param {string} name
 */
function required(o, name) {
  const v = o.get(name)?.trim()
  if (!v) throw new CliError(`--${name} is required\n${USAGE}`, 2)
  return v
}

/**
 * @param {Map<string, string>} o
 * @param {Record<string, string | undefined>} env
 */
function target(o, env) {
  const url = (o.get('url') ?? env.RAILYARD_URL ?? 'http://localhost:4000').replace(/\/+$/, '')
  const token = o.get('token') ?? env.RAILYARD_TOKEN
  if (!token) throw new CliError('no token: pass --token or set RAILYARD_TOKEN', 2)
  return { url, token }
}

/**
 * @typedef {{ fetch: typeof fetch, out: (line: string) => void, err: (line: string) => void }} CliIo
 */

/**
 * @param {CliIo} io
 * @param {string} url
 * @param {RequestInit} init
 */
async function call(io, url, init) {
  /** @type {Response} */
  let res
  try {
    res = await io.fetch(url, init)
  } catch (e) {
    throw new CliError(`cannot reach ${url}: ${e instanceof Error ? e.message : String(e)}`, 2)
  }
  /** @type {any} */
  let body
  try {
    body = await res.json()
  } catch {
    throw new CliError(`${url} answered ${res.status} without JSON`, 2)
  }
  return { status: res.status, body }
}

/** @param {any} err */
function describeError(err) {
  const fields = Array.isArray(err?.fieldErrors) ? err.fieldErrors : Array.isArray(err?.extensions?.fieldErrors) ? err.extensions.fieldErrors : []
  const code = err?.code ?? err?.extensions?.code ?? 'ERROR'
  return `error ${code}: ${err?.message ?? 'unknown error'}${fields.map((/** @type {any} */ f) => `\n  ${(f.path ?? []).join('.')}: ${f.message}`).join('')}`
}

/**
 * @param {Map<string, string>} o
 * @param {Record<string, string | undefined>} env
 * @param {CliIo} io
 */
async function deployCheck(o, env, io) {
  const release = required(o, 'release')
  const tier = required(o, 'tier')
  const { url, token } = target(o, env)
  const q = new URLSearchParams({ release, tier })
  const environment = o.get('environment')
  if (environment) q.set('environment', environment)
  const at = o.get('at')
  if (at) q.set('at', at)
  const { status, body } = await call(io, `${url}/api/deployment-check?${q}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })
  if (status !== 200 && status !== 409) throw new CliError(describeError(body?.error), 2)
  /** @type {{ code: string, message: string, waivedBy: string | null }[]} */
  const blockers = body.blockers ?? []
  const waived = blockers.filter((b) => b.waivedBy)
  const open = blockers.filter((b) => !b.waivedBy)
  if (body.allowed === true) {
    io.out(`allowed: release ${release} may be deployed to ${tier} now (${body.at})`)
    for (const b of waived) io.out(`  waived ${b.code} by exception ${b.waivedBy}: ${b.message}`)
    return 0
  }
  io.out(`blocked: release ${release} may not be deployed to ${tier} at ${body.at}`)
  for (const b of open) io.out(`  ${b.code}: ${b.message}`)
  for (const b of waived) io.out(`  (waived ${b.code} by exception ${b.waivedBy})`)
  if (body.nextAllowedAt) io.out(`  next allowed at ${body.nextAllowedAt} (as far as freezes and windows go)`)
  return 1
}

/**
 * @param {Map<string, string>} o
 * @param {Record<string, string | undefined>} env
 * @param {CliIo} io
 */
async function recordDeployment(o, env, io) {
  const input = {
    releaseId: required(o, 'release'),
    environmentId: required(o, 'environment'),
    version: required(o, 'version'),
    outcome: (o.get('outcome') ?? 'SUCCEEDED').toUpperCase(),
    startedAt: o.get('started-at') ?? new Date().toISOString(),
    finishedAt: o.get('finished-at') ?? null,
  }
  const { url, token } = target(o, env)
  const { status, body } = await call(io, `${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: RECORD_DEPLOYMENT, variables: { input } }),
  })
  const first = body?.errors?.[0]
  if (first) throw new CliError(describeError(first), status >= 500 || status === 401 ? 2 : 1)
  const d = body?.data?.recordDeployment
  if (!d) throw new CliError(`${url}/graphql answered ${status} without a deployment`, 2)
  io.out(`recorded deployment ${d.id}: ${d.version} ${d.outcome} at ${d.startedAt}`)
  return 0
}

/**
 * Runs one command; returns the exit code.
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} env
 * @param {CliIo} io
 */
export async function runCli(argv, env, io) {
  try {
    const [command, ...rest] = argv.filter((a, i) => !(i === 0 && a === '--'))
    const o = options(rest)
    if (command === 'deploy-check') return await deployCheck(o, env, io)
    if (command === 'record-deployment') return await recordDeployment(o, env, io)
    throw new CliError(command ? `unknown command '${command}'\n${USAGE}` : USAGE, 2)
  } catch (e) {
    if (e instanceof CliError) {
      io.err(e.message)
      return e.exitCode
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}`)
    return 2
  }
}

const invoked = process.argv[1] ?? ''
if (invoked.endsWith('railyard.mjs') || invoked.endsWith('/railyard')) {
  // eslint-disable-next-line no-restricted-properties -- the CLI's own variables (RAILYARD_URL, RAILYARD_TOKEN), passed to runCli as an argument
  const code = await runCli(process.argv.slice(2), process.env, { fetch, out: (l) => console.log(l), err: (l) => console.error(l) })
  process.exit(code)
}
