import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicket } from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";
import { aGroup, aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aRequester } from "../support/helpdesk-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * The ticket page over real HTTP (production build): the record rule holds for pages and forms,
 * replies go through the form with its version, and a stale form gets the conflict screen.
 */

let app: TestApp;
let fieldTeam: { id: string };
let officeTeam: { id: string };
let restricted: Awaited<ReturnType<typeof aUser>>;
let technician: Awaited<ReturnType<typeof aUser>>;
let officeTicket: { ticketId: string; number: number };
let fieldTicket: { ticketId: string; number: number };

async function signedIn(user: { email: string }) {
  const session = new HttpSession(app.url);
  expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
  return session;
}

async function aTicketIn(groupId: string, subject: string) {
  const requester = await aRequester({ name: "Lucie Martin" });
  return createTicket({ requesterId: requester.contactId, subject, channel: "email", groupId, openedBy: { contactId: requester.contactId }, firstMessage: { bodyText: `${subject}, merci de votre aide.` } });
}

beforeAll(async () => {
  // A workspace without an administrator shows the first-run page instead of the sign-in form.
  await aUser({ role: "admin" });
  fieldTeam = await aGroup("Terrain HTTP");
  officeTeam = await aGroup("Bureau HTTP");
  restricted = await aUser({ role: "technician", groupIds: [fieldTeam.id], restrictToGroups: true, name: "Sophie Terrain" });
  technician = await aUser({ role: "technician", groupIds: [officeTeam.id], name: "Julien Bureau" });
  officeTicket = await aTicketIn(officeTeam.id, "Logiciel de caisse figé");
  fieldTicket = await aTicketIn(fieldTeam.id, "Switch à remplacer");
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe("ticket page over HTTP", () => {
  it("answers 404 to a restricted technician for another group's ticket, and refuses their posts to it", async () => {
    const session = await signedIn(restricted);
    const own = await session.get(`/support/tickets/${fieldTicket.number}`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("Switch à remplacer");

    const other = await session.get(`/support/tickets/${officeTicket.number}`);
    expect(other.status).toBe(404);
    const page = await other.text();
    expect(page).toContain("Page introuvable");
    expect(page).not.toContain("Logiciel de caisse figé");

    const before = await db().ticket.findUniqueOrThrow({ where: { id: officeTicket.ticketId }, select: { version: true, updatedAt: true } });
    const attempts: Array<Record<string, string>> = [
      { intent: "reply", version: String(before.version), loadedAt: before.updatedAt.toISOString(), visibility: "public", body: "Je passe par l'URL", statusAfter: "solved" },
      { intent: "take", version: String(before.version), loadedAt: before.updatedAt.toISOString() },
      { intent: "fields", version: String(before.version), loadedAt: before.updatedAt.toISOString(), status: "closed", priority: "low", type: "other", loaded_status: "new" },
    ];
    for (const fields of attempts) {
      const response = await session.postForm(`/support/tickets/${officeTicket.number}`, fields);
      expect(response.status, fields.intent).toBe(404);
    }
    expect(await db().message.count({ where: { ticketId: officeTicket.ticketId } })).toBe(1);
    expect(await db().ticket.findUniqueOrThrow({ where: { id: officeTicket.ticketId } })).toMatchObject({ version: before.version, status: "new", assigneeId: null });
  });

  it("does not list the other group's tickets in a restricted technician's queues either", async () => {
    const session = await signedIn(restricted);
    const queue = await (await session.get("/support?vue=open")).text();
    expect(queue).toContain("Switch à remplacer");
    expect(queue).not.toContain("Logiciel de caisse figé");
  });

  it("posts a reply with its version, then shows the conflict screen to a form that went stale", async () => {
    const session = await signedIn(technician);
    const page = await session.get(`/support/tickets/${officeTicket.number}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const version = /name="version" value="(\d+)"/.exec(html)![1];
    const loadedAt = /name="loadedAt" value="([^"]+)"/.exec(html)![1];

    const reply = await session.postForm(`/support/tickets/${officeTicket.number}`, { intent: "reply", version, loadedAt, visibility: "public", body: "Bonjour Lucie, pouvez-vous redémarrer la caisse ?", statusAfter: "pending_customer" });
    expect(reply.status).toBe(302);
    expect(reply.headers.get("location")).toBe(`/support/tickets/${officeTicket.number}`);
    const ticket = await db().ticket.findUniqueOrThrow({ where: { id: officeTicket.ticketId } });
    expect(ticket).toMatchObject({ status: "pending_customer", assigneeId: technician.id });

    // The same (now stale) form again: nothing written, the page says what changed.
    const stale = await session.postForm(`/support/tickets/${officeTicket.number}`, { intent: "fields", version, loadedAt, status: "on_hold", priority: "normal", type: "information", groupId: officeTeam.id, assigneeId: "", tags: "", loaded_status: "new", loaded_priority: "normal", loaded_type: "information", loaded_groupId: officeTeam.id, loaded_assigneeId: "", loaded_tags: "" });
    expect(stale.status).toBe(409);
    const conflict = await stale.text();
    expect(conflict).toContain("Ce ticket a changé entre-temps");
    expect(conflict).toContain("Bonjour Lucie, pouvez-vous redémarrer la caisse ?");
    expect(conflict).toContain("Julien Bureau");
    expect(await db().ticket.findUniqueOrThrow({ where: { id: officeTicket.ticketId } })).toMatchObject({ status: "pending_customer", version: ticket.version });
  });

  it("gives a field-level error and keeps the text when the reply is empty or holds a placeholder", async () => {
    const session = await signedIn(technician);
    const html = await (await session.get(`/support/tickets/${officeTicket.number}`)).text();
    const version = /name="version" value="(\d+)"/.exec(html)![1];
    const loadedAt = /name="loadedAt" value="([^"]+)"/.exec(html)![1];
    const response = await session.postForm(`/support/tickets/${officeTicket.number}`, { intent: "reply", version, loadedAt, visibility: "public", body: "Bonjour {{client.prenom}}", statusAfter: "open" });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain("La réponse contient encore une variable à remplacer");
    expect(page).toContain("Bonjour {{client.prenom}}");
  });
});
