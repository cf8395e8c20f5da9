import type { Kysely } from 'kysely'

/**
 * release_strategy.enforcement: the tiers a version enforces at deploy time beyond gates and
 * freezes ({ windowTiers, readinessTiers }). Null on versions published before v2: those enforce
 * the last tier of their promotion path for both (release-rules effectiveEnforcement).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('release_strategy').addColumn('enforcement', 'jsonb').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('release_strategy').dropColumn('enforcement').execute()
}
