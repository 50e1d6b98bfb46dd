import { findOrCreateContactByEmail } from "~/domain/customers/contacts.server";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordOwnOptIn } from "~/domain/marketing/consent/opt-in.server";
import { createTicketInTransaction, type AttachmentInput } from "~/domain/helpdesk/tickets.server";
import { env } from "~/lib/env.server";
import { storeFile } from "~/lib/files.server";
import type { FieldErrors } from "~/lib/forms";
import type { Locale } from "~/lib/i18n/locales";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { rateLimiter } from "~/lib/rate-limit.server";
import type { RejectedUpload, UploadedFile } from "~/lib/uploads.server";
import { checkFormToken, issueFormToken, oncePerToken } from "./form-token.server";
import { webFormFields, webRequestSchema, type WebRequestFields, type WebRequestType } from "./web-form-schema";

/**
 * Intake of the public request form: spam traps, validation, rate limits, then the contact
 * (matched by email, or created with its company) and a ticket with channel "web", whose
 * acknowledgement mail the ticket's creation queues (channels/email/outbox.server.ts).
 *
 * The rules: a bot never creates a ticket (honeypot, signed token with a minimum fill time,
 * per-IP and per-email limits); a person never loses what they typed (every refusal gives the
 * typed values back, with a message per field and, when needed, a fresh token).
 */

const HOUR_MS = 60 * 60 * 1000;

export type WebRequestSubmission = {
  /** Text fields as received (including the token and the honeypot). */
  fields: FormData;
  files: UploadedFile[];
  rejected: RejectedUpload[];
  oversizedFields: string[];
  clientAddress: string;
  locale: Locale;
  offeredTypes: readonly WebRequestType[];
};

export type WebRequestRefusal = {
  ok: false;
  status: 400 | 429;
  fieldErrors: FieldErrors;
  /** Message above the form (spam check, rate limit). */
  formError: MessageKey | null;
  formErrorParams?: Record<string, string | number>;
  retryAfterSeconds?: number;
  /** What the person typed, to fill the form again (never the honeypot or the token). */
  values: Record<string, string>;
  /** The token to embed in the re-shown form: the same one when it is still good. */
  formToken: string;
  /** Files that were received: the browser cannot keep them, so the page asks to select them again. */
  filesToSelectAgain: string[];
  rejectedFiles: RejectedUpload[];
};

export type WebRequestResult = { ok: true; ticketNumber: number; email: string; duplicate: boolean } | WebRequestRefusal;

const textFields = ["name", "email", "phone", "company", "type", "subject", "description", "marketingOptIn"] as const;

function typedValues(fields: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of textFields) {
    const value = fields.get(name);
    if (typeof value === "string") values[name] = value;
  }
  return values;
}

export function webFormRateLimiters() {
  const { WEB_FORM_PER_IP_PER_HOUR, WEB_FORM_PER_EMAIL_PER_HOUR } = env();
  return {
    byIp: rateLimiter("web-form:ip", WEB_FORM_PER_IP_PER_HOUR, HOUR_MS),
    byEmail: rateLimiter("web-form:email", WEB_FORM_PER_EMAIL_PER_HOUR, HOUR_MS),
  };
}

