/** A published strategy version, section by section (strategy-model.ts strategyLines). */
import type { StrategyFieldsFragment } from '../../gql/graphql.ts'
import { formatInstant } from '../../lib/time.ts'
import { strategyLines } from './strategy-model.ts'

export function StrategyView({ strategy: s }: { strategy: StrategyFieldsFragment }) {
  const lines = strategyLines(s)
  const sections = [...new Set(lines.map((l) => l.section))]
  return (
    <section className="ry-card" aria-labelledby="strategy-title" data-testid="strategy-view" data-version={s.version}>
      <h2 id="strategy-title" className="font-heading-md">
        Release strategy v{s.version}
      </h2>
      <p className="ry-muted">
        Published {formatInstant(s.publishedAt, s.cadence.timeZone)} by {s.publishedBy}
      </p>
      {sections.map((sec) => (
        <div key={sec}>
          <h3 className="font-heading-sm">{sec}</h3>
          <dl className="ry-facts">
            {lines
              .filter((l) => l.section === sec)
              .map((l) => (
                <div key={l.item} style={{ display: 'contents' }}>
                  <dt>{l.item}</dt>
                  <dd>{l.value}</dd>
                </div>
              ))}
          </dl>
        </div>
      ))}
    </section>
  )
}
