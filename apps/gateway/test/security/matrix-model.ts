import type { Role } from '@railyard/auth'

/**
 * The access rules of DESIGN.md ("Access rules"), written again here — independently of
 * @railyard/auth — as the oracle of the access matrix, plus the ground truth the matrix
 * compares against: every object the program office can reach, with its owner.
 */

export interface PersonaModel {
  roles: Role[]
  agency?: string
  scopes?: string[]
}

const has = (p: PersonaModel, ...roles: Role[]) => p.roles.some((r) => roles.includes(r))
const scoped = (p: PersonaModel, s: string) => p.scopes?.includes(s) ?? false

function readsEverything(p: PersonaModel): boolean {
  return has(p, 'PROGRAM_ADMIN', 'PROGRAM_VIEWER') || (has(p, 'INTEGRATION') && scoped(p, 'graph:read') && !p.agency)
}

function ownAgency(p: PersonaModel): string | null {
  if (!p.agency) return null
  if (has(p, 'AGENCY_MANAGER', 'AGENCY_MEMBER', 'AGENCY_VIEWER')) return p.agency
  return has(p, 'INTEGRATION') && scoped(p, 'graph:read') ? p.agency : null
}

export const canRead = (p: PersonaModel) => readsEverything(p) || ownAgency(p) !== null

function planAccess(p: PersonaModel, agency: string, status: string): 'full' | 'roadmap' | 'none' {
  if (readsEverything(p) || ownAgency(p) === agency) return 'full'
  return canRead(p) && status === 'APPROVED' ? 'roadmap' : 'none'
}

/**
 * A release is read as its plan is; an integration with deployments:write also reads its
 * agency's releases (all agencies' without an agency) at roadmap level (DESIGN "Writes").
 */
function releaseAccess(p: PersonaModel, agency: string, status: string): 'full' | 'roadmap' | 'none' {
  const access = planAccess(p, agency, status)
  if (access !== 'none') return access
  return has(p, 'INTEGRATION') && scoped(p, 'deployments:write') && (!p.agency || p.agency === agency) ? 'roadmap' : 'none'
}

function environmentVisible(p: PersonaModel, agency: string | null): boolean {
  if (readsEverything(p)) return true
  return canRead(p) && (agency === null || ownAgency(p) === agency)
}

/**
 * Fields another agency reads of an APPROVED plan and of its releases (DESIGN "Access rules").
 * `viewerCan` is what the viewer may do (all false for another agency): it tells nothing of the plan.
 */
