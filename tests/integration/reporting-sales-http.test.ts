import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aCompany } from "../support/customers-factories.ts";
import { aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aDeal } from "../support/sales-deals-factories.ts";
import { aQuote, anOrder } from "../support/reporting-sales-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";
import { expectConsoleErrors } from "../support/vitest-setup.ts";

/**
 * The sales and loyalty sections over real HTTP (production build): a rep's dashboard, drill-downs
 * and CSV count their own records and never another rep's; a manager sees everyone's; support and
 * marketing never get the sales figures or their lists.
 */
let app: TestApp;
let rep: Awaited<ReturnType<typeof aUser>>;
let otherRep: Awaited<ReturnType<typeof aUser>>;
let manager: Awaited<ReturnType<typeof aUser>>;
let technician: Awaited<ReturnType<typeof aUser>>;
let marketing: Awaited<ReturnType<typeof aUser>>;

async function signedIn(user: { email: string }) {
  const session = new HttpSession(app.url);
  expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
  return session;
}

beforeAll(async () => {
  // A workspace with an administrator (without one, every page leads to the first-run setup).
  await aUser({ role: "admin" });
  rep = await aUser({ role: "sales", name: "Rémi Vendeur" });
  otherRep = await aUser({ role: "sales", name: "Océane Vendeuse" });
  manager = await aUser({ role: "manager" });
  technician = await aUser({ role: "technician" });
  marketing = await aUser({ role: "marketing" });
  const company = await aCompany({ name: "Scierie Bouvier" });
  const rival = await aCompany({ name: "Menuiserie Confidentielle" });
  const now = new Date();
  const own = await aQuote({ companyId: company.id, ownerId: rep.id, sentAt: now, acceptedAt: now, totalExclCents: 1_234_500 });
  await anOrder({ quoteId: own.id, companyId: company.id, ownerId: rep.id, orderedAt: now, totalExclCents: 1_234_500 });
  const other = await aQuote({ companyId: rival.id, ownerId: otherRep.id, sentAt: now, acceptedAt: now, totalExclCents: 9_876_500 });
  await anOrder({ quoteId: other.id, companyId: rival.id, ownerId: otherRep.id, orderedAt: now, totalExclCents: 9_876_500 });
  await aDeal({ companyId: company.id, ownerId: rep.id, title: "Scie à ruban neuve", stageId: "stage_won", createdAt: now, stageChangedAt: now, closedAt: now });
  await aDeal({ companyId: rival.id, ownerId: otherRep.id, title: "Affaire confidentielle", stageId: "stage_won", createdAt: now, stageChangedAt: now, closedAt: now });
  app = await startTestApp();
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe("the sales dashboard over HTTP", () => {
  it("shows a rep their own figures, lists and CSV, never another rep's deal or order", async () => {
    const session = await signedIn(rep);
    const page = await session.get("/tableau-de-bord?periode=annee");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-section="sales"');
    expect(html).toContain('data-section="loyalty"');
    expect(html).toContain("Scierie Bouvier");
    expect(html).not.toContain("Menuiserie Confidentielle");

    const orders = await (await session.get("/tableau-de-bord/detail/sales.orders?periode=annee")).text();
    expect(orders).toContain("Scierie Bouvier");
    expect(orders).not.toContain("Menuiserie Confidentielle");
    const won = await (await session.get("/tableau-de-bord/detail/sales.dealsWon?periode=annee")).text();
    expect(won).toContain("Scie à ruban neuve");
    expect(won).not.toContain("Affaire confidentielle");
    const csv = await session.get("/tableau-de-bord/export/sales.orderIntake?periode=annee");
    expect(csv.status).toBe(200);
    const body = await csv.text();
    expect(body).toContain("Scierie Bouvier");
    expect(body).not.toContain("Menuiserie Confidentielle");
  });

  it("shows a manager everyone's", async () => {
    const session = await signedIn(manager);
    const html = await (await session.get("/tableau-de-bord?periode=annee")).text();
    expect(html).toContain("Scierie Bouvier");
    expect(html).toContain("Menuiserie Confidentielle");
    const won = await (await session.get("/tableau-de-bord/detail/sales.dealsWon?periode=annee")).text();
    expect(won).toContain("Scie à ruban neuve");
    expect(won).toContain("Affaire confidentielle");
  });

  it("gives support and marketing no sales figures and no sales lists", async () => {
    // Support has a dashboard (its groups' service figures) without the sales section; marketing has none yet.
    for (const [user, dashboard] of [[technician, 200], [marketing, 403]] as const) {
      const session = await signedIn(user);
      const page = await session.get("/tableau-de-bord?periode=annee");
      expect(page.status).toBe(dashboard);
      expect(await page.text()).not.toContain('data-section="sales"');
      for (const path of ["/tableau-de-bord/detail/sales.orders?periode=annee", "/tableau-de-bord/export/sales.orders?periode=annee", "/tableau-de-bord/detail/loyalty.churnRate?periode=annee"]) {
        const response = await session.get(path);
        // A list outside the viewer's dashboard does not exist for them (404); no dashboard at all is a 403.
        expect(response.status, path).toBe(dashboard === 200 ? 404 : 403);
        // The CSV route is a resource route: Remix hands its refusal to handleError, which logs it.
        for (const logged of expectConsoleErrors()) expect(logged[0], path).toMatchObject({ status: response.status });
        expect(await response.text()).not.toContain("Scierie Bouvier");
      }
    }
  });
});
