import { type Role, type TokenClaims, type TokenSigner, type TokenVerifier, createTokenSigner, createTokenVerifier, generateDevKeys } from '@railyard/auth'

export const TEST_ISSUER = 'railyard-test'
export const TEST_AUDIENCE = 'railyard'

/** Named people used across tests. Agency codes: DOH (health), DOL (licensing), DOT (transport). */
export const personas = {
  admin: { sub: 'ada.admin', name: 'Ada Admin', roles: ['PROGRAM_ADMIN'] as Role[] },
  admin2: { sub: 'alan.admin', name: 'Alan Admin', roles: ['PROGRAM_ADMIN'] as Role[] },
  viewer: { sub: 'vic.viewer', name: 'Vic Viewer', roles: ['PROGRAM_VIEWER'] as Role[] },
  dohManager: { sub: 'hana.doh', name: 'Hana (DOH manager)', roles: ['AGENCY_MANAGER'] as Role[], agency: 'DOH' },
  dohManager2: { sub: 'hugo.doh', name: 'Hugo (DOH manager)', roles: ['AGENCY_MANAGER'] as Role[], agency: 'DOH' },
  dohMember: { sub: 'mia.doh', name: 'Mia (DOH member)', roles: ['AGENCY_MEMBER'] as Role[], agency: 'DOH' },
  dohViewer: { sub: 'val.doh', name: 'Val (DOH viewer)', roles: ['AGENCY_VIEWER'] as Role[], agency: 'DOH' },
  dolManager: { sub: 'lee.dol', name: 'Lee (DOL manager)', roles: ['AGENCY_MANAGER'] as Role[], agency: 'DOL' },
  dolMember: { sub: 'lou.dol', name: 'Lou (DOL member)', roles: ['AGENCY_MEMBER'] as Role[], agency: 'DOL' },
  integration: { sub: 'ci-bot', name: 'CI bot', roles: ['INTEGRATION'] as Role[], scopes: ['graph:read'] },
  dohIntegration: {
    sub: 'doh-cmdb',
    name: 'DOH CMDB',
    roles: ['INTEGRATION'] as Role[],
    agency: 'DOH',
    scopes: ['graph:read', 'inventory:report', 'deployments:write'],
  },
} satisfies Record<string, TokenClaims>

export type PersonaName = keyof typeof personas

export interface TestAuth {
  verifier: TokenVerifier
  signer: TokenSigner
  issuer: string
  audience: string
  token(who: PersonaName | TokenClaims): Promise<string>
  /** Tokens for every persona, signed once. */
  tokens(): Promise<Record<PersonaName, string>>
}

/** A real ES256 key pair made for the test run; tokens are verified exactly as in production. */
export async function createTestAuth(): Promise<TestAuth> {
  const keys = await generateDevKeys()
  const signer = await createTokenSigner(keys, TEST_ISSUER, TEST_AUDIENCE)
  const verifier = createTokenVerifier({ kind: 'local', publicJwk: keys.publicJwk }, TEST_ISSUER, TEST_AUDIENCE)
  const token = (who: PersonaName | TokenClaims) => signer.sign(typeof who === 'string' ? personas[who] : who)
  return {
    verifier,
    signer,
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
    token,
    async tokens() {
      const out = {} as Record<PersonaName, string>
      for (const name of Object.keys(personas) as PersonaName[]) out[name] = await token(name)
      return out
    },
  }
}
