/**
 * The roadmap's GraphQL documents and the conversion of their results into the view model and
 * the inputs of @railyard/release-rules (ReleaseNode / RoadmapPlanInput).
 *
 * The queries ask only for roadmap fields (DESIGN.md: the fields every reader may see of any
 * agency's plan and release), so they work for every persona. RoadmapMeta (program, strategy,
 * agencies, plans and their periods) is small; RoadmapReleases is the federated query spanning
 * the three subgraphs — program and agencies from program-strategy, plans and releases from
 * agency-plans, environments from environment-inventory — and asks only for the releases with a
 * window in the shown range. Alignment is a separate query over the plans the viewer fully reads.
 */
import type { ReleaseNode, RoadmapPlanInput, FreezeWindowSpec } from '@railyard/release-rules/types'
import { graphql } from '../../gql/index.ts'
import type { RoadmapMetaQuery, RoadmapPlanAlignmentFragment, RoadmapReleasesQuery } from '../../gql/graphql.ts'
import { freezeWindowSpec } from '../../lib/freeze-windows.ts'
import type { LaneAgency, RoadmapRelease } from './layout.ts'

export const RoadmapMetaDocument = graphql(`
  query RoadmapMeta($key: String!) {
    program(key: $key) {
      id
      key
      name
      strategy {
        version
        promotionPath
        cadence {
          rule
          timeZone
          startsOn
          codeFreezeDaysBefore
        }
        freezeWindows {
          ...FreezeWindowFields
        }
      }
      agencies {
        id
        code
        name
        plans {
          id
          title
          status
          periodStart
          periodEnd
        }
      }
    }
  }
`)

/** Only the releases with a window in [from, to) and only the fields the bars show. */
export const RoadmapReleasesDocument = graphql(`
  query RoadmapReleases($key: String!, $from: DateTime!, $to: DateTime!) {
    program(key: $key) {
      id
      agencies {
        id
        code
        plans {
          id
          releases(from: $from, to: $to) {
            id
            name
            version
            type
            status
            currentTier
            cycle {
              id
              name
            }
            schedule {
              ...StageWindowFields
            }
            dependencies {
              release {
                id
              }
              sharedComponent {
                id
              }
            }
          }
        }
      }
    }
  }
`)

export const RoadmapCyclesDocument = graphql(`
  query RoadmapCycles($key: String!, $from: Date!, $to: Date!) {
    program(key: $key) {
      id
      cycles(from: $from, to: $to) {
        id
        name
        codeFreeze
        releaseDate
      }
    }
  }
`)

/** A plan's alignment as the roadmap flags it (lanes and bars). */
graphql(`
  fragment RoadmapPlanAlignment on AgencyReleasePlan {
    id
    alignment {
      aligned
      stale
      issues {
        code
        severity
        message
        release {
          id
        }
      }
    }
  }
`)

export const RoadmapProgramAlignmentDocument = graphql(`
  query RoadmapProgramAlignment($key: String!) {
    program(key: $key) {
      id
      plans {
        ...RoadmapPlanAlignment
      }
    }
  }
`)

export const RoadmapAgencyAlignmentDocument = graphql(`
  query RoadmapAgencyAlignment($code: String!) {
    agency(code: $code) {
      id
      plans {
        ...RoadmapPlanAlignment
      }
    }
  }
`)

export const ReleaseDetailsDocument = graphql(`
  query ReleaseDetails($id: ID!) {
    release(id: $id) {
      id
      name
      version
      type
      status
      currentTier
      summary
      impactedAgencies {
        id
        code
        name
      }
      dependents {
        id
        name
        version
        agency {
          code
        }
      }
      dependencies {
        release {
          ...ReleaseOptionFields
          agency {
            code
          }
        }
        sharedComponent {
          id
          key
          name
          currentVersion
        }
        versionRange
        note
      }
    }
  }
`)

export type RoadmapMeta = NonNullable<RoadmapMetaQuery['program']>
export type RoadmapReleasesData = NonNullable<RoadmapReleasesQuery['program']>

export interface AlignmentIssueView {
  code: string
  severity: string
  message: string
  releaseId: string | null
}

export interface PlanAlignmentView {
  aligned: boolean
  stale: boolean
  issues: AlignmentIssueView[]
}

