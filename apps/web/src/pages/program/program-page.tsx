/**
 * Program framework (`/program`): the latest strategy, editing and publishing a new version
 * (PROGRAM_ADMIN; expectedVersion guards against concurrent publishing), and any two versions
 * side by side (strategy-view, compare-view, strategy-editor, freeze-exports).
 */
import { useState } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { EmptyState, ErrorAlert, Loading, SuccessStatus } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { ProgramFrameworkQuery } from '../../gql/graphql.ts'
import { useProgramCan } from '../../permissions.ts'
import { useSearchParams } from '../../router.tsx'
import { useViewer } from '../../viewer.tsx'
import { CalendarSubscriptions } from './calendar-subscriptions.tsx'
import { CompareView } from './compare-view.tsx'
import { FreezeExports } from './freeze-exports.tsx'
import { StrategyEditor } from './strategy-editor.tsx'
import { StrategyView } from './strategy-view.tsx'

const ProgramFrameworkDocument = graphql(`
  query ProgramFramework($key: String!) {
    program(key: $key) {
      id
      key
      name
      description
      strategyVersions {
        ...StrategyFields
      }
      sharedComponents {
        id
        key
        name
        currentVersion
        owner {
          code
        }
      }
      agencies {
        id
        code
        name
      }
    }
  }
`)

const VIEWS = [
  { id: 'current', label: 'Current framework' },
  { id: 'compare', label: 'Compare versions' },
  { id: 'edit', label: 'Edit & publish' },
] as const

export function ProgramPage(_props: { params: Record<string, string> }) {
  const { program } = useViewer()
  const q = useQuery(ProgramFrameworkDocument, { key: program?.key ?? '' }, { skip: !program, partial: true })
  const [params, setParams] = useSearchParams()
  const admin = useProgramCan().publishStrategy
  const view = VIEWS.find((v) => v.id === params.get('view') && (v.id !== 'edit' || admin))?.id ?? 'current'
  const setParam = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v)
      else next.delete(k)
    }
    setParams(next)
  }
  const [status, setStatus] = useState('')

  if (!program) return <EmptyState title="No program yet" />
  const p = q.data?.program
  const versions = p?.strategyVersions ?? []
  const latest = versions[0] ?? null
  return (
    <div className="grid-container-widescreen padding-y-2" data-testid="program-page">
      <h1>
        {program.name} <span className="ry-subtitle">{program.key}</span>
      </h1>
      {p?.description ? <p className="usa-intro">{p.description}</p> : null}
      <SuccessStatus message={status} testId="program-status" />
      <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      {q.loading && !q.data ? <Loading label="Loading the framework…" /> : null}
      {p ? (
        <>
          <div className="ry-tabs" role="tablist" aria-label="Framework views">
            {VIEWS.filter((v) => v.id !== 'edit' || admin).map((v) => (
              <button
                key={v.id}
                type="button"
                role="tab"
                aria-selected={view === v.id}
                onClick={() => setParam({ view: v.id === 'current' ? null : v.id })}
                data-testid={`program-tab-${v.id}`}
              >
                {v.label}
              </button>
            ))}
          </div>
          {view === 'current' ? (
            latest ? (
              <>
                <StrategyView strategy={latest} />
                <FreezeExports programKey={program.key} />
                <CalendarSubscriptions programKey={program.key} programId={p.id} />
                <SharedComponents components={p.sharedComponents} />
              </>
            ) : (
              <EmptyState title="No strategy published yet" testId="no-strategy">
                {admin ? 'Publish the first version under “Edit & publish”.' : 'A program administrator publishes it.'}
              </EmptyState>
            )
          ) : null}
          {view === 'compare' ? <CompareView versions={versions} a={params.get('a')} b={params.get('b')} onPick={(a, b) => setParam({ a, b })} /> : null}
          {view === 'edit' && admin ? (
            <StrategyEditor
              key={latest?.version ?? 0}
              programId={p.id}
              latest={latest}
              onPublished={async (v) => {
                await q.refetch()
                setStatus(`Published strategy version ${v}.`)
                setParam({ view: null })
              }}
              onReload={() => void q.refetch()}
            />
          ) : null}
        </>
      ) : null}
    </div>
  )
}

function SharedComponents({ components }: { components: NonNullable<ProgramFrameworkQuery['program']>['sharedComponents'] }) {
  return (
    <section className="ry-card" aria-labelledby="components-title" data-testid="shared-components">
      <h2 id="components-title" className="font-heading-md">
        Shared components
      </h2>
      {components.length === 0 ? (
        <p className="ry-muted">None registered.</p>
      ) : (
        <ul className="usa-list">
          {components.map((c) => (
            <li key={c.id}>
              {c.name} ({c.key}) {c.currentVersion ?? ''} — owner {c.owner?.code ?? 'program'}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
