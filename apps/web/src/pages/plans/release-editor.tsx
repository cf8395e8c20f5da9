/** The sections of one release as tabs (the sections themselves: release-sections.tsx). */
import type { KeyboardEvent } from 'react'
import type { Option } from '../../components/fields.tsx'
import type { ReleaseDraft } from './release-draft.ts'
import { SECTION_VIEWS } from './release-sections.tsx'

export const SECTIONS = [
  { id: 'basics', label: 'Basics' },
  { id: 'scope', label: 'Scope' },
  { id: 'artifacts', label: 'Artifacts' },
  { id: 'schedule', label: 'Schedule' },
  { id: 'steps', label: 'Steps' },
  { id: 'validations', label: 'Validations' },
  { id: 'roles', label: 'Roles' },
  { id: 'requirements', label: 'Requirements' },
  { id: 'dependencies', label: 'Dependencies' },
  { id: 'rollback', label: 'Rollback' },
  { id: 'escalation', label: 'Escalation' },
] as const
export type SectionId = (typeof SECTIONS)[number]['id']

export interface EditorOptions {
  tiers: string[]
  environments: Option[]
  cycles: Option[]
  releases: Option[]
  sharedComponents: Option[]
}

export interface ReleaseEditorProps {
  draft: ReleaseDraft
  onChange: (d: ReleaseDraft) => void
  section: SectionId
  onSection: (s: SectionId) => void
  /** errors per section (counts), for the tab badges */
  errorCounts: ReadonlyMap<string, number>
  timeZone: string
  options: EditorOptions
  programEscalation: { level: number; title: string; contact: string; responseMinutes: number }[]
}

function countOf(d: ReleaseDraft, s: SectionId): number | null {
  switch (s) {
    case 'basics':
    case 'rollback':
      return null
    case 'escalation':
      return d.useProgramEscalation ? null : d.escalation.length
    default:
      return (d[s] as unknown[]).length
  }
}

export function ReleaseEditor(p: ReleaseEditorProps) {
  const { draft: d, onChange } = p
  const set = <K extends keyof ReleaseDraft>(k: K, v: ReleaseDraft[K]) => onChange({ ...d, [k]: v })
  const View = SECTION_VIEWS[p.section]
  return (
    <div>
      <SectionTabs draft={d} section={p.section} onSection={p.onSection} errorCounts={p.errorCounts} />
      <div id={`section-${p.section}`} role="tabpanel" aria-labelledby={`tab-${p.section}`} data-testid={`section-${p.section}`}>
        <View d={d} set={set} onChange={onChange} options={p.options} timeZone={p.timeZone} programEscalation={p.programEscalation} />
      </div>
    </div>
  )
}

/** The tab list: arrow keys move between tabs; each tab shows its row count and its problems. */
function SectionTabs({
  draft: d,
  section,
  onSection,
  errorCounts,
}: {
  draft: ReleaseDraft
  section: SectionId
  onSection: (s: SectionId) => void
  errorCounts: ReadonlyMap<string, number>
}) {
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const d2 = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    if (!d2) return
    e.preventDefault()
    const next = SECTIONS[(i + d2 + SECTIONS.length) % SECTIONS.length]
    if (!next) return
    onSection(next.id)
    requestAnimationFrame(() => document.getElementById(`tab-${next.id}`)?.focus())
  }
  return (
    <div className="ry-tabs" role="tablist" aria-label="Release sections">
      {SECTIONS.map((s, i) => {
        const n = countOf(d, s.id)
        const errs = errorCounts.get(s.id) ?? 0
        return (
          <button
            key={s.id}
            id={`tab-${s.id}`}
            type="button"
            role="tab"
            aria-selected={section === s.id}
            aria-controls={`section-${s.id}`}
            tabIndex={section === s.id ? 0 : -1}
            onClick={() => onSection(s.id)}
            onKeyDown={(e) => onTabKey(e, i)}
            data-testid={`tab-${s.id}`}
          >
            {s.label}
            {n !== null ? <span className="ry-tab-count">{n}</span> : null}
            {errs > 0 ? (
              <span className="ry-tab-error" aria-label={`${errs} problems`}>
                {' '}
                ⚠{errs}
              </span>
            ) : null}
          </button>
        )
      })}
    </div>
  )
}
