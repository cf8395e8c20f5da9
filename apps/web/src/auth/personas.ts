/**
 * Demo personas for `AUTH_MODE=dev`: each is sent to `POST /auth/dev-token` as is.
 * Agencies of the demo program SDP: DOH, DOL, DOT, DSHS, ECY, DOR.
 */
export type Role = 'PROGRAM_ADMIN' | 'PROGRAM_VIEWER' | 'AGENCY_MANAGER' | 'AGENCY_MEMBER' | 'AGENCY_VIEWER' | 'INTEGRATION'

export interface PersonaClaims {
  sub: string
  name: string
  /** People have an example.gov address (the dev token's `email` claim); integrations have none. */
  email?: string
  roles: Role[]
  agency?: string
  scopes?: string[]
}

export interface Persona extends PersonaClaims {
  /** Short description shown in the picker. */
  description: string
  group: 'Program office' | 'Agencies' | 'Second agency managers' | 'Integrations'
}

/** The seeded demo agencies and their people (same subjects as the gateway's demo seed). */
const DEMO_AGENCIES: { code: string; name: string; manager: string; manager2: string; member: string }[] = [
  { code: 'DOH', name: 'Health', manager: 'Hana', manager2: 'Hugo', member: 'Mia' },
  { code: 'DOL', name: 'Licensing', manager: 'Lee', manager2: 'Lena', member: 'Lou' },
  { code: 'DOT', name: 'Transportation', manager: 'Tara', manager2: 'Theo', member: 'Tom' },
  { code: 'DSHS', name: 'Social and Health Services', manager: 'Sam', manager2: 'Sofia', member: 'Sid' },
  { code: 'ECY', name: 'Ecology', manager: 'Eli', manager2: 'Emma', member: 'Ezra' },
  { code: 'DOR', name: 'Revenue', manager: 'Rita', manager2: 'Raj', member: 'Rosa' },
]

/** `hana@doh.example.gov` */
function personEmail(first: string, agencyCode: string): string {
  return `${first.toLowerCase()}@${agencyCode.toLowerCase()}.example.gov`
}

export const PERSONAS: Persona[] = [
  {
    sub: 'pat.admin',
    name: 'Pat Program-Admin',
    email: 'pat@program.example.gov',
    roles: ['PROGRAM_ADMIN'],
    group: 'Program office',
    description: 'Edits the program framework and decides program approval steps.',
  },
  {
    sub: 'quinn.admin',
    name: 'Quinn Program-Admin',
    email: 'quinn@program.example.gov',
    roles: ['PROGRAM_ADMIN'],
    group: 'Program office',
    description: 'A second program administrator (for N-of-M approvals).',
  },
  {
    sub: 'vera.viewer',
    name: 'Vera Program-Viewer',
    email: 'vera@program.example.gov',
    roles: ['PROGRAM_VIEWER'],
    group: 'Program office',
    description: 'Reads everything, changes nothing.',
  },
  ...DEMO_AGENCIES.flatMap((a): Persona[] => [
    {
      sub: `${a.manager.toLowerCase()}.${a.code.toLowerCase()}`,
      name: `${a.manager} (${a.code} manager)`,
      email: personEmail(a.manager, a.code),
      roles: ['AGENCY_MANAGER'],
      agency: a.code,
      group: 'Agencies',
      description: `Manages ${a.name} (${a.code}) plans, environments and approvals.`,
    },
    {
      sub: `${a.member.toLowerCase()}.${a.code.toLowerCase()}`,
      name: `${a.member} (${a.code} member)`,
      email: personEmail(a.member, a.code),
      roles: ['AGENCY_MEMBER'],
      agency: a.code,
      group: 'Agencies',
      description: `Edits ${a.name} (${a.code}) draft plans.`,
    },
  ]),
  ...DEMO_AGENCIES.map((a): Persona => ({
    sub: `${a.manager2.toLowerCase()}.${a.code.toLowerCase()}`,
    name: `${a.manager2} (${a.code} manager)`,
    email: personEmail(a.manager2, a.code),
    roles: ['AGENCY_MANAGER'],
    agency: a.code,
    group: 'Second agency managers',
    description: `A second ${a.code} manager (for steps needing two approvers, or separation of duties).`,
  })),
  {
    sub: 'val.doh',
    name: 'Val (DOH viewer)',
    email: 'val@doh.example.gov',
    roles: ['AGENCY_VIEWER'],
    agency: 'DOH',
    group: 'Agencies',
    description: 'Reads Health (DOH) plans, changes nothing.',
  },
  {
    sub: 'ci-bot',
    name: 'CI bot',
    roles: ['INTEGRATION'],
    scopes: ['graph:read'],
    group: 'Integrations',
    description: 'A machine client with scope graph:read.',
  },
  {
    sub: 'doh-cmdb',
    name: 'DOH CMDB',
    roles: ['INTEGRATION'],
    agency: 'DOH',
    scopes: ['graph:read', 'inventory:report', 'deployments:write'],
    group: 'Integrations',
    description: "DOH's configuration database: reads as DOH, reports environment state, records deployments.",
  },
]

/** The claims sent to /auth/dev-token (no UI-only fields). */
export function claimsOf(p: PersonaClaims): PersonaClaims {
  return {
    sub: p.sub,
    name: p.name,
    ...(p.email ? { email: p.email } : {}),
    roles: [...p.roles],
    ...(p.agency ? { agency: p.agency } : {}),
    ...(p.scopes ? { scopes: [...p.scopes] } : {}),
  }
}
