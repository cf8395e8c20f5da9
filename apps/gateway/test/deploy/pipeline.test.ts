import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { type PersonaName, ok, testDbKind } from '@railyard/test-kit'
import {
  ADD_RELEASE,
  CREATE_PLAN,
  DECIDE,
  PUBLISH,
  SUBMIT,
  releaseInput,
  singleAdminApproval,
  strategyInput,
} from '../../../../services/agency-plans/test/fixtures.ts'
import { mountDeploymentCheck } from '../../src/deploy/deployment-check.route.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'

/**
 * For pipelines, against the running stack over HTTP: GET /api/deployment-check, the CLI
 * (integrations/cli/railyard.mjs) and each template's command line, taken from the template file
 * and run by a shell — refused during a freeze, allowed after an approved exception.
 */

const ROOT = new URL('../../../../', import.meta.url).pathname
const CLI = join(ROOT, 'integrations/cli/railyard.mjs')

interface Run {
  code: number
  out: string
}

function run(file: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    // eslint-disable-next-line no-restricted-properties -- the child processes (CLI, template shells) need the test's PATH to find node, sh and curl
    const path = process.env.PATH ?? ''
    execFile(file, args, { env: { PATH: path, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 99) : 0
      resolve({ code, out: `${stdout}${stderr}` })
    })
  })
}

/** The deploy-check command lines of each template, exactly as written in it. */
function templateCommands(): Record<'gitlab' | 'github' | 'argocd', { shell: string; script: string }> {
  const gitlab = parse(readFileSync(join(ROOT, 'integrations/gitlab/railyard.gitlab-ci.yml'), 'utf8'), {
    customTags: [{ tag: '!reference', collection: 'seq', resolve: (v: unknown) => v }],
  })
  const github = parse(readFileSync(join(ROOT, 'integrations/github/action.yml'), 'utf8'))
  const argo = parse(readFileSync(join(ROOT, 'integrations/argocd/presync-job.yaml'), 'utf8'))
  const container = argo.spec.template.spec.containers[0]
  expect(argo.metadata.annotations['argocd.argoproj.io/hook']).toBe('PreSync')
  expect(github.runs.using).toBe('composite')
  return {
    gitlab: { shell: 'sh', script: ['set -e', ...(gitlab['.railyard-deploy-check'].script as string[])].join('\n') },
    github: { shell: 'bash', script: `set -e\n${github.runs.steps[0].run}` },
    argocd: { shell: container.command[0], script: container.args[0] },
  }
}

