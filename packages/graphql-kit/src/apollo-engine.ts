import type { ApolloServerOptions, BaseContext } from '@apollo/server'
import { ApolloServer } from '@apollo/server'
import { unwrapResolverError } from '@apollo/server/errors'
import { type GraphQLSchema, isObjectType } from 'graphql'
import { gqlError } from './errors.ts'
import type { GraphQLEngine } from './graphql-pipeline.ts'
import { maskFormattedError } from './masking.ts'
import { currentRequestScope } from './request-scope.ts'

/**
 * Apollo Server as a pipeline engine: it only executes operations the pipeline has already
 * checked (its own HTTP handling is not used). Errors are masked by the same rules as
 * everywhere, with the original error at hand (database errors classified, the rest logged).
 */
export function apolloServerOptions(
  name: string,
  logError: (line: string, err: unknown) => void,
): Pick<ApolloServerOptions<BaseContext>, 'formatError' | 'includeStacktraceInErrorResponses' | 'introspection' | 'stopOnTerminationSignals'> {
  return {
    // Our processes own shutdown (drain HTTP, then stop the engine). Apollo's own SIGTERM handler
    // would race ours, and a second stop() during Apollo's own never returns.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // The pipeline decides who may introspect before Apollo sees the operation.
    introspection: true,
    formatError: (formatted, error) => {
      const requestId = currentRequestScope()?.requestId
      return maskFormattedError(formatted, unwrapResolverError(error), {
        requestId,
        log: (err, m) => logError(`[${requestId ?? '-'}] ${m.code} in ${name}`, err),
      })
    },
  }
}

export function apolloEngine<Ctx extends BaseContext>(apollo: ApolloServer<Ctx>, schema: GraphQLSchema): GraphQLEngine<Ctx> {
  return {
    schema,
    async execute(op) {
      const r = await apollo.executeOperation({ query: op.source, variables: op.variables, operationName: op.operationName }, { contextValue: op.contextValue })
      if (r.body.kind !== 'single') return { errors: [{ message: 'Incremental delivery is not supported.', extensions: { code: 'BAD_REQUEST' } }], status: 400 }
      const { data, errors } = r.body.singleResult
      return { data: data ?? null, ...(errors ? { errors } : {}), ...(r.http.status ? { status: r.http.status } : {}) }
    },
  }
}

/** The error a resolver raises once its request was cancelled (time limit reached, client gone). */
export const cancelled = () => gqlError('TIMEOUT', 'The request was cancelled (time limit reached or the client went away).')

/**
 * Makes every field resolver of `schema` stop once its request is aborted: the remaining
 * resolvers of a cancelled request throw instead of doing work (loaders and SQL included, as
 * they only run when a resolver asks). Mutates and returns the schema.
 */
export function cancelOnAbort(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve
      if (!resolve) continue
      field.resolve = (source, args, context, info) => {
        if (currentRequestScope()?.signal.aborted) throw cancelled()
        return resolve(source, args, context, info)
      }
    }
  }
  return schema
}
