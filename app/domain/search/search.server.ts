import { canReadTicket, ticketReaderFor, visibleTicketsWhere, type TicketReader, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { can } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import {
  matchCompanies,
  matchContacts,
  matchMessages,
  matchTicketSubjects,
  toFtsQuery,
  type EntityMatch,
  type FtsQuery,
  type MatchCursor,
  type MatchPage,
  type MessageMatch,
  type TicketScope,
  type TicketSubjectMatch,
} from "~/lib/search/sqlite-fts.server";
import { excerpt, searchTerms, type ExcerptPart } from "./excerpt";
import { MAX_QUERY_LENGTH, searchGroups, type SearchGroup } from "./search-vocabulary";

/**
 * The workspace search: tickets (subject, public messages, and internal notes for agents),
 * contacts (names, every address) and companies (name, domains), each group ranked by
 * relevance. Tickets go through the same visibility rule as every ticket list: a technician
 * restricted to their groups never finds another group's ticket.
 *
 * Matches are read newest first, a window at a time, and each window is ranked by bm25: the
 * best matches among the recent ones, in bounded time however common the word (see
 * docs/search.md). For a viewer restricted to their groups, the candidate queries themselves
 * keep only the tickets the viewer may open, and look at a bounded number of matches: when
 * that bound stops the search with matches left unread, `stoppedEarly` says so.
 */

export { MAX_QUERY_LENGTH, searchGroups, type SearchGroup };

export type TicketResult = {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  updatedAt: Date;
  requesterName: string;
  companyName: string | null;
  /** Where the words were found: the number typed, the subject, a message or an internal note. */
  matchedIn: "number" | "subject" | "message" | "note";
  /** The matched message around the words, or null when only the subject matched. */
  excerpt: ExcerptPart[] | null;
};

export type ContactResult = { id: string; name: string; jobTitle: string; emails: string[]; companyName: string | null };
export type CompanyResult = { id: string; name: string; city: string; sector: string; domains: string[] };

export type SearchResults = {
  /** The query as searched (trimmed, capped). */
  query: string;
  /** False when the query holds nothing searchable (empty, punctuation only). */
  searched: boolean;
  tickets: TicketResult[];
  contacts: ContactResult[];
  companies: CompanyResult[];
  /** Which groups were searched (the viewer's permissions and the requested groups). */
  groups: SearchGroup[];
  /** True when a group has more results than the limit. */
  more: Record<SearchGroup, boolean>;
  /**
   * True when the ticket search stopped at its bound (the newest matches it may look at) with
   * matches left unread and fewer results than the limit: older tickets may match too, and the
   * user is told to refine the query. Only readers restricted to their groups can hit it.
   */
  stoppedEarly: boolean;
};

export const MAX_LIMIT = 100;

/** How many of the newest matches (that the viewer may see) each round ranks, per FTS table. */
const TICKET_WINDOW = 250;
const ENTITY_WINDOW = 400;
/** Rounds read until the page is full. */
const MAX_TICKET_ROUNDS = 4;
/**
 * For a viewer restricted to their groups, a round looks at no more than this many of the
 * newest matches per FTS table and phase (exact words, then prefixes), theirs or not, in at
 * most RESTRICTED_ROUNDS rounds: the newest 2,000 matches per table. Each costs a lookup of
 * its ticket (up to about 10 µs when its pages are not cached), so a word found only in other
 * groups' tickets costs at most about 40 ms of SQL on the large dataset; past the bound the
 * search stops and says so (stoppedEarly).
 */
const RESTRICTED_SCAN = 1000;
const RESTRICTED_ROUNDS = 2;
/** A subject match counts twice as much as a message match. */
const SUBJECT_WEIGHT = 2;

/** Internal notes are for agents (who work tickets), never for read-only readers. */
export function canSearchInternalNotes(viewer: TicketViewer): boolean {
  return can(viewer, "update:ticket");
}

/** The groups a viewer may search: tickets with read:ticket, customers with read:customer. */
export function searchableGroups(viewer: TicketViewer): SearchGroup[] {
  return searchGroups.filter((group) => (group === "tickets" ? can(viewer, "read:ticket") : can(viewer, "read:customer")));
}

export async function search(
  viewer: TicketViewer,
  rawQuery: string,
  options: { limit?: number; groups?: readonly SearchGroup[] } = {},
): Promise<SearchResults> {
  const query = rawQuery.trim().slice(0, MAX_QUERY_LENGTH);
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(options.limit ?? 10)));
  const groups = searchableGroups(viewer).filter((group) => !options.groups || options.groups.includes(group));
  const results: SearchResults = {
    query,
    searched: false,
    tickets: [],
    contacts: [],
    companies: [],
    groups,
    more: { tickets: false, contacts: false, companies: false },
    stoppedEarly: false,
  };
  const ftsQuery = toFtsQuery(query);
  const number = /^#?\s*(\d{1,9})$/.exec(query)?.[1];
  if (!ftsQuery && !number) return results;
  results.searched = true;
  const terms = searchTerms(query);

  const [tickets, contacts, companies] = await Promise.all([
    groups.includes("tickets") ? searchTickets(viewer, ftsQuery, number ? Number(number) : null, terms, limit) : null,
    groups.includes("contacts") && ftsQuery ? searchContacts(ftsQuery, limit) : null,
    groups.includes("companies") && ftsQuery ? searchCompanies(ftsQuery, limit) : null,
  ]);
  if (tickets) {
    [results.tickets, results.more.tickets] = [tickets.results.slice(0, limit), tickets.results.length > limit];
    results.stoppedEarly = tickets.stoppedEarly && !results.more.tickets;
  }
  if (contacts) [results.contacts, results.more.contacts] = [contacts.slice(0, limit), contacts.length > limit];
  if (companies) [results.companies, results.more.companies] = [companies.slice(0, limit), companies.length > limit];
  return results;
}

