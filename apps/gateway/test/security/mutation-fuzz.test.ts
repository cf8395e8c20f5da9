import {
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDbKind } from '@railyard/test-kit'
import { demoPersonas } from '../../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { rootTemplates } from './matrix-docs.ts'
import { GroundTruth } from './matrix-model.ts'
import { type ValueContext, apiSchema, rootFields, sampleValue, selection } from './schema-ops.ts'
import { dbFingerprint, pool } from './security-kit.ts'

/**
 * Schema-driven fuzz of every mutation's input (issue 9): for each mutation of the composed
 * schema, a plausible base input for a writer who may make it (program admin or DOH manager),
 * and inputs with one or two leaves replaced by hostile values — wrong types, nulls, huge and
 * odd strings, NUL, lone surrogates, invalid dates, zones, semver and RRULEs, huge lists,
 * `javascript:` URLs, unknown or missing fields. Fails on any HTTP 5xx, any
 * INTERNAL_SERVER_ERROR, and any write by a refused request (every table hashed before and
 * after each batch in which every input was refused). Deterministic: the seed is printed.
 */

const SEED = 0x5ec7e57
const PER_MUTATION = 240
const BATCH = 30

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T }
}

const STRINGS = [
  '',
  ' ',
  'x'.repeat(10_000),
  'x'.repeat(10_001),
  'y'.repeat(200_000),
  'a\u0000b',
  '\u0000',
  'lone \ud800 high',
  '\udfff low first',
  '😀 emoji',
  '\u202eRTL override',
  'e\u0301 combining',
  '<script>alert(1)</script>',
  "' or '1'='1' --",
  '"; drop table audit_log; --',
  '../../../../etc/passwd',
  '%00%2e%2e',
  '\r\n\t',
  'javascript:alert(1)',
  ' JavaScript:alert(document.domain)',
  'data:text/html,<b>x</b>',
  'vbscript:msgbox',
  'file:///etc/passwd',
  'ftp://example.gov/x',
  'http://',
  'https://ok.example.gov/evidence',
  '//evil.example/x',
  '${jndi:ldap://x}',
  '{{7*7}}',
]
const DATES = [
  '2027-02-30',
  '2027-13-01',
  '0000-00-00',
  '2027-1-1',
  '99999-01-01',
  '-2027-01-01',
  'today',
  '2027-03-01T10:00:00Z',
  '1970-01-01',
  '2027-03-01\u0000',
]
const DATETIMES = [
  '2027-03-01T10:00:00',
  '2027-03-01T25:00:00Z',
  '2027-03-01T10:00:00+25:00',
  '2027-02-30T10:00:00Z',
  '2027-03-01',
  'next tuesday',
  '275760-09-13T00:00:00.001Z',
  '0001-01-01T00:00:00Z',
  '2027-03-01T10:00:00.123456789Z',
]
const ZONES = ['Mars/Olympus_Mons', 'UTC', 'Etc/GMT+99', '', 'america/los_angeles', 'Europe/Kyiv', '+05:00', 'America/Los_Angeles\u0000']
const SEMVERS = ['1', '1.2', '01.2.3', '1.2.3-', 'v1.2.3', '1.2.3+build.7', '999999999999999999999.0.0', '1.2.3-alpha..1', '1.2.3 ', '^1.2', '>=1 <2', '*']
const RRULES = [
  'FREQ=SOMETIMES',
  'FREQ=MONTHLY;BYDAY=9TU',
  'FREQ=DAILY;COUNT=-1',
  'FREQ=SECONDLY',
  'FREQ=MINUTELY;INTERVAL=1',
  'RRULE:FREQ=MONTHLY;BYDAY=2TU',
  'FREQ=MONTHLY;BYMONTHDAY=32',
  'FREQ=YEARLY;COUNT=100000000',
  'FREQ=WEEKLY;UNTIL=99991231T000000Z',
  'DTSTART:20270101T000000Z\nRRULE:FREQ=DAILY',
  ';;;',
]
const IDS = ['not-a-uuid', '', '00000000-0000-0000-0000-000000000000', "1' or '1'='1", 'x'.repeat(300), '😀']
const INTS = [0, -1, 2147483647, 2147483648, -2147483649, 1.5, 1e308]
const WRONG = [null, 42, true, {}, [], 'a string', { $ne: null }, [1, 2, 3]]

type Rng = ReturnType<typeof prng>

