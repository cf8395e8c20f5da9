/**
 * Environments (`/environments`): the inventory per agency (and shared), drift as expected vs
 * actual, accepting a report as the new baseline, bookings (book / cancel) and a month calendar
 * of them (`?month=YYYY-MM`), registering environments, deployment history, and the readiness
 * of any release's scheduled environments.
 */
import { useMemo, useState } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { EmptyState, ErrorAlert, Loading, SuccessStatus } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import { useAgencyCan, useProgramCan } from '../../permissions.ts'
import { useSearchParams } from '../../router.tsx'
import { useViewer } from '../../viewer.tsx'
import { BookingsCalendar } from './bookings-calendar.tsx'
import { EnvironmentCard } from './environment-card.tsx'
import { groupEnvironments, nameOf, releaseNamesOf } from './environment-groups.ts'
import { ReadinessLookup } from './readiness-lookup.tsx'
import { RegisterEnvironmentForm } from './register-environment.tsx'
import type { RegisterAgencyOption } from './register-environment.tsx'
import { useBookingsCalendar } from './use-bookings-calendar.ts'
import { useDisplayZone } from '../../lib/display-zone.ts'

const EnvironmentsDocument = graphql(`
  query Environments($key: String!) {
    program(key: $key) {
      id
      strategy {
        promotionPath
        cadence {
          timeZone
        }
      }
      agencies {
        id
        code
        name
        plans {
          id
          releases {
            ...ReleaseOptionFields
          }
        }
      }
      environments {
        ...EnvironmentCardFields
      }
    }
  }
`)

export function EnvironmentsPage(_props: { params: Record<string, string> }) {
  const { program } = useViewer()
  const q = useQuery(EnvironmentsDocument, { key: program?.key ?? '' }, { skip: !program, partial: true })
  const [params, setParams] = useSearchParams()
  const agencyFilter = params.get('agency') ?? ''
  const setAgencyFilter = (code: string) => {
    const next = new URLSearchParams(params)
    if (code) next.set('agency', code)
    else next.delete('agency')
    setParams(next)
  }
  const [status, setStatus] = useState('')
  const [registering, setRegistering] = useState(false)
  const p = q.data?.program
  const tz = useDisplayZone().zone
  const calendar = useBookingsCalendar(program?.key ?? null, tz, !!p)
  const refetchAll = async () => {
    await Promise.all([q.refetch(), calendar.refetch()])
  }
  const registerOwners = useRegisterOwners(p?.agencies ?? null)
  const releaseNames = useMemo(() => releaseNamesOf(p?.agencies ?? []), [p])
  const groups = useMemo(() => groupEnvironments(p?.environments ?? [], p?.strategy?.promotionPath ?? []), [p])
  const shown = useMemo(() => groups.filter((g) => !agencyFilter || g.key === agencyFilter), [groups, agencyFilter])
  const changed = async (message: string) => {
    setStatus(message)
    await refetchAll()
  }

  if (!program) return <EmptyState title="No program yet" />
  return (
    <div className="grid-container-widescreen padding-y-2" data-testid="environments-page">
      <h1>Environments</h1>
      <p className="ry-muted">Times in {tz}.</p>
      <SuccessStatus message={status} testId="environments-status" />
      <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      {q.loading && !q.data ? <Loading label="Loading environments…" /> : null}
      {p ? (
        <>
          <ReadinessLookup releaseNames={releaseNames} tz={tz} />
          <div className="ry-toolbar-actions">
            {registerOwners.length > 0 ? (
              <button
                type="button"
                className="usa-button usa-button--outline"
                aria-expanded={registering}
                aria-controls={registering ? 'register-environment-form' : undefined}
                onClick={() => setRegistering((v) => !v)}
                data-testid="register-environment"
              >
                Register environment
              </button>
            ) : null}
            <label className="usa-label margin-0" htmlFor="env-agency-filter">
              Show
            </label>
            <select
              id="env-agency-filter"
              className="usa-select width-auto margin-0"
              value={agencyFilter}
              onChange={(e) => setAgencyFilter(e.target.value)}
              data-testid="env-agency-filter"
            >
              <option value="">All environments</option>
              {groups.map((g) => (
                <option key={g.key} value={g.key}>
                  {g.title}
                </option>
              ))}
            </select>
          </div>
          {registering && registerOwners.length > 0 ? (
            <RegisterEnvironmentForm
              programId={p.id}
              promotionPath={p.strategy?.promotionPath ?? []}
              agencies={registerOwners}
              onClose={() => setRegistering(false)}
              onRegistered={async (env) => {
                setRegistering(false)
                setStatus(`Environment ${env.key} registered.`)
                // keep the new environment in view
                if (agencyFilter && agencyFilter !== (env.agencyCode ?? 'SHARED')) setAgencyFilter('')
                await refetchAll()
              }}
            />
          ) : null}
          {groups.length > 0 ? (
            <BookingsCalendar
              cal={calendar.cal}
              groups={shown}
              bookings={calendar.bookings}
              loading={calendar.loading}
              error={calendar.error}
              today={calendar.today}
              releaseLabel={(id) => nameOf(releaseNames, id)}
              onMonth={calendar.setMonth}
              onReload={() => void calendar.refetch()}
            />
          ) : (
            <EmptyState title="No environments you can see" testId="environments-empty" />
          )}
          {shown.map((g) => (
            <section key={g.key} aria-labelledby={`env-group-${g.key}`} data-testid={`env-group-${g.key}`} className="margin-bottom-3">
              <h2 id={`env-group-${g.key}`} className="font-heading-lg">
                {g.title}
              </h2>
              <div className="ry-env-grid">
                {g.envs.map((e) => (
                  <EnvironmentCard key={e.id} env={e} tz={tz} releaseNames={releaseNames} onChanged={changed} onReload={() => void q.refetch()} />
                ))}
              </div>
            </section>
          ))}
        </>
      ) : null}
    </div>
  )
}

/** Who may register for whom: an AGENCY_MANAGER for their agency, a PROGRAM_ADMIN shared ones (no agency). */
function useRegisterOwners(agencies: readonly { id: string; code: string; name: string }[] | null): RegisterAgencyOption[] {
  const agencyCan = useAgencyCan()
  const programCan = useProgramCan()
  return useMemo(() => {
    if (!agencies) return []
    const owners: RegisterAgencyOption[] = agencies
      .filter((a) => agencyCan(a.code).registerEnvironment)
      .map((a) => ({ id: a.id, label: `${a.code} · ${a.name}` }))
    if (programCan.registerSharedEnvironment) owners.push({ id: '', label: 'None — shared by the program' })
    return owners
  }, [agencies, agencyCan, programCan.registerSharedEnvironment])
}
