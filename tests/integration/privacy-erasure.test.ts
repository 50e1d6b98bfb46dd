import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { mergeContacts } from "~/domain/customers/merge.server";
import { customerTimeline } from "~/domain/customers/timeline.server";
import { search } from "~/domain/search/search.server";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { changeConsent } from "~/domain/marketing/consent/consent-changes.server";
import { eraseContact, erasurePreview, finishPendingErasures, purgeDeferredSearchIndex } from "~/domain/privacy/erasure.server";
import { ERASED_CONTACT_NAME, ERASED_MESSAGE_BODY, ERASED_TICKET_SUBJECT } from "~/domain/privacy/erasure-text";
import { erasedSuppressionKey } from "~/domain/privacy/suppression-key.server";
import { loadDashboard, reportContext } from "~/domain/reporting/dashboard.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { fileStorePath, storeFile } from "~/lib/files.server";
import { aCampaign } from "../support/campaign-factories.ts";
import { aCompany, aContact, aCustomerTicket, aMessage } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";

/**
 * Erasure of a person (docs/gdpr.md): after it, nothing anywhere holds her name, her addresses,
 * her phone or a phrase she wrote — not the tables, not the search index's shadow tables, not the
 * database file, not the stored files — while the dashboards count exactly what they counted.
 */

const NEEDLES = ["vandermeulen", "hortense.vdm", "h.vandermeulen@perso.test", "perroquet turquoise", "11 22 33 44", "directrice des achats"];
const PHRASE = "Mon perroquet turquoise gazouille sur la facture 2211";

