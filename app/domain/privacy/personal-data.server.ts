import { db } from "~/lib/db.server";

/**
 * Everything Comptoir holds about one person, gathered for their access / portability archive
 * (GDPR art. 15 and 20): who they are, their company, consent and its whole history, the tickets
 * they asked and the public messages they wrote or received (with the files), their ratings, the
 * campaigns sent to them with opens and clicks, the activities, visit reports, deals, quotes and
 * orders naming them, and their portal sign-ins.
 *
 * Internal notes are NOT included: they are the staff's working notes, often about other people
 * and the organisation; the archive states how many exist so the person in charge of data
 * protection can review them on request (docs/gdpr.md). Secrets are never included (portal
 * password hash, session and link token hashes).
 */

export type PersonalDataAttachment = { id: string; sha256: string; filename: string; contentType: string; size: number; path: string };

export type PersonalData = {
  generatedAt: string;
  language: "fr" | "en";
  contact: {
    id: string;
    firstName: string;
    lastName: string;
    jobTitle: string;
    phone: string;
    language: string;
    portalAccess: boolean;
    companyManager: boolean;
    hasPortalPassword: boolean;
    createdAt: string;
    updatedAt: string;
    emails: Array<{ address: string; isPrimary: boolean; bouncedAt: string | null }>;
  };
  company: { name: string; street: string; postalCode: string; city: string; country: string; phone: string; website: string } | null;
  consents: Array<{ address: string; state: string; source: string; basis: string; changedAt: string }>;
  consentHistory: Array<{ address: string; previousState: string | null; state: string; source: string; basis: string; note: string; campaign: string | null; at: string }>;
  tickets: Array<{
    number: number;
    subject: string;
    status: string;
    channel: string;
    createdAt: string;
    solvedAt: string | null;
    /** The person asked this ticket (else they only wrote in it). */
    requester: boolean;
    messages: Array<{ direction: string; from: string; at: string; text: string; attachments: string[] }>;
    interventions: Array<{ kind: string; startsAt: string; endsAt: string; address: string; status: string; report: string | null }>;
  }>;
  internalNotesNotIncluded: number;
  attachments: PersonalDataAttachment[];
  ratings: Array<{ ticketNumber: number; rating: string; comment: string; at: string }>;
  campaignDeliveries: Array<{
    campaign: string;
    subject: string;
    address: string;
    status: string;
    sentAt: string | null;
    opens: number;
    firstOpenedAt: string | null;
    clicks: number;
    firstClickedAt: string | null;
    clickedLinks: Array<{ url: string; clicks: number; firstClickedAt: string }>;
    unsubscribedAt: string | null;
    bouncedAt: string | null;
    complainedAt: string | null;
  }>;
  activities: Array<{ kind: string; subject: string; notes: string; startsAt: string; endsAt: string | null; location: string; doneAt: string | null; owner: string }>;
  visitReports: Array<{ visitedAt: string; attendees: string; objectives: string; discussion: string; outcome: string; author: string }>;
  deals: Array<{ title: string; stage: string; amountCents: number; expectedCloseDate: string | null; createdAt: string; closedAt: string | null }>;
  quotes: Array<{ number: string; status: string; issueDate: string; validUntil: string; totalExclCents: number; totalInclCents: number; sentAt: string | null; acceptedAt: string | null; refusedAt: string | null }>;
  orders: Array<{ number: string; orderedAt: string; totalExclCents: number; totalInclCents: number }>;
  portalSignIns: Array<{ startedAt: string; lastSeenAt: string; expiresAt: string; revokedAt: string | null }>;
  portalLinks: Array<{ email: string; createdAt: string; usedAt: string | null; expiresAt: string }>;
};

const iso = (value: Date) => value.toISOString();
const isoOrNull = (value: Date | null) => (value ? value.toISOString() : null);
const fullName = (person: { firstName: string; lastName: string } | null | undefined) => (person ? `${person.firstName} ${person.lastName}`.trim() : "");

