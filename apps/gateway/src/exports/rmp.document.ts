import { DateTime } from 'luxon'
import { lastTierWindow } from '@railyard/release-rules'
import type { CriterionData, EscalationLevelData, RmpPlanData, RmpReleaseData, RmpStageWindowData } from './export-data.ts'
import { programZone } from './export-time.ts'

/**
 * The agency's Release Management Plan as a format-neutral document (sections of paragraphs,
 * lists and tables of plain text), rendered by rmp-markdown.export.ts and rmp-html.export.ts.
 * Renderers escape every string; nothing here is markup.
 */

/** A cell or list item: plain text, literal text (keys, digests; shown as code) or a link. */
export type Inline = string | { code: string } | { text: string; href: string }

export type Block =
  /** level 3 by default (a release or a subsection); 4 inside a release */
  | { kind: 'heading'; text: string; level?: 3 | 4 }
  | { kind: 'paragraph'; text: Inline[]; tone?: 'warning' | 'muted' }
  | { kind: 'list'; items: Inline[][]; ordered?: boolean }
  | { kind: 'fields'; rows: [string, Inline[]][] }
  | { kind: 'table'; head: string[]; rows: Inline[][] }

export interface Section {
  id: string
  title: string
  blocks: Block[]
}

export interface RmpDocument {
  title: string
  subtitle: string
  overview: Block[]
  sections: Section[]
  footer: string
}

/** The section titles, in order (every RMP has all of them). */
export const RMP_SECTIONS = [
  ['scope', 'Scope'],
  ['sequencing', 'Sequencing'],
  ['roles', 'Roles (RACI)'],
  ['dependencies', 'Dependencies'],
  ['packaging', 'Packaging and versioning'],
  ['rollback', 'Rollback'],
  ['readiness', 'Readiness checkpoints'],
  ['gates', 'Quality gates and approvals'],
  ['escalation', 'Escalation'],
  ['communication', 'Communication'],
  ['validation', 'Post-release validation'],
] as const

type SectionId = (typeof RMP_SECTIONS)[number][0]

export interface RmpOptions {
  /** When the document is generated (an instant). */
  now: string
}

const RACI: Record<string, string> = {
  RELEASE_MANAGER: 'A',
  DEPLOYER: 'R',
  VALIDATOR: 'R',
  APPROVER: 'C',
  COMMUNICATIONS: 'I',
}

