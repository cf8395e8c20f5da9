import { FieldErrors, notFound, runWrite } from '@railyard/graphql-kit'
import { compareInstants, isValidSemver } from '@railyard/release-rules'
import type { RecordDeploymentInput } from '../../__generated__/resolvers-types.ts'
import { environmentForWrite, writers } from '../../access.ts'
import type { Context } from '../../context.ts'
import { fetchRelease } from '../../upstream.ts'
import { insertDeployment } from './deployment.repository.ts'
import type { DeploymentRow } from './deployment.table.ts'

/** Records a deployment of a release into an environment (managers, or an integration with deployments:write). */
export async function recordDeployment(ctx: Context, input: RecordDeploymentInput): Promise<DeploymentRow> {
  const { actor, clients } = ctx
  return runWrite(ctx, {
    authorize: async () => {
      const env = await environmentForWrite(ctx, input.environmentId, writers.deploy, 'record deployments into', 'deployments:write')
      const release = await fetchRelease(clients, actor, input.releaseId)
      if (!release) throw notFound('Release', input.releaseId)
      return { env, release }
    },
    validate: ({ env, release }) => {
      const errors = new FieldErrors()
      errors.check(isValidSemver(input.version), ['input', 'version'], `${input.version} is not a valid semantic version (e.g. 2.4.0)`)
      if (input.finishedAt != null) {
        errors.check(compareInstants(input.finishedAt, input.startedAt) >= 0, ['input', 'finishedAt'], 'finishedAt must not be before startedAt')
      }
      if (env.agencyId !== null) {
        errors.check(
          release.agency.id === env.agencyId,
          ['input', 'releaseId'],
          `release ${input.releaseId} belongs to another agency than environment ${env.key}`,
        )
      }
      return errors
    },
    write: (trx, _locked, { env, release }) =>
      insertDeployment(trx, {
        environmentId: env.id,
        releaseId: release.id,
        version: input.version,
        outcome: input.outcome,
        startedAt: input.startedAt,
        finishedAt: input.finishedAt ?? null,
        deployedBy: actor.subject,
      }),
    audit: (row) => ({ action: 'recordDeployment', entityType: 'Deployment', entityId: row.id, after: row }),
  })
}
