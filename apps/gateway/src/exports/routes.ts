import type express from 'express'
import type { Request, Response } from 'express'
import { DateTime } from 'luxon'
import { isDateString, isInstantString } from '@railyard/release-rules'
import type { GatewayGraphQL, RouteDeps } from '../gateway.ts'
import { buildArgoSyncWindows, formatArgoSyncWindows } from './argocd-sync-windows.export.ts'
import { openFeed } from './calendar-feed.route.ts'
import { calendarRange, formatCalendar } from './calendar.export.ts'
import type { FreezeExportData } from './export-data.ts'
import { authenticate, fetchRoot, sendFile, sendText } from './export-http.ts'
import { CALENDAR_QUERY, FREEZE_EXPORT_QUERY, RMP_QUERY, ROADMAP_PDF_QUERY, ROADMAP_QUERY } from './export-queries.ts'
import { buildGitlabFreezePeriods, formatGitlabFreezePeriods } from './gitlab-freeze-periods.export.ts'
import { formatRoadmapCsv } from './roadmap-csv.export.ts'
import { formatRoadmapPdf } from './roadmap-pdf.export.ts'
import { formatRmpHtml } from './rmp-html.export.ts'
import { formatRmpMarkdown } from './rmp-markdown.export.ts'
import { formatRmpPdf } from './rmp-pdf.export.ts'

/** Longest calendar range (Program.cycles refuses more than 5 years). */
const MAX_RANGE_YEARS = 5
/** Longest range of the roadmap PDF (a Gantt chart of more is unreadable on a page). */
const MAX_PDF_RANGE_YEARS = 3

type Deps = RouteDeps

export interface ExportOptions {
  /** The clock each request reads its "now" from (once, when it arrives); tests fix it. Default: the system clock. */
  clock?: () => Date
}

/**
 * Calendar feed and exports (issue #5); mounted on the gateway.
 *
 *   GET /calendar/<programKey>.ics[?from=YYYY-MM-DD&to=YYYY-MM-DD]      RFC 5545 feed (default: the next 12 months)
 *   GET /calendar/feeds/<secret>.ics[?from=&to=]                        the same, for a createCalendarFeed address (no other credential)
 *   GET /exports/<programKey>/gitlab-freeze-periods.json[?tier=PROD]    GitLab freeze periods (cron)
 *   GET /exports/<programKey>/argocd-sync-windows.yaml[?tier=PROD]      Argo CD AppProject sync windows
 *   GET /exports/<programKey>/validity.json[?tier=PROD]                 until when each calendar export holds, and what it cannot say
 *   GET /exports/<programKey>/roadmap.csv[?from=&to=]                   one row per visible release window
 *   GET /exports/<programKey>/roadmap.pdf[?from=&to=&agency=&status=&tier=]  a landscape Gantt chart of the range (default: 12 months from this month)
 *   GET /exports/plans/<planId>/rmp.md | rmp.html | rmp.pdf             the agency's Release Management Plan
 *
 * Every route but the feed addresses takes the caller's token as `Authorization: Bearer` only
 * (401 without a valid one, and for any `?token=`: tokens never go into URLs), fetches its data with one GraphQL operation through the supergraph as the caller
 * (so the access rules decide what it contains), and answers 404 for a program or plan the caller
 * cannot see. Freeze exports default to the production tier (the promotion path's last tier).
 * The calendar, GitLab and Argo CD exports say until when they hold (`X-Railyard-Valid-Until`,
 * `X-Railyard-Unsupported` headers, and in the file itself). "Now" is the request's arrival time
 * on `options.clock`.
 */
export function mountExports(app: express.Express, deps: Deps, options: ExportOptions = {}): void {
  const d: Deps & Required<ExportOptions> = { ...deps, clock: options.clock ?? (() => new Date()) }
  app.get('/calendar/feeds/:secret.ics', (req, res) => void feed(d, req, res))
  app.get('/calendar/:programKey.ics', guarded(d, calendar))
  app.get(
    '/exports/plans/:planId/rmp.md',
    guarded(d, (c) => rmp(c, 'md')),
  )
  app.get(
    '/exports/plans/:planId/rmp.html',
    guarded(d, (c) => rmp(c, 'html')),
  )
  app.get(
    '/exports/plans/:planId/rmp.pdf',
    guarded(d, (c) => rmp(c, 'pdf')),
  )
  app.get('/exports/:programKey/gitlab-freeze-periods.json', guarded(d, gitlab))
  app.get('/exports/:programKey/argocd-sync-windows.yaml', guarded(d, argocd))
  app.get('/exports/:programKey/validity.json', guarded(d, validity))
  app.get('/exports/:programKey/roadmap.csv', guarded(d, roadmap))
  app.get('/exports/:programKey/roadmap.pdf', guarded(d, roadmapPdf))
}

