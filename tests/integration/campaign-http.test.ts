import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { aCompany, aContact } from "../support/customers-factories.ts";
import { aUser, TEST_PASSWORD } from "../support/factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";
import { aConsent, aSegment, mailableConsent } from "../support/campaign-factories.ts";

/**
 * Campaign pages over real HTTP (production build): the marketer writes, previews, sees the
 * exclusions and launches once; sales reads the campaign page without the excluded addresses;
 * support is refused; hostile values stay text.
 */
let app: TestApp;
let marketer: Awaited<ReturnType<typeof aUser>>;
let sales: Awaited<ReturnType<typeof aUser>>;
let technician: Awaited<ReturnType<typeof aUser>>;
let segment: { id: string };

async function signedIn(user: { email: string }) {
  const session = new HttpSession(app.url);
  const response = await session.signIn(user.email, TEST_PASSWORD);
  expect(response.status, (await response.text()).slice(0, 3000)).toBe(302);
  return session;
}

beforeAll(async () => {
  // An administrator exists, or the sign-in page sends everyone to the first-start page.
  await aUser({ role: "admin" });
  marketer = await aUser({ role: "marketing" });
  sales = await aUser({ role: "sales" });
  technician = await aUser({ role: "technician" });
  const hostile = await aCompany({ name: "<script>alert('x')</script>" });
  const ok = await aContact({ firstName: "Inès", emails: ["ines@exemple.test"], companyId: hostile.id });
  await aConsent("ines@exemple.test", "opt_in", ok.id);
  const gone = await aContact({ firstName: "Paul", lastName: "Parti", emails: ["paul@exemple.test"] });
  await aConsent("paul@exemple.test", "unsubscribed", gone.id);
  segment = await aSegment({ match: "any", groups: [{ match: "all", conditions: [{ kind: "marketing.consentState", params: { states: ["opt_in", "unsubscribed"] } }] }] }, "Clients HTTP");
  await aSegment(mailableConsent, "Autre segment");
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const form = (overrides: Record<string, string | string[]> = {}) => ({
  name: "Offre d'hiver",
  segmentIds: [segment.id],
  fromName: "Atelier",
  fromAddress: "marketing@atelier.test",
  replyTo: "",
  subject: "Bonjour {{contact.firstName|}}",
  preheader: "",
  language: "fr",
  mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>Bonjour {{contact.firstName|client}} de {{company.name|votre société}}</mj-text><mj-button href="https://www.exemple.fr/hiver">Voir</mj-button><mj-text><a href="{{unsubscribeUrl}}">Se désinscrire</a></mj-text></mj-column></mj-section></mj-body></mjml>`,
  text: "",
  excludeOpenIncidents: "on",
  ratePerMinute: "600",
  cost: "250,00",
  attributionDays: "60",
  intent: "save",
  ...overrides,
});

describe("campaign pages over HTTP", () => {
  it("lets the marketer create, preview, see exclusions and launch once", async () => {
    const session = await signedIn(marketer);
    const newPage = await session.get("/marketing/campagnes/nouvelle");
    expect(newPage.status).toBe(200);
    const newHtml = await newPage.text();
    expect(newHtml).toContain("Clients HTTP");
    expect(newHtml).toContain("{{unsubscribeUrl}}");

    const invalid = await session.postForm("/marketing/campagnes/nouvelle", form({ fromAddress: "pas-une-adresse", ratePerMinute: "0" }));
    expect(invalid.status).toBe(400);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain("Saisissez une adresse e-mail valide.");
    expect(invalidHtml).toContain("Offre d&#x27;hiver");

    const created = await session.postForm("/marketing/campagnes/nouvelle", form());
    expect(created.status).toBe(302);
    const editPath = created.headers.get("location")!;
    const campaignId = /\/marketing\/campagnes\/([^/]+)\/modifier/.exec(editPath)![1];
    const stored = await db().campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { costCents: true, attributionDays: true, text: true } });
    expect(stored).toMatchObject({ costCents: 25_000, attributionDays: 60 });
    expect(stored.text).toContain("Voir (https://www.exemple.fr/hiver)");

    const editor = await session.get(editPath);
    expect(editor.status).toBe(200);

    const preview = await session.postForm("/marketing/campagnes/apercu", { mjml: form().mjml as string, campaignId });
    expect(preview.status).toBe(200);
    const previewBody = (await preview.json()) as { html: string; problems: unknown[] };
    expect(previewBody.problems).toEqual([]);
    expect(previewBody.html).toMatch(/Bonjour (Inès|Paul) de/);
    expect(previewBody.html).not.toContain("<script>alert");
    const broken = await session.postForm("/marketing/campagnes/apercu", { mjml: "<mjml><mj-body>\n<mj-section><mj-colum>{{contact.prenom}}</mj-colum></mj-section></mj-body></mjml>", campaignId });
    const brokenBody = (await broken.json()) as { html: null; problems: Array<{ line: number; kind: string }> };
    expect(brokenBody.html).toBeNull();
    expect(brokenBody.problems).toEqual(expect.arrayContaining([expect.objectContaining({ line: 2, kind: "mjml" }), expect.objectContaining({ line: 2, kind: "unknownField" })]));

    const page = await session.get(`/marketing/campagnes/${campaignId}`);
    const pageHtml = await page.text();
    expect(page.status).toBe(200);
    expect(pageHtml).toContain("Aperçu des exclusions avant envoi");
    expect(pageHtml).toContain("paul@exemple.test");
    expect(pageHtml).not.toContain("<script>alert('x')");

    const [first, second] = await Promise.all([
      session.postForm(`/marketing/campagnes/${campaignId}?index`, { intent: "launch" }),
      session.postForm(`/marketing/campagnes/${campaignId}?index`, { intent: "launch" }),
    ]);
    expect([first.status, second.status]).toEqual([302, 302]);
    const launched = await db().campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { status: true, recipientCount: true, exclusionCounts: true } });
    expect(launched.status).toBe("sending");
    expect(launched.recipientCount).toBe(1);
    expect(JSON.parse(launched.exclusionCounts)).toMatchObject({ unsubscribed: 1 });
    expect(await db().campaignRecipient.count({ where: { campaignId } })).toBe(2);
    expect(await db().auditLog.count({ where: { entityId: campaignId, action: "campaign.launched" } })).toBe(1);

    const after = await session.get(`/marketing/campagnes/${campaignId}`);
    const afterHtml = await after.text();
    expect(afterHtml).toContain('role="progressbar"');
    expect(afterHtml).toContain("Exclusions au lancement");
    expect((await session.get(editPath)).status).toBe(302);

    const list = await (await session.get("/marketing/campagnes")).text();
    expect(list).toContain("Offre d&#x27;hiver");
    const calendar = await session.get("/marketing/calendrier");
    expect(calendar.status).toBe(200);
    expect(await calendar.text()).toContain(`/marketing/campagnes/${campaignId}`);
  });

  it("shows sales the campaign without excluded addresses and refuses the editor; support sees nothing", async () => {
    const campaign = await db().campaign.findFirstOrThrow({ select: { id: true } });
    const salesSession = await signedIn(sales);
    const page = await salesSession.get(`/marketing/campagnes/${campaign.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("paul@exemple.test");
    expect((await salesSession.get("/marketing/campagnes/nouvelle")).status).toBe(403);
    expect((await salesSession.postForm(`/marketing/campagnes/${campaign.id}?index`, { intent: "pause" })).status).toBe(403);
    const support = await signedIn(technician);
    expect((await support.get("/marketing/campagnes")).status).toBe(403);
    expect((await support.get("/marketing/calendrier")).status).toBe(403);
  });
});
