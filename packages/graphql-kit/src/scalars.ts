import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql'

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i

export function isIsoDate(v: string): boolean {
  const m = DATE_RE.exec(v)
  if (!m) return false
  const d = new Date(`${v}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v
}

export function isIsoInstant(v: string): boolean {
  return INSTANT_RE.test(v) && !Number.isNaN(new Date(v).getTime())
}

function parseDate(v: unknown): string {
  if (typeof v !== 'string' || !isIsoDate(v)) {
    throw new GraphQLError(`Date must be an ISO-8601 calendar date (YYYY-MM-DD), got ${JSON.stringify(v)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    })
  }
  return v
}

function parseInstant(v: unknown): string {
  if (typeof v !== 'string' || !isIsoInstant(v)) {
    throw new GraphQLError(`DateTime must be an ISO-8601 instant with offset, got ${JSON.stringify(v)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    })
  }
  return new Date(v).toISOString()
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'ISO-8601 calendar date, e.g. 2027-03-09.',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : parseDate(v)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
})

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO-8601 instant with offset, e.g. 2027-03-09T18:00:00Z.',
  serialize: (v) => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? new Date(v).toISOString() : parseInstant(v)),
  parseValue: parseInstant,
  parseLiteral: (ast) => parseInstant(ast.kind === Kind.STRING ? ast.value : undefined),
})

/** Any JSON value (audit before/after states); passed through as it is. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
})

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar, JSON: JSONScalar }
