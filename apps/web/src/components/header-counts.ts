/**
 * The header's counts: unread notifications (the bell) and approval requests waiting for the
 * viewer (the Approvals link), polled every 30 s while the page is visible and refreshed at once
 * when a page changes them (`refreshHeaderCounts()`, e.g. after marking notifications read).
 */
import { useEffect } from 'react'
import { useQuery } from '../api/hooks.ts'
import { graphql } from '../gql/index.ts'

const HeaderCountsDocument = graphql(`
  query HeaderCounts {
    notifications(unreadOnly: true, first: 1) {
      unread
    }
    approvalInbox {
      id
    }
  }
`)

const POLL_MS = 30_000
const EVENT = 'railyard:header-counts'

/** Asks the header to read its counts again now. */
export function refreshHeaderCounts(): void {
  window.dispatchEvent(new Event(EVENT))
}

export interface HeaderCounts {
  /** null until known (or when it cannot be read) */
  unread: number | null
  approvals: number | null
}

export function useHeaderCounts(): HeaderCounts {
  const q = useQuery(HeaderCountsDocument, {}, { partial: true })
  const { refetch } = q
  useEffect(() => {
    const tick = () => {
      if (document.visibilityState === 'visible') void refetch()
    }
    const timer = window.setInterval(tick, POLL_MS)
    window.addEventListener(EVENT, tick)
    document.addEventListener('visibilitychange', tick)
    return () => {
      window.clearInterval(timer)
      window.removeEventListener(EVENT, tick)
      document.removeEventListener('visibilitychange', tick)
    }
  }, [refetch])
  return { unread: q.data?.notifications?.unread ?? null, approvals: q.data?.approvalInbox?.length ?? null }
}
