/**
 * The demo workspace's SLA and planning: the workspace-wide SLA policies (the same targets as
 * the migration gives a real install), every demo ticket linked to the policy of its priority,
 * the resolution clock paused on tickets waiting on the customer, a few interventions planned
 * for the two technicians this week and next, on open tickets of the field group, and the
 * interventions done on the field group's solved tickets over the past months.
 *
 * Deterministic for a given `now`, like the rest of the demo (ids included). Demo tickets keep
 * the due dates the demo planned for them (see docs/decisions/004-sla.md).
 */
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import { addDays, fromZoned, isoDate, type LocalDate, toZoned, weekdayIndex } from "../../app/domain/helpdesk/sla/business-calendar.ts";
import { defaultPolicyId, defaultSlaTargets } from "../../app/domain/helpdesk/sla/sla-settings.ts";
import { ticketPriorities } from "../../app/domain/helpdesk/ticket-vocabulary.ts";
import type { DemoWorkspace } from "./demo-workspace.ts";

type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const FIELD_GROUP = "Support N2 / Terrain";

/** Interventions the demo plans: working-day offset from today, Paris times, who, how. */
const demoSlots: Array<{ dayOffset: number; start: number; end: number; technician: "tech@comptoir.test" | "tech2@comptoir.test"; kind: "onsite" | "remote"; notes: string }> = [
  { dayOffset: 0, start: 9 * 60, end: 11 * 60, technician: "tech2@comptoir.test", kind: "onsite", notes: "Apporter un rouleau de fusion de rechange." },
  { dayOffset: 0, start: 14 * 60, end: 15 * 60 + 30, technician: "tech@comptoir.test", kind: "remote", notes: "Prise en main à distance : prévenir le client 10 minutes avant." },
  { dayOffset: 1, start: 8 * 60 + 30, end: 10 * 60, technician: "tech@comptoir.test", kind: "onsite", notes: "Badge à demander à l'accueil." },
  { dayOffset: 1, start: 13 * 60 + 30, end: 17 * 60, technician: "tech2@comptoir.test", kind: "onsite", notes: "Remplacement du switch du 1er étage : prévoir la coupure réseau avec le client." },
  { dayOffset: 2, start: 10 * 60, end: 12 * 60, technician: "tech2@comptoir.test", kind: "onsite", notes: "" },
  { dayOffset: 3, start: 9 * 60, end: 9 * 60 + 45, technician: "tech@comptoir.test", kind: "remote", notes: "Vérifier les sauvegardes de la nuit." },
  { dayOffset: 6, start: 14 * 60, end: 16 * 60, technician: "tech2@comptoir.test", kind: "onsite", notes: "Installation du nouveau poste de caisse." },
];

/** The n-th working day (Monday–Friday) from `date`, `date` itself counting when it is one. */
function workingDay(date: LocalDate, offset: number): LocalDate {
  let day = date;
  while (weekdayIndex(day) > 4) day = addDays(day, 1);
  for (let moved = 0; moved < offset; ) {
    day = addDays(day, 1);
    if (weekdayIndex(day) <= 4) moved += 1;
  }
  return day;
}

/** The workspace-wide policies (a migrated database already has them: same ids, same targets). Before the tickets. */
export async function seedDemoSlaPolicies(tx: TransactionClient, now: Date): Promise<void> {
  for (const priority of ticketPriorities) {
    const targets = defaultSlaTargets[priority];
    await tx.slaPolicy.upsert({
      where: { id: defaultPolicyId(priority) },
      create: { id: defaultPolicyId(priority), name: `Standard · ${priority}`, priority, companyId: null, ...targets, createdAt: now },
      update: { ...targets, active: true },
    });
  }
}

/**
 * A demo ticket with its SLA: the policy of its priority, and, when it waits on the customer, the
 * resolution clock paused since our last reply.
 */
