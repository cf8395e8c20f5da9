/**
 * Plans (`/plans`): every plan the viewer may read, by agency, with "New plan" where allowed;
 * `?agency=DOH&status=SUBMITTED` narrows the list (the health page's counts link here).
 */
import { useQuery } from '../../api/hooks.ts'
import { EmptyState, ErrorAlert, Loading, StatusTag } from '../../components/status.tsx'
import { formatDate } from '../../lib/time.ts'
import { enumText } from '../../lib/format.ts'
import { Link, useSearchParams } from '../../router.tsx'
import { graphql } from '../../gql/index.ts'
import { useAgencyCan } from '../../permissions.ts'
import { useViewer } from '../../viewer.tsx'

const PlansListDocument = graphql(`
  query PlansList($key: String!) {
    program(key: $key) {
      id
      agencies {
        id
        code
        name
        plans {
          id
          title
          status
          periodStart
          periodEnd
          releases {
            id
          }
        }
      }
    }
  }
`)

export function PlansPage(_props: { params: Record<string, string> }) {
  const { program } = useViewer()
  const agencyCan = useAgencyCan()
  const q = useQuery(PlansListDocument, { key: program?.key ?? '' }, { skip: !program, partial: true })
  const [params] = useSearchParams()
  const agencyFilter = params.get('agency') ?? ''
  const statusFilter = params.get('status') ?? ''
  const agencies = (q.data?.program?.agencies ?? [])
    .filter((a) => !agencyFilter || a.code === agencyFilter)
    .map((a) => ({ ...a, plans: a.plans.filter((p) => !statusFilter || p.status === statusFilter) }))
  return (
    <div className="grid-container-widescreen padding-y-2" data-testid="plans-page">
      <h1>Agency release plans</h1>
      {agencyFilter || statusFilter ? (
        <p data-testid="plans-filter">
          Showing {statusFilter ? `${enumText(statusFilter)} ` : ''}plans{agencyFilter ? ` of ${agencyFilter}` : ''}. <Link to="/plans">Show all plans</Link>
        </p>
      ) : null}
      {!program ? <EmptyState title="No program yet" /> : null}
      <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      {q.loading && !q.data ? <Loading label="Loading plans…" /> : null}
      {q.data && agencies.length === 0 ? <EmptyState title="The program has no agencies yet." testId="plans-empty" /> : null}
      {agencies.map((a) => (
        <section key={a.id} className="ry-card" aria-labelledby={`agency-${a.code}`} data-testid={`plans-${a.code}`}>
          <div className="display-flex flex-justify flex-align-center">
            <h2 id={`agency-${a.code}`} className="font-heading-md margin-0">
              {a.code} · {a.name}
            </h2>
            {agencyCan(a.code).createPlan ? (
              <Link
                to={`/plans/new?agency=${encodeURIComponent(a.code)}`}
                className="usa-button usa-button--outline usa-button--small"
                data-testid={`new-plan-${a.code}`}
              >
                New plan
              </Link>
            ) : null}
          </div>
          {a.plans.length === 0 ? (
            <p className="ry-muted">No plans you can see.</p>
          ) : (
            <table className="usa-table usa-table--borderless usa-table--compact width-full">
              <thead>
                <tr>
                  <th scope="col">Plan</th>
                  <th scope="col">Status</th>
                  <th scope="col">Period</th>
                  <th scope="col">Releases</th>
                </tr>
              </thead>
              <tbody>
                {a.plans.map((p) => (
                  <tr key={p.id} data-testid={`plan-row-${p.id}`}>
                    <th scope="row">
                      <Link to={`/plans/${p.id}`}>{p.title}</Link>
                    </th>
                    <td>
                      <StatusTag status={p.status} />
                    </td>
                    <td>
                      {formatDate(p.periodStart)} – {formatDate(p.periodEnd)}
                    </td>
                    <td>{p.releases.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  )
}
