import { expect } from 'vitest'

/**
 * Response data as the tests read it: untyped until the test helpers take typed GraphQL
 * documents (issue 8). The one `any` the tests' GraphQL results come from.
 */
export type TestData = any

export interface GqlBody {
  data?: TestData
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, TestData> }[]
}

/** Asserts the response has no errors and returns its data. */
export function ok<T = TestData>(body: GqlBody): T {
  if (body.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(body.errors, null, 2)}`)
  expect(body.data).toBeTruthy()
  return body.data as T
}

/** Asserts the first error has `code` and returns it. */
export function errorWith(body: GqlBody, code: string) {
  expect(body.errors, `expected a ${code} error, got data ${JSON.stringify(body.data)}`).toBeTruthy()
  const err = body.errors?.find((e) => e.extensions?.code === code)
  expect(err, `expected code ${code}, got ${JSON.stringify(body.errors)}`).toBeTruthy()
  if (!err) throw new Error(`expected code ${code}`)
  return err
}

/** Paths of extensions.fieldErrors of a BAD_USER_INPUT error, joined with dots. */
export function fieldErrorPaths(body: GqlBody): string[] {
  const err = errorWith(body, 'BAD_USER_INPUT')
  const fe = (err.extensions?.fieldErrors ?? []) as { path: string[] }[]
  return fe.map((e) => e.path.join('.'))
}
