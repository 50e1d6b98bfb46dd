import { describe, expect, it } from "vitest";
import { RateLimiter } from "~/lib/rate-limit.server";

describe("RateLimiter", () => {
  it("refuses past the limit until the window ends, per key", () => {
    const limiter = new RateLimiter("test", 3, 60_000);
    const start = 1_000_000;
    for (let i = 1; i <= 3; i++) expect(limiter.hit("a", start).limited).toBe(false);
    expect(limiter.check("a", start)).toMatchObject({ limited: true, retryAfterSeconds: 60, count: 3 });
    expect(limiter.check("b", start).limited).toBe(false);
    expect(limiter.check("a", start + 59_000).retryAfterSeconds).toBe(1);
    expect(limiter.check("a", start + 60_000).limited).toBe(false);
  });

  it("forgets a key on reset", () => {
    const limiter = new RateLimiter("test", 1, 60_000);
    limiter.hit("a");
    expect(limiter.check("a").limited).toBe(true);
    limiter.reset("a");
    expect(limiter.check("a").limited).toBe(false);
  });
});
