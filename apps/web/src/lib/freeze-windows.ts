/** Freeze windows of the API as the inputs of @railyard/release-rules. */
import type { FreezeWindowSpec } from '@railyard/release-rules/types'
import type { FreezeWindowFieldsFragment } from '../gql/graphql.ts'

export function freezeWindowSpec(w: FreezeWindowFieldsFragment): FreezeWindowSpec {
  return {
    id: w.id,
    name: w.name,
    reason: w.reason ?? null,
    start: w.start,
    end: w.end,
    timeZone: w.timeZone,
    recurrence: w.recurrence ?? null,
    tiers: w.tiers,
  }
}
