/**
 * Promotion into the next tier: what the server will check (plan approved, the tier's gate,
 * enterprise readiness before the last tier, no freeze now) and the button. Next tier and
 * "frozen now" come from @railyard/release-rules; the server decides.
 */
import { frozenAt } from '@railyard/release-rules/freezes'
import { nextTier } from '@railyard/release-rules/gates'
import { useMemo } from 'react'
import { useMutation } from '../../api/hooks.ts'
import { BusyButton, ErrorAlert } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { CriterionFieldsFragment, FreezeWindowFieldsFragment, ReleaseGatesFragment } from '../../gql/graphql.ts'
import { freezeWindowSpec } from '../../lib/freeze-windows.ts'
import { formatInstant } from '../../lib/time.ts'

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

type PromotedRelease = ReleaseGatesFragment & { id: string; revision: number; currentTier?: string | null; plan: { status: string } }

/** The freeze covering `tier` now, if any (null when the windows cannot be read). */
function frozenNow(windows: readonly FreezeWindowFieldsFragment[], tier: string | null) {
  if (!tier) return null
  try {
    return frozenAt(windows.map(freezeWindowSpec), tier, new Date().toISOString())
  } catch {
    return null
  }
}

export function PromotionSection({
  release: r,
  path,
  freezeWindows,
  enterpriseUnmet,
  tz,
  may,
  onStatus,
  onPromoted,
  onReload,
}: {
  release: PromotedRelease
  path: readonly string[]
  freezeWindows: readonly FreezeWindowFieldsFragment[]
  enterpriseUnmet: readonly CriterionFieldsFragment[]
  tz: string
  may: boolean
  onStatus: (message: string) => void
  onPromoted: () => Promise<void>
  onReload: () => void
}) {
  const next = nextTier([...path], r.currentTier ?? null)
  const nextGate = r.gates.find((g) => g.gate.tier === next)
  const isLast = next !== null && path[path.length - 1] === next
  const frozen = useMemo(() => frozenNow(freezeWindows, next), [freezeWindows, next])
  const [promote, state] = useMutation(PromoteReleaseDocument)
  const doPromote = async () => {
    if (!next) return
    onStatus('')
    const res = await promote({ releaseId: r.id, tier: next, expectedRevision: r.revision })
    if (res) {
      onStatus(`Promoted to ${res.promoteRelease.currentTier}${res.promoteRelease.status === 'RELEASED' ? ' — released' : ''}.`)
      await onPromoted()
    }
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
          <ul className="usa-list">
            <li>Plan approved: {r.plan.status === 'APPROVED' ? 'yes' : <strong className="text-error">no ({r.plan.status.toLowerCase()})</strong>}</li>
            <li>
              Gate:{' '}
              {nextGate ? nextGate.passed ? 'passed' : <strong className="text-error">unmet {nextGate.unmetCriteria.join(', ')}</strong> : 'none for this tier'}
            </li>
            {isLast ? (
              <li>
                Enterprise readiness:{' '}
                {enterpriseUnmet.length ? <strong className="text-error">unmet {enterpriseUnmet.map((c) => c.key).join(', ')}</strong> : 'met'}
              </li>
            ) : null}
            <li data-testid="frozen-now">
              Freeze now:{' '}
              {frozen ? (
                <strong className="text-error">
                  {frozen.name} until {formatInstant(frozen.end, tz)}
                </strong>
              ) : (
                'none'
              )}
            </li>
          </ul>
          <ErrorAlert error={state.error} onReload={onReload} testId="promote-error" />
          {may ? (
            <BusyButton busy={state.loading} busyLabel="Promoting…" onClick={() => void doPromote()} data-testid="promote">
              Promote to {next}
            </BusyButton>
          ) : null}
        </>
      )}
    </section>
  )
}