export interface RoadmapModel {
  programId: string
  programKey: string
  programName: string
  timeZone: string
  promotionPath: string[]
  freezeWindows: FreezeWindowSpec[]
  strategyVersion: number | null
  agencies: LaneAgency[]
  releases: RoadmapRelease[]
  byId: Map<string, RoadmapRelease>
  /** inputs of the release rules; agencyId is the agency code (lanes sort by code) */
  nodes: ReleaseNode[]
  plans: RoadmapPlanInput[]
}

export function buildModel(p: RoadmapMeta, data: RoadmapReleasesData | null, fallbackTimeZone: string): RoadmapModel {
  const releases: RoadmapRelease[] = []
  const nodes: ReleaseNode[] = []
  const plans: RoadmapPlanInput[] = []
  const agencies: LaneAgency[] = []
  const releasesOf = new Map<string, RoadmapReleasesData['agencies'][number]['plans'][number]['releases']>()
  for (const a of data?.agencies ?? []) for (const pl of a.plans) releasesOf.set(pl.id, pl.releases)
  for (const a of p.agencies) {
    agencies.push({
      id: a.id,
      code: a.code,
      name: a.name,
      plans: a.plans.map((pl) => ({ id: pl.id, title: pl.title, status: pl.status, periodStart: pl.periodStart, periodEnd: pl.periodEnd })),
    })
    for (const pl of a.plans) {
      const planNodes: ReleaseNode[] = []
      for (const r of releasesOf.get(pl.id) ?? []) {
        const dependsOn: string[] = []
        const sharedComponentIds: string[] = []
        for (const d of r.dependencies) {
          if (d.release) dependsOn.push(d.release.id)
          if (d.sharedComponent) sharedComponentIds.push(d.sharedComponent.id)
        }
        const windows = r.schedule.map((w) => ({
          tier: w.tier,
          start: w.start,
          end: w.end,
          startMs: Date.parse(w.start),
          endMs: Date.parse(w.end),
          environmentKey: w.environment?.key ?? null,
          environmentName: w.environment?.name ?? null,
        }))
        releases.push({
          id: r.id,
          planId: pl.id,
          planTitle: pl.title,
          planStatus: pl.status,
          agencyCode: a.code,
          name: r.name,
          version: r.version,
          type: r.type,
          status: r.status,
          currentTier: r.currentTier ?? null,
          cycleId: r.cycle?.id ?? null,
          cycleName: r.cycle?.name ?? null,
          windows,
          dependsOn,
          sharedComponentIds,
        })
        const node: ReleaseNode = {
          id: r.id,
          agencyId: a.code,
          planId: pl.id,
          name: r.name,
          version: r.version,
          status: r.status,
          type: r.type,
          currentTier: r.currentTier ?? null,
          schedule: r.schedule.map((w) => ({ tier: w.tier, start: w.start, end: w.end, environmentId: w.environment?.id ?? null })),
          dependsOn,
          sharedComponentIds,
        }
        nodes.push(node)
        planNodes.push(node)
      }
      plans.push({ id: pl.id, agencyId: a.code, status: pl.status, releases: planNodes })
    }
  }
  const s = p.strategy
  return {
    programId: p.id,
    programKey: p.key,
    programName: p.name,
    timeZone: s?.cadence.timeZone ?? fallbackTimeZone,
    promotionPath: s?.promotionPath ?? [],
    freezeWindows: (s?.freezeWindows ?? []).map(freezeWindowSpec),
    strategyVersion: s?.version ?? null,
    agencies,
    releases,
    byId: new Map(releases.map((r) => [r.id, r])),
    nodes,
    plans,
  }
}

/** Alignment issues of every plan, by plan id and by release id. */
export function indexAlignment(plans: readonly RoadmapPlanAlignmentFragment[]): {
  byPlan: Map<string, PlanAlignmentView>
  byRelease: Map<string, AlignmentIssueView[]>
} {
  const byPlan = new Map<string, PlanAlignmentView>()
  const byRelease = new Map<string, AlignmentIssueView[]>()
  for (const pl of plans) {
    const issues = pl.alignment.issues.map((i) => ({ code: i.code, severity: i.severity, message: i.message, releaseId: i.release?.id ?? null }))
    byPlan.set(pl.id, { aligned: pl.alignment.aligned, stale: pl.alignment.stale, issues })
    for (const i of issues) {
      if (!i.releaseId) continue
      const list = byRelease.get(i.releaseId) ?? []
      list.push(i)
      byRelease.set(i.releaseId, list)
    }
  }
  return { byPlan, byRelease }
}