/** A hostile value for a leaf of `type` named `name`. */
function hostile(type: GraphQLInputType, name: string, rng: Rng, base: unknown): unknown {
  const named = getNamedType(type)
  const n = name.toLowerCase()
  const r = rng.next()
  if (r < 0.15) return rng.pick(WRONG)
  if (isListType(isNonNullType(type) ? type.ofType : type) && r < 0.35) {
    const item = Array.isArray(base) ? base[0] : base
    return rng.pick([[], [null], Array.from({ length: 1001 }, () => item), Array.from({ length: 1000 }, () => item), Array.from({ length: 5000 }, () => item)])
  }
  if (isEnumType(named)) return rng.pick(['NOT_A_VALUE', String(named.getValues()[0]?.value).toLowerCase(), '', 0])
  if (isInputObjectType(named)) return rng.pick([{ unknownField: 1 }, {}, 'not an object', [base]])
  if (isScalarType(named)) {
    switch (named.name) {
      case 'ID':
        return rng.pick(IDS)
      case 'Int':
        return rng.pick(INTS)
      case 'Float':
        return rng.pick([...INTS, -0.0001, 1e-300])
      case 'Boolean':
        return rng.pick(['true', 0, 1, 'false'])
      case 'Date':
        return rng.pick(DATES)
      case 'DateTime':
        return rng.pick(DATETIMES)
      default:
        break
    }
    if ((n.includes('zone') || n === 'timezone') && r < 0.8) return rng.pick(ZONES)
    if (n.includes('version') && r < 0.8) return rng.pick(SEMVERS)
    if ((n === 'rule' || n.includes('rrule')) && r < 0.8) return rng.pick(RRULES)
    if ((n.includes('url') || n.includes('uri') || n.includes('link') || n.includes('evidence')) && r < 0.8) return rng.pick(STRINGS.slice(18))
    return rng.pick(STRINGS)
  }
  return rng.pick(WRONG)
}

/** Every leaf path of a value of `type` (list items and input-object fields included). */
function leafPaths(
  type: GraphQLInputType,
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; type: GraphQLInputType; name: string }[] {
  const inner = isNonNullType(type) ? type.ofType : type
  const here = { path, type, name: String(path.filter((p) => typeof p === 'string').at(-1) ?? '') }
  if (isListType(inner) && Array.isArray(value)) return [here, ...value.flatMap((v, i) => leafPaths(inner.ofType, v, [...path, i]))]
  if (isInputObjectType(inner) && value && typeof value === 'object') {
    const fields = inner.getFields()
    const out = [here]
    for (const f of Object.values(fields)) out.push(...leafPaths(f.type, (value as Record<string, unknown>)[f.name], [...path, f.name]))
    return out
  }
  return [here]
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let cur: Record<string | number, unknown> = root
  for (const p of path.slice(0, -1)) {
    const next = cur[p]
    if (!next || typeof next !== 'object') return
    cur = next as Record<string | number, unknown>
  }
  const last = path.at(-1)
  if (last === undefined) return
  if (value === undefined) delete cur[last]
  else cur[last] = value
}

/** Richer base inputs than the defaults: optional fields filled too, so their validation is reached. */
function fullValue(type: GraphQLInputType, name: string, field: GraphQLField<unknown, unknown>, ctx: ValueContext, depth = 0): unknown {
  const inner = isNonNullType(type) ? type.ofType : type
  if (isListType(inner)) return [fullValue(inner.ofType, name, field, ctx, depth)]
  if (isInputObjectType(inner) && depth < 4) {
    const out: Record<string, unknown> = {}
    for (const f of Object.values(inner.getFields())) out[f.name] = fullValue(f.type, f.name, field, ctx, depth + 1)
    return out
  }
  return sampleValue(type, name, field.name, apiSchema, getNamedType(field.type), ctx)
}

const ADMIN_MUTATIONS = /^(registerAgency|createProgram|registerSharedComponent|publishReleaseStrategy|decideApproval)$/

