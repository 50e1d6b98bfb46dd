import { beforeAll, describe, expect, it } from "vitest";
import { handleAutomationEvent } from "~/domain/automations/automation-consumer.server";
import { dryRunRule } from "~/domain/automations/dry-run.server";
import { listRules } from "~/domain/automations/rules.server";
import { createTicket } from "~/domain/helpdesk/tickets.server";
import { contractInForceWhere } from "~/domain/sales/contract-status";
import { db } from "~/lib/db.server";
import { demoGroups } from "../../prisma/seed/demo-data.ts";
import { seedDemoWorkspace } from "../../prisma/seed/demo-workspace.ts";
import { watchEvents } from "../support/events.ts";

/** The demo workspace's rules: readable by the pages, the active one sorting a real new ticket, the others tried without writing. */

const now = new Date();

beforeAll(async () => {
  await seedDemoWorkspace(db(), { passwordHash: "$2a$04$demo-hash-for-tests", now });
}, 60_000);

describe("demo workspace: automations", () => {
  it("has three rules in order, only the event rule switched on", async () => {
    const rules = await listRules(now);
    expect(rules.map(({ rule }) => [rule.name, rule.trigger, rule.active])).toEqual([
      ["Incidents urgents sous contrat → Terrain", "ticket_created", true],
      ["Relance après 7 jours en attente du client", "time", false],
      ["Non assigné depuis 2 heures ouvrées → prévenir le groupe", "time", false],
    ]);
  });

  it("sends an urgent incident of a customer under contract to the field team, who are told", async () => {
    const contract = await db().contract.findFirstOrThrow({ where: contractInForceWhere(now), select: { company: { select: { contacts: { select: { id: true }, take: 1 } } } } });
    const requesterId = contract.company.contacts[0].id;
    const watch = await watchEvents();
    const ticket = await createTicket({
      requesterId,
      subject: "Serveur de fichiers arrêté",
      channel: "email",
      type: "incident",
      openedBy: { contactId: requesterId },
      firstMessage: { bodyText: "Plus personne ne peut travailler, c'est URGENT." },
    });
    for (const event of await watch.read("ticket.created")) await handleAutomationEvent(event, { now });

    const fieldTeam = await db().group.findFirstOrThrow({ where: { name: demoGroups.n2.name }, select: { id: true, users: { select: { id: true } } } });
    const sorted = await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId }, select: { priority: true, groupId: true, tags: { select: { tag: { select: { name: true } } } } } });
    expect(sorted).toMatchObject({ priority: "urgent", groupId: fieldTeam.id, tags: [{ tag: { name: "urgent-client" } }] });
    const told = await db().notification.findMany({ where: { ticketId: ticket.ticketId, kind: "automation" }, select: { userId: true } });
    expect(told.map((row) => row.userId).sort()).toEqual(fieldTeam.users.map((user) => user.id).sort());
  });

  it("lets the admin try the two time rules on the demo's tickets without writing anything", async () => {
    const before = { runs: await db().automationRun.count(), mails: await db().outboundEmail.count(), events: await db().domainEvent.count() };
    const totals: number[] = [];
    for (const { rule } of (await listRules(now)).filter(({ rule }) => rule.trigger === "time")) {
      const result = await dryRunRule(rule, { ruleId: rule.id, now });
      totals.push(result.total);
      for (const match of result.matches) for (const step of match.steps) expect("reason" in step ? step.reason : undefined).not.toBe("gone");
    }
    // The demo has tickets nobody took for hours: the second rule would tell their groups.
    expect(totals[1]).toBeGreaterThan(0);
    expect({ runs: await db().automationRun.count(), mails: await db().outboundEmail.count(), events: await db().domainEvent.count() }).toEqual(before);
  });
});
