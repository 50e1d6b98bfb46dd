import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recipientToken, trackingPaths } from "~/domain/marketing/campaigns/tracking-links.server";
import { db } from "~/lib/db.server";
import { signToken } from "~/lib/signed-tokens.server";
import { aSentCampaign } from "../support/campaign-factories.ts";
import { aContact } from "../support/customers-factories.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * The public tracking endpoints over HTTP with the real routes (docs/marketing.md, "Tracking"):
 * tokens that are tampered, forged, foreign or replayed across campaigns change nothing and never
 * redirect; valid ones count once as unique and redirect only to the campaign's own links.
 */

let app: TestApp;
let campaignA: Awaited<ReturnType<typeof aSentCampaign>>;
let campaignB: Awaited<ReturnType<typeof aSentCampaign>>;

beforeAll(async () => {
  app = await startTestApp();
  const english = await aContact({ firstName: "Emma", emails: [`emma-${Date.now()}@exemple.test`] });
  await db().contact.update({ where: { id: english.id }, data: { language: "en" } });
  const french = await aContact({ firstName: "Léa" });
  const third = await aContact({ firstName: "Yves" });
  campaignA = await aSentCampaign({
    name: "Printemps",
    links: ["https://www.example.test/printemps", "https://www.example.test/tarifs"],
    recipients: [{ contactId: french.id }, { contactId: english.id }, { contactId: third.id }],
  });
  campaignB = await aSentCampaign({
    name: "Été",
    links: ["https://www.example.test/ete", "https://www.example.test/tarifs-ete", "https://www.example.test/seulement-b"],
    recipients: [{ contactId: french.id }],
  });
});

afterAll(async () => {
  await app?.close();
});

const get = (path: string, init: RequestInit = {}) => fetch(new URL(path, app.url), { redirect: "manual", ...init });
const recipient = (id: string) => db().campaignRecipient.findUniqueOrThrow({ where: { id } });
/** The token with one character of its signature changed. */
const tampered = (token: string) => `${token.slice(0, -2)}${token.at(-2) === "A" ? "B" : "A"}${token.at(-1)}`;

describe("open pixel", () => {
  it("answers the same transparent GIF, never cached, whatever the token", async () => {
    const token = recipientToken(campaignA.recipients[0].id);
    const answers = await Promise.all(
      [token, tampered(token), recipientToken("inexistant0000000000000000"), "n'importe-quoi"].map(async (value) => {
        const response = await get(trackingPaths.open(encodeURIComponent(value)));
        return { status: response.status, type: response.headers.get("content-type"), cache: response.headers.get("cache-control"), body: Buffer.from(await response.arrayBuffer()).toString("base64") };
      }),
    );
    for (const answer of answers) {
      expect(answer).toEqual(answers[0]);
      expect(answer.status).toBe(200);
      expect(answer.type).toBe("image/gif");
      expect(answer.cache).toContain("no-store");
    }
  });

  it("counts opens per recipient, the first one once (unique)", async () => {
    const target = campaignB.recipients[0];
    const token = recipientToken(target.id);
    const other = () => db().campaignRecipient.findFirstOrThrow({ where: { campaignId: campaignA.id, contactId: target.contactId } });
    const otherBefore = await other();
    for (let i = 0; i < 3; i++) await get(trackingPaths.open(token));
    const row = await recipient(target.id);
    expect(row.opens).toBe(3);
    expect(row.firstOpenedAt).not.toBeNull();
    const firsts = await db().domainEvent.findMany({ where: { name: "campaign.engagement", payload: { contains: target.id } } });
    expect(firsts.map((event) => JSON.parse(event.payload).kind)).toEqual(["open"]);
    // The same person's row in the other campaign is untouched.
    expect((await other()).opens).toBe(otherBefore.opens);
  });
});

