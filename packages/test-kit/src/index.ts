export * from './test-db.ts'
export * from './test-auth.ts'
export * from './graphql-assert.ts'
export * from './stack.ts'
