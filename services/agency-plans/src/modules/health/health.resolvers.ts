import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { programDeliveryMetrics, programDeliveryTrend, programRisks } from './health.service.ts'

/** Program health: Program.risks, deliveryMetrics and deliveryTrend (thin: arguments → service). */
export const healthResolvers: Resolvers = {
  Program: {
    risks: (program, { asOf, horizonDays }, ctx) => programRisks(ctx, program.id, asOf, horizonDays),
    deliveryMetrics: (program, { from, to }, ctx) => programDeliveryMetrics(ctx, program.id, from, to),
    deliveryTrend: (program, { from, to }, ctx) => programDeliveryTrend(ctx, program.id, from, to),
  },
  DeliveryMetrics: {
    agency: (row) => (row.agencyId ? { id: row.agencyId } : null),
  },
}
