export * from './create-db.ts'
export * from './migrate.ts'
export * from './test-database.ts'
export * from './errors.ts'
