import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { updateUser } from "~/domain/identity/users.server";
import { db } from "~/lib/db.server";
import { aUser, TEST_PASSWORD } from "../support/factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

let app: TestApp;
let admin: Awaited<ReturnType<typeof aUser>>;

beforeAll(async () => {
  process.env.LOGIN_ATTEMPTS_PER_15_MIN = "5";
  admin = await aUser({ role: "admin", name: "Claire Admin" });
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

beforeEach(() => {
  // Every request comes from 127.0.0.1: start each test with fresh sign-in counters.
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("comptoir.rateLimiters")];
});

describe("sign-in", () => {
  it("answers a wrong password and an unknown address with the same generic error", async () => {
    const known = new HttpSession(app.url);
    const wrongPassword = await known.signIn(admin.email, "pas-le-bon-mot-de-passe");
    const unknown = new HttpSession(app.url);
    const unknownEmail = await unknown.signIn("personne@exemple.test", "pas-le-bon-mot-de-passe");

    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const [first, second] = await Promise.all([wrongPassword.text(), unknownEmail.text()]);
    expect(first).toContain("Adresse e-mail ou mot de passe incorrect.");
    expect(second).toContain("Adresse e-mail ou mot de passe incorrect.");
    expect(known.cookieHeader()).not.toContain("comptoir_session");
  });

  it("signs in with the right password and sets an HttpOnly, SameSite session cookie", async () => {
    const session = new HttpSession(app.url);
    const response = await session.signIn(admin.email, TEST_PASSWORD);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/support");
    const cookie = session.rawSetCookies.find((line) => line.startsWith("comptoir_session="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const page = await session.get("/admin/utilisateurs");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Claire Admin");
  });

  it("locks an address out after too many failures, even with the right password, and says when to retry", async () => {
    const session = new HttpSession(app.url);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await session.signIn(admin.email, `faux-${attempt}`)).status).toBe(401);
    }
    const locked = await session.signIn(admin.email, TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(await locked.text()).toMatch(/Trop de tentatives de connexion\. Réessayez dans 15 min\./);
    expect(session.cookieHeader()).not.toContain("comptoir_session");
  });

  it("refuses a deactivated account, and its open sessions stop working at once", async () => {
    const technician = await aUser({ role: "technician" });
    const session = new HttpSession(app.url);
    expect((await session.signIn(technician.email, TEST_PASSWORD)).status).toBe(302);
    expect((await session.get("/support")).status).toBe(200);

    await updateUser(technician.id, { ...technician, active: false, groupIds: [], actorId: admin.id });

    const afterDeactivation = await session.get("/support");
    expect(afterDeactivation.status).toBe(302);
    expect(afterDeactivation.headers.get("location")).toMatch(/^\/connexion/);
    const again = await new HttpSession(app.url).signIn(technician.email, TEST_PASSWORD);
    expect(again.status).toBe(401);
    const audit = await db().auditLog.findFirst({ where: { entityId: technician.id, action: "user.deactivated" } });
    expect(audit?.actorId).toBe(admin.id);
  });
});

describe("cross-site request forgery", () => {
  it("refuses a POST from a foreign origin before reading it", async () => {
    const session = new HttpSession(app.url);
    await session.signIn(admin.email, TEST_PASSWORD);
    const response = await session.postForm(
      "/admin/groupes",
      { name: "Groupe pirate" },
      { withCsrf: false, headers: { Origin: "https://evil.example" } },
    );
    expect(response.status).toBe(403);
    expect(await db().group.count({ where: { name: "Groupe pirate" } })).toBe(0);
  });

  it("refuses a same-origin POST without the form token", async () => {
    const session = new HttpSession(app.url);
    await session.signIn(admin.email, TEST_PASSWORD);
    const response = await session.postForm("/admin/groupes", { name: "Groupe sans jeton" }, { withCsrf: false });
    expect(response.status).toBe(403);
    expect(await db().group.count({ where: { name: "Groupe sans jeton" } })).toBe(0);

    await session.get("/admin/groupes");
    const accepted = await session.postForm("/admin/groupes", { name: "Groupe légitime" });
    expect(accepted.status).toBe(302);
    expect(await db().group.count({ where: { name: "Groupe légitime" } })).toBe(1);
  });
});

describe("permissions", () => {
  it("shows sales the 403 page in French for Administration, and no link to it", async () => {
    const sales = await aUser({ role: "sales" });
    const session = new HttpSession(app.url);
    await session.signIn(sales.email, TEST_PASSWORD);
    const home = await session.get("/ventes");
    expect(home.status).toBe(200);
    const homeHtml = await home.text();
    expect(homeHtml).not.toContain('href="/admin"');
    expect(homeHtml).toContain('href="/clients"');

    const admin403 = await session.get("/admin/utilisateurs");
    expect(admin403.status).toBe(403);
    expect(await admin403.text()).toContain("Accès refusé");
    const post403 = await session.postForm("/admin/groupes", { name: "Groupe des ventes" });
    expect(post403.status).toBe(403);
    expect(await db().group.count({ where: { name: "Groupe des ventes" } })).toBe(0);
  });

  it("answers the 403 page in English for a user who chose English", async () => {
    const marketing = await aUser({ role: "marketing", locale: "en" });
    const session = new HttpSession(app.url);
    await session.signIn(marketing.email, TEST_PASSWORD);
    const response = await session.get("/support");
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Access denied");
  });

  it("sends anonymous visitors to the sign-in page, remembering where they were going", async () => {
    const response = await new HttpSession(app.url).get("/clients?q=lyon");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/connexion?redirectTo=%2Fclients%3Fq%3Dlyon");
  });
});
