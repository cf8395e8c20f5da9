import { instantToMillis, isDateString, isValidTimeZone, localDayInterval } from '@railyard/release-rules'

/** The program's time zone for reading calendar days; UTC when unknown. */
export function programZone(strategy: { cadence: { timeZone: string } } | null | undefined): string {
  const z = strategy?.cadence.timeZone
  return z && isValidTimeZone(z) ? z : 'UTC'
}

/**
 * A range bound given as a 'YYYY-MM-DD' day (read in `zone`: `from` is the day's local start,
 * `to` includes the whole day) or as an ISO instant, in epoch ms; null when absent.
 */
export function rangeBound(value: string | null | undefined, zone: string, side: 'from' | 'to'): number | null {
  if (value === null || value === undefined || value === '') return null
  if (isDateString(value)) {
    const day = localDayInterval(value, zone)
    return instantToMillis(side === 'from' ? day.start : day.end)
  }
  return instantToMillis(value)
}
