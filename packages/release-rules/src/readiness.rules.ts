import type { BookingSpec, ReadinessInput, ReadinessResult } from './types.ts'
export function conflictingBookings(existing: BookingSpec[], candidate: Omit<BookingSpec, 'id'> & { id?: string }): BookingSpec[] { throw new Error('not implemented') }
export function environmentReadiness(i: ReadinessInput): ReadinessResult { throw new Error('not implemented') }