describe("click redirect", () => {
  it("redirects a valid token only to its own campaign's stored URL, and counts the click (and the open)", async () => {
    const target = campaignA.recipients[1];
    const token = recipientToken(target.id);
    const response = await get(trackingPaths.click(token, 1));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://www.example.test/tarifs");
    await get(trackingPaths.click(token, 1));
    await get(trackingPaths.click(token, 0));
    const row = await recipient(target.id);
    expect(row).toMatchObject({ clicks: 3, opens: 1 });
    expect(row.firstClickedAt).not.toBeNull();
    expect(row.firstOpenedAt).toEqual(row.firstClickedAt);
    const perLink = await db().campaignLinkClick.findMany({ where: { recipientId: target.id }, include: { link: true }, orderBy: { link: { position: "asc" } } });
    expect(perLink.map((click) => [click.link.position, click.clicks])).toEqual([[0, 1], [1, 2]]);
  });

  it("answers the same neutral 404 for a tampered, forged, unknown or replayed token, and changes nothing", async () => {
    const victim = campaignA.recipients[2];
    const before = await recipient(victim.id);
    const token = recipientToken(victim.id);
    const forgedPayload = Buffer.from(JSON.stringify({ r: victim.id })).toString("base64url");
    const cases = [
      trackingPaths.click(tampered(token), 0),
      // Signed with another key (someone who guessed the format).
      trackingPaths.click(`${forgedPayload}.${"A".repeat(43)}`, 0),
      // A token of another purpose, even for the same id.
      trackingPaths.click(signToken("satisfaction-v1", { r: victim.id }), 0),
      // Well-formed and validly signed, but no such recipient.
      trackingPaths.click(recipientToken("c0000000000000000000000000"), 0),
      // Campaign A's token with a position only campaign B has (replayed across campaigns).
      trackingPaths.click(token, 2),
      trackingPaths.click(token, 99),
      `/suivi/lien/${token}/-1`,
      `/suivi/lien/${token}/https%3A%2F%2Fevil.example`,
    ];
    const pages = [];
    for (const path of cases) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("location")).toBeNull();
      pages.push(await response.text());
    }
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain("Ce lien n'est plus valide");
    const after = await recipient(victim.id);
    expect(after).toMatchObject({ clicks: before.clicks, opens: before.opens, firstClickedAt: null });
    expect(await db().campaignLinkClick.count({ where: { recipientId: victim.id } })).toBe(0);
  });

  it("never redirects to an address given in the URL (no open redirect)", async () => {
    const token = recipientToken(campaignA.recipients[0].id);
    for (const path of [`${trackingPaths.click(token, 0)}?url=https://evil.example`, `/suivi/lien/${token}/0%2F%2Fevil.example`, `/suivi/lien/${token}/https%3A%2F%2Fevil.example`]) {
      const response = await get(path);
      const location = response.headers.get("location");
      expect(location === null || location === "https://www.example.test/printemps", path).toBe(true);
    }
  });

  it("never redirects to a stored link that is not http(s)", async () => {
    const hostile = await aSentCampaign({ links: ["javascript:alert(1)"], recipients: [{ address: `hostile-${Date.now()}@exemple.test` }] });
    const response = await get(trackingPaths.click(recipientToken(hostile.recipients[0].id), 0));
    expect(response.status).toBe(404);
    expect(response.headers.get("location")).toBeNull();
  });
});