export function buildRmpDocument(plan: RmpPlanData, opts: RmpOptions): RmpDocument {
  const strategy = plan.program.strategyVersions.find((s) => s.version === plan.strategyVersion) ?? null
  const zone = programZone(strategy)
  const at = (instant: string | null | undefined) => formatInstant(instant, zone)
  const path = strategy?.promotionPath ?? []
  const lastTier = path.at(-1) ?? null
  const releases = plan.releases
  const releaseTitle = (r: RmpReleaseData) => `${r.name} ${r.version}`
  const none = (what: string): Block => ({ kind: 'paragraph', text: [what], tone: 'muted' })
  const perRelease = (fn: (r: RmpReleaseData) => Block[]): Block[] =>
    releases.length === 0 ? [none('The plan has no releases yet.')] : releases.flatMap((r) => [{ kind: 'heading', text: releaseTitle(r) }, ...fn(r)])

  // ------------------------------------------------------------------ overview
  const errors = plan.alignment.issues.filter((i) => i.severity === 'ERROR').length
  const warnings = plan.alignment.issues.filter((i) => i.severity === 'WARNING').length
  const releaseName = new Map(releases.map((r) => [r.id, releaseTitle(r)]))
  const overview: Block[] = [
    {
      kind: 'fields',
      rows: [
        ['Agency', [`${plan.agency.name} (${plan.agency.code})`]],
        ['Program', [`${plan.program.name} (${plan.program.key})`]],
        ['Plan', [plan.title]],
        ['Plan period', [`${plan.periodStart} to ${plan.periodEnd}`]],
        ['Status', [plan.status]],
        ['Revision', [`${plan.revision}, last changed ${at(plan.updatedAt)} by ${plan.updatedBy}`]],
        [
          'Release framework',
          [
            strategy
              ? `version ${strategy.version}, published ${at(strategy.publishedAt)}${plan.alignment.stale ? ' (the program has published a newer version)' : ''}`
              : `version ${plan.strategyVersion} (not readable)`,
          ],
        ],
        [
          'Alignment',
          [
            plan.alignment.aligned
              ? `aligned${warnings ? ` (${warnings} warning${s(warnings)})` : ''}`
              : `not aligned: ${errors} error${s(errors)}, ${warnings} warning${s(warnings)}`,
          ],
        ],
        ['Generated', [`${at(opts.now)} from live data; times are shown in ${zone}`]],
      ],
    },
  ]
  if (plan.alignment.issues.length) {
    overview.push({ kind: 'heading', text: 'Alignment issues' })
    overview.push({
      kind: 'list',
      items: plan.alignment.issues.map((i) => [
        `${i.severity} `,
        { code: i.code },
        `: ${i.message}${i.release ? ` (${releaseName.get(i.release.id) ?? i.release.id})` : ''}`,
      ]),
    })
  }
  overview.push({ kind: 'heading', text: 'Releases' })
  overview.push(
    releases.length === 0
      ? none('The plan has no releases yet.')
      : {
          kind: 'table',
          head: ['Release', 'Version', 'Type', 'Status', 'Current tier', 'Cycle', `${lastTier ?? 'Last tier'} window`],
          rows: releases.map((r) => {
            const w = lastTierWindow(r.schedule, path) as RmpStageWindowData | null
            return [r.name, { code: r.version }, r.type, r.status, r.currentTier ?? '—', r.cycle?.name ?? '—', w ? `${at(w.start)} – ${at(w.end)}` : '—']
          }),
        },
  )

  // ------------------------------------------------------------------ sections
  const sections: Record<SectionId, Block[]> = {
    scope: perRelease((r) => [
      ...(r.summary ? [{ kind: 'paragraph', text: [r.summary] } as Block] : []),
      {
        kind: 'fields',
        rows: [
          ['Type', [r.type]],
          ['Status', [r.status]],
          ['Release cycle', [r.cycle ? `${r.cycle.name} (release ${r.cycle.releaseDate}, code freeze ${r.cycle.codeFreeze})` : 'off-cycle']],
        ],
      },
      r.scope.length
        ? { kind: 'table', head: ['Key', 'Title', 'Kind'], rows: r.scope.map((x) => [{ code: x.key }, x.title, x.kind]) }
        : none('No scope items recorded.'),
    ]),

    sequencing: [
      {
        kind: 'paragraph',
        text: [
          path.length
            ? `Promotion path: ${path.join(' → ')}. Each release has one window per tier, in this order.`
            : 'The release framework defines no promotion path.',
        ],
      },
      ...(strategy
        ? [
            {
              kind: 'paragraph',
              text: [
                'Release trains follow ',
                { code: strategy.cadence.rule },
                ` in ${strategy.cadence.timeZone} from ${strategy.cadence.startsOn}; code freeze ${strategy.cadence.codeFreezeDaysBefore} day${s(strategy.cadence.codeFreezeDaysBefore)} before each release date.`,
              ],
            } as Block,
          ]
        : []),
      { kind: 'heading', text: 'Freeze windows' },
      strategy?.freezeWindows.length
        ? {
            kind: 'table',
            head: ['Freeze', 'Tiers', 'First occurrence', 'Repeats', 'Reason'],
            rows: strategy.freezeWindows.map((w) => [
              w.name,
              w.tiers.length ? w.tiers.join(', ') : 'all tiers',
              `${formatInstant(w.start, w.timeZone)} – ${formatInstant(w.end, w.timeZone)}`,
              w.recurrence ? { code: w.recurrence } : 'no',
              w.reason ?? '',
            ]),
          }
        : none('No freeze windows.'),
      ...perRelease((r) => [
        r.schedule.length
          ? {
              kind: 'table',
              head: ['Tier', 'Environment', 'Start', 'End'],
              rows: r.schedule.map((w) => [w.tier, w.environment ? { code: w.environment.key } : '—', at(w.start), at(w.end)]),
            }
          : { kind: 'paragraph', text: ['No schedule windows.'], tone: 'warning' },
        r.steps.length
          ? {
              kind: 'table',
              head: ['#', 'Deployment step', 'Owner', 'Minutes', 'Tier'],
              rows: [...r.steps]
                .sort((a, b) => a.order - b.order)
                .map((x) => [String(x.order), x.title, x.owner, String(x.durationMinutes), x.tier ?? 'every tier']),
            }
          : none('No deployment steps recorded.'),
      ]),
    ],

    roles: [
      {
        kind: 'paragraph',
        text: ['RACI: A = accountable (release manager), R = responsible (deployer, validator), C = consulted (approver), I = informed (communications).'],
        tone: 'muted',
      },
      ...perRelease((r) => [
        r.roles.length
          ? {
              kind: 'table',
              head: ['Responsibility', 'RACI', 'Person', 'Contact'],
              rows: r.roles.map((x) => [humanize(x.responsibility), RACI[x.responsibility] ?? '', x.person, x.contact ?? '']),
            }
          : { kind: 'paragraph', text: ['No roles assigned.'], tone: 'warning' },
      ]),
    ],

    dependencies: perRelease((r) => [
      r.dependencies.length
        ? {
            kind: 'table',
            head: ['Depends on', 'Kind', 'Required version', 'Note'],
            rows: r.dependencies.map((d) => [
              d.release
                ? `${d.release.agency.code}: ${d.release.name} ${d.release.version}`
                : d.sharedComponent
                  ? `${d.sharedComponent.name} (${d.sharedComponent.key}${d.sharedComponent.currentVersion ? `, now ${d.sharedComponent.currentVersion}` : ''})`
                  : 'not visible to you',
              d.release ? 'release (must reach production first)' : d.sharedComponent ? 'shared component' : '—',
              d.versionRange ? { code: d.versionRange } : '',
              d.note ?? '',
            ]),
          }
        : none('No dependencies.'),
      ...(r.dependents.length
        ? [{ kind: 'paragraph', text: [`Depended on by: ${r.dependents.map((d) => `${d.agency.code}: ${d.name} ${d.version}`).join('; ')}.`] } as Block]
        : []),
      r.requirements.length
        ? { kind: 'table', head: ['Environment requirement', 'Expected'], rows: r.requirements.map((q) => [{ code: q.key }, { code: q.expected }]) }
        : none('No environment requirements.'),
    ]),

    packaging: perRelease((r) => [
      { kind: 'fields', rows: [['Version', [{ code: r.version }, ` (${r.type}, semantic versioning)`]]] },
      r.artifacts.length
        ? {
            kind: 'table',
            head: ['Artifact', 'Version', 'Digest', 'Location'],
            rows: r.artifacts.map((a) => [a.name, { code: a.version }, { code: a.digest }, a.uri ? { code: a.uri } : '']),
          }
        : { kind: 'paragraph', text: ['No artifacts recorded.'], tone: 'warning' },
    ]),

    rollback: perRelease((r) =>
      r.rollback
        ? [
            {
              kind: 'fields',
              rows: [
                ['Strategy', [humanize(r.rollback.strategy)]],
                ['Time limit', [`${r.rollback.maxMinutes} minutes`]],
                ['Rehearsal', [r.rollback.rehearsedAt ? `rehearsed ${at(r.rollback.rehearsedAt)}` : 'not rehearsed yet']],
              ],
            },
            { kind: 'heading', text: 'Triggers', level: 4 },
            r.rollback.triggers.length ? { kind: 'list', items: r.rollback.triggers.map((t) => [t]) } : none('No triggers listed.'),
            { kind: 'heading', text: 'Steps', level: 4 },
            r.rollback.steps.length ? { kind: 'list', ordered: true, items: r.rollback.steps.map((t) => [t]) } : none('No steps listed.'),
          ]
        : [{ kind: 'paragraph', text: ['No rollback plan.'], tone: 'warning' }],
    ),

    readiness: [
      { kind: 'heading', text: `Enterprise readiness criteria (before ${lastTier ?? 'the last tier'})` },
      strategy?.readinessCriteria.length ? criteriaTable(strategy.readinessCriteria) : none('None defined.'),
      ...perRelease((r) => [
        r.checkpoints.length
          ? {
              kind: 'table',
              head: ['Criterion', 'Met', 'Value', 'Evidence', 'Recorded', 'Note'],
              rows: r.checkpoints.map((c) => [
                { code: c.criterionKey },
                c.met ? 'yes' : 'no',
                c.value === null ? '' : String(c.value),
                c.evidenceUrl ? link(c.evidenceUrl) : '',
                `${at(c.recordedAt)} by ${c.recordedBy}`,
                c.note ?? '',
              ]),
            }
          : none('No checkpoints recorded yet.'),
      ]),
    ],

    gates: [
      { kind: 'heading', text: 'Quality gates' },
      strategy?.qualityGates.length
        ? {
            kind: 'table',
            head: ['Gate', 'Guards entry into', 'Criteria'],
            rows: strategy.qualityGates.map((g) => [`${g.name} (${g.key})`, g.tier, g.criteria.map(criterionText).join('; ')]),
          }
        : none('None defined.'),
      ...perRelease((r) => [
        r.gates.length
          ? {
              kind: 'table',
              head: ['Gate', 'Tier', 'Status', 'Unmet criteria'],
              rows: r.gates.map((g) => [g.gate.name, g.gate.tier, g.passed ? 'passed' : 'not passed', g.unmetCriteria.join(', ')]),
            }
          : none('No gates apply.'),
      ]),
      { kind: 'heading', text: 'Plan approval workflow' },
      strategy
        ? {
            kind: 'table',
            head: ['Step', 'Name', 'Approver role', 'Approvals needed', 'Separation of duties'],
            rows: strategy.planApproval.steps.map((x) => [
              String(x.order),
              x.name,
              x.approverRole,
              String(x.minApprovals),
              x.separationOfDuties ? 'yes' : 'no',
            ]),
          }
        : none('Not readable.'),
      { kind: 'heading', text: 'Approval requests' },
      ...(plan.approvals.length
        ? plan.approvals.flatMap((a): Block[] => [
            {
              kind: 'paragraph',
              text: [`Submitted ${at(a.requestedAt)} by ${a.requestedBy}: ${a.status}${a.currentStep !== null ? `, waiting on step ${a.currentStep}` : ''}.`],
            },
            a.decisions.length
              ? {
                  kind: 'table',
                  head: ['Step', 'Decision', 'By', 'When', 'Comment'],
                  rows: a.decisions.map((d) => [String(d.step), d.decision, d.decidedBy, at(d.decidedAt), d.comment ?? '']),
                }
              : none('No decisions yet.'),
          ])
        : [none('The plan has not been submitted for approval.')]),
    ],

    escalation: [
      { kind: 'heading', text: 'Program escalation path' },
      strategy?.escalationPath.length ? escalationTable(strategy.escalationPath) : none('None defined.'),
      ...releases
        .filter((r) => strategy && !sameEscalation(r.escalation, strategy.escalationPath))
        .flatMap((r): Block[] => [{ kind: 'heading', text: `${releaseTitle(r)} (own escalation path)` }, escalationTable(r.escalation)]),
    ],

    communication: [
      {
        kind: 'paragraph',
        text: ['Agencies affected by each release (through release dependencies, shared components or shared environments) and who informs them.'],
      },
      releases.length
        ? {
            kind: 'table',
            head: ['Release', `${lastTier ?? 'Last tier'} window`, 'Impacted agencies', 'Communicates'],
            rows: releases.map((r) => {
              const w = lastTierWindow(r.schedule, path) as RmpStageWindowData | null
              const comms = r.roles.filter((x) => x.responsibility === 'COMMUNICATIONS')
              const who = (comms.length ? comms : r.roles.filter((x) => x.responsibility === 'RELEASE_MANAGER')).map(
                (x) => `${x.person}${x.contact ? ` <${x.contact}>` : ''}`,
              )
              return [
                releaseTitle(r),
                w ? `${at(w.start)} – ${at(w.end)}` : '—',
                r.impactedAgencies.length ? r.impactedAgencies.map((a) => `${a.name} (${a.code})`).join(', ') : 'none',
                who.join('; ') || '—',
              ]
            }),
          }
        : none('The plan has no releases yet.'),
    ],

    validation: perRelease((r) => [
      r.validations.length
        ? {
            kind: 'table',
            head: ['Tier', 'Validation', 'Owner'],
            rows: r.validations.map((v) => [v.tier === lastTier ? `${v.tier} (post-release)` : v.tier, v.description, v.owner]),
          }
        : { kind: 'paragraph', text: ['No validation requirements.'], tone: 'warning' },
      r.postReleaseValidation
        ? {
            kind: 'paragraph',
            text: [
              `Post-release validation ${r.postReleaseValidation.passed ? 'passed' : 'FAILED'} (${at(r.postReleaseValidation.recordedAt)}, ${r.postReleaseValidation.recordedBy})${r.postReleaseValidation.notes ? `: ${r.postReleaseValidation.notes}` : '.'}`,
            ],
            ...(r.postReleaseValidation.passed ? {} : { tone: 'warning' as const }),
          }
        : none('Post-release validation not recorded yet.'),
    ]),
  }

  return {
    title: `Release Management Plan: ${plan.agency.name}`,
    subtitle: `${plan.title} — ${plan.program.name} (${plan.program.key})`,
    overview,
    sections: RMP_SECTIONS.map(([id, title]) => ({ id, title, blocks: sections[id] })),
    footer: `Generated by Railyard on ${at(opts.now)} from plan ${plan.id} revision ${plan.revision}.`,
  }
}

