/**
 * Per-actor rate limit (RATE_LIMIT_PER_MINUTE): a token bucket per key holding at most
 * `perMinute` requests and refilled at `perMinute` per minute, so a client may burst up to the
 * limit and then sustain the limit's rate. Beyond it: HTTP 429 with `Retry-After` (seconds until
 * the next request would be accepted).
 */
export interface RateLimiter {
  readonly perMinute: number
  /** Takes one request for `key`; `ok: false` with the seconds to wait when the bucket is empty. */
  take(key: string, now?: number): { ok: true } | { ok: false; retryAfterSeconds: number }
}

interface Bucket {
  tokens: number
  at: number
}

const MAX_KEYS = 50_000

/** A limiter, or null when `perMinute` is 0 (off). */
export function createRateLimiter(perMinute: number): RateLimiter | null {
  if (!Number.isFinite(perMinute) || perMinute <= 0) return null
  const ratePerMs = perMinute / 60_000
  const buckets = new Map<string, Bucket>()
  const refill = (b: Bucket, now: number) => {
    b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * ratePerMs)
    b.at = now
  }
  const prune = (now: number) => {
    // Full buckets carry no state worth keeping.
    for (const [k, b] of buckets) {
      refill(b, now)
      if (b.tokens >= perMinute) buckets.delete(k)
    }
    // Still too many keys (a flood of distinct keys): drop the oldest half.
    if (buckets.size > MAX_KEYS) {
      let n = buckets.size / 2
      for (const k of buckets.keys()) {
        if (n-- <= 0) break
        buckets.delete(k)
      }
    }
  }
  return {
    perMinute,
    take(key, now = Date.now()) {
      let b = buckets.get(key)
      if (!b) {
        if (buckets.size >= MAX_KEYS) prune(now)
        b = { tokens: perMinute, at: now }
        buckets.set(key, b)
      } else refill(b, now)
      if (b.tokens >= 1) {
        b.tokens -= 1
        return { ok: true }
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000)) }
    },
  }
}

/**
 * How much more a subgraph allows per actor than the gateway: one gateway request fans out to
 * several subgraph requests (and subgraphs call each other with the caller's token), so a
 * subgraph counts the same actor's requests against RATE_LIMIT_PER_MINUTE × this factor.
 */
export const SUBGRAPH_RATE_LIMIT_FACTOR = 10
