import { activeFilters, EXPORT_PAGE_SIZE } from "~/domain/exports/list-exports";
import type { ListExport } from "~/domain/exports/list-export.server";
import type { TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { accessFor } from "~/domain/identity/permissions";
import { primaryConsentState } from "~/domain/marketing/consent/consent-states";
import { keysetPages } from "~/lib/csv-export";
import type { Translate } from "~/lib/i18n/translate";
import { listContactRecords, openTicketCounts, type ContactFilters, type ContactRecord } from "./contact-queries.server";

type ContactExportRow = ContactRecord & { openTicketCount: number | null };

/**
 * The contacts list as CSV: the same filters and order (last name, first name) as the screen,
 * walked by keyset; every address, the consent of the primary one, and the open tickets the
 * viewer may see (the column is left out for someone who reads no tickets).
 */
export function contactListExport(viewer: TicketViewer, filters: ContactFilters, t: Translate): ListExport<ContactExportRow> {
  const readsTickets = accessFor(viewer, "read:ticket") !== null;
  const pages = keysetPages<ContactExportRow, string>(async (cursor) => {
    const { contacts, nextCursor } = await listContactRecords(filters, { sort: "name", cursor, limit: EXPORT_PAGE_SIZE });
    const counts = readsTickets ? await openTicketCounts(viewer, contacts.map((contact) => contact.id)) : null;
    return { rows: contacts.map((contact) => ({ ...contact, openTicketCount: counts ? (counts.get(contact.id) ?? 0) : null })), next: nextCursor };
  });
  const primary = (contact: ContactRecord) => contact.emails.find((email) => email.isPrimary)?.address ?? contact.emails[0]?.address ?? "";
  return {
    list: "contacts",
    filters: activeFilters({ ...filters }),
    pages,
    columns: [
      { header: t("export.col.lastName"), value: (contact) => contact.lastName },
      { header: t("export.col.firstName"), value: (contact) => contact.firstName },
      { header: t("export.col.jobTitle"), value: (contact) => contact.jobTitle },
      { header: t("export.col.company"), value: (contact) => contact.company?.name ?? "" },
      { header: t("export.col.email"), value: primary },
      {
        header: t("export.col.otherEmails"),
        value: (contact) =>
          contact.emails
            .map((email) => email.address)
            .filter((address) => address !== primary(contact))
            .join(" "),
      },
      { header: t("export.col.phone"), value: (contact) => contact.phone },
      { header: t("export.col.language"), value: (contact) => contact.language },
      { header: t("export.col.consent"), value: (contact) => t(`consent.state.${primaryConsentState(primary(contact), contact.marketingConsents)}`) },
      ...(readsTickets ? [{ header: t("export.col.openTickets"), value: (contact: ContactExportRow) => contact.openTicketCount }] : []),
      { header: t("export.col.createdAt"), value: (contact) => contact.createdAt },
      { header: t("export.col.updatedAt"), value: (contact) => contact.updatedAt },
    ],
  };
}
