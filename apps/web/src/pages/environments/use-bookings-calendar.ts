/**
 * The bookings calendar's month (URL `month=YYYY-MM`, default: this month in the program's zone)
 * and that month's bookings per environment, queried once the zone is known.
 */
import { useMemo } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { todayIn } from '../../lib/time.ts'
import { useSearchParams } from '../../router.tsx'
import { EnvironmentCalendarDocument } from './bookings-calendar.tsx'
import type { CalendarBooking } from './bookings-calendar.tsx'
import { calendarMonth, monthOf, parseMonthParam } from './calendar-layout.ts'

export function useBookingsCalendar(programKey: string | null, tz: string, zoneKnown: boolean) {
  const [params, setParams] = useSearchParams()
  const today = todayIn(tz)
  const month = parseMonthParam(params.get('month')) ?? monthOf(today)
  const cal = useMemo(() => calendarMonth(month, tz), [month, tz])
  const q = useQuery(EnvironmentCalendarDocument, { key: programKey ?? '', from: cal.from, to: cal.to }, { skip: !programKey || !zoneKnown, partial: true })
  // Right after a month change the previous month's bookings are still shown: useQuery counts
  // as loading until the request for the new range has settled (and before the first one has).
  const loading = q.loading || (!q.data && !q.error)
  const bookings = useMemo(() => {
    const envs = q.data?.program?.environments
    if (!envs) return null
    return new Map<string, readonly CalendarBooking[]>(envs.map((e) => [e.id, e.bookings]))
  }, [q.data])
  const setMonth = (m: string) => {
    const next = new URLSearchParams(params)
    next.set('month', m)
    setParams(next)
  }
  return { cal, today, bookings, loading, error: q.error, refetch: q.refetch, setMonth }
}
