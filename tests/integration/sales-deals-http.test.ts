import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { aCompany, aContact } from "../support/customers-factories.ts";
import { aGroup, aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aQueueTicket } from "../support/helpdesk-factories.ts";
import { aDeal } from "../support/sales-deals-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * Deals over real HTTP (production build): the record rule on pages and forms (another rep's deal
 * is "not found"), support reads but does not change, marketing is refused, moves keep their
 * version, and the company page shows the sales section with the service warning.
 */
let app: TestApp;
let rep: Awaited<ReturnType<typeof aUser>>;
let otherRep: Awaited<ReturnType<typeof aUser>>;
let technician: Awaited<ReturnType<typeof aUser>>;
let restricted: Awaited<ReturnType<typeof aUser>>;
let marketing: Awaited<ReturnType<typeof aUser>>;
let admin: Awaited<ReturnType<typeof aUser>>;
let company: { id: string; name: string };
let contact: { id: string };
let ownDeal: { id: string; title: string };
let othersDeal: { id: string; title: string };

async function signedIn(user: { email: string }) {
  const session = new HttpSession(app.url);
  expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
  return session;
}
const dealRow = (id: string) => db().deal.findUniqueOrThrow({ where: { id }, select: { stageId: true, version: true, title: true, amountCents: true, closedAt: true } });

