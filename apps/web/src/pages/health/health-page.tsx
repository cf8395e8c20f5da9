/**
 * Program health (`/health`, and the home page of program roles): releases at risk with what to
 * do, plans waiting for approval, upcoming cycles and freezes, pending exceptions, drift across
 * environments, plans by agency and status. An agency sees the same view of its own.
 */
import { useState } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { EmptyState, ErrorAlert, Loading } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { ProgramHealthQuery } from '../../gql/graphql.ts'
import { freezeWindowSpec } from '../../lib/freeze-windows.ts'
import { plural } from '../../lib/format.ts'
import { browserTimeZone, formatDate, formatInstant, todayIn, zoneAbbreviation } from '../../lib/time.ts'
import { useReadScope } from '../../permissions.ts'
import { Link } from '../../router.tsx'
import { useViewer } from '../../viewer.tsx'
import { DriftHeatmap } from './drift-heatmap.tsx'
import { PendingExceptions } from './pending-exceptions.tsx'
import { plansWaiting, upcomingFreezes } from './health-model.ts'
import { PlanCounts } from './plan-counts.tsx'
import { RiskList } from './risk-list.tsx'

const ProgramHealthDocument = graphql(`
  query ProgramHealth($key: String!, $from: Date!, $to: Date!) {
    exceptionInbox {
      id
      tier
      waives
      start
      end
      justification
      requestedBy
      requestedAt
      release {
        id
        name
        version
        agency {
          code
        }
      }
    }
    program(key: $key) {
      id
      strategy {
        version
        promotionPath
        cadence {
          timeZone
        }
        freezeWindows {
          ...FreezeWindowFields
        }
      }
      cycles(from: $from, to: $to) {
        id
        name
        codeFreeze
        releaseDate
      }
      risks {
        score
        reasons
        nextWindowStart
        nextWindowTier
        release {
          id
          name
          version
          agency {
            code
          }
        }
        details {
          reason
          tier
          message
          action
        }
      }
      agencies {
        id
        code
      }
      plans {
        id
        title
        status
        agency {
          code
        }
        approvals {
          status
          requestedAt
        }
      }
      environments {
        id
        key
        tier
        agency {
          code
        }
        drift {
          inSync
          items {
            key
          }
        }
      }
    }
  }
`)

type Program = NonNullable<ProgramHealthQuery['program']>
type PendingException = ProgramHealthQuery['exceptionInbox'][number]

const DAY_MS = 86_400_000
const AHEAD_DAYS = 90

