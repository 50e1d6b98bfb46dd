import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { authenticateApiToken, createApiToken, hashApiToken, listAllApiTokens, listApiTokens, revokeApiToken } from "~/domain/identity/api-tokens.server";
import { accessFor, can, usefulScopesFor } from "~/domain/identity/permissions";
import { updateUser } from "~/domain/identity/users.server";
import { db } from "~/lib/db.server";
import { aUser, TEST_PASSWORD } from "../support/factories.ts";
import { projectRoot } from "../support/paths.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

const run = promisify(execFile);
const context = { ipAddress: "203.0.113.7" };

describe("API tokens", () => {
  it("stores only the token's hash, and the token opens its user's identity with its scopes", async () => {
    const tech = await aUser({ name: "Julien Moreau" });
    const created = await createApiToken({ userId: tech.id, actorId: tech.id, name: "Site web", scopes: ["tickets:read", "tickets:write"], expiresAt: null });
    expect(created.token).toMatch(/^cpt_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 10));
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashApiToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const caller = await authenticateApiToken(created.token, context);
    expect(caller).toMatchObject({ id: tech.id, role: "technician", tokenId: created.id, scopes: ["tickets:read", "tickets:write"] });
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedIp).toBe("203.0.113.7");
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "api_token.created", entityId: tech.id } });
    expect(JSON.parse(audit.details)).toMatchObject({ tokenId: created.id, scopes: ["tickets:read", "tickets:write"] });
    expect(audit.details).not.toContain(created.token);
  });

  it("refuses malformed, unknown, revoked and expired tokens and the tokens of a deactivated user", async () => {
    const admin = await aUser({ role: "admin" });
    const tech = await aUser();
    const now = new Date("2026-12-07T10:00:00Z");
    expect(await authenticateApiToken("Bearer nonsense", context)).toBeNull();
    expect(await authenticateApiToken(`cpt_${"A".repeat(43)}`, context)).toBeNull();

    const revoked = await createApiToken({ userId: tech.id, actorId: tech.id, name: "Révoqué", scopes: ["tickets:read"], expiresAt: null });
    await revokeApiToken({ tokenId: revoked.id, actor: { id: tech.id, role: "technician", restrictToGroups: false } });
    expect(await authenticateApiToken(revoked.token, context)).toBeNull();

    const expiring = await createApiToken({ userId: tech.id, actorId: tech.id, name: "Court", scopes: ["tickets:read"], expiresAt: new Date(now.getTime() + 60_000), now });
    expect(await authenticateApiToken(expiring.token, { ...context, now })).not.toBeNull();
    expect(await authenticateApiToken(expiring.token, { ...context, now: new Date(now.getTime() + 60_000) })).toBeNull();

    const kept = await createApiToken({ userId: tech.id, actorId: tech.id, name: "Gardé", scopes: ["tickets:read"], expiresAt: null });
    await updateUser(tech.id, { ...tech, active: false, actorId: admin.id });
    expect(await authenticateApiToken(kept.token, context)).toBeNull();
  });

  it("gives a token no scope its user's role cannot use", async () => {
    const tech = await aUser();
    const sales = await aUser({ role: "sales" });
    const marketing = await aUser({ role: "marketing" });
    const manager = await aUser({ role: "manager" });
    const admin = await aUser({ role: "admin" });
    expect(usefulScopesFor(tech)).toEqual(["tickets:read", "tickets:write", "customers:read", "customers:write", "sales:read"]);
    expect(usefulScopesFor(sales)).toEqual(["tickets:read", "customers:read", "customers:write", "sales:read", "sales:write", "marketing:read"]);
    // Marketing imports contacts: customers:write is useful to it for that alone.
    expect(usefulScopesFor(marketing)).toEqual(["customers:read", "customers:write", "marketing:read"]);
    expect(can({ role: "marketing", restrictToGroups: false, scopes: ["customers:write"] }, "create:import")).toBe(true);
    expect(can({ role: "marketing", restrictToGroups: false, scopes: ["customers:write"] }, "update:customer")).toBe(false);
    expect(usefulScopesFor(manager)).toEqual(["tickets:read", "tickets:write", "customers:read", "customers:write", "sales:read", "sales:write", "marketing:read"]);
    // Webhooks are workspace settings: administrators only, as in Administration › Webhooks.
    expect(usefulScopesFor(admin)).toEqual(["tickets:read", "tickets:write", "customers:read", "customers:write", "sales:read", "sales:write", "marketing:read", "webhooks:manage"]);
    await expect(createApiToken({ userId: tech.id, actorId: tech.id, name: "Ventes", scopes: ["sales:write"], expiresAt: null })).rejects.toMatchObject({ code: "api.tokens.validation.scopeNotForRole" });
    await expect(createApiToken({ userId: manager.id, actorId: manager.id, name: "Webhooks", scopes: ["webhooks:manage"], expiresAt: null })).rejects.toMatchObject({ code: "api.tokens.validation.scopeNotForRole" });
    await expect(createApiToken({ userId: tech.id, actorId: tech.id, name: "Rien", scopes: [], expiresAt: null })).rejects.toMatchObject({ code: "api.tokens.validation.scopesRequired" });
    await expect(createApiToken({ userId: tech.id, actorId: tech.id, name: "  ", scopes: ["tickets:read"], expiresAt: null })).rejects.toMatchObject({ field: "name" });
  });

  it("narrows the user's permissions to the token's scopes, keeping the record rules of the user", async () => {
    const restricted = { role: "technician", restrictToGroups: true };
    expect(accessFor({ ...restricted, scopes: ["tickets:read"] }, "read:ticket")).toBe("group");
    expect(can({ ...restricted, scopes: ["tickets:read"] }, "update:ticket")).toBe(false);
    expect(can({ ...restricted, scopes: ["tickets:read"] }, "read:customer")).toBe(false);
    expect(can({ role: "technician", restrictToGroups: false, scopes: ["tickets:write"] }, "update:ticket:any")).toBe(true);
    expect(can({ role: "sales", restrictToGroups: false, scopes: ["sales:write"] }, "update:deal:any")).toBe(false);
    expect(accessFor({ role: "sales", restrictToGroups: false, scopes: ["sales:write"] }, "update:deal")).toBe("own");
    expect(can({ role: "admin", restrictToGroups: false, scopes: ["tickets:read"] }, "manage:user")).toBe(false);
    // webhooks:manage grants the settings permission Administration › Webhooks requires, and nothing else.
    expect(can({ role: "admin", restrictToGroups: false, scopes: ["webhooks:manage"] }, "manage:setting")).toBe(true);
    expect(can({ role: "admin", restrictToGroups: false, scopes: ["webhooks:manage"] }, "manage:user")).toBe(false);
    expect(can({ role: "admin", restrictToGroups: false, scopes: ["webhooks:manage"] }, "read:ticket")).toBe(false);
    expect(can({ role: "manager", restrictToGroups: false, scopes: ["webhooks:manage"] }, "manage:setting")).toBe(false);
  });

  it("lets the owner and administrators revoke a token; anyone else finds nothing", async () => {
    const owner = await aUser();
    const colleague = await aUser();
    const admin = await aUser({ role: "admin" });
    const token = await createApiToken({ userId: owner.id, actorId: owner.id, name: "Téléphonie", scopes: ["tickets:read"], expiresAt: null });
    await expect(revokeApiToken({ tokenId: token.id, actor: { id: colleague.id, role: "technician", restrictToGroups: false } })).rejects.toBeInstanceOf(DomainError);
    expect((await listApiTokens(owner.id))[0].revokedAt).toBeNull();
    expect((await listAllApiTokens()).some((row) => row.id === token.id)).toBe(true);
    await revokeApiToken({ tokenId: token.id, actor: { id: admin.id, role: "admin", restrictToGroups: false } });
    expect((await listApiTokens(owner.id))[0].revokedAt).toBeInstanceOf(Date);
    expect((await listAllApiTokens()).some((row) => row.id === token.id)).toBe(false);
    expect((await db().auditLog.findFirstOrThrow({ where: { action: "api_token.revoked", entityId: owner.id } })).actorId).toBe(admin.id);
  });
});

