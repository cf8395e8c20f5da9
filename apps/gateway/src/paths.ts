/**
 * Files the gateway reads next to its sources. Kept apart from stack.ts so that the gateway
 * process (index.ts) does not load the three subgraphs' code just to know where these are.
 */
export const SUPERGRAPH_PATH = new URL('../../../supergraph.graphql', import.meta.url)
export const WEB_DIST = new URL('../../web/dist', import.meta.url).pathname
