import { type Actor, canRead, isProgramAdmin } from '@railyard/auth'
import { type FieldError, badInput, forbidden, notFound, parseInput, runWrite } from '@railyard/graphql-kit'
import type { SaveViewInput, UpdateViewInput } from '../../__generated__/resolvers-types.ts'
import type { Context } from '../../context.ts'
import { fetchProgramForHealth } from '../../upstream/program-strategy.ts'
import { isUuid } from '../common/refs.ts'
import { deleteView as deleteViewRow, findView, findVisibleViews, insertView, lockView, updateView as updateViewRow } from './saved-view.repository.ts'
import type { SavedViewRow } from './saved-view.table.ts'
import { saveViewSchema, updateViewSchema } from './saved-view.validation.ts'

const ENTITY = 'SavedView'

const duplicateName = (name: string) => ({ path: ['input', 'name'], message: `You already have a view named "${name}" on this roadmap` })

/** What the actor may do with a view (SavedView.viewerCan). */
export function savedViewCan(actor: Actor, view: Pick<SavedViewRow, 'createdBy'>) {
  const owner = view.createdBy === actor.subject
  return { update: owner, delete: owner, share: owner && isProgramAdmin(actor) }
}

/** The actor's views of the program and its shared ones (those for readers of the roadmap only). */
export async function savedViews(ctx: Context, programId: string): Promise<SavedViewRow[]> {
  return findVisibleViews(ctx.db, programId, ctx.actor.subject, canRead(ctx.actor))
}

/**
 * The view the actor may change: their own. Another's private view is missing to them (NOT_FOUND,
 * like an id that names nothing); another's shared view, which they see, is FORBIDDEN.
 */
function ownView(actor: Actor, view: SavedViewRow | null, id: string): SavedViewRow {
  if (!view) throw notFound(ENTITY, id)
  if (view.createdBy === actor.subject) return view
  if (view.shared && canRead(actor)) throw forbidden('Only the person who saved a view may change or delete it')
  throw notFound(ENTITY, id)
}

/** Saves a view of the roadmap for the actor (shared: program admins). */
export async function saveView(ctx: Context, input: SaveViewInput): Promise<SavedViewRow> {
  const { actor, clients } = ctx
  const parsed = parseInput(saveViewSchema, input, ['input'])
  return runWrite(ctx, {
    authorize: () => {
      if (!canRead(actor)) throw forbidden('Only people who read the roadmap may save views of it')
      if (input.shared && !isProgramAdmin(actor)) throw forbidden('Only program admins may share views with everyone')
    },
    validate: async () => {
      const errors: FieldError[] = [...parsed.errors]
      const program = isUuid(input.programId) ? await fetchProgramForHealth(clients.programStrategy, actor.token, input.programId) : null
      if (!program) errors.push({ path: ['input', 'programId'], message: `There is no program ${input.programId}` })
      return errors
    },
    write: (trx) => {
      const v = parsed.value
      if (!v) throw badInput(parsed.errors) // (validate raised it already)
      return insertView(trx, { programId: input.programId, createdBy: actor.subject, name: v.name, parameters: v.parameters, shared: v.shared ?? false })
    },
    audit: (created) => ({ action: 'saveView', entityType: ENTITY, entityId: created.id, after: created }),
    uniqueViolation: duplicateName(input.name.trim()),
  })
}

/** Renames, changes or shares one of the actor's views. */
export async function updateView(ctx: Context, id: string, expectedRevision: number, input: UpdateViewInput): Promise<SavedViewRow> {
  const { actor, db } = ctx
  const parsed = parseInput(updateViewSchema, input, ['input'])
  return runWrite(ctx, {
    authorize: async () => {
      const view = ownView(actor, await findView(db, id), id)
      if (input.shared != null && input.shared !== view.shared && !isProgramAdmin(actor)) throw forbidden('Only program admins may share views with everyone')
      return view
    },
    validate: () => parsed.errors,
    lock: async (trx) => ownView(actor, await lockView(trx, id), id),
    expectedRevision: { expected: expectedRevision, current: (v) => v.revision, entity: ENTITY, id },
    write: (trx) => {
      const v = parsed.value
      if (!v) throw badInput(parsed.errors) // (validate raised it already)
      return updateViewRow(trx, id, { name: v.name ?? undefined, parameters: v.parameters ?? undefined, shared: v.shared ?? undefined })
    },
    audit: (after, before) => ({ action: 'updateView', entityType: ENTITY, entityId: id, before, after }),
    uniqueViolation: duplicateName((input.name ?? '').trim()),
  })
}

/** Deletes one of the actor's views. */
export async function deleteView(ctx: Context, id: string, expectedRevision: number): Promise<boolean> {
  const { actor, db } = ctx
  return runWrite(ctx, {
    authorize: async () => ownView(actor, await findView(db, id), id),
    lock: async (trx) => ownView(actor, await lockView(trx, id), id),
    expectedRevision: { expected: expectedRevision, current: (v) => v.revision, entity: ENTITY, id },
    write: async (trx) => {
      await deleteViewRow(trx, id)
      return true
    },
    audit: (_done, before) => ({ action: 'deleteView', entityType: ENTITY, entityId: id, before }),
  })
}
