import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { automationConsumer, handleAutomationEvent } from "~/domain/automations/automation-consumer.server";
import { dryRunRule } from "~/domain/automations/dry-run.server";
import { runRuleOnTicket } from "~/domain/automations/rule-runs.server";
import { activeRules, createRule, RuleReferenceError, setRuleActive, updateRule } from "~/domain/automations/rules.server";
import { loadPlanLookups } from "~/domain/automations/snapshots.server";
import { runTimeRules } from "~/domain/automations/time-rule-runs.server";
import type { StoredEvent } from "~/domain/events.server";
import { loadBusinessCalendar } from "~/domain/helpdesk/sla/sla.server";
import { moveDeal } from "~/domain/sales/deal-commands.server";
import { deliverDueWebhooks } from "~/domain/webhooks/webhook-delivery.server";
import { deleteWebhookEndpoint, updateWebhookEndpoint } from "~/domain/webhooks/webhook-endpoints.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import type { SafeHttpClient } from "~/lib/net/safe-http-client.server";
import type { EventDispatcher } from "../../server/workers/event-dispatcher.ts";
import { aRule, runsOf, statusChangedAt, when } from "../support/automations-factories.ts";
import { aCompany } from "../support/customers-factories.ts";
import { anEmailTicket } from "../support/email-factories.ts";
import { startTestDispatcher, watchEvents } from "../support/events.ts";
import { aUser } from "../support/factories.ts";
import { aQueueTicket } from "../support/helpdesk-factories.ts";
import { aDeal, viewerOf } from "../support/sales-deals-factories.ts";
import { anEndpoint, loopbackClient, startWebhookReceiver, type WebhookReceiver } from "../support/webhooks-factories.ts";

/**
 * The automation action "call a webhook": the rule's call is queued in the run's transaction (a
 * run rolled back calls nothing), keyed on the rule and the event (an event handled again calls
 * once), signed and delivered like any webhook — a local receiver verifies every signature with
 * the standardwebhooks library. The dry run shows the call and says what the run then does. A
 * webhook deleted or switched off is not called: the run says so, the other actions still apply,
 * and a run left with nothing to do is logged as failed.
 */

let dispatcher: EventDispatcher;
let receiver: WebhookReceiver;
let client: SafeHttpClient;
let admin: Awaited<ReturnType<typeof aUser>>;

beforeAll(async () => {
  admin = await aUser({ role: "admin", name: "Claire Admin" });
  receiver = await startWebhookReceiver();
  client = loopbackClient();
  dispatcher = await startTestDispatcher([automationConsumer]);
});

afterAll(async () => {
  await dispatcher?.stop();
  client?.close();
  await receiver?.close();
});

beforeEach(async () => {
  receiver.respond(() => ({ status: 200, body: "ok" }));
});

// Each test switches on its own rules and registers its own endpoints.
afterEach(async () => {
  await db().automationRule.updateMany({ data: { active: false } });
  await db().webhookEndpoint.deleteMany();
});

const deliverAll = () => deliverDueWebhooks({ client });

/** A new ticket and the event that announced it. */
async function aNewTicket(subject: string) {
  const watch = await watchEvents();
  const ticket = await anEmailTicket({ subject });
  const created = (await watch.read("ticket.created"))[0] as StoredEvent<"ticket.created">;
  return { ...ticket, created };
}

