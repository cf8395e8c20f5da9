import type { TokenClaims } from '@railyard/auth'

/** The demo agencies of the seeded program. */
export const DEMO_AGENCIES = [
  { code: 'DOH', name: 'Department of Health', manager: 'hana', manager2: 'hugo', member: 'mia' },
  { code: 'DOL', name: 'Department of Licensing', manager: 'lee', manager2: 'lena', member: 'lou' },
  { code: 'DOT', name: 'Department of Transportation', manager: 'tara', manager2: 'theo', member: 'tom' },
  { code: 'DSHS', name: 'Department of Social and Health Services', manager: 'sam', manager2: 'sofia', member: 'sid' },
  { code: 'ECY', name: 'Department of Ecology', manager: 'eli', manager2: 'emma', member: 'ezra' },
  { code: 'DOR', name: 'Department of Revenue', manager: 'rita', manager2: 'raj', member: 'rosa' },
] as const

export type DemoAgencyCode = (typeof DEMO_AGENCIES)[number]['code']

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

const agencyOf = (code: DemoAgencyCode) => {
  const a = DEMO_AGENCIES.find((x) => x.code === code)
  if (!a) throw new Error(`no demo agency ${code}`)
  return a
}

/** Everyone the demo data acts as (and the web client's persona picker offers). */
export const demoPersonas = {
  admin: { sub: 'pat.admin', name: 'Pat (program admin)', roles: ['PROGRAM_ADMIN'] },
  admin2: { sub: 'quinn.admin', name: 'Quinn (program admin)', roles: ['PROGRAM_ADMIN'] },
  viewer: { sub: 'vera.viewer', name: 'Vera (program viewer)', roles: ['PROGRAM_VIEWER'] },
  manager: (code: DemoAgencyCode): TokenClaims => {
    const a = agencyOf(code)
    return { sub: `${a.manager}.${code.toLowerCase()}`, name: `${cap(a.manager)} (${code} manager)`, roles: ['AGENCY_MANAGER'], agency: code }
  },
  manager2: (code: DemoAgencyCode): TokenClaims => {
    const a = agencyOf(code)
    return { sub: `${a.manager2}.${code.toLowerCase()}`, name: `${cap(a.manager2)} (${code} manager)`, roles: ['AGENCY_MANAGER'], agency: code }
  },
  member: (code: DemoAgencyCode): TokenClaims => {
    const a = agencyOf(code)
    return { sub: `${a.member}.${code.toLowerCase()}`, name: `${cap(a.member)} (${code} member)`, roles: ['AGENCY_MEMBER'], agency: code }
  },
  integration: (code: DemoAgencyCode): TokenClaims => ({
    sub: `${code.toLowerCase()}-cmdb`,
    name: `${code} CMDB`,
    roles: ['INTEGRATION'],
    agency: code,
    scopes: ['graph:read', 'inventory:report', 'deployments:write'],
  }),
} satisfies Record<string, TokenClaims | ((code: DemoAgencyCode) => TokenClaims)>
