import { db } from "~/lib/db.server";
import { rateLimiter } from "~/lib/rate-limit.server";
import { burnPasswordCheck, verifyPassword } from "./passwords.server";

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

export type SignInResult =
  | { ok: true; user: { id: string; role: string; restrictToGroups: boolean; locale: string } }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks staff credentials. Failures are counted per IP and per email; past the limit every
 * attempt is refused until the window ends, right or wrong password. The same generic answer
 * is given for an unknown email, a wrong password and a deactivated account.
 */
export async function signIn(input: {
  email: string;
  password: string;
  ipAddress: string;
  attemptsPerWindow: number;
}): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const byIp = rateLimiter("login:ip", input.attemptsPerWindow, FIFTEEN_MINUTES_MS);
  const byEmail = rateLimiter("login:email", input.attemptsPerWindow, FIFTEEN_MINUTES_MS);
  const ipKey = input.ipAddress || "unknown";

  const blocked = [byIp.check(ipKey), byEmail.check(email)].filter((decision) => decision.limited);
  if (blocked.length > 0) {
    return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.max(...blocked.map((d) => d.retryAfterSeconds)) };
  }

  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, active: true, role: true, restrictToGroups: true, locale: true },
  });
  const passwordMatches = user ? await verifyPassword(input.password, user.passwordHash) : await burnPasswordCheck(input.password);

  if (!user || !passwordMatches || !user.active) {
    byIp.hit(ipKey);
    byEmail.hit(email);
    return { ok: false, reason: "invalid_credentials" };
  }

  byEmail.reset(email);
  await db().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { ok: true, user: { id: user.id, role: user.role, restrictToGroups: user.restrictToGroups, locale: user.locale } };
}
