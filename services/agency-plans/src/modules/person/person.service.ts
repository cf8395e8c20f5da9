import type { Kysely } from 'kysely'
import type { Actor } from '@railyard/auth'
import type { Database } from '../../database.ts'
import { upsertPerson } from './person.repository.ts'

/** Seen at most this often per person and process (the row's last_seen_at is that coarse). */
const REFRESH_MS = 5 * 60_000
const seen = new Map<string, { at: number; key: string }>()

/**
 * Records the person behind an authenticated request, so e-mail can reach them (DESIGN
 * "Communication"): on the first request, when their claims change, and every few minutes.
 * Integrations are not people. Never fails the request.
 */
export async function rememberPerson(db: Kysely<Database>, actor: Actor, log?: (line: string) => void): Promise<void> {
  if (actor.roles.length === 0 || actor.roles.every((r) => r === 'INTEGRATION')) return
  const key = JSON.stringify([actor.displayName, actor.email, actor.roles, actor.agency])
  const last = seen.get(actor.subject)
  const now = Date.now()
  if (last && last.key === key && now - last.at < REFRESH_MS) return
  seen.set(actor.subject, { at: now, key })
  const oldest = seen.size > 10_000 ? seen.keys().next().value : undefined
  if (oldest !== undefined) seen.delete(oldest)
  try {
    await upsertPerson(db, actor)
  } catch (err) {
    seen.delete(actor.subject)
    log?.(`person ${actor.subject}: ${err instanceof Error ? err.message : String(err)}`)
  }
}
