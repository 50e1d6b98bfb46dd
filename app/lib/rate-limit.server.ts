/**
 * Fixed-window counters in process memory. Enough for the embedded single-process mode;
 * the clustered mode swaps this module for a Redis-backed one with the same interface.
 */

export type RateLimitDecision = { limited: boolean; retryAfterSeconds: number; count: number };

type Window = { count: number; resetsAt: number };

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Would one more event for this key be refused? Does not count. */
  check(key: string, now = Date.now()): RateLimitDecision {
    const window = this.current(key, now);
    const count = window?.count ?? 0;
    return {
      limited: count >= this.limit,
      retryAfterSeconds: window ? Math.ceil((window.resetsAt - now) / 1000) : 0,
      count,
    };
  }

  /** Counts one event for the key and says whether the key is now over its limit. */
  hit(key: string, now = Date.now()): RateLimitDecision {
    let window = this.current(key, now);
    if (!window) {
      window = { count: 0, resetsAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (this.windows.size > 50_000) this.sweep(now);
    return { limited: window.count > this.limit, retryAfterSeconds: Math.ceil((window.resetsAt - now) / 1000), count: window.count };
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string, now: number): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.resetsAt <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
  }
}

const limitersKey = Symbol.for("comptoir.rateLimiters");
type GlobalWithLimiters = typeof globalThis & { [limitersKey]?: Map<string, RateLimiter> };

/** The process-wide limiter of that name (shared by the server entry and the Remix build). */
export function rateLimiter(name: string, limit: number, windowMs: number): RateLimiter {
  const store = globalThis as GlobalWithLimiters;
  store[limitersKey] ??= new Map();
  let limiter = store[limitersKey].get(name);
  if (!limiter || limiter.limit !== limit || limiter.windowMs !== windowMs) {
    limiter = new RateLimiter(name, limit, windowMs);
    store[limitersKey].set(name, limiter);
  }
  return limiter;
}
