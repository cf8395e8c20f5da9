import { type PersonaName, type TestStack, ok, startTestStack } from '@railyard/test-kit'

export const REGISTER = `mutation($input: RegisterEnvironmentInput!) { registerEnvironment(input: $input) { id key name tier url status agency { id } program { id } } }`
export const REPORT = `mutation($e: ID!, $items: [ConfigItemInput!]!) { reportEnvironmentState(environmentId: $e, items: $items) { inSync items { key expected actual kind } } }`
export const APPROVE = `mutation($e: ID!, $r: ID, $rel: ID, $n: String) { approveBaseline(environmentId: $e, reportId: $r, releaseId: $rel, note: $n) { version items { key value } approvedBy note release { id } } }`
export const BOOK = `mutation($input: BookEnvironmentInput!) { bookEnvironment(input: $input) { id start end purpose release { id } environment { key } } }`
export const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Environment { id key } ... on Program { environments { key } } ... on Agency { environments { key } } } }`

export interface Fixture {
  programId: string
  agencyIds: Record<'DOH' | 'DOL', string>
}

/**
 * A program-strategy + environment-inventory stack (plus whatever else `extra` adds) with one
 * program WA-DSP of agencies DOH and DOL.
 */
export async function startInventoryStack(extra: Parameters<typeof startTestStack>[0] = {}): Promise<{ stack: TestStack; fx: Fixture }> {
  const stack = await startTestStack({
    programStrategy: await import('@railyard/program-strategy/server'),
    environmentInventory: await import('../src/server.ts'),
    ...extra,
  })
  const ps = stack.as('programStrategy', 'admin')
  const agencyIds = {} as Fixture['agencyIds']
  for (const code of ['DOH', 'DOL'] as const) {
    const d = ok(await ps(`mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id } }`, { input: { code, name: `Agency ${code}` } }))
    agencyIds[code] = d.registerAgency.id
  }
  const p = ok(
    await ps(`mutation($input: CreateProgramInput!) { createProgram(input: $input) { id } }`, {
      input: { key: 'WA-DSP', name: 'Digital Services', agencyCodes: ['DOH', 'DOL'] },
    }),
  )
  return { stack, fx: { programId: p.createProgram.id, agencyIds } }
}

/** Runs an operation on environment-inventory as a persona. */
export const inv = (stack: TestStack, who: PersonaName | null) => stack.as('environmentInventory', who)

/** Registers an environment (agency: its manager; shared: admin) and returns its id. */
export async function registerEnv(stack: TestStack, fx: Fixture, key: string, tier: string, agency: 'DOH' | 'DOL' | null): Promise<string> {
  const who: PersonaName = agency === 'DOH' ? 'dohManager' : agency === 'DOL' ? 'dolManager' : 'admin'
  const d = ok(
    await inv(stack, who)(REGISTER, { input: { key, name: key.toUpperCase(), tier, programId: fx.programId, agencyId: agency ? fx.agencyIds[agency] : null } }),
  )
  return d.registerEnvironment.id
}

/** Counts rows of an environment-inventory table (to prove nothing was written). */
export async function countRows(
  stack: TestStack,
  table: 'environment' | 'environmentReport' | 'configurationBaseline' | 'environmentBooking' | 'deployment' | 'auditLog',
): Promise<number> {
  const r = await stack.dbs
    .environmentInventory!.db.selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}
