import { GraphQLScalarType } from 'graphql'

/** Merges per-module resolver maps into one (type by type, field by field). */
export function mergeResolvers<T extends object>(...maps: object[]): T {
  const acc: Record<string, unknown> = {}
  for (const r of maps) {
    for (const [type, fields] of Object.entries(r) as [string, object][]) {
      acc[type] = fields instanceof GraphQLScalarType ? fields : { ...(acc[type] as object | undefined), ...fields }
    }
  }
  return acc as T
}
