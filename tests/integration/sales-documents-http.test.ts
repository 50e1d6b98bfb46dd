import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContract } from "~/domain/sales/contracts.server";
import { workspaceDayAfter } from "~/domain/sales/document-dates";
import { acceptQuote, createQuote, sendQuote } from "~/domain/sales/quote-commands.server";
import { db } from "~/lib/db.server";
import { aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aCustomerWithDeal, aLine, aProduct, aSellerIdentity, pdfTextOf, quoteFormFields, quoteInput } from "../support/sales-documents-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * Quotes, orders, contracts and products over real HTTP (production build): the record rule
 * (another rep's documents are "not found", PDF included), support reads but does not change,
 * marketing has no access; forms save all or nothing and work without JavaScript.
 */

type User = Awaited<ReturnType<typeof aUser>>;
let app: TestApp;
let rep: User;
let otherRep: User;
let technician: User;
let marketing: User;
let manager: User;
let admin: User;
let customer: Awaited<ReturnType<typeof aCustomerWithDeal>>;
let draft: { quoteId: string; number: string };
let sent: { quoteId: string; number: string };
let order: { orderId: string; orderNumber: string };
let contract: { contractId: string };
let product: Awaited<ReturnType<typeof aProduct>>;

const viewer = (user: User) => ({ id: user.id, role: user.role, restrictToGroups: false });

async function signedIn(user: { email: string }) {
  const session = new HttpSession(app.url);
  expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
  return session;
}

/** A GET that keeps the body as bytes (PDFs). */
async function download(session: HttpSession, path: string) {
  const response = await fetch(new URL(path, app.url), { headers: { Cookie: session.cookieHeader() }, redirect: "manual" });
  return { status: response.status, type: response.headers.get("content-type"), disposition: response.headers.get("content-disposition"), body: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  admin = await aUser({ role: "admin" });
  rep = await aUser({ role: "sales", name: "Léa Commerciale" });
  otherRep = await aUser({ role: "sales", name: "Marc Autre" });
  technician = await aUser({ role: "technician" });
  marketing = await aUser({ role: "marketing" });
  manager = await aUser({ role: "manager" });
  await aSellerIdentity();
  product = await aProduct({ reference: "FORM-J", name: "Formation utilisateurs", description: "Une journée dans vos locaux", unit: "day", unitPriceCents: 95_000 });
  customer = await aCustomerWithDeal(rep.id, { companyName: "Menuiserie Aubert" });
  draft = await createQuote(viewer(rep), quoteInput({ companyId: customer.company.id, contactId: customer.contact.id, lines: [aLine({ description: "Brouillon d'étagères", unitPrice: 50_000 })] }));
  sent = await createQuote(viewer(rep), quoteInput({ dealId: customer.deal.id, contactId: customer.contact.id, lines: [aLine({ description: "Établi sur mesure", unitPrice: 120_000 })] }));
  await sendQuote(viewer(rep), { quoteId: sent.quoteId, version: 1 });
  const accepted = await createQuote(viewer(rep), quoteInput({ companyId: customer.company.id, contactId: customer.contact.id, lines: [aLine({ description: "Vernis", unitPrice: 9_900 })] }));
  await sendQuote(viewer(rep), { quoteId: accepted.quoteId, version: 1 });
  order = await acceptQuote(viewer(rep), { quoteId: accepted.quoteId, version: 2 });
  contract = await createContract(viewer(rep), {
    companyId: customer.company.id, title: "Maintenance atelier", ownerId: null, startDate: workspaceDayAfter(new Date(), -10), endDate: workspaceDayAfter(new Date(), 355),
    yearlyAmountCents: 180_000, renewal: "tacit", reminderDays: 60, notes: "", version: undefined, sla: {},
  });
  app = await startTestApp();
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe("the record rule over HTTP", () => {
  it("answers 404 to another rep for a quote, its PDF, an order and a contract, and refuses their posts", async () => {
    const session = await signedIn(otherRep);
    for (const path of [`/ventes/devis/${draft.quoteId}`, `/ventes/devis/${sent.quoteId}`, `/ventes/commandes/${order.orderId}`, `/ventes/contrats/${contract.contractId}`]) {
      const response = await session.get(path);
      expect(response.status, path).toBe(404);
      const page = await response.text();
      expect(page).toContain("Page introuvable");
      expect(page).not.toContain("Menuiserie Aubert");
    }
    const pdf = await download(session, `/ventes/devis/${sent.quoteId}/pdf`);
    expect(pdf.status).toBe(404);
    expect(pdf.body.toString()).toBe("Not Found");

    const before = await db().quote.findUniqueOrThrow({ where: { id: draft.quoteId }, include: { lines: true } });
    const posts: Array<[string, Record<string, string>]> = [
      [`/ventes/devis/${draft.quoteId}`, { intent: "save", ...quoteFormFields({ version: 1, lines: [{ description: "Piratage" }] }) }],
      [`/ventes/devis/${draft.quoteId}`, { intent: "send", version: "1" }],
      [`/ventes/devis/${sent.quoteId}`, { intent: "accept", version: "2" }],
      [`/ventes/devis/${draft.quoteId}`, { intent: "duplicate" }],
      [`/ventes/contrats/${contract.contractId}`, { intent: "cancel", version: "1", cancelledAt: "2030-01-01", reason: "Par l'URL" }],
    ];
    for (const [path, fields] of posts) expect((await session.postForm(path, fields)).status, `${path} ${fields.intent}`).toBe(404);
    expect(await db().quote.findUniqueOrThrow({ where: { id: draft.quoteId }, include: { lines: true } })).toEqual(before);
    expect(await db().quote.findUniqueOrThrow({ where: { id: sent.quoteId }, select: { status: true } })).toEqual({ status: "sent" });
    expect(await db().contract.findUniqueOrThrow({ where: { id: contract.contractId }, select: { cancelledAt: true } })).toEqual({ cancelledAt: null });

    const list = await (await session.get("/ventes/devis")).text();
    expect(list).not.toContain(draft.number);
  });

  it("lets a technician read quotes, their PDF, orders and contracts, and change none", async () => {
    const session = await signedIn(technician);
    const page = await session.get(`/ventes/devis/${sent.quoteId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(sent.number);
    expect(html).not.toContain("Marquer accepté");
    const pdf = await download(session, `/ventes/devis/${sent.quoteId}/pdf`);
    expect(pdf).toMatchObject({ status: 200, type: "application/pdf" });
    expect(pdf.disposition).toContain(`${sent.number}.pdf`);
    expect(await pdfTextOf(pdf.body)).toContain(sent.number);
    expect((await session.get(`/ventes/commandes/${order.orderId}`)).status).toBe(200);
    const contractPage = await session.get(`/ventes/contrats/${contract.contractId}`);
    expect(contractPage.status).toBe(200);
    expect(await contractPage.text()).not.toContain("Résilier le contrat");

    expect((await session.postForm(`/ventes/devis/${sent.quoteId}`, { intent: "accept", version: "2" })).status).toBe(403);
    expect((await session.postForm(`/ventes/contrats/${contract.contractId}`, { intent: "renew", version: "1" })).status).toBe(403);
    expect((await session.postForm("/ventes/devis/nouveau", { intent: "save", ...quoteFormFields({ companyId: customer.company.id, lines: [{}] }) })).status).toBe(403);
    expect(await db().quote.findUniqueOrThrow({ where: { id: sent.quoteId }, select: { status: true } })).toEqual({ status: "sent" });
  });

  it("refuses marketing the sales documents altogether", async () => {
    const session = await signedIn(marketing);
    for (const path of ["/ventes/devis", `/ventes/devis/${sent.quoteId}`, `/ventes/commandes/${order.orderId}`, "/ventes/contrats"]) expect((await session.get(path)).status, path).toBe(403);
    expect((await download(session, `/ventes/devis/${sent.quoteId}/pdf`)).status).toBe(403);
    const companyPage = await session.get(`/clients/societes/${customer.company.id}`);
    expect(companyPage.status).toBe(200);
    expect(await companyPage.text()).not.toContain("Contrats, devis et commandes");
  });
});

describe("writing quotes through the forms", () => {
  it("saves nothing when one line is invalid, and shows the error on that line", async () => {
    const session = await signedIn(rep);
    await session.get(`/ventes/devis/nouveau?dealId=${customer.deal.id}`);
    const quotesBefore = await db().quote.count();
    const counterBefore = await db().counter.findUnique({ where: { name: `quote:${new Date().getFullYear()}` } });
    const response = await session.postForm(`/ventes/devis/nouveau?dealId=${customer.deal.id}`, {
      intent: "save",
      ...quoteFormFields({ companyId: customer.company.id, dealId: customer.deal.id, contactId: customer.contact.id, lines: [{ description: "Ligne correcte", unitPrice: "100" }, { description: "Ligne fausse", unitPrice: "1234,567" }] }),
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain("Trop de décimales pour cette valeur.");
    expect(page).toContain(">Ligne correcte</textarea>");
    expect(page).toContain('value="1234,567"');
    expect(await db().quote.count()).toBe(quotesBefore);
    expect(await db().counter.findUnique({ where: { name: `quote:${new Date().getFullYear()}` } })).toEqual(counterBefore);

    // Editing a draft: a bad line leaves every stored line as it was.
    await session.get(`/ventes/devis/${draft.quoteId}`);
    const linesBefore = await db().quoteLine.findMany({ where: { quoteId: draft.quoteId } });
    const edit = await session.postForm(`/ventes/devis/${draft.quoteId}`, { intent: "save", ...quoteFormFields({ version: 1, contactId: customer.contact.id, lines: [{ description: "Nouvelle" }, { description: "", unitPrice: "abc" }] }) });
    expect(edit.status).toBe(400);
    expect(await db().quoteLine.findMany({ where: { quoteId: draft.quoteId } })).toEqual(linesBefore);
  });

  it("builds a quote without JavaScript: a product row added by the server, then created and numbered", async () => {
    const session = await signedIn(rep);
    await session.get(`/ventes/devis/nouveau?companyId=${customer.company.id}`);
    const base = quoteFormFields({ companyId: customer.company.id, contactId: customer.contact.id, lines: [{ description: "Déplacement", unit: "flat", unitPrice: "45" }] });
    const added = await session.postForm(`/ventes/devis/nouveau?companyId=${customer.company.id}`, { ...base, intent: "add-line", addProductId: product.id });
    expect(added.status).toBe(200);
    const form = await added.text();
    expect(form).toContain('name="lines.1.reference" value="FORM-J"');
    expect(form).toContain("950,00");

    const created = await session.postForm(`/ventes/devis/nouveau?companyId=${customer.company.id}`, {
      ...base,
      intent: "save",
      "lines.1.productId": product.id,
      "lines.1.reference": "FORM-J",
      "lines.1.description": "Formation utilisateurs",
      "lines.1.unit": "day",
      "lines.1.quantity": "2",
      "lines.1.unitPrice": "950,00",
      "lines.1.discount": "10",
      "lines.1.vatRate": "2000",
    });
    expect(created.status).toBe(302);
    const location = created.headers.get("location") ?? "";
    expect(location).toMatch(/^\/ventes\/devis\//);
    const quote = await db().quote.findUniqueOrThrow({ where: { id: location.split("/").at(-1) }, include: { lines: { orderBy: { position: "asc" } } } });
    expect(quote).toMatchObject({ ownerId: rep.id, status: "draft", totalExclCents: 4_500 + 171_000 });
    expect(quote.lines.map((line) => [line.reference, line.productId, line.totalExclCents])).toEqual([["", null, 4_500], ["FORM-J", product.id, 171_000]]);

    const page = await (await session.get(location)).text();
    expect(page).toContain(quote.number);
    expect(page).toContain("1\u202f755,00\u00a0€");
    const pdf = await download(session, `${location}/pdf`);
    expect(pdf.status).toBe(200);
    const text = await pdfTextOf(pdf.body);
    expect(text).toContain(quote.number);
    expect(text).toContain("Total HT 1 755,00 €");
  });

  it("refuses to send while the seller identity is incomplete, with a link for administrators", async () => {
    await db().setting.deleteMany({ where: { key: "sales.seller" } });
    try {
      const session = await signedIn(rep);
      const page = await (await session.get(`/ventes/devis/${draft.quoteId}`)).text();
      expect(page).toContain("ne sont pas complètes");
      expect(page).toContain("Demandez à un administrateur");
      const version = (await db().quote.findUniqueOrThrow({ where: { id: draft.quoteId } })).version;
      const refused = await session.postForm(`/ventes/devis/${draft.quoteId}`, { intent: "send", version: String(version) });
      expect(refused.status).toBe(409);
      expect(await refused.text()).toContain("le devis ne peut pas être envoyé");
      const managerPage = await (await (await signedIn(admin)).get(`/ventes/devis/${draft.quoteId}`)).text();
      expect(managerPage).toContain('href="/admin/devis"');
    } finally {
      await aSellerIdentity();
    }
  });
});

describe("contracts through the forms", () => {
  it("creates a contract with its SLA targets, reports every mistake at once, and cancels it with a reason", async () => {
    const session = await signedIn(rep);
    const path = `/ventes/contrats/nouveau?companyId=${customer.company.id}`;
    await session.get(path);
    const fields = { intent: "save", companyId: customer.company.id, title: "Maintenance Premium atelier", startDate: "2027-01-01", endDate: "2027-12-31", yearlyAmount: "3 900", renewal: "tacit", reminderDays: "60", urgentSla: "on", urgentFirstResponseHours: "0", urgentFirstResponseMinutes: "30", urgentResolutionHours: "4" };
    const refused = await session.postForm(path, { ...fields, endDate: "2026-06-30", renewal: "jamais", urgentResolutionHours: "" });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    for (const message of ["L&#x27;échéance doit être après le début.", "Choisissez une valeur dans la liste.", "Ce champ est obligatoire."]) expect(page).toContain(message);
    expect(await db().contract.count({ where: { title: "Maintenance Premium atelier" } })).toBe(0);

    const created = await session.postForm(path, fields);
    expect(created.status).toBe(302);
    const location = created.headers.get("location")!;
    const contractId = location.split("/").at(-1)!;
    expect(await db().slaPolicy.findFirst({ where: { contractId }, select: { priority: true, firstResponseMinutes: true, resolutionMinutes: true } })).toEqual({ priority: "urgent", firstResponseMinutes: 30, resolutionMinutes: 240 });
    const contractPage = await (await session.get(location)).text();
    expect(contractPage).toContain("Urgente : première réponse 0 h 30 min, résolution 4 h 0 min");

    expect((await session.postForm(location, { intent: "cancel", version: "1", cancelledAt: "2027-03-01", reason: "" })).status).toBe(400);
    expect((await session.postForm(location, { intent: "cancel", version: "1", cancelledAt: "2027-03-01", reason: "Rachat par un groupe" })).status).toBe(302);
    expect(await db().contract.findUniqueOrThrow({ where: { id: contractId }, select: { cancellationReason: true, status: true } })).toEqual({ cancellationReason: "Rachat par un groupe", status: "cancelled" });
    expect(await db().auditLog.count({ where: { entityId: contractId, action: "contract.cancelled", actorId: rep.id } })).toBe(1);
  });
});

describe("products, seller identity and the company page", () => {
  it("lets reps read the price list but not change it; a used product is deactivated, not deleted", async () => {
    const repSession = await signedIn(rep);
    expect(await (await repSession.get("/ventes/produits")).text()).toContain("FORM-J");
    expect((await repSession.postForm("/ventes/produits/nouveau", { reference: "X", name: "X", unit: "unit", unitPrice: "1", vatRate: "2000" })).status).toBe(403);

    const session = await signedIn(manager);
    await session.get("/ventes/produits/nouveau");
    const duplicate = await session.postForm("/ventes/produits/nouveau", { reference: "form-j", name: "Doublon", unit: "unit", unitPrice: "10", vatRate: "2000" });
    expect(duplicate.status).toBe(400);
    expect(await duplicate.text()).toContain("Un autre produit porte déjà cette référence.");

    await db().quoteLine.create({ data: { quoteId: draft.quoteId, position: 9, productId: product.id, reference: "FORM-J", description: "Formation", quantityMilli: 1000, unitPriceCents: 95_000, vatRateBps: 2000, totalExclCents: 95_000 } });
    await session.get(`/ventes/produits/${product.id}`);
    const deletion = await session.postForm(`/ventes/produits/${product.id}`, { intent: "delete" });
    expect(deletion.status).toBe(409);
    expect(await deletion.text()).toContain("Désactivez-le plutôt");
    expect((await session.postForm(`/ventes/produits/${product.id}`, { intent: "deactivate" })).status).toBe(302);
    expect(await db().product.findUniqueOrThrow({ where: { id: product.id }, select: { active: true } })).toEqual({ active: false });
  });

  it("keeps the seller identity to administrators, with field errors for a wrong SIREN", async () => {
    expect((await (await signedIn(rep)).get("/admin/devis")).status).toBe(403);
    const session = await signedIn(admin);
    const page = await session.get("/admin/devis");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Comptoir Informatique Services");
    const refused = await session.postForm("/admin/devis", { legalName: "Comptoir", legalForm: "SAS", street: "1 rue", postalCode: "69007", city: "Lyon", siren: "732829321", vatNumber: "FR44732829320", email: "a@b.fr", paymentTerms: "30 jours", quoteValidityDays: "30", latePenalty: "3 fois le taux légal" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Ce SIREN n&#x27;est pas valide");
  });

  it("shows the company's contracts, quotes and orders on its page, with the ways to write new ones", async () => {
    const page = await (await (await signedIn(rep)).get(`/clients/societes/${customer.company.id}`)).text();
    expect(page).toContain("Contrats, devis et commandes");
    expect(page).toContain("Maintenance atelier");
    expect(page).toContain(sent.number);
    expect(page).toContain(order.orderNumber);
    expect(page).toContain(`/ventes/devis/nouveau?companyId=${customer.company.id}`);
    const supportPage = await (await (await signedIn(technician)).get(`/clients/societes/${customer.company.id}`)).text();
    expect(supportPage).toContain("Maintenance atelier");
    expect(supportPage).not.toContain(`/ventes/devis/nouveau?companyId=${customer.company.id}`);
  });
});
