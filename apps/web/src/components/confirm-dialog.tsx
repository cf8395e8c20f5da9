/**
 * A confirmation for a consequential action, as a modal <dialog> (focus moves into it, Escape
 * cancels): what will happen, optionally a reason that must be given, and the two choices.
 */
import { useEffect, useId, useRef, useState } from 'react'
import type { ReactNode } from 'react'

export interface ConfirmDialogProps {
  open: boolean
  title: string
  children?: ReactNode
  confirmLabel: string
  /** when set, a reason with this label must be given before confirming */
  reasonLabel?: string
  initialReason?: string
  testId: string
  onConfirm: (reason: string) => void
  onCancel: () => void
}

export function ConfirmDialog({ open, title, children, confirmLabel, reasonLabel, initialReason = '', testId, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const id = useId()
  const [reason, setReason] = useState(initialReason)
  const [missing, setMissing] = useState(false)
  useEffect(() => {
    const d = ref.current
    if (!d) return
    if (open && !d.open) d.showModal()
    if (!open && d.open) d.close()
  }, [open])
  const confirm = () => {
    if (reasonLabel && reason.trim() === '') {
      setMissing(true)
      return
    }
    onConfirm(reason.trim())
  }
  return (
    <dialog
      ref={ref}
      className="ry-dialog"
      aria-labelledby={`${id}-title`}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault()
        onCancel()
      }}
    >
      <h2 id={`${id}-title`} className="font-heading-md margin-top-0">
        {title}
      </h2>
      {children}
      {reasonLabel ? (
        <div className={`usa-form-group${missing ? ' usa-form-group--error' : ''}`}>
          <label className="usa-label" htmlFor={`${id}-reason`}>
            {reasonLabel} (required)
          </label>
          {missing ? (
            <span className="usa-error-message" id={`${id}-reason-error`} role="alert">
              Give a reason: it is recorded with your decision and shown to the people affected.
            </span>
          ) : null}
          <textarea
            id={`${id}-reason`}
            className={`usa-textarea${missing ? ' usa-input--error' : ''}`}
            rows={3}
            value={reason}
            required
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${id}-reason-error` : undefined}
            onChange={(e) => {
              setReason(e.target.value)
              if (e.target.value.trim()) setMissing(false)
            }}
            data-testid={`${testId}-reason`}
          />
        </div>
      ) : null}
      <div className="ry-toolbar-actions margin-top-2">
        <button type="button" className="usa-button" onClick={confirm} data-testid={`${testId}-confirm`}>
          {confirmLabel}
        </button>
        <button type="button" className="usa-button usa-button--outline" onClick={onCancel} data-testid={`${testId}-cancel`}>
          Cancel
        </button>
      </div>
    </dialog>
  )
}
