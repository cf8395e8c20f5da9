import { type Kysely, sql } from 'kysely'
import type { Actor } from '@railyard/auth'
import type { Database } from '../../database.ts'

/** Remembers a person seen in a verified token (subject, name, e-mail claim, roles, agency, last seen). */
export async function upsertPerson(db: Kysely<Database>, actor: Actor): Promise<void> {
  await db
    .insertInto('person')
    .values({ subject: actor.subject, name: actor.displayName ?? actor.subject, email: actor.email, roles: [...actor.roles], agencyCode: actor.agency })
    .onConflict((oc) =>
      oc.column('subject').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        email: eb.ref('excluded.email'),
        roles: eb.ref('excluded.roles'),
        agencyCode: eb.ref('excluded.agencyCode'),
        lastSeenAt: sql<string>`now()`,
      })),
    )
    .execute()
}

/** The person's daily-digest choice (false when Railyard has not seen them yet). */
export async function findEmailDigest(db: Kysely<Database>, subject: string): Promise<boolean> {
  const row = await db.selectFrom('person').select('emailDigest').where('subject', '=', subject).executeTakeFirst()
  return Boolean(row?.emailDigest)
}

/** Sets the person's daily-digest choice, remembering them first if needed. */
export async function setEmailDigest(db: Kysely<Database>, actor: Actor, emailDigest: boolean): Promise<void> {
  await db
    .insertInto('person')
    .values({
      subject: actor.subject,
      name: actor.displayName ?? actor.subject,
      email: actor.email,
      roles: [...actor.roles],
      agencyCode: actor.agency,
      emailDigest,
    })
    .onConflict((oc) => oc.column('subject').doUpdateSet({ emailDigest }))
    .execute()
}
