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

/** What the last settled request was for: the query is loading while that differs from what is asked now. */
interface SettledFor {
  doc: unknown
  key: string
  identity: string | null
  partial: boolean
}

interface QueryResultState<TData> {
  data: TData | null
  error: ApiError | null
  partialErrors: GraphQLErrorShape[]
  settledFor: SettledFor | null
  refetching: boolean
}

/**
 * Runs a query when mounted and whenever its variables or the signed-in person change (not when
 * the same person's token is renewed).
 */
export function useQuery<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables: TVars, options: QueryOptions = {}): QueryState<TData> {
  const { identity } = useSession()
  // The variables as they are sent: the query follows their value, not the object's identity.
  const key = JSON.stringify(variables ?? {})
  const partial = options.partial ?? false
  const [state, setState] = useState<QueryResultState<TData>>({ data: null, error: null, partialErrors: [], settledFor: null, refetching: false })
  const controller = useRef<AbortController | null>(null)

  // Runs the query as asked now; the state changes when it settles (an aborted request never does).
  const load = useCallback((): Promise<void> => {
    controller.current?.abort()
    const ctrl = new AbortController()
    controller.current = ctrl
    const settledFor: SettledFor = { doc, key, identity, partial }
    const settle = (next: (s: QueryResultState<TData>) => QueryResultState<TData>) => {
      if (!ctrl.signal.aborted) setState(next)
    }
    return execute(doc, JSON.parse(key) as TVars, { signal: ctrl.signal }).then(
      ({ data, errors }) =>
        settle(() =>
          data !== null && (errors.length === 0 || partial)
            ? { data, error: null, partialErrors: errors, settledFor, refetching: false }
            : { data: null, error: ApiError.fromErrors(errors.length ? errors : [{ message: 'No data' }]), partialErrors: [], settledFor, refetching: false },
        ),
      (e: unknown) => {
        const error = isApiError(e) ? e : new ApiError(String((e as Error)?.message ?? e), { code: 'NETWORK_ERROR' })
        settle((s) => ({ ...s, error, settledFor, refetching: false }))
      },
    )
  }, [doc, key, identity, partial])

  const refetch = useCallback(async () => {
    setState((s) => ({ ...s, refetching: true }))
    await load()
  }, [load])

  useEffect(() => {
    if (options.skip) return
    void load()
    return () => controller.current?.abort()
  }, [load, options.skip])

  const { data, error, partialErrors, settledFor, refetching } = state
  const current = settledFor !== null && settledFor.doc === doc && settledFor.key === key && settledFor.identity === identity && settledFor.partial === partial
  // A skipped query is not loading; otherwise it is until a request for what is asked now settles.
  return { data, error, partialErrors, loading: !options.skip && (refetching || !current), refetch }
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