describe("tokens from the command line", () => {
  const cli = (...args: string[]) =>
    run(process.execPath, ["--import", "tsx", path.join(projectRoot, "scripts/comptoir.ts"), ...args], { cwd: projectRoot, env: { ...process.env } });

  it("creates a token printed alone on the last line, lists it and revokes it", async () => {
    const tech = await aUser();
    const created = await cli("token", "create", "--user", tech.email, "--name", "Export compta", "--scopes", "tickets:read,customers:read", "--expires-days", "30");
    const lines = created.stdout.trim().split("\n");
    const token = lines.at(-1)!;
    expect(token).toMatch(/^cpt_[A-Za-z0-9_-]{43}$/);
    const caller = await authenticateApiToken(token, context);
    expect(caller).toMatchObject({ id: tech.id, scopes: ["tickets:read", "customers:read"] });

    const listed = await cli("token", "list", "--user", tech.email);
    expect(listed.stdout).toContain(`${token.slice(0, 10)}…`);
    expect(listed.stdout).toContain("tickets:read,customers:read");
    expect(listed.stdout).not.toContain(token);

    await cli("token", "revoke", token.slice(0, 10));
    expect(await authenticateApiToken(token, context)).toBeNull();
  });

  it("refuses an unknown scope with the usage (exit 2) and an unknown user (exit 1)", async () => {
    await expect(cli("token", "create", "--user", "x@y.test", "--name", "n", "--scopes", "tickets:admin")).rejects.toMatchObject({ code: 2 });
    await expect(cli("token", "create", "--user", "personne@exemple.test", "--name", "n", "--scopes", "tickets:read")).rejects.toMatchObject({ code: 1 });
  });
});

