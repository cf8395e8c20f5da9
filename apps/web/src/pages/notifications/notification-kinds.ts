/** Notification kinds and channels in words (the SDL's NotificationKind descriptions, shortened). */
import type { Channel, NotificationKind } from '../../gql/graphql.ts'

export const KINDS: { kind: NotificationKind; label: string; description: string }[] = [
  { kind: 'APPROVAL_REQUESTED', label: 'Approval requested', description: 'A plan waits for a step you may decide.' },
  { kind: 'PLAN_DECIDED', label: 'Plan decided', description: 'A plan of your agency was approved or rejected.' },
  {
    kind: 'DEPENDENCY_RESCHEDULED',
    label: 'Dependency rescheduled',
    description: 'A release your agency depends on (or that depends on yours) changed its schedule.',
  },
  { kind: 'DEPENDENCY_ORDER_BROKEN', label: 'Dependency order broken', description: 'A release now reaches its last tier before a release it depends on.' },
  { kind: 'RELEASE_PROMOTED', label: 'Release promoted', description: 'A release that impacts your agency was promoted or released.' },
  { kind: 'FREEZE_STARTING', label: 'Freeze starting', description: 'A freeze on a tier where your agency has a window starts within 48 hours.' },
  { kind: 'EXCEPTION_REQUESTED', label: 'Exception requested', description: 'A deployment exception was requested (program administrators).' },
  { kind: 'EXCEPTION_DECIDED', label: 'Exception decided', description: 'An exception of your agency was approved or rejected.' },
  { kind: 'DRIFT_DETECTED', label: 'Drift detected', description: 'An environment your agency uses drifted from its baseline.' },
  { kind: 'BOOKING_CONFLICT', label: 'Booking conflict', description: 'A booking of another release overlaps a window of your agency.' },
  { kind: 'GATE_AT_RISK', label: 'Gate at risk', description: 'A release’s next window starts within 72 hours and its gate is not passed.' },
]

export const kindLabel = (k: string) => KINDS.find((x) => x.kind === k)?.label ?? k

/** The channels a person chooses (WEBHOOK is chosen per subscription, on the webhooks page). */
export const PERSON_CHANNELS: { channel: Channel; label: string }[] = [
  { channel: 'IN_APP', label: 'In Railyard' },
  { channel: 'EMAIL', label: 'E-mail' },
]
