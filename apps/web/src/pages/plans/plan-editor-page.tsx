/**
 * Plan editor (`/plans/:id`): plan fields, each release's sections, the alignment report live
 * beside them (refetched after every save), submit and realign. Stale edits (CONFLICT) offer a
 * reload; field errors land next to their inputs. The URL holds what is shown:
 * `?release=<id>&tab=<section>` (`release=new` for a new one).
 *
 * The parts: plan-heading, plan-fields, release-list, release-workspace (release-editor inside),
 * plan-approval-section and alignment-panel; the draft and its saving are use-release-draft and
 * use-save-release, the editor's choices use-editor-options.
 */
import { useState } from 'react'
import type { GraphQLErrorShape } from '../../api/client.ts'
import { useQuery } from '../../api/hooks.ts'
import { HistoryTab } from '../../components/history-tab.tsx'
import { EmptyState, ErrorAlert, Loading, PartialErrors, SuccessStatus } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { EscalationLevelFieldsFragment, PlanEditorQuery } from '../../gql/graphql.ts'
import { usePlanCan } from '../../permissions.ts'
import { Link, useSearchParams } from '../../router.tsx'
import { AlignmentPanel } from './alignment-panel.tsx'
import { PlanApprovalSection } from './plan-approval-section.tsx'
import { PlanFields } from './plan-fields.tsx'
import { PlanHeading } from './plan-heading.tsx'
import { SECTIONS } from './release-editor.tsx'
import type { SectionId } from './release-editor.tsx'
import { ReleaseList } from './release-list.tsx'
import { ReleaseWorkspace } from './release-workspace.tsx'
import { useEditorOptions } from './use-editor-options.ts'
import { NEW, useReleaseDraft } from './use-release-draft.ts'
import { useSaveRelease } from './use-save-release.ts'
import type { SetView } from './use-save-release.ts'
import { useDisplayZone } from '../../lib/display-zone.ts'

const PlanEditorDocument = graphql(`
  query PlanEditor($id: ID!) {
    agencyPlan(id: $id) {
      id
      title
      status
      periodStart
      periodEnd
      revision
      strategyVersion
      updatedAt
      updatedBy
      agency {
        id
        code
        name
      }
      program {
        id
        key
        name
        strategy {
          version
          promotionPath
          cadence {
            timeZone
          }
          escalationPath {
            ...EscalationLevelFields
          }
        }
      }
      ...PlanPermissions
      alignment {
        ...AlignmentFields
      }
      approvals {
        ...ApprovalRequestFields
      }
      releases {
        ...ReleaseEditorFields
      }
    }
  }
`)

export function PlanEditorPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? ''
  const q = useQuery(PlanEditorDocument, { id }, { partial: true })
  const plan = q.data?.agencyPlan ?? null
  if (q.error && !q.data) {
    return (
      <div className="grid-container-widescreen padding-y-2" data-testid="plan-editor">
        <h1>Plan</h1>
        <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      </div>
    )
  }
  if (!q.data) return <Loading label="Loading the plan…" testId="plan-loading" />
  if (!plan) {
    return (
      <div className="grid-container-widescreen padding-y-2" data-testid="plan-editor">
        <h1>Plan not found</h1>
        <EmptyState title="There is no such plan, or you may not see it." testId="plan-not-found">
          <Link to="/plans">Back to plans</Link>
        </EmptyState>
      </div>
    )
  }
  return <PlanEditor plan={plan} refetch={q.refetch} refreshing={q.loading} partialErrors={q.partialErrors} />
}

type Plan = NonNullable<PlanEditorQuery['agencyPlan']>
const NO_TIERS: string[] = []
const NO_LEVELS: EscalationLevelFieldsFragment[] = []

/** The selected release and editor section in the URL, and a setter that patches them. */
function useEditorView(firstReleaseId: string | null): { selectedKey: string | null; section: SectionId; setView: SetView } {
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab')
  const section = SECTIONS.find((s) => s.id === tab)?.id ?? 'basics'
  const setView: SetView = (patch) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v)
      else next.delete(k)
    }
    setParams(next)
  }
  return { selectedKey: params.get('release') ?? firstReleaseId, section, setView }
}

