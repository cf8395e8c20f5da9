import type { Kysely, Transaction } from 'kysely'
import type { ZodType } from 'zod'
import type { Actor } from '@railyard/auth'
import { isUniqueViolation } from '@railyard/db'
import { type AuditDatabase, type AuditEntry, writeAudit } from './audit.ts'
import { type FieldError, badInput, conflict } from './errors.ts'
import { FieldErrors, type Path } from './field-errors.ts'
import { staleRevision } from './revision.ts'

/**
 * The one write path of every mutation (DESIGN "Writes"):
 *
 *   authorize → validate the whole input → open the transaction → lock → check the expected
 *   revision → write → audit row → events (outbox) → commit → refresh the request's caches.
 *
 * Each step is a hook of `runWrite`; only `write` and `audit` are required. Everything before the
 * transaction runs on the request's db (reads through loaders); everything from `lock` on runs
 * in one transaction, so the audit row and the events commit with the change or not at all.
 */

/** What the write path needs of a service's request context. */
export interface WriteContext<DB extends AuditDatabase> {
  actor: Actor
  db: Kysely<DB>
  /** Drops what the request has cached (DataLoaders), so the mutation's result reads fresh rows. */
  refresh(): void
}

/** The expected revision (or version) of the object being changed, checked on the locked row. */
export interface RevisionCheck<Locked, Subject = unknown> {
  /** What the caller saw; null/undefined = no check (an optional argument that was omitted). */
  expected: number | null | undefined
  /** The locked row's current revision. */
  current: (locked: Locked) => number
  /** The CONFLICT to raise on a miss (default: staleRevision(entity, id, …)). */
  error?: (expected: number, current: number, locked: Locked, subject: Subject) => Error
  /** For the default error: the entity and id named in the message. */
  entity?: string
  id?: string
}

/** A duplicate key reported as CONFLICT next to its input (`fieldErrors`, and `field` as before). */
export interface UniqueViolationMapping {
  path: Path
  message: string
}

/** Outbox hook: called inside the transaction after the audit row (no-op by default). */
export type WriteEventsHook<DB, Result, Locked = unknown> = (trx: Transaction<DB>, result: Result, locked: Locked) => Promise<void> | void

/** Validation: returns (or collects into) field errors; raising BAD_USER_INPUT is the write path's job. */
export type Validation = FieldErrors | readonly FieldError[] | null | undefined | void

export interface WritePlan<DB extends AuditDatabase, Subject, Locked, Result> {
  /**
   * Who may do this (throws FORBIDDEN / NOT_FOUND). Runs first, before any validation; what it
   * returns (e.g. the object the actor may write) is handed to the later steps.
   */
  authorize?: () => Promise<Subject> | Subject
  /** Checks the whole input; every problem is reported at once as BAD_USER_INPUT with `fieldErrors`. */
  validate?: (subject: Subject) => Promise<Validation> | Validation
  /** Locks what the write changes (lock functions take a Transaction), returning the locked row(s). */
  lock?: (trx: Transaction<DB>, subject: Subject) => Promise<Locked>
  /** Optimistic concurrency against the locked row. */
  expectedRevision?: RevisionCheck<Locked, Subject>
  /** The change itself. */
  write: (trx: Transaction<DB>, locked: Locked, subject: Subject) => Promise<Result>
  /** The audit row(s) of the change (null: nothing to audit, e.g. a no-op). */
  audit: (result: Result, locked: Locked, subject: Subject) => AuditEntry | readonly AuditEntry[] | null
  /** Domain events to the outbox, in the same transaction. */
  events?: WriteEventsHook<DB, Result, Locked>
  /** A unique violation during the transaction becomes this CONFLICT (else it propagates). */
  uniqueViolation?: UniqueViolationMapping | ((err: unknown, subject: Subject) => Error | Promise<Error>)
  /** After commit, instead of (or before) the context's refresh: e.g. prime a loader with the result. */
  refresh?: (result: Result) => void
}

/** BAD_USER_INPUT when the validation found anything. */
function raiseIfInvalid(v: Validation): void {
  if (!v) return
  const errors = v instanceof FieldErrors ? v.errors : v
  if (errors.length > 0) throw badInput([...errors])
}

/** The CONFLICT of a duplicate key, placed next to its input. */
export function duplicateKey(path: Path, message: string) {
  return conflict(message, { field: path, fieldErrors: [{ path: path.map(String), message }] })
}

/** Runs one mutation through the write path; returns what `write` returned. */
export async function runWrite<DB extends AuditDatabase, Subject = undefined, Locked = undefined, Result = unknown>(
  ctx: WriteContext<DB>,
  plan: WritePlan<DB, Subject, Locked, Result>,
): Promise<Result> {
  // without an authorize step (the caller authorized already) the subject is undefined
  const subject = (plan.authorize ? await plan.authorize() : undefined) as Subject
  if (plan.validate) raiseIfInvalid(await plan.validate(subject))
  let result: Result
  try {
    result = await ctx.db.transaction().execute(async (trx) => {
      const locked = (plan.lock ? await plan.lock(trx, subject) : undefined) as Locked
      const check = plan.expectedRevision
      if (check && check.expected != null) {
        const current = check.current(locked)
        if (current !== check.expected) {
          throw check.error
            ? check.error(check.expected, current, locked, subject)
            : staleRevision(check.entity ?? 'Object', check.id ?? '', check.expected, current)
        }
      }
      const out = await plan.write(trx, locked, subject)
      const entries = plan.audit(out, locked, subject)
      for (const entry of entries === null ? [] : 'action' in entries ? [entries] : entries) {
        await writeAudit(trx, ctx.actor, entry)
      }
      await plan.events?.(trx, out, locked)
      return out
    })
  } catch (err) {
    const dup = plan.uniqueViolation
    if (dup && isUniqueViolation(err)) throw typeof dup === 'function' ? await dup(err, subject) : duplicateKey(dup.path, dup.message)
    throw err
  }
  ctx.refresh()
  plan.refresh?.(result)
  return result
}

/**
 * Validates `value` against a zod schema; every issue becomes a field error at `base` + the
 * issue's path (e.g. ['input', 'key']). Returns the parsed value and the errors.
 */
export function parseInput<T>(schema: ZodType<T>, value: unknown, base: Path = []): { value: T | undefined; errors: FieldError[] } {
  const r = schema.safeParse(value)
  if (r.success) return { value: r.data, errors: [] }
  return {
    value: undefined,
    errors: r.error.issues.map((i) => ({ path: [...base, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message })),
  }
}