const ticketSelect = {
  id: true,
  number: true,
  subject: true,
  status: true,
  priority: true,
  updatedAt: true,
  requester: { select: { firstName: true, lastName: true } },
  company: { select: { name: true } },
} as const;

type Candidate = { ticketId: string; rowid: number; subjectScore: number | null; message: MessageMatch | null; score: number };

/**
 * The candidate queries' form of the record rule (the same reader as canReadTicket): null for
 * readers who see every ticket; "own" readers have no groups, only what is assigned to them.
 */
function scopeOf(reader: TicketReader): TicketScope | null {
  if (reader.access === "any") return null;
  return { groupIds: reader.access === "group" ? reader.groupIds : [], assigneeId: reader.id };
}

/**
 * Up to limit + 1 visible tickets, best first (the extra one tells that there is more), and
 * whether the search stopped at its bound with matches left unread.
 */
async function searchTickets(
  viewer: TicketViewer,
  ftsQuery: FtsQuery | null,
  number: number | null,
  terms: string[],
  limit: number,
): Promise<{ results: TicketResult[]; stoppedEarly: boolean }> {
  const [visible, reader] = await Promise.all([visibleTicketsWhere(viewer), ticketReaderFor(viewer)]);
  if (reader.access === null) return { results: [], stoppedEarly: false };
  // Readers restricted to their groups: the candidate queries keep their tickets only (the
  // scope), looking at a bounded number of matches; each match is checked once more with
  // canReadTicket, and what is shown is loaded through visibleTicketsWhere all the same.
  const scope = scopeOf(reader);
  const restricted = scope !== null;
  const rounds = restricted ? RESTRICTED_ROUNDS : MAX_TICKET_ROUNDS;
  const scan = restricted ? RESTRICTED_SCAN : TICKET_WINDOW;
  const includeInternal = canSearchInternalNotes(viewer);
  const wanted = limit + 1;
  const chosen: Array<Candidate | { ticketId: string; byNumber: true }> = [];
  const seen = new Set<string>();

  if (number !== null) {
    const ticket = await db().ticket.findFirst({ where: { AND: [visible, { number }] }, select: { id: true } });
    if (ticket) {
      chosen.push({ ticketId: ticket.id, byNumber: true });
      seen.add(ticket.id);
    }
  }

  let subjectCursor: MatchCursor | null = null;
  let messageCursor: MatchCursor | null = null;
  let subjectsLeft = ftsQuery !== null;
  let messagesLeft = ftsQuery !== null;
  for (let round = 0; round < rounds && chosen.length < wanted && (subjectsLeft || messagesLeft); round++) {
    const [subjectPage, messagePage]: [MatchPage<TicketSubjectMatch> | null, MatchPage<MessageMatch> | null] = await Promise.all([
      subjectsLeft ? matchTicketSubjects(ftsQuery!, { take: TICKET_WINDOW, cursor: subjectCursor, scope, scan }) : null,
      messagesLeft ? matchMessages(ftsQuery!, { take: TICKET_WINDOW, cursor: messageCursor, includeInternal, scope, scan }) : null,
    ]);
    const subjects = subjectPage?.matches ?? [];
    const messages = messagePage?.matches ?? [];
    subjectCursor = subjectPage?.next ?? null;
    messageCursor = messagePage?.next ?? null;
    subjectsLeft = subjectCursor !== null;
    messagesLeft = messageCursor !== null;

    // A ticket scores its subject (weighted) plus its best message.
    const candidates = new Map<string, Candidate>();
    const candidate = (match: TicketSubjectMatch | MessageMatch) => {
      let entry = candidates.get(match.ticketId);
      if (!entry) candidates.set(match.ticketId, (entry = { ticketId: match.ticketId, rowid: match.rowid, subjectScore: null, message: null, score: 0 }));
      return entry;
    };
    const readable = (match: TicketSubjectMatch | MessageMatch) => !restricted || canReadTicket(reader, match);
    for (const match of subjects) if (readable(match)) candidate(match).subjectScore = match.score;
    for (const match of messages) {
      if (!readable(match)) continue;
      const entry = candidate(match);
      if (!entry.message || match.score < entry.message.score) entry.message = match;
    }
    for (const entry of candidates.values()) entry.score = SUBJECT_WEIGHT * (entry.subjectScore ?? 0) + (entry.message?.score ?? 0);
    const ranked = [...candidates.values()]
      .filter((entry) => !seen.has(entry.ticketId))
      .sort((a, b) => a.score - b.score || b.rowid - a.rowid);
    if (ranked.length === 0) continue;

    for (const entry of ranked) {
      if (chosen.length >= wanted) break;
      seen.add(entry.ticketId);
      chosen.push(entry);
    }
  }
  const stoppedEarly = chosen.length < wanted && (subjectsLeft || messagesLeft);
  if (chosen.length === 0) return { results: [], stoppedEarly };

  // The fields shown, for the chosen tickets only (the record rule applied once more).
  const ids = chosen.map((entry) => entry.ticketId);
  const messageIds = chosen.flatMap((entry) => ("message" in entry && entry.message ? [entry.message.messageId] : []));
  const [tickets, messages] = await Promise.all([
    db().ticket.findMany({ where: { AND: [visible, { id: { in: ids } }] }, select: ticketSelect }),
    messageIds.length > 0 ? db().message.findMany({ where: { id: { in: messageIds } }, select: { id: true, bodyText: true } }) : [],
  ]);
  const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
  const bodies = new Map(messages.map((message) => [message.id, message.bodyText]));
  const results = chosen.flatMap((entry): TicketResult[] => {
    const ticket = byId.get(entry.ticketId);
    if (!ticket) return [];
    const match = "message" in entry ? entry : null;
    const message = match?.message ?? null;
    const body = message ? bodies.get(message.messageId) : undefined;
    return [
      {
        id: ticket.id,
        number: ticket.number,
        subject: ticket.subject,
        status: ticket.status,
        priority: ticket.priority,
        updatedAt: ticket.updatedAt,
        requesterName: `${ticket.requester.firstName} ${ticket.requester.lastName}`.trim(),
        companyName: ticket.company?.name ?? null,
        matchedIn: !match ? "number" : match.subjectScore !== null ? "subject" : message?.internal ? "note" : "message",
        excerpt: body !== undefined ? excerpt(body, terms) : null,
      },
    ];
  });
  return { results, stoppedEarly };
}

