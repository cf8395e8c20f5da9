/** Two strategy versions side by side (`?view=compare&a=1&b=2`), optionally only their differences. */
import { useMemo, useState } from 'react'
import { CheckboxField, FieldScope, SelectField } from '../../components/fields.tsx'
import { EmptyState } from '../../components/status.tsx'
import type { StrategyFieldsFragment } from '../../gql/graphql.ts'
import { compareStrategies } from './strategy-model.ts'

export function CompareView({
  versions,
  a,
  b,
  onPick,
}: {
  versions: StrategyFieldsFragment[]
  a: string | null
  b: string | null
  onPick: (a: string, b: string) => void
}) {
  const va = versions.find((v) => String(v.version) === a) ?? versions[1] ?? versions[0]
  const vb = versions.find((v) => String(v.version) === b) ?? versions[0]
  const rows = useMemo(() => (va && vb ? compareStrategies(va, vb) : []), [va, vb])
  const [onlyChanges, setOnlyChanges] = useState(false)
  if (!va || !vb) return <EmptyState title="No versions yet" />
  const options = versions.map((v) => ({ value: String(v.version), label: `v${v.version} — ${v.publishedAt.slice(0, 10)} by ${v.publishedBy}` }))
  const changed = rows.filter((r) => r.kind !== 'same').length
  return (
    <section className="ry-card" aria-labelledby="compare-title" data-testid="strategy-compare">
      <h2 id="compare-title" className="font-heading-md">
        Compare versions
      </h2>
      <FieldScope errors={new Map()} prefix="cmp">
        <div className="ry-row-form">
          <SelectField
            path="a"
            label="Version A"
            value={String(va.version)}
            options={options}
            onChange={(v) => onPick(v, String(vb.version))}
            testId="compare-a"
          />
          <SelectField
            path="b"
            label="Version B"
            value={String(vb.version)}
            options={options}
            onChange={(v) => onPick(String(va.version), v)}
            testId="compare-b"
          />
        </div>
        <CheckboxField path="only" label={`Only differences (${changed})`} checked={onlyChanges} onChange={setOnlyChanges} testId="compare-only-changes" />
      </FieldScope>
      <table className="usa-table usa-table--borderless usa-table--compact width-full ry-diff-table" data-testid="compare-table">
        <thead>
          <tr>
            <th scope="col">Section</th>
            <th scope="col">Item</th>
            <th scope="col">v{va.version}</th>
            <th scope="col">v{vb.version}</th>
          </tr>
        </thead>
        <tbody>
          {rows
            .filter((r) => !onlyChanges || r.kind !== 'same')
            .map((r, i) => (
              <tr key={i} className={r.kind === 'same' ? '' : `ry-diff--${r.kind}`} data-kind={r.kind}>
                <td>{r.section}</td>
                <th scope="row">{r.item}</th>
                <td>{r.a ?? <span className="ry-muted">—</span>}</td>
                <td>
                  {r.b ?? <span className="ry-muted">—</span>}
                  {r.kind !== 'same' ? <span className="usa-sr-only"> ({r.kind})</span> : null}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  )
}
