/**
 * The demo workspace: a believable French helpdesk with users, groups, companies, contacts and
 * 150 tickets with their threads. Everything derives from a seeded PRNG and `now`, so two runs
 * with the same `now` write the same rows (ids included).
 *
 * `buildDemoWorkspace` plans the rows (pure, no database); `seedDemoWorkspace` writes them in
 * one transaction with createMany.
 */

import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import type { TicketChannel, TicketPriority, TicketStatus } from "../../app/domain/helpdesk/ticket-vocabulary.ts";
import {
  bossTitles,
  consentSources,
  demoCompanies,
  demoGroups,
  demoTags,
  englishSnippets,
  englishTemplates,
  femaleFirstNames,
  fixedContacts,
  frenchSnippets,
  frenchTemplates,
  internalNotes,
  lastNames,
  maleFirstNames,
  officeTitles,
  operationsTitles,
  printerErrorCodes,
  type Gender,
  type GroupKey,
  type Snippets,
  type TicketTemplate,
} from "./demo-data.ts";
import { withDemoDuplicates } from "./customers-demo.ts";
import { seedDemoCannedReplies } from "./helpdesk-demo.ts";
import { seedDemoInterventions, seedDemoPastInterventions, seedDemoSlaPolicies, withDemoSla } from "./planning-demo.ts";
import { seedDemoSales } from "./sales-demo.ts";
import { seedDemoRatings } from "./portal-demo.ts";
import { seedDemoAutomations } from "./automations-demo.ts";
import { seedDemoCampaigns } from "./campaigns-demo.ts";
import { seedDemoMarketingAudience } from "./marketing-audience-demo.ts";
import { seedDemoKnowledgeBase } from "./knowledge-demo.ts";

export const demoPassword = "comptoir";

export const demoLogins = [
  { email: "admin@comptoir.test", role: "admin", name: "Claire Martin" },
  { email: "tech@comptoir.test", role: "technician", name: "Julien Moreau" },
  { email: "tech2@comptoir.test", role: "technician", name: "Sophie Lefèvre" },
  { email: "ventes@comptoir.test", role: "sales", name: "Thomas Bernard" },
  { email: "marketing@comptoir.test", role: "marketing", name: "Camille Dubois" },
  { email: "direction@comptoir.test", role: "manager", name: "Nathalie Girard" },
] as const satisfies ReadonlyArray<{ email: string; role: string; name: string }>;

