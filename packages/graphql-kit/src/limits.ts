import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit'
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases'
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth'
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives'
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens'
import {
  type ASTVisitor,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  getNamedType,
  isIntrospectionType,
  type ValidationContext,
  type ValidationRule,
  specifiedRules,
  validate,
} from 'graphql'

/**
 * The query limits of DESIGN "v2 behaviour: Limits", the same on the gateway and on every
 * subgraph. Depth, aliases, tokens, directives and cost are measured by GraphQL Armor
 * (@escape.tech/graphql-armor-*, its static cost measure: objects 2, scalars 1, ×1.5 per level).
 */
export interface Limits {
  /** Request body in bytes, checked before anything is parsed or authenticated (after inflating gzip/deflate). */
  bodyBytes: number
  depth: number
  aliases: number
  tokens: number
  directives: number
  cost: number
  /** Characters of any string in the inputs (variables and literals), unless a field says otherwise. */
  stringLength: number
  /** Items of any list in the inputs, unless a field says otherwise. */
  listItems: number
  /** Execution time in milliseconds; then the work is cancelled. */
  executionMs: number
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  bodyBytes: 2 * 1024 * 1024,
  depth: 10,
  aliases: 15,
  tokens: 2000,
  directives: 20,
  cost: 5000,
  stringLength: 10_000,
  listItems: 1000,
  executionMs: 10_000,
})

export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  return { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) }
}

/** Which limit an error is about (in `extensions.limit`), so clients and tests can tell them apart. */
export type LimitName = 'depth' | 'aliases' | 'tokens' | 'directives' | 'cost' | 'operations' | 'introspection'

function limitError(message: string, limit: LimitName, code: 'GRAPHQL_VALIDATION_FAILED' | 'GRAPHQL_PARSE_FAILED' = 'GRAPHQL_VALIDATION_FAILED') {
  return new GraphQLError(message.replace(/^Syntax Error: /, ''), { extensions: { code, limit } })
}

/**
 * Parses a document, refusing more than `limits.tokens` tokens while lexing (Armor's
 * max-tokens parser): a huge document is refused before it is built.
 */
export function parseDocument(source: string, limits: Pick<Limits, 'tokens'>): { document: DocumentNode } | { error: GraphQLError } {
  try {
    const parser = new MaxTokensParserWLexer(source, { n: limits.tokens, noLocation: false })
    return { document: parser.parseDocument() }
  } catch (err) {
    if (err instanceof GraphQLError) {
      if (/Token limit of \d+ exceeded/.test(err.message)) return { error: limitError(err.message, 'tokens', 'GRAPHQL_PARSE_FAILED') }
      // A lone surrogate or a control character in the document is bad input, like one in a variable.
      if (/Invalid (Unicode escape sequence|character)/.test(err.message)) {
        return {
          error: new GraphQLError(err.message, {
            extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ path: ['query'], message: 'contains a NUL byte, a control character or a lone surrogate' }] },
          }),
        }
      }
      return { error: new GraphQLError(err.message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }) }
    }
    return { error: new GraphQLError('Syntax Error: the document could not be parsed', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }) }
  }
}

/** Armor rules report through the validation context instead of throwing (so every rule sees the document). */
function reporting(limit: LimitName) {
  return {
    propagateOnRejection: false,
    exposeLimits: true,
    onReject: [
      (ctx: ValidationContext | null, err: GraphQLError) => {
        ctx?.reportError(limitError(err.message, limit))
      },
    ],
  }
}

/** One operation per request: a document with several operations is refused whatever operationName says. */
export const SingleOperationRule: ValidationRule = (context): ASTVisitor => ({
  Document(node) {
    const ops = node.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)
    if (ops.length > 1) context.reportError(limitError(`Only one operation per request is allowed, found ${ops.length}.`, 'operations'))
  },
})

/** Introspection off: `__schema`, `__type` and a subgraph's `_service { sdl }` (the schema by another name). */
export const NoIntrospectionRule: ValidationRule = (context): ASTVisitor => {
  return {
    Field(node) {
      const parent = context.getParentType()
      if (node.name.value === '_service' && parent && parent === context.getSchema().getQueryType()) {
        context.reportError(limitError('GraphQL introspection is not allowed for this token (the schema is published in the repository).', 'introspection'))
        return
      }
      // As graphql-js's NoSchemaIntrospectionCustomRule: any field of an introspection type (__schema, __type).
      const introspectionType = getNamedType(context.getType())
      if (introspectionType && isIntrospectionType(introspectionType)) {
        context.reportError(limitError(`GraphQL introspection is not allowed for this token, but the query contained "${node.name.value}".`, 'introspection'))
      }
    },
  }
}

export function limitRules(limits: Limits): ValidationRule[] {
  return [
    SingleOperationRule,
    maxDepthRule({ n: limits.depth, ...reporting('depth') }),
    maxAliasesRule({ n: limits.aliases, ...reporting('aliases') }),
    maxDirectivesRule({ n: limits.directives, ...reporting('directives') }),
    costLimitRule({ maxCost: limits.cost, ...reporting('cost') }),
  ]
}

function stripSuggestions(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((e) => {
    e.message = hideSuggestions(e.message)
    return e
  })
}

/** Removes "Did you mean …?" from a message: field suggestions are off for everyone. */
export function hideSuggestions(message: string): string {
  return message
    .replace(/\s*Did you mean [^?]*\?/g, '')
    .replace(/\s*\[Suggestion hidden\]/g, '')
    .trim()
}

export interface ValidationOutcome {
  errors: GraphQLError[]
}

/**
 * Validates a document in two passes: the limits first (cheap, so an attack is refused before
 * the expensive rules run), then the specification's rules (and no introspection when the
 * caller may not introspect). Messages carry no field suggestions.
 */
export function validateDocument(schema: GraphQLSchema, document: DocumentNode, limits: Limits, opts: { allowIntrospection: boolean }): GraphQLError[] {
  const limited = validate(schema, document, limitRules(limits), { maxErrors: 10, hideSuggestions: true })
  if (limited.length) return stripSuggestions(limited).map(withCode)
  const rules = opts.allowIntrospection ? specifiedRules : [...specifiedRules, NoIntrospectionRule]
  return stripSuggestions(validate(schema, document, rules, { maxErrors: 20, hideSuggestions: true })).map(withCode)
}

function withCode(e: GraphQLError): GraphQLError {
  if (e.extensions.code) return e
  return new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } })
}
