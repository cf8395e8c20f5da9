/**
 * The release editor's working copy: a release read from the API → an editable draft → the
 * `ReleaseInput` of addRelease/updateRelease. Keys mirror ReleaseInput, so a server field error
 * path (input.schedule.1.end) names the draft cell it belongs to. Only shape checks happen here
 * (required, numbers, instants); domain validation is the server's.
 */
import type { FieldError } from '../../api/client.ts'
import type { ReleaseEditorFieldsFragment, ReleaseInput, ReleaseType, RollbackStrategy } from '../../gql/graphql.ts'

export interface ReleaseDraft {
  name: string
  version: string
  type: ReleaseType
  summary: string
  cycleId: string
  scope: { key: string; title: string; kind: string }[]
  artifacts: { name: string; version: string; digest: string; uri: string }[]
  schedule: { tier: string; environmentId: string; start: string; end: string }[]
  steps: { title: string; owner: string; durationMinutes: number | null; tier: string }[]
  validations: { tier: string; description: string; owner: string }[]
  roles: { responsibility: string; person: string; contact: string }[]
  requirements: { key: string; expected: string }[]
  dependencies: { releaseId: string; sharedComponentId: string; versionRange: string; note: string }[]
  hasRollback: boolean
  rollback: { strategy: string; triggers: string[]; steps: string[]; maxMinutes: number | null }
  /** true: send no escalation (the strategy's applies) */
  useProgramEscalation: boolean
  escalation: { level: number | null; title: string; contact: string; responseMinutes: number | null }[]
}

type EscalationLike = { level: number; title: string; contact: string; responseMinutes: number }

function sameEscalation(a: readonly EscalationLike[], b: readonly EscalationLike[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]
      return y !== undefined && x.level === y.level && x.title === y.title && x.contact === y.contact && x.responseMinutes === y.responseMinutes
    })
  )
}

export function emptyDraft(promotionPath: readonly string[]): ReleaseDraft {
  return {
    name: '',
    version: '1.0.0',
    type: 'MINOR',
    summary: '',
    cycleId: '',
    scope: [],
    artifacts: [],
    schedule: promotionPath.map((tier) => ({ tier, environmentId: '', start: '', end: '' })),
    steps: [],
    validations: [],
    roles: [
      { responsibility: 'RELEASE_MANAGER', person: '', contact: '' },
      { responsibility: 'DEPLOYER', person: '', contact: '' },
    ],
    requirements: [],
    dependencies: [],
    hasRollback: true,
    rollback: { strategy: 'REDEPLOY_PREVIOUS', triggers: [], steps: [], maxMinutes: 30 },
    useProgramEscalation: true,
    escalation: [],
  }
}

export function draftFromRelease(r: ReleaseEditorFieldsFragment, programEscalation: readonly EscalationLike[]): ReleaseDraft {
  return {
    name: r.name,
    version: r.version,
    type: r.type,
    summary: r.summary ?? '',
    cycleId: r.cycle?.id ?? '',
    scope: r.scope.map((s) => ({ key: s.key, title: s.title, kind: s.kind })),
    artifacts: r.artifacts.map((a) => ({ name: a.name, version: a.version, digest: a.digest, uri: a.uri ?? '' })),
    schedule: r.schedule.map((w) => ({ tier: w.tier, environmentId: w.environment?.id ?? '', start: w.start, end: w.end })),
    steps: [...r.steps]
      .sort((a, b) => a.order - b.order)
      .map((s) => ({ title: s.title, owner: s.owner, durationMinutes: s.durationMinutes, tier: s.tier ?? '' })),
    validations: r.validations.map((v) => ({ tier: v.tier, description: v.description, owner: v.owner })),
    roles: r.roles.map((x) => ({ responsibility: x.responsibility, person: x.person, contact: x.contact ?? '' })),
    requirements: r.requirements.map((x) => ({ key: x.key, expected: x.expected })),
    dependencies: r.dependencies.map((d) => ({
      releaseId: d.release?.id ?? '',
      sharedComponentId: d.sharedComponent?.id ?? '',
      versionRange: d.versionRange ?? '',
      note: d.note ?? '',
    })),
    hasRollback: r.rollback !== null,
    rollback: r.rollback
      ? { strategy: r.rollback.strategy, triggers: [...r.rollback.triggers], steps: [...r.rollback.steps], maxMinutes: r.rollback.maxMinutes }
      : { strategy: 'REDEPLOY_PREVIOUS', triggers: [], steps: [], maxMinutes: 30 },
    useProgramEscalation: programEscalation.length > 0 ? sameEscalation(r.escalation, programEscalation) : r.escalation.length === 0,
    escalation: r.escalation.map((e) => ({ ...e })),
  }
}

const opt = (s: string): string | null => (s.trim() === '' ? null : s.trim())
const lines = (xs: string[]) => xs.map((l) => l.trim()).filter(Boolean)

