import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicket } from "~/domain/helpdesk/tickets.server";
import { aGroup, aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aRequester } from "../support/helpdesk-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";
import { expectConsoleErrors } from "../support/vitest-setup.ts";

/**
 * The dashboard's service section over real HTTP (production build): the manager's page shows the
 * section, a restricted technician's figures and lists leave other groups' tickets out, sales do
 * not get the dashboard, and a drill-down exports as CSV for French Excel.
 */

let app: TestApp;
let manager: Awaited<ReturnType<typeof aUser>>;
let restricted: Awaited<ReturnType<typeof aUser>>;
let sales: Awaited<ReturnType<typeof aUser>>;

async function signedIn(user: { email: string }) {
  const session = new HttpSession(app.url);
  expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
  return session;
}

async function aTicketIn(groupId: string, subject: string) {
  const requester = await aRequester({ name: "Hélène Lefèvre" });
  return createTicket({ requesterId: requester.contactId, subject, channel: "email", groupId, openedBy: { contactId: requester.contactId }, firstMessage: { bodyText: `${subject}, merci.` } });
}

/** The number shown on a figure card, by its label. */
function figureValue(html: string, id: string): string | null {
  const match = new RegExp(`data-figure="${id.replace(/\./g, "\\.")}"[\\s\\S]*?data-value="([^"]*)"`).exec(html);
  return match ? match[1] : null;
}

beforeAll(async () => {
  await aUser({ role: "admin" });
  const field = await aGroup("Terrain tableau");
  const office = await aGroup("Bureau tableau");
  manager = await aUser({ role: "manager", name: "Claire Directrice" });
  restricted = await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true, name: "Sophie Terrain" });
  sales = await aUser({ role: "sales", name: "Marc Commercial" });
  await aTicketIn(field.id, "Switch à remplacer à l'entrepôt");
  await aTicketIn(office.id, "Logiciel de caisse figé");
  await aTicketIn(office.id, "Imprimante étiquettes hors ligne");
  app = await startTestApp();
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe("dashboard service section over HTTP", () => {
  it("shows the manager the service section with every ticket created this month", async () => {
    const session = await signedIn(manager);
    const response = await session.get("/tableau-de-bord");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('data-section="service"');
    expect(html).toContain("Service client");
    expect(html).toContain("Tickets créés");
    expect(figureValue(html, "service.created")).toBe("3");
    expect(html).toContain("/tableau-de-bord/detail/service.sla-breached?");
  });

  it("counts only a restricted technician's group tickets, in figures and lists", async () => {
    const session = await signedIn(restricted);
    const page = await session.get("/tableau-de-bord");
    expect(page.status).toBe(200);
    expect(figureValue(await page.text(), "service.created")).toBe("1");
    const list = await session.get("/tableau-de-bord/detail/service.created");
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain("Switch à remplacer");
    expect(html).not.toContain("Logiciel de caisse");
    const csv = await (await session.get("/tableau-de-bord/export/service.created")).text();
    expect(csv).toContain("Switch à remplacer");
    expect(csv).not.toContain("Imprimante");
  });

  it("keeps the service figures from sales: their dashboard has their own sales figures only", async () => {
    const session = await signedIn(sales);
    const page = await session.get("/tableau-de-bord");
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('data-section="service"');
    expect((await session.get("/tableau-de-bord/detail/service.created")).status).toBe(404);
  });

  it("exports a drill-down as CSV for French Excel: BOM, semicolons, accents, statuses in French", async () => {
    const session = await signedIn(manager);
    await session.get("/tableau-de-bord");
    // Bytes as a spreadsheet reads them (text() would drop the BOM).
    const response = await fetch(new URL("/tableau-de-bord/export/service.created", app.url), { headers: { Cookie: session.cookieHeader() } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(await response.arrayBuffer()));
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = text.slice(1).trim().split(/\r?\n/);
    expect(header).toBe("Ticket;Sujet;Statut;Groupe;Technicien;Créé le");
    expect(rows).toHaveLength(3);
    expect(rows.some((row) => row.includes(";Imprimante étiquettes hors ligne;Nouveau;Bureau tableau;"))).toBe(true);
  });

  it("exports a section's table and a chart's data as CSV, holding what the viewer's page holds", async () => {
    const decode = async (response: Response) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(await response.arrayBuffer()));
    const session = await signedIn(manager);
    const page = await (await session.get("/tableau-de-bord")).text();
    expect(page).toContain("/tableau-de-bord/export/tableau/service.by-group?");
    const byGroup = await fetch(new URL("/tableau-de-bord/export/tableau/service.by-group", app.url), { headers: { Cookie: session.cookieHeader() } });
    expect(byGroup.status).toBe(200);
    expect(byGroup.headers.get("content-disposition")).toMatch(/attachment; filename=".+\.csv"/);
    const groups = await decode(byGroup);
    expect(groups.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = groups.slice(1).trim().split(/\r?\n/);
    expect(header).toBe("Groupe;Tickets créés;Tickets résolus");
    expect(rows).toEqual(expect.arrayContaining(["Bureau tableau;2;0", "Terrain tableau;1;0"]));
    // A chart's data: one row per x value, one column per series, the x labels in French.
    const byType = await decode(await fetch(new URL("/tableau-de-bord/export/tableau/service.by-type", app.url), { headers: { Cookie: session.cookieHeader() } }));
    expect(byType.split(/\r?\n/)[0]).toBe("\uFEFFType;Tickets créés;Tickets résolus");
    expect(byType).toContain("Demande d'information;3;0");

    // The restricted technician's table holds their group only; sales have no service tables.
    const restrictedSession = await signedIn(restricted);
    const theirs = await (await restrictedSession.get("/tableau-de-bord/export/tableau/service.by-group")).text();
    expect(theirs).toContain("Terrain tableau;1;0");
    expect(theirs).not.toContain("Bureau tableau");
    const salesSession = await signedIn(sales);
    expect((await salesSession.get("/tableau-de-bord/export/tableau/service.by-group")).status).toBe(404);
    expect((await salesSession.get("/tableau-de-bord/export/tableau/unknown")).status).toBe(404);
    // A resource route's refusal goes through Remix's handleError, which logs it.
    for (const logged of expectConsoleErrors()) expect(logged[0]).toMatchObject({ status: 404 });
  });
});