/** The best `wanted` matches of a window, best first (ties: newest first). */
function best(matches: EntityMatch[], wanted: number): EntityMatch[] {
  return [...matches].sort((a, b) => a.score - b.score || b.rowid - a.rowid).slice(0, wanted);
}

async function searchContacts(ftsQuery: FtsQuery, limit: number): Promise<ContactResult[]> {
  const top = best((await matchContacts(ftsQuery, { take: Math.max(ENTITY_WINDOW, limit + 1) })).matches, limit + 1);
  if (top.length === 0) return [];
  const rows = await db().contact.findMany({
    where: { id: { in: top.map((match) => match.id) } },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      jobTitle: true,
      company: { select: { name: true } },
      // Sorted here: asking SQLite to sort makes it walk the whole address index instead.
      emails: { select: { address: true, isPrimary: true } },
    },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return top.flatMap((match) => {
    const contact = byId.get(match.id);
    if (!contact) return [];
    return [
      {
        id: contact.id,
        name: `${contact.firstName} ${contact.lastName}`.trim(),
        jobTitle: contact.jobTitle,
        emails: contact.emails
          .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.address.localeCompare(b.address))
          .map((email) => email.address),
        companyName: contact.company?.name ?? null,
      },
    ];
  });
}

async function searchCompanies(ftsQuery: FtsQuery, limit: number): Promise<CompanyResult[]> {
  const top = best((await matchCompanies(ftsQuery, { take: Math.max(ENTITY_WINDOW, limit + 1) })).matches, limit + 1);
  if (top.length === 0) return [];
  const rows = await db().company.findMany({
    where: { id: { in: top.map((match) => match.id) } },
    select: { id: true, name: true, city: true, sector: true, domains: { select: { domain: true } } },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return top.flatMap((match) => {
    const company = byId.get(match.id);
    if (!company) return [];
    const domains = company.domains.map((entry) => entry.domain).sort((a, b) => a.localeCompare(b));
    return [{ id: company.id, name: company.name, city: company.city, sector: company.sector, domains }];
  });
}
