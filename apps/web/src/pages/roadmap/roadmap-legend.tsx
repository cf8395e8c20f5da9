/** The roadmap's legend: tier colours of the promotion path, cycles, freezes, today, dependencies, alignment flags. */
export function RoadmapLegend({ promotionPath }: { promotionPath: readonly string[] }) {
  return (
    <ul className="ry-legend" aria-label="Legend" data-testid="roadmap-legend">
      {promotionPath.map((t, i) => (
        <li key={t}>
          <span className={`ry-swatch ry-tier-${i % 6}`} aria-hidden="true" /> {t} window
        </li>
      ))}
      <li>
        <span className="ry-swatch ry-swatch--cycle" aria-hidden="true" /> release date (cycle)
      </li>
      <li>
        <span className="ry-swatch ry-swatch--codefreeze" aria-hidden="true" /> code freeze
      </li>
      <li>
        <span className="ry-swatch ry-swatch--freeze" aria-hidden="true" /> freeze window
      </li>
      <li>
        <span className="ry-swatch ry-swatch--today" aria-hidden="true" /> today
      </li>
      <li>
        <span className="ry-swatch ry-swatch--link" aria-hidden="true" /> dependency (red: out of order)
      </li>
      <li>
        <span className="ry-flag ry-flag--error" aria-hidden="true">
          !
        </span>{' '}
        alignment issue
      </li>
    </ul>
  )
}
