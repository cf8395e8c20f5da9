/**
 * Who is signed in (the `viewer` query) and which program is being looked at; shared by every
 * page through context. What the viewer may do is decided in one place, src/permissions.ts.
 */
import { createContext, useCallback, useContext, useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import { useQuery } from './api/hooks.ts'
import type { ApiError } from './api/client.ts'
import { graphql } from './gql/index.ts'
import type { ViewerQuery } from './gql/graphql.ts'

const DEFAULT_PROGRAM_KEY = 'SDP'
const PROGRAM_KEY = 'railyard.program'

const ViewerDocument = graphql(`
  query Viewer {
    viewer {
      subject
      displayName
      roles
      scopes
      agency {
        id
        code
        name
      }
    }
    programs {
      id
      key
      name
      strategy {
        version
        cadence {
          timeZone
        }
      }
    }
  }
`)

export type ViewerInfo = ViewerQuery['viewer']
export type ProgramSummary = ViewerQuery['programs'][number]

export interface ViewerContextValue {
  viewer: ViewerInfo
  programs: ProgramSummary[]
  /** The selected program (null when there is none yet). */
  program: ProgramSummary | null
  setProgramKey: (key: string) => void
  refetch: () => Promise<void>
}

const Ctx = createContext<ViewerContextValue | null>(null)

export function useViewer(): ViewerContextValue {
  const v = useContext(Ctx)
  if (!v) throw new Error('useViewer outside <ViewerProvider>')
  return v
}

function storedProgramKey(): string {
  try {
    return new URLSearchParams(window.location.search).get('program') ?? window.localStorage.getItem(PROGRAM_KEY) ?? DEFAULT_PROGRAM_KEY
  } catch {
    return DEFAULT_PROGRAM_KEY
  }
}

export function ViewerProvider({
  children,
  fallback,
}: {
  children: ReactNode
  fallback: (state: { loading: boolean; error: ApiError | null; retry: () => void }) => ReactNode
}) {
  const q = useQuery(ViewerDocument, {})
  const [key, setKey] = useState(storedProgramKey)
  const setProgramKey = useCallback((k: string) => {
    try {
      window.localStorage.setItem(PROGRAM_KEY, k)
    } catch {
      // ignore
    }
    setKey(k)
  }, [])
  const value = useMemo<ViewerContextValue | null>(() => {
    if (!q.data) return null
    const programs = q.data.programs
    const program = programs.find((p) => p.key === key) ?? programs.find((p) => p.key === DEFAULT_PROGRAM_KEY) ?? programs[0] ?? null
    return { viewer: q.data.viewer, programs, program, setProgramKey, refetch: q.refetch }
  }, [q.data, q.refetch, key, setProgramKey])
  if (!value) return <>{fallback({ loading: q.loading, error: q.error, retry: () => void q.refetch() })}</>
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}
