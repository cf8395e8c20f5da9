/** React hooks over the client: a query that follows its variables and the signed-in person, and a mutation. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useSession } from '../auth/session.tsx'
import { ApiError, execute, isApiError, request } from './client.ts'
import type { GraphQLErrorShape } from './client.ts'

export interface QueryState<TData> {
  data: TData | null
  /** The error when no data could be read (or, without `partial`, any error). */
  error: ApiError | null
  /** With `partial: true`: errors of fields that failed while the rest resolved. */
  partialErrors: GraphQLErrorShape[]
  /** True while a request is in flight (also during a refetch, when `data` keeps the last result). */
  loading: boolean
  refetch: () => Promise<void>
}

export interface QueryOptions {
  skip?: boolean
  /** Accept data with field errors (they land in `partialErrors`). */
  partial?: boolean
}

/**
 * Runs a query when mounted and whenever its variables or the signed-in person change (not when
 * the same person's token is renewed).
 */
export function useQuery<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables: TVars, options: QueryOptions = {}): QueryState<TData> {
  const { identity } = useSession()
  const key = JSON.stringify(variables ?? {})
  const [state, setState] = useState<Omit<QueryState<TData>, 'refetch'>>({
    data: null,
    error: null,
    partialErrors: [],
    loading: !options.skip,
  })
  const controller = useRef<AbortController | null>(null)
  const varsRef = useRef(variables)
  varsRef.current = variables
  const partial = options.partial ?? false

  const run = useCallback(async () => {
    controller.current?.abort()
    const ctrl = new AbortController()
    controller.current = ctrl
    setState((s) => ({ ...s, loading: true }))
    try {
      const { data, errors } = await execute(doc, varsRef.current, { signal: ctrl.signal })
      if (ctrl.signal.aborted) return
      if (data !== null && (errors.length === 0 || partial)) {
        setState({ data, error: null, partialErrors: errors, loading: false })
      } else {
        setState({ data: null, error: ApiError.fromErrors(errors.length ? errors : [{ message: 'No data' }]), partialErrors: [], loading: false })
      }
    } catch (e) {
      if (ctrl.signal.aborted) return
      const error = isApiError(e) ? e : new ApiError(String((e as Error)?.message ?? e), { code: 'NETWORK_ERROR' })
      setState((s) => ({ ...s, error, loading: false }))
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, key, identity, partial])

  useEffect(() => {
    if (options.skip) {
      setState((s) => ({ ...s, loading: false }))
      return
    }
    void run()
    return () => controller.current?.abort()
  }, [run, options.skip])

  return { ...state, refetch: run }
}

export interface MutationState<TData> {
  data: TData | null
  error: ApiError | null
  loading: boolean
  reset: () => void
}

/**
 * `mutate(vars)` resolves to the data, or to null when it failed (the error is in the state).
 */
export function useMutation<TData, TVars>(doc: TypedDocumentNode<TData, TVars>): [(variables: TVars) => Promise<TData | null>, MutationState<TData>] {
  const [state, setState] = useState<{ data: TData | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: false,
  })
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  const mutate = useCallback(
    async (variables: TVars) => {
      setState({ data: null, error: null, loading: true })
      try {
        const data = await request(doc, variables)
        if (mounted.current) setState({ data, error: null, loading: false })
        return data
      } catch (e) {
        const error = isApiError(e) ? e : new ApiError(String((e as Error)?.message ?? e), { code: 'NETWORK_ERROR' })
        if (mounted.current) setState({ data: null, error, loading: false })
        return null
      }
    },
    [doc],
  )
  const reset = useCallback(() => setState({ data: null, error: null, loading: false }), [])
  return [mutate, { ...state, reset }]
}