describe("a rule that calls a webhook", () => {
  it("sends a signed automation.triggered call with the rule and the ticket as the rule left it, once the run is committed", async () => {
    const endpoint = await anEndpoint(receiver, "/erp", ["contact.created"], { description: "ERP" });
    const rule = await aRule(
      {
        name: "Imprimantes → ERP",
        trigger: "ticket_created",
        conditions: { all: [when({ field: "subject", operator: "contains", text: "imprimante" })], any: [] },
        actions: [
          { type: "call_webhook", endpointId: endpoint.id },
          { type: "set_priority", priority: "high" },
          { type: "add_tags", tags: ["erp"] },
        ],
      },
      { actorId: admin.id },
    );
    const ticket = await aNewTicket("Imprimante du 2e étage bloquée");
    await dispatcher.drain();
    await deliverAll();

    const received = receiver.on("/erp");
    expect(received).toHaveLength(1);
    expect(received[0].verifyError).toBeNull();
    expect(received[0].webhookId).toBe(`msg_${rule.id}:${ticket.created.id}`);
    expect(received[0].verified).toMatchObject({
      type: "automation.triggered",
      actor: { kind: "automation", id: rule.id },
      data: {
        rule: { id: rule.id, name: "Imprimantes → ERP" },
        trigger: "ticket_created",
        // The whole rule applied: the fields set after the call in the list are in the body too.
        ticket: { id: ticket.ticketId, number: ticket.number, subject: "Imprimante du 2e étage bloquée", priority: "high", tags: ["erp"], webUrl: `${env().PUBLIC_URL}/support/tickets/${ticket.number}` },
      },
    });
    const delivery = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id }, select: { eventPosition: true, eventType: true, status: true } });
    expect(delivery).toEqual({ eventPosition: ticket.created.position, eventType: "automation.triggered", status: "delivered" });

    const runs = await runsOf(rule.id);
    expect(runs).toMatchObject([{ outcome: "applied", runKey: ticket.created.id }]);
    expect(runs[0].steps[0]).toEqual({ type: "call_webhook", endpointId: endpoint.id, name: "ERP", outcome: "apply" });
    const history = await db().ticketEvent.findFirstOrThrow({ where: { ticketId: ticket.ticketId, kind: "automation_webhook" }, select: { data: true } });
    expect(JSON.parse(history.data)).toEqual({ name: "ERP", automation: { ruleId: rule.id, ruleName: "Imprimantes → ERP" } });
  });

  it("is in the dry run as a call of the webhook, and the dry run is what the rule then does", async () => {
    const endpoint = await anEndpoint(receiver, "/dry-run", ["contact.created"], { description: "Téléphonie" });
    const definition = {
      name: "Caisses → téléphonie",
      description: "",
      trigger: "ticket_created" as const,
      conditions: { all: [when({ field: "subject", operator: "contains", text: "caisse dry-run" })], any: [] },
      actions: [
        { type: "set_priority" as const, priority: "urgent" as const },
        { type: "call_webhook" as const, endpointId: endpoint.id },
      ],
    };
    const { id } = await createRule(definition, admin.id);
    const ticket = await aNewTicket("La caisse dry-run ne démarre plus");
    await dispatcher.drain();
    expect(await runsOf(id)).toEqual([]);

    const dryRun = await dryRunRule(definition, { ruleId: id });
    const predicted = dryRun.matches.find((match) => match.ticket?.id === ticket.ticketId);
    expect(predicted?.steps).toEqual([
      { type: "set_field", field: "priority", from: "normal", to: "urgent", outcome: "apply" },
      { type: "call_webhook", endpointId: endpoint.id, name: "Téléphonie", outcome: "apply" },
    ]);
    expect(await db().webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);

    await setRuleActive(id, { active: true, version: 1 }, admin.id);
    const [result] = await handleAutomationEvent(ticket.created);
    expect(result.result).toEqual({ outcome: "applied", steps: predicted!.steps });
    await deliverAll();
    expect(receiver.on("/dry-run").map((entry) => entry.verified?.data.ticket)).toMatchObject([{ id: ticket.ticketId, priority: "urgent" }]);
  });

  it("calls once for an event handled again, even when its run is no longer in the log", async () => {
    const endpoint = await anEndpoint(receiver, "/replay", ["contact.created"]);
    const rule = await aRule({ name: "Chaque ticket → ERP", trigger: "ticket_created", conditions: { all: [when({ field: "subject", operator: "contains", text: "rejoué" })], any: [] }, actions: [{ type: "call_webhook", endpointId: endpoint.id }] }, { actorId: admin.id });
    const ticket = await aNewTicket("Ticket rejoué");
    await dispatcher.drain();
    expect(await handleAutomationEvent(ticket.created)).toEqual([{ ruleId: rule.id, result: { outcome: "already_done" } }]);
    await deliverAll();
    // The run log pruned, the event handled once more: the call is keyed on (rule, event), it is not queued twice.
    await db().automationRun.deleteMany({ where: { ruleId: rule.id } });
    expect((await handleAutomationEvent(ticket.created))[0].result.outcome).toBe("applied");
    await deliverAll();
    expect(receiver.on("/replay")).toHaveLength(1);
    expect(await db().webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(1);
  });

  it("calls nothing when its run rolls back; the event handled again then calls once", async () => {
    const endpoint = await anEndpoint(receiver, "/rollback", ["contact.created"]);
    const rule = await aRule(
      { name: "Annulée", trigger: "ticket_created", conditions: { all: [when({ field: "subject", operator: "contains", text: "annulée" })], any: [] }, actions: [{ type: "call_webhook", endpointId: endpoint.id }, { type: "add_tags", tags: ["erp"] }] },
      { actorId: admin.id, active: false },
    );
    const ticket = await aNewTicket("Commande annulée");
    await dispatcher.drain();
    await setRuleActive(rule.id, { active: true, version: 1 }, admin.id);
    // The run's own log row cannot be written: its transaction fails after the call was queued in it.
    await db().$executeRawUnsafe(`CREATE TRIGGER refuse_run BEFORE INSERT ON AutomationRun WHEN NEW.ruleId = '${rule.id}' BEGIN SELECT RAISE(ABORT, 'the run cannot be written'); END`);
    try {
      // (The driver reports the trigger's abort as a constraint failure.)
      await expect(handleAutomationEvent(ticket.created)).rejects.toThrow(/automationRun\.create/);
    } finally {
      await db().$executeRawUnsafe("DROP TRIGGER refuse_run");
    }
    expect(await db().webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    expect(await db().ticketTag.count({ where: { ticketId: ticket.ticketId } })).toBe(0);
    await deliverAll();
    expect(receiver.on("/rollback")).toHaveLength(0);

    // The dispatcher retries the event: this time the run is written, and the webhook called once.
    expect((await handleAutomationEvent(ticket.created))[0].result.outcome).toBe("applied");
    await deliverAll();
    expect(receiver.on("/rollback")).toHaveLength(1);
    expect(receiver.on("/rollback")[0].verifyError).toBeNull();
  });
});

