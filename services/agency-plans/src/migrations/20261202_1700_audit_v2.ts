import type { Kysely } from 'kysely'
import { downgradeAuditLogV2, upgradeAuditLogV2 } from '@railyard/graphql-kit'

/** Audit v2: actor name, roles, agency and request id on every row; UPDATE, DELETE and TRUNCATE refused by a trigger. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await upgradeAuditLogV2(db, 'agency_plans')
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await downgradeAuditLogV2(db, 'agency_plans')
}
