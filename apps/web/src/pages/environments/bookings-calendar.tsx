/**
 * The bookings calendar of the Environments page: one month (URL `month=YYYY-MM`), one row per
 * visible environment grouped by agency, one column per local day in the program's time zone;
 * each booking is a bar (a link to its release) spanning the days it touches, stacked when
 * bookings share a day. A CSS grid, no library; the layout is pure (calendar-layout.ts).
 */
import { useMemo } from 'react'
import type { CSSProperties } from 'react'
import type { ApiError } from '../../api/client.ts'
import { ErrorAlert } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import { formatInstant } from '../../lib/time.ts'
import { Link } from '../../router.tsx'
import { dayIndexOf, layoutBookings, monthTitle, shiftMonth } from './calendar-layout.ts'
import type { CalendarMonth, CalendarRowLayout } from './calendar-layout.ts'
import './bookings-calendar.css'

/** The bookings of every environment of the program overlapping [from, to) — one month. */
export const EnvironmentCalendarDocument = graphql(`
  query EnvironmentCalendar($key: String!, $from: DateTime!, $to: DateTime!) {
    program(key: $key) {
      id
      environments {
        id
        bookings(from: $from, to: $to) {
          ...BookingFields
          release {
            id
          }
        }
      }
    }
  }
`)

export interface CalendarBooking {
  id: string
  start: string
  end: string
  purpose?: string | null
  release: { id: string }
}

export interface CalendarEnvironment {
  id: string
  key: string
  name: string
  tier: string
}

export interface CalendarGroup {
  key: string
  title: string
  envs: CalendarEnvironment[]
}

const WEEKDAY = ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa']
const WEEKDAY_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

export function BookingsCalendar({
  cal,
  groups,
  bookings,
  loading,
  error,
  today,
  releaseLabel,
  onMonth,
  onReload,
}: {
  cal: CalendarMonth
  groups: readonly CalendarGroup[]
  /** bookings by environment id (null until loaded) */
  bookings: ReadonlyMap<string, readonly CalendarBooking[]> | null
  loading: boolean
  error: ApiError | null
  /** today 'YYYY-MM-DD' in the calendar's zone */
  today: string
  releaseLabel: (releaseId: string) => string
  onMonth: (month: string) => void
  onReload: () => void
}) {
  const todayIndex = dayIndexOf(cal, today)
  const n = cal.days.length
  const rows = useMemo(
    () =>
      groups.map((g) => ({
        ...g,
        envs: g.envs.map((e) => ({ env: e, layout: layoutBookings(bookings?.get(e.id) ?? [], cal) })),
      })),
    [groups, bookings, cal],
  )
  const total = rows.reduce((s, g) => s + g.envs.reduce((t, r) => t + r.layout.bars.length, 0), 0)
  const gridStyle = { '--ry-cal-days': String(n) } as CSSProperties

  return (
    <section
      className="ry-card ry-cal"
      aria-labelledby="calendar-title"
      data-testid="bookings-calendar"
      data-month={cal.month}
      data-state={loading ? 'loading' : error ? 'error' : 'ready'}
    >
      <div className="ry-cal__head">
        <h2 id="calendar-title" className="font-heading-md margin-0">
          Bookings calendar
        </h2>
        <CalendarNav cal={cal} today={today} onMonth={onMonth} />
      </div>
      <p className="ry-muted font-body-xs margin-top-05" role="status" aria-live="polite" data-testid="calendar-summary">
        {loading && !bookings
          ? 'Loading bookings…'
          : `${total} booking${total === 1 ? '' : 's'} in ${cal.title}${loading ? ' (updating…)' : ''}. Days in ${cal.timeZone}; a bar covers every day a booking touches.`}
      </p>
      <ErrorAlert error={error} onReload={onReload} testId="calendar-error" />
      <div
        className="ry-cal__scroll"
        aria-busy={loading || undefined}
        tabIndex={0}
        role="region"
        aria-label={`Bookings in ${cal.title}, by environment and day (scrolls)`}
      >
        <div className="ry-cal__grid" style={gridStyle}>
          <div className="ry-cal__row ry-cal__row--days" aria-hidden="true">
            <div className="ry-cal__label ry-cal__label--head">Environment</div>
            {cal.days.map((d, i) => (
              <div
                key={d.date}
                className={`ry-cal__dayhead${d.weekday === 0 || d.weekday === 6 ? ' ry-cal--weekend' : ''}${i === todayIndex ? ' ry-cal--today' : ''}`}
                style={{ gridColumn: i + 2 }}
                title={`${WEEKDAY_LONG[d.weekday]} ${d.date}${d.hours !== 24 ? ` (${d.hours} h: clock change)` : ''}`}
              >
                <span className="ry-cal__weekday">{WEEKDAY[d.weekday]}</span>
                <span>{d.day}</span>
              </div>
            ))}
          </div>
          {rows.map((g) => (
            <div key={g.key} role="group" aria-labelledby={`calendar-group-${g.key}`} data-testid={`calendar-group-${g.key}`}>
              <h4 id={`calendar-group-${g.key}`} className="ry-cal__group">
                {g.title}
              </h4>
              {g.envs.map(({ env, layout }) => (
                <CalendarRow key={env.id} cal={cal} env={env} layout={layout} todayIndex={todayIndex} releaseLabel={releaseLabel} />
              ))}
            </div>
          ))}
        </div>
      </div>
    </section>
  )
}

