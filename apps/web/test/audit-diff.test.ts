import { describe, expect, it } from 'vitest'
import { auditDiff, shortJson } from '../src/lib/audit-diff.ts'

describe('audit before → after as readable lines', () => {
  it('lists the fields that changed, leaving bookkeeping out', () => {
    const before = { id: 'r1', title: 'DOH 2027', status: 'APPROVED', revision: 3, updatedAt: '2026-12-01T10:00:00Z', tiers: ['DEV'] }
    const after = { id: 'r1', title: 'DOH 2027 H1', status: 'DRAFT', revision: 4, updatedAt: '2026-12-02T10:00:00Z', tiers: ['DEV', 'TEST'] }
    expect(auditDiff(before, after)).toEqual([
      { field: 'status', before: '"APPROVED"', after: '"DRAFT"' },
      { field: 'tiers', before: '["DEV"]', after: '["DEV","TEST"]' },
      { field: 'title', before: '"DOH 2027"', after: '"DOH 2027 H1"' },
    ])
  })

  it('shows added and removed fields, and bookkeeping when it is all that changed', () => {
    expect(auditDiff({ a: 1 }, { a: 1, b: null })).toEqual([{ field: 'b', before: null, after: 'null' }])
    expect(auditDiff({ a: 1, gone: 'x' }, { a: 1 })).toEqual([{ field: 'gone', before: '"x"', after: null }])
    expect(auditDiff({ revision: 1 }, { revision: 2 })).toEqual([{ field: 'revision', before: '1', after: '2' }])
    expect(auditDiff(null, null)).toEqual([])
    expect(auditDiff(null, { id: 'x' })).toEqual([{ field: 'id', before: null, after: '"x"' }])
  })

  it('cuts long values', () => {
    const long = shortJson('x'.repeat(500))
    expect(long.length).toBe(120)
    expect(long.endsWith('…')).toBe(true)
  })
})