describe("a webhook deleted or switched off", () => {
  it("is refused when saving a rule that names it, with the reason on the action", async () => {
    const endpoint = await anEndpoint(receiver, "/gone-form", ["contact.created"]);
    const rule = await aRule({ name: "Vers un webhook supprimé", trigger: "ticket_created", actions: [{ type: "call_webhook", endpointId: endpoint.id }] }, { actorId: admin.id, active: false });
    await deleteWebhookEndpoint({ endpointId: endpoint.id, actorId: admin.id });
    const saved = await db().automationRule.findUniqueOrThrow({ where: { id: rule.id }, select: { version: true } });
    const refused = await updateRule(rule.id, { ...rule, version: saved.version }, admin.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RuleReferenceError);
    expect((refused as RuleReferenceError).fieldErrors).toEqual({ "actions.0.value": "automations.validation.webhookGone" });
  });

  it("is not called: the run says so and the other actions apply; with nothing else to do the run is logged as failed", async () => {
    const endpoint = await anEndpoint(receiver, "/gone", ["contact.created"], { description: "Ancien ERP" });
    const withOthers = await aRule(
      { name: "Ancien ERP + étiquette", trigger: "ticket_created", conditions: { all: [when({ field: "subject", operator: "contains", text: "supprimé" })], any: [] }, actions: [{ type: "call_webhook", endpointId: endpoint.id }, { type: "add_tags", tags: ["erp"] }] },
      { actorId: admin.id },
    );
    const alone = await aRule(
      { name: "Ancien ERP seul", trigger: "ticket_created", conditions: { all: [when({ field: "subject", operator: "contains", text: "supprimé" })], any: [] }, actions: [{ type: "call_webhook", endpointId: endpoint.id }] },
      { actorId: admin.id },
    );
    await deleteWebhookEndpoint({ endpointId: endpoint.id, actorId: admin.id });
    const ticket = await aNewTicket("Webhook supprimé entre-temps");
    await dispatcher.drain();

    const [applied] = await runsOf(withOthers.id);
    expect(applied).toMatchObject({ outcome: "applied", error: null });
    expect(applied.steps).toEqual([
      { type: "call_webhook", endpointId: endpoint.id, name: "", outcome: "skipped", reason: "gone" },
      { type: "add_tags", tags: ["erp"], changed: ["erp"], outcome: "apply" },
    ]);
    const tags = await db().ticketTag.findMany({ where: { ticketId: ticket.ticketId }, select: { tag: { select: { name: true } } } });
    expect(tags.map((entry) => entry.tag.name)).toEqual(["erp"]);
    const [failed] = await runsOf(alone.id);
    expect(failed).toMatchObject({ outcome: "failed", error: "automations.runs.brokenRule", ticketId: ticket.ticketId });
    expect(failed.steps).toEqual([{ type: "call_webhook", endpointId: endpoint.id, name: "", outcome: "skipped", reason: "gone" }]);
    expect(await db().webhookDelivery.count()).toBe(0);
  });

  it("deleted or switched off after the plan was made, inside the run: skipped the same way", async () => {
    const doomed = await anEndpoint(receiver, "/late-delete", ["contact.created"], { description: "Supprimé en route" });
    const paused = await anEndpoint(receiver, "/late-pause", ["contact.created"], { description: "Éteint en route" });
    const rule = await aRule(
      { name: "En route", trigger: "ticket_created", actions: [{ type: "call_webhook", endpointId: doomed.id }, { type: "call_webhook", endpointId: paused.id }, { type: "set_type", ticketType: "other" }] },
      { actorId: admin.id, active: false },
    );
    const ticket = await anEmailTicket({ subject: "Changement en route" });
    await dispatcher.drain();
    await setRuleActive(rule.id, { active: true, version: 1 }, admin.id);
    const active = (await activeRules(["ticket_created"])).find((entry) => entry.id === rule.id)!;
    // The lists are read once per event, before the run: the endpoints change in between.
    const lookups = await loadPlanLookups();
    await deleteWebhookEndpoint({ endpointId: doomed.id, actorId: admin.id });
    const endpoint = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: paused.id }, select: { version: true } });
    await updateWebhookEndpoint({ endpointId: paused.id, form: { url: receiver.url("/late-pause"), description: "Éteint en route", events: ["contact.created"], active: false, version: endpoint.version }, actorId: admin.id });
    const result = await runRuleOnTicket(active, ticket.ticketId, { runKey: "late", now: new Date(), calendar: await loadBusinessCalendar(), lookups });
    expect(result).toMatchObject({
      outcome: "applied",
      steps: [
        { type: "call_webhook", name: "Supprimé en route", outcome: "skipped", reason: "gone" },
        { type: "call_webhook", name: "Éteint en route", outcome: "skipped", reason: "webhook_inactive" },
        { type: "set_field", field: "type", outcome: "apply" },
      ],
    });
    expect(await db().webhookDelivery.count()).toBe(0);
    expect(await db().ticketEvent.count({ where: { ticketId: ticket.ticketId, kind: "automation_webhook" } })).toBe(0);
    expect((await runsOf(rule.id))[0].steps).toEqual((result as { steps: unknown[] }).steps);
  });
});

