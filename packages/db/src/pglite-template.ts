import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** Where a service's embedded database lives under the data dir (RAILYARD_DATA_DIR). */
export function pgliteDataDir(dataDir: string, service: string): string {
  return join(dataDir, 'pglite', service)
}

/**
 * A PGlite cluster right after initdb, closed cleanly: the start of every service's embedded
 * database. PGlite's initdb is the most expensive part of a first start (several CPU-seconds per
 * instance, one instance per process); copying a ready cluster costs a file copy. The copy is a
 * plain PostgreSQL data directory, so each service then migrates it exactly as it would a fresh
 * one.
 */
export async function createPgliteTemplate(dir: string): Promise<void> {
  const target = resolve(dir)
  const tmp = `${target}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(dirname(target), { recursive: true })
  // loaded here only: the launcher copies templates without loading PostgreSQL
  const { PGlite } = await import('@electric-sql/pglite')
  const pglite = await PGlite.create(tmp)
  await pglite.close()
  rmSync(target, { recursive: true, force: true })
  renameSync(tmp, target)
}

/**
 * Lays `template` down as the data directory `dataDir` when that does not exist yet (never over
 * an existing one). Copied beside it and renamed, so a crash half-way leaves no half directory.
 * Returns whether it copied.
 */
export function copyPgliteTemplate(template: string, dataDir: string): boolean {
  const target = resolve(dataDir)
  if (existsSync(target) || !existsSync(resolve(template, 'PG_VERSION'))) return false
  const tmp = `${target}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(dirname(target), { recursive: true })
  cpSync(resolve(template), tmp, { recursive: true })
  renameSync(tmp, target)
  return true
}