function plusDays(ymd: string, days: number): string {
  return new Date(Date.parse(`${ymd}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

export function HealthPage(_props: { params: Record<string, string> }) {
  const { program, viewer } = useViewer()
  const scope = useReadScope()
  const today = todayIn(browserTimeZone())
  const q = useQuery(ProgramHealthDocument, { key: program?.key ?? '', from: today, to: plusDays(today, AHEAD_DAYS) }, { skip: !program, partial: true })
  const p = q.data?.program ?? null
  // an agency sees the same view of its own
  const own = scope.programWide ? null : (viewer.agency?.code ?? null)
  return (
    <div className="grid-container-widescreen padding-y-2" data-testid="health-page">
      <h1>Program health</h1>
      <p className="ry-muted">
        What needs attention{own ? ` in ${own}` : ' across the program'}. See also the <Link to="/roadmap">roadmap</Link> and the{' '}
        <Link to="/metrics">delivery metrics</Link>.
      </p>
      {!program ? <EmptyState title="No program yet" /> : null}
      <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      {q.loading && !q.data ? <Loading label="Loading program health…" /> : null}
      {p ? <HealthSections program={p} own={own} exceptions={q.data?.exceptionInbox ?? []} /> : null}
    </div>
  )
}

function HealthSections({ program: p, own, exceptions }: { program: Program; own: string | null; exceptions: PendingException[] }) {
  const tz = p.strategy?.cadence.timeZone ?? browserTimeZone()
  const [now] = useState(() => Date.now())
  const zone = zoneAbbreviation(now, tz)
  const agencyCodes = p.agencies.map((a) => a.code).filter((c) => !own || c === own)
  const plans = p.plans.filter((x) => !own || x.agency.code === own)
  const environments = p.environments.filter((e) => !own || e.agency?.code === own)
  const waiting = plansWaiting(plans, now)
  const freezes = upcomingFreezes((p.strategy?.freezeWindows ?? []).map(freezeWindowSpec), now, AHEAD_DAYS)
  const drifted = environments.filter((e) => !e.drift.inSync).length
  return (
    <>
      <ul className="ry-health-tiles" data-testid="health-tiles">
        <li>
          <a href="#risks" className="ry-health-tile" data-testid="tile-risks">
            <span className="ry-health-tile__n">{p.risks.length}</span> {p.risks.length === 1 ? 'release' : 'releases'} at risk
          </a>
        </li>
        <li>
          <Link to="/approvals" className="ry-health-tile" data-testid="tile-waiting">
            <span className="ry-health-tile__n">{waiting.length}</span> {waiting.length === 1 ? 'plan waits' : 'plans wait'} for approval
          </Link>
        </li>
        <li>
          <Link to={own ? `/environments?agency=${own}` : '/environments'} className="ry-health-tile" data-testid="tile-drift">
            <span className="ry-health-tile__n">{drifted}</span> {drifted === 1 ? 'environment' : 'environments'} drifted
          </Link>
        </li>
      </ul>

      <section className="ry-card" aria-labelledby="risks" data-testid="health-risks">
        <h2 id="risks">Releases at risk</h2>
        <p className="ry-muted">Worst first, over the next 30 days. Times in {zone}.</p>
        <RiskList risks={p.risks} timeZone={tz} />
      </section>

      <div className="ry-layout-2col">
        <section className="ry-card" aria-labelledby="waiting" data-testid="health-waiting">
          <h2 id="waiting">Plans waiting for approval</h2>
          {waiting.length === 0 ? (
            <p className="ry-muted">No plan is waiting.</p>
          ) : (
            <ul className="usa-list usa-list--unstyled">
              {waiting.map((w) => (
                <li key={w.id} className="margin-bottom-1">
                  <Link to={`/plans/${w.id}`}>
                    {w.agencyCode} · {w.title}
                  </Link>{' '}
                  — waiting {plural(w.days, 'day')} (since {formatInstant(w.since, tz)})
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/approvals">Open the approvals inbox</Link>
          </p>
        </section>
        <PendingExceptions exceptions={exceptions} timeZone={tz} />
      </div>

      <div className="ry-layout-2col">
        <section className="ry-card" aria-labelledby="cycles" data-testid="health-cycles">
          <h2 id="cycles">Upcoming release trains</h2>
          {p.cycles.length === 0 ? (
            <p className="ry-muted">No release train in the next {AHEAD_DAYS} days.</p>
          ) : (
            <ul className="usa-list usa-list--unstyled">
              {p.cycles.map((c) => (
                <li key={c.id} className="margin-bottom-1">
                  <Link to={`/roadmap?cycle=${encodeURIComponent(c.id)}`}>{c.name}</Link>: releases {formatDate(c.releaseDate)}, code freeze{' '}
                  {formatDate(c.codeFreeze)}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="ry-card" aria-labelledby="freezes" data-testid="health-freezes">
          <h2 id="freezes">Upcoming freezes</h2>
          {freezes.length === 0 ? (
            <p className="ry-muted">No freeze in the next {AHEAD_DAYS} days.</p>
          ) : (
            <ul className="usa-list usa-list--unstyled">
              {freezes.map((f) => (
                <li key={`${f.name}-${f.start}`} className="margin-bottom-1">
                  <strong>{f.name}</strong> ({f.tiers.join(', ') || 'all tiers'}): {formatInstant(f.start, tz)} – {formatInstant(f.end, tz)}
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/program">The freeze windows of the framework</Link>
          </p>
        </section>
      </div>

      <div className="ry-layout-2col">
        <section className="ry-card" aria-labelledby="drift" data-testid="health-drift">
          <h2 id="drift">Drift across environments</h2>
          <p className="ry-muted">Drifted items per tier and agency; each cell opens those environments.</p>
          <DriftHeatmap environments={environments} promotionPath={p.strategy?.promotionPath ?? []} agencyCodes={agencyCodes} />
        </section>
        <section className="ry-card" aria-labelledby="counts" data-testid="health-counts">
          <h2 id="counts">Plans by agency and status</h2>
          <PlanCounts plans={plans} agencyCodes={agencyCodes} />
        </section>
      </div>
    </>
  )
}
