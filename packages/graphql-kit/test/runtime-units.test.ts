import { describe, expect, it } from 'vitest'
import { badCharacter, classifyDatabaseError, createRateLimiter, isLoopbackAddress, maskFormattedError, requestIdFrom } from '../src/index.ts'

describe('rate limiter (token bucket per key)', () => {
  it('allows the limit in a burst, refuses the next with the seconds to wait, and refills at the limit’s rate', () => {
    const l = createRateLimiter(600)
    expect(l).not.toBeNull()
    if (!l) return
    const t0 = 1_000_000
    for (let i = 0; i < 600; i++) expect(l.take('a', t0).ok).toBe(true)
    const refused = l.take('a', t0)
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 1 })
    expect(l.take('b', t0).ok).toBe(true) // per key
    expect(l.take('a', t0 + 100).ok).toBe(true) // 600/min = one per 100 ms
    expect(l.take('a', t0 + 100).ok).toBe(false)
  })

  it('is off at 0', () => {
    expect(createRateLimiter(0)).toBeNull()
  })

  it('says how long to wait at a low limit', () => {
    const l = createRateLimiter(2)
    if (!l) throw new Error('limiter expected')
    expect(l.take('k', 0).ok).toBe(true)
    expect(l.take('k', 0).ok).toBe(true)
    expect(l.take('k', 0)).toEqual({ ok: false, retryAfterSeconds: 30 })
  })
})

describe('request ids', () => {
  it('keeps plausible ids and replaces anything else with a UUID', () => {
    expect(requestIdFrom('trace-42.a:b')).toBe('trace-42.a:b')
    expect(requestIdFrom(['first', 'second'])).toBe('first')
    for (const bad of ['', ' x', 'a\r\nSet-Cookie: x', 'x'.repeat(129), '<script>', undefined, null]) expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('loopback peers (who may have a dev token)', () => {
  it('knows loopback addresses in every form, and nothing else', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a), a).toBe(true)
    for (const a of ['10.0.0.1', '192.168.1.10', '::ffff:10.0.0.1', 'fe80::1', '0.0.0.0', '', undefined, '128.0.0.1', '127.0.0.1.evil'])
      expect(isLoopbackAddress(a), String(a)).toBe(false)
  })
})

describe('input characters', () => {
  it('finds NUL bytes and lone surrogates, accepts surrogate pairs', () => {
    expect(badCharacter('plain')).toBeNull()
    expect(badCharacter('rocket \ud83d\ude80')).toBeNull()
    expect(badCharacter('a\u0000')).toMatch(/NUL/)
    expect(badCharacter('\ud800x')).toMatch(/surrogate/)
    expect(badCharacter('x\udfff')).toMatch(/surrogate/)
  })
})

describe('database errors', () => {
  const pg = (code: string, message = 'boom') => Object.assign(new Error(message), { code })
  it('classifies by SQLSTATE (also when wrapped) and by connection trouble', () => {
    expect(classifyDatabaseError(pg('22P02'))?.code).toBe('BAD_USER_INPUT')
    expect(classifyDatabaseError(new Error('wrapped', { cause: pg('22021') }))?.code).toBe('BAD_USER_INPUT')
    expect(classifyDatabaseError(pg('23505'))?.code).toBe('CONFLICT')
    expect(classifyDatabaseError(pg('57014'))?.code).toBe('TIMEOUT')
    expect(classifyDatabaseError(pg('57P01'))?.code).toBe('SERVICE_UNAVAILABLE')
    expect(classifyDatabaseError(new Error('Connection terminated unexpectedly'))?.code).toBe('SERVICE_UNAVAILABLE')
    expect(classifyDatabaseError(pg('ECONNREFUSED'))?.code).toBe('SERVICE_UNAVAILABLE')
    expect(classifyDatabaseError(pg('42P01'))).toBeNull()
    expect(classifyDatabaseError(new Error('a bug'))).toBeNull()
  })

  it('masks what is not coded, keeps what is', () => {
    const logged: unknown[] = []
    const log = (e: unknown) => logged.push(e)
    const raw = maskFormattedError(
      { message: 'relation "x" at /work/src/a.ts:3', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } },
      new Error('x'),
      { requestId: 'r1', log },
    )
    expect(raw).toEqual({ message: 'Internal server error (request r1). It has been logged.', extensions: { code: 'INTERNAL_SERVER_ERROR' } })
    expect(logged).toHaveLength(1)
    const kept = maskFormattedError(
      { message: 'Plan p not found', path: ['plan'], extensions: { code: 'NOT_FOUND', exception: { stacktrace: [] } } },
      undefined,
    )
    expect(kept).toEqual({ message: 'Plan p not found', path: ['plan'], extensions: { code: 'NOT_FOUND' } })
  })
})
