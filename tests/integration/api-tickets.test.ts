import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicket } from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";
import { ApiClient, ApiContract, aToken } from "../support/api-contract.ts";
import { aGroup, aUser } from "../support/factories.ts";
import { aRequester } from "../support/helpdesk-factories.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

let app: TestApp;
let api: ApiClient;
let technician: Awaited<ReturnType<typeof aUser>>;
let techToken: string;

beforeAll(async () => {
  technician = await aUser({ role: "technician", name: "Julien Bureau" });
  techToken = await aToken(technician.id, ["tickets:read", "tickets:write"]);
  app = await startTestApp();
  api = new ApiClient(app.url, await ApiContract.load(app.url), techToken);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe("tickets over the API", () => {
  it("smoke", async () => {
    const requester = await aRequester({ name: "Lucie Martin" });
    const created = await createTicket({ requesterId: requester.contactId, subject: "Imprimante", channel: "email", openedBy: { contactId: requester.contactId }, firstMessage: { bodyText: "Bonjour" } });
    const list = await api.get("/tickets");
    expect(list.status).toBe(200);
    expect(list.body.data.map((t: { number: number }) => t.number)).toContain(created.number);
    const one = await api.get(`/tickets/${created.number}`);
    expect(one.status).toBe(200);
    expect(one.headers.get("etag")).toBe('"1"');
    const made = await api.post("/tickets", { subject: "Nouveau", body: "Une demande", requester: { email: "paul@exemple-api.fr", name: "Paul Durand" } }, { headers: { "Idempotency-Key": "k1" } });
    expect(made.status, made.text).toBe(201);
    const again = await api.post("/tickets", { subject: "Nouveau", body: "Une demande", requester: { email: "paul@exemple-api.fr", name: "Paul Durand" } }, { headers: { "Idempotency-Key": "k1" } });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await db().ticket.count({ where: { subject: "Nouveau" } })).toBe(1);
    const patched = await api.patch(`/tickets/${made.body.number}`, { priority: "urgent" }, { headers: { "If-Match": '"1"' } });
    expect(patched.status, patched.text).toBe(200);
    const stale = await api.patch(`/tickets/${made.body.number}`, { priority: "low" }, { headers: { "If-Match": '"1"' } });
    expect(stale.status, stale.text).toBe(412);
    const reply = await api.post(`/tickets/${made.body.number}/replies`, { body: "Réponse" });
    expect(reply.status, reply.text).toBe(201);
    const bad = await api.post(`/tickets`, { subject: "" });
    expect(bad.status, bad.text).toBe(422);
    console.log(bad.text);
    const anon = await api.get("/tickets", { token: null });
    expect(anon.status).toBe(401);
  });
});
