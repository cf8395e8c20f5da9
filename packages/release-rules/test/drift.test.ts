import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeDrift, findDuplicateKeys } from '../src/index.ts'
import type { ConfigItem } from '../src/index.ts'

const items = (o: Record<string, string>): ConfigItem[] => Object.entries(o).map(([key, value]) => ({ key, value }))

describe('computeDrift', () => {
  it('classifies MISSING, UNEXPECTED and CHANGED, sorted by key', () => {
    const baseline = items({ 'postgres.version': '17.2', 'tls.min': '1.2', 'feature.x': 'on' })
    const report = items({ 'tls.min': '1.3', 'feature.x': 'on', debug: 'true' })
    expect(computeDrift(baseline, report)).toEqual({
      inSync: false,
      items: [
        { key: 'debug', expected: null, actual: 'true', kind: 'UNEXPECTED' },
        { key: 'postgres.version', expected: '17.2', actual: null, kind: 'MISSING' },
        { key: 'tls.min', expected: '1.2', actual: '1.3', kind: 'CHANGED' },
      ],
    })
  })

  it('identical items (in any order) are in sync', () => {
    expect(computeDrift(items({ a: '1', b: '2' }), items({ b: '2', a: '1' }))).toEqual({ inSync: true, items: [] })
  })

  it('no baseline and no report → in sync; one side null counts as no items', () => {
    expect(computeDrift(null, null)).toEqual({ inSync: true, items: [] })
    expect(computeDrift(items({ a: '1' }), null)).toEqual({ inSync: false, items: [{ key: 'a', expected: '1', actual: null, kind: 'MISSING' }] })
    expect(computeDrift(null, items({ a: '1' }))).toEqual({ inSync: false, items: [{ key: 'a', expected: null, actual: '1', kind: 'UNEXPECTED' }] })
    expect(computeDrift([], [])).toEqual({ inSync: true, items: [] })
  })

  it('compares values exactly (empty string is a value)', () => {
    expect(computeDrift(items({ a: '' }), items({ a: ' ' })).items).toEqual([{ key: 'a', expected: '', actual: ' ', kind: 'CHANGED' }])
    expect(computeDrift(items({ a: '' }), items({})).items[0]?.kind).toBe('MISSING')
  })

  it('items partition the keys correctly (property)', () => {
    const arbMap = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'B', 'a.b'), fc.constantFrom('1', '2', '', 'x'))
    fc.assert(
      fc.property(fc.option(arbMap, { nil: null }), fc.option(arbMap, { nil: null }), (base, rep) => {
        const r = computeDrift(base && items(base), rep && items(rep))
        const b = base ?? {}
        const a = rep ?? {}
        const keys = new Set([...Object.keys(b), ...Object.keys(a)])
        const expected = [...keys]
          .filter((k) => b[k] !== a[k])
          .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
          .map((k) => ({
            key: k,
            expected: k in b ? b[k] : null,
            actual: k in a ? a[k] : null,
            kind: !(k in a) ? 'MISSING' : !(k in b) ? 'UNEXPECTED' : 'CHANGED',
          }))
        expect(r.items).toEqual(expected)
        expect(r.inSync).toBe(expected.length === 0)
        // keys equal in both never appear; every key appears at most once
        expect(new Set(r.items.map((i) => i.key)).size).toBe(r.items.length)
      }),
      { numRuns: 200 },
    )
  })
})

describe('findDuplicateKeys', () => {
  it('lists repeated keys once, sorted', () => {
    expect(
      findDuplicateKeys([
        { key: 'b', value: '1' },
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
        { key: 'a', value: '3' },
        { key: 'b', value: '4' },
        { key: 'c', value: '' },
      ]),
    ).toEqual(['a', 'b'])
    expect(
      findDuplicateKeys([
        { key: 'a', value: '1' },
        { key: 'A', value: '1' },
      ]),
    ).toEqual([])
    expect(findDuplicateKeys([])).toEqual([])
  })
})