interface Call {
  req: Request
  res: Response
  token: string
  graphql: GatewayGraphQL
  /** The request's "now" (ISO instant), read once when it arrived. */
  now: string
  /** A calendar feed address: the program it is of, and the address as shown in the file (secret masked). */
  feed?: { programKey: string; shownUrl: string }
}

/** GET /calendar/feeds/<secret>.ics: the calendar as the feed's creator sees it (calendar-feed.route.ts). */
async function feed(deps: Deps & Required<ExportOptions>, req: Request, res: Response): Promise<void> {
  const now = deps.clock().toISOString()
  try {
    if (!deps.internal) return sendText(res, 404, 'Not found.')
    if (req.query.token !== undefined) return sendText(res, 400, 'Bad request: a calendar feed address takes no token.')
    const secret = param(req, 'secret')
    const opened = await openFeed(deps.internal, secret)
    if (!opened.ok) return sendText(res, opened.status, opened.message)
    const shownUrl = `${req.protocol}://${req.get('host') ?? 'localhost'}/calendar/feeds/${secret.slice(0, 9)}….ics`
    await calendar({ req, res, token: opened.token, graphql: deps.graphql, now, feed: { programKey: opened.programKey, shownUrl } })
  } catch (err) {
    console.error('[calendar feed]', err)
    if (!res.headersSent) sendText(res, 500, 'The calendar feed failed.')
  }
}

function guarded(deps: Deps & Required<ExportOptions>, handler: (c: Call) => Promise<void>) {
  return async (req: Request, res: Response) => {
    const now = deps.clock().toISOString()
    try {
      const auth = await authenticate(req, res, deps.verifier)
      if (!auth) return
      await handler({ req, res, token: auth.token, graphql: deps.graphql, now })
    } catch (err) {
      console.error('[exports]', err)
      if (!res.headersSent) sendText(res, 500, 'The export failed.')
    }
  }
}

function param(req: Request, name: string): string {
  return String(req.params[name] ?? '')
}

function query(req: Request, name: string): string | null {
  const v = req.query[name]
  return typeof v === 'string' && v !== '' ? v : null
}

/** Validates the optional ?tier= against the promotion path (400 when unknown). */
function tierParam(c: Call, strategy: { promotionPath: string[] } | null): { ok: true; tier: string | null } | { ok: false } {
  const tier = query(c.req, 'tier')
  if (tier !== null && strategy && !strategy.promotionPath.includes(tier)) {
    sendText(c.res, 400, `Bad request: tier must be one of ${strategy.promotionPath.join(', ')}.`)
    return { ok: false }
  }
  return { ok: true, tier }
}

async function calendar(c: Call): Promise<void> {
  const fromText = query(c.req, 'from')
  const toText = query(c.req, 'to')
  for (const [name, v] of [
    ['from', fromText],
    ['to', toText],
  ] as const) {
    if (v !== null && !isDateString(v)) return sendText(c.res, 400, `Bad request: ${name} must be a date (YYYY-MM-DD).`)
  }
  const today = DateTime.fromISO(c.now, { zone: 'utc' }).startOf('day')
  // (from and to are valid YYYY-MM-DD dates here: the dates computed from them are valid too)
  const isoDate = (d: DateTime) => d.toISODate() ?? ''
  const from = fromText ?? (toText ? isoDate(DateTime.fromISO(toText, { zone: 'utc' }).minus({ months: 12 })) : isoDate(today))
  const to = toText ?? isoDate(DateTime.fromISO(from, { zone: 'utc' }).plus({ months: 12 }))
  if (to < from) return sendText(c.res, 400, 'Bad request: from must not be after to.')
  if (isoDate(DateTime.fromISO(from, { zone: 'utc' }).plus({ years: MAX_RANGE_YEARS })) < to) {
    return sendText(c.res, 400, `Bad request: the range may span at most ${MAX_RANGE_YEARS} years.`)
  }
  const key = c.feed?.programKey ?? param(c.req, 'programKey')
  const r = await fetchRoot(
    c.graphql,
    CALENDAR_QUERY,
    {
      key,
      from,
      to,
      // a day's margin either side: the formatter cuts the range in the program's time zone
      windowsFrom: DateTime.fromISO(from, { zone: 'utc' }).minus({ days: 1 }).toISO(),
      windowsTo: DateTime.fromISO(to, { zone: 'utc' }).plus({ days: 2 }).toISO(),
    },
    c.token,
    'program',
  )
  // a feed whose program its creator can no longer see: as if the address did not exist
  if (!r.ok) return c.feed ? sendText(c.res, r.status === 400 ? 400 : 404, r.status === 400 ? r.message : 'Not found.') : sendText(c.res, r.status, r.message)
  const url = c.feed?.shownUrl ?? `${c.req.protocol}://${c.req.get('host') ?? 'localhost'}${c.req.baseUrl}${c.req.path}`
  const range = calendarRange(r.data, from, to)
  sendFile(c.res, {
    contentType: 'text/calendar; charset=utf-8',
    filename: `${r.data.key}.ics`,
    body: formatCalendar(r.data, { from, to, now: c.now, url }),
    // exact over its range (cycles, freezes and windows are listed for the range only)
    extraHeaders: { 'Cache-Control': 'private, max-age=300', ...validityHeaders(new Date(range.start).toISOString(), new Date(range.end).toISOString(), 0) },
  })
}

