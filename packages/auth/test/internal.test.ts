import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  INTERNAL_ISSUER,
  createInternalAuth,
  createTokenSigner,
  createTokenVerifier,
  generateDevKeys,
  loadOrCreateInternalKeys,
  withInternalTokens,
} from '../src/index.ts'

describe('internal tokens (the gateway acting for a calendar feed)', () => {
  it('are accepted next to sign-in tokens, each checked by its own key, issuer and audience', async () => {
    const signIn = await generateDevKeys()
    const primary = createTokenVerifier({ kind: 'local', publicJwk: signIn.publicJwk }, 'https://idp.example.gov', 'railyard')
    const internal = await createInternalAuth(await generateDevKeys())
    const verifier = withInternalTokens(primary, internal.verifier)

    const fromIdp = await (
      await createTokenSigner(signIn, 'https://idp.example.gov', 'railyard')
    ).sign({ sub: 'hana', roles: ['AGENCY_MANAGER'], agency: 'DOH' })
    expect((await verifier.verify(fromIdp)).subject).toBe('hana')
    const fromGateway = await internal.signer.sign({ sub: 'hana', roles: ['AGENCY_VIEWER'], agency: 'DOH' }, { expiresIn: '60s' })
    expect(await verifier.verify(fromGateway)).toMatchObject({ subject: 'hana', roles: ['AGENCY_VIEWER'], agency: 'DOH' })

    // the internal key cannot pass for the identity provider, nor the provider's key for the internal issuer
    const forgedIdp = await (
      await createTokenSigner(await generateDevKeys(), 'https://idp.example.gov', 'railyard')
    ).sign({ sub: 'x', roles: ['PROGRAM_ADMIN'] })
    await expect(verifier.verify(forgedIdp)).rejects.toThrow()
    const idpAsInternal = await (await createTokenSigner(signIn, INTERNAL_ISSUER, INTERNAL_ISSUER)).sign({ sub: 'x', roles: ['PROGRAM_ADMIN'] })
    await expect(verifier.verify(idpAsInternal)).rejects.toThrow()
    await expect(verifier.verify('not-a-jwt')).rejects.toThrow()
  })

  it('keep their key in the data directory, created once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ry-internal-'))
    const a = await loadOrCreateInternalKeys(dir)
    const b = await loadOrCreateInternalKeys(dir)
    expect(b).toEqual(a)
    expect(JSON.parse(readFileSync(join(dir, 'internal-signing-key.json'), 'utf8'))).toEqual(a)
  })
})