let worlds = 0;
async function hortensesWorld() {
  const admin = await aUser({ role: "admin", name: "Alice Admin" });
  const agent = await aUser({ role: "technician", name: "Théo Technicien" });
  const company = await aCompany({ name: "Menuiserie Cazals" });
  const hortense = await aContact({
    firstName: "Hortense",
    lastName: "Vandermeulen",
    emails: ["hortense.vdm@cazals.test", "h.vandermeulen@perso.test"],
    phone: "+33 6 11 22 33 44",
    jobTitle: "Directrice des achats",
    companyId: company.id,
  });
  await db().contact.update({ where: { id: hortense.id }, data: { portalPasswordHash: "$2b$04$abcdefghijklmnopqrstuv" } });
  const bruno = await aContact({ firstName: "Bruno", lastName: "Collègue", emails: [`bruno-${++worlds}@cazals.test`], companyId: company.id });

  // Her tickets: one open with an attachment and an HTML message, one solved and rated with a comment.
  const open = await aCustomerTicket(hortense, { subject: "Facture de Hortense Vandermeulen", status: "open" });
  const solved = await aCustomerTicket(hortense, { subject: "Porte d'entrée", status: "solved", firstRespondedAt: new Date(Date.now() - 60_000) });
  await db().ticket.update({ where: { id: solved.id }, data: { solvedAt: new Date() } });
  const own = await db().message.create({
    data: { ticketId: open.id, direction: "in", authorContactId: hortense.id, bodyText: PHRASE, bodyHtml: `<p>${PHRASE}</p><p>Hortense Vandermeulen, +33 6 11 22 33 44</p>` },
    select: { id: true },
  });
  const ownFile = await storeFile(Buffer.from(`Pièce jointe de Hortense Vandermeulen: ${PHRASE}`));
  const sharedFile = await storeFile(Buffer.from("Conditions générales de vente Cazals"));
  await db().attachment.createMany({
    data: [
      { messageId: own.id, sha256: ownFile.sha256, filename: "facture-vandermeulen.pdf", contentType: "application/pdf", size: ownFile.size },
      { messageId: own.id, sha256: sharedFile.sha256, filename: "cgv.pdf", contentType: "application/pdf", size: sharedFile.size },
    ],
  });
  await aMessage(open.id, { at: new Date(), authorUserId: agent.id, bodyText: "Bonjour Madame Vandermeulen, votre facture est corrigée." });
  await aMessage(open.id, { at: new Date(), authorUserId: agent.id, visibility: "internal", bodyText: "Elle rappelle au 06 11 22 33 44" });
  await db().satisfactionRating.create({ data: { ticketId: solved.id, contactId: hortense.id, rating: "good", comment: "Merci, Hortense Vandermeulen est ravie" } });

  // Bruno's ticket: the agent names her; Bruno's words and the shared file stay.
  const brunos = await aCustomerTicket(bruno, { subject: "Commande de Bruno" });
  const brunoMessage = await aMessage(brunos.id, { at: new Date(), authorContactId: bruno.id, bodyText: "Bruno demande un devis pour douze fenêtres" });
  await db().attachment.create({ data: { messageId: brunoMessage.id, sha256: sharedFile.sha256, filename: "cgv.pdf", contentType: "application/pdf", size: sharedFile.size } });
  const mention = await aMessage(brunos.id, { at: new Date(), authorUserId: agent.id, bodyText: "Voir aussi avec Hortense Vandermeulen (hortense.vdm@cazals.test) pour la livraison." });
  // She wrote once on Bruno's ticket too.
  const hersOnBrunos = await aMessage(brunos.id, { at: new Date(), authorContactId: hortense.id, bodyText: `Je confirme. ${PHRASE}` });

  // Mail: the raw .eml she sent, a reply queued to her, a mail to Bruno copying her.
  const mailbox = await db().mailbox.create({ data: { name: "Support", host: "127.0.0.1", port: 1, username: "support", passwordEncrypted: "x" } });
  const raw = await storeFile(Buffer.from(`From: Hortense Vandermeulen <hortense.vdm@cazals.test>\r\nSubject: Facture\r\n\r\n${PHRASE}\r\n`));
  await db().inboundEmail.create({
    data: { mailboxId: mailbox.id, uidValidity: 1, uid: 1, rawSha256: raw.sha256, size: raw.size, subject: "Facture", fromAddress: "hortense.vdm@cazals.test", status: "processed", ticketId: open.id, messageId: own.id },
  });
  await db().outboundEmail.create({
    data: { kind: "agent_reply", ticketId: open.id, toAddress: "hortense.vdm@cazals.test", subject: "Re: Facture de Hortense Vandermeulen", html: "<p>Bonjour Madame Vandermeulen</p>", text: "Bonjour Madame Vandermeulen", emailMessageId: `<erasure-1-${Date.now()}@comptoir.test>` },
  });
  await db().outboundEmail.create({
    data: {
      kind: "agent_reply",
      ticketId: brunos.id,
      toAddress: `bruno-${worlds}@cazals.test`,
      subject: "Re: Commande de Bruno",
      html: "<p>Bonjour Bruno</p>",
      text: "Bonjour Bruno",
      headers: JSON.stringify({ Cc: "h.vandermeulen@perso.test" }),
      emailMessageId: `<erasure-2-${Date.now()}@comptoir.test>`,
      status: "sent",
    },
  });

  // Portal, consent (through the one writer: history, audit and events as in real life), campaign.
  await db().portalLoginLink.create({ data: { tokenHash: `link-${Date.now()}`, contactId: hortense.id, email: "hortense.vdm@cazals.test", expiresAt: new Date(Date.now() + 3_600_000) } });
  await db().portalSession.create({ data: { tokenHash: `session-${Date.now()}`, contactId: hortense.id, expiresAt: new Date(Date.now() + 3_600_000) } });
  await transactionWithEvents(async (tx, events) => {
    await changeConsent(tx, events, { address: "hortense.vdm@cazals.test", contactId: hortense.id, state: "opt_in", source: "form", actorId: null });
    await changeConsent(tx, events, { address: "hortense.vdm@cazals.test", contactId: hortense.id, state: "unsubscribed", source: "unsubscribe", note: "Hortense Vandermeulen ne veut plus rien recevoir", actorId: null });
    await changeConsent(tx, events, { address: "h.vandermeulen@perso.test", contactId: hortense.id, state: "opt_in", source: "manual", basis: "salon 2026", actorId: admin.id });
  });
  const campaign = await aCampaign({ name: "Portes ouvertes", status: "sent" });
  await db().campaignRecipient.create({
    data: { campaignId: campaign.id, contactId: hortense.id, address: "hortense.vdm@cazals.test", status: "sent", mergeValues: JSON.stringify({ firstName: "Hortense", lastName: "Vandermeulen" }), sentAt: new Date(), opens: 2 },
  });

  // Audit: a line about her, a line of another action that names her, a line that has nothing to do with her.
  await transactionWithEvents(async (tx) => {
    await recordAudit(tx, { actorId: admin.id, action: "contact.updated", entityType: "contact", entityId: hortense.id, details: { jobTitle: { from: "", to: "Directrice des achats" }, phone: "+33 6 11 22 33 44" } });
    await recordAudit(tx, { actorId: admin.id, action: "contact.updated", entityType: "contact", entityId: bruno.id, details: { note: "Remplace Hortense Vandermeulen sur les commandes" } });
    await recordAudit(tx, { actorId: admin.id, action: "user.created", entityType: "user", entityId: agent.id, details: { name: "Théo Technicien" } });
  });

  // A webhook delivery waiting to go, whose body names her and her ticket; one of Bruno's, delivered.
  const endpoint = await db().webhookEndpoint.create({ data: { url: "https://hooks.exemple.test/in", secretSealed: "sealed", events: '["ticket.created"]' } });
  const pendingDelivery = await db().webhookDelivery.create({
    data: { endpointId: endpoint.id, eventId: "evt-h", eventType: "ticket.created", webhookId: "msg_h", payload: JSON.stringify({ data: { id: open.id, subject: "Facture de Hortense Vandermeulen", requester: { id: hortense.id, email: "hortense.vdm@cazals.test" } } }) },
  });
  const brunoDelivery = await db().webhookDelivery.create({
    data: { endpointId: endpoint.id, eventId: "evt-b", eventType: "ticket.created", webhookId: "msg_b", status: "delivered", payload: JSON.stringify({ data: { id: brunos.id, subject: "Commande de Bruno" } }) },
  });

  // Her agent's bell, a sales call, a row of an import.
  await db().notification.create({ data: { userId: agent.id, kind: "customer_replied", ticketId: open.id, data: JSON.stringify({ number: open.number, subject: "Facture de Hortense Vandermeulen", actorName: "Hortense Vandermeulen", count: 1 }) } });
  await db().activity.create({ data: { kind: "call", subject: "Appel Hortense Vandermeulen", notes: "Rappeler au +33 6 11 22 33 44", ownerId: admin.id, startsAt: new Date(), companyId: company.id, contactId: hortense.id } });
  const job = await db().importJob.create({ data: { entity: "contacts", fileName: "contacts.csv", storedPath: "imports/x.csv", encoding: "utf-8", separator: ";", status: "completed" } });
  await db().importRow.create({ data: { jobId: job.id, rowNumber: 1, outcome: "created", entityType: "contact", entityId: hortense.id, raw: JSON.stringify(["Hortense", "Vandermeulen", "hortense.vdm@cazals.test"]) } });

  return { admin, agent, company, hortense, bruno, open, solved, brunos, mention, hersOnBrunos, brunoMessage, ownFile, sharedFile, raw, pendingDelivery, brunoDelivery };
}

