/**
 * Release execution (`/releases/:id`): gates with unmet criteria, checkpoints with evidence,
 * enterprise readiness, rollback rehearsal, promotion to the next tier, post-release
 * validation, and the environments' readiness, bookings and deployments for this release.
 * Promotion shows the server's live deploy check for the next tier; exceptions are requested here.
 *
 * Each section is its own file and declares the fragment of the release it reads; this query
 * spreads them.
 */
import { useMemo, useState } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { HistoryTab } from '../../components/history-tab.tsx'
import { ReleaseEnvironmentsDocument } from '../../components/release-readiness.tsx'
import { EmptyState, ErrorAlert, Loading, StatusTag, SuccessStatus } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { ReleaseExecutionQuery } from '../../gql/graphql.ts'
import { useReleaseCan } from '../../permissions.ts'
import { Link } from '../../router.tsx'
import { CheckpointForm, focusCheckpointForm } from './checkpoint-form.tsx'
import { CheckpointHistory, latestByCriterion } from './checkpoint-history.tsx'
import { GatesSection } from './gates-section.tsx'
import { ExceptionsSection } from './exceptions-section.tsx'
import { PromotionSection, useNextTierCheck } from './promotion-section.tsx'
import { ReleaseEnvironmentsSection } from './release-environments-section.tsx'
import { RollbackSection } from './rollback-section.tsx'
import { ValidationSection } from './validation-section.tsx'
import { useDisplayZone } from '../../lib/display-zone.ts'

const ReleaseExecutionDocument = graphql(`
  query ReleaseExecution($id: ID!) {
    release(id: $id) {
      id
      name
      version
      type
      status
      currentTier
      revision
      summary
      agency {
        code
        name
      }
      plan {
        id
        title
        status
        program {
          id
          strategy {
            version
            promotionPath
            cadence {
              timeZone
            }
            readinessCriteria {
              ...CriterionFields
            }
          }
        }
      }
      ...ReleasePermissions
      ...ReleaseGates
      ...ReleaseCheckpoints
      ...ReleaseRollback
      ...ReleaseValidation
      ...ReleaseExceptions
    }
  }
`)

type Release = NonNullable<ReleaseExecutionQuery['release']>

export function ReleasePage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? ''
  const q = useQuery(ReleaseExecutionDocument, { id }, { partial: true })
  const r = q.data?.release ?? null
  if (q.error && !q.data) {
    return (
      <div className="grid-container-widescreen padding-y-2" data-testid="release-page">
        <h1>Release</h1>
        <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      </div>
    )
  }
  if (!q.data) return <Loading label="Loading the release…" testId="release-loading" />
  if (!r) {
    const forbidden = q.partialErrors.some((e) => e.extensions?.code === 'FORBIDDEN')
    return (
      <div className="grid-container padding-y-2" data-testid="release-page">
        <h1>Release</h1>
        <EmptyState
          title={forbidden ? 'Execution details are private to the owning agency' : 'There is no such release, or you may not see it.'}
          testId="release-not-found"
        >
          {forbidden ? (
            <Link to={`/roadmap?release=${encodeURIComponent(id)}`} data-testid="release-on-roadmap">
              See it on the roadmap
            </Link>
          ) : (
            <Link to="/roadmap">Back to the roadmap</Link>
          )}
        </EmptyState>
      </div>
    )
  }
  return <ReleaseExecution release={r} refetch={q.refetch} />
}

function ReleaseExecution({ release: r, refetch }: { release: Release; refetch: () => Promise<void> }) {
  const can = useReleaseCan(r)
  const strategy = r.plan.program.strategy
  const tz = useDisplayZone().zone
  const path = strategy?.promotionPath ?? []
  const enterprise = strategy?.readinessCriteria ?? []
  const envQ = useQuery(ReleaseEnvironmentsDocument, { id: r.id }, { partial: true })
  const [status, setStatus] = useState('')
  const latest = useMemo(() => latestByCriterion(r.checkpoints), [r.checkpoints])
  const enterpriseUnmet = enterprise.filter((c) => !latest.get(c.key)?.met)
  const [criterion, setCriterion] = useState('')
  const record = (key: string) => {
    setCriterion(key)
    focusCheckpointForm()
  }
  const nextCheck = useNextTierCheck(r.id, path, r.currentTier)
  const saved = async (message: string) => {
    await Promise.all([refetch(), nextCheck.q.refetch()])
    setStatus(message)
  }

  return (
    <div className="grid-container-widescreen padding-y-2" data-testid="release-page" data-release-id={r.id} data-revision={r.revision}>
      <nav aria-label="Breadcrumb" className="font-body-xs margin-bottom-1">
        <Link to={`/roadmap?release=${encodeURIComponent(r.id)}`}>Roadmap</Link> › <Link to={`/plans/${r.plan.id}`}>{r.plan.title}</Link> › {r.name}
      </nav>
      <div className="display-flex flex-align-center flex-wrap" style={{ gap: '0.75rem' }}>
        <h1 className="margin-0">
          {r.name} <span className="ry-version font-heading-md">{r.version}</span>
        </h1>
        <StatusTag status={r.status} testId="release-status" />
      </div>
      <p className="ry-muted margin-top-05">
        {r.agency.name} ({r.agency.code}) · {r.type.toLowerCase()} · plan <StatusTag status={r.plan.status} /> · revision {r.revision} · current tier:{' '}
        <strong data-testid="current-tier">{r.currentTier ?? 'not yet promoted'}</strong> · path {path.join(' → ') || '—'}
      </p>
      {r.summary ? <p>{r.summary}</p> : null}
      <SuccessStatus message={status} testId="execution-status" />

      <div className="ry-layout-2col margin-top-2">
        <div>
          <GatesSection
            release={r}
            enterprise={enterprise}
            enterpriseUnmet={enterpriseUnmet}
            lastTier={path[path.length - 1] ?? null}
            latest={latest}
            tz={tz}
            onRecord={can.recordCheckpoint ? record : undefined}
          />
          {can.recordCheckpoint ? (
            <CheckpointForm release={r} enterprise={enterprise} criterion={criterion} onCriterion={setCriterion} onSaved={saved} />
          ) : null}
          <CheckpointHistory release={r} tz={tz} />
          <ReleaseEnvironmentsSection q={envQ} tz={tz} />
          <HistoryTab subjectId={r.id} tz={tz} />
        </div>

        <aside className="ry-sticky-side" aria-label="Promotion and validation">
          <PromotionSection
            release={r}
            path={path}
            tz={tz}
            may={can.promote}
            nextCheck={nextCheck}
            onStatus={setStatus}
            onPromoted={async () => {
              await Promise.all([refetch(), envQ.refetch()])
            }}
            onReload={() => void refetch()}
          />
          <ExceptionsSection release={r} tier={nextCheck.next} tz={tz} may={can.requestException} onRequested={saved} />
          <RollbackSection release={r} tz={tz} may={can.recordCheckpoint} onSaved={saved} />
          <ValidationSection release={r} tz={tz} may={can.recordCheckpoint} onSaved={saved} />
        </aside>
      </div>
    </div>
  )
}
