import {
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  type ValueNode,
  isInputObjectType,
  isListType,
  isNonNullType,
  visit,
  visitWithTypeInfo,
} from 'graphql'
import type { FieldError } from './errors.ts'
import type { Limits } from './limits.ts'

/**
 * Per-field exceptions to the input limits, by schema coordinate: an argument
 * (`Mutation.reportEnvironmentState(items:)`) or an input field (`ConfigItemInput.value`).
 */
export type InputLimitOverrides = Readonly<Record<string, { maxLength?: number; maxItems?: number }>>

/** Variables nested deeper than this are refused outright (no schema type nests that deep). */
const MAX_VALUE_DEPTH = 32

type Path = (string | number)[]

/** The first NUL byte or lone surrogate in a string, described; null when there is none. */
export function badCharacter(s: string): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0) return 'must not contain NUL bytes'
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++
        continue
      }
      return 'must not contain lone surrogates (invalid Unicode)'
    }
    if (c >= 0xdc00 && c <= 0xdfff) return 'must not contain lone surrogates (invalid Unicode)'
  }
  return null
}

/**
 * Checks an operation's inputs before anything runs: every string (variables, literals, object
 * keys) free of NUL bytes and lone surrogates; every string ≤ `stringLength` characters and
 * every list ≤ `listItems` items unless the field it is given to says otherwise. Returns the
 * problems as field errors (paths start at the variable name, or at the argument name for
 * literals).
 */
export function checkInputs(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: Pick<Limits, 'stringLength' | 'listItems'>,
  overrides: InputLimitOverrides = {},
): FieldError[] {
  const errors: FieldError[] = []
  const seen = new Set<string>()
  const add = (path: Path, message: string) => {
    const key = `${path.join('.')}\u0001${message}`
    if (seen.has(key)) return
    seen.add(key)
    errors.push({ path, message })
  }

  scanCharacters(variables, add)

  const defaults = new Map<string, ValueNode>()
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue)

  const maxLength = (coord: string) => overrides[coord]?.maxLength ?? limits.stringLength
  const maxItems = (coord: string) => overrides[coord]?.maxItems ?? limits.listItems

  const checkString = (s: string, coord: string, path: Path) => {
    const bad = badCharacter(s)
    if (bad) add(path, bad)
    const max = maxLength(coord)
    if (s.length > max) add(path, `must be at most ${max} characters (got ${s.length})`)
  }

  // A runtime (JSON) value given to an input of `type` at `coord`.
  const walkValue = (type: GraphQLInputType, value: unknown, coord: string, path: Path, depth: number): void => {
    if (depth > MAX_VALUE_DEPTH) return
    const t = isNonNullType(type) ? type.ofType : type
    if (value === null || value === undefined) return
    if (isListType(t)) {
      const items = Array.isArray(value) ? value : [value]
      const max = maxItems(coord)
      if (items.length > max) {
        add(path, `must have at most ${max} items (got ${items.length})`)
        return
      }
      items.forEach((item, i) => walkValue(t.ofType, item, coord, [...path, i], depth + 1))
      return
    }
    if (isInputObjectType(t)) {
      if (typeof value !== 'object' || Array.isArray(value)) return
      const fields = t.getFields()
      for (const [k, v] of Object.entries(value)) {
        const f = fields[k]
        if (f) walkValue(f.type, v, `${t.name}.${f.name}`, [...path, k], depth + 1)
      }
      return
    }
    if (typeof value === 'string') checkString(value, coord, path)
  }

  // A literal (or a variable) in the document given to an input of `type` at `coord`.
  const walkNode = (type: GraphQLInputType, node: ValueNode, coord: string, path: Path, depth: number): void => {
    if (depth > MAX_VALUE_DEPTH) return
    const t = isNonNullType(type) ? type.ofType : type
    switch (node.kind) {
      case Kind.VARIABLE: {
        const name = node.name.value
        if (Object.prototype.hasOwnProperty.call(variables, name)) walkValue(type, variables[name], coord, [name], depth)
        else {
          const d = defaults.get(name)
          if (d) walkNode(type, d, coord, [name], depth)
        }
        return
      }
      case Kind.LIST: {
        if (!isListType(t)) return
        const max = maxItems(coord)
        if (node.values.length > max) {
          add(path, `must have at most ${max} items (got ${node.values.length})`)
          return
        }
        node.values.forEach((v, i) => walkNode(t.ofType, v, coord, [...path, i], depth + 1))
        return
      }
      case Kind.OBJECT: {
        if (!isInputObjectType(t)) return
        const fields = t.getFields()
        for (const f of node.fields) {
          const def = fields[f.name.value]
          if (def) walkNode(def.type, f.value, `${t.name}.${def.name}`, [...path, f.name.value], depth + 1)
        }
        return
      }
      case Kind.STRING:
        if (isListType(t)) walkNode(t.ofType, node, coord, path, depth + 1)
        else checkString(node.value, coord, path)
        return
      default:
        return
    }
  }

  const typeInfo = new TypeInfo(schema)
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const arg = typeInfo.getArgument()
        if (!arg) return false
        const directive = typeInfo.getDirective()
        const field = typeInfo.getFieldDef()
        const parent = typeInfo.getParentType()
        const coord = directive ? `@${directive.name}(${arg.name}:)` : `${parent?.name ?? '?'}.${field?.name ?? '?'}(${arg.name}:)`
        walkNode(arg.type, node.value, coord, [node.name.value], 0)
        return false
      },
      // Literals anywhere else (e.g. unused defaults) still may not carry NUL or lone surrogates.
      StringValue(node) {
        const bad = badCharacter(node.value)
        if (bad) add(['query'], bad)
      },
    }),
  )
  return errors
}

/** NUL bytes and lone surrogates anywhere in the variables, keys included (iterative: no recursion on hostile nesting). */
function scanCharacters(variables: Record<string, unknown>, add: (path: Path, message: string) => void): void {
  const stack: { value: unknown; path: Path; depth: number }[] = Object.entries(variables).map(([k, v]) => ({ value: v, path: [k], depth: 0 }))
  for (const k of Object.keys(variables)) {
    const bad = badCharacter(k)
    if (bad) add([k], `the name ${bad}`)
  }
  let visited = 0
  while (stack.length) {
    const item = stack.pop()
    if (!item) break
    if (++visited > 1_000_000) return
    const { value, path, depth } = item
    if (typeof value === 'string') {
      const bad = badCharacter(value)
      if (bad) add(path, bad)
      continue
    }
    if (value === null || typeof value !== 'object') continue
    if (depth >= MAX_VALUE_DEPTH) {
      add(path, `is nested more than ${MAX_VALUE_DEPTH} levels deep`)
      continue
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: [...path, i], depth: depth + 1 }))
      continue
    }
    for (const [k, v] of Object.entries(value)) {
      const bad = badCharacter(k)
      if (bad) add([...path, k], `the name ${bad}`)
      stack.push({ value: v, path: [...path, k], depth: depth + 1 })
    }
  }
}