export type DemoSeedSummary = { users: number; groups: number; companies: number; contacts: number; tickets: number; messages: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long we have to answer first and to solve, by priority (the demo's simple SLA rule). */
export const demoDueDelays: Record<TicketPriority, { firstResponse: number; resolution: number }> = {
  urgent: { firstResponse: 1 * HOUR, resolution: 4 * HOUR },
  high: { firstResponse: 4 * HOUR, resolution: 1 * DAY },
  normal: { firstResponse: 8 * HOUR, resolution: 3 * DAY },
  low: { firstResponse: 24 * HOUR, resolution: 5 * DAY },
};

// ───────────────────────────── randomness ─────────────────────────────

/** mulberry32: a tiny, fast, seedable PRNG; plenty for demo data. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }
  int(min: number, max: number): number {
    return Math.floor(this.float(min, max + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}

/** cuid-shaped ids ("c" + 24 base-36 characters) from their own stream, so ids are stable too. */
function idFactory(seed: number): () => string {
  const next = mulberry32(seed);
  return () => {
    let id = "c";
    for (let i = 0; i < 24; i++) id += Math.floor(next() * 36).toString(36);
    return id;
  };
}

// ───────────────────────────── Paris office hours ─────────────────────────────

const parisClock = new Intl.DateTimeFormat("en-US", {
  timeZone: "Europe/Paris",
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
});

function parisOffset(at: number): number {
  const parts = Object.fromEntries(parisClock.formatToParts(new Date(at)).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return Math.round((asUtc - Math.floor(at / MINUTE) * MINUTE) / MINUTE) * MINUTE;
}

interface Window {
  open: number; // minutes after local midnight
  close: number;
  weekdaysOnly: boolean;
}
const OFFICE: Window = { open: 8 * 60 + 30, close: 18 * 60 + 30, weekdaysOnly: true };
const CUSTOMER: Window = { open: 7 * 60, close: 22 * 60, weekdaysOnly: false };

/** Moves `at` back (never forward) into the window, Paris time: agents work office hours. */
function snapBack(at: number, window: Window, random: Random): number {
  const offset = parisOffset(at);
  let local = at + offset;
  for (let guard = 0; guard < 8; guard++) {
    const day = new Date(local);
    const weekday = day.getUTCDay();
    const minutes = day.getUTCHours() * 60 + day.getUTCMinutes();
    const dayStart = local - (local % DAY);
    const dayOk = !window.weekdaysOnly || (weekday >= 1 && weekday <= 5);
    if (dayOk && minutes >= window.open && minutes < window.close) break;
    const lateSlot = (window.close - random.int(5, 150)) * MINUTE + random.int(0, 59) * 1000;
    if (dayOk && minutes >= window.close) {
      local = dayStart + lateSlot;
      break;
    }
    local = dayStart - DAY + lateSlot;
  }
  return local - offset;
}

// ───────────────────────────── planning ─────────────────────────────

type Role = "request" | "relance" | "reply" | "customerReply" | "customerFollowUp" | "agentFollowUp" | "hold" | "resolution" | "thanks" | "ack" | "note";
const customerRoles = new Set<Role>(["request", "relance", "customerReply", "customerFollowUp", "thanks"]);

/** What the thread of a ticket looks like, by status and situation. */
type Situation = "unanswered" | "unansweredBreach" | "waiting" | "active" | "pending" | "hold" | "resolved";

const shapes: Record<Exclude<Situation, "unanswered" | "unansweredBreach">, Array<readonly [Role[], number]>> = {
  waiting: [
    [["request", "reply", "customerReply"], 4],
    [["request", "note", "reply", "customerReply"], 2],
    [["request", "reply", "customerReply", "note"], 2],
    [["request", "reply", "customerReply", "agentFollowUp", "customerFollowUp"], 2],
    [["request", "reply", "customerReply", "agentFollowUp", "customerFollowUp", "note"], 1],
  ],
  active: [
    [["request", "reply"], 3],
    [["request", "note", "reply"], 2],
    [["request", "reply", "customerReply", "agentFollowUp"], 2],
  ],
  pending: [
    [["request", "reply"], 3],
    [["request", "reply", "customerReply", "agentFollowUp"], 2],
    [["request", "note", "reply"], 2],
  ],
  hold: [
    [["request", "reply", "hold"], 2],
    [["request", "reply", "customerReply", "hold", "note"], 2],
    [["request", "note", "hold"], 1],
    [["request", "reply", "customerReply", "hold"], 2],
  ],
  resolved: [
    [["request", "resolution"], 2],
    [["request", "reply", "customerReply", "resolution"], 5],
    [["request", "note", "reply", "customerReply", "resolution"], 2],
    [["request", "reply", "customerReply", "resolution", "thanks", "ack"], 2],
    [["request", "reply", "note", "resolution"], 1],
    [["request", "reply", "customerReply", "agentFollowUp", "customerFollowUp", "resolution"], 1],
  ],
};

/** The 150 tickets by status: most solved or closed, 35 still open in one way or another. */
const statusPlan: Array<{ status: TicketStatus; situation: Situation; count: number }> = [
  { status: "new", situation: "unanswered", count: 6 },
  { status: "new", situation: "unansweredBreach", count: 3 },
  { status: "open", situation: "unanswered", count: 1 },
  { status: "open", situation: "unansweredBreach", count: 2 },
  { status: "open", situation: "waiting", count: 7 },
  { status: "open", situation: "active", count: 4 },
  { status: "pending_customer", situation: "pending", count: 7 },
  { status: "on_hold", situation: "hold", count: 5 },
  { status: "solved", situation: "resolved", count: 25 },
  { status: "closed", situation: "resolved", count: 90 },
];

const priorityOrder: TicketPriority[] = ["low", "normal", "high", "urgent"];

export interface DemoWorkspace {
  groups: Array<{ id: string; name: string; description: string; createdAt: Date }>;
  users: Array<{ id: string; email: string; name: string; role: string; locale: string; passwordHash: string; restrictToGroups: boolean; createdAt: Date; updatedAt: Date }>;
  memberships: Array<{ userId: string; groupIds: string[] }>;
  companies: Array<{
    id: string;
    name: string;
    sector: string;
    size: string;
    street: string;
    postalCode: string;
    city: string;
    country: string;
    phone: string;
    website: string;
    notes: string;
    ownerId: string | null;
    createdAt: Date;
    updatedAt: Date;
  }>;
  companyDomains: Array<{ id: string; domain: string; companyId: string }>;
  contacts: Array<{
    id: string;
    firstName: string;
    lastName: string;
    jobTitle: string;
    phone: string;
    language: string;
    companyId: string | null;
    marketingConsent: boolean;
    consentAt: Date | null;
    consentSource: string;
    companyManager: boolean;
    createdAt: Date;
    updatedAt: Date;
  }>;
  contactEmails: Array<{ id: string; address: string; isPrimary: boolean; contactId: string }>;
  tickets: Array<{
    id: string;
    number: number;
    subject: string;
    type: string;
    channel: string;
    status: string;
    priority: string;
    requesterId: string;
    companyId: string | null;
    assigneeId: string | null;
    groupId: string;
    firstResponseDueAt: Date;
    firstRespondedAt: Date | null;
    resolutionDueAt: Date;
    solvedAt: Date | null;
    closedAt: Date | null;
    lastCustomerMessageAt: Date;
    lastAgentReplyAt: Date | null;
    createdAt: Date;
    updatedAt: Date;
  }>;
  messages: Array<{
    id: string;
    ticketId: string;
    direction: "in" | "out";
    visibility: "public" | "internal";
    authorUserId: string | null;
    authorContactId: string | null;
    bodyText: string;
    bodyHtml: null;
    createdAt: Date;
  }>;
  tags: Array<{ id: string; name: string }>;
  ticketTags: Array<{ ticketId: string; tagId: string }>;
}

type DemoContact = DemoWorkspace["contacts"][number] & { gender: Gender; companyName: string | null; weight: number };
type DemoUser = DemoWorkspace["users"][number];

/** Plans every row of the demo workspace; deterministic for a given `now`. */
export function buildDemoWorkspace(options: { passwordHash: string; now?: Date }): DemoWorkspace {
  const now = (options.now ?? new Date()).getTime();
  const random = new Random(0xc0_47_01_25);
  const newId = idFactory(0x5eed_1d5);
  const at = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);
  const longAgo = now - 400 * DAY;

  // ── groups and users ──
  const groups = (Object.keys(demoGroups) as GroupKey[]).map((key) => ({ key, id: newId(), ...demoGroups[key], createdAt: at(longAgo) }));
  const groupId = (key: GroupKey) => groups.find((group) => group.key === key)!.id;
  const users: DemoUser[] = demoLogins.map((login) => ({
    id: newId(),
    email: login.email,
    name: login.name,
    role: login.role,
    locale: "fr",
    passwordHash: options.passwordHash,
    restrictToGroups: login.email === "tech2@comptoir.test",
    createdAt: at(longAgo),
    updatedAt: at(longAgo),
  }));
  const user = (email: string) => users.find((candidate) => candidate.email === email)!;
  const admin = user("admin@comptoir.test");
  const julien = user("tech@comptoir.test");
  const sophie = user("tech2@comptoir.test");
  const sales = user("ventes@comptoir.test");
  const memberships = [
    { userId: julien.id, groupIds: [groupId("n1"), groupId("n2")] },
    { userId: sophie.id, groupIds: [groupId("n2")] },
  ];

  // ── companies ──
  const companies: DemoWorkspace["companies"] = [];
  const companyDomains: DemoWorkspace["companyDomains"] = [];
  for (const company of demoCompanies) {
    const createdAt = now - random.int(130, 900) * DAY - random.int(0, 8 * 60) * MINUTE;
    const id = newId();
    companies.push({
      id,
      name: company.name,
      sector: company.sector,
      size: company.size,
      street: company.street,
      postalCode: company.postalCode,
      city: company.city,
      country: "FR",
      phone: company.phone,
      website: `https://www.${company.domain}`,
      notes: company.notes ?? "",
      ownerId: company.owned ? sales.id : null,
      createdAt: at(createdAt),
      updatedAt: at(createdAt),
    });
    companyDomains.push({ id: newId(), domain: company.domain, companyId: id });
  }

  // ── contacts ──
  const firstNames = random.shuffle([
    ...femaleFirstNames.map((name) => ({ name, gender: "f" as const })),
    ...maleFirstNames.map((name) => ({ name, gender: "m" as const })),
  ]);
  const surnames = random.shuffle(lastNames);
  const contacts: DemoContact[] = [];
  const contactEmails: DemoWorkspace["contactEmails"] = [];
  const mobile = () => `+33 ${random.pick(["6", "7"])} ${Array.from({ length: 4 }, () => String(random.int(0, 99)).padStart(2, "0")).join(" ")}`;
  const addContact = (contact: Omit<DemoContact, "id" | "marketingConsent" | "consentAt" | "consentSource" | "weight">, email: string) => {
    const id = newId();
    contacts.push({ ...contact, id, marketingConsent: false, consentAt: null, consentSource: "", weight: random.float(0.3, 3) });
    contactEmails.push({ id: newId(), address: email.toLowerCase(), isPrimary: true, contactId: id });
  };
  demoCompanies.forEach((company, index) => {
    const companyRow = companies[index];
    const fixed = fixedContacts.find((contact) => contact.company === company.name);
    for (let slot = 0; slot < company.contacts; slot++) {
      const createdAt = companyRow.createdAt.getTime() + random.int(0, 30) * DAY + random.int(0, 600) * MINUTE;
      const common = {
        companyId: companyRow.id,
        companyName: company.name,
        companyManager: slot === 0 && company.managerContact === true,
        createdAt: at(createdAt),
        updatedAt: at(createdAt),
      };
      if (fixed && slot === company.contacts - 1) {
        addContact(
          { ...common, firstName: fixed.first, lastName: fixed.last, gender: fixed.gender, jobTitle: fixed.jobTitle, phone: mobile(), language: fixed.language },
          `${slug(fixed.first)}.${slug(fixed.last)}@${company.domain}`,
        );
        continue;
      }
      const first = firstNames.shift()!;
      let last = surnames.shift()!;
      if (last === first.name) {
        surnames.push(last);
        last = surnames.shift()!;
      }
      const titles = slot === 0 ? (company.bossTitle ? [company.bossTitle] : bossTitles) : slot === 1 ? officeTitles : operationsTitles[company.sector];
      const title = random.pick(titles)[first.gender === "f" ? 1 : 0];
      addContact(
        {
          ...common,
          firstName: first.name,
          lastName: last,
          gender: first.gender,
          jobTitle: title,
          phone: slot === 1 && random.chance(0.5) ? company.phone : mobile(),
          language: "fr",
        },
        `${slug(first.name)}.${slug(last)}@${company.domain}`,
      );
    }
  });
  for (const fixed of fixedContacts.filter((contact) => contact.personalEmail)) {
    const createdAt = now - random.int(125, 400) * DAY;
    addContact(
      {
        firstName: fixed.first,
        lastName: fixed.last,
        gender: fixed.gender,
        jobTitle: fixed.jobTitle,
        phone: mobile(),
        language: fixed.language,
        companyId: null,
        companyName: null,
        companyManager: false,
        createdAt: at(createdAt),
        updatedAt: at(createdAt),
      },
      fixed.personalEmail!,
    );
  }
  // A few second (non-primary) addresses: a shared mailbox or a short alias.
  const companyContacts = contacts.filter((contact) => contact.companyId);
  for (const contact of random.shuffle(companyContacts).slice(0, 8)) {
    const domain = companyDomains.find((row) => row.companyId === contact.companyId)!.domain;
    const sameCompany = companyContacts.filter((other) => other.companyId === contact.companyId);
    const slot = sameCompany.indexOf(contact);
    const local = slot === 0 ? "direction" : slot === 1 ? "comptabilite" : `${slug(contact.firstName)[0]}${slug(contact.lastName)}`;
    contactEmails.push({ id: newId(), address: `${local}@${domain}`, isPrimary: false, contactId: contact.id });
  }
  // About half agreed to marketing mail.
  for (const contact of random.shuffle(contacts).slice(0, 30)) {
    contact.marketingConsent = true;
    contact.consentSource = random.pick(consentSources);
    const from = contact.createdAt.getTime();
    contact.consentAt = at(from + random.float(0, 1) * (now - DAY - from));
    contact.updatedAt = contact.consentAt;
  }

  // ── tickets ──
  const tags = demoTags.map((name) => ({ id: newId(), name }));
  const tagId = (name: string) => tags.find((tag) => tag.name === name)!.id;
  const frenchDeck: TicketTemplate[] = [];
  const englishDeck: TicketTemplate[] = [];
  const draw = (deck: TicketTemplate[], source: TicketTemplate[]) => {
    if (deck.length === 0) deck.push(...random.shuffle(source));
    return deck.shift()!;
  };
  const frenchRequesters = contacts.filter((contact) => contact.language === "fr").map((contact) => [contact, contact.weight] as const);
  const englishRequesters = contacts.filter((contact) => contact.language === "en");
  let ticketIndex = 0;

  type Planned = Omit<DemoWorkspace["tickets"][number], "number"> & { messages: DemoWorkspace["messages"]; tagNames: Set<string> };
  const planned: Planned[] = [];

  for (const { status, situation, count } of statusPlan) {
    for (let i = 0; i < count; i++) {
      // Four tickets (spread over the statuses) come from the English-speaking contacts.
      const english = ticketIndex++ % 37 === 5;
      const requester = english ? englishRequesters[ticketIndex % englishRequesters.length] : random.weighted(frenchRequesters);
      const template = english ? draw(englishDeck, englishTemplates) : draw(frenchDeck, frenchTemplates);
      const snippets = english ? englishSnippets : frenchSnippets;
      const priority = jitterPriority(template.priority, random);
      const due = demoDueDelays[priority];
      const channel: TicketChannel = english
        ? "email"
        : random.weighted([
            ["email", 45],
            ["web", 20],
            ["portal", 20],
            ["phone", 15],
          ] as const);

      // Who handles it.
      const unanswered = situation === "unanswered" || situation === "unansweredBreach";
      let assignee: DemoUser | null;
      if (status === "new" && random.chance(0.7)) assignee = null;
      else if (template.group === "n1") assignee = julien;
      else if (template.group === "n2") assignee = random.chance(0.7) ? sophie : julien;
      else assignee = random.chance(0.75) || unanswered ? julien : null;
      const agent = assignee ?? admin;

      // The thread's roles.
      let roles: Role[];
      if (situation === "unanswered" || situation === "unansweredBreach") {
        roles = status === "new" ? (random.chance(0.35) ? ["request", "relance"] : ["request"]) : random.chance(0.6) ? ["request", "note"] : ["request"];
      } else {
        roles = random.weighted(shapes[situation]);
      }

      // Timeline.
      const times = unanswered
        ? unansweredTimeline(roles, now, due.firstResponse, situation === "unansweredBreach", random)
        : answeredTimeline(roles, lastMessageAnchor(situation, status, now, random), priority, due.firstResponse, random);
      // Keep everything within the last 120 days; whole weeks keep weekdays and office hours.
      while (times[0] < now - 119 * DAY) times.forEach((time, index) => (times[index] = time + 7 * DAY));
      let closedAt: number | null = null;
      if (status === "closed") {
        // Closed a few days after being solved (the customer did not reopen it).
        closedAt = Math.min(times[times.length - 1] + random.int(2, 7) * DAY + random.int(0, 600) * MINUTE, now - HOUR);
      }

      // Texts.
      const vars = { ...ticketVariables(times[0], random), phone: requester.phone, followUp: String(random.int(0, snippets.followUps.length - 1)) };
      const ticketId = newId();
      const messages: DemoWorkspace["messages"] = roles.map((role, index) => {
        const isCustomer = customerRoles.has(role);
        const noteAuthor = role === "note" && random.chance(0.25) ? (agent.id === julien.id ? sophie : julien) : agent;
        const body =
          role === "note"
            ? fill(random.pick(internalNotes), { ...vars, other: noteAuthor.id === julien.id ? "Sophie" : "Julien" })
            : isCustomer
              ? customerText(role, index, template, snippets, requester, agent, vars, random)
              : agentText(role, template, snippets, requester, agent, vars, random);
        return {
          id: newId(),
          ticketId,
          direction: isCustomer ? "in" : "out",
          visibility: role === "note" ? "internal" : "public",
          authorUserId: isCustomer ? null : role === "note" ? noteAuthor.id : agent.id,
          authorContactId: isCustomer ? requester.id : null,
          bodyText: body,
          bodyHtml: null,
          createdAt: at(times[index]),
        };
      });

      const publicIn = messages.filter((message) => message.direction === "in");
      const publicOut = messages.filter((message) => message.direction === "out" && message.visibility === "public");
      const createdAt = messages[0].createdAt;
      const solved = status === "solved" || status === "closed";
      const tagNames = new Set(template.tags.filter(() => random.chance(0.8)));
      if (priority === "urgent" && random.chance(0.6)) tagNames.add("urgent-client");
      if (template.type === "complaint" && priority === "high" && random.chance(0.4)) tagNames.add("urgent-client");

      planned.push({
        id: ticketId,
        subject: fill(template.subject, vars),
        type: template.type,
        channel,
        status,
        priority,
        requesterId: requester.id,
        companyId: requester.companyId,
        assigneeId: assignee?.id ?? null,
        groupId: groupId(template.group),
        firstResponseDueAt: at(createdAt.getTime() + due.firstResponse),
        firstRespondedAt: publicOut[0]?.createdAt ?? null,
        resolutionDueAt: at(createdAt.getTime() + due.resolution),
        solvedAt: solved ? publicOut[publicOut.length - 1].createdAt : null,
        closedAt: closedAt === null ? null : at(closedAt),
        lastCustomerMessageAt: publicIn[publicIn.length - 1].createdAt,
        lastAgentReplyAt: publicOut[publicOut.length - 1]?.createdAt ?? null,
        createdAt,
        updatedAt: messages[messages.length - 1].createdAt,
        messages,
        tagNames,
      });
    }
  }

  // Human numbers follow the order of arrival.
  planned.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const tickets: DemoWorkspace["tickets"] = [];
  const messages: DemoWorkspace["messages"] = [];
  const ticketTags: DemoWorkspace["ticketTags"] = [];
  planned.forEach(({ messages: thread, tagNames, ...ticket }, index) => {
    tickets.push({ ...ticket, number: 1001 + index });
    messages.push(...thread);
    for (const name of tagNames) ticketTags.push({ ticketId: ticket.id, tagId: tagId(name) });
  });

  return {
    groups: groups.map(({ key: _key, ...group }) => group),
    users,
    memberships,
    companies,
    companyDomains,
    contacts: contacts.map(({ gender: _gender, companyName: _companyName, weight: _weight, ...contact }) => contact),
    contactEmails,
    tickets,
    messages,
    tags,
    ticketTags,
  };
}

function jitterPriority(base: TicketPriority, random: Random): TicketPriority {
  const index = priorityOrder.indexOf(base);
  const roll = random.float();
  const shifted = roll < 0.1 ? index - 1 : roll > 0.9 ? index + 1 : index;
  return priorityOrder[Math.min(priorityOrder.length - 1, Math.max(0, shifted))];
}

/** When the last message of a ticket was written, by situation. */
function lastMessageAnchor(situation: Situation, status: TicketStatus, now: number, random: Random): number {
  switch (situation) {
    case "waiting":
      return now - random.float(20 * MINUTE, 2 * DAY);
    case "active":
      return now - random.float(30 * MINUTE, 30 * HOUR);
    case "pending":
      return now - random.float(3 * HOUR, 6 * DAY);
    case "hold":
      return now - random.float(1 * DAY, 12 * DAY);
    default:
      // Solved in the last week; closed tickets were solved (then closed) over the last ~3 months.
      return status === "solved" ? now - random.float(1 * HOUR, 6.5 * DAY) : now - random.float(8 * DAY, 108 * DAY);
  }
}

/**
 * A thread nobody has answered publicly yet: it starts inside (or, when breaching, well past)
 * the first-response delay before `now`.
 */
function unansweredTimeline(roles: Role[], now: number, firstResponse: number, breach: boolean, random: Random): number[] {
  const start = now - firstResponse * (breach ? random.float(1.3, 3) : random.float(0.1, 0.8));
  const times = [start];
  for (let i = 1; i < roles.length; i++) times.push(start + (now - start) * random.float(0.3, 0.9));
  return times.sort((a, b) => a - b);
}

/**
 * Built backwards from the last message: each earlier message comes a plausible gap before
 * the next one. Our messages land in office hours, the customer's in the daytime.
 */
function answeredTimeline(roles: Role[], anchor: number, priority: TicketPriority, firstResponse: number, random: Random): number[] {
  const pace = { urgent: 0.25, high: 0.5, normal: 1, low: 1.5 }[priority];
  const firstAgent = roles.findIndex((role) => !customerRoles.has(role) && role !== "note");
  const times = new Array<number>(roles.length);
  const place = (index: number, at: number) => snapBack(at, customerRoles.has(roles[index]) ? CUSTOMER : OFFICE, random);
  times[roles.length - 1] = place(roles.length - 1, anchor);
  for (let i = roles.length - 2; i >= 0; i--) {
    const role = roles[i];
    const next = roles[i + 1];
    let gap: number;
    if (next === "note") gap = random.float(5 * MINUTE, 4 * HOUR);
    else if (role === "note") gap = random.float(10 * MINUTE, 6 * HOUR);
    else if (i + 1 === firstAgent) {
      // The first answer: usually within the promised delay, sometimes late.
      gap = firstResponse * (random.chance(0.12) ? random.float(1.1, 2.5) : random.float(0.05, 0.85));
    } else if (!customerRoles.has(next)) gap = random.float(15 * MINUTE, 20 * HOUR) * pace;
    else if (next === "thanks") gap = random.float(10 * MINUTE, 20 * HOUR);
    else gap = random.float(30 * MINUTE, 50 * HOUR);
    if (role === "resolution" && next === "thanks") gap = random.float(10 * MINUTE, 20 * HOUR);
    times[i] = place(i, times[i + 1] - gap);
  }
  return times;
}

function ticketVariables(createdAt: number, random: Random): Record<string, string> {
  const year = new Date(createdAt).getUTCFullYear();
  return {
    facture: `${year}-${String(random.int(12, 480)).padStart(3, "0")}`,
    devis: `D${year}-${String(random.int(100, 999))}`,
    err: random.pick(printerErrorCodes),
    n: String(random.int(1000, 9999)),
  };
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

function customerText(
  role: Role,
  index: number,
  template: TicketTemplate,
  snippets: Snippets,
  requester: DemoContact,
  agent: DemoUser,
  vars: Record<string, string>,
  random: Random,
): string {
  const english = snippets === englishSnippets;
  const body = {
    request: template.request,
    relance: random.pick(snippets.relances),
    customerReply: template.customerReply,
    customerFollowUp: snippets.followUps[Number(vars.followUp)].customer,
    thanks: random.pick(snippets.thanks),
  }[role as "request" | "relance" | "customerReply" | "customerFollowUp" | "thanks"];
  const agentFirstName = agent.name.split(" ")[0];
  const greeting =
    index === 0 || role === "relance"
      ? random.pick(snippets.firstGreetings)
      : english
        ? random.pick(["Hello,", `Hi ${agentFirstName},`])
        : random.pick(["Bonjour,", `Bonjour ${agentFirstName},`]);
  const closing =
    index === 0 && !english && random.chance(0.4) ? "Merci d'avance pour votre aide.\n\nCordialement," : random.pick(snippets.customerClosings);
  const name = `${requester.firstName} ${requester.lastName}`;
  const signature = index === 0 && requester.companyName ? `${name}\n${requester.jobTitle} — ${requester.companyName}` : name;
  return `${greeting}\n\n${fill(body, vars)}\n\n${closing}\n${signature}`;
}

function agentText(
  role: Role,
  template: TicketTemplate,
  snippets: Snippets,
  requester: DemoContact,
  agent: DemoUser,
  vars: Record<string, string>,
  random: Random,
): string {
  const english = snippets === englishSnippets;
  const body = {
    reply: template.reply,
    agentFollowUp: snippets.followUps[Number(vars.followUp)].agent,
    hold: random.pick(snippets.holds),
    resolution: template.resolution,
    ack: random.pick(snippets.acknowledgements),
  }[role as "reply" | "agentFollowUp" | "hold" | "resolution" | "ack"];
  const greeting = english
    ? `Dear ${requester.gender === "f" ? "Ms" : "Mr"} ${requester.lastName},`
    : `Bonjour ${requester.gender === "f" ? "Madame" : "Monsieur"} ${requester.lastName},`;
  return `${greeting}\n\n${fill(body, vars)}\n\n${snippets.agentClosing}\n\n${agent.name}\n${snippets.signature[template.group]}`;
}

/** Lower-case ASCII for e-mail local parts: "Jean-Marc Lévêque" → "jean-marc", "leveque". */
function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

// ───────────────────────────── writing ─────────────────────────────

/**
 * Writes the demo workspace into an empty database (the caller checks it is empty) in one
 * transaction and returns what was created.
 */
export async function seedDemoWorkspace(client: PrismaClient, options: { passwordHash: string; now?: Date }): Promise<DemoSeedSummary> {
  // A few deliberate duplicates for the Clients › Doublons page (customers-demo.ts).
  const plan = withDemoDuplicates(buildDemoWorkspace(options), options.now);
  await client.$transaction(
    async (tx) => {
      await tx.group.createMany({ data: plan.groups });
      await tx.user.createMany({ data: plan.users });
      for (const membership of plan.memberships) {
        await tx.user.update({
          where: { id: membership.userId },
          data: { groups: { connect: membership.groupIds.map((id) => ({ id })) } },
        });
      }
      await tx.company.createMany({ data: plan.companies });
      await tx.companyDomain.createMany({ data: plan.companyDomains });
      // The plan's consent (who agreed, how, when) becomes each primary address's consent in marketing-audience-demo.ts.
      await tx.contact.createMany({ data: plan.contacts.map(({ marketingConsent: _consent, consentAt: _at, consentSource: _source, ...contact }) => contact) });
      await tx.contactEmail.createMany({ data: plan.contactEmails });
      // SLA and planning (planning-demo.ts): policies first, tickets linked to them, interventions after.
      await seedDemoSlaPolicies(tx, options.now ?? new Date());
      await tx.ticket.createMany({ data: plan.tickets.map(withDemoSla) });
      await tx.message.createMany({ data: plan.messages });
      await tx.tag.createMany({ data: plan.tags });
      await tx.ticketTag.createMany({ data: plan.ticketTags });
      await seedDemoInterventions(tx, plan, options.now ?? new Date());
      await seedDemoPastInterventions(tx, plan);
      await seedDemoCannedReplies(tx, plan, options.now ?? new Date());
      await seedDemoRatings(tx, plan, options.now ?? new Date());
      await seedDemoSales(tx, plan, options.now ?? new Date());
      await seedDemoAutomations(tx, plan, options.now ?? new Date());
      await seedDemoMarketingAudience(tx, plan, options.now ?? new Date());
      const lastNumber = Math.max(...plan.tickets.map((ticket) => ticket.number));
      await tx.counter.upsert({
        where: { name: "ticket_number" },
        create: { name: "ticket_number", value: lastNumber },
        update: { value: lastNumber },
      });
      await tx.setting.upsert({
        where: { key: "workspace.demo" },
        create: { key: "workspace.demo", value: "true" },
        update: { value: "true" },
      });
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
  // Campaigns go through the marketing domain, which opens its own transactions: after the commit.
  await seedDemoCampaigns(client, options.now ?? new Date());
  // The help centre goes through the knowledge-base authoring domain, which opens its own transactions too.
  await seedDemoKnowledgeBase(client, options.now ?? new Date());
  return {
    users: plan.users.length,
    groups: plan.groups.length,
    companies: plan.companies.length,
    contacts: plan.contacts.length,
    tickets: plan.tickets.length,
    messages: plan.messages.length,
  };
}
