/**
 * The roadmap's saved views (issue 12): a "Views" menu in the toolbar with "Save current view…",
 * the viewer's own views and the views the program office shares. A view is the roadmap's query
 * string (zoom, dates, filters, selection; layout.ts) under a name: restoring one navigates to it.
 * Own views can be edited (renamed, given the current dates and filters, shared by program
 * admins) and deleted after a confirmation. The dialogs are modal <dialog>s (focus moves into
 * them, Escape cancels), rendered outside the toolbar's form.
 */
import { useEffect, useId, useRef, useState } from 'react'
import type { FormEvent } from 'react'
import { createPortal } from 'react-dom'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation, useQuery } from '../../api/hooks.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { CheckboxField, FieldScope, TextField } from '../../components/fields.tsx'
import { ErrorAlert } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { SavedViewsQuery } from '../../gql/graphql.ts'
import { useSavedViewsCan } from '../../permissions.ts'
import { navigate, useLocation } from '../../router.tsx'
import { useViewer } from '../../viewer.tsx'
import { parseViewState, serializeViewState } from './layout.ts'

const SavedViewsDocument = graphql(`
  query SavedViews($programId: ID!) {
    savedViews(programId: $programId) {
      id
      name
      parameters
      shared
      mine
      revision
      viewerCan {
        update
        delete
        share
      }
    }
  }
`)

const SaveViewDocument = graphql(`
  mutation SaveView($input: SaveViewInput!) {
    saveView(input: $input) {
      id
      name
      revision
    }
  }
`)

const UpdateViewDocument = graphql(`
  mutation UpdateView($id: ID!, $expectedRevision: Int!, $input: UpdateViewInput!) {
    updateView(id: $id, expectedRevision: $expectedRevision, input: $input) {
      id
      name
      shared
      revision
    }
  }
`)

const DeleteViewDocument = graphql(`
  mutation DeleteView($id: ID!, $expectedRevision: Int!) {
    deleteView(id: $id, expectedRevision: $expectedRevision)
  }
`)

type SavedView = SavedViewsQuery['savedViews'][number]

/** The roadmap's own parameters of a query string (defaults left out): what a view saves. */
const viewParameters = (search: string) => serializeViewState(parseViewState(search)).toString()

export function ViewsMenu() {
  const { program } = useViewer()
  return program ? <ViewsMenuOf programId={program.id} /> : null
}

type Editing = { kind: 'save' } | { kind: 'edit'; view: SavedView }

