/**
 * "Register environment" on the Environments page: an AGENCY_MANAGER registers one for their
 * agency, a PROGRAM_ADMIN a shared one (no agency). The tier is one of the program's promotion
 * path. Field errors of the server (extensions.fieldErrors, paths like input.key) show next to
 * their inputs; a taken key (CONFLICT) shows on the key field. The server enforces all of it.
 */
import { useEffect, useMemo, useState } from 'react'
import type { FormEvent } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation } from '../../api/hooks.ts'
import { ErrorSummary, FieldScope, SelectField, TextField, fieldId } from '../../components/fields.tsx'
import { BusyButton, ErrorAlert } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'

const RegisterEnvironmentDocument = graphql(`
  mutation RegisterEnvironment($input: RegisterEnvironmentInput!) {
    registerEnvironment(input: $input) {
      id
      key
      name
      tier
      agency {
        code
      }
    }
  }
`)

export interface RegisterAgencyOption {
  /** agency id, '' for a program-shared environment */
  id: string
  label: string
}

export interface RegisteredEnvironment {
  id: string
  key: string
  agencyCode: string | null
}

const PREFIX = 'register-env'
const EMPTY = { key: '', name: '', tier: '', url: '' }

export function RegisterEnvironmentForm({
  programId,
  promotionPath,
  agencies,
  onRegistered,
  onClose,
}: {
  programId: string
  promotionPath: readonly string[]
  /** the owners the viewer may register for ('' = shared); the first is the default */
  agencies: readonly RegisterAgencyOption[]
  onRegistered: (env: RegisteredEnvironment) => Promise<void>
  onClose: () => void
}) {
  const [form, setForm] = useState({ ...EMPTY, agencyId: agencies[0]?.id ?? '' })
  const [register, state] = useMutation(RegisterEnvironmentDocument)
  const errors = useMemo(() => {
    const m = fieldErrorMap(state.error)
    if (state.error?.code === 'CONFLICT') {
      const field = state.error.extensions.field
      const path = Array.isArray(field) && field.length > 0 ? field.join('.') : 'input.key'
      m.set(path, state.error.message)
    }
    return m
  }, [state.error])

  useEffect(() => {
    document.getElementById(fieldId(PREFIX, 'input.key'))?.focus()
  }, [])

  const submit = async (ev: FormEvent) => {
    ev.preventDefault()
    if (state.loading) return
    const res = await register({
      input: {
        key: form.key.trim(),
        name: form.name.trim(),
        tier: form.tier,
        programId,
        agencyId: form.agencyId || null,
        url: form.url.trim() || null,
      },
    })
    if (res) {
      setForm({ ...EMPTY, agencyId: form.agencyId })
      await onRegistered({ id: res.registerEnvironment.id, key: res.registerEnvironment.key, agencyCode: res.registerEnvironment.agency?.code ?? null })
    }
  }

  const code = state.error?.code
  return (
    <form
      className="ry-card"
      id="register-environment-form"
      aria-labelledby="register-environment-title"
      noValidate
      onSubmit={(ev) => void submit(ev)}
      data-testid="register-environment-form"
    >
      <h2 id="register-environment-title" className="font-heading-md">
        Register an environment
      </h2>
      <FieldScope errors={errors} prefix={PREFIX} disabled={state.loading}>
        {code === 'BAD_USER_INPUT' ? (
          <ErrorSummary error={state.error} prefix={PREFIX} testId="register-environment-errors" />
        ) : code !== 'CONFLICT' ? (
          <ErrorAlert error={state.error} testId="register-environment-error" />
        ) : null}
        <div className="ry-row-form">
          <TextField
            path="input.key"
            label="Key"
            hint="Lower-case letters, digits and dashes, e.g. doh-uat"
            value={form.key}
            onChange={(v) => setForm({ ...form, key: v })}
            required
          />
          <TextField path="input.name" label="Name" value={form.name} onChange={(v) => setForm({ ...form, name: v })} required />
        </div>
        <div className="ry-row-form">
          <SelectField
            path="input.tier"
            label="Tier"
            hint="A tier of the program's promotion path"
            value={form.tier}
            emptyLabel="— choose a tier —"
            options={promotionPath}
            onChange={(v) => setForm({ ...form, tier: v })}
            required
          />
          <SelectField
            path="input.agencyId"
            label="Agency"
            hint={agencies.some((a) => a.id === '') ? 'None: shared by the program' : 'The agency that owns it'}
            value={form.agencyId}
            options={agencies.map((a) => ({ value: a.id, label: a.label }))}
            onChange={(v) => setForm({ ...form, agencyId: v })}
          />
        </div>
        <TextField
          path="input.url"
          label="URL"
          type="url"
          hint="Optional, http(s)"
          placeholder="https://"
          value={form.url}
          onChange={(v) => setForm({ ...form, url: v })}
        />
        <div className="ry-toolbar-actions">
          <BusyButton type="submit" busy={state.loading} busyLabel="Registering…" data-testid="register-environment-submit">
            Register environment
          </BusyButton>
          <button type="button" className="usa-button usa-button--unstyled" onClick={onClose} data-testid="register-environment-cancel">
            Cancel
          </button>
        </div>
      </FieldScope>
    </form>
  )
}
