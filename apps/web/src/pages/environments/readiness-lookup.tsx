/** "Readiness by release" on the environments page: any visible release's readiness per scheduled window (the shared readiness table). */
import { useState } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { FieldScope, SelectField } from '../../components/fields.tsx'
import { ReadinessTable, ReleaseEnvironmentsDocument } from '../../components/release-readiness.tsx'
import { ErrorAlert, Loading } from '../../components/status.tsx'
import { Link } from '../../router.tsx'
import type { ReleaseNames } from './environment-groups.ts'

export function ReadinessLookup({ releaseNames, tz }: { releaseNames: ReleaseNames; tz: string }) {
  const [id, setId] = useState('')
  const q = useQuery(ReleaseEnvironmentsDocument, { id }, { skip: !id, partial: true })
  const r = q.data?.release
  return (
    <section className="ry-card" aria-labelledby="readiness-title" data-testid="readiness-lookup">
      <h2 id="readiness-title" className="font-heading-md">
        Readiness by release
      </h2>
      <FieldScope errors={new Map()} prefix="readiness">
        <SelectField
          path="release"
          label="Release"
          value={id}
          emptyLabel="— choose a release —"
          options={[...releaseNames.entries()].map(([value, v]) => ({ value, label: v.label }))}
          onChange={setId}
          testId="readiness-release"
        />
      </FieldScope>
      {id && q.loading && !r ? <Loading label="Checking…" /> : null}
      <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      {id && q.data && !r ? <p className="ry-muted">Readiness of this release is private to its agency.</p> : null}
      {r ? (
        <>
          <ReadinessTable readiness={r.environmentReadiness} testId="readiness-result" />
          <p className="font-body-xs">
            <Link to={`/releases/${r.id}`}>Open the release</Link> · bookings {r.bookings.length} · times in {tz}
          </p>
        </>
      ) : null}
    </section>
  )
}