/** Every row of every table (the FTS shadow tables included), as lower-case text, read through a connection of its own. */
async function everyStoredValue(): Promise<Map<string, string>> {
  const reader = new Database(path.join(env().dataDir, "comptoir.db"), { readonly: true });
  try {
    const tables = reader.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'`).all() as Array<{ name: string }>;
    const dump = new Map<string, string>();
    for (const { name } of tables) {
      const rows = reader.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>;
      const text = rows
        .map((row) => Object.values(row).map((value) => (Buffer.isBuffer(value) ? value.toString("latin1") + value.toString("utf8") : String(value))).join("\u0001"))
        .join("\n");
      dump.set(name, text.toLowerCase());
    }
    return dump;
  } finally {
    reader.close();
  }
}

function tablesHolding(dump: Map<string, string>, needle: string): string[] {
  return [...dump.entries()].filter(([, text]) => text.includes(needle.toLowerCase())).map(([table]) => table);
}

/** The terms the search indexes answer for (fts5vocab reads the index itself; the shadow tables' bytes are checked by everyStoredValue). */
async function indexedTerms(): Promise<Set<string>> {
  const terms = new Set<string>();
  for (const table of ["search_ticket", "search_message", "search_contact"]) {
    await db().$executeRawUnsafe(`CREATE VIRTUAL TABLE IF NOT EXISTS temp."vocab_${table}" USING fts5vocab(main, "${table}", row)`);
    const rows = await db().$queryRawUnsafe<Array<{ term: string }>>(`SELECT term FROM temp."vocab_${table}"`);
    for (const row of rows) terms.add(row.term);
  }
  return terms;
}

