/**
 * The role names of the access rules (DESIGN "Access rules"). They live here because the
 * configuration validates them (AUTH_GROUP_MAP); `@railyard/auth` re-exports them as its `ROLES`.
 */
export const ROLES = ['PROGRAM_ADMIN', 'PROGRAM_VIEWER', 'AGENCY_MANAGER', 'AGENCY_MEMBER', 'AGENCY_VIEWER', 'INTEGRATION'] as const
export type Role = (typeof ROLES)[number]

/** Roles that act for one agency and need its code. */
export const AGENCY_ROLES: readonly Role[] = ['AGENCY_MANAGER', 'AGENCY_MEMBER', 'AGENCY_VIEWER']
/** Roles of the program office: program-wide, never tied to an agency. */
export const PROGRAM_ROLES: readonly Role[] = ['PROGRAM_ADMIN', 'PROGRAM_VIEWER']

export const isRole = (r: unknown): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r)

/** An agency code as used in tokens and the dev-token endpoint, e.g. DOH. */
export const AGENCY_CODE = /^[A-Z][A-Z0-9]{1,11}$/
