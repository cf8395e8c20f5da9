import { describe, expect, it } from 'vitest'
import {
  type Actor,
  canEditPlan,
  canRead,
  canReadAgencyFully,
  canReadEnvironment,
  canWriteEnvironment,
  integrationMay,
  mayWithdrawPlanNow,
  readsEverything,
} from '../src/index.ts'

const actor = (roles: Actor['roles'], agency: string | null = null, scopes: string[] = []): Actor => ({
  subject: 's',
  displayName: null,
  email: null,
  roles,
  agency,
  scopes,
  token: 't',
})

describe('access policy', () => {
  it('program office reads everything; integrations only with graph:read', () => {
    expect(readsEverything(actor(['PROGRAM_ADMIN']))).toBe(true)
    expect(readsEverything(actor(['PROGRAM_VIEWER']))).toBe(true)
    expect(readsEverything(actor(['INTEGRATION'], null, ['graph:read']))).toBe(true)
    expect(readsEverything(actor(['INTEGRATION'], 'DOH', ['graph:read']))).toBe(false)
    expect(canRead(actor(['INTEGRATION'], null, ['inventory:report']))).toBe(false)
    expect(canRead(actor(['AGENCY_VIEWER'], 'DOH'))).toBe(true)
    expect(canRead(actor([]))).toBe(false)
  })

  it('agency roles read their own agency fully, others not', () => {
    expect(canReadAgencyFully(actor(['AGENCY_VIEWER'], 'DOH'), 'DOH')).toBe(true)
    expect(canReadAgencyFully(actor(['AGENCY_MANAGER'], 'DOH'), 'DOL')).toBe(false)
    expect(canReadAgencyFully(actor(['INTEGRATION'], 'DOH', ['graph:read']), 'DOH')).toBe(true)
    expect(canReadAgencyFully(actor(['INTEGRATION'], 'DOH', []), 'DOH')).toBe(false)
  })

  it('withdrawing a submission: the agency’s managers and members (who may submit), only while SUBMITTED', () => {
    expect(mayWithdrawPlanNow(actor(['AGENCY_MANAGER'], 'DOH'), 'DOH', 'SUBMITTED')).toBe(true)
    expect(mayWithdrawPlanNow(actor(['AGENCY_MEMBER'], 'DOH'), 'DOH', 'SUBMITTED')).toBe(true)
    expect(mayWithdrawPlanNow(actor(['AGENCY_VIEWER'], 'DOH'), 'DOH', 'SUBMITTED')).toBe(false)
    expect(mayWithdrawPlanNow(actor(['AGENCY_MANAGER'], 'DOL'), 'DOH', 'SUBMITTED')).toBe(false)
    expect(mayWithdrawPlanNow(actor(['PROGRAM_ADMIN']), 'DOH', 'SUBMITTED')).toBe(false)
    for (const status of ['DRAFT', 'APPROVED', 'REJECTED', 'CLOSED'])
      expect(mayWithdrawPlanNow(actor(['AGENCY_MANAGER'], 'DOH'), 'DOH', status), status).toBe(false)
  })

  it('plan edits: managers in any status, members only DRAFT/REJECTED, never another agency or the program office', () => {
    expect(canEditPlan(actor(['AGENCY_MANAGER'], 'DOH'), 'DOH', 'APPROVED')).toBe(true)
    expect(canEditPlan(actor(['AGENCY_MEMBER'], 'DOH'), 'DOH', 'DRAFT')).toBe(true)
    expect(canEditPlan(actor(['AGENCY_MEMBER'], 'DOH'), 'DOH', 'REJECTED')).toBe(true)
    expect(canEditPlan(actor(['AGENCY_MEMBER'], 'DOH'), 'DOH', 'APPROVED')).toBe(false)
    expect(canEditPlan(actor(['AGENCY_VIEWER'], 'DOH'), 'DOH', 'DRAFT')).toBe(false)
    expect(canEditPlan(actor(['AGENCY_MANAGER'], 'DOL'), 'DOH', 'DRAFT')).toBe(false)
    expect(canEditPlan(actor(['PROGRAM_ADMIN']), 'DOH', 'DRAFT')).toBe(false)
  })

  it('environments: own and shared readable, writes by own managers or admins for shared', () => {
    expect(canReadEnvironment(actor(['AGENCY_VIEWER'], 'DOH'), 'DOH')).toBe(true)
    expect(canReadEnvironment(actor(['AGENCY_VIEWER'], 'DOH'), null)).toBe(true)
    expect(canReadEnvironment(actor(['AGENCY_MANAGER'], 'DOH'), 'DOL')).toBe(false)
    expect(canWriteEnvironment(actor(['AGENCY_MANAGER'], 'DOH'), 'DOH')).toBe(true)
    expect(canWriteEnvironment(actor(['AGENCY_MEMBER'], 'DOH'), 'DOH')).toBe(false)
    expect(canWriteEnvironment(actor(['AGENCY_MANAGER'], 'DOH'), null)).toBe(false)
    expect(canWriteEnvironment(actor(['PROGRAM_ADMIN']), null)).toBe(true)
    expect(integrationMay(actor(['INTEGRATION'], 'DOH', ['inventory:report']), 'inventory:report', 'DOH')).toBe(true)
    expect(integrationMay(actor(['INTEGRATION'], 'DOH', ['inventory:report']), 'inventory:report', 'DOL')).toBe(false)
    expect(integrationMay(actor(['INTEGRATION'], null, ['inventory:report']), 'inventory:report', 'DOL')).toBe(true)
    expect(integrationMay(actor(['INTEGRATION'], 'DOH', ['graph:read']), 'inventory:report', 'DOH')).toBe(false)
  })
})
