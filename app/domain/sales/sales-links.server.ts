import { DomainError } from "~/domain/errors";
import { visibleTicketsWhere } from "~/domain/helpdesk/ticket-access.server";
import { accessFor, roles } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { mayAssignOwner, ownedRecordsWhere, type SalesViewer } from "./sales-access";

/**
 * The customer links of an activity or a visit report, checked before anything is written:
 * each record exists, the deal and the ticket are ones the viewer may read, and all of them
 * belong to one company (the contact works there, the deal is with it, the ticket is its). A
 * company left empty is taken from the deal, the contact or the ticket, in that order.
 */
export type SalesLinks = { companyId: string | null; contactId: string | null; dealId: string | null; ticketId: string | null };

/** Links the record already had: kept without checking that the viewer may still read them. */
type Unchanged = Partial<Pick<SalesLinks, "dealId" | "ticketId">>;

export async function checkSalesLinks(viewer: SalesViewer, links: SalesLinks, unchanged: Unchanged = {}): Promise<SalesLinks> {
  const [company, contact, deal, ticket] = await Promise.all([
    links.companyId ? db().company.findUnique({ where: { id: links.companyId }, select: { id: true } }) : null,
    links.contactId ? db().contact.findUnique({ where: { id: links.contactId }, select: { id: true, companyId: true } }) : null,
    links.dealId ? findReadableDeal(viewer, links.dealId, unchanged.dealId === links.dealId) : null,
    links.ticketId ? findReadableTicket(viewer, links.ticketId, unchanged.ticketId === links.ticketId) : null,
  ]);
  if (links.companyId && !company) throw new DomainError("sales.links.companyNotFound", "companyId");
  if (links.contactId && !contact) throw new DomainError("sales.links.contactNotFound", "contactId");
  if (links.dealId && !deal) throw new DomainError("sales.links.dealNotFound", "dealId");
  if (links.ticketId && !ticket) throw new DomainError("sales.links.ticketNotFound", "ticketId");

  const companyId = company?.id ?? deal?.companyId ?? contact?.companyId ?? ticket?.companyId ?? null;
  if (companyId) {
    if (contact && contact.companyId !== companyId) throw new DomainError("sales.links.contactNotInCompany", "contactId");
    if (deal && deal.companyId !== companyId) throw new DomainError("sales.links.dealNotInCompany", "dealId");
    if (ticket?.companyId && ticket.companyId !== companyId) throw new DomainError("sales.links.ticketNotInCompany", "ticketId");
  }
  return { companyId, contactId: contact?.id ?? null, dealId: deal?.id ?? null, ticketId: ticket?.id ?? null };
}

async function findReadableDeal(viewer: SalesViewer, dealId: string, unchanged: boolean) {
  const owned = unchanged ? {} : ownedRecordsWhere(viewer, "read");
  if (owned === null) return null;
  return db().deal.findFirst({ where: { id: dealId, ...owned }, select: { id: true, companyId: true } });
}

async function findReadableTicket(viewer: SalesViewer, ticketId: string, unchanged: boolean) {
  const visible = unchanged ? {} : await visibleTicketsWhere(viewer);
  return db().ticket.findFirst({ where: { AND: [{ id: ticketId }, visible] }, select: { id: true, companyId: true } });
}

/** The roles whose members may own sales records (the owner lists offer them). */
export const salesOwnerRoles = roles.filter((role) => accessFor({ role, restrictToGroups: false }, "create:deal") !== null);

/**
 * The owner of a new or changed sales record: the viewer when none is chosen (or `keep`, the
 * current owner, on an update); another person only for users with `any` access, and only an
 * active user who may own sales records.
 */
export async function resolveSalesOwner(viewer: SalesViewer, chosen: string | null, keep?: string): Promise<string> {
  const ownerId = chosen ?? keep ?? viewer.id;
  if (ownerId === keep || ownerId === viewer.id) return ownerId;
  if (!mayAssignOwner(viewer, ownerId)) throw new DomainError("sales.links.ownerNotAllowed", "ownerId");
  const owner = await db().user.findFirst({ where: { id: ownerId, active: true, role: { in: salesOwnerRoles } }, select: { id: true } });
  if (!owner) throw new DomainError("sales.links.ownerNotFound", "ownerId");
  return owner.id;
}

/** Active people who may own sales records, by name: the owner choices of forms and the agenda's team filter. */
export async function salesOwners(): Promise<Array<{ id: string; name: string }>> {
  return db().user.findMany({ where: { active: true, role: { in: salesOwnerRoles } }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true } });
}