/** The person's data, or null when there is no such contact (or they were erased). */
export async function collectPersonalData(contactId: string, now = new Date()): Promise<PersonalData | null> {
  const contact = await db().contact.findUnique({
    where: { id: contactId },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      jobTitle: true,
      phone: true,
      language: true,
      portalAccess: true,
      companyManager: true,
      portalPasswordHash: true,
      erasedAt: true,
      createdAt: true,
      updatedAt: true,
      emails: { orderBy: [{ isPrimary: "desc" }, { address: "asc" }], select: { address: true, isPrimary: true, bouncedAt: true } },
      company: { select: { name: true, street: true, postalCode: true, city: true, country: true, phone: true, website: true } },
    },
  });
  if (!contact || contact.erasedAt) return null;
  const addresses = contact.emails.map((email) => email.address);

  const [consents, consentHistory, ticketRows, ratings, deliveries, activities, visitReports, deals, quotes, orders, portalSessions, portalLinks] = await Promise.all([
    db().marketingConsent.findMany({ where: { OR: [{ contactId }, { address: { in: addresses } }] }, orderBy: { address: "asc" } }),
    db().marketingConsentChange.findMany({ where: { OR: [{ contactId }, { address: { in: addresses } }] }, orderBy: [{ at: "asc" }, { id: "asc" }], select: { address: true, previousState: true, state: true, source: true, basis: true, note: true, at: true, campaign: { select: { name: true } } } }),
    // The tickets they asked, and those where they wrote a public message (copied on a colleague's ticket).
    db().ticket.findMany({
      where: { OR: [{ requesterId: contactId }, { messages: { some: { authorContactId: contactId, visibility: "public" } } }] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        number: true,
        subject: true,
        status: true,
        channel: true,
        requesterId: true,
        createdAt: true,
        solvedAt: true,
        messages: {
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: {
            visibility: true,
            direction: true,
            bodyText: true,
            createdAt: true,
            authorContactId: true,
            authorUser: { select: { name: true } },
            authorContact: { select: { firstName: true, lastName: true } },
            attachments: { select: { id: true, sha256: true, filename: true, contentType: true, size: true } },
          },
        },
        interventions: { orderBy: { startsAt: "asc" }, select: { kind: true, startsAt: true, endsAt: true, address: true, status: true, report: true } },
      },
    }),
    db().satisfactionRating.findMany({ where: { contactId }, orderBy: { createdAt: "asc" }, select: { rating: true, comment: true, createdAt: true, ticket: { select: { number: true } } } }),
    db().campaignRecipient.findMany({
      where: { OR: [{ contactId }, { address: { in: addresses } }] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        address: true,
        status: true,
        sentAt: true,
        opens: true,
        firstOpenedAt: true,
        clicks: true,
        firstClickedAt: true,
        unsubscribedAt: true,
        bouncedAt: true,
        complainedAt: true,
        campaign: { select: { name: true, subject: true } },
        linkClicks: { orderBy: { firstClickedAt: "asc" }, select: { clicks: true, firstClickedAt: true, link: { select: { url: true } } } },
      },
    }),
    db().activity.findMany({ where: { contactId }, orderBy: [{ startsAt: "asc" }, { id: "asc" }], select: { kind: true, subject: true, notes: true, startsAt: true, endsAt: true, location: true, doneAt: true, owner: { select: { name: true } } } }),
    db().visitReport.findMany({ where: { contactId }, orderBy: [{ visitedAt: "asc" }, { id: "asc" }], select: { visitedAt: true, attendees: true, objectives: true, discussion: true, outcome: true, author: { select: { name: true } } } }),
    db().deal.findMany({ where: { contactId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { title: true, amountCents: true, expectedCloseDate: true, createdAt: true, closedAt: true, stage: { select: { name: true } } } }),
    db().quote.findMany({ where: { contactId }, orderBy: [{ issueDate: "asc" }, { id: "asc" }], select: { number: true, status: true, issueDate: true, validUntil: true, totalExclCents: true, totalInclCents: true, sentAt: true, acceptedAt: true, refusedAt: true } }),
    db().order.findMany({ where: { contactId }, orderBy: [{ orderedAt: "asc" }, { id: "asc" }], select: { number: true, orderedAt: true, totalExclCents: true, totalInclCents: true } }),
    db().portalSession.findMany({ where: { contactId }, orderBy: { createdAt: "asc" }, select: { createdAt: true, lastSeenAt: true, expiresAt: true, revokedAt: true } }),
    db().portalLoginLink.findMany({ where: { contactId }, orderBy: { createdAt: "asc" }, select: { email: true, createdAt: true, usedAt: true, expiresAt: true } }),
  ]);

  const attachments: PersonalDataAttachment[] = [];
  let internalNotes = 0;
  const tickets = ticketRows.map((ticket) => {
    const requester = ticket.requesterId === contactId;
    // On a colleague's ticket, only what they wrote themselves.
    const shown = ticket.messages.filter((message) => {
      if (message.visibility !== "public") {
        if (requester) internalNotes += 1;
        return false;
      }
      return requester || message.authorContactId === contactId;
    });
    return {
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      channel: ticket.channel,
      createdAt: iso(ticket.createdAt),
      solvedAt: isoOrNull(ticket.solvedAt),
      requester,
      messages: shown.map((message) => ({
        direction: message.direction,
        from: message.authorContact ? fullName(message.authorContact) : (message.authorUser?.name ?? ""),
        at: iso(message.createdAt),
        text: message.bodyText,
        attachments: message.attachments.map((attachment) => {
          const path = `pieces-jointes/${ticket.number}-${attachment.id}-${safeFileName(attachment.filename)}`;
          attachments.push({ ...attachment, path });
          return path;
        }),
      })),
      interventions: requester
        ? ticket.interventions.map((intervention) => ({ kind: intervention.kind, startsAt: iso(intervention.startsAt), endsAt: iso(intervention.endsAt), address: intervention.address, status: intervention.status, report: intervention.report }))
        : [],
    };
  });

  return {
    generatedAt: iso(now),
    language: contact.language === "en" ? "en" : "fr",
    contact: {
      id: contact.id,
      firstName: contact.firstName,
      lastName: contact.lastName,
      jobTitle: contact.jobTitle,
      phone: contact.phone,
      language: contact.language,
      portalAccess: contact.portalAccess,
      companyManager: contact.companyManager,
      hasPortalPassword: Boolean(contact.portalPasswordHash),
      createdAt: iso(contact.createdAt),
      updatedAt: iso(contact.updatedAt),
      emails: contact.emails.map((email) => ({ address: email.address, isPrimary: email.isPrimary, bouncedAt: isoOrNull(email.bouncedAt) })),
    },
    company: contact.company,
    consents: consents.map((consent) => ({ address: consent.address, state: consent.state, source: consent.source, basis: consent.basis, changedAt: iso(consent.changedAt) })),
    consentHistory: consentHistory.map((change) => ({ address: change.address, previousState: change.previousState, state: change.state, source: change.source, basis: change.basis, note: change.note, campaign: change.campaign?.name ?? null, at: iso(change.at) })),
    tickets,
    internalNotesNotIncluded: internalNotes,
    attachments,
    ratings: ratings.map((rating) => ({ ticketNumber: rating.ticket.number, rating: rating.rating, comment: rating.comment, at: iso(rating.createdAt) })),
    campaignDeliveries: deliveries.map((delivery) => ({
      campaign: delivery.campaign.name,
      subject: delivery.campaign.subject,
      address: delivery.address,
      status: delivery.status,
      sentAt: isoOrNull(delivery.sentAt),
      opens: delivery.opens,
      firstOpenedAt: isoOrNull(delivery.firstOpenedAt),
      clicks: delivery.clicks,
      firstClickedAt: isoOrNull(delivery.firstClickedAt),
      clickedLinks: delivery.linkClicks.map((click) => ({ url: click.link.url, clicks: click.clicks, firstClickedAt: iso(click.firstClickedAt) })),
      unsubscribedAt: isoOrNull(delivery.unsubscribedAt),
      bouncedAt: isoOrNull(delivery.bouncedAt),
      complainedAt: isoOrNull(delivery.complainedAt),
    })),
    activities: activities.map((activity) => ({ kind: activity.kind, subject: activity.subject, notes: activity.notes, startsAt: iso(activity.startsAt), endsAt: isoOrNull(activity.endsAt), location: activity.location, doneAt: isoOrNull(activity.doneAt), owner: activity.owner.name })),
    visitReports: visitReports.map((report) => ({ visitedAt: iso(report.visitedAt), attendees: report.attendees, objectives: report.objectives, discussion: report.discussion, outcome: report.outcome, author: report.author.name })),
    deals: deals.map((deal) => ({ title: deal.title, stage: deal.stage.name, amountCents: deal.amountCents, expectedCloseDate: isoOrNull(deal.expectedCloseDate), createdAt: iso(deal.createdAt), closedAt: isoOrNull(deal.closedAt) })),
    quotes: quotes.map((quote) => ({ number: quote.number, status: quote.status, issueDate: iso(quote.issueDate), validUntil: iso(quote.validUntil), totalExclCents: quote.totalExclCents, totalInclCents: quote.totalInclCents, sentAt: isoOrNull(quote.sentAt), acceptedAt: isoOrNull(quote.acceptedAt), refusedAt: isoOrNull(quote.refusedAt) })),
    orders: orders.map((order) => ({ number: order.number, orderedAt: iso(order.orderedAt), totalExclCents: order.totalExclCents, totalInclCents: order.totalInclCents })),
    portalSignIns: portalSessions.map((session) => ({ startedAt: iso(session.createdAt), lastSeenAt: iso(session.lastSeenAt), expiresAt: iso(session.expiresAt), revokedAt: isoOrNull(session.revokedAt) })),
    portalLinks: portalLinks.map((link) => ({ email: link.email, createdAt: iso(link.createdAt), usedAt: isoOrNull(link.usedAt), expiresAt: iso(link.expiresAt) })),
  };
}

/** A file name safe inside a zip on every system (no folders, no control characters). */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_")
    .replace(/^\.+/, "_")
    .trim()
    .slice(0, 120);
  return cleaned || "fichier";
}
