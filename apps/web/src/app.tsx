/** The application shell: sign-in gate, header, routes. */
import { Suspense, lazy, useEffect, useRef } from 'react'
import type { ComponentType } from 'react'
import { useSession } from './auth/session.tsx'
import { Header } from './components/header.tsx'
import { PersonaPicker } from './components/persona-picker.tsx'
import { SignInPage } from './components/sign-in-page.tsx'
import { ApiError } from './api/client.ts'
import { ErrorAlert, Loading } from './components/status.tsx'
import { useReadScope } from './permissions.ts'
import { Link, matchPath, useLocation } from './router.tsx'
import { ViewerProvider } from './viewer.tsx'

const RoadmapPage = lazy(() => import('./pages/roadmap/roadmap-page.tsx').then((m) => ({ default: m.RoadmapPage })))
const PlansPage = lazy(() => import('./pages/plans/plans-page.tsx').then((m) => ({ default: m.PlansPage })))
const NewPlanPage = lazy(() => import('./pages/plans/new-plan-page.tsx').then((m) => ({ default: m.NewPlanPage })))
const PlanEditorPage = lazy(() => import('./pages/plans/plan-editor-page.tsx').then((m) => ({ default: m.PlanEditorPage })))
const ApprovalsPage = lazy(() => import('./pages/approvals/approvals-page.tsx').then((m) => ({ default: m.ApprovalsPage })))
const ReleasePage = lazy(() => import('./pages/releases/release-page.tsx').then((m) => ({ default: m.ReleasePage })))
const EnvironmentsPage = lazy(() => import('./pages/environments/environments-page.tsx').then((m) => ({ default: m.EnvironmentsPage })))
const HealthPage = lazy(() => import('./pages/health/health-page.tsx').then((m) => ({ default: m.HealthPage })))
const MetricsPage = lazy(() => import('./pages/metrics/metrics-page.tsx').then((m) => ({ default: m.MetricsPage })))
const ExceptionInboxPage = lazy(() => import('./pages/exceptions/exception-inbox-page.tsx').then((m) => ({ default: m.ExceptionInboxPage })))
const NotificationsPage = lazy(() => import('./pages/notifications/notifications-page.tsx').then((m) => ({ default: m.NotificationsPage })))
const NotificationSettingsPage = lazy(() =>
  import('./pages/notifications/notification-settings-page.tsx').then((m) => ({ default: m.NotificationSettingsPage })),
)
const WebhooksPage = lazy(() => import('./pages/webhooks/webhooks-page.tsx').then((m) => ({ default: m.WebhooksPage })))
const ProgramPage = lazy(() => import('./pages/program/program-page.tsx').then((m) => ({ default: m.ProgramPage })))

interface Route {
  pattern: string
  title: string
  component: ComponentType<{ params: Record<string, string> }>
}

/** The home page: program health for program roles, the roadmap for agencies. */
function HomePage(props: { params: Record<string, string> }) {
  const scope = useReadScope()
  return scope.programWide ? <HealthPage {...props} /> : <RoadmapPage {...props} />
}

/** The route table, first match wins. */
const ROUTES: Route[] = [
  { pattern: '/', title: 'Home', component: HomePage },
  { pattern: '/roadmap', title: 'Roadmap', component: RoadmapPage },
  { pattern: '/health', title: 'Program health', component: HealthPage },
  { pattern: '/metrics', title: 'Delivery metrics', component: MetricsPage },
  { pattern: '/plans', title: 'Plans', component: PlansPage },
  { pattern: '/plans/new', title: 'New plan', component: NewPlanPage },
  { pattern: '/plans/:id', title: 'Plan', component: PlanEditorPage },
  { pattern: '/approvals', title: 'Approvals', component: ApprovalsPage },
  { pattern: '/exceptions', title: 'Exception requests', component: ExceptionInboxPage },
  { pattern: '/releases/:id', title: 'Release', component: ReleasePage },
  { pattern: '/environments', title: 'Environments', component: EnvironmentsPage },
  { pattern: '/program', title: 'Program framework', component: ProgramPage },
  { pattern: '/notifications', title: 'Notifications', component: NotificationsPage },
  { pattern: '/settings/notifications', title: 'Notification settings', component: NotificationSettingsPage },
  { pattern: '/webhooks', title: 'Webhooks', component: WebhooksPage },
]

function NotFound() {
  return (
    <div className="grid-container padding-y-4" data-testid="not-found">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Go to the home page</Link>.
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

/** Signed in, but with no role that reads anything (e.g. none of the person's groups is in AUTH_GROUP_MAP). */
function NoRole() {
  const { signOut } = useSession()
  return (
    <div className="grid-container padding-y-4" data-testid="no-role">
      <h1>No access yet</h1>
      <p>You are signed in, but your account has no role in Railyard that lets you see the program. Ask your program office to add you to a Railyard group.</p>
      <button type="button" className="usa-button usa-button--outline" onClick={signOut}>
        Sign out
      </button>
    </div>
  )
}

/** A sign-in problem found while signed in (oidc: the server refused renewed tokens). */
function SessionProblem() {
  const { problem, signOut } = useSession()
  if (!problem) return null
  return (
    <div className="usa-alert usa-alert--error usa-alert--slim margin-0" role="alert" data-testid="session-problem">
      <div className="usa-alert__body">
        <p className="usa-alert__text">
          {problem}{' '}
          <button type="button" className="usa-button usa-button--unstyled" onClick={signOut}>
            Sign out
          </button>
        </p>
      </div>
    </div>
  )
}

function Shell() {
  return (
    <>
      <Header />
      <SessionProblem />
      <Routes />
    </>
  )
}

export function App() {
  const { mode, ready, token, identity, signOut, problem, retry } = useSession()
  if (mode === 'loading' || !ready) return <Loading label="Loading…" testId="session-loading" />
  if (mode === 'unavailable')
    return (
      <div className="grid-container padding-y-4" data-testid="sign-in-unavailable">
        <h1>Railyard</h1>
        <ErrorAlert error={new ApiError(problem ?? 'Sign-in is not available.', { code: 'NETWORK_ERROR' })} onReload={retry} />
      </div>
    )
  if (!token) return mode === 'dev' ? <PersonaPicker /> : <SignInPage />
  return (
    <ViewerProvider
      key={identity ?? token}
      fallback={({ loading, error, retry: retryViewer }) =>
        loading ? (
          <Loading label="Signing in…" testId="viewer-loading" />
        ) : error?.code === 'FORBIDDEN' ? (
          <NoRole />
        ) : (
          <div className="grid-container padding-y-4">
            <ErrorAlert error={error} onReload={retryViewer} />
            <button type="button" className="usa-button usa-button--outline margin-top-2" onClick={signOut}>
              {mode === 'dev' ? 'Choose another persona' : 'Sign out'}
            </button>
          </div>
        )
      }
    >
      <Shell />
    </ViewerProvider>
  )
}
