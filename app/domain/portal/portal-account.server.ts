import type { Locale } from "~/lib/i18n/locales";
import { db } from "~/lib/db.server";

/** The language of the mails the customer receives (acknowledgements, replies, sign-in links). */
export async function setCustomerLanguage(contactId: string, language: Locale): Promise<void> {
  await db().contact.update({ where: { id: contactId }, data: { language } });
}

/** The account page: addresses the customer can sign in with, and the mail language. */
export async function portalAccount(contactId: string) {
  const contact = await db().contact.findUniqueOrThrow({
    where: { id: contactId },
    select: {
      firstName: true,
      lastName: true,
      language: true,
      companyManager: true,
      company: { select: { name: true } },
      emails: { orderBy: [{ isPrimary: "desc" }, { address: "asc" }], select: { address: true, isPrimary: true } },
      _count: { select: { portalSessions: { where: { revokedAt: null, expiresAt: { gt: new Date() } } } } },
    },
  });
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    language: contact.language === "en" ? ("en" as const) : ("fr" as const),
    companyName: contact.company?.name ?? null,
    companyManager: contact.companyManager,
    emails: contact.emails,
    openSessions: contact._count.portalSessions,
  };
}
