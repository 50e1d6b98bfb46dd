import { can } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { visibleTicketsWhere, type TicketViewer } from "./ticket-access.server";
import { unresolvedStatuses } from "./ticket-vocabulary";

/**
 * The choices the agent workspace offers in its forms and filters: groups, the people a ticket
 * can be assigned to, known tags, companies. Small lists, read once per page.
 */

export async function ticketGroups() {
  return db().group.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}

/** Active staff who may work tickets (technicians, managers, admins), by name. */
export async function assignableAgents() {
  const users = await db().user.findMany({
    where: { active: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true, role: true, restrictToGroups: true },
  });
  return users.filter((user) => can(user, "update:ticket")).map(({ id, name }) => ({ id, name }));
}

export async function knownTags(limit = 500) {
  const tags = await db().tag.findMany({ orderBy: { name: "asc" }, take: limit, select: { name: true } });
  return tags.map((tag) => tag.name);
}

/** Company names offered while typing in the company filter (any name can still be typed). */
export async function companyNameHints(limit = 200) {
  const companies = await db().company.findMany({ orderBy: { name: "asc" }, take: limit, select: { name: true } });
  return companies.map((company) => company.name);
}

export async function companyName(companyId: string) {
  const company = await db().company.findUnique({ where: { id: companyId }, select: { name: true } });
  return company?.name ?? null;
}

export { findCompanyByTypedName, type CompanyMatch } from "~/domain/customers/company-queries.server";

/** The caller chosen for a phone ticket: who they are and how many of their tickets (visible to the agent) are open. */
export async function contactSummary(viewer: TicketViewer, contactId: string) {
  if (!contactId || contactId.length > 64) return null;
  const visible = await visibleTicketsWhere(viewer);
  const contact = await db().contact.findUnique({
    where: { id: contactId },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      phone: true,
      company: { select: { name: true } },
      emails: { where: { isPrimary: true }, select: { address: true }, take: 1 },
      _count: { select: { requestedTickets: { where: { AND: [visible, { status: { in: [...unresolvedStatuses] } }] } } } },
    },
  });
  if (!contact) return null;
  const primaryEmail = contact.emails[0]?.address ?? "";
  return {
    id: contact.id,
    name: `${contact.firstName} ${contact.lastName}`.trim() || primaryEmail,
    primaryEmail,
    phone: contact.phone,
    companyName: contact.company?.name ?? null,
    openTicketCount: contact._count.requestedTickets,
  };
}
