import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit'
import { Supergraph } from '@apollo/federation-internals'
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  Lexer,
  Source,
  TokenKind,
  astFromValue,
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  print,
  validate,
} from 'graphql'
import { readFileSync } from 'node:fs'
import { DEFAULT_LIMITS } from '@railyard/graphql-kit'

/**
 * Operations generated from the composed schema, so fields other streams add later are covered
 * without touching the security tests: selections of every field (as deep as the limits allow),
 * and a sensible value for every argument and input field from its type and name.
 */

export const apiSchema: GraphQLSchema = buildSchema(readFileSync(new URL('../../../../api-schema.graphql', import.meta.url), 'utf8'))

export type SubgraphName = 'program-strategy' | 'agency-plans' | 'environment-inventory'

export interface SubgraphSchema {
  name: SubgraphName
  schema: GraphQLSchema
  /** Entity types (`_Entity` members) of this subgraph. */
  entities: string[]
  /** `Type.field` names that are @external or @requires here (not resolvable from a bare reference). */
  notFromReference: Set<string>
}

/** Each subgraph's own schema, extracted from the supergraph (the same SDL the subgraph serves). */
export function subgraphSchemas(): SubgraphSchema[] {
  const sg = Supergraph.build(readFileSync(new URL('../../../../supergraph.graphql', import.meta.url), 'utf8'))
  return [...sg.subgraphs().values()].map((s) => {
    const schema = s.schema.toGraphQLJSSchema()
    const entityType = schema.getType('_Entity')
    const notFromReference = new Set<string>()
    for (const t of s.schema.objectTypes()) {
      for (const f of t.fields()) {
        if (f.appliedDirectives.some((d) => /(^|__)(external|requires)$/.test(d.name))) notFromReference.add(`${t.name}.${f.name}`)
      }
    }
    return {
      name: s.name as SubgraphName,
      schema,
      entities: entityType && isUnionType(entityType) ? entityType.getTypes().map((t) => t.name) : [],
      notFromReference,
    }
  })
}

/** What an ID-like argument refers to, by the argument's name and the field it belongs to. */
export interface ValueContext {
  /** An id (or key/code) of an object of `typeName`, or undefined when the pool has none. */
  ref(typeName: string, want: 'id' | 'key' | 'code'): string | undefined
  /** The revision to send as expectedRevision (the target's current one when known). */
  revision(): number
}

const ID_ARG_TYPES: Record<string, string> = {
  planId: 'AgencyReleasePlan',
  releaseId: 'Release',
  environmentId: 'Environment',
  requestId: 'ApprovalRequest',
  programId: 'Program',
  agencyId: 'Agency',
  reportId: 'EnvironmentReport',
  bookingId: 'EnvironmentBooking',
  sharedComponentId: 'SharedComponent',
  subjectId: 'AgencyReleasePlan',
  exceptionId: 'DeploymentException',
  deploymentId: 'Deployment',
}

/** The object type an `id`/`key`/`code` argument names: by its name, else the field's return type, else the field's name. */
function idArgTarget(schema: GraphQLSchema, fieldName: string, returnType: GraphQLNamedType, argName: string): string | undefined {
  const explicit = ID_ARG_TYPES[argName]
  if (explicit) return explicit
  if (argName.endsWith('Id')) {
    const guess = argName.slice(0, -2)
    const t = Object.keys(schema.getTypeMap()).find((n) => n.toLowerCase() === guess.toLowerCase())
    if (t) return t
  }
  if (isObjectType(returnType) && returnType.getFields().id) return returnType.name
  // cancelBooking(id) → EnvironmentBooking: the longest type name the field's name mentions
  const lower = fieldName.toLowerCase()
  return Object.keys(schema.getTypeMap())
    .filter((n) => !n.startsWith('_') && isObjectType(schema.getType(n)) && lower.includes(n.toLowerCase().replace(/^environment(?=.)/, '')))
    .sort((a, b) => b.length - a.length)[0]
}

/** A plausible value by scalar and name (valid enough to reach the access checks). */
function scalarValue(type: string, name: string, field: string, schema: GraphQLSchema, returnType: GraphQLNamedType, ctx: ValueContext): unknown {
  const n = name.toLowerCase()
  switch (type) {
    case 'ID': {
      const target = idArgTarget(schema, field, returnType, name)
      return (target && ctx.ref(target, 'id')) ?? '00000000-0000-4000-8000-00000000beef'
    }
    case 'Int':
      if (n === 'expectedrevision' || n === 'expectedversion') return ctx.revision()
      if (n.includes('minutes')) return 30
      return 1
    case 'Float':
      return 1
    case 'Boolean':
      return true
    case 'Date':
      return n.includes('end') || n === 'to' ? '2027-06-30' : '2027-01-01'
    case 'DateTime':
      return n.includes('end') || n.includes('finish') || n === 'to' ? '2027-03-02T18:00:00Z' : '2027-03-02T16:00:00Z'
    default:
      break
  }
  if (n === 'key' || n === 'code') {
    const target = idArgTarget(schema, field, returnType, 'id')
    const v = target ? ctx.ref(target, n === 'key' ? 'key' : 'code') : undefined
    if (v) return v
    return n === 'code' ? 'MXA' : 'matrix-key'
  }
  if (n.includes('version') && !n.includes('range')) return '1.2.3'
  if (n.includes('range')) return '^1.0.0'
  if (n === 'url' || n === 'uri' || n.endsWith('url')) return 'https://matrix.example.gov/x'
  if (n.includes('timezone') || n === 'zone') return 'America/Los_Angeles'
  if (n === 'rule' || n.includes('rrule')) return 'FREQ=MONTHLY;BYDAY=2TU'
  if (n === 'tier' || n.endsWith('tier')) return 'DEV'
  if (n.includes('digest')) return 'sha256:' + 'a'.repeat(64)
  if (n.includes('email')) return 'matrix@example.gov'
  return 'matrix'
}

