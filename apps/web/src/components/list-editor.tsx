/**
 * Editors for lists inside an input: a table of rows (add, remove, reorder) whose cells are
 * fields named by their input path (`${path}.${index}.${key}`), so server field errors land on
 * the right cell; and a textarea for lists of strings (one per line).
 */
import type { ReactNode } from 'react'
import { CheckboxField, SelectField, TextArea, TextField, useFieldScope } from './fields.tsx'
import type { Option } from './fields.tsx'
import { fromLocalInput, toLocalInput } from '../lib/time.ts'

export type Column<T> = {
  key: keyof T & string
  label: string
  width?: string
} & (
  | { type?: 'text' | 'url'; placeholder?: string }
  | { type: 'number'; step?: string; min?: string }
  | { type: 'select'; options: readonly (Option | string)[]; emptyLabel?: string }
  | { type: 'datetime'; timeZone: string }
  | { type: 'checkbox' }
  | { type: 'custom'; render: (row: T, index: number, set: (patch: Partial<T>) => void, path: string) => ReactNode }
)

export interface ListEditorProps<T> {
  /** input path of the list, e.g. 'input.schedule' */
  path: string
  label: string
  rows: T[]
  columns: Column<T>[]
  onChange: (rows: T[]) => void
  newRow: () => T
  /** data-testid stem: `${testId}-add`, `${testId}-row-${i}`, `${testId}-remove-${i}` */
  testId: string
  emptyText?: string
  addLabel?: string
  reorder?: boolean
  hint?: ReactNode
}

export function ListEditor<T extends object>(p: ListEditorProps<T>) {
  const { disabled, errors } = useFieldScope()
  const listError = errors.get(p.path)
  const set = (i: number, patch: Partial<T>) => p.onChange(p.rows.map((r, k) => (k === i ? { ...r, ...patch } : r)))
  const remove = (i: number) => p.onChange(p.rows.filter((_, k) => k !== i))
  const move = (i: number, d: number) => {
    const j = i + d
    if (j < 0 || j >= p.rows.length) return
    const next = [...p.rows]
    const [a, b] = [p.rows[i], p.rows[j]]
    if (a === undefined || b === undefined) return
    next[i] = b
    next[j] = a
    p.onChange(next)
  }
  return (
    <fieldset className="usa-fieldset ry-list" data-testid={p.testId}>
      <legend className="usa-legend font-heading-sm margin-top-1">{p.label}</legend>
      {p.hint ? <div className="usa-hint">{p.hint}</div> : null}
      {listError ? (
        <span className="usa-error-message" role="alert" data-testid={`${p.testId}-error`}>
          {listError}
        </span>
      ) : null}
      {p.rows.length === 0 ? (
        <p className="ry-muted" data-testid={`${p.testId}-empty`}>
          {p.emptyText ?? 'None yet.'}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="ry-list-editor">
            <thead>
              <tr>
                <th scope="col" className="usa-sr-only">
                  #
                </th>
                {p.columns.map((c) => (
                  <th key={c.key} scope="col" style={c.width ? { width: c.width } : undefined}>
                    {c.label}
                  </th>
                ))}
                <th scope="col">
                  <span className="usa-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((row, i) => (
                <tr key={i} data-testid={`${p.testId}-row-${i}`}>
                  <td className="usa-sr-only">{i + 1}</td>
                  {p.columns.map((c) => (
                    <td key={c.key}>
                      <Cell column={c} row={row} index={i} path={`${p.path}.${i}.${c.key}`} set={(patch) => set(i, patch)} />
                    </td>
                  ))}
                  <td className="ry-actions">
                    {p.reorder ? (
                      <>
                        <button
                          type="button"
                          className="ry-icon-button"
                          onClick={() => move(i, -1)}
                          disabled={disabled || i === 0}
                          aria-label={`Move ${p.label} row ${i + 1} up`}
                          data-testid={`${p.testId}-up-${i}`}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className="ry-icon-button"
                          onClick={() => move(i, 1)}
                          disabled={disabled || i === p.rows.length - 1}
                          aria-label={`Move ${p.label} row ${i + 1} down`}
                          data-testid={`${p.testId}-down-${i}`}
                        >
                          ↓
                        </button>
                      </>
                    ) : null}
                    <button
                      type="button"
                      className="ry-icon-button"
                      onClick={() => remove(i)}
                      disabled={disabled}
                      aria-label={`Remove ${p.label} row ${i + 1}`}
                      data-testid={`${p.testId}-remove-${i}`}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button
        type="button"
        className="usa-button usa-button--outline usa-button--small"
        onClick={() => p.onChange([...p.rows, p.newRow()])}
        disabled={disabled}
        data-testid={`${p.testId}-add`}
      >
        {p.addLabel ?? `Add ${p.label.toLowerCase().replace(/s$/, '')}`}
      </button>
    </fieldset>
  )
}

/** A cell's value as input text: strings, numbers and booleans as they are, anything else (null, missing) empty. */
function cellText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : ''
}

function Cell<T extends object>({
  column: c,
  row,
  index,
  path,
  set,
}: {
  column: Column<T>
  row: T
  index: number
  path: string
  set: (patch: Partial<T>) => void
}) {
  const value = (row as Record<string, unknown>)[c.key]
  const label = `${c.label} (row ${index + 1})`
  const patch = (v: unknown) => set({ [c.key]: v } as Partial<T>)
  switch (c.type) {
    case 'custom':
      return <>{c.render(row, index, set, path)}</>
    case 'number':
      return (
        <TextField
          compact
          path={path}
          label={label}
          type="number"
          step={c.step}
          min={c.min}
          value={Number.isNaN(value) ? '' : cellText(value)}
          onChange={(v) => patch(v === '' ? null : Number(v))}
        />
      )
    case 'select':
      return <SelectField compact path={path} label={label} value={cellText(value)} options={c.options} emptyLabel={c.emptyLabel} onChange={(v) => patch(v)} />
    case 'datetime':
      return (
        <TextField
          compact
          path={path}
          label={`${label}, ${c.timeZone}`}
          type="datetime-local"
          value={toLocalInput(typeof value === 'string' ? value : '', c.timeZone)}
          onChange={(v) => patch(fromLocalInput(v, c.timeZone))}
        />
      )
    case 'checkbox':
      return <CheckboxField path={path} label={c.label} checked={!!value} onChange={(v) => patch(v)} className="margin-0" />
    default:
      return (
        <TextField
          compact
          path={path}
          label={label}
          type={c.type === 'url' ? 'url' : 'text'}
          placeholder={'placeholder' in c ? c.placeholder : undefined}
          value={cellText(value)}
          onChange={(v) => patch(v)}
        />
      )
  }
}

/** A list of strings edited as lines of a textarea. */
export function LinesField({
  path,
  label,
  hint,
  value,
  onChange,
  rows,
}: {
  path: string
  label: string
  hint?: string
  value: string[]
  onChange: (v: string[]) => void
  rows?: number
}) {
  return (
    <TextArea
      path={path}
      label={label}
      hint={hint ?? 'One per line.'}
      rows={rows ?? Math.max(2, value.length + 1)}
      childErrors
      value={value.join('\n')}
      onChange={(v) => onChange(v.split('\n'))}
    />
  )
}
