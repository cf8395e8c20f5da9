// The in-memory floor of the roadmap query (issue 13, bench row 1): the same composed supergraph
// and the same gateway, in front of three minimal subgraph servers that answer from fixed data —
// no database, no token check, no resolvers. The fixed data is captured from the real subgraphs
// in the same run: the servers first pass each request on to the real subgraph and keep its
// answer (keyed by the exact request body the gateway sent), then replay those answers. What the
// gateway costs on top of that (planning, fetching, merging, serialising) is the floor any
// database-backed stack is measured against.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FixedSubgraphs {
  /** Subgraph URLs by supergraph name (what the gateway is pointed at). */
  urls: Record<string, string>
  /** From now on every request is answered from what was recorded (an unknown one is an error). */
  replay(): void
  /** Requests recorded, and requests answered from the recording. */
  counts(): { recorded: number; replayed: number }
  stop(): Promise<void>
}

const MAX_BODY = 10 * 1024 * 1024

function readRequestBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) reject(new Error('request body too large'))
      else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * Starts one fixed-data server per real subgraph (`real`: URL by supergraph name), recording
 * until `replay()` is called.
 */
export async function startFixedSubgraphs(real: Record<string, string>, host = '127.0.0.1'): Promise<FixedSubgraphs> {
  let replaying = false
  let recorded = 0
  let replayed = 0
  const servers: ReturnType<typeof createServer>[] = []
  const urls: Record<string, string> = {}
  for (const [name, target] of Object.entries(real)) {
    const answers = new Map<string, string>()
    const send = (res: ServerResponse, status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
      res.end(body)
    }
    const server = createServer((req, res) => {
      void (async () => {
        try {
          const body = await readRequestBody(req)
          if (replaying) {
            const answer = answers.get(body)
            if (answer === undefined)
              return send(res, 200, JSON.stringify({ errors: [{ message: `${name}: request not recorded`, extensions: { code: 'NOT_RECORDED' } }] }))
            replayed++
            return send(res, 200, answer)
          }
          const headers: Record<string, string> = { 'content-type': 'application/json', 'accept-encoding': 'identity' }
          if (typeof req.headers.authorization === 'string') headers.authorization = req.headers.authorization
          const upstream = await fetch(target, { method: 'POST', headers, body })
          const text = await upstream.text()
          if (upstream.ok) {
            answers.set(body, text)
            recorded++
          }
          send(res, upstream.status, text)
        } catch (err) {
          send(res, 502, JSON.stringify({ errors: [{ message: `${name}: ${err instanceof Error ? err.message : String(err)}` }] }))
        }
      })()
    })
    await new Promise<void>((resolve) => server.listen(0, host, resolve))
    servers.push(server)
    urls[name] = `http://${host}:${(server.address() as AddressInfo).port}/graphql`
  }
  return {
    urls,
    replay: () => {
      replaying = true
    },
    counts: () => ({ recorded, replayed }),
    async stop() {
      for (const s of servers) {
        s.closeAllConnections()
        await new Promise<void>((resolve) => s.close(() => resolve()))
      }
    },
  }
}