describe(`pipelines: REST deploy check, CLI and templates against the running stack on ${testDbKind()}`, () => {
  let h: GatewayHarness
  const tokens = {} as Record<PersonaName, string>
  let release: string
  let devEnv: string
  let ciToken: string
  const gql = async (who: PersonaName, query: string, variables: Record<string, unknown> = {}) => ok(await h.gql(query, variables, tokens[who]))
  const rest = async (query: string, token: string | null = ciToken) => {
    const res = await fetch(`${h.url}/api/deployment-check?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
    const body: any = await res.json()
    return { status: res.status, body }
  }
  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, [CLI, ...args], { RAILYARD_URL: h.url, RAILYARD_TOKEN: ciToken, ...env })

  beforeAll(async () => {
    h = await startGatewayHarness({ routes: mountDeploymentCheck })
    for (const p of ['admin', 'admin2', 'dohManager', 'dohIntegration'] as const) tokens[p] = await h.auth.token(p)
    ciToken = tokens.dohIntegration
    const agencies: Record<string, string> = {}
    for (const code of ['DOH', 'DOL'])
      agencies[code] = (await gql('admin', `mutation($c: String!) { registerAgency(input: { code: $c, name: $c }) { id } }`, { c: code })).registerAgency.id
    const programId = (await gql('admin', `mutation { createProgram(input: { key: "WA-DSP", name: "Digital Services", agencyCodes: ["DOH", "DOL"] }) { id } }`))
      .createProgram.id
    const freezeNow = {
      name: 'Change freeze',
      start: new Date(Date.now() - 3_600_000).toISOString(),
      end: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      timeZone: 'UTC',
      tiers: ['DEV'],
    }
    await gql('admin', PUBLISH, {
      programId,
      expectedVersion: 0,
      input: strategyInput({ planApproval: singleAdminApproval, freezeWindows: [...strategyInput().freezeWindows, freezeNow] }),
    })
    devEnv = (
      await gql('dohManager', `mutation($input: RegisterEnvironmentInput!) { registerEnvironment(input: $input) { id } }`, {
        input: { key: 'doh-dev', name: 'DOH dev', tier: 'DEV', programId, agencyId: agencies.DOH },
      })
    ).registerEnvironment.id
    const plan = (
      await gql('dohManager', CREATE_PLAN, {
        input: { programId, agencyId: agencies.DOH, title: 'DOH H1 2027', periodStart: '2027-01-01', periodEnd: '2027-06-30' },
      })
    ).createAgencyPlan
    const added = (await gql('dohManager', ADD_RELEASE, { planId: plan.id, rev: plan.revision, input: releaseInput() })).addRelease
    release = added.id
    const sub = (await gql('dohManager', SUBMIT, { id: plan.id, rev: added.plan.revision })).submitAgencyPlan
    await gql('admin', DECIDE, { id: sub.approvals[0].id, d: 'APPROVE' })
  }, 120_000)
  afterAll(async () => h?.close())

  it('answers 409 with the blockers during the freeze, and coded JSON errors', async () => {
    const blocked = await rest(`release=${release}&tier=DEV`)
    expect(blocked.status).toBe(409)
    expect(blocked.body).toMatchObject({ allowed: false, release, tier: 'DEV', blockers: [{ code: 'FROZEN', waivedBy: null }] })
    expect(blocked.body.blockers[0].message).toMatch(/Change freeze/)
    expect(blocked.body.nextAllowedAt).toEqual(expect.any(String))

    expect((await rest(`release=${release}&tier=DEV`, null)).status).toBe(401)
    // a token in the URL is no credential
    expect((await rest(`release=${release}&tier=DEV&token=${ciToken}`, null)).status).toBe(401)
    expect(await rest(`release=${release}&tier=DEV`, 'not-a-jwt')).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } })
    const missing = await rest('tier=DEV')
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT', fieldErrors: [{ path: ['release'] }] } } })
    expect(await rest(`release=00000000-0000-0000-0000-00000000abcd&tier=DEV`)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
    expect(await rest(`release=${release}&tier=DEV&at=yesterday`)).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT' } } })
    // another agency's integration: not found, as if it did not exist
    expect(
      (await rest(`release=${release}&tier=DEV`, await h.auth.token({ sub: 'dol-ci', roles: ['INTEGRATION'], agency: 'DOL', scopes: ['deployments:write'] })))
        .status,
    ).toBe(404)
    // an instant after the freeze: allowed
    const later = await rest(`release=${release}&tier=DEV&at=${encodeURIComponent(new Date(Date.now() + 5 * 3_600_000).toISOString())}`)
    expect(later).toMatchObject({ status: 200, body: { allowed: true, blockers: [] } })
  })

  it('exits 1 from the CLI and from every template during the freeze, printing the reasons; 2 on errors', async () => {
    const blocked = await cli(['deploy-check', '--release', release, '--tier', 'DEV'])
    expect(blocked.code).toBe(1)
    expect(blocked.out).toMatch(/blocked: .*\n\s+FROZEN: DEV is frozen by 'Change freeze'/)
    expect((await cli(['deploy-check', '--release', '00000000-0000-0000-0000-00000000abcd', '--tier', 'DEV'])).code).toBe(2)
    expect((await cli(['deploy-check', '--tier', 'DEV'])).code).toBe(2)
    expect((await cli(['deploy-check', '--release', release, '--tier', 'DEV', '--url', 'http://127.0.0.1:9'])).code).toBe(2)
    expect((await cli(['deploy-check', '--release', release, '--tier', 'DEV'], { RAILYARD_TOKEN: '' })).code).toBe(2)
    for (const [name, t] of Object.entries(templateCommands())) {
      const r = await run(t.shell, ['-c', t.script], templateEnv())
      expect({ name, code: r.code }).toEqual({ name, code: 1 })
      expect(r.out).toMatch(/FROZEN/)
    }
  })

  const templateEnv = (): Record<string, string> => ({
    RAILYARD_URL: h.url,
    RAILYARD_TOKEN: ciToken,
    RAILYARD_RELEASE_ID: release,
    RAILYARD_TIER: 'DEV',
    RAILYARD_ENVIRONMENT_ID: devEnv,
    RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'railyard-runner-')),
  })

  it('lets the pipeline through after an approved exception, then records the deployment', async () => {
    const now = Date.now()
    const e = (
      await gql('dohManager', `mutation($input: DeploymentExceptionInput!) { requestDeploymentException(input: $input) { id } }`, {
        input: {
          releaseId: release,
          tier: 'DEV',
          waives: ['FROZEN'],
          start: new Date(now - 60_000).toISOString(),
          end: new Date(now + 3_600_000).toISOString(),
          justification: 'Hotfix',
        },
      })
    ).requestDeploymentException
    expect((await cli(['deploy-check', '--release', release, '--tier', 'DEV'])).code).toBe(1) // pending
    await gql('admin', `mutation($id: ID!) { decideDeploymentException(id: $id, decision: APPROVE, comment: "go") { status } }`, { id: e.id })

    const allowed = await rest(`release=${release}&tier=DEV&environment=${devEnv}`)
    expect(allowed).toMatchObject({ status: 200, body: { allowed: true, environment: devEnv, blockers: [{ code: 'FROZEN', waivedBy: e.id }] } })
    const ok0 = await cli(['deploy-check', '--release', release, '--tier', 'DEV'])
    expect(ok0).toMatchObject({ code: 0 })
    expect(ok0.out).toMatch(new RegExp(`allowed: .*\\n\\s+waived FROZEN by exception ${e.id}`))
    for (const [name, t] of Object.entries(templateCommands())) {
      const r = await run(t.shell, ['-c', t.script], templateEnv())
      expect({ name, code: r.code, out: r.out }).toMatchObject({ name, code: 0 })
    }

    const recorded = await cli(['record-deployment', '--release', release, '--environment', devEnv, '--version', '2.4.0'])
    expect(recorded).toMatchObject({ code: 0 })
    expect(recorded.out).toMatch(/recorded deployment .*: 2.4.0 SUCCEEDED/)
    const deps = (
      await gql('dohManager', `query($id: ID!) { release(id: $id) { deployments { version outcome deployedBy environment { id } } } }`, { id: release })
    ).release.deployments
    expect(deps).toEqual([{ version: '2.4.0', outcome: 'SUCCEEDED', deployedBy: 'doh-cmdb', environment: { id: devEnv } }])
    const bad = await cli(['record-deployment', '--release', release, '--environment', devEnv, '--version', 'not-semver'])
    expect(bad.code).toBe(1)
    expect(bad.out).toMatch(/BAD_USER_INPUT/)
  })
})
