import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkFormToken, issueFormToken } from "~/domain/channels/web-form/form-token.server";
import { submitWebRequest } from "~/domain/channels/web-form/intake.server";
import { webRequestTypes } from "~/domain/channels/web-form/web-form-schema";
import { saveWebFormSettings } from "~/domain/channels/web-form/web-form-settings.server";
import { db } from "~/lib/db.server";
import { aUser, TEST_PASSWORD } from "../support/factories.ts";
import { formTokenAged } from "../support/portal-factories.ts";
import { CustomerBrowser, htmlText } from "../support/portal-http.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * The public request form over real HTTP (production build, in-process): validation that keeps
 * what was typed, spam traps that never create a ticket, rate limits, attachments, the
 * embeddable variant and its cross-site rules.
 */

let app: TestApp;

beforeAll(async () => {
  process.env.WEB_FORM_PER_EMAIL_PER_HOUR = "3";
  process.env.WEB_FORM_PER_IP_PER_HOUR = "6";
  process.env.WEB_FORM_MIN_FILL_SECONDS = "3";
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

beforeEach(() => {
  // Every request comes from 127.0.0.1: fresh counters for each test.
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("comptoir.rateLimiters")];
});

let counter = 0;
function request(overrides: Record<string, string> = {}) {
  counter += 1;
  return {
    name: "Marie Dupont",
    email: `marie.dupont${counter}@boulangerie-lemoine.fr`,
    phone: "06 12 34 56 78",
    company: "Boulangerie Lemoine",
    type: "incident",
    subject: `Le four ne chauffe plus (${counter})`,
    description: "Depuis ce matin, le four affiche E-12 et ne chauffe plus.\nMerci de nous rappeler.",
    site_web: "",
    jeton: formTokenAged(10_000),
    ...overrides,
  };
}

/** The ticket number in a confirmation page address (the receipt's signed payload). */
function receiptNumber(location: string | null): number {
  const receipt = new URL(location ?? "", "http://x").searchParams.get("recu") ?? "";
  return (JSON.parse(Buffer.from(receipt.split(".")[0], "base64url").toString()) as { n: number }).n;
}

async function ticketCount() {
  return db().ticket.count();
}

describe("the public form page", () => {
  it("is French by default, English for an English browser or ?lang=en, and outside the staff shell", async () => {
    const visitor = new CustomerBrowser(app.url);
    const french = await visitor.get("/demande");
    expect(french.status).toBe(200);
    expect(french.body).toContain("Contactez notre support");
    expect(french.body).toContain('name="jeton"');
    expect(french.body).not.toContain("Se déconnecter");
    expect(french.headers.get("x-frame-options")).toBe("DENY");

    const english = await new CustomerBrowser(app.url).get("/demande", { "Accept-Language": "en-GB,en;q=0.9" });
    expect(english.body).toContain("Contact our support team");
    const switched = await new CustomerBrowser(app.url).get("/demande?lang=en");
    expect(switched.body).toContain("Send my request");
  });

  it("shows the title, introduction and request types the administrator chose", async () => {
    const admin = await aUser({ role: "admin" });
    await saveWebFormSettings({ titleFr: "SAV Boulangeries", titleEn: "", introFr: "Nous répondons sous 24 h.", introEn: "", types: ["incident"] }, admin.id);
    const page = await new CustomerBrowser(app.url).get("/demande");
    expect(page.body).toContain("SAV Boulangeries");
    expect(page.body).toContain("Nous répondons sous 24 h.");
    expect(page.body).toContain('name="type" value="incident"');
    expect(page.body).not.toContain('value="complaint"');
    // A type that is not offered is refused by the server too.
    const visitor = new CustomerBrowser(app.url);
    const refused = await visitor.post("/demande?index", request({ type: "complaint" }), { multipart: true });
    expect(refused.status).toBe(400);
    expect(htmlText(refused.body)).toContain("Le formulaire contient des erreurs");
    await saveWebFormSettings({ titleFr: "", titleEn: "", introFr: "", introEn: "", types: [...webRequestTypes] }, admin.id);
  });
});

describe("submitting a request", () => {
  it("creates the contact, its company by domain, a web ticket with the attachment, the confirmation page and the acknowledgement", async () => {
    const visitor = new CustomerBrowser(app.url);
    await visitor.get("/demande");
    const fields = request({ email: "Claire.Petit@Menuiserie-Aubert.fr", company: "" });
    const before = await ticketCount();
    const response = await visitor.post("/demande?index", { ...fields, jeton: formTokenAged(8_000) }, {
      files: [{ name: "pieces_jointes", filename: "photo du four.png", content: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 1)]), type: "image/png" }],
    });
    expect(response.status).toBe(302);
    expect(response.location).toMatch(/^\/demande\/envoyee\?recu=/);
    expect(await ticketCount()).toBe(before + 1);

    const ticket = await db().ticket.findFirstOrThrow({
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        number: true,
        channel: true,
        type: true,
        subject: true,
        requester: { select: { firstName: true, lastName: true, phone: true, emails: { select: { address: true } } } },
        company: { select: { name: true, domains: { select: { domain: true } } } },
        messages: { select: { bodyText: true, processingNote: true, attachments: { select: { filename: true, contentType: true, size: true } } } },
      },
    });
    expect(ticket.channel).toBe("web");
    expect(ticket.type).toBe("incident");
    expect(ticket.requester).toMatchObject({ firstName: "Marie", lastName: "Dupont", phone: "06 12 34 56 78", emails: [{ address: "claire.petit@menuiserie-aubert.fr" }] });
    expect(ticket.company).toMatchObject({ name: "Menuiserie Aubert", domains: [{ domain: "menuiserie-aubert.fr" }] });
    expect(ticket.messages[0].bodyText).toBe(fields.description);
    expect(ticket.messages[0].processingNote).toContain("06 12 34 56 78");
    expect(ticket.messages[0].attachments).toEqual([{ filename: "photo du four.png", contentType: "image/png", size: 2056 }]);

    const confirmation = await visitor.get(response.location!);
    expect(htmlText(confirmation.body)).toContain(`Votre demande porte le numéro ${ticket.number}`);
    expect(htmlText(confirmation.body)).toContain("claire.petit@menuiserie-aubert.fr");

    const acknowledgement = await db().outboundEmail.findFirst({ where: { ticketId: ticket.id, kind: "acknowledgement" }, select: { toAddress: true, subject: true } });
    expect(acknowledgement?.toAddress).toBe("claire.petit@menuiserie-aubert.fr");
    expect(acknowledgement?.subject).toContain(`[#${ticket.number}]`);
  });

  it("normalises file names as the email channel does (no path, no invisible or direction characters)", async () => {
    const response = await new CustomerBrowser(app.url).post("/demande?index", request({ subject: "Noms de fichiers" }), {
      files: [
        { name: "pieces_jointes", filename: "..\\..\\rapport\u202e\u0007 final.pdf", content: "%PDF-1.4 rapport", type: "application/pdf" },
        { name: "pieces_jointes", filename: ".cache.txt", content: "texte", type: "text/plain" },
      ],
    });
    expect(response.status).toBe(302);
    const stored = await db().attachment.findMany({ where: { message: { ticket: { subject: "Noms de fichiers" } } }, select: { filename: true }, orderBy: { filename: "asc" } });
    expect(stored.map((file) => file.filename)).toEqual(["cache.txt", "rapport final.pdf"]);
  });

  it("matches a known contact by email instead of creating another one", async () => {
    const first = request({ email: "paul@garage-moreau.fr" });
    const second = request({ email: "PAUL@garage-moreau.fr", name: "Paul M." });
    expect((await new CustomerBrowser(app.url).post("/demande?index", first, { multipart: true })).status).toBe(302);
    expect((await new CustomerBrowser(app.url).post("/demande?index", second, { multipart: true })).status).toBe(302);
    const contacts = await db().contactEmail.findMany({ where: { address: "paul@garage-moreau.fr" }, select: { contact: { select: { requestedTickets: { select: { channel: true } } } } } });
    expect(contacts).toHaveLength(1);
    expect(contacts[0].contact.requestedTickets).toEqual([{ channel: "web" }, { channel: "web" }]);
  });

  it("gives every field its own message and keeps everything that was typed", async () => {
    const visitor = new CustomerBrowser(app.url);
    const before = await ticketCount();
    const typed = request({ name: "", email: "pas-une-adresse", phone: "appelez-moi", subject: "x".repeat(201), description: "  " });
    const response = await visitor.post("/demande?index", typed, { multipart: true });
    expect(response.status).toBe(400);
    expect(await ticketCount()).toBe(before);
    const text = htmlText(response.body);
    expect(text).toContain("Ce champ est obligatoire.");
    expect(text).toContain("Saisissez une adresse e-mail valide.");
    expect(text).toContain("Saisissez un numéro de téléphone valide");
    expect(text).toContain("Ce texte est trop long.");
    // The typed values come back in the fields.
    expect(response.body).toContain('value="pas-une-adresse"');
    expect(response.body).toContain('value="appelez-moi"');
    expect(response.body).toContain('value="Boulangerie Lemoine"');
    expect(response.body).toContain(`value="${"x".repeat(201)}"`);
    // The token was good: the same one comes back, so fixing the form does not restart the clock.
    expect(visitor.formToken).toBe(typed.jeton);
  });

  it("says which files were refused and why, asks to select the others again, and loses no text", async () => {
    const visitor = new CustomerBrowser(app.url);
    const before = await ticketCount();
    const response = await visitor.post("/demande?index", request({ subject: "Facture en double" }), {
      files: [
        { name: "pieces_jointes", filename: "facture.pdf", content: "%PDF-1.7 facture", type: "application/pdf" },
        { name: "pieces_jointes", filename: "outil.exe", content: "MZ\u0090\u0000", type: "application/octet-stream" },
        { name: "pieces_jointes", filename: "deguise.pdf", content: "MZ pas un pdf", type: "application/pdf" },
        { name: "pieces_jointes", filename: "enorme.zip", content: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(10 * 1024 * 1024)]), type: "application/zip" },
      ],
    });
    expect(response.status).toBe(400);
    expect(await ticketCount()).toBe(before);
    const text = htmlText(response.body);
    expect(text).toContain("Certains fichiers n'ont pas été acceptés");
    expect(text).toMatch(/outil\.exe : ce type de fichier n'est pas accepté/);
    expect(text).toMatch(/deguise\.pdf : ce type de fichier n'est pas accepté ou son contenu ne correspond pas/);
    expect(text).toMatch(/enorme\.zip : fichier trop volumineux \(maximum 10 Mo\)/);
    expect(text).toContain("sélectionnez à nouveau facture.pdf");
    expect(response.body).toContain('value="Facture en double"');
  });
});