export async function submitWebRequest(submission: WebRequestSubmission): Promise<WebRequestResult> {
  const { fields } = submission;
  const values = typedValues(fields);
  const submittedToken = fields.get(webFormFields.token);
  const tokenCheck = checkFormToken(submittedToken, { minFillMs: env().WEB_FORM_MIN_FILL_SECONDS * 1000 });
  const refuse = (refusal: Omit<WebRequestRefusal, "ok" | "values" | "formToken" | "filesToSelectAgain" | "rejectedFiles">): WebRequestRefusal => ({
    ok: false,
    values,
    formToken: tokenCheck.ok && typeof submittedToken === "string" ? submittedToken : issueFormToken(),
    filesToSelectAgain: submission.files.map((file) => file.filename),
    rejectedFiles: submission.rejected,
    ...refusal,
  });

  // 1. What the person typed, field by field.
  const parsed = webRequestSchema(submission.offeredTypes).safeParse(Object.fromEntries(textFields.map((name) => [name, values[name] ?? ""])));
  const fieldErrors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message as MessageKey;
  }
  for (const name of submission.oversizedFields) if ((textFields as readonly string[]).includes(name)) fieldErrors[name] = "validation.tooLong";
  if (submission.rejected.length > 0) fieldErrors[webFormFields.files] = "portal.files.someRefused";

  // 2. Spam traps. A filled honeypot or a forged token is a bot: no ticket, ever. People who
  //    trip a trap by accident (autofill, a form left open for days, a very fast paste) see
  //    their text again and can simply send it.
  const honeypot = fields.get(webFormFields.honeypot);
  const trapped = typeof honeypot === "string" && honeypot.trim() !== "";
  if (trapped || !tokenCheck.ok) {
    const reason = trapped ? "honeypot" : tokenCheck.ok ? "" : tokenCheck.reason;
    console.warn(`[web-form] submission refused (${reason}) from ${submission.clientAddress || "unknown address"}`);
    const formError: MessageKey =
      !trapped && !tokenCheck.ok && tokenCheck.reason === "expired"
        ? "portal.form.expired"
        : !trapped && !tokenCheck.ok && tokenCheck.reason === "too_fast"
          ? "portal.form.tooFast"
          : "portal.form.notSent";
    return refuse({ status: 400, fieldErrors, formError });
  }
  if (!parsed.success || Object.keys(fieldErrors).length > 0) return refuse({ status: 400, fieldErrors, formError: "common.formHasErrors" });

  // 3. Rate limits, counted on submissions that would create a ticket.
  const request = parsed.data;
  const { byIp, byEmail } = webFormRateLimiters();
  const ipKey = submission.clientAddress || "unknown";
  const limited = [byIp.check(ipKey), byEmail.check(request.email)].filter((decision) => decision.limited);
  if (limited.length > 0) {
    const retryAfterSeconds = Math.max(...limited.map((decision) => decision.retryAfterSeconds));
    return refuse({
      status: 429,
      fieldErrors: {},
      formError: "portal.form.rateLimited",
      formErrorParams: { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) },
      retryAfterSeconds,
    });
  }

  // 4. One ticket per token, even when the form is sent twice.
  const { ticketNumber, duplicate } = await oncePerToken(tokenCheck.nonce, tokenCheck.issuedAt, async () => {
    byIp.hit(ipKey);
    byEmail.hit(request.email);
    return createWebTicket({ request, files: submission.files, locale: submission.locale });
  });
  return { ok: true, ticketNumber, email: request.email, duplicate };
}

/** Stores the files, then writes contact + ticket (+ its acknowledgement mail) in one transaction. */
async function createWebTicket(input: { request: WebRequestFields; files: UploadedFile[]; locale: Locale }): Promise<number> {
  const attachments = await storeUploads(input.files);
  const { request } = input;
  const created = await transactionWithEvents(async (tx, events) => {
    const contact = await findOrCreateContactByEmail(tx, {
      email: request.email,
      name: request.name,
      phone: request.phone,
      companyName: request.company,
      language: input.locale,
    });
    if (!contact.created && request.phone) {
      // A known customer who left a phone number we did not have: keep it for the call back.
      await tx.contact.updateMany({ where: { id: contact.contactId, phone: "" }, data: { phone: request.phone } });
    }
    const ticket = await createTicketInTransaction(tx, {
      requesterId: contact.contactId,
      subject: request.subject,
      channel: "web",
      type: request.type,
      openedBy: { contactId: contact.contactId },
      firstMessage: { bodyText: request.description, attachments, processingNote: formDetailsNote(request) },
    });
    if (contact.created) events.record("contact.saved", { contactId: contact.contactId, actorId: null, created: true });
    // Only a ticked box is consent; an unticked one records nothing.
    if (request.marketingOptIn) await recordOwnOptIn(tx, events, { contactId: contact.contactId, address: request.email, source: "form" });
    events.record("ticket.created", { ticketId: ticket.ticketId, actorId: null });
    events.record("message.added", { ticketId: ticket.ticketId, messageId: ticket.messageId, visibility: "public", actorId: null });
    return ticket;
  });
  return created.number;
}

/**
 * What the form asked besides the request itself, noted for agents on the first message: the
 * phone and company typed may differ from the customer record (a known customer calling from
 * another number). Workspace data, written in the workspace's language (French).
 */
export function formDetailsNote(request: Pick<WebRequestFields, "name" | "phone" | "company">): string | null {
  const parts = [`Nom : ${request.name}`];
  if (request.phone) parts.push(`téléphone : ${request.phone}`);
  if (request.company) parts.push(`société : ${request.company}`);
  return `Formulaire web. ${parts.join(" · ")}`;
}

/** Writes uploaded files to the content-addressed store and describes them as attachments. */
export async function storeUploads(files: UploadedFile[]): Promise<AttachmentInput[]> {
  const attachments: AttachmentInput[] = [];
  for (const file of files) {
    const { sha256, size } = await storeFile(file.content);
    attachments.push({ sha256, filename: file.filename, contentType: file.contentType, size });
  }
  return attachments;
}
