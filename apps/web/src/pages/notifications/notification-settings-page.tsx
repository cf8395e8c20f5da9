/**
 * Notification settings (`/settings/notifications`): for each kind, the channels the viewer hears
 * it on (in Railyard, by e-mail). Webhooks are set per subscription on the webhooks page. The
 * e-mails' unsubscribe link leads here.
 */
import { useMemo, useState } from 'react'
import { useMutation, useQuery } from '../../api/hooks.ts'
import { BusyButton, ErrorAlert, Loading, SuccessStatus } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { Channel, NotificationKind } from '../../gql/graphql.ts'
import { Link } from '../../router.tsx'
import { KINDS, PERSON_CHANNELS } from './notification-kinds.ts'

const PreferencesDocument = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      kind
      channels
    }
  }
`)

const SettingsDocument = graphql(`
  query NotificationSettings {
    notificationSettings {
      emailDigest
    }
  }
`)

const SetSettingsDocument = graphql(`
  mutation SetNotificationSettings($emailDigest: Boolean!) {
    setNotificationSettings(emailDigest: $emailDigest) {
      emailDigest
    }
  }
`)

const SetPreferencesDocument = graphql(`
  mutation SetNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {
    setNotificationPreferences(preferences: $preferences) {
      kind
      channels
    }
  }
`)

type Choice = Record<string, Set<Channel>>

export function NotificationSettingsPage(_props: { params: Record<string, string> }) {
  const q = useQuery(PreferencesDocument, {})
  const [save, saveState] = useMutation(SetPreferencesDocument)
  const settings = useQuery(SettingsDocument, {})
  const [saveSettings, saveSettingsState] = useMutation(SetSettingsDocument)
  /** the viewer's digest choice, over what the server says */
  const [digestEdit, setDigestEdit] = useState<boolean | null>(null)
  const digest = digestEdit ?? settings.data?.notificationSettings.emailDigest ?? false
  /** the viewer's changes, over what the server says */
  const [edits, setEdits] = useState<Choice>({})
  const [status, setStatus] = useState('')
  const prefs = q.data?.notificationPreferences
  const choice = useMemo<Choice | null>(() => {
    if (!prefs) return null
    const c: Choice = {}
    for (const k of KINDS) c[k.kind] = edits[k.kind] ?? new Set(prefs.find((p) => p.kind === k.kind)?.channels ?? ['IN_APP'])
    return c
  }, [prefs, edits])

  const toggle = (kind: NotificationKind, channel: Channel, on: boolean) => {
    setStatus('')
    if (!choice) return
    const next = new Set(choice[kind])
    if (on) next.add(channel)
    else next.delete(channel)
    setEdits({ ...edits, [kind]: next })
  }
  const submit = async () => {
    if (!choice) return
    const preferences = KINDS.map((k) => ({
      kind: k.kind,
      // webhook choices are kept as they are (they belong to subscriptions)
      channels: [...(choice[k.kind] ?? new Set<Channel>())].filter((c) => c !== 'WEBHOOK'),
    }))
    const r = await save({ preferences })
    if (!r) return
    if (digestEdit !== null && digestEdit !== settings.data?.notificationSettings.emailDigest) {
      const d = await saveSettings({ emailDigest: digestEdit })
      if (!d) return
    }
    await Promise.all([q.refetch(), settings.refetch()])
    setEdits({})
    setDigestEdit(null)
    setStatus('Saved your notification settings.')
  }

  return (
    <div className="grid-container padding-y-2" data-testid="notification-settings-page">
      <h1>Notification settings</h1>
      <p className="usa-intro">
        Choose how you hear of each kind of change. Everything is shown in Railyard unless you turn it off; e-mail goes to the address your sign-in gives.
        Webhooks to other tools are set up on the <Link to="/webhooks">webhooks page</Link> (program administrators and agency managers).
      </p>
      <SuccessStatus message={status} testId="notification-settings-status" />
      <ErrorAlert error={q.error ?? settings.error ?? saveState.error ?? saveSettingsState.error} onReload={() => void q.refetch()} />
      {!choice || !settings.data ? (
        <Loading label="Loading your settings…" />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          <table className="usa-table usa-table--borderless width-full" data-testid="notification-settings">
            <caption className="text-left">Channels per kind of notification</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                {PERSON_CHANNELS.map((c) => (
                  <th key={c.channel} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {KINDS.map((k) => (
                <tr key={k.kind} data-testid={`pref-${k.kind}`}>
                  <th scope="row">
                    <span className="text-bold">{k.label}</span>
                    <br />
                    <span className="ry-muted font-body-xs" id={`pref-desc-${k.kind}`}>
                      {k.description}
                    </span>
                  </th>
                  {PERSON_CHANNELS.map((c) => {
                    const id = `pref-${k.kind}-${c.channel}`
                    return (
                      <td key={c.channel}>
                        <div className="usa-checkbox">
                          <input
                            id={id}
                            className="usa-checkbox__input"
                            type="checkbox"
                            checked={choice[k.kind]?.has(c.channel) ?? false}
                            onChange={(e) => toggle(k.kind, c.channel, e.target.checked)}
                            aria-describedby={`pref-desc-${k.kind}`}
                            data-testid={id}
                          />
                          <label className="usa-checkbox__label" htmlFor={id}>
                            <span className="usa-sr-only">{k.label}: </span>
                            {c.label}
                          </label>
                        </div>
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <fieldset className="usa-fieldset margin-bottom-2">
            <legend className="usa-legend">E-mail</legend>
            <div className="usa-checkbox">
              <input
                id="pref-email-digest"
                className="usa-checkbox__input"
                type="checkbox"
                checked={digest}
                onChange={(e) => {
                  setStatus('')
                  setDigestEdit(e.target.checked)
                }}
                aria-describedby="pref-email-digest-desc"
                data-testid="pref-email-digest"
              />
              <label className="usa-checkbox__label" htmlFor="pref-email-digest">
                Send my e-mail as one daily digest
              </label>
            </div>
            <p className="ry-muted font-body-xs" id="pref-email-digest-desc">
              One mail a day (after midnight UTC) with the day’s notifications of the kinds you chose e-mail for, instead of one mail each.
            </p>
          </fieldset>
          <BusyButton busy={saveState.loading || saveSettingsState.loading} busyLabel="Saving…" type="submit" data-testid="notification-settings-save">
            Save settings
          </BusyButton>
        </form>
      )}
    </div>
  )
}