describe("spam traps: a bot never creates a ticket, a person never loses what they typed", () => {
  it("refuses a filled honeypot, keeps the text and never echoes the trap", async () => {
    const visitor = new CustomerBrowser(app.url);
    const before = await ticketCount();
    const response = await visitor.post("/demande?index", request({ site_web: "http://spam.example", subject: "Achetez maintenant" }), { multipart: true });
    expect(response.status).toBe(400);
    expect(await ticketCount()).toBe(before);
    expect(htmlText(response.body)).toContain("Votre demande n'a pas pu être envoyée");
    expect(response.body).toContain('value="Achetez maintenant"');
    expect(response.body).not.toContain("http://spam.example");
  });

  it("refuses a form sent faster than a person can type, then accepts it once the minimum time has passed", async () => {
    const visitor = new CustomerBrowser(app.url);
    const before = await ticketCount();
    const typed = request({ jeton: formTokenAged(500) });
    const tooFast = await visitor.post("/demande?index", typed, { multipart: true });
    expect(tooFast.status).toBe(400);
    expect(await ticketCount()).toBe(before);
    expect(htmlText(tooFast.body)).toContain("Le formulaire a été envoyé très rapidement");
    expect(tooFast.body).toContain(`value="${typed.subject}"`);
    // A fresh token came back; a person who sends again after a few seconds gets through.
    expect(visitor.formToken).not.toBe(typed.jeton);
    expect(checkFormToken(visitor.formToken, { minFillMs: 3000, now: Date.now() + 3500 }).ok).toBe(true);
    const later = await visitor.post("/demande?index", { ...typed, jeton: formTokenAged(4_000) }, { multipart: true });
    expect(later.status).toBe(302);
    expect(await ticketCount()).toBe(before + 1);
  });

  it("refuses a missing, forged or expired token", async () => {
    const before = await ticketCount();
    const missing = await new CustomerBrowser(app.url).post("/demande?index", request({ jeton: "" }), { multipart: true });
    const forgedPayload = Buffer.from(JSON.stringify({ t: Date.now() - 60_000, n: "abcdefghijkl" })).toString("base64url");
    const forged = await new CustomerBrowser(app.url).post("/demande?index", request({ jeton: `${forgedPayload}.AAAA` }), { multipart: true });
    const expired = await new CustomerBrowser(app.url).post("/demande?index", request({ jeton: formTokenAged(25 * 60 * 60 * 1000) }), { multipart: true });
    expect([missing.status, forged.status, expired.status]).toEqual([400, 400, 400]);
    expect(htmlText(expired.body)).toContain("Ce formulaire était ouvert depuis longtemps");
    expect(await ticketCount()).toBe(before);
  });

  it("creates one ticket when the same form is sent twice (double click, replay)", async () => {
    const fields = request();
    const before = await ticketCount();
    const [first, second] = await Promise.all([
      new CustomerBrowser(app.url).post("/demande?index", fields, { multipart: true }),
      new CustomerBrowser(app.url).post("/demande?index", fields, { multipart: true }),
    ]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(receiptNumber(first.location)).toBe(receiptNumber(second.location));
    const replay = await new CustomerBrowser(app.url).post("/demande?index", fields, { multipart: true });
    expect(receiptNumber(replay.location)).toBe(receiptNumber(first.location));
    expect(await ticketCount()).toBe(before + 1);
  });
});

describe("rate limits", () => {
  it("limits requests per email address and says when to try again, keeping the text", async () => {
    const email = "impatient@fromagerie-roux.fr";
    for (let index = 0; index < 3; index++) {
      expect((await new CustomerBrowser(app.url).post("/demande?index", request({ email }), { multipart: true })).status).toBe(302);
    }
    const before = await ticketCount();
    const limited = await new CustomerBrowser(app.url).post("/demande?index", request({ email, subject: "Encore moi" }), { multipart: true });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect(htmlText(limited.body)).toMatch(/Réessayez dans 60 minutes/);
    expect(limited.body).toContain('value="Encore moi"');
    expect(await ticketCount()).toBe(before);
    // Another address from the same place still gets through.
    expect((await new CustomerBrowser(app.url).post("/demande?index", request(), { multipart: true })).status).toBe(302);
  });

  it("limits requests per IP address across different emails", async () => {
    const outcomes: number[] = [];
    for (let index = 0; index < 7; index++) outcomes.push((await new CustomerBrowser(app.url).post("/demande?index", request(), { multipart: true })).status);
    expect(outcomes).toEqual([302, 302, 302, 302, 302, 302, 429]);
  });

  it("counts per IP in the domain, so two visitors behind different addresses are independent", async () => {
    const submit = (clientAddress: string) => {
      const fields = new FormData();
      for (const [name, value] of Object.entries(request())) fields.append(name, value);
      return submitWebRequest({ fields, files: [], rejected: [], oversizedFields: [], clientAddress, locale: "fr", offeredTypes: webRequestTypes });
    };
    for (let index = 0; index < 6; index++) expect((await submit("203.0.113.7")).ok).toBe(true);
    const blocked = await submit("203.0.113.7");
    expect(blocked.ok).toBe(false);
    expect(!blocked.ok && blocked.status).toBe(429);
    expect((await submit("198.51.100.20")).ok).toBe(true);
  });

  it("does not count a person's validation mistakes against them", async () => {
    const email = "maladroit@cave-dubois.fr";
    for (let index = 0; index < 5; index++) {
      expect((await new CustomerBrowser(app.url).post("/demande?index", request({ email, subject: "" }), { multipart: true })).status).toBe(400);
    }
    expect((await new CustomerBrowser(app.url).post("/demande?index", request({ email }), { multipart: true })).status).toBe(302);
  });
});

describe("the embeddable form", () => {
  it("may be framed by any site, and only it", async () => {
    const embedded = await new CustomerBrowser(app.url).get("/demande/integree");
    expect(embedded.status).toBe(200);
    expect(embedded.headers.get("x-frame-options")).toBeNull();
    expect(embedded.headers.get("content-security-policy")).toContain("frame-ancestors *");
    const portal = await new CustomerBrowser(app.url).get("/portail/connexion");
    expect(portal.headers.get("x-frame-options")).toBe("DENY");
    expect(portal.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("accepts a post from an iframe on another site (no cookie, foreign or null origin) and confirms inside the frame", async () => {
    const before = await ticketCount();
    const visitor = new CustomerBrowser(app.url);
    const response = await visitor.post("/demande/integree?lang=en", request(), {
      multipart: true,
      withCsrf: false,
      headers: { Origin: "null", "Sec-Fetch-Site": "cross-site", Cookie: "" },
    });
    expect(response.status).toBe(302);
    expect(response.location).toMatch(/^\/demande\/integree\/envoyee\?recu=.+&lang=en$/);
    expect(await ticketCount()).toBe(before + 1);
    const confirmation = await visitor.get(response.location!);
    expect(confirmation.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(htmlText(confirmation.body)).toContain("Your request number is");
  });

  it("still applies every trap to cross-site posts", async () => {
    const before = await ticketCount();
    const response = await new CustomerBrowser(app.url).post("/demande/integree", request({ site_web: "bot" }), {
      multipart: true,
      headers: { Origin: "https://spam.example", "Sec-Fetch-Site": "cross-site" },
    });
    expect(response.status).toBe(400);
    expect(await ticketCount()).toBe(before);
  });

  it("keeps refusing cross-site posts everywhere else, the plain form included", async () => {
    for (const path of ["/demande?index", "/demande/integree/envoyee", "/portail/connexion", "/connexion"]) {
      const response = await new CustomerBrowser(app.url).post(path, request(), { multipart: true, headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } });
      expect(response.status, path).toBe(403);
    }
  });
});

describe("administration", () => {
  it("shows the link and the embed snippet, saves texts and types with field errors, and is for administrators only", async () => {
    const admin = await aUser({ role: "admin" });
    const session = new HttpSession(app.url);
    expect((await session.signIn(admin.email, TEST_PASSWORD)).status).toBe(302);
    const page = await session.get("/admin/formulaire");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/demande/integree");
    expect(html).toContain("&lt;iframe src=");
    expect(html).toContain("/portail");

    const refused = await session.postForm("/admin/formulaire", { intent: "form", titleFr: "Titre gardé", titleEn: "", introFr: "", introEn: "" });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(htmlText(refusedHtml)).toContain("Proposez au moins un type de demande.");
    expect(refusedHtml).toContain('value="Titre gardé"');

    const saved = await session.postForm("/admin/formulaire", { intent: "form", titleFr: "Service après-vente", titleEn: "After-sales", introFr: "", introEn: "", types: ["information", "complaint"] });
    expect(saved.status).toBe(302);
    const english = await new CustomerBrowser(app.url).get("/demande?lang=en");
    expect(english.body).toContain("After-sales");
    expect(english.body).not.toContain('value="incident"');

    const days = await session.postForm("/admin/formulaire", { intent: "portal", reopenDays: "400" });
    expect(days.status).toBe(400);
    expect(htmlText(await days.text())).toContain("Saisissez un nombre entier de jours entre 0 et 365.");
    expect((await session.postForm("/admin/formulaire", { intent: "portal", reopenDays: "30" })).status).toBe(302);
    expect((await db().setting.findUniqueOrThrow({ where: { key: "portal.reopenDays" } })).value).toBe("30");
    expect(await db().auditLog.count({ where: { actorId: admin.id, action: { in: ["settings.web_form", "settings.portal"] } } })).toBe(2);

    const technician = await aUser({ role: "technician" });
    const other = new HttpSession(app.url);
    await other.signIn(technician.email, TEST_PASSWORD);
    expect((await other.get("/admin/formulaire")).status).toBe(403);
    await saveWebFormSettings({ titleFr: "", titleEn: "", introFr: "", introEn: "", types: [...webRequestTypes] }, admin.id);
  });
});

describe("the form token", () => {
  it("is bound to its purpose and signed", () => {
    const token = issueFormToken(Date.now() - 10_000);
    expect(checkFormToken(token, { minFillMs: 3000 })).toMatchObject({ ok: true });
    const [payload, signature] = token.split(".");
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), t: Date.now() - 20_000 })).toString("base64url");
    expect(checkFormToken(`${tampered}.${signature}`, { minFillMs: 3000 })).toEqual({ ok: false, reason: "invalid" });
    expect(checkFormToken(issueFormToken(Date.now() + 10 * 60_000), { minFillMs: 0 })).toEqual({ ok: false, reason: "invalid" });
  });
});
