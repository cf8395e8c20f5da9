import { GraphQLError } from 'graphql'
import { describe, expect, it } from 'vitest'
import { DateScalar, DateTimeScalar, FieldErrors, byKey, groupByKey, isIsoDate, isIsoInstant, mergeResolvers } from '../src/index.ts'

describe('scalars', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2027-02-28')).toBe(true)
    expect(isIsoDate('2027-02-29')).toBe(false)
    expect(isIsoDate('2027-2-28')).toBe(false)
    expect(DateScalar.parseValue('2028-02-29')).toBe('2028-02-29')
    expect(() => DateScalar.parseValue('tomorrow')).toThrow(GraphQLError)
  })

  it('normalises instants with offsets to UTC ISO strings', () => {
    expect(isIsoInstant('2027-03-09T10:00:00-08:00')).toBe(true)
    expect(isIsoInstant('2027-03-09T10:00:00')).toBe(false)
    expect(DateTimeScalar.parseValue('2027-03-09T10:00:00-08:00')).toBe('2027-03-09T18:00:00.000Z')
    expect(() => DateTimeScalar.parseValue('2027-13-09T10:00:00Z')).toThrow(GraphQLError)
  })
})

describe('FieldErrors', () => {
  it('collects every problem and raises one BAD_USER_INPUT with paths', () => {
    const e = new FieldErrors()
    e.required(' ', ['input', 'name'], 'name')
    e.check(false, ['input', 'schedule', 1, 'end'], 'end must be after start')
    e.check(true, ['input', 'x'], 'fine')
    let thrown: GraphQLError | undefined
    try {
      e.throwIfAny()
    } catch (err) {
      thrown = err as GraphQLError
    }
    expect(thrown?.extensions.code).toBe('BAD_USER_INPUT')
    expect(thrown?.extensions.fieldErrors).toEqual([
      { path: ['input', 'name'], message: 'name must not be empty' },
      { path: ['input', 'schedule', '1', 'end'], message: 'end must be after start' },
    ])
  })

  it('does nothing when there is no problem', () => {
    expect(() => new FieldErrors().throwIfAny()).not.toThrow()
  })
})

describe('loader helpers', () => {
  it('orders and groups batch results by key', () => {
    expect(byKey(['b', 'a', 'z'], [{ id: 'a' }, { id: 'b' }], (r) => r.id)).toEqual([{ id: 'b' }, { id: 'a' }, null])
    expect(
      groupByKey(
        ['p', 'q'],
        [
          { p: 'p', n: 1 },
          { p: 'p', n: 2 },
        ],
        (r) => r.p,
      ),
    ).toEqual([
      [
        { p: 'p', n: 1 },
        { p: 'p', n: 2 },
      ],
      [],
    ])
  })

  it('merges resolver maps type by type', () => {
    const m = mergeResolvers<any>({ Query: { a: 1 }, Date: DateScalar }, { Query: { b: 2 }, Program: { c: 3 } })
    expect(Object.keys(m.Query)).toEqual(['a', 'b'])
    expect(m.Date).toBe(DateScalar)
    expect(m.Program.c).toBe(3)
  })
})