/** A value for an input type (required fields only, plus optional ids). */
export function sampleValue(
  type: GraphQLInputType,
  name: string,
  field: string,
  schema: GraphQLSchema,
  returnType: GraphQLNamedType,
  ctx: ValueContext,
  depth = 0,
): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, name, field, schema, returnType, ctx, depth)
  if (isListType(type)) return [sampleValue(type.ofType, name, field, schema, returnType, ctx, depth)]
  if (isEnumType(type)) return type.getValues()[0]?.value
  if (isScalarType(type)) return scalarValue(type.name, name, field, schema, returnType, ctx)
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {}
    for (const f of Object.values(type.getFields())) {
      const required = isNonNullType(f.type) && f.defaultValue === undefined
      if (required || (depth === 0 && getNamedType(f.type).name === 'ID')) out[f.name] = sampleValue(f.type, f.name, field, schema, returnType, ctx, depth + 1)
    }
    return out
  }
  return null
}

/** `(a: 1, b: "x")` for the arguments a field needs (required ones; optional ID/key/code ones when `withOptionalIds`). */
export function argsLiteral(
  schema: GraphQLSchema,
  field: GraphQLField<unknown, unknown>,
  ctx: ValueContext,
  opts: { withOptionalIds?: string[] } = {},
): string {
  const parts: string[] = []
  for (const a of field.args) {
    const required = isNonNullType(a.type) && a.defaultValue === undefined
    if (!required && !opts.withOptionalIds?.includes(a.name)) continue
    const value = sampleValue(a.type, a.name, field.name, schema, getNamedType(field.type), ctx)
    const ast = astFromValue(value, a.type)
    if (ast) parts.push(`${a.name}: ${print(ast)}`)
  }
  return parts.length ? `(${parts.join(', ')})` : ''
}

/** Is every required argument of this field one we can generate? (always, with the defaults above) */
const selectable = (f: GraphQLField<unknown, unknown>) => !f.name.startsWith('__')

/**
 * A selection set for `type`, `depth` levels deep: every leaf field, every object field below,
 * `__typename` and `id` everywhere (the leak check identifies objects by them).
 */
export function selection(
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  depth: number,
  ctx: ValueContext,
  skip?: (type: string, field: string) => boolean,
): string {
  if (isLeafType(type)) return ''
  if (isUnionType(type) || isInterfaceType(type)) {
    const members = isUnionType(type) ? type.getTypes() : schema.getPossibleTypes(type)
    return `{ __typename ${members.map((m) => `... on ${m.name} ${selection(schema, m, depth, ctx, skip)}`).join(' ')} }`
  }
  if (!isObjectType(type)) return ''
  const parts: string[] = ['__typename']
  for (const f of Object.values(type.getFields())) {
    if (!selectable(f) || skip?.(type.name, f.name)) continue
    const named = getNamedType(f.type)
    if (isLeafType(named)) parts.push(`${f.name}${argsLiteral(schema, f, ctx)}`)
    else if (depth > 1) parts.push(`${f.name}${argsLiteral(schema, f, ctx)} ${selection(schema, named, depth - 1, ctx, skip)}`)
    else if (isObjectType(named) && named.getFields().id) parts.push(`${f.name}${argsLiteral(schema, f, ctx)} { __typename id }`)
  }
  return `{ ${parts.join(' ')} }`
}

/** Armor's static cost and the depth of a document (as the servers measure them). */
export function withinLimits(schema: GraphQLSchema, doc: string): boolean {
  let cost = 0
  const errors = validate(schema, parse(doc), [
    costLimitRule({ maxCost: Number.MAX_SAFE_INTEGER, onAccept: [(_c: unknown, d: { n: number }) => (cost = d.n)] }),
  ])
  return errors.length === 0 && cost <= DEFAULT_LIMITS.cost && depthOf(doc) <= DEFAULT_LIMITS.depth && tokensOf(doc) <= DEFAULT_LIMITS.tokens
}

function tokensOf(doc: string): number {
  const lexer = new Lexer(new Source(doc))
  let n = 0
  while (lexer.advance().kind !== TokenKind.EOF) n++
  return n
}

function depthOf(doc: string): number {
  let d = 0
  let max = 0
  for (const ch of doc) {
    if (ch === '{') max = Math.max(max, ++d)
    else if (ch === '}') d--
  }
  return max - 1
}

/** The deepest `make(depth)` (from `from` down to 1) that passes the limits; null when none does. */
export function deepestWithinLimits(schema: GraphQLSchema, make: (depth: number) => string, from = 5): string | null {
  for (let depth = from; depth >= 1; depth--) {
    const doc = make(depth)
    if (withinLimits(schema, doc)) return doc
  }
  return null
}

export const rootFields = (t: GraphQLObjectType | null | undefined): GraphQLField<unknown, unknown>[] =>
  t ? Object.values(t.getFields()).filter((f) => !f.name.startsWith('_')) : []
