import { type GraphQLField, type GraphQLObjectType, type GraphQLSchema, getNamedType, isLeafType, isNonNullType, isObjectType } from 'graphql'
import { type ValueContext, argsLiteral, rootFields, selection, withinLimits } from './schema-ops.ts'

/**
 * The documents of the access matrix, generated from a schema: every root query field (one
 * document per group of its fields that fits the limits), every mutation, and `_entities` of
 * every entity type of a subgraph.
 */

export type Skip = (type: string, field: string) => boolean

/** A document generator: the same operation for any targets (`ctx` picks the ids). */
export interface DocTemplate {
  /** Stable name: root field, argument variant and group. */
  key: string
  operation: 'query' | 'mutation'
  /** The root field this exercises (for the report). */
  field: string
  build(ctx: ValueContext): { query: string; variables?: Record<string, unknown> }
}

const NEUTRAL: ValueContext = { ref: () => undefined, revision: () => 1 }

/** Child selections of `type`, packed into groups that each fit the limits under `wrap`. */
function packChildren(schema: GraphQLSchema, type: GraphQLObjectType, wrap: (inner: string) => string, skip?: Skip, maxDepth = 3): string[] {
  const head = type.getFields().id ? '__typename id' : '__typename'
  const groups: string[] = []
  let current: string[] = []
  const fits = (parts: string[]) => withinLimits(schema, wrap(`{ ${head} ${parts.join(' ')} }`))
  for (const f of Object.values(type.getFields())) {
    if (f.name.startsWith('__') || skip?.(type.name, f.name)) continue
    const named = getNamedType(f.type)
    const variants = isLeafType(named)
      ? [`${f.name}${argsLiteral(schema, f, NEUTRAL)}`]
      : Array.from({ length: maxDepth }, (_, i) => `${f.name}${argsLiteral(schema, f, NEUTRAL)} ${selection(schema, named, maxDepth - i, NEUTRAL, skip)}`)
    const withCurrent = variants.find((v) => fits([...current, v]))
    if (withCurrent) {
      current.push(withCurrent)
      continue
    }
    if (current.length) groups.push(`{ ${head} ${current.join(' ')} }`)
    const alone = variants.find((v) => fits([v]))
    current = alone ? [alone] : []
  }
  if (current.length) groups.push(`{ ${head} ${current.join(' ')} }`)
  return groups
}

/** Argument variants of a root field: required ones, or one per optional argument when all are optional. */
function argVariants(field: GraphQLField<unknown, unknown>): { name: string; optional: string[] }[] {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined)
  const idish = field.args.filter((a) => !required.includes(a) && (getNamedType(a.type).name === 'ID' || a.name === 'key' || a.name === 'code'))
  if (required.length === 0 && idish.length > 0) return idish.map((a) => ({ name: a.name, optional: [a.name] }))
  return [{ name: required.map((a) => a.name).join(',') || '-', optional: idish.map((a) => a.name) }]
}

/** Root-field documents of a schema (queries: packed groups; mutations: one each, shallow). */
export function rootTemplates(schema: GraphQLSchema, operation: 'query' | 'mutation', skip?: Skip): DocTemplate[] {
  const root = operation === 'query' ? schema.getQueryType() : schema.getMutationType()
  const out: DocTemplate[] = []
  for (const field of rootFields(root)) {
    const named = getNamedType(field.type)
    for (const v of argVariants(field)) {
      const args = (ctx: ValueContext) => argsLiteral(schema, field, ctx, { withOptionalIds: v.optional })
      if (!isObjectType(named)) {
        out.push({ key: `${field.name}(${v.name})`, operation, field: field.name, build: (ctx) => ({ query: `${operation} { ${field.name}${args(ctx)} }` }) })
        continue
      }
      const wrap = (inner: string) => `${operation} { ${field.name}${args(NEUTRAL)} ${inner} }`
      const groups = operation === 'query' ? packChildren(schema, named, wrap, skip) : [selection(schema, named, 1, NEUTRAL, skip)]
      groups.forEach((g, i) =>
        out.push({
          key: `${field.name}(${v.name})#${i}`,
          operation,
          field: field.name,
          build: (ctx) => ({ query: `${operation} { ${field.name}${args(ctx)} ${g} }` }),
        }),
      )
    }
  }
  return out
}

/** `_entities` documents for each entity type of a subgraph (a representation `{ __typename, id }`). */
export function entityTemplates(schema: GraphQLSchema, entities: string[], skip: Skip): DocTemplate[] {
  const out: DocTemplate[] = []
  for (const name of entities) {
    const type = schema.getType(name)
    if (!isObjectType(type)) continue
    const wrap = (inner: string) => `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on ${name} ${inner} } }`
    packChildren(schema, type, wrap, skip, 3).forEach((g, i) =>
      out.push({
        key: `_entities(${name})#${i}`,
        operation: 'query',
        field: `_entities(${name})`,
        build: (ctx) => ({ query: wrap(g), variables: { r: [{ __typename: name, id: ctx.ref(name, 'id') ?? '00000000-0000-4000-8000-00000000beef' }] } }),
      }),
    )
  }
  return out
}
