/**
 * What the what-if preview needs beyond the roadmap's own queries, asked only while a scenario is
 * open: the program's strategy versions (each plan is checked against its pinned one), shared
 * component owners, the bookings of the program's environments in the shown range, and — for the
 * plans the viewer reads in full — revisions, permissions and the fields the alignment check
 * reads (rollback, roles, validations). Program-wide readers ask the program's plans, agency
 * people their agency's (the same split as the roadmap's alignment query).
 */
import { useMemo } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { graphql } from '../../gql/index.ts'
import type { WhatIfPlanFieldsFragment, WhatIfProgramQuery } from '../../gql/graphql.ts'
import { freezeWindowSpec } from '../../lib/freeze-windows.ts'
import { useReadScope } from '../../permissions.ts'
import { useViewer } from '../../viewer.tsx'
import type { WhatIfDataView } from './what-if-model.ts'

const WhatIfProgramDocument = graphql(`
  query WhatIfProgram($key: String!, $from: DateTime!, $to: DateTime!) {
    program(key: $key) {
      id
      strategyVersions {
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
      sharedComponents {
        id
        owner {
          id
          code
        }
      }
      environments {
        id
        bookings(from: $from, to: $to) {
          id
          start
          end
          release {
            id
          }
        }
      }
    }
  }
`)

graphql(`
  fragment WhatIfPlanFields on AgencyReleasePlan {
    id
    status
    revision
    strategyVersion
    ...PlanPermissions
    releases(from: $from, to: $to) {
      id
      revision
      rollback {
        strategy
      }
      roles {
        responsibility
      }
      validations {
        tier
      }
      ...ReleasePermissions
    }
  }
`)

const WhatIfProgramPlansDocument = graphql(`
  query WhatIfProgramPlans($key: String!, $from: DateTime!, $to: DateTime!) {
    program(key: $key) {
      id
      plans {
        ...WhatIfPlanFields
      }
    }
  }
`)

const WhatIfAgencyPlansDocument = graphql(`
  query WhatIfAgencyPlans($code: String!, $from: DateTime!, $to: DateTime!) {
    agency(code: $code) {
      id
      plans {
        ...WhatIfPlanFields
      }
    }
  }
`)

function whatIfDataView(program: NonNullable<WhatIfProgramQuery['program']>, plans: readonly WhatIfPlanFieldsFragment[]): WhatIfDataView {
  return {
    strategies: program.strategyVersions.map((s) => ({
      version: s.version,
      promotionPath: s.promotionPath,
      cadence: s.cadence,
      freezeWindows: s.freezeWindows.map(freezeWindowSpec),
    })),
    sharedComponentOwners: Object.fromEntries(program.sharedComponents.map((c) => [c.id, c.owner?.code ?? null])),
    bookings: program.environments.flatMap((e) =>
      e.bookings.map((b) => ({ id: b.id, environmentId: e.id, releaseId: b.release.id, start: b.start, end: b.end })),
    ),
    plans: plans.map((p) => ({
      id: p.id,
      status: p.status,
      revision: p.revision,
      strategyVersion: p.strategyVersion,
      canEdit: p.viewerCan.edit,
      releases: p.releases.map((r) => ({
        id: r.id,
        revision: r.revision,
        hasRollback: r.rollback !== null,
        roles: r.roles,
        validations: r.validations,
        canEdit: r.viewerCan.edit,
      })),
    })),
  }
}

const NO_PLANS: WhatIfPlanFieldsFragment[] = []

/** The what-if data for the shown range (skipped while no scenario is open); null until it arrives. */
export function useWhatIfData(programKey: string, interval: { start: string; end: string }, open: boolean) {
  const { viewer } = useViewer()
  const { programWide } = useReadScope()
  const vars = { key: programKey, from: interval.start, to: interval.end }
  const program = useQuery(WhatIfProgramDocument, vars, { skip: !open, partial: true })
  const programPlans = useQuery(WhatIfProgramPlansDocument, vars, { skip: !open || !programWide, partial: true })
  const agencyPlans = useQuery(
    WhatIfAgencyPlansDocument,
    { code: viewer.agency?.code ?? '', from: interval.start, to: interval.end },
    { skip: !open || programWide || !viewer.agency, partial: true },
  )
  const plansData = programWide ? (programPlans.data?.program?.plans ?? null) : (agencyPlans.data?.agency?.plans ?? (viewer.agency ? null : NO_PLANS))
  const p = program.data?.program ?? null
  const data = useMemo(() => (p && plansData ? whatIfDataView(p, plansData) : null), [p, plansData])
  const error = program.error ?? programPlans.error ?? agencyPlans.error
  const refetch = async () => {
    await Promise.all([program.refetch(), programWide ? programPlans.refetch() : agencyPlans.refetch()])
  }
  return { data, error, loading: open && !data && !error, refetch }
}
