/** Plans by agency and status; every number opens the plans list filtered to it. */
import { enumText } from '../../lib/format.ts'
import { Link } from '../../router.tsx'
import { PLAN_STATUSES, type PlanLike, planCounts } from './health-model.ts'

export function PlanCounts({ plans, agencyCodes }: { plans: PlanLike[]; agencyCodes: string[] }) {
  const counts = planCounts(plans, agencyCodes)
  return (
    <div className="ry-table-scroll">
      <table className="usa-table usa-table--borderless usa-table--compact" data-testid="plan-counts">
        <caption className="usa-sr-only">Plans by agency and status</caption>
        <thead>
          <tr>
            <th scope="col">Agency</th>
            {PLAN_STATUSES.map((s) => (
              <th key={s} scope="col" className="text-capitalize">
                {enumText(s)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {agencyCodes.map((code) => (
            <tr key={code}>
              <th scope="row">{code}</th>
              {PLAN_STATUSES.map((s) => {
                const n = counts[code]?.[s] ?? 0
                return (
                  <td key={s}>
                    {n === 0 ? (
                      <span className="ry-muted">0</span>
                    ) : (
                      <Link to={`/plans?agency=${encodeURIComponent(code)}&status=${s}`} aria-label={`${n} ${enumText(s)} plans of ${code}`}>
                        {n}
                      </Link>
                    )}
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
