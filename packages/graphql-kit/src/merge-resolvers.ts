import { GraphQLScalarType } from 'graphql'

/** Merges per-module resolver maps into one (type by type, field by field). */
export function mergeResolvers<T extends Record<string, any>>(...maps: Record<string, any>[]): T {
  const acc: Record<string, any> = {}
  for (const r of maps) {
    for (const [type, fields] of Object.entries(r)) {
      acc[type] = fields instanceof GraphQLScalarType ? fields : { ...(acc[type] ?? {}), ...fields }
    }
  }
  return acc as T
}
