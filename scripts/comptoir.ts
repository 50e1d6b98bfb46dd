/**
 * `npm run comptoir -- <command>`: administration from the command line, on the database the
 * server uses (DATA_DIR / DATABASE_URL, like `npm start`).
 *
 *   token create --user <email> --name <name> --scopes <scope,scope> [--expires-days <n>]
 *       prints the new token alone on its last line (for scripts: `| tail -1`)
 *   token list [--user <email>]
 *   token revoke <id or shown prefix>
 *   reporting rebuild
 *       recomputes every ticket's service times (business minutes to the first response and to
 *       the solution) for the dashboard: after the business hours changed, or on a database
 *       loaded from elsewhere (docs/decisions/014-service-times-stored-per-ticket.md)
 *
 * Exit codes: 0 done, 1 refused (unknown user, bad scope...), 2 wrong usage.
 */
import { parseArgs } from "node:util";
import { DomainError } from "~/domain/errors";
import { createApiToken, findApiTokenId, listAllApiTokens, listApiTokens, revokeApiToken } from "~/domain/identity/api-tokens.server";
import { apiScopes, isApiScope } from "~/domain/identity/permissions";
import { rebuildServiceTallies } from "~/domain/reporting/service-tallies.server";
import { rebuildServiceTimes } from "~/domain/reporting/service-times.server";
import { databaseReady, db, disconnectDatabase } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { translator } from "~/lib/i18n/translate";

const usage = `Usage:
  npm run comptoir -- token create --user <email> --name <name> --scopes <${apiScopes.join(",")}> [--expires-days <n>]
  npm run comptoir -- token list [--user <email>]
  npm run comptoir -- token revoke <id or prefix>
  npm run comptoir -- reporting rebuild`;

class UsageError extends Error {}

async function userIdByEmail(email: string | undefined): Promise<string> {
  if (!email) throw new UsageError("--user <email> is required");
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) throw new DomainError("errors.notFound", "user");
  return user.id;
}

async function token(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { user: { type: "string" }, name: { type: "string" }, scopes: { type: "string" }, "expires-days": { type: "string" } },
  });
  if (action === "create") {
    const scopes = (values.scopes ?? "").split(",").map((scope) => scope.trim()).filter(Boolean);
    const unknown = scopes.filter((scope) => !isApiScope(scope));
    if (scopes.length === 0 || unknown.length > 0) throw new UsageError(`--scopes must list some of ${apiScopes.join(", ")}${unknown.length ? ` (unknown: ${unknown.join(", ")})` : ""}`);
    const days = values["expires-days"] === undefined ? null : Number(values["expires-days"]);
    if (days !== null && (!Number.isInteger(days) || days < 1)) throw new UsageError("--expires-days must be a whole number of days, at least 1");
    const created = await createApiToken({
      userId: await userIdByEmail(values.user),
      actorId: null,
      name: values.name ?? "",
      scopes: scopes.filter(isApiScope),
      expiresAt: days === null ? null : new Date(Date.now() + days * 86_400_000),
    });
    console.log(`Token ${created.prefix}… created for ${values.user} (id ${created.id}). It is shown once:`);
    console.log(created.token);
    return;
  }
  if (action === "list") {
    const tokens = values.user ? await listApiTokens(await userIdByEmail(values.user)) : await listAllApiTokens();
    if (tokens.length === 0) console.log("No token.");
    for (const row of tokens) {
      const state = row.revokedAt ? `revoked ${row.revokedAt.toISOString()}` : row.expiresAt && row.expiresAt <= new Date() ? "expired" : "active";
      console.log([row.id, `${row.prefix}…`, row.user.email, JSON.stringify(row.name), row.scopes.join(","), state, row.lastUsedAt ? `last used ${row.lastUsedAt.toISOString()}` : "never used"].join("\t"));
    }
    return;
  }
  if (action === "revoke") {
    const target = positionals[0];
    if (!target) throw new UsageError("token revoke needs the token's id or shown prefix");
    const id = await findApiTokenId(target.replace(/…$/, ""));
    if (!id) throw new DomainError("errors.notFound");
    await revokeApiToken({ tokenId: id, actor: null });
    console.log(`Token ${target} revoked.`);
    return;
  }
  throw new UsageError(`Unknown token command "${action ?? ""}"`);
}

async function reporting(args: string[]): Promise<void> {
  const [action] = args;
  if (action !== "rebuild") throw new UsageError(`Unknown reporting command "${action ?? ""}"`);
  const started = Date.now();
  let shown = 0;
  const done = await rebuildServiceTimes((count) => {
    if (count - shown >= 50_000) {
      shown = count;
      console.log(`${count.toLocaleString("en")} tickets…`);
    }
  });
  console.log(`Service times recomputed for ${done.toLocaleString("en")} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  const talliesStarted = Date.now();
  shown = 0;
  const counted = await rebuildServiceTallies((count) => {
    if (count - shown >= 50_000) {
      shown = count;
      console.log(`${count.toLocaleString("en")} tickets counted…`);
    }
  });
  console.log(`Service tallies rebuilt from ${counted.toLocaleString("en")} tickets in ${((Date.now() - talliesStarted) / 1000).toFixed(1)} s.`);
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const { DATABASE_URL } = env();
  await databaseReady();
  // The server migrates its database when it starts; this tool works on a database already set up.
  const setUp = await db().apiToken.count().then(() => true, () => false);
  if (!setUp) throw new Error(`The database ${DATABASE_URL} is not set up: start Comptoir once (npm start), then run this again.`);
  try {
    if (command === "token") await token(args);
    else if (command === "reporting") await reporting(args);
    else throw new UsageError(command ? `Unknown command "${command}"` : "No command given");
  } finally {
    await disconnectDatabase();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${usage}`);
    process.exit(2);
  }
  if (error instanceof DomainError) {
    console.error(translator("en")(error.code));
    process.exit(1);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