export function draftToInput(d: ReleaseDraft): ReleaseInput {
  return {
    name: d.name.trim(),
    version: d.version.trim(),
    type: d.type,
    summary: opt(d.summary),
    cycleId: opt(d.cycleId),
    scope: d.scope.map((s) => ({ key: s.key.trim(), title: s.title.trim(), kind: s.kind as ReleaseInput['scope'][number]['kind'] })),
    artifacts: d.artifacts.map((a) => ({ name: a.name.trim(), version: a.version.trim(), digest: a.digest.trim(), uri: opt(a.uri) })),
    schedule: d.schedule.map((w) => ({ tier: w.tier, environmentId: opt(w.environmentId), start: w.start, end: w.end })),
    steps: d.steps.map((s) => ({ title: s.title.trim(), owner: s.owner.trim(), durationMinutes: s.durationMinutes ?? 0, tier: opt(s.tier) })),
    validations: d.validations.map((v) => ({ tier: v.tier, description: v.description.trim(), owner: v.owner.trim() })),
    roles: d.roles.map((r) => ({
      responsibility: r.responsibility as ReleaseInput['roles'][number]['responsibility'],
      person: r.person.trim(),
      contact: opt(r.contact),
    })),
    requirements: d.requirements.map((r) => ({ key: r.key.trim(), expected: r.expected.trim() })),
    dependencies: d.dependencies.map((x) => ({
      releaseId: opt(x.releaseId),
      sharedComponentId: opt(x.sharedComponentId),
      versionRange: opt(x.versionRange),
      note: opt(x.note),
    })),
    rollback: d.hasRollback
      ? {
          strategy: d.rollback.strategy as RollbackStrategy,
          triggers: lines(d.rollback.triggers),
          steps: lines(d.rollback.steps),
          maxMinutes: d.rollback.maxMinutes ?? 0,
        }
      : null,
    escalation: d.useProgramEscalation
      ? null
      : d.escalation.map((e) => ({ level: e.level ?? 0, title: e.title.trim(), contact: e.contact.trim(), responseMinutes: e.responseMinutes ?? 0 })),
  }
}

/**
 * Shape problems the server could not even parse (empty instants, missing numbers) or that are
 * plainly required, with the paths the server would use.
 */
export function checkDraft(d: ReleaseDraft): FieldError[] {
  const out: FieldError[] = []
  const need = (value: string, path: (string | number)[], what = 'Required') => {
    if (!value.trim()) out.push({ path: ['input', ...path], message: what })
  }
  need(d.name, ['name'])
  need(d.version, ['version'])
  d.scope.forEach((s, i) => {
    need(s.key, ['scope', i, 'key'])
    need(s.title, ['scope', i, 'title'])
  })
  d.artifacts.forEach((a, i) => {
    need(a.name, ['artifacts', i, 'name'])
    need(a.version, ['artifacts', i, 'version'])
    need(a.digest, ['artifacts', i, 'digest'])
  })
  d.schedule.forEach((w, i) => {
    need(w.tier, ['schedule', i, 'tier'])
    need(w.start, ['schedule', i, 'start'], 'Enter a start date and time')
    need(w.end, ['schedule', i, 'end'], 'Enter an end date and time')
  })
  d.steps.forEach((s, i) => {
    need(s.title, ['steps', i, 'title'])
    need(s.owner, ['steps', i, 'owner'])
    if (s.durationMinutes === null || !Number.isInteger(s.durationMinutes))
      out.push({ path: ['input', 'steps', i, 'durationMinutes'], message: 'Whole minutes' })
  })
  d.validations.forEach((v, i) => {
    need(v.tier, ['validations', i, 'tier'])
    need(v.description, ['validations', i, 'description'])
    need(v.owner, ['validations', i, 'owner'])
  })
  d.roles.forEach((r, i) => need(r.person, ['roles', i, 'person']))
  d.requirements.forEach((r, i) => {
    need(r.key, ['requirements', i, 'key'])
    need(r.expected, ['requirements', i, 'expected'])
  })
  d.dependencies.forEach((x, i) => {
    if (!x.releaseId && !x.sharedComponentId) out.push({ path: ['input', 'dependencies', i, 'releaseId'], message: 'Choose a release or a shared component' })
  })
  if (d.hasRollback && (d.rollback.maxMinutes === null || !Number.isInteger(d.rollback.maxMinutes)))
    out.push({ path: ['input', 'rollback', 'maxMinutes'], message: 'Whole minutes' })
  if (!d.useProgramEscalation)
    d.escalation.forEach((e, i) => {
      if (e.level === null || !Number.isInteger(e.level)) out.push({ path: ['input', 'escalation', i, 'level'], message: 'A whole number' })
      need(e.title, ['escalation', i, 'title'])
      need(e.contact, ['escalation', i, 'contact'])
      if (e.responseMinutes === null || !Number.isInteger(e.responseMinutes))
        out.push({ path: ['input', 'escalation', i, 'responseMinutes'], message: 'Whole minutes' })
    })
  return out
}

/** The editor tab a field path belongs to ('input.schedule.1.end' → 'schedule'). */
export function sectionOf(path: readonly (string | number)[]): string {
  const key = String(path[1] ?? '')
  return ['name', 'version', 'type', 'summary', 'cycleId'].includes(key) ? 'basics' : key
}
