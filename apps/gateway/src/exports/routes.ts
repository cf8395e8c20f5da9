import type express from 'express'
import type { GatewayGraphQL } from '../gateway.ts'
import type { TokenVerifier } from '@railyard/auth'

/** Calendar feed and exports (issue #5); mounted on the gateway. */
export function mountExports(_app: express.Express, _deps: { verifier: TokenVerifier; graphql: GatewayGraphQL }): void {}