function databaseFileBytes(): string {
  const file = path.join(env().dataDir, "comptoir.db");
  const parts = [file, `${file}-wal`].filter((part) => fs.existsSync(part)).map((part) => fs.readFileSync(part).toString("latin1"));
  return parts.join("").toLowerCase();
}

async function dashboardFigures(adminId: string) {
  const context = reportContext({ id: adminId, role: "admin", restrictToGroups: false }, { kind: "custom", first: { year: 2026, month: 1, day: 1 }, last: { year: 2026, month: 12, day: 31 } }, new Date());
  return JSON.stringify(await loadDashboard(context));
}

async function totals() {
  const [contacts, tickets, messages, ratings, recipients, interventions] = await Promise.all([
    db().contact.count(),
    db().ticket.count(),
    db().message.count(),
    db().satisfactionRating.count(),
    db().campaignRecipient.count(),
    db().intervention.count(),
  ]);
  return { contacts, tickets, messages, ratings, recipients, interventions };
}

describe("erasing a contact", () => {
  it("states what it will erase before anything is done", async () => {
    const world = await hortensesWorld();
    const preview = await erasurePreview(world.hortense.id);
    expect(preview.erasedAt).toBeNull();
    expect(preview.counts).toMatchObject({
      addresses: 2,
      tickets: 2,
      // 2 first messages + her HTML message + the agent's reply + the note, and hers on Bruno's ticket.
      messages: 6,
      attachments: 2,
      ratings: 1,
      campaignDeliveries: 1,
      consentRecords: 3,
      inboundEmails: 1,
      // The reply to her, and the mail to Bruno? No: that one only copies her (cut out as a mention).
      outboundEmails: 1,
      portalAccesses: 2,
      activities: 1,
    });
    expect(await db().contact.findUniqueOrThrow({ where: { id: world.hortense.id }, select: { lastName: true } })).toEqual({ lastName: "Vandermeulen" });
    await eraseContact({ contactId: world.hortense.id, actorId: world.admin.id, reason: "request" });
  });

  it("leaves no trace of her anywhere: tables, search index, database file, stored files, events and webhooks", async () => {
    const world = await hortensesWorld();
    const before = { totals: await totals(), dashboard: await dashboardFigures(world.admin.id) };
    const dumpBefore = await everyStoredValue();
    for (const needle of NEEDLES) expect(tablesHolding(dumpBefore, needle).length, needle).toBeGreaterThan(0);
    const unrelatedAudit = await db().auditLog.findFirstOrThrow({ where: { action: "user.created", entityId: world.agent.id } });

    const viewerBefore = { id: world.admin.id, role: "admin", restrictToGroups: false };
    const before_ = JSON.stringify([
      { ...(await search(viewerBefore, "Vandermeulen")), query: "" },
      { ...(await search(viewerBefore, "hortense.vdm@cazals.test")), query: "" },
      { ...(await search(viewerBefore, "perroquet turquoise")), query: "" },
      await customerTimeline(viewerBefore, { contactId: world.hortense.id, limit: 100 }),
      await customerTimeline(viewerBefore, { companyId: world.company.id, limit: 100 }),
    ]).toLowerCase();
    for (const needle of ["vandermeulen", "perroquet turquoise", "hortense.vdm"]) expect(before_.includes(needle), needle).toBe(true);

    const { counts, alreadyErased } = await eraseContact({ contactId: world.hortense.id, actorId: world.admin.id, reason: "request" });
    expect(alreadyErased).toBe(false);
    expect(counts.tickets).toBe(2);
    expect(counts.mentions).toBeGreaterThan(0);

    // The application's own search and the timelines find nothing; before, they found her.
    const viewer = { id: world.admin.id, role: "admin", restrictToGroups: false };
    const findings = async () =>
      JSON.stringify([
        { ...(await search(viewer, "Vandermeulen")), query: "" },
        { ...(await search(viewer, "hortense.vdm@cazals.test")), query: "" },
        { ...(await search(viewer, "perroquet turquoise")), query: "" },
        await customerTimeline(viewer, { contactId: world.hortense.id, limit: 100 }),
        await customerTimeline(viewer, { companyId: world.company.id, limit: 100 }),
      ]).toLowerCase();
    const findingsAfter = await findings();
    for (const needle of ["vandermeulen", "perroquet turquoise", "hortense.vdm"]) expect(findingsAfter.includes(needle), needle).toBe(false);
    // Nothing in any table (the FTS shadow tables are tables too).
    const dump = await everyStoredValue();
    for (const needle of NEEDLES) expect(tablesHolding(dump, needle), needle).toEqual([]);
    // Not in the index's vocabulary: the erased words were merged out of the segments.
    const terms = await indexedTerms();
    for (const term of ["vandermeulen", "perroquet", "turquoise", "gazouille", "hortense"]) expect(terms.has(term), term).toBe(false);
    // Not in the database file nor its log: freed bytes were zeroed and the log checkpointed.
    const bytes = databaseFileBytes();
    for (const needle of ["vandermeulen", "perroquet turquoise", "hortense.vdm"]) expect(bytes.includes(needle), needle).toBe(false);
    // Her files are gone from disk; the file Bruno sent too stays.
    expect(fs.existsSync(fileStorePath(world.ownFile.sha256))).toBe(false);
    expect(fs.existsSync(fileStorePath(world.raw.sha256))).toBe(false);
    expect(fs.existsSync(fileStorePath(world.sharedFile.sha256))).toBe(true);

    // Statistics hold: same rows, same dashboard.
    expect(await totals()).toEqual(before.totals);
    expect(await dashboardFigures(world.admin.id)).toEqual(before.dashboard);

    // What stays: anonymous records with their statuses and dates.
    const contact = await db().contact.findUniqueOrThrow({ where: { id: world.hortense.id }, include: { emails: true, portalLinks: true, portalSessions: true } });
    expect(contact).toMatchObject({ firstName: "", lastName: ERASED_CONTACT_NAME, jobTitle: "", phone: "", portalPasswordHash: null, portalAccess: false, emails: [], portalLinks: [], portalSessions: [] });
    expect(contact.erasedAt).toBeInstanceOf(Date);
    const tickets = await db().ticket.findMany({ where: { requesterId: world.hortense.id }, orderBy: { number: "asc" }, select: { subject: true, status: true, solvedAt: true } });
    expect(tickets.map((ticket) => [ticket.subject, ticket.status])).toEqual([
      [ERASED_TICKET_SUBJECT, "open"],
      [ERASED_TICKET_SUBJECT, "solved"],
    ]);
    expect(new Set((await db().message.findMany({ where: { ticketId: world.open.id }, select: { bodyText: true } })).map((m) => m.bodyText))).toEqual(new Set([ERASED_MESSAGE_BODY]));
    expect((await db().message.findUniqueOrThrow({ where: { id: world.hersOnBrunos.id } })).bodyText).toBe(ERASED_MESSAGE_BODY);
    expect(await db().satisfactionRating.findUniqueOrThrow({ where: { ticketId: world.solved.id }, select: { rating: true, comment: true } })).toEqual({ rating: "good", comment: "" });
    expect(await db().campaignRecipient.findFirstOrThrow({ where: { contactId: world.hortense.id }, select: { status: true, opens: true } })).toEqual({ status: "sent", opens: 2 });

    // Others' records keep their own content; only her identifiers were cut out.
    expect((await db().message.findUniqueOrThrow({ where: { id: world.brunoMessage.id } })).bodyText).toBe("Bruno demande un devis pour douze fenêtres");
    expect((await db().message.findUniqueOrThrow({ where: { id: world.mention.id } })).bodyText).toBe("Voir aussi avec [effacé] ([effacé]) pour la livraison.");
    expect((await db().ticket.findUniqueOrThrow({ where: { id: world.brunos.id } })).subject).toBe("Commande de Bruno");
    expect(await db().auditLog.findUniqueOrThrow({ where: { id: unrelatedAudit.id } })).toEqual(unrelatedAudit);
    expect(await db().webhookDelivery.findUniqueOrThrow({ where: { id: world.brunoDelivery.id }, select: { payload: true, status: true } })).toEqual({
      payload: JSON.stringify({ data: { id: world.brunos.id, subject: "Commande de Bruno" } }),
      status: "delivered",
    });

    // What was waiting to go to her or about her never goes.
    expect(await db().webhookDelivery.findUniqueOrThrow({ where: { id: world.pendingDelivery.id }, select: { status: true } })).toEqual({ status: "failed" });
    expect(await db().outboundEmail.findFirstOrThrow({ where: { ticketId: world.open.id }, select: { status: true, toAddress: true } })).toEqual({ status: "failed", toAddress: "" });

    // The erasure is audited with counts only, and the pending clean-up is done.
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "contact.erased", entityId: world.hortense.id } });
    expect(JSON.parse(audit.details)).toEqual({ reason: "request", counts });
    expect(await db().setting.count({ where: { key: { startsWith: "privacy.erasure.pending:" } } })).toBe(0);

    // Nothing can fill the anonymous record again: no merge into it or from it.
    await expect(mergeContacts({ keepId: world.hortense.id, mergeId: world.bruno.id, actorId: world.admin.id })).rejects.toThrow("privacy.erasure.readOnly");
    await expect(mergeContacts({ keepId: world.bruno.id, mergeId: world.hortense.id, actorId: world.admin.id })).rejects.toThrow("privacy.erasure.readOnly");
  });

  it("keeps her unsubscription as a keyed hash: a re-imported address stays suppressed, her other address is free", async () => {
    const world = await hortensesWorld();
    await eraseContact({ contactId: world.hortense.id, actorId: world.admin.id, reason: "request" });
    expect(await db().marketingConsent.findUnique({ where: { address: "hortense.vdm@cazals.test" } })).toBeNull();
    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: erasedSuppressionKey("hortense.vdm@cazals.test") }, select: { state: true, contactId: true } })).toEqual({
      state: "unsubscribed",
      contactId: null,
    });
    expect(await db().marketingConsent.count({ where: { address: erasedSuppressionKey("h.vandermeulen@perso.test") } })).toBe(0);

    // A year later a colleague imports her again, with a B2B basis: the suppression wins.
    const again = await aContact({ firstName: "Hortense", lastName: "V.", emails: ["Hortense.VDM@cazals.test".toLowerCase(), "h.vandermeulen@perso.test"] });
    const outcomes = await transactionWithEvents(async (tx, events) => [
      await changeConsent(tx, events, { address: "hortense.vdm@cazals.test", contactId: again.id, state: "b2b_interest", source: "import", basis: "fichier salon", actorId: world.admin.id }),
      await changeConsent(tx, events, { address: "h.vandermeulen@perso.test", contactId: again.id, state: "b2b_interest", source: "import", basis: "fichier salon", actorId: world.admin.id }),
    ]);
    expect(outcomes).toEqual(["suppressed", "changed"]);
    expect(await db().marketingConsent.findUnique({ where: { address: "hortense.vdm@cazals.test" } })).toBeNull();

    // Only she can lift it, by opting in herself: then the address holds its own state again.
    const ownChoice = await transactionWithEvents((tx, events) => changeConsent(tx, events, { address: "hortense.vdm@cazals.test", contactId: again.id, state: "opt_in", source: "portal", actorId: null }));
    expect(ownChoice).toBe("changed");
    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: "hortense.vdm@cazals.test" }, select: { state: true } })).toEqual({ state: "opt_in" });
    expect(await db().marketingConsent.count({ where: { address: erasedSuppressionKey("hortense.vdm@cazals.test") } })).toBe(0);
    await eraseContact({ contactId: again.id, actorId: world.admin.id, reason: "request" });
  });

  it("is all or nothing: a failure inside the transaction changes nothing", async () => {
    const world = await hortensesWorld();
    const dumpBefore = await everyStoredValue();
    await db().$executeRawUnsafe(`CREATE TEMP TRIGGER "erasure_fails" BEFORE UPDATE OF "erasedAt" ON "Contact" BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    try {
      await expect(eraseContact({ contactId: world.hortense.id, actorId: world.admin.id, reason: "request" })).rejects.toThrow();
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER temp."erasure_fails"`);
    }
    const dumpAfter = await everyStoredValue();
    for (const needle of NEEDLES) expect(tablesHolding(dumpAfter, needle), needle).toEqual(tablesHolding(dumpBefore, needle));
    expect(await db().auditLog.count({ where: { action: "contact.erased", entityId: world.hortense.id } })).toBe(0);
    expect(fs.existsSync(fileStorePath(world.ownFile.sha256))).toBe(true);
    await eraseContact({ contactId: world.hortense.id, actorId: world.admin.id, reason: "request" });
  });

  it("finishes after a crash between the commit and the file deletion, when run again", async () => {
    const world = await hortensesWorld();
    const rm = vi.spyOn(fs.promises, "rm").mockRejectedValueOnce(new Error("process killed"));
    await expect(eraseContact({ contactId: world.hortense.id, actorId: world.admin.id, reason: "request" })).rejects.toThrow(/process killed/);
    rm.mockRestore();

    // The database is erased (nothing half-visible), the file still waits, the pending step is recorded.
    expect((await db().contact.findUniqueOrThrow({ where: { id: world.hortense.id } })).erasedAt).toBeInstanceOf(Date);
    expect(tablesHolding(await everyStoredValue(), "perroquet turquoise").filter((table) => !table.startsWith("search_"))).toEqual([]);
    expect(await db().setting.count({ where: { key: { startsWith: "privacy.erasure.pending:" } } })).toBe(1);

    const retry = await eraseContact({ contactId: world.hortense.id, actorId: world.admin.id, reason: "request" });
    expect(retry.alreadyErased).toBe(true);
    expect(fs.existsSync(fileStorePath(world.ownFile.sha256))).toBe(false);
    expect(fs.existsSync(fileStorePath(world.raw.sha256))).toBe(false);
    expect(await db().setting.count({ where: { key: { startsWith: "privacy.erasure.pending:" } } })).toBe(0);
    expect(await finishPendingErasures()).toBe(0);
    expect(await db().auditLog.count({ where: { action: "contact.erased", entityId: world.hortense.id } })).toBe(1);
  });

  it("on a large base leaves the index purge to the night: the words are unreachable at once, gone from the shadow tables after the purge", async () => {
    const world = await hortensesWorld();
    await eraseContact({ contactId: world.hortense.id, actorId: world.admin.id, reason: "request", finish: false });
    // As if the base were over the limit: the files go now, the purge waits.
    expect(await finishPendingErasures({ purgeIndexUpTo: 0 })).toBe(1);
    expect(fs.existsSync(fileStorePath(world.ownFile.sha256))).toBe(false);
    expect(await db().setting.count({ where: { key: "privacy.erasure.searchPurgePending" } })).toBe(1);
    const unreachable = await db().$queryRawUnsafe<Array<{ rowid: unknown }>>(`SELECT rowid FROM "search_message" WHERE "search_message" MATCH 'perroquet'`);
    expect(unreachable).toEqual([]);
    expect(tablesHolding(await everyStoredValue(), "perroquet")).toEqual(["search_message_data"]);

    expect(await purgeDeferredSearchIndex()).toBe(true);
    expect(tablesHolding(await everyStoredValue(), "perroquet")).toEqual([]);
    expect(await db().setting.count({ where: { key: "privacy.erasure.searchPurgePending" } })).toBe(0);
    expect(await purgeDeferredSearchIndex()).toBe(false);
  });
});
