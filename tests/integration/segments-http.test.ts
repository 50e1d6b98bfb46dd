import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countSegment } from "~/domain/marketing/segments/segment-evaluation.server";
import { db } from "~/lib/db.server";
import { TEST_PASSWORD } from "../support/factories.ts";
import { aSalesPerson, type SalesPerson } from "../support/sales-agenda-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * The segment pages over HTTP as a browser without JavaScript drives them (every button posts the
 * whole builder), the live preview route, "why", saving with optimistic locking, archiving, and
 * who may see them.
 */
describe("segment pages", () => {
  let app: TestApp;
  let marketer: SalesPerson;
  let rep: SalesPerson;
  let technician: SalesPerson;
  let industryContact: { id: string; address: string };

  beforeAll(async () => {
    // The first account must be an administrator (before it, the app only offers its setup page).
    await aSalesPerson("admin");
    marketer = await aSalesPerson("marketing", "Mona Marketing");
    rep = await aSalesPerson("sales", "Léa Commerciale");
    technician = await aSalesPerson("technician", "Paul Terrain");
    const industry = await db().company.create({ data: { name: "Fonderie <script>alert(1)</script>", sector: "industry", city: "Lyon", postalCode: "69003" }, select: { id: true } });
    const services = await db().company.create({ data: { name: "Cabinet Conseil", sector: "services" }, select: { id: true } });
    const contact = await db().contact.create({
      data: { firstName: "Irène", lastName: "Fondeur", companyId: industry.id, emails: { create: [{ address: "irene.fondeur@fonderie.test", isPrimary: true }] } },
      select: { id: true },
    });
    industryContact = { id: contact.id, address: "irene.fondeur@fonderie.test" };
    await db().contact.create({ data: { firstName: "Serge", lastName: "Conseil", companyId: services.id, emails: { create: [{ address: "serge@conseil.test", isPrimary: true }] } } });
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  async function signedIn(user: { email: string }, warmUp = "/marketing") {
    const session = new HttpSession(app.url);
    expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
    await session.get(warmUp);
    return session;
  }

  const sectorForm = (overrides: Record<string, string | string[]> = {}) => ({
    name: "Industrie lyonnaise",
    description: "",
    match: "all",
    groupCount: "1",
    "g0.match": "all",
    "g0.conditionCount": "1",
    "g0.c0.kind": "company.sector",
    "g0.c0.sectors": "industry",
    ...overrides,
  });

  it("lets marketing and managers in, and keeps sales and support out of segments", async () => {
    const marketing = await signedIn(marketer);
    expect((await marketing.get("/marketing/segments")).status).toBe(200);
    const overview = await (await marketing.get("/marketing")).text();
    expect(overview).toContain('href="/marketing/segments"');
    expect(overview).toContain('href="/marketing/campagnes"');

    const sales = await signedIn(rep);
    expect((await sales.get("/marketing/segments")).status).toBe(403);
    expect((await sales.get("/marketing/segments/nouveau")).status).toBe(403);
    expect((await sales.get("/marketing/segments/apercu?groupCount=0")).status).toBe(403);
    const salesOverview = await sales.get("/marketing");
    expect(salesOverview.status).toBe(200);
    expect(await salesOverview.text()).not.toContain('href="/marketing/segments"');

    const support = await signedIn(technician, "/support");
    expect((await support.get("/marketing")).status).toBe(403);
    expect((await support.get("/marketing/segments")).status).toBe(403);
  });

  it("builds a segment without JavaScript: adds a condition, shows errors next to it, explains a contact, saves", async () => {
    const session = await signedIn(marketer, "/marketing/segments/nouveau");
    const added = await session.postForm("/marketing/segments/nouveau", { name: "", groupCount: "1", "g0.match": "all", "g0.conditionCount": "0", "g0.newKind": "company.sector", intent: "addCondition:0" });
    expect(added.status).toBe(200);
    const addedPage = await added.text();
    expect(addedPage).toContain('name="g0.c0.sectors"');
    expect(addedPage).not.toContain("Choisissez une valeur dans la liste.");

    const invalid = await session.postForm("/marketing/segments/nouveau", sectorForm({ name: "", "g0.c0.sectors": [] , intent: "save" }));
    expect(invalid.status).toBe(400);
    const invalidPage = await invalid.text();
    expect(invalidPage).toContain("Donnez un nom au segment.");
    expect(invalidPage).toContain("Choisissez une valeur dans la liste.");
    expect(await db().segment.count()).toBe(0);

    const preview = await (await session.postForm("/marketing/segments/nouveau", sectorForm({ intent: "preview" }))).text();
    expect(preview).toContain("1 contact(s) dans le segment");
    // The sample table (the page's data also carries the loader's first preview of everyone).
    expect(preview).toMatch(/<td[^>]*>irene.fondeur@fonderie.test<\/td>/);
    expect(preview).not.toMatch(/<td[^>]*>serge@conseil.test<\/td>/);
    // Hostile company names are escaped in the sample.
    expect(preview).not.toContain("<script>alert(1)</script>");
    expect(preview).toContain("Fonderie &lt;script&gt;");

    const why = await (await session.postForm("/marketing/segments/nouveau", sectorForm({ intent: "why", whySearch: "fondeur" }))).text();
    expect(why).toContain("Irène Fondeur est dans le segment.");
    expect(why).toContain("Secteur de la société : Industrie");
    expect(why).toContain("✓ oui");
    const whyNot = await (await session.postForm("/marketing/segments/nouveau", sectorForm({ intent: "why", whySearch: "serge@conseil" }))).text();
    expect(whyNot).toContain("Serge Conseil n&#x27;est pas dans le segment.");
    expect(whyNot).toContain("✗ non");

    const saved = await session.postForm("/marketing/segments/nouveau", sectorForm({ intent: "save", "g0.c0.sectors": ["industry", "commerce"] }));
    expect(saved.status).toBe(302);
    const segment = await db().segment.findFirstOrThrow({ where: { name: "Industrie lyonnaise" } });
    expect(saved.headers.get("Location")).toBe(`/marketing/segments/${segment.id}`);
    expect(JSON.parse(segment.definition)).toEqual({ match: "all", groups: [{ match: "all", conditions: [{ kind: "company.sector", params: { sectors: ["industry", "commerce"] } }] }] });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "segment.saved", entityId: segment.id } });
    expect(JSON.parse(audit.details)).toMatchObject({ change: "created" });
    expect(await db().domainEvent.count({ where: { name: "segment.saved" } })).toBeGreaterThanOrEqual(1);
  });

  it("answers the live preview with the count the domain computes, and the errors of invalid conditions", async () => {
    const session = await signedIn(marketer);
    const query = new URLSearchParams({ groupCount: "1", "g0.match": "any", "g0.conditionCount": "2", "g0.c0.kind": "company.sector", "g0.c0.sectors": "industry", "g0.c1.kind": "company.city", "g0.c1.city": "lyon" });
    const live = await session.get(`/marketing/segments/apercu?${query}`);
    expect(live.status).toBe(200);
    const body = JSON.parse(await live.text());
    const expected = await countSegment({ match: "all", groups: [{ match: "any", conditions: [{ kind: "company.sector", params: { sectors: ["industry"] } }, { kind: "company.city", params: { city: "lyon" } }] }] });
    expect(body.preview.count).toBe(expected);
    expect(body.preview.sample.map((contact: { id: string }) => contact.id)).toContain(industryContact.id);

    query.set("g0.c1.city", "");
    const invalid = JSON.parse(await (await session.get(`/marketing/segments/apercu?${query}`)).text());
    expect(invalid.preview).toBeNull();
    expect(invalid.issues).toEqual({ "0.1": ["segment.validation.text"] });
  });

  it("saves an edit only on the version it was made from, then archives the segment (kept, no longer listed)", async () => {
    const session = await signedIn(marketer);
    const segment = await db().segment.findFirstOrThrow({ where: { name: "Industrie lyonnaise" } });
    const page = await (await session.get(`/marketing/segments/${segment.id}`)).text();
    expect(page).toContain('name="g0.c0.sectors"');

    const edited = await session.postForm(`/marketing/segments/${segment.id}`, sectorForm({ intent: "save", name: "Industrie", version: String(segment.version) }));
    expect(edited.status).toBe(302);
    const stale = await session.postForm(`/marketing/segments/${segment.id}`, sectorForm({ intent: "save", name: "Écrasement", version: String(segment.version) }));
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("modifié entre-temps");
    const after = await db().segment.findUniqueOrThrow({ where: { id: segment.id } });
    expect(after).toMatchObject({ name: "Industrie", version: segment.version + 1 });

    const archived = await session.postForm(`/marketing/segments/${segment.id}`, sectorForm({ intent: "archive", version: String(after.version) }));
    expect(archived.status).toBe(302);
    expect((await db().segment.findUniqueOrThrow({ where: { id: segment.id } })).archivedAt).not.toBeNull();
    expect(await (await session.get("/marketing/segments")).text()).not.toContain(`/marketing/segments/${segment.id}"`);
    expect(await (await session.get("/marketing/segments?archives=1")).text()).toContain(`/marketing/segments/${segment.id}"`);
    expect((await session.get("/marketing/segments/inexistant")).status).toBe(404);
  });
});