beforeAll(async () => {
  admin = await aUser({ role: "admin" });
  rep = await aUser({ role: "sales", name: "Rémi Vendeur" });
  otherRep = await aUser({ role: "sales", name: "Océane Vendeuse" });
  technician = await aUser({ role: "technician" });
  const field = await aGroup("Terrain HTTP ventes");
  const office = await aGroup("Bureau HTTP ventes");
  restricted = await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true });
  marketing = await aUser({ role: "marketing" });
  company = await aCompany({ name: "Scierie Bouvier" });
  contact = await aContact({ firstName: "Paul", lastName: "Bouvier", companyId: company.id });
  ownDeal = await aDeal({ companyId: company.id, ownerId: rep.id, title: "Scie à ruban neuve", amountCents: 1_250_000, stageChangedAt: new Date(), createdAt: new Date() });
  othersDeal = await aDeal({ companyId: company.id, ownerId: otherRep.id, title: "Affaire confidentielle", stageChangedAt: new Date(), createdAt: new Date() });
  await aQueueTicket({ requesterId: contact.id, companyId: company.id, subject: "Scie bloquée en production", type: "incident", priority: "urgent", groupId: office.id, createdAt: new Date(Date.now() - (3 * 24 + 2) * 3_600_000) });
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe("deal pages over HTTP", () => {
  it("shows a rep their pipeline, without a colleague's deals", async () => {
    const session = await signedIn(rep);
    const board = await session.get("/ventes");
    expect(board.status).toBe(200);
    const html = await board.text();
    expect(html).toContain("Scie à ruban neuve");
    expect(html).not.toContain("Affaire confidentielle");
    expect(html).toContain("Déplacer vers…");
    expect(html).toContain("12\u202f500,00\u00a0€");
    const list = await (await session.get("/ventes/affaires?tri=montant&ordre=desc")).text();
    expect(list).toContain("Scie à ruban neuve");
    expect(list).not.toContain("Affaire confidentielle");
    expect((await session.get("/ventes/previsions?periode=annee")).status).toBe(200);
  });

  it("answers 404 to a rep for another rep's deal, for reading and for every change", async () => {
    const session = await signedIn(rep);
    for (const path of [`/ventes/affaires/${othersDeal.id}`, `/ventes/affaires/${othersDeal.id}/modifier`]) {
      const response = await session.get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain("Affaire confidentielle");
    }
    await session.get("/ventes");
    const attempts: Array<[string, Record<string, string>]> = [
      [`/ventes/affaires/${othersDeal.id}`, { intent: "move", stageId: "stage_won", version: "1" }],
      ["/ventes?index", { intent: "move", dealId: othersDeal.id, stageId: "stage_won", version: "1", back: "/ventes" }],
      [`/ventes/affaires/${othersDeal.id}/modifier`, { intent: "save", title: "Volée", companyId: company.id, ownerId: rep.id, source: "other", version: "1" }],
    ];
    for (const [path, fields] of attempts) expect((await session.postForm(path, fields)).status, path).toBe(404);
    expect(await dealRow(othersDeal.id)).toMatchObject({ stageId: "stage_qualification", version: 1, title: "Affaire confidentielle" });
  });

  it("lets support read a deal but refuses its changes; marketing gets no sales page", async () => {
    const support = await signedIn(technician);
    const page = await support.get(`/ventes/affaires/${othersDeal.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Affaire confidentielle");
    expect(html).toContain("Lecture seule");
    expect(html).not.toContain('name="intent" value="move"');
    expect((await support.postForm(`/ventes/affaires/${othersDeal.id}`, { intent: "move", stageId: "stage_won", version: "1" })).status).toBe(403);
    expect((await support.postForm("/ventes?index", { intent: "move", dealId: othersDeal.id, stageId: "stage_won", version: "1" })).status).toBe(403);
    expect((await support.get(`/ventes/affaires/${othersDeal.id}/modifier`)).status).toBe(403);
    expect(await dealRow(othersDeal.id)).toMatchObject({ stageId: "stage_qualification", version: 1 });

    const marketer = await signedIn(marketing);
    for (const path of ["/ventes", `/ventes/affaires/${ownDeal.id}`, "/ventes/affaires", "/ventes/previsions"]) {
      expect((await marketer.get(path)).status, path).toBe(403);
    }
  });

  it("moves a card through the kanban's form, and a stale move comes back to the board with nothing written", async () => {
    const session = await signedIn(rep);
    await session.get("/ventes");
    const moved = await session.postForm("/ventes?index", { intent: "move", dealId: ownDeal.id, stageId: "stage_proposal", version: "1", back: "/ventes?source=other" });
    expect(moved.status).toBe(302);
    expect(moved.headers.get("location")).toBe("/ventes?source=other");
    expect(await dealRow(ownDeal.id)).toMatchObject({ stageId: "stage_proposal", version: 2 });

    const stale = await session.postForm("/ventes?index", { intent: "move", dealId: ownDeal.id, stageId: "stage_negotiation", version: "1", back: "https://ailleurs.example/" });
    expect(stale.status).toBe(302);
    expect(stale.headers.get("location")).toBe("/ventes");
    const after = await (await session.get("/ventes")).text();
    expect(after).toContain("Cette affaire avait changé entre-temps");
    expect(await dealRow(ownDeal.id)).toMatchObject({ stageId: "stage_proposal", version: 2 });

    const lostWithoutReason = await session.postForm("/ventes?index", { intent: "move", dealId: ownDeal.id, stageId: "stage_lost", version: "2" });
    expect(lostWithoutReason.headers.get("location")).toBe(`/ventes/affaires/${ownDeal.id}?etape=stage_lost`);
    expect(await dealRow(ownDeal.id)).toMatchObject({ stageId: "stage_proposal", closedAt: null });

    const lost = await session.postForm(`/ventes/affaires/${ownDeal.id}`, { intent: "move", stageId: "stage_lost", version: "2", lossReasonId: "loss_price", lossNote: "Trop cher" });
    expect(lost.status).toBe(302);
    expect(await dealRow(ownDeal.id)).toMatchObject({ stageId: "stage_lost", version: 3 });
    const page = await (await session.get(`/ventes/affaires/${ownDeal.id}`)).text();
    expect(page).toContain("Prix trop élevé");
    expect(page).toContain("Proposition");

    const raced = await session.postForm(`/ventes/affaires/${ownDeal.id}`, { intent: "move", stageId: "stage_negotiation", version: "2" });
    expect(raced.status).toBe(409);
    expect(await raced.text()).toContain("Rémi Vendeur a changé cette affaire");
  });

  it("creates a deal from the company with an amount typed in French, and shows what changed when an edit loses a race", async () => {
    const session = await signedIn(rep);
    const form = await session.get(`/ventes/affaires/nouvelle?companyId=${company.id}&contactId=${contact.id}`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("Paul Bouvier");
    const refused = await session.postForm(`/ventes/affaires/nouvelle?companyId=${company.id}`, { intent: "save", title: "Affûteuse", companyId: company.id, ownerId: rep.id, amount: "1234,567", source: "website" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Deux chiffres au plus après la virgule.");
    const created = await session.postForm(`/ventes/affaires/nouvelle?companyId=${company.id}`, { intent: "save", title: "Affûteuse", companyId: company.id, contactId: contact.id, ownerId: rep.id, amount: "8 400,50", expectedCloseDate: "2026-12-15", source: "website" });
    expect(created.status).toBe(302);
    const id = created.headers.get("location")!.split("/").pop()!;
    expect(await dealRow(id)).toMatchObject({ title: "Affûteuse", amountCents: 840_050, stageId: "stage_qualification" });

    await db().deal.update({ where: { id }, data: { title: "Affûteuse automatique", version: { increment: 1 } } });
    const loaded = { title: "Affûteuse", companyId: company.id, contactId: contact.id, ownerId: rep.id, amount: "8 400,50", expectedCloseDate: "2026-12-15", source: "website", notes: "" };
    const conflict = await session.postForm(`/ventes/affaires/${id}/modifier`, {
      intent: "save",
      version: "1",
      ...loaded,
      amount: "9 000",
      ...Object.fromEntries(Object.entries(loaded).map(([name, value]) => [`loaded_${name}`, value])),
    });
    expect(conflict.status).toBe(409);
    const html = await conflict.text();
    expect(html).toContain('data-testid="deal-conflict"');
    expect(html).toContain("Affûteuse automatique");
    expect(html).toContain('data-conflict-field="amount"');
    expect(await dealRow(id)).toMatchObject({ title: "Affûteuse automatique", amountCents: 840_050, version: 2 });
  });
});

describe("kanban columns over HTTP", () => {
  it("serves a column's next cards to its owner only, and links to the stage's list without JavaScript", async () => {
    const busy = await aUser({ role: "sales" });
    const crowd = await aCompany({ name: "Colonne pleine" });
    for (let index = 0; index < 27; index += 1) {
      await aDeal({ companyId: crowd.id, ownerId: busy.id, title: `Carte ${String(index).padStart(2, "0")}`, stageChangedAt: new Date(Date.UTC(2026, 5, 1, 8, index)) });
    }
    const session = await signedIn(busy);
    const board = await (await session.get("/ventes")).text();
    expect(board).toContain('href="/ventes/affaires?etape=stage_qualification"');
    expect(board).toContain("Carte 26");
    expect(board).not.toContain("Carte 01");
    const { loadKanban } = await import("~/domain/sales/deal-queries.server");
    const kanban = await loadKanban({ id: busy.id, role: "sales", restrictToGroups: false }, { ownerId: null, closePeriod: null, source: null });
    const cursor = kanban!.columns[0]!.nextCursor!;
    const next = await session.get(`/ventes/colonne?etape=stage_qualification&apres=${encodeURIComponent(cursor)}`);
    expect(next.status).toBe(200);
    const page = JSON.parse(await next.text()) as { cards: Array<{ title: string }>; nextCursor: string | null };
    expect(page.cards.map((card) => card.title)).toEqual(["Carte 01", "Carte 00"]);
    expect(page.nextCursor).toBeNull();
    const stranger = await signedIn(rep);
    const theirs = JSON.parse(await (await stranger.get(`/ventes/colonne?etape=stage_qualification&apres=${encodeURIComponent(cursor)}`)).text()) as { cards: Array<{ title: string }> };
    expect(theirs.cards.map((card) => card.title)).not.toContain("Carte 01");
  });
});

describe("company page over HTTP", () => {
  it("shows the sales section and the service warning to a rep, not another group's incident to a restricted technician", async () => {
    const session = await signedIn(rep);
    const html = await (await session.get(`/clients/societes/${company.id}`)).text();
    expect(html).toContain('data-testid="company-sales"');
    expect(html).toContain("Attention : incident critique ouvert depuis 3 jours");
    expect(html).toContain("Scie bloquée en production");
    expect(html).toContain("Prospect");
    expect(html).toContain(`/ventes/affaires/nouvelle?companyId=${company.id}`);

    const other = await (await (await signedIn(restricted)).get(`/clients/societes/${company.id}`)).text();
    expect(other).toContain('data-testid="service-panel"');
    expect(other).not.toContain("Scie bloquée en production");
    expect(other).not.toContain('data-testid="service-warning"');
  });

  it("edits the lifecycle in the company form", async () => {
    const session = await signedIn(rep);
    const edit = await session.get(`/clients/societes/${company.id}/modifier`);
    const version = /name="version" value="([^"]+)"/.exec(await edit.text())![1]!;
    const saved = await session.postForm(`/clients/societes/${company.id}/modifier`, {
      name: company.name,
      sector: "industry",
      country: "FR",
      lifecycleStage: "former_client",
      clientSince: "2023-05-10",
      lostAt: "2026-01-20",
      lostReason: "Fermeture du site",
      prospectSource: "referral",
      version,
    });
    expect(saved.status).toBe(302);
    const html = await (await session.get(`/clients/societes/${company.id}`)).text();
    expect(html).toContain("Ancien client");
    expect(html).toContain("Fermeture du site");
    expect(html).toContain("Recommandation");
  });
});

describe("pipeline administration over HTTP", () => {
  it("refuses a change that breaks the pipeline's rules, with its message, and saves a valid one", async () => {
    const session = await signedIn(admin);
    expect((await session.get("/admin/pipeline")).status).toBe(200);
    const refused = await session.postForm("/admin/pipeline", { intent: "stage-update", id: "stage_won", name: "Gagnée", probability: "100", kind: "won" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("exactement une étape gagnée active");
    expect((await db().pipelineStage.findUniqueOrThrow({ where: { id: "stage_won" } })).active).toBe(true);
    const created = await session.postForm("/admin/pipeline", { intent: "stage-create", name: "Démonstration", probability: "55", kind: "open", active: "on" });
    expect(created.status).toBe(302);
    expect(await db().pipelineStage.count({ where: { name: "Démonstration", probability: 55 } })).toBe(1);
    expect((await (await signedIn(rep)).postForm("/admin/pipeline", { intent: "stage-delete", id: "stage_won" })).status).toBe(403);
  });
});