describe(`schema-driven fuzz of every mutation input on ${testDbKind()}`, () => {
  let h: GatewayHarness
  const truth = new GroundTruth()
  let tokens: { admin: string; doh: string }
  beforeAll(async () => {
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 1 })
    tokens = { admin: await h.auth.token(demoPersonas.admin), doh: await h.auth.token(demoPersonas.manager('DOH')) }
    for (const t of rootTemplates(apiSchema, 'query').filter((x) => ['programs', 'agencies'].includes(x.field))) {
      truth.add((await h.gql(t.build({ ref: () => undefined, revision: () => 1 }).query, {}, tokens.admin)).data)
    }
  }, 600_000)
  afterAll(async () => h?.close())

  it('answers every hostile input with a coded error or a valid result: no 5xx, no INTERNAL_SERVER_ERROR, no partial write', async () => {
    const rng = prng(SEED)
    const own = (typeName: string) =>
      [...truth.objects.values()].filter(
        (o) =>
          o.typename === typeName && (typeName === 'Agency' ? o.code === 'DOH' : [...o.owners].every((w) => w === 'public' || truth.agencyOf(w) === 'DOH')),
      )
    const failures: string[] = []
    let inputs = 0
    let refused = 0
    let accepted = 0
    let checkedForWrites = 0
    const codes = new Map<string, number>()
    for (const field of rootFields(apiSchema.getMutationType())) {
      const token = ADMIN_MUTATIONS.test(field.name) ? tokens.admin : tokens.doh
      const ctx: ValueContext = {
        ref: (t, want) => {
          const o = own(t)[0]
          return o ? (want === 'id' ? o.id : o[want]) : undefined
        },
        revision: () => 1,
      }
      const base: Record<string, unknown> = {}
      for (const a of field.args) base[a.name] = fullValue(a.type, a.name, field, ctx)
      const varDefs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ')
      const named = getNamedType(field.type)
      const sel = isObjectType(named) ? selection(apiSchema, named, 1, ctx) : ''
      const query = `mutation${varDefs ? `(${varDefs})` : ''} { ${field.name}${field.args.length ? `(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''} ${sel} }`
      const cases: Record<string, unknown>[] = []
      for (let i = 0; i < PER_MUTATION; i++) {
        const vars = structuredClone(base)
        const leaves = field.args.flatMap((a) => leafPaths(a.type, vars[a.name], [a.name]))
        for (let k = 0; k < 1 + rng.int(2); k++) {
          const leaf = rng.pick(leaves)
          const cur = leaf.path.reduce<unknown>((v, p) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined), vars)
          setAt(vars, leaf.path, rng.next() < 0.05 ? undefined : hostile(leaf.type, leaf.name, rng, cur))
        }
        cases.push(vars)
      }
      for (let b = 0; b < cases.length; b += BATCH) {
        const batch = cases.slice(b, b + BATCH)
        const before = await dbFingerprint(h.stack.dbs)
        let batchAccepted = 0
        await pool(batch, 6, async (variables) => {
          inputs++
          const res = await fetch(`${h.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables }),
          })
          const text = await res.text()
          const short = `${field.name} ${JSON.stringify(variables).slice(0, 200)} → ${res.status} ${text.slice(0, 300)}`
          if (res.status >= 500) failures.push(`HTTP ${res.status}: ${short}`)
          if (text.includes('INTERNAL_SERVER_ERROR')) failures.push(`INTERNAL_SERVER_ERROR: ${short}`)
          let body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] }
          try {
            body = JSON.parse(text) as typeof body
          } catch {
            failures.push(`not JSON: ${short}`)
            return
          }
          const code = body.errors?.[0]?.extensions?.code
          if (body.data && Object.values(body.data).some((v) => v !== null)) {
            accepted++
            batchAccepted++
          } else {
            refused++
            codes.set(String(code), (codes.get(String(code)) ?? 0) + 1)
          }
        })
        if (batchAccepted === 0) {
          checkedForWrites += batch.length
          const after = await dbFingerprint(h.stack.dbs)
          for (const [table, hash] of Object.entries(after))
            if (before[table] !== hash) failures.push(`partial write: a refused ${field.name} changed ${table}`)
        }
      }
    }
    console.log(
      `[security] fuzz (seed 0x${SEED.toString(16)}): ${inputs} inputs to ${rootFields(apiSchema.getMutationType()).length} mutations, ${refused} refused (${[
        ...codes,
      ]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')}), ${accepted} accepted; ${failures.filter((f) => f.startsWith('HTTP')).length} HTTP 5xx, ${
        failures.filter((f) => f.startsWith('INTERNAL')).length
      } INTERNAL_SERVER_ERROR, ${failures.filter((f) => f.startsWith('partial')).length} partial writes (${checkedForWrites} refused inputs checked table by table)`,
    )
    if (failures.length) console.log(failures.slice(0, 30).join('\n'))
    expect(inputs).toBeGreaterThanOrEqual(5000)
    expect(failures).toEqual([])
  }, 600_000)
})
