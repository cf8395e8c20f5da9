export const ROLES = ['PROGRAM_ADMIN', 'PROGRAM_VIEWER', 'AGENCY_MANAGER', 'AGENCY_MEMBER', 'AGENCY_VIEWER', 'INTEGRATION'] as const
export type Role = (typeof ROLES)[number]

/** Who is making a request, as verified from the bearer token. */
export interface Actor {
  subject: string
  displayName: string | null
  roles: Role[]
  /** Agency code the actor acts for (e.g. DOH); null for program office users. */
  agency: string | null
  scopes: string[]
  /** The raw bearer token, forwarded on service-to-service calls. */
  token: string
}

export const isRole = (r: unknown): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r)
