import type { Role } from '@railyard/config'

export { ROLES, isRole, type Role } from '@railyard/config'

/** Who is making a request, as verified from the bearer token. */
export interface Actor {
  subject: string
  displayName: string | null
  /** The person's e-mail address from the token's `email` claim (null when absent or marked unverified). */
  email: string | null
  roles: Role[]
  /** Agency code the actor acts for (e.g. DOH); null for program office users. */
  agency: string | null
  scopes: string[]
  /** The raw bearer token, forwarded on service-to-service calls. */
  token: string
}
