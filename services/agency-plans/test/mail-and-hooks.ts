import { type IncomingHttpHeaders, type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** A message the test SMTP server accepted: its envelope recipients and the parsed mail. */
export interface Caught {
  envelopeTo: string[]
  mail: ParsedMail
}

/** A real SMTP server on loopback that parses every message it accepts. */
export async function startSmtp() {
  const caught: Caught[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          caught.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail })
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return { url: `smtp://127.0.0.1:${port}`, caught, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** A request the test webhook receiver got. */
export interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** A webhook receiver on loopback: answers `plan(n)` to the n-th request (status code), records every request. */
export async function startReceiver(plan: (n: number) => number = () => 204) {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString('utf8')))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.statusCode = plan(received.length)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