function PlanEditor({
  plan,
  refetch,
  refreshing,
  partialErrors,
}: {
  plan: Plan
  refetch: () => Promise<void>
  refreshing: boolean
  partialErrors: GraphQLErrorShape[]
}) {
  const can = usePlanCan(plan)
  const strategy = plan.program.strategy
  const tz = useDisplayZone().zone
  const promotionPath = strategy?.promotionPath ?? NO_TIERS
  const programEscalation = strategy?.escalationPath ?? NO_LEVELS
  const releases = plan.releases
  const { selectedKey, section, setView } = useEditorView(releases[0]?.id ?? null)
  const selected = selectedKey && selectedKey !== NEW ? (releases.find((r) => r.id === selectedKey) ?? null) : null
  const options = useEditorOptions({ plan, selected, promotionPath, releases })
  const [work, setWork] = useReleaseDraft({ selectedKey, selected, promotionPath, programEscalation })
  const [status, setStatus] = useState('')
  const save = useSaveRelease({ plan, work, setWork, setView, setStatus, refetch })
  const dirty = work?.dirty ?? false

  const selectRelease = (key: string | null) => {
    if (key === selectedKey) return
    if (dirty && !window.confirm('Discard the unsaved changes to this release?')) return
    setWork(null)
    save.clearError()
    setView({ release: key, tab: null })
  }
  const issueCount = (rid: string) => plan.alignment.issues.filter((i) => i.release?.id === rid).length

  return (
    <div className="grid-container-widescreen padding-y-2" data-testid="plan-editor" data-plan-id={plan.id} data-revision={plan.revision}>
      <PlanHeading plan={plan} tz={tz} canEdit={can.edit} />
      <PartialErrors errors={partialErrors} />
      <SuccessStatus message={status} testId="save-status" className="ry-save-status" />

      <div className="ry-layout-2col margin-top-2">
        <div>
          <PlanFields
            plan={plan}
            canEdit={can.edit}
            onSaved={async () => {
              await refetch()
              setStatus('Plan saved.')
            }}
            onReload={save.reloadLatest}
          />
          <section className="ry-card" aria-labelledby="releases-title">
            <div className="display-flex flex-justify flex-align-center">
              <h2 id="releases-title" className="font-heading-md margin-0">
                Releases
              </h2>
              {can.edit ? (
                <button type="button" className="usa-button usa-button--outline usa-button--small" onClick={() => selectRelease(NEW)} data-testid="add-release">
                  + New release
                </button>
              ) : null}
            </div>
            <div className="ry-release-area margin-top-1">
              <div>
                <ReleaseList releases={releases} selectedKey={selectedKey} issueCount={issueCount} onSelect={selectRelease} />
              </div>
              <div className="minw-0" data-testid="release-editor">
                {work ? (
                  <ReleaseWorkspace
                    work={work}
                    setWork={setWork}
                    selected={selected}
                    canEdit={can.edit}
                    save={save}
                    section={section}
                    setView={setView}
                    timeZone={tz}
                    options={options}
                    programEscalation={programEscalation}
                    onCancelled={async (message) => {
                      setStatus(message)
                      setWork(null)
                      await refetch()
                    }}
                  />
                ) : releases.length > 0 || selectedKey === NEW ? (
                  <p className="ry-muted">Choose a release.</p>
                ) : can.edit ? (
                  <p>
                    Add the first release of this plan with <strong>+ New release</strong>.
                  </p>
                ) : null}
              </div>
            </div>
          </section>
          <HistoryTab subjectId={plan.id} tz={tz} />
        </div>

        <aside className="ry-sticky-side" aria-label="Alignment and approval">
          <PlanApprovalSection
            plan={plan}
            can={can}
            latestVersion={strategy?.version ?? null}
            dirty={dirty}
            tz={tz}
            setStatus={setStatus}
            refetch={refetch}
            onReload={save.reloadLatest}
          />
          <AlignmentPanel
            alignment={plan.alignment}
            refreshing={refreshing}
            latestVersion={strategy?.version ?? null}
            onSelectRelease={(rid) => selectRelease(rid)}
          />
        </aside>
      </div>
    </div>
  )
}
