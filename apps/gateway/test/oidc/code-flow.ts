import { createHash, randomBytes } from 'node:crypto'

/**
 * The authorization code + PKCE flow as a browser would walk it, over plain HTTP against the
 * test provider: the authorization request, the provider's own login and consent forms, the
 * redirect with the code, and the token request with the code verifier. For API-level tests;
 * the browser test walks the same pages in Chromium.
 */
export interface CodeFlowOptions {
  issuer: string
  clientId: string
  redirectUri: string
  login: string
  scope?: string
  /** A resource indicator (RFC 8707), e.g. to ask for a token of another audience. */
  resource?: string
}

export interface TokenSet {
  access_token: string
  id_token: string
  expires_in: number
  token_type: string
  scope?: string
}

class CookieJar {
  private readonly cookies = new Map<string, string>()
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq < 1) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
}

export async function codeFlow(o: CodeFlowOptions): Promise<TokenSet> {
  const jar = new CookieJar()
  const verifier = randomBytes(32).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const auth = new URL(`${o.issuer}/auth`)
  const params: Record<string, string> = {
    client_id: o.clientId,
    redirect_uri: o.redirectUri,
    response_type: 'code',
    scope: o.scope ?? 'openid profile email groups railyard',
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(o.resource ? { resource: o.resource } : {}),
  }
  for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v)

  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } })
    jar.take(res)
    return res
  }

  let url = auth.toString()
  let res = await send(url)
  for (let hops = 0; hops < 20; hops++) {
    const location = res.headers.get('location')
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url).toString()
      if (url.startsWith(o.redirectUri)) return exchange(o, new URL(url), params.state ?? '', verifier)
      res = await send(url)
      continue
    }
    const html = await res.text()
    if (res.status !== 200) throw new Error(`the provider answered ${res.status} at ${url}: ${html.slice(0, 300)}`)
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1]
    if (!action || !prompt) throw new Error(`no login or consent form at ${url}: ${html.slice(0, 300)}`)
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login: o.login, password: 'any password' } : { prompt })
    url = new URL(action, url).toString()
    res = await send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() })
  }
  throw new Error('too many redirects in the authorization flow')
}

async function exchange(o: CodeFlowOptions, callback: URL, state: string, verifier: string): Promise<TokenSet> {
  if (callback.searchParams.get('error'))
    throw new Error(`authorization failed: ${callback.searchParams.get('error')} ${callback.searchParams.get('error_description') ?? ''}`)
  if (callback.searchParams.get('state') !== state) throw new Error('state mismatch')
  const code = callback.searchParams.get('code')
  if (!code) throw new Error('no code in the redirect')
  const res = await fetch(`${o.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: o.redirectUri,
      client_id: o.clientId,
      code_verifier: verifier,
      ...(o.resource ? { resource: o.resource } : {}),
    }).toString(),
  })
  const body = (await res.json()) as TokenSet & { error?: string; error_description?: string }
  if (!res.ok) throw new Error(`token request failed: ${body.error ?? res.status} ${body.error_description ?? ''}`)
  return body
}

/** The claims of a JWT, unverified (for assertions about what the provider issued). */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>
}