describe("deal rules and time rules", () => {
  it("a won deal calls the webhook with the deal, its stage and the stage it left", async () => {
    const endpoint = await anEndpoint(receiver, "/deals", ["contact.created"]);
    const seller = await aUser({ role: "sales", name: "Thomas Ventes" });
    const rule = await aRule({ name: "Affaire gagnée → ERP", trigger: "deal_won", actions: [{ type: "call_webhook", endpointId: endpoint.id }] }, { actorId: admin.id });
    const company = await aCompany({ name: "Garage Lemaire (webhook)" });
    const deal = await aDeal({ companyId: company.id, ownerId: seller.id, amountCents: 1_200_000, title: "Parc de 20 postes" });
    await moveDeal(viewerOf(seller), { dealId: deal.id, toStageId: "stage_won", expectedVersion: deal.version });
    await dispatcher.drain();
    await deliverAll();
    const [call] = receiver.on("/deals");
    expect(call.verifyError).toBeNull();
    expect(call.verified).toMatchObject({
      type: "automation.triggered",
      data: {
        rule: { id: rule.id, name: "Affaire gagnée → ERP" },
        trigger: "deal_won",
        deal: { id: deal.id, title: "Parc de 20 postes", amountCents: 1_200_000, stage: { id: "stage_won", kind: "won" }, previousStage: { id: "stage_qualification" }, owner: { id: seller.id } },
      },
    });
    expect(call.verified?.data).not.toHaveProperty("ticket");
  });

  it("a time rule calls once per ticket and period, keyed on the rule and the period", async () => {
    const endpoint = await anEndpoint(receiver, "/time", ["contact.created"]);
    const rule = await aRule(
      {
        name: "En attente depuis 7 jours → ERP",
        trigger: "time",
        conditions: { all: [when({ field: "status", operator: "is", values: ["pending_customer"] }), when({ field: "since_status_change", operator: "greater", amount: 7, unit: "days" }), when({ field: "subject", operator: "contains", text: "relance erp" })], any: [] },
        actions: [{ type: "call_webhook", endpointId: endpoint.id }],
      },
      { actorId: admin.id },
    );
    const day = 24 * 3_600_000;
    const ticket = await aQueueTicket({ subject: "Relance ERP", createdAt: new Date(Date.now() - 10 * day), status: "open" });
    await statusChangedAt(ticket.id, "pending_customer", new Date(Date.now() - 8 * day));
    await runTimeRules();
    await runTimeRules();
    await deliverAll();
    const calls = receiver.on("/time");
    expect(calls).toHaveLength(1);
    const [run] = await runsOf(rule.id);
    expect(calls[0].webhookId).toBe(`msg_${rule.id}:${run.runKey}`);
    expect(calls[0].verified).toMatchObject({ data: { trigger: "time", ticket: { id: ticket.id, status: "pending_customer" } } });
    expect((await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id }, select: { eventPosition: true } })).eventPosition).toBeNull();
  });
});
