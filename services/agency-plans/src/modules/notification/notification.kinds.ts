import type { Channel, NotificationKind } from '../../__generated__/resolvers-types.ts'

/** Every kind, in the SDL's order. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'APPROVAL_REQUESTED',
  'PLAN_DECIDED',
  'DEPENDENCY_RESCHEDULED',
  'DEPENDENCY_ORDER_BROKEN',
  'RELEASE_PROMOTED',
  'FREEZE_STARTING',
  'EXCEPTION_REQUESTED',
  'EXCEPTION_DECIDED',
  'DRIFT_DETECTED',
  'BOOKING_CONFLICT',
  'GATE_AT_RISK',
]

export const CHANNELS: readonly Channel[] = ['IN_APP', 'EMAIL', 'WEBHOOK']

/** Channels of a kind nobody has chosen for: in the web client only. */
export const DEFAULT_CHANNELS: readonly Channel[] = ['IN_APP']

export const isNotificationKind = (k: unknown): k is NotificationKind => typeof k === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(k)
