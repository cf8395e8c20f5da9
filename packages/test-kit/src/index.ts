export { openTestDb, testDbKind, type TestDb, type TestDbKind } from '@railyard/db'
export * from './test-auth.ts'
export * from './graphql-assert.ts'
export * from './stack.ts'