function criteriaTable(criteria: CriterionData[]): Block {
  return {
    kind: 'table',
    head: ['Criterion', 'Description', 'Kind', 'Evidence required'],
    rows: criteria.map((c) => [{ code: c.key }, c.description, kindText(c), c.evidenceRequired ? 'yes' : 'no']),
  }
}

function criterionText(c: CriterionData): string {
  return `${c.description} (${kindText(c)}${c.evidenceRequired ? ', evidence required' : ''})`
}

function kindText(c: CriterionData): string {
  if (c.kind === 'METRIC_AT_LEAST') return `at least ${c.threshold ?? '?'}`
  if (c.kind === 'METRIC_AT_MOST') return `at most ${c.threshold ?? '?'}`
  return 'attestation'
}

function escalationTable(levels: EscalationLevelData[]): Block {
  return {
    kind: 'table',
    head: ['Level', 'Who', 'Contact', 'Responds within'],
    rows: [...levels].sort((a, b) => a.level - b.level).map((l) => [String(l.level), l.title, l.contact, `${l.responseMinutes} min`]),
  }
}

function sameEscalation(a: EscalationLevelData[], b: EscalationLevelData[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function link(url: string): Inline {
  return /^https?:\/\//i.test(url) ? { text: url, href: url } : url
}

function humanize(enumValue: string): string {
  const t = enumValue.toLowerCase().replace(/_/g, ' ')
  return t.charAt(0).toUpperCase() + t.slice(1)
}

function s(n: number): string {
  return n === 1 ? '' : 's'
}

/** "2027-03-09 18:00 PDT" in `zone`; '—' when absent. */
function formatInstant(instant: string | null | undefined, zone: string): string {
  if (!instant) return '—'
  const dt = DateTime.fromISO(instant, { zone }).setLocale('en-US')
  return dt.isValid ? `${dt.toFormat('yyyy-LL-dd HH:mm')} ${dt.offsetNameShort ?? zone}` : instant
}