export function withDemoSla<Ticket extends DemoWorkspace["tickets"][number]>(ticket: Ticket) {
  return {
    ...ticket,
    slaPolicyId: defaultPolicyId(ticket.priority as (typeof ticketPriorities)[number]),
    slaPausedSince: ticket.status === "pending_customer" ? (ticket.lastAgentReplyAt ?? ticket.createdAt) : null,
  };
}

/** A few interventions this week and next for the two technicians, on open field tickets with a company address. After the tickets. */
export async function seedDemoInterventions(tx: TransactionClient, plan: DemoWorkspace, now: Date): Promise<{ interventions: number }> {
  const fieldGroup = plan.groups.find((group) => group.name === FIELD_GROUP);
  const planner = plan.users.find((user) => user.email === "admin@comptoir.test");
  const companies = new Map(plan.companies.map((company) => [company.id, company]));
  const candidates = plan.tickets.filter(
    (ticket) =>
      ticket.groupId === fieldGroup?.id &&
      ["new", "open", "on_hold", "pending_customer"].includes(ticket.status) &&
      ticket.companyId !== null &&
      Boolean(companies.get(ticket.companyId)?.street),
  );
  const today = toZoned(now, "Europe/Paris").date;
  let created = 0;
  for (const [index, slot] of demoSlots.entries()) {
    const ticket = candidates[index];
    const technician = plan.users.find((user) => user.email === slot.technician);
    if (!ticket || !technician) break;
    const company = companies.get(ticket.companyId as string)!;
    const day = workingDay(today, slot.dayOffset);
    const startsAt = fromZoned(day, slot.start, "Europe/Paris");
    const endsAt = fromZoned(day, slot.end, "Europe/Paris");
    // Planned the day before (or an hour after the ticket came in, when it is younger than that).
    const plannedAt = new Date(Math.floor(Math.min(now.getTime(), Math.max(ticket.createdAt.getTime() + 60 * 60 * 1000, now.getTime() - 24 * 60 * 60 * 1000)) / 1000) * 1000);
    const id = `demo_intervention_${isoDate(day).replace(/-/g, "")}_${index + 1}`;
    await tx.intervention.create({
      data: {
        id,
        ticketId: ticket.id,
        technicianId: technician.id,
        plannedById: planner?.id ?? null,
        kind: slot.kind,
        startsAt,
        endsAt,
        address: slot.kind === "onsite" ? [company.street, `${company.postalCode} ${company.city}`.trim()].filter(Boolean).join(", ") : "",
        notes: slot.notes,
        createdAt: plannedAt,
        updatedAt: plannedAt,
      },
    });
    await tx.ticketEvent.create({
      data: {
        ticketId: ticket.id,
        actorId: planner?.id ?? null,
        kind: "intervention_planned",
        data: JSON.stringify({ interventionId: id, technicianId: technician.id, technicianName: technician.name, kind: slot.kind, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() }),
        createdAt: plannedAt,
      },
    });
    created += 1;
  }
  return { interventions: created };
}

/** What the technicians wrote after past interventions (a dashboard counts them and their duration). */
const pastReports = [
  "Rouleau de fusion remplacé, 20 pages de test sans défaut. Client formé au nettoyage du capteur.",
  "Switch redémarré et firmware mis à jour ; le port 12 était défectueux, câble déplacé sur le 14.",
  "Sauvegarde NAS reconfigurée (rotation sur 14 jours), test de restauration d'un dossier concluant.",
  "Poste réinstallé, profils utilisateurs restaurés, imprimantes réseau ajoutées.",
  "Prise en main à distance : pilote du terminal de paiement réinstallé, transaction test OK.",
  "Borne Wi-Fi déplacée au centre de la salle, débit mesuré à 180 Mb/s sur les deux postes.",
] as const;

/**
 * The field group's history: most of its solved tickets needed an intervention, done on a working
 * day between the request and its resolution, reported by the technician. Deterministic (from the
 * ticket number); never two at once for one technician. After the tickets.
 */
