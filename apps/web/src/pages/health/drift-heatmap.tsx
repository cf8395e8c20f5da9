/** Drift across environments as a heatmap of tiers × agencies: each cell says how many environments drifted, and links to them. */
import { Link } from '../../router.tsx'
import { type DriftCell, SHARED, driftHeatmap, type EnvironmentLike } from './health-model.ts'

function level(cell: DriftCell): number {
  if (cell.drifted === 0) return 0
  return Math.min(3, cell.items)
}

export function DriftHeatmap({
  environments,
  promotionPath,
  agencyCodes,
}: {
  environments: EnvironmentLike[]
  promotionPath: string[]
  agencyCodes: string[]
}) {
  const map = driftHeatmap(environments, promotionPath, agencyCodes)
  if (map.tiers.length === 0) return <p className="ry-muted">No environments yet.</p>
  return (
    <div className="ry-table-scroll">
      <table className="usa-table usa-table--borderless usa-table--compact ry-heatmap" data-testid="drift-heatmap">
        <caption className="usa-sr-only">Environments that drifted from their baseline, by tier and agency</caption>
        <thead>
          <tr>
            <th scope="col">Tier</th>
            {map.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.tiers.map((tier) => (
            <tr key={tier}>
              <th scope="row">{tier}</th>
              {map.columns.map((col) => {
                const cell = map.cells[tier]?.[col]
                if (!cell) {
                  return (
                    <td key={col} className="ry-heat ry-heat--none">
                      <span className="usa-sr-only">no environment</span>
                      <span aria-hidden="true">·</span>
                    </td>
                  )
                }
                const href = col === SHARED ? '/environments' : `/environments?agency=${encodeURIComponent(col)}`
                // the accessible name starts with the visible text (the number of drifted items)
                const name =
                  cell.drifted === 0
                    ? `${col} ${tier}: in sync`
                    : `${cell.items} drifted items in ${col} ${tier} (${cell.drifted} of ${cell.environments} environments)`
                return (
                  <td key={col} className={`ry-heat ry-heat--${level(cell)}`} data-testid={`drift-${tier}-${col}`}>
                    <Link to={href} aria-label={name}>
                      {cell.drifted === 0 ? '✓' : cell.items}
                    </Link>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
