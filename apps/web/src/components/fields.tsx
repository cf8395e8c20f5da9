/**
 * Form fields (USWDS markup) that show the server's field-level errors next to the right input.
 * Wrap a form in <FieldScope errors={fieldErrorMap(error)} prefix="…">; each field names its
 * input path (e.g. 'input.schedule.1.end', the path of extensions.fieldErrors joined by dots).
 */
import { createContext, useContext } from 'react'
import type { ReactNode } from 'react'
import type { ApiError } from '../api/client.ts'

interface Scope {
  errors: ReadonlyMap<string, string>
  prefix: string
  disabled: boolean
}

const ScopeContext = createContext<Scope>({ errors: new Map(), prefix: 'f', disabled: false })

export function FieldScope({
  errors,
  prefix,
  disabled = false,
  children,
}: {
  errors: ReadonlyMap<string, string>
  prefix: string
  disabled?: boolean
  children: ReactNode
}) {
  return <ScopeContext.Provider value={{ errors, prefix, disabled }}>{children}</ScopeContext.Provider>
}

export function useFieldScope(): Scope {
  return useContext(ScopeContext)
}

export function fieldId(prefix: string, path: string): string {
  return `${prefix}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`
}

interface BaseProps {
  path: string
  label: string
  hint?: string
  testId?: string
  /** Hide the label visually (table cells); it stays for screen readers. */
  compact?: boolean
  required?: boolean
  disabled?: boolean
  className?: string
  /** Also show errors of paths below this one (e.g. 'input.rollback.triggers.2' on the triggers textarea). */
  childErrors?: boolean
}

function collectErrors(errors: ReadonlyMap<string, string>, path: string, children: boolean): string | undefined {
  const own = errors.get(path)
  if (!children) return own
  const below = [...errors.entries()].filter(([k]) => k.startsWith(`${path}.`)).map(([k, v]) => `${k.slice(path.length + 1)}: ${v}`)
  const all = [own, ...below].filter(Boolean)
  return all.length ? all.join(' ') : undefined
}