describe("tokens in the account page and Administration", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("creates a token shown once, lists it by its prefix, and revokes it; an admin sees every token", async () => {
    const sales = await aUser({ role: "sales", name: "Thomas Bernard" });
    const session = new HttpSession(app.url);
    await session.signIn(sales.email, TEST_PASSWORD);
    const page = await session.get("/compte");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Jetons d&#x27;API");
    expect(html).not.toContain('value="tickets:write"');
    expect(html).not.toContain('value="webhooks:manage"');

    const refused = await session.postForm("/compte", { intent: "create-token", name: "", lifetime: "90" });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain("Ce champ est obligatoire.");
    expect(refusedHtml).toContain("Choisissez au moins un périmètre.");

    const created = await session.postForm("/compte", { intent: "create-token", name: "CRM du site", scopes: ["customers:read", "sales:read"], lifetime: "30" });
    expect(created.status).toBe(200);
    const token = /cpt_[A-Za-z0-9_-]{43}/.exec(await created.text())?.[0];
    expect(token).toBeDefined();
    expect(await authenticateApiToken(token!, context)).toMatchObject({ id: sales.id, scopes: ["customers:read", "sales:read"] });

    const again = await (await session.get("/compte")).text();
    expect(again).toContain(token!.slice(0, 10));
    expect(again).not.toContain(token!);

    const admin = await aUser({ role: "admin" });
    const adminSession = new HttpSession(app.url);
    await adminSession.signIn(admin.email, TEST_PASSWORD);
    // An administrator's account page offers the webhooks scope, with its label.
    const adminAccount = await (await adminSession.get("/compte")).text();
    expect(adminAccount).toContain('value="webhooks:manage"');
    expect(adminAccount).toContain("Webhooks — gestion");
    const adminPage = await (await adminSession.get("/admin/jetons")).text();
    expect(adminPage).toContain("CRM du site");
    expect(adminPage).toContain(sales.email);

    // Another user cannot revoke it by its id.
    const other = await aUser({ role: "sales" });
    const otherSession = new HttpSession(app.url);
    await otherSession.signIn(other.email, TEST_PASSWORD);
    await otherSession.get("/compte");
    const row = await db().apiToken.findFirstOrThrow({ where: { userId: sales.id } });
    expect((await otherSession.postForm("/compte", { intent: "revoke-token", tokenId: row.id })).status).toBe(404);
    expect(await authenticateApiToken(token!, context)).not.toBeNull();

    await session.get("/compte");
    expect((await session.postForm("/compte", { intent: "revoke-token", tokenId: row.id })).status).toBe(302);
    expect(await authenticateApiToken(token!, context)).toBeNull();
  });
});
