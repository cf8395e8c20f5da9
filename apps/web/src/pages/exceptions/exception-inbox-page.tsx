/**
 * Exception inbox (`/exceptions`): break-glass requests a program admin may decide (PENDING,
 * asked by someone else), each with the release's live deploy check at the start of the period;
 * approve or reject with a required comment.
 */
import { useState } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation, useQuery } from '../../api/hooks.ts'
import { FieldScope, TextArea } from '../../components/fields.tsx'
import { BusyButton, EmptyState, ErrorAlert, Loading, SuccessStatus } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { Decision, ExceptionInboxQuery } from '../../gql/graphql.ts'
import { enumText } from '../../lib/format.ts'
import { browserTimeZone, formatInstant } from '../../lib/time.ts'
import { useExceptionCan } from '../../permissions.ts'
import { Link } from '../../router.tsx'

const ExceptionInboxDocument = graphql(`
  query ExceptionInbox {
    exceptionInbox {
      ...ExceptionFields
      release {
        id
        name
        version
        agency {
          code
          name
        }
      }
    }
  }
`)

const DecideExceptionDocument = graphql(`
  mutation DecideDeploymentException($id: ID!, $decision: Decision!, $comment: String!) {
    decideDeploymentException(id: $id, decision: $decision, comment: $comment) {
      ...ExceptionFields
    }
  }
`)

type Item = ExceptionInboxQuery['exceptionInbox'][number]

export function ExceptionInboxPage(_props: { params: Record<string, string> }) {
  const can = useExceptionCan()
  const q = useQuery(ExceptionInboxDocument, {}, { skip: !can.decide })
  const [status, setStatus] = useState('')
  return (
    <div className="grid-container padding-y-2" data-testid="exception-inbox-page">
      <h1>Exception requests</h1>
      <p className="ry-muted">Break-glass requests to deploy through a freeze, outside a window, or to an environment that is not ready.</p>
      <SuccessStatus message={status} testId="exception-status" />
      {!can.decide ? <EmptyState title="Program admins decide exception requests" testId="exceptions-not-admin" /> : null}
      <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      {can.decide && q.loading && !q.data ? <Loading label="Loading the requests…" /> : null}
      {q.data && q.data.exceptionInbox.length === 0 ? <EmptyState title="No requests waiting for you" testId="exceptions-empty" /> : null}
      {q.data?.exceptionInbox.map((e) => (
        <ExceptionCard
          key={e.id}
          item={e}
          onDecided={async (m) => {
            await q.refetch()
            setStatus(m)
          }}
        />
      ))}
    </div>
  )
}

function ExceptionCard({ item: e, onDecided }: { item: Item; onDecided: (m: string) => Promise<void> }) {
  const tz = browserTimeZone()
  const [comment, setComment] = useState('')
  const [decide, state] = useMutation(DecideExceptionDocument)
  const act = async (decision: Decision) => {
    const res = await decide({ id: e.id, decision, comment })
    if (res) await onDecided(`${decision === 'APPROVE' ? 'Approved' : 'Rejected'} the exception for ${e.release.name} ${e.release.version} in ${e.tier}.`)
  }
  return (
    <article className="ry-card" data-testid={`exception-${e.id}`} aria-labelledby={`exc-title-${e.id}`}>
      <h2 id={`exc-title-${e.id}`} className="font-heading-md margin-top-0">
        <Link to={`/releases/${e.release.id}`}>
          {e.release.name} {e.release.version}
        </Link>{' '}
        · {e.release.agency.code} · {e.tier}
      </h2>
      <p>
        Waive <strong>{e.waives.map(enumText).join(', ')}</strong> from {formatInstant(e.start, tz)} until {formatInstant(e.end, tz)}.
      </p>
      <blockquote className="margin-left-0">
        “{e.justification}” — {e.requestedBy}, {formatInstant(e.requestedAt, tz)}
      </blockquote>
      <FieldScope errors={fieldErrorMap(state.error)} prefix={`exc-${e.id}`}>
        <TextArea path="comment" label="Comment (required)" value={comment} onChange={setComment} rows={2} testId="exc-comment" required />
      </FieldScope>
      <ErrorAlert error={state.error} shownPaths={COMMENT} testId="decide-error" />
      <BusyButton busy={state.loading} onClick={() => void act('APPROVE')} data-testid="exc-approve" disabled={comment.trim() === ''}>
        Approve
      </BusyButton>{' '}
      <BusyButton
        busy={state.loading}
        className="usa-button usa-button--secondary"
        onClick={() => void act('REJECT')}
        data-testid="exc-reject"
        disabled={comment.trim() === ''}
      >
        Reject
      </BusyButton>
    </article>
  )
}

const COMMENT = new Set(['comment'])
