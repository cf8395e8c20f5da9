/**
 * Promotion into the next tier, decided by the server's deploy check (Query.deploymentCheck, the
 * same decision promoteRelease and every pipeline get): allowed, or each blocker with what to do
 * about it, waived blockers marked with their exception. Promoting asks for confirmation first.
 */
import { nextTier } from '@railyard/release-rules/gates'
import { useState } from 'react'
import { useMutation, useQuery } from '../../api/hooks.ts'
import { BusyButton, ErrorAlert } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { DeploymentCheckFieldsFragment } from '../../gql/graphql.ts'
import { enumText } from '../../lib/format.ts'
import { formatInstant } from '../../lib/time.ts'

graphql(`
  fragment DeploymentCheckFields on DeploymentCheck {
    allowed
    tier
    at
    nextAllowedAt
    blockers {
      code
      message
      waivedBy {
        id
        end
      }
    }
  }
`)

const ReleaseDeploymentCheckDocument = graphql(`
  query ReleaseDeploymentCheck($releaseId: ID!, $tier: String!) {
    deploymentCheck(releaseId: $releaseId, tier: $tier) {
      ...DeploymentCheckFields
    }
  }
`)

const PromoteReleaseDocument = graphql(`
  mutation PromoteRelease($releaseId: ID!, $tier: String!, $expectedRevision: Int!) {
    promoteRelease(releaseId: $releaseId, tier: $tier, expectedRevision: $expectedRevision) {
      id
      status
      currentTier
      revision
    }
  }
`)

interface PromotedRelease {
  id: string
  revision: number
  currentTier?: string | null
}

/** The deploy check's verdict: allowed, or the blockers (waived ones marked). */
function DeploymentCheckView({ check, tz }: { check: DeploymentCheckFieldsFragment; tz: string }) {
  const open = check.blockers.filter((b) => !b.waivedBy)
  return (
    <div data-testid="deployment-check" data-allowed={check.allowed}>
      {check.allowed ? (
        <p className="text-success-dark" data-testid="check-allowed">
          <strong>Allowed now</strong> into {check.tier}
          {check.blockers.length ? ' — every blocker is waived by an approved exception.' : '.'}
        </p>
      ) : (
        <p data-testid="check-blocked">
          <strong className="text-error">Not allowed now</strong> into {check.tier}: {open.length} blocker{open.length === 1 ? '' : 's'}.
        </p>
      )}
      {check.blockers.length ? (
        <ul className="usa-list" data-testid="check-blockers">
          {check.blockers.map((b, i) => (
            <li key={`${b.code}-${i}`} data-testid="check-blocker" data-code={b.code} data-waived={b.waivedBy ? 'true' : 'false'}>
              <strong>{enumText(b.code)}</strong>
              {b.waivedBy ? (
                <span className="usa-tag bg-success-dark margin-left-05" data-testid="blocker-waived">
                  waived until {formatInstant(b.waivedBy.end, tz)}
                </span>
              ) : null}
              <br />
              <span className="font-body-xs">{b.message}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {!check.allowed && check.nextAllowedAt ? (
        <p className="font-body-xs" data-testid="next-allowed">
          Freezes and windows next allow it at {formatInstant(check.nextAllowedAt, tz)}.
        </p>
      ) : null}
    </div>
  )
}

/** The release's next tier and the live deploy check for it (skipped when there is no next tier). */
export function useNextTierCheck(releaseId: string, path: readonly string[], currentTier: string | null | undefined) {
  const next = nextTier([...path], currentTier ?? null)
  const q = useQuery(ReleaseDeploymentCheckDocument, { releaseId, tier: next ?? '' }, { skip: !next })
  return { next, q }
}

export type NextTierCheck = ReturnType<typeof useNextTierCheck>

export function PromotionSection({
  release: r,
  path,
  tz,
  may,
  nextCheck,
  onStatus,
  onPromoted,
  onReload,
}: {
  release: PromotedRelease
  path: readonly string[]
  tz: string
  may: boolean
  nextCheck: NextTierCheck
  onStatus: (message: string) => void
  onPromoted: () => Promise<void>
  onReload: () => void
}) {
  const { next, q: checkQ } = nextCheck
  const [confirming, setConfirming] = useState(false)
  const [promote, state] = useMutation(PromoteReleaseDocument)
  const check = checkQ.data?.deploymentCheck ?? null
  const doPromote = async () => {
    if (!next) return
    onStatus('')
    setConfirming(false)
    const res = await promote({ releaseId: r.id, tier: next, expectedRevision: r.revision })
    if (res) {
      onStatus(`Promoted to ${res.promoteRelease.currentTier}${res.promoteRelease.status === 'RELEASED' ? ' — released' : ''}.`)
      await onPromoted()
    } else await checkQ.refetch()
  }
  return (
    <section className="ry-card" aria-labelledby="promote-title" data-testid="promotion">
      <h2 id="promote-title" className="font-heading-md">
        Promotion
      </h2>
      {next === null ? (
        <p data-testid="promotion-done">{r.currentTier ? `In ${r.currentTier}, the last tier of the path.` : 'No promotion path.'}</p>
      ) : (
        <>
          <p>
            Next tier: <strong data-testid="next-tier">{next}</strong>
          </p>
          <ErrorAlert error={checkQ.error} onReload={() => void checkQ.refetch()} testId="check-error" />
          {check ? <DeploymentCheckView check={check} tz={tz} /> : checkQ.loading ? <p className="ry-muted">Checking…</p> : null}
          <ErrorAlert error={state.error} onReload={onReload} testId="promote-error" />
          {may ? (
            confirming && check ? (
              <div className="usa-alert usa-alert--warning usa-alert--slim" role="alertdialog" aria-label="Confirm promotion" data-testid="promote-confirm">
                <div className="usa-alert__body">
                  <p className="usa-alert__text">
                    Promote {next} now? This records the release as deployed to {next}
                    {path[path.length - 1] === next ? ' and marks it RELEASED' : ''}.
                  </p>
                  <BusyButton busy={state.loading} busyLabel="Promoting…" onClick={() => void doPromote()} data-testid="promote-confirm-yes">
                    Yes, promote to {next}
                  </BusyButton>{' '}
                  <button type="button" className="usa-button usa-button--unstyled" onClick={() => setConfirming(false)} data-testid="promote-confirm-no">
                    Cancel
                  </button>
                </div>
              </div>
            ) : (
              <button type="button" className="usa-button" disabled={!check?.allowed} onClick={() => setConfirming(true)} data-testid="promote">
                Promote to {next}
              </button>
            )
          ) : null}
        </>
      )}
    </section>
  )
}
