/**
 * The choices of the release editor's selects: the plan's tiers, the environments of its agency
 * (and shared ones), the program's cycles in the plan period, other releases and shared
 * components; plus whatever the selected release already references, even when not listed.
 */
import { useMemo } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { graphql } from '../../gql/index.ts'
import type { ReleaseEditorFieldsFragment } from '../../gql/graphql.ts'
import { releaseLabel } from '../../lib/format.ts'
import type { EditorOptions } from './release-editor.tsx'

const PlanEditorOptionsDocument = graphql(`
  query PlanEditorOptions($programId: ID!, $from: Date!, $to: Date!) {
    program(id: $programId) {
      id
      cycles(from: $from, to: $to) {
        id
        name
        releaseDate
      }
      environments {
        id
        key
        name
        tier
        agency {
          code
        }
      }
      sharedComponents {
        id
        key
        name
        currentVersion
      }
      agencies {
        code
        plans {
          id
          title
          releases {
            ...ReleaseOptionFields
          }
        }
      }
    }
  }
`)

export interface OptionsFor {
  plan: { program: { id: string }; periodStart: string; periodEnd: string; agency: { code: string } }
  selected: ReleaseEditorFieldsFragment | null
  promotionPath: readonly string[]
  releases: readonly ReleaseEditorFieldsFragment[]
}

export function useEditorOptions({ plan, selected, promotionPath, releases }: OptionsFor): EditorOptions {
  const q = useQuery(PlanEditorOptionsDocument, { programId: plan.program.id, from: plan.periodStart, to: plan.periodEnd }, { partial: true })
  const agencyCode = plan.agency.code
  return useMemo<EditorOptions>(() => {
    const p = q.data?.program
    const env = (p?.environments ?? []).filter((e) => !e.agency || e.agency.code === agencyCode).map((e) => ({ value: e.id, label: `${e.key} (${e.tier})` }))
    const cycles = (p?.cycles ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.releaseDate})` }))
    const rels = (p?.agencies ?? []).flatMap((a) =>
      a.plans.flatMap((pl) => pl.releases.map((r) => ({ value: r.id, label: releaseLabel(a.code, r.name, r.version) }))),
    )
    // keep what the release already references, even when not listed
    for (const w of selected?.schedule ?? [])
      if (w.environment) {
        const { id, key } = w.environment
        if (!env.some((o) => o.value === id)) env.push({ value: id, label: key })
      }
    const cycle = selected?.cycle
    if (cycle && !cycles.some((c) => c.value === cycle.id)) cycles.push({ value: cycle.id, label: cycle.name })
    for (const dep of selected?.dependencies ?? [])
      if (dep.release) {
        const r = dep.release
        if (!rels.some((o) => o.value === r.id)) rels.push({ value: r.id, label: releaseLabel(r.agency.code, r.name, r.version) })
      }
    return {
      tiers: promotionPath.length ? [...promotionPath] : [...new Set(releases.flatMap((r) => r.schedule.map((w) => w.tier)))],
      environments: env,
      cycles,
      releases: rels.filter((o) => o.value !== selected?.id),
      sharedComponents: (p?.sharedComponents ?? []).map((c) => ({
        value: c.id,
        label: `${c.name} (${c.key}${c.currentVersion ? ` ${c.currentVersion}` : ''})`,
      })),
    }
  }, [q.data, agencyCode, selected, promotionPath, releases])
}