/** Until when an export holds, as response headers (the file says so too). */
function validityHeaders(validFrom: string, validUntil: string, unsupported: number): Record<string, string> {
  return { 'X-Railyard-Valid-From': validFrom, 'X-Railyard-Valid-Until': validUntil, 'X-Railyard-Unsupported': String(unsupported) }
}

async function freezeData(c: Call): Promise<{ data: FreezeExportData; tier: string | null } | null> {
  const r = await fetchRoot(c.graphql, FREEZE_EXPORT_QUERY, { key: param(c.req, 'programKey') }, c.token, 'program')
  if (!r.ok) {
    sendText(c.res, r.status, r.message)
    return null
  }
  const t = tierParam(c, r.data.strategy)
  return t.ok ? { data: r.data, tier: t.tier } : null
}

async function gitlab(c: Call): Promise<void> {
  const f = await freezeData(c)
  if (!f) return
  const out = formatGitlabFreezePeriods(f.data, { now: c.now, tier: f.tier })
  sendFile(c.res, {
    contentType: 'application/json; charset=utf-8',
    filename: `${f.data.key}-gitlab-freeze-periods.json`,
    body: out.body,
    extraHeaders: validityHeaders(out.validFrom, out.validUntil, out.unsupported),
  })
}

async function argocd(c: Call): Promise<void> {
  const f = await freezeData(c)
  if (!f) return
  const out = formatArgoSyncWindows(f.data, { now: c.now, tier: f.tier })
  sendFile(c.res, {
    contentType: 'application/yaml; charset=utf-8',
    filename: `${f.data.key}-argocd-sync-windows.yaml`,
    body: out.body,
    extraHeaders: validityHeaders(out.validFrom, out.validUntil, out.unsupported),
  })
}

/**
 * For the web client's export links: until when the GitLab and Argo CD exports hold for the tier
 * and what they cannot say, and the calendar feed's default range (it is exact within it).
 */
async function validity(c: Call): Promise<void> {
  const f = await freezeData(c)
  if (!f) return
  const summary = (p: ReturnType<typeof buildGitlabFreezePeriods> | ReturnType<typeof buildArgoSyncWindows>['plan']) => ({
    validFrom: p.validFrom,
    validUntil: p.validUntil,
    unsupported: p.unsupported,
  })
  const gl = buildGitlabFreezePeriods(f.data, { now: c.now, tier: f.tier })
  const argo = buildArgoSyncWindows(f.data, { now: c.now, tier: f.tier }).plan
  const from = DateTime.fromISO(c.now, { zone: 'utc' }).toISODate() ?? ''
  const to = DateTime.fromISO(c.now, { zone: 'utc' }).plus({ months: 12 }).toISODate() ?? ''
  c.res
    .status(200)
    .set({ 'Cache-Control': 'private, max-age=60', 'X-Content-Type-Options': 'nosniff' })
    .json({
      program: f.data.key,
      tier: gl.tier,
      generatedAt: c.now,
      gitlab: summary(gl),
      argocd: summary(argo),
      calendar: { from, to, note: 'The feed lists exactly the freeze occurrences of its range (default: the next 12 months), for every RFC 5545 reader.' },
    })
}

async function roadmap(c: Call): Promise<void> {
  const from = query(c.req, 'from')
  const to = query(c.req, 'to')
  for (const [name, v] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (v !== null && !isDateString(v) && !isInstantString(v)) {
      return sendText(c.res, 400, `Bad request: ${name} must be a date (YYYY-MM-DD) or an ISO instant.`)
    }
  }
  // Releases are pre-filtered with a day's margin; the formatter cuts windows exactly, reading
  // dates in the program's time zone.
  const bound = (v: string | null, days: number) =>
    v === null ? null : (isDateString(v) ? DateTime.fromISO(v, { zone: 'utc' }) : DateTime.fromISO(v, { setZone: true })).plus({ days }).toUTC().toISO()
  const r = await fetchRoot(
    c.graphql,
    ROADMAP_QUERY,
    { key: param(c.req, 'programKey'), windowsFrom: bound(from, -1), windowsTo: bound(to, 2) },
    c.token,
    'program',
  )
  if (!r.ok) return sendText(c.res, r.status, r.message)
  sendFile(c.res, {
    contentType: 'text/csv; charset=utf-8; header=present',
    filename: `${r.data.key}-roadmap.csv`,
    body: formatRoadmapCsv(r.data, { from, to }),
  })
}

