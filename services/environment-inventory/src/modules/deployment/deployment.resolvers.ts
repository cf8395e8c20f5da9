import { FieldErrors, notFound, writeAudit } from '@railyard/graphql-kit'
import { compareInstants, isValidSemver } from '@railyard/release-rules'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { environmentForWrite, writers } from '../../access.ts'
import { fetchRelease } from '../../upstream.ts'
import { insertDeployment } from './deployment.repository.ts'

export const deploymentResolvers: Resolvers = {
  Mutation: {
    recordDeployment: async (_p, { input }, ctx) => {
      const { actor, db, clients } = ctx
      const env = await environmentForWrite(ctx, input.environmentId, writers.deploy, 'record deployments into')
      const release = await fetchRelease(clients, actor, input.releaseId)
      if (!release) throw notFound('Release', input.releaseId)
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
      errors.throwIfAny()
      return db.transaction().execute(async (trx) => {
        const row = await insertDeployment(trx, {
          environmentId: env.id,
          releaseId: release.id,
          version: input.version,
          outcome: input.outcome,
          startedAt: input.startedAt,
          finishedAt: input.finishedAt ?? null,
          deployedBy: actor.subject,
        })
        await writeAudit(trx, actor, { action: 'recordDeployment', entityType: 'Deployment', entityId: row.id, after: row })
        return row
      })
    },
  },
  Deployment: {
    environment: async (d, _a, { loaders }) => {
      const env = await loaders.environmentById.load(d.environmentId)
      if (!env) throw notFound('Environment', d.environmentId)
      return env
    },
    release: (d) => ({ id: d.releaseId }),
  },
}