describe("unsubscribe", () => {
  it("shows the confirmation page in the contact's language, switchable, without unsubscribing", async () => {
    const english = campaignA.recipients[1];
    const token = recipientToken(english.id);
    // Without ?lang=, the contact's language.
    const first = await (await get(trackingPaths.unsubscribe(token), { headers: { "Accept-Language": "fr-FR" } })).text();
    expect(first).toContain("Unsubscribe from campaigns");
    const page = await (await get(`${trackingPaths.unsubscribe(token)}?lang=en`)).text();
    expect(page).toContain("Unsubscribe from campaigns");
    expect(page).toContain("I receive too many messages");
    const french = await (await get(`${trackingPaths.unsubscribe(token)}?lang=fr`)).text();
    expect(french).toContain("Se désinscrire des campagnes");
    expect(french).toContain("Confirmer la désinscription");
    expect((await recipient(english.id)).unsubscribedAt).toBeNull();
    // A French contact lands on the French page.
    const lea = await get(trackingPaths.unsubscribe(recipientToken(campaignA.recipients[0].id)), { headers: { "Accept-Language": "en" } });
    expect(await lea.text()).toContain("Se désinscrire des campagnes");
  });

  it("unsubscribes by RFC 8058 one-click POST without page, cookie or CSRF token, once", async () => {
    const target = campaignA.recipients[2];
    const token = recipientToken(target.id);
    const post = () =>
      fetch(new URL(trackingPaths.unsubscribe(token), app.url), {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://mail.fournisseur.example" },
        body: "List-Unsubscribe=One-Click",
      });
    expect((await post()).status).toBe(200);
    const row = await recipient(target.id);
    expect(row.unsubscribedAt).not.toBeNull();
    const consent = await db().marketingConsent.findUniqueOrThrow({ where: { address: target.address } });
    expect(consent).toMatchObject({ state: "unsubscribed", source: "unsubscribe" });
    const history = await db().marketingConsentChange.findMany({ where: { address: target.address } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ campaignId: campaignA.id, state: "unsubscribed" });
    expect(await db().auditLog.count({ where: { action: "consent.changed", details: { contains: target.address } } })).toBe(1);

    // Again: 200, nothing changes.
    expect((await post()).status).toBe(200);
    expect((await recipient(target.id)).unsubscribedAt).toEqual(row.unsubscribedAt);
    expect(await db().marketingConsentChange.count({ where: { address: target.address } })).toBe(1);
    const events = await db().domainEvent.findMany({ where: { name: "campaign.engagement", payload: { contains: target.id } } });
    expect(events.filter((event) => JSON.parse(event.payload).kind === "unsubscribe")).toHaveLength(1);
  });

  it("unsubscribes from the confirmation page with the reason as the history note", async () => {
    const target = campaignA.recipients[0];
    const token = recipientToken(target.id);
    const response = await fetch(new URL(`${trackingPaths.unsubscribe(token)}?lang=fr`, app.url), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: new URLSearchParams({ reason: "too_many", reasonText: "Une fois par mois suffirait" }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Vous êtes désinscrit·e");
    const change = await db().marketingConsentChange.findFirstOrThrow({ where: { address: target.address } });
    expect(change.note).toContain("Je reçois trop de messages");
    expect(change.note).toContain("Une fois par mois suffirait");
    // Campaign B's row of the same person is a different mail: still not marked, but the address is suppressed.
    const inB = await recipient(campaignB.recipients[0].id);
    expect(inB.unsubscribedAt).toBeNull();
    expect((await db().marketingConsent.findUniqueOrThrow({ where: { address: target.address } })).state).toBe("unsubscribed");
  });

  it("a forged or foreign token unsubscribes nobody", async () => {
    const victim = campaignB.recipients[0];
    const before = await db().marketingConsentChange.count();
    for (const token of [tampered(recipientToken(victim.id)), recipientToken("c0000000000000000000000000")]) {
      const response = await fetch(new URL(trackingPaths.unsubscribe(token), app.url), {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
      expect(response.status).toBe(404);
      expect((await get(`${trackingPaths.unsubscribe(token)}?lang=fr`)).status).toBe(404);
    }
    expect(await db().marketingConsentChange.count()).toBe(before);
    expect((await recipient(victim.id)).unsubscribedAt).toBeNull();
  });
});

describe("rate limits (last: they use up this process's per-address budget)", () => {
  it("limits unsubscribe attempts per client address, then answers 429 without touching anyone", async () => {
    const target = campaignB.recipients[0];
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await get(`${trackingPaths.unsubscribe(tampered(recipientToken(target.id)))}?lang=fr`)).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status !== 404 && status !== 429)).toEqual([]);
    const limited = await fetch(new URL(trackingPaths.unsubscribe(recipientToken(target.id)), app.url), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await recipient(target.id)).unsubscribedAt).toBeNull();
  });
});
