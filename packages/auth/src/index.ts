export * from './actor.ts'
export * from './jwt.ts'
export * from './policy.ts'
export * from './internal.ts'