export async function seedDemoPastInterventions(tx: TransactionClient, plan: DemoWorkspace): Promise<{ interventions: number }> {
  const fieldGroup = plan.groups.find((group) => group.name === FIELD_GROUP);
  const planner = plan.users.find((user) => user.email === "admin@comptoir.test");
  const technicians = ["tech@comptoir.test", "tech2@comptoir.test"].map((email) => plan.users.find((user) => user.email === email)!);
  const companies = new Map(plan.companies.map((company) => [company.id, company]));
  const booked = new Map<string, Array<{ from: number; to: number }>>(technicians.map((technician) => [technician.id, []]));
  const resolved = plan.tickets.filter(
    (ticket) => ticket.groupId === fieldGroup?.id && (ticket.status === "solved" || ticket.status === "closed") && ticket.solvedAt !== null && ticket.companyId !== null,
  );
  let created = 0;
  for (const ticket of resolved) {
    // Three field tickets in four needed someone to go (or connect) there.
    if (ticket.number % 4 === 3) continue;
    const company = companies.get(ticket.companyId as string)!;
    const onsite = Boolean(company.street) && ticket.number % 3 !== 0;
    const duration = (onsite ? 60 + (ticket.number % 5) * 30 : 30 + (ticket.number % 4) * 15) * 60_000;
    // The next working day after the request, morning or afternoon; the same day, remote, when the ticket was solved sooner.
    const day = workingDay(addDays(toZoned(ticket.createdAt, "Europe/Paris").date, 1), 0);
    let startsAt = fromZoned(day, ticket.number % 2 === 0 ? 9 * 60 : 14 * 60, "Europe/Paris").getTime();
    const latestEnd = ticket.solvedAt!.getTime() - 30 * 60_000;
    if (startsAt + duration > latestEnd) startsAt = Math.floor((latestEnd - duration) / 60_000) * 60_000;
    if (startsAt < ticket.createdAt.getTime() + 30 * 60_000) continue;
    const endsAt = startsAt + duration;
    const technician = technicians.find((candidate) => !booked.get(candidate.id)!.some((slot) => slot.from < endsAt && slot.to > startsAt));
    if (!technician) continue;
    booked.get(technician.id)!.push({ from: startsAt, to: endsAt });
    const plannedAt = new Date(Math.floor(Math.min(startsAt - 60 * 60_000, ticket.createdAt.getTime() + 60 * 60_000) / 1000) * 1000);
    const reportedAt = new Date(Math.min(endsAt + 20 * 60_000, ticket.solvedAt!.getTime() - 60_000));
    const id = `demo_intervention_done_${ticket.number}`;
    const kind = onsite ? "onsite" : "remote";
    await tx.intervention.create({
      data: {
        id,
        ticketId: ticket.id,
        technicianId: technician.id,
        plannedById: planner?.id ?? null,
        kind,
        startsAt: new Date(startsAt),
        endsAt: new Date(endsAt),
        address: onsite ? [company.street, `${company.postalCode} ${company.city}`.trim()].filter(Boolean).join(", ") : "",
        notes: "",
        status: "done",
        report: pastReports[ticket.number % pastReports.length],
        reportedAt,
        createdAt: plannedAt,
        updatedAt: reportedAt,
      },
    });
    await tx.ticketEvent.createMany({
      data: [
        {
          ticketId: ticket.id,
          actorId: planner?.id ?? null,
          kind: "intervention_planned",
          data: JSON.stringify({ interventionId: id, technicianId: technician.id, technicianName: technician.name, kind, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString() }),
          createdAt: plannedAt,
        },
        { ticketId: ticket.id, actorId: technician.id, kind: "intervention_reported", data: JSON.stringify({ interventionId: id, messageId: null }), createdAt: reportedAt },
      ],
    });
    created += 1;
  }
  return { interventions: created };
}