const ROADMAP_FIELDS: Record<string, ReadonlySet<string>> = {
  AgencyReleasePlan: new Set(['__typename', 'id', 'agency', 'program', 'title', 'periodStart', 'periodEnd', 'status', 'releases', 'viewerCan']),
  Release: new Set([
    '__typename',
    'id',
    'agency',
    'plan',
    'name',
    'version',
    'type',
    'cycle',
    'status',
    'currentTier',
    'schedule',
    'dependencies',
    'dependents',
    'impactedAgencies',
    'viewerCan',
  ]),
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Obj = { [k: string]: Json }
const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** An owner of data: a plan (its releases and everything below them) or an environment. */
type Owner = `plan:${string}` | `env:${string}` | 'public'

export interface KnownObject {
  id: string
  typename: string
  key?: string
  code?: string
  revision?: number
  owners: Set<Owner>
}

/** Everything the program office sees, by id, with each object's owners. */
export class GroundTruth {
  readonly objects = new Map<string, KnownObject>()
  private readonly planInfo = new Map<string, { agencyId: string; status: string }>()
  readonly releasePlan = new Map<string, string>()
  /** Environment id → its agency's id (null: shared). */
  private readonly envAgencyId = new Map<string, string | null>()

  /** Plans by id with their agency's code and status. */
  get plans(): Map<string, { agency: string; status: string }> {
    const out = new Map<string, { agency: string; status: string }>()
    for (const [id, p] of this.planInfo) out.set(id, { agency: this.codeOf(p.agencyId) ?? '?', status: p.status })
    return out
  }

  private codeOf(agencyId: string | null | undefined): string | null {
    return agencyId ? (this.objects.get(agencyId)?.code ?? null) : null
  }

  /** Records every object with an id in an answer the program office got. */
  add(data: Json | undefined, owner: Owner = 'public'): void {
    if (Array.isArray(data)) for (const d of data) this.add(d, owner)
    if (!isObj(data)) return
    const id = typeof data.id === 'string' ? data.id : undefined
    const typename = typeof data.__typename === 'string' ? data.__typename : undefined
    let own: Owner = owner
    if (id && typename === 'AgencyReleasePlan') {
      own = `plan:${id}`
      const agencyId = isObj(data.agency) ? data.agency.id : undefined
      if (typeof agencyId === 'string' && typeof data.status === 'string') this.planInfo.set(id, { agencyId, status: data.status })
    } else if (id && typename === 'Release') {
      const planId = isObj(data.plan) && typeof data.plan.id === 'string' ? data.plan.id : owner.startsWith('plan:') ? owner.slice(5) : undefined
      if (planId) {
        this.releasePlan.set(id, planId)
        own = `plan:${planId}`
      }
    } else if (id && typename === 'Environment') {
      own = `env:${id}`
      if ('agency' in data) this.envAgencyId.set(id, isObj(data.agency) && typeof data.agency.id === 'string' ? data.agency.id : null)
    }
    if (id && typename) {
      const o = this.objects.get(id) ?? { id, typename, owners: new Set<Owner>() }
      o.owners.add(own)
      if (typeof data.key === 'string') o.key = data.key
      if (typeof data.code === 'string') o.code = data.code
      if (typeof data.revision === 'number') o.revision = data.revision
      this.objects.set(id, o)
    }
    for (const [k, v] of Object.entries(data)) if (k !== '__typename') this.add(v, own)
  }

  /** Owner agency of an owner (null: shared environment or public). */
  agencyOf(owner: Owner): string | null {
    if (owner.startsWith('plan:')) return this.codeOf(this.planInfo.get(owner.slice(5))?.agencyId)
    if (owner.startsWith('env:')) return this.codeOf(this.envAgencyId.get(owner.slice(4)))
    return null
  }

  private ownerVisible(p: PersonaModel, owner: Owner): boolean {
    if (owner === 'public') return true
    if (owner.startsWith('plan:')) {
      const plan = this.planInfo.get(owner.slice(5))
      return !plan || planAccess(p, this.codeOf(plan.agencyId) ?? '?', plan.status) !== 'none'
    }
    const env = owner.slice(4)
    return !this.envAgencyId.has(env) || environmentVisible(p, this.agencyOf(owner))
  }

  /** May `p` see this object at all? Yes when it is reachable through any owner it may see. */
  visibleTo(p: PersonaModel, o: KnownObject): boolean {
    if (o.typename === 'Release') {
      const plan = this.planOf('Release', o.id)
      if (plan && releaseAccess(p, plan.agency, plan.status) !== 'none') return true
    }
    return [...o.owners].some((owner) => this.ownerVisible(p, owner))
  }

  /** Ids the persona may not see (UUIDs only: they cannot appear by coincidence). */
  hiddenIds(p: PersonaModel): Set<string> {
    const out = new Set<string>()
    for (const o of this.objects.values()) if (o.id.length >= 32 && !this.visibleTo(p, o)) out.add(o.id)
    return out
  }

  /** The plan an AgencyReleasePlan or Release object belongs to. */
  planOf(typename: string, id: string): { agency: string; status: string } | undefined {
    const plan = this.planInfo.get(typename === 'AgencyReleasePlan' ? id : (this.releasePlan.get(id) ?? ''))
    return plan ? { agency: this.codeOf(plan.agencyId) ?? '?', status: plan.status } : undefined
  }
}

export interface Finding {
  kind: 'leak' | 'foreign write' | 'oracle' | 'server error'
  persona: string
  route: string
  what: string
}

/**
 * Leaks in one answer: an id the persona may not see anywhere in it (the ids it sent itself
 * removed first), or a non-roadmap field with a value on another agency's plan or release.
 */
export function findLeaks(truth: GroundTruth, p: PersonaModel, hidden: Set<string>, body: string, sentIds: string[]): string[] {
  let text = body
  for (const id of sentIds) text = text.split(id).join('<SENT>')
  const out: string[] = []
  for (const id of hidden) if (text.includes(id)) out.push(`hidden ${truth.objects.get(id)?.typename ?? 'object'} ${id}`)
  const walk = (v: Json | undefined): void => {
    if (Array.isArray(v)) return v.forEach(walk)
    if (!isObj(v)) return
    const typename = typeof v.__typename === 'string' ? v.__typename : ''
    const roadmap = ROADMAP_FIELDS[typename]
    if (roadmap && typeof v.id === 'string') {
      const plan = truth.planOf(typename, v.id)
      if (plan && (typename === 'Release' ? releaseAccess : planAccess)(p, plan.agency, plan.status) === 'roadmap') {
        for (const [k, val] of Object.entries(v))
          if (!roadmap.has(k) && val !== null && !(Array.isArray(val) && val.length === 0)) out.push(`${typename}.${k} of ${plan.agency}'s ${plan.status} plan`)
      }
    }
    for (const val of Object.values(v)) walk(val)
  }
  walk((JSON.parse(body) as { data?: Json }).data)
  return out
}

/** The answer with everything that legitimately differs between two requests removed. */
export function normalized(body: string, refs: string[]): string {
  let text = body
  for (const r of [...refs].sort((a, b) => b.length - a.length)) if (r) text = text.split(r).join('<REF>')
  return text.replace(/"requestId":"[^"]*"/g, '').replace(/\(request [^)]*\)/g, '')
}
