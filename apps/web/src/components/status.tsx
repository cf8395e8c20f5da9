/** Loading, empty and error states, and small status tags (USWDS). */
import type { ButtonHTMLAttributes, ReactNode } from 'react'
import type { ApiError, GraphQLErrorShape } from '../api/client.ts'

export function Loading({ label = 'Loading…', testId = 'loading' }: { label?: string; testId?: string }) {
  return (
    <div className="ry-loading" role="status" aria-live="polite" data-testid={testId}>
      <span className="ry-spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  )
}

export function EmptyState({ title, children, testId = 'empty' }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="usa-alert usa-alert--info usa-alert--no-icon ry-empty" data-testid={testId}>
      <div className="usa-alert__body">
        <h2 className="usa-alert__heading font-heading-sm">{title}</h2>
        {children ? <div className="usa-alert__text">{children}</div> : null}
      </div>
    </div>
  )
}

const HEADINGS: Record<string, string> = {
  UNAUTHENTICATED: 'Please sign in again',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  BAD_USER_INPUT: 'Please correct the highlighted fields',
  CONFLICT: 'Someone else changed this first',
  FAILED_PRECONDITION: 'Not possible right now',
  NETWORK_ERROR: 'Cannot reach the server',
  HTTP_ERROR: 'The server had a problem',
}

export interface ErrorAlertProps {
  error: ApiError | null | undefined
  /** Shown for CONFLICT (stale revision) and for load failures. */
  onReload?: (() => void) | undefined
  reloadLabel?: string
  /** Field error paths shown next to their inputs; the rest are listed here. */
  shownPaths?: ReadonlySet<string>
  testId?: string
  heading?: string
}

/** A USWDS error alert naming the error code; CONFLICT offers a reload; unmapped field errors are listed. */
export function ErrorAlert({ error, onReload, reloadLabel, shownPaths, testId = 'error-alert', heading }: ErrorAlertProps) {
  if (!error) return null
  const conflict = error.code === 'CONFLICT'
  const unshown = error.fieldErrors.filter((fe) => !shownPaths?.has(fe.path.join('.')))
  const conflicting = Array.isArray(error.extensions.conflictingBookingIds) ? (error.extensions.conflictingBookingIds as string[]) : []
  return (
    <div
      className={`usa-alert usa-alert--slim ${conflict ? 'usa-alert--warning' : 'usa-alert--error'}`}
      role="alert"
      data-testid={testId}
      data-code={error.code}
    >
      <div className="usa-alert__body">
        <h3 className="usa-alert__heading">{heading ?? HEADINGS[error.code] ?? 'Something went wrong'}</h3>
        <p className="usa-alert__text">
          {conflict
            ? `${error.message}. Your view is out of date: reload to see the latest version${conflicting.length ? '' : ' (unsaved changes here will be lost)'}.`
            : error.code === 'BAD_USER_INPUT' && error.fieldErrors.length > 0
              ? `${error.fieldErrors.length} problem${error.fieldErrors.length === 1 ? '' : 's'} found; nothing was saved.`
              : error.message}
        </p>
        {conflicting.length > 0 ? <p className="usa-alert__text">Conflicting bookings: {conflicting.join(', ')}</p> : null}
        {unshown.length > 0 ? (
          <ul className="usa-list" data-testid={`${testId}-fields`}>
            {unshown.map((fe) => (
              <li key={fe.path.join('.')}>
                <code>{fe.path.join('.')}</code>: {fe.message}
              </li>
            ))}
          </ul>
        ) : null}
        {onReload && (conflict || !error.fieldErrors.length) ? (
          <button type="button" className="usa-button usa-button--outline margin-top-1" onClick={onReload} data-testid={`${testId}-reload`}>
            {reloadLabel ?? (conflict ? 'Reload latest' : 'Try again')}
          </button>
        ) : null}
      </div>
    </div>
  )
}

/** Field errors of a partial result (e.g. FORBIDDEN fields of another agency's plan). */
export function PartialErrors({ errors }: { errors: GraphQLErrorShape[] }) {
  if (errors.length === 0) return null
  const codes = [...new Set(errors.map((e) => e.extensions?.code ?? 'ERROR'))]
  return (
    <div className="usa-alert usa-alert--info usa-alert--slim" data-testid="partial-errors">
      <div className="usa-alert__body">
        <p className="usa-alert__text">
          Some details are not shown ({codes.join(', ')}): {errors.length} field{errors.length === 1 ? '' : 's'} could not be read with your access.
        </p>
      </div>
    </div>
  )
}

const STATUS_CLASS: Record<string, string> = {
  DRAFT: 'ry-tag--neutral',
  SUBMITTED: 'ry-tag--info',
  APPROVED: 'ry-tag--success',
  REJECTED: 'ry-tag--error',
  CLOSED: 'ry-tag--neutral',
  PLANNED: 'ry-tag--neutral',
  IN_PROGRESS: 'ry-tag--info',
  RELEASED: 'ry-tag--success',
  ROLLED_BACK: 'ry-tag--error',
  CANCELLED: 'ry-tag--muted',
  PENDING: 'ry-tag--info',
  WITHDRAWN: 'ry-tag--muted',
  AVAILABLE: 'ry-tag--success',
  DEGRADED: 'ry-tag--warning',
  OFFLINE: 'ry-tag--error',
  ERROR: 'ry-tag--error',
  WARNING: 'ry-tag--warning',
  INFO: 'ry-tag--info',
  SUCCEEDED: 'ry-tag--success',
  FAILED: 'ry-tag--error',
}

export function StatusTag({ status, testId, label }: { status: string; testId?: string; label?: string }) {
  return (
    <span className={`usa-tag ry-tag ${STATUS_CLASS[status] ?? 'ry-tag--neutral'}`} data-testid={testId} data-status={status}>
      {label ?? status.replace(/_/g, ' ')}
    </span>
  )
}

/** A button that shows progress while `busy`. */
export function BusyButton({
  busy,
  children,
  busyLabel,
  className = 'usa-button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { busy: boolean; busyLabel?: string }) {
  return (
    <button type="button" className={className} {...rest} disabled={busy || rest.disabled} aria-busy={busy}>
      {busy ? (
        <>
          <span className="ry-spinner ry-spinner--inline" aria-hidden="true" /> {busyLabel ?? 'Working…'}
        </>
      ) : (
        children
      )}
    </button>
  )
}

/** A page's polite live region for its last success ("Saved …"), empty until there is one. */
export function SuccessStatus({ message, testId, className }: { message: string; testId: string; className?: string }) {
  return (
    <div role="status" aria-live="polite" className={className} data-testid={testId}>
      {message ? (
        <div className="usa-alert usa-alert--success usa-alert--slim">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{message}</p>
          </div>
        </div>
      ) : null}
    </div>
  )
}
