import fs from "node:fs";
import path from "node:path";
import { findOrCreateContactByEmail } from "~/domain/customers/contacts.server";
import { createTicket } from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";
import { projectRoot } from "./paths.ts";

/** Test helpers of the email channel: the fixture corpus, mail settings, customers writing in. */

export const fixturesDir = path.join(projectRoot, "tests/fixtures/mail");

/**
 * A .eml file of tests/fixtures/mail with its {{PLACEHOLDERS}} filled in (ids of our outgoing
 * mail, ticket numbers...). Byte-exact: 8-bit Latin-1 fixtures stay Latin-1.
 */
export function mailFixture(name: string, values: Record<string, string | number> = {}): Buffer {
  let raw = fs.readFileSync(path.join(fixturesDir, name)).toString("latin1");
  for (const [key, value] of Object.entries(values)) raw = raw.split(`{{${key}}}`).join(Buffer.from(String(value), "utf8").toString("latin1"));
  const missing = /\{\{([A-Z_]+)\}\}/.exec(raw);
  if (missing) throw new Error(`Fixture ${name}: no value for {{${missing[1]}}}`);
  return Buffer.from(raw, "latin1");
}

/** The same bytes with CRLF line ends, as mail travels over IMAP and SMTP. */
export function withCrlf(raw: Buffer): Buffer {
  return Buffer.from(raw.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
}

/**
 * Changes mail settings for the rest of this test file (SMTP_URL, MAIL_FROM, limits...): the
 * environment is read again on next use. Returns a function restoring the previous values.
 */
export function useMailSettings(values: Record<string, string | undefined>): () => void {
  const previous: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(values)) {
    previous[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvironmentCache();
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetEnvironmentCache();
  };
}

function resetEnvironmentCache() {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("comptoir.environment")];
}

let sequence = 0;

/** A customer's ticket opened by mail, with the customer's Message-ID on the first message. */
export async function anEmailTicket(overrides: Partial<{ email: string; name: string; subject: string; language: "fr" | "en"; emailMessageId: string | null; groupId: string | null }> = {}) {
  sequence += 1;
  const email = overrides.email ?? `client${sequence}.${Date.now()}@entreprise-${sequence}.test`;
  const contact = await db().$transaction((tx) => findOrCreateContactByEmail(tx, { email, name: overrides.name ?? "Marie Dupont", language: overrides.language }));
  const emailMessageId = overrides.emailMessageId === undefined ? `<customer-${sequence}-${Date.now()}@entreprise.test>` : overrides.emailMessageId;
  const ticket = await createTicket({
    requesterId: contact.contactId,
    subject: overrides.subject ?? "Imprimante en panne",
    channel: "email",
    groupId: overrides.groupId ?? null,
    openedBy: { contactId: contact.contactId },
    firstMessage: { bodyText: "Bonjour, l'imprimante affiche E05.", emailMessageId },
  });
  return { ...ticket, contactId: contact.contactId, companyId: contact.companyId, email, customerMessageId: emailMessageId };
}
