/** The application shell: sign-in gate, header, routes. */
import { Suspense, lazy, useEffect, useRef } from 'react'
import type { ComponentType } from 'react'
import { useSession } from './auth/session.tsx'
import { Header } from './components/header.tsx'
import { PersonaPicker } from './components/persona-picker.tsx'
import { ErrorAlert, Loading } from './components/status.tsx'
import { RoadmapPage } from './pages/roadmap/roadmap-page.tsx'
import { Link, matchPath, useLocation } from './router.tsx'
import { ViewerProvider } from './viewer.tsx'

const PlansPage = lazy(() => import('./pages/plans/plans-page.tsx').then((m) => ({ default: m.PlansPage })))
const NewPlanPage = lazy(() => import('./pages/plans/new-plan-page.tsx').then((m) => ({ default: m.NewPlanPage })))
const PlanEditorPage = lazy(() => import('./pages/plans/plan-editor-page.tsx').then((m) => ({ default: m.PlanEditorPage })))
const ApprovalsPage = lazy(() => import('./pages/approvals/approvals-page.tsx').then((m) => ({ default: m.ApprovalsPage })))
const ReleasePage = lazy(() => import('./pages/releases/release-page.tsx').then((m) => ({ default: m.ReleasePage })))
const EnvironmentsPage = lazy(() => import('./pages/environments/environments-page.tsx').then((m) => ({ default: m.EnvironmentsPage })))
const ProgramPage = lazy(() => import('./pages/program/program-page.tsx').then((m) => ({ default: m.ProgramPage })))

interface Route {
  pattern: string
  title: string
  component: ComponentType<{ params: Record<string, string> }>
}

/** The route table, first match wins. */
const ROUTES: Route[] = [
  { pattern: '/', title: 'Roadmap', component: RoadmapPage },
  { pattern: '/plans', title: 'Plans', component: PlansPage },
  { pattern: '/plans/new', title: 'New plan', component: NewPlanPage },
  { pattern: '/plans/:id', title: 'Plan', component: PlanEditorPage },
  { pattern: '/approvals', title: 'Approvals', component: ApprovalsPage },
  { pattern: '/releases/:id', title: 'Release', component: ReleasePage },
  { pattern: '/environments', title: 'Environments', component: EnvironmentsPage },
  { pattern: '/program', title: 'Program framework', component: ProgramPage },
]

function NotFound() {
  return (
    <div className="grid-container padding-y-4" data-testid="not-found">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Go to the roadmap</Link>.
      </p>
    </div>
  )
}

function Routes() {
  const { pathname } = useLocation()
  const mainRef = useRef<HTMLElement>(null)
  let match: { route: Route; params: Record<string, string> } | null = null
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, pathname)
    if (params) {
      match = { route, params }
      break
    }
  }
  const title = match?.route.title ?? 'Not found'
  const first = useRef(true)
  useEffect(() => {
    document.title = `${title} · Railyard`
    // move focus to the new page for keyboard and screen-reader users (not on first load)
    if (first.current) first.current = false
    else mainRef.current?.focus({ preventScroll: true })
  }, [pathname, title])
  const Page = match?.route.component
  return (
    <main id="main-content" ref={mainRef} tabIndex={-1} className="ry-main">
      <Suspense fallback={<Loading label="Loading page…" />}>{Page && match ? <Page params={match.params} /> : <NotFound />}</Suspense>
    </main>
  )
}

export function App() {
  const { token, signOut } = useSession()
  if (!token) return <PersonaPicker />
  return (
    <ViewerProvider
      key={token}
      fallback={({ loading, error, retry }) =>
        loading ? (
          <Loading label="Signing in…" testId="viewer-loading" />
        ) : (
          <div className="grid-container padding-y-4">
            <ErrorAlert error={error} onReload={retry} />
            <button type="button" className="usa-button usa-button--outline margin-top-2" onClick={signOut}>
              Choose another persona
            </button>
          </div>
        )
      }
    >
      <Header />
      <Routes />
    </ViewerProvider>
  )
}