/** A comma-separated list parameter (e.g. ?agency=DOH,DOL); empty when absent. */
function listParam(req: Request, name: string): string[] {
  return (query(req, name) ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
}

/** A 'YYYY-MM-DD' day (as UTC midnight) or an ISO instant, as a luxon DateTime. */
const parseBound = (v: string) => (isDateString(v) ? DateTime.fromISO(v, { zone: 'utc' }) : DateTime.fromISO(v, { setZone: true }))

/**
 * GET /exports/<programKey>/roadmap.pdf: the roadmap CSV's parameters (from, to: days in the
 * program's time zone or instants) and the roadmap page's filters (agency, status, tier: comma
 * lists), as a landscape Gantt chart (roadmap-pdf.export.ts). Without a range: 12 months from the
 * start of this month.
 */
async function roadmapPdf(c: Call): Promise<void> {
  const fromText = query(c.req, 'from')
  const toText = query(c.req, 'to')
  for (const [name, v] of [
    ['from', fromText],
    ['to', toText],
  ] as const) {
    if (v !== null && !isDateString(v) && !isInstantString(v)) {
      return sendText(c.res, 400, `Bad request: ${name} must be a date (YYYY-MM-DD) or an ISO instant.`)
    }
  }
  const shifted = (v: string, months: number, days: number) => {
    const d = parseBound(v).plus({ months, days })
    return (isDateString(v) ? d.toISODate() : d.toUTC().toISO()) ?? v
  }
  const from = fromText ?? (toText ? shifted(toText, -12, 1) : (DateTime.fromISO(c.now, { zone: 'utc' }).startOf('month').toISODate() ?? ''))
  const to = toText ?? shifted(from, 12, -1)
  if (parseBound(to) < parseBound(from)) return sendText(c.res, 400, 'Bad request: from must not be after to.')
  if (parseBound(from).plus({ years: MAX_PDF_RANGE_YEARS }) < parseBound(to)) {
    return sendText(c.res, 400, `Bad request: the range may span at most ${MAX_PDF_RANGE_YEARS} years.`)
  }
  // releases and freezes with a day's margin either side; the chart cuts them in the program's time zone
  const windowsFrom = parseBound(from).minus({ days: 1 }).toUTC().toISO() ?? ''
  const windowsTo = parseBound(to).plus({ days: 2 }).toUTC().toISO() ?? ''
  const r = await fetchRoot(
    c.graphql,
    ROADMAP_PDF_QUERY,
    { key: param(c.req, 'programKey'), windowsFrom, windowsTo, freezeFrom: windowsFrom, freezeTo: windowsTo },
    c.token,
    'program',
  )
  if (!r.ok) return sendText(c.res, r.status, r.message)
  const body = await formatRoadmapPdf(r.data, {
    from,
    to,
    now: c.now,
    agencies: listParam(c.req, 'agency'),
    statuses: listParam(c.req, 'status'),
    tiers: listParam(c.req, 'tier'),
  })
  sendFile(c.res, { contentType: 'application/pdf', filename: `${r.data.key}-roadmap-${from}-to-${to}.pdf`, body })
}

async function rmp(c: Call, format: 'md' | 'html' | 'pdf'): Promise<void> {
  const r = await fetchRoot(c.graphql, RMP_QUERY, { id: param(c.req, 'planId') }, c.token, 'agencyPlan', { strict: true })
  if (!r.ok) return sendText(c.res, r.status, r.message)
  const now = c.now
  const base = `${r.data.agency.code}-release-management-plan-${r.data.id}`
  if (format === 'md') {
    sendFile(c.res, { contentType: 'text/markdown; charset=utf-8', filename: `${base}.md`, body: formatRmpMarkdown(r.data, { now }) })
    return
  }
  if (format === 'pdf') {
    sendFile(c.res, { contentType: 'application/pdf', filename: `${base}.pdf`, body: await formatRmpPdf(r.data, { now }) })
    return
  }
  sendFile(c.res, {
    contentType: 'text/html; charset=utf-8',
    filename: `${base}.html`,
    disposition: 'inline',
    body: formatRmpHtml(r.data, { now }),
    extraHeaders: {
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'Referrer-Policy': 'no-referrer',
    },
  })
}