function CalendarNav({ cal, today, onMonth }: { cal: CalendarMonth; today: string; onMonth: (month: string) => void }) {
  const prev = shiftMonth(cal.month, -1)
  const next = shiftMonth(cal.month, 1)
  const thisMonth = today.slice(0, 7)
  return (
    <nav className="ry-cal__nav" aria-label="Calendar month">
      <button
        type="button"
        className="usa-button usa-button--outline usa-button--small"
        onClick={() => onMonth(prev)}
        aria-label={`Previous month, ${monthTitle(prev)}`}
        data-testid="calendar-prev"
      >
        <span aria-hidden="true">‹ </span>Previous
      </button>
      <h3 className="ry-cal__month" id="calendar-month" aria-live="polite" data-testid="calendar-month">
        {cal.title}
      </h3>
      <button
        type="button"
        className="usa-button usa-button--outline usa-button--small"
        onClick={() => onMonth(next)}
        aria-label={`Next month, ${monthTitle(next)}`}
        data-testid="calendar-next"
      >
        Next<span aria-hidden="true"> ›</span>
      </button>
      {cal.month !== thisMonth ? (
        <button type="button" className="usa-button usa-button--unstyled" onClick={() => onMonth(thisMonth)} data-testid="calendar-today">
          This month
        </button>
      ) : null}
    </nav>
  )
}

/** One environment's row: a cell per day and a bar (a link to its release) per booking, stacked in lanes. */
function CalendarRow({
  cal,
  env,
  layout,
  todayIndex,
  releaseLabel,
}: {
  cal: CalendarMonth
  env: CalendarEnvironment
  layout: CalendarRowLayout<CalendarBooking>
  todayIndex: number
  releaseLabel: (releaseId: string) => string
}) {
  const labelId = `calendar-env-${env.id}`
  const when = (iso: string) => formatInstant(iso, cal.timeZone)
  return (
    <div
      className="ry-cal__row"
      role="group"
      aria-labelledby={labelId}
      style={{ gridTemplateRows: `repeat(${layout.lanes}, var(--ry-cal-lane))` }}
      data-testid={`calendar-row-${env.key}`}
      data-lanes={layout.lanes}
    >
      <div className="ry-cal__label" id={labelId} style={{ gridRow: '1 / -1' }}>
        <strong>{env.key}</strong> <span className="ry-cal__tier">{env.tier}</span>
        <span className="usa-sr-only">
          {`, ${layout.bars.length === 0 ? 'no bookings' : layout.bars.length === 1 ? '1 booking' : `${layout.bars.length} bookings`} in ${cal.title}`}
        </span>
      </div>
      {cal.days.map((d, i) => (
        <div
          key={d.date}
          aria-hidden="true"
          className={`ry-cal__cell${d.weekday === 0 || d.weekday === 6 ? ' ry-cal--weekend' : ''}${i === todayIndex ? ' ry-cal--today' : ''}`}
          style={{ gridColumn: i + 2, gridRow: '1 / -1' }}
        />
      ))}
      {layout.bars.map((bar) => {
        const b = bar.booking
        const release = releaseLabel(b.release.id)
        const label = `${release} · ${env.tier}${b.purpose ? ` · ${b.purpose}` : ''}`
        const range = `${when(b.start)} – ${when(b.end)}`
        return (
          <Link
            key={b.id}
            to={`/releases/${b.release.id}`}
            className={`ry-cal__bar${bar.clippedStart ? ' ry-cal__bar--from-before' : ''}${bar.clippedEnd ? ' ry-cal__bar--to-after' : ''}`}
            style={{ gridColumn: `${bar.startDay + 2} / ${bar.endDay + 3}`, gridRow: bar.lane + 1 }}
            title={`${label}\n${range} (${cal.timeZone})`}
            aria-label={`${label}, on ${env.key}: ${range}${bar.clippedStart ? ', starts before this month' : ''}${bar.clippedEnd ? ', continues after this month' : ''}`}
            data-testid={`calendar-booking-${b.id}`}
            data-start-day={bar.startDay + 1}
            data-end-day={bar.endDay + 1}
            data-lane={bar.lane}
          >
            {label}
          </Link>
        )
      })}
    </div>
  )
}
