/** The release's quality gates (evaluated by the server) and the enterprise readiness criteria, each criterion with its latest checkpoint. */
import { StatusTag } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { CriterionFieldsFragment, ReleaseGatesFragment } from '../../gql/graphql.ts'
import { criterionRule } from '../../lib/format.ts'
import { formatInstant } from '../../lib/time.ts'
import type { Checkpoint } from './checkpoint-history.tsx'

graphql(`
  fragment ReleaseGates on Release {
    gates {
      gate {
        id
        key
        name
        tier
        criteria {
          ...CriterionFields
        }
      }
      passed
      unmetCriteria
    }
  }
`)

export function GatesSection({
  release: r,
  enterprise,
  enterpriseUnmet,
  lastTier,
  latest,
  tz,
  onRecord,
}: {
  release: ReleaseGatesFragment
  /** the strategy's enterprise readiness criteria, and those not met yet */
  enterprise: readonly CriterionFieldsFragment[]
  enterpriseUnmet: readonly CriterionFieldsFragment[]
  lastTier: string | null
  latest: ReadonlyMap<string, Checkpoint>
  tz: string
  /** offered when the viewer may record checkpoints */
  onRecord: ((key: string) => void) | undefined
}) {
  return (
    <section className="ry-card" aria-labelledby="gates-title" data-testid="gates">
      <h2 id="gates-title" className="font-heading-md">
        Quality gates
      </h2>
      {r.gates.length === 0 ? <p className="ry-muted">The strategy defines no gates.</p> : null}
      {r.gates.map((g) => (
        <div key={g.gate.id} className={`ry-gate ${g.passed ? 'is-passed' : 'is-failed'}`} data-testid={`gate-${g.gate.key}`} data-passed={g.passed}>
          <h3 className="font-heading-sm margin-bottom-05">
            {g.gate.name} <span className="ry-muted">(entry into {g.gate.tier})</span>{' '}
            <StatusTag status={g.passed ? 'APPROVED' : 'ERROR'} label={g.passed ? 'PASSED' : 'NOT PASSED'} />
          </h3>
          <CriteriaList criteria={g.gate.criteria} unmet={g.unmetCriteria} latest={latest} tz={tz} onRecord={onRecord} />
        </div>
      ))}
      {enterprise.length > 0 ? (
        <div className={`ry-gate ${enterpriseUnmet.length ? 'is-failed' : 'is-passed'}`} data-testid="enterprise-readiness">
          <h3 className="font-heading-sm margin-bottom-05">
            Enterprise readiness <span className="ry-muted">(before {lastTier ?? 'the last tier'})</span>
          </h3>
          <CriteriaList criteria={enterprise} unmet={enterpriseUnmet.map((c) => c.key)} latest={latest} tz={tz} onRecord={onRecord} />
        </div>
      ) : null}
    </section>
  )
}

function CriteriaList({
  criteria,
  unmet,
  latest,
  tz,
  onRecord,
}: {
  criteria: readonly CriterionFieldsFragment[]
  unmet: readonly string[]
  latest: ReadonlyMap<string, Checkpoint>
  tz: string
  onRecord: ((key: string) => void) | undefined
}) {
  return (
    <ul className="usa-list usa-list--unstyled">
      {criteria.map((c) => {
        const cp = latest.get(c.key)
        const ok = !unmet.includes(c.key)
        return (
          <li key={c.key} className="margin-bottom-05" data-testid={`criterion-${c.key}`} data-met={ok}>
            <span aria-hidden="true" className={ok ? 'text-green' : 'text-error'}>
              {ok ? '✔' : '✖'}
            </span>{' '}
            <span className="usa-sr-only">{ok ? 'met' : 'unmet'}: </span>
            <strong>{c.key}</strong> — {c.description}{' '}
            <span className="ry-muted">
              ({criterionRule(c)}
              {c.evidenceRequired ? ', evidence required' : ''})
            </span>
            {cp ? (
              <span className="ry-muted">
                {' '}
                · last: {cp.value ?? (cp.met ? 'attested' : 'not met')} by {cp.recordedBy} {formatInstant(cp.recordedAt, tz)}
                {cp.evidenceUrl ? (
                  <>
                    {' '}
                    <a href={cp.evidenceUrl} target="_blank" rel="noreferrer">
                      evidence
                    </a>
                  </>
                ) : null}
              </span>
            ) : null}
            {onRecord ? (
              <>
                {' '}
                <button type="button" className="usa-button usa-button--unstyled" onClick={() => onRecord(c.key)} data-testid={`record-${c.key}`}>
                  record…
                </button>
              </>
            ) : null}
          </li>
        )
      })}
    </ul>
  )
}