function ViewsMenuOf({ programId }: { programId: string }) {
  const { pathname, search } = useLocation()
  const list = useQuery(SavedViewsDocument, { programId })
  const can = useSavedViewsCan()
  const [editing, setEditing] = useState<Editing | null>(null)
  const [deleting, setDeleting] = useState<SavedView | null>(null)
  const [status, setStatus] = useState('')
  const [remove, removal] = useMutation(DeleteViewDocument)
  const menu = useRef<HTMLDetailsElement>(null)
  const [open, setOpen] = useState(false)
  const summary = useRef<HTMLElement>(null)
  const listId = useId()
  /** Opens a dialog from the menu (closing the menu). */
  const startEditing = (e: Editing) => {
    setOpen(false)
    setEditing(e)
  }
  /** Closes the dialog, and focus goes back to the menu's button. */
  const stopEditing = () => {
    setEditing(null)
    requestAnimationFrame(() => summary.current?.focus())
  }

  // a click outside the menu closes it (as the filter menus do)
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (menu.current && !menu.current.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('click', close)
    return () => document.removeEventListener('click', close)
  }, [])

  const views = list.data?.savedViews ?? []
  const mine = views.filter((v) => v.mine)
  const shared = views.filter((v) => !v.mine)
  const current = viewParameters(search)

  const restore = (v: SavedView) => {
    setOpen(false)
    navigate(v.parameters ? `${pathname}?${v.parameters}` : pathname)
    setStatus(`Showing the saved view “${v.name}”.`)
  }
  const confirmDelete = async (v: SavedView) => {
    setDeleting(null)
    requestAnimationFrame(() => summary.current?.focus())
    const done = await remove({ id: v.id, expectedRevision: v.revision })
    if (done) setStatus(`Deleted the view “${v.name}”.`)
    await list.refetch()
  }

  const rows = (items: SavedView[], labelId: string) => (
    <ul className="usa-list usa-list--unstyled ry-views__list" aria-labelledby={labelId}>
      {items.map((v) => (
        <li key={v.id} className="ry-views__item" data-testid="saved-view" data-name={v.name}>
          <button
            type="button"
            className="usa-button usa-button--unstyled ry-views__restore"
            aria-current={v.parameters === current ? 'true' : undefined}
            onClick={() => restore(v)}
            data-testid="saved-view-restore"
          >
            {v.name}
          </button>
          {v.shared && v.mine ? <span className="ry-muted font-body-xs"> (shared)</span> : null}
          {v.viewerCan.update || v.viewerCan.delete ? (
            <span className="ry-views__actions">
              {v.viewerCan.update ? (
                <button
                  type="button"
                  className="usa-button usa-button--unstyled ry-views__action"
                  onClick={() => startEditing({ kind: 'edit', view: v })}
                  data-testid="saved-view-edit"
                >
                  Edit<span className="usa-sr-only"> the view {v.name}</span>
                </button>
              ) : null}
              {v.viewerCan.delete ? (
                <button
                  type="button"
                  className="usa-button usa-button--unstyled ry-views__action"
                  onClick={() => {
                    setOpen(false)
                    setDeleting(v)
                  }}
                  data-testid="saved-view-delete"
                >
                  Delete<span className="usa-sr-only"> the view {v.name}</span>
                </button>
              ) : null}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  )

  return (
    <>
      <details className="ry-menu" ref={menu} open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="views-menu">
        <summary className="usa-button usa-button--outline ry-menu__summary" ref={summary}>
          Views{views.length ? ` (${views.length})` : ''}
        </summary>
        <div className="ry-menu__list ry-views">
          <button
            type="button"
            className="usa-button usa-button--outline ry-views__save"
            onClick={() => startEditing({ kind: 'save' })}
            data-testid="views-save"
          >
            Save current view…
          </button>
          {list.error ? <ErrorAlert error={list.error} onReload={() => void list.refetch()} testId="views-error" /> : null}
          {removal.error ? <ErrorAlert error={removal.error} onReload={() => void list.refetch()} testId="views-delete-error" /> : null}
          <p className="ry-views__heading" id={`${listId}-mine`}>
            My views
          </p>
          {mine.length ? (
            rows(mine, `${listId}-mine`)
          ) : (
            <p className="ry-muted font-body-xs margin-0" data-testid="views-none">
              {list.loading && !list.data ? 'Loading…' : 'You have no saved views yet.'}
            </p>
          )}
          {shared.length ? (
            <>
              <p className="ry-views__heading" id={`${listId}-shared`}>
                Shared with everyone
              </p>
              {rows(shared, `${listId}-shared`)}
            </>
          ) : null}
        </div>
      </details>
      <span className="usa-sr-only" role="status" data-testid="views-status">
        {status}
      </span>
      {editing
        ? createPortal(
            <ViewDialog
              programId={programId}
              parameters={current}
              editing={editing}
              canShare={editing.kind === 'save' ? can.share : editing.view.viewerCan.share}
              onCancel={stopEditing}
              onDone={(message) => {
                stopEditing()
                setStatus(message)
                void list.refetch()
              }}
            />,
            document.body,
          )
        : null}
      {createPortal(
        <ConfirmDialog
          open={deleting !== null}
          title={`Delete the view “${deleting?.name ?? ''}”?`}
          confirmLabel="Delete view"
          testId="delete-view-dialog"
          onConfirm={() => {
            if (deleting) void confirmDelete(deleting)
          }}
          onCancel={() => {
            setDeleting(null)
            requestAnimationFrame(() => summary.current?.focus())
          }}
        >
          <p>
            {deleting?.shared ? 'It is removed for you and for everyone it is shared with. ' : 'It is removed from your views. '}
            The roadmap itself does not change.
          </p>
        </ConfirmDialog>,
        document.body,
      )}
    </>
  )
}

/** Save the current view under a name, or edit one of the viewer's views. */
function ViewDialog({
  programId,
  parameters,
  editing,
  canShare,
  onCancel,
  onDone,
}: {
  programId: string
  parameters: string
  editing: Editing
  canShare: boolean
  onCancel: () => void
  onDone: (message: string) => void
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const id = useId()
  const view = editing.kind === 'edit' ? editing.view : null
  const [name, setName] = useState(view?.name ?? '')
  const [shared, setShared] = useState(view?.shared ?? false)
  const [replace, setReplace] = useState(false)
  const [save, saving] = useMutation(SaveViewDocument)
  const [update, updating] = useMutation(UpdateViewDocument)
  const state = view ? updating : saving
  const errors = fieldErrorMap(state.error)
  // problems of the inputs shown here are shown next to them; anything else in an alert
  const shown = new Set(['input.name', ...(view ? ['input.parameters'] : []), ...(canShare ? ['input.shared'] : [])])
  const allInline = !!state.error && state.error.fieldErrors.length > 0 && state.error.fieldErrors.every((fe) => shown.has(fe.path.join('.')))

  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
    return () => d?.close()
  }, [])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (view) {
      const input = {
        name,
        ...(replace ? { parameters } : {}),
        ...(canShare && shared !== view.shared ? { shared } : {}),
      }
      const done = await update({ id: view.id, expectedRevision: view.revision, input })
      if (done) onDone(`Saved the view “${done.updateView.name}”.`)
    } else {
      const done = await save({ input: { programId, name, parameters, ...(canShare ? { shared } : {}) } })
      if (done) onDone(`Saved the current view as “${done.saveView.name}”.`)
    }
  }

  return (
    <dialog
      ref={ref}
      className="ry-dialog"
      aria-labelledby={`${id}-title`}
      data-testid="view-dialog"
      onCancel={(e) => {
        e.preventDefault()
        onCancel()
      }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={`${id}-title`} className="font-heading-md margin-top-0">
          {view ? 'Edit saved view' : 'Save current view'}
        </h2>
        <p className="margin-top-0">
          {view
            ? 'Rename the view, or give it the dates and filters the roadmap shows now.'
            : 'Keeps the roadmap’s zoom, dates and filters as they are now under a name, so you can come back to them from the Views menu.'}
        </p>
        <FieldScope errors={errors} prefix="view">
          <TextField path="input.name" label="Name" hint="Up to 80 characters." value={name} onChange={setName} required testId="view-name" />
          {view ? (
            <CheckboxField
              path="input.parameters"
              label="Replace its dates and filters with the current view"
              checked={replace}
              onChange={setReplace}
              testId="view-replace"
            />
          ) : null}
          {canShare ? <CheckboxField path="input.shared" label="Share with everyone" checked={shared} onChange={setShared} testId="view-shared" /> : null}
        </FieldScope>
        {allInline ? null : <ErrorAlert error={state.error} shownPaths={shown} testId="view-dialog-error" />}
        <div className="ry-toolbar-actions margin-top-2">
          <button type="submit" className="usa-button" disabled={state.loading} data-testid="view-dialog-submit">
            {view ? 'Save changes' : 'Save view'}
          </button>
          <button type="button" className="usa-button usa-button--outline" onClick={onCancel} data-testid="view-dialog-cancel">
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  )
}