function useField(p: BaseProps) {
  const scope = useFieldScope()
  const id = fieldId(scope.prefix, p.path)
  const error = collectErrors(scope.errors, p.path, !!p.childErrors)
  const describedBy = [error ? `${id}-error` : null, p.hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined
  return { id, error, describedBy, disabled: scope.disabled || !!p.disabled, testId: p.testId ?? `field-${p.path}` }
}

function Frame({ p, f, children }: { p: BaseProps; f: ReturnType<typeof useField>; children: ReactNode }) {
  return (
    <div className={`usa-form-group ${f.error ? 'usa-form-group--error' : ''} ${p.compact ? 'ry-compact' : ''} ${p.className ?? ''}`}>
      <label className={`usa-label ${f.error ? 'usa-label--error' : ''} ${p.compact ? 'usa-sr-only' : ''}`} htmlFor={f.id}>
        {p.label}
        {p.required ? (
          <abbr title="required" className="usa-hint usa-hint--required">
            {' '}
            *
          </abbr>
        ) : null}
      </label>
      {p.hint ? (
        <div className="usa-hint" id={`${f.id}-hint`}>
          {p.hint}
        </div>
      ) : null}
      {f.error ? (
        <span className="usa-error-message" id={`${f.id}-error`} role="alert" data-testid={`${f.testId}-error`}>
          {f.error}
        </span>
      ) : null}
      {children}
    </div>
  )
}

export function TextField(
  p: BaseProps & {
    value: string
    onChange: (value: string) => void
    type?: 'text' | 'number' | 'date' | 'datetime-local' | 'url' | 'email'
    placeholder?: string
    step?: string
    min?: string
  },
) {
  const f = useField(p)
  return (
    <Frame p={p} f={f}>
      <input
        id={f.id}
        name={p.path}
        className={`usa-input ${f.error ? 'usa-input--error' : ''}`}
        type={p.type ?? 'text'}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={f.describedBy}
        required={p.required}
        disabled={f.disabled}
        placeholder={p.placeholder}
        step={p.step}
        min={p.min}
        data-testid={f.testId}
      />
    </Frame>
  )
}

export function TextArea(p: BaseProps & { value: string; onChange: (value: string) => void; rows?: number }) {
  const f = useField(p)
  return (
    <Frame p={p} f={f}>
      <textarea
        id={f.id}
        name={p.path}
        className={`usa-textarea ${f.error ? 'usa-input--error' : ''}`}
        value={p.value}
        rows={p.rows ?? 3}
        onChange={(e) => p.onChange(e.target.value)}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={f.describedBy}
        disabled={f.disabled}
        data-testid={f.testId}
      />
    </Frame>
  )
}

export interface Option {
  value: string
  label: string
}

export function SelectField(p: BaseProps & { value: string; onChange: (value: string) => void; options: readonly (Option | string)[]; emptyLabel?: string }) {
  const f = useField(p)
  return (
    <Frame p={p} f={f}>
      <select
        id={f.id}
        name={p.path}
        className={`usa-select ${f.error ? 'usa-input--error' : ''}`}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={f.describedBy}
        disabled={f.disabled}
        data-testid={f.testId}
      >
        {p.emptyLabel !== undefined ? <option value="">{p.emptyLabel}</option> : null}
        {p.options.map((o) => {
          const opt = typeof o === 'string' ? { value: o, label: o } : o
          return (
            <option key={opt.value} value={opt.value}>
              {opt.label}
            </option>
          )
        })}
      </select>
    </Frame>
  )
}

export function CheckboxField(p: BaseProps & { checked: boolean; onChange: (checked: boolean) => void }) {
  const f = useField(p)
  return (
    <div className={`usa-form-group ${f.error ? 'usa-form-group--error' : ''} ${p.className ?? ''}`}>
      {f.error ? (
        <span className="usa-error-message" id={`${f.id}-error`} role="alert" data-testid={`${f.testId}-error`}>
          {f.error}
        </span>
      ) : null}
      <div className="ry-check">
        <input
          id={f.id}
          className="ry-check__input"
          type="checkbox"
          checked={p.checked}
          onChange={(e) => p.onChange(e.target.checked)}
          aria-describedby={f.describedBy}
          disabled={f.disabled}
          data-testid={f.testId}
        />
        <label className="ry-check__label" htmlFor={f.id}>
          {p.label}
        </label>
      </div>
    </div>
  )
}

/** An error summary listing every field error with a link to its input (when rendered). */
export function ErrorSummary({
  error,
  prefix,
  testId = 'error-summary',
  onNavigate,
}: {
  error: ApiError | null | undefined
  prefix: string
  testId?: string
  /** Reveal the input of a path first (e.g. switch to its tab); it is focused on the next frame. */
  onNavigate?: (path: readonly (string | number)[]) => void
}) {
  if (!error || error.fieldErrors.length === 0) return null
  return (
    <div className="usa-alert usa-alert--error usa-alert--slim" role="alert" data-testid={testId} data-code={error.code}>
      <div className="usa-alert__body">
        <h3 className="usa-alert__heading">Please correct {error.fieldErrors.length === 1 ? 'this problem' : `these ${error.fieldErrors.length} problems`}</h3>
        <p className="usa-alert__text">Nothing was saved.</p>
        <ul className="usa-list">
          {error.fieldErrors.map((fe) => {
            const path = fe.path.join('.')
            return (
              <li key={path + fe.message}>
                <a
                  href={`#${fieldId(prefix, path)}`}
                  onClick={(e) => {
                    e.preventDefault()
                    onNavigate?.(fe.path)
                    requestAnimationFrame(() => document.getElementById(fieldId(prefix, path))?.focus())
                  }}
                >
                  {path}
                </a>
                : {fe.message}
              </li>
            )
          })}
        </ul>
      </div>
    </div>
  )
}
