/**
 * The demo workspace's automation rules (Administration › Automatisations), written by the
 * administrator: urgent incidents of customers under contract go straight to the field team, who
 * are told (active: it only acts on new tickets); a reminder to customers who have not answered
 * for a week, and the group told about tickets nobody took (inactive: switched on, they would act
 * at once on the demo's older tickets; the dry run shows which). Deterministic ids and dates.
 */
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import type { DemoWorkspace } from "./demo-workspace.ts";
import { demoGroups } from "./demo-data.ts";

type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const noValue = { text: "", amount: null, unit: null };

export const demoReminderReply = {
  id: "cdemocannedreply0000000006",
  title: "Relance après une semaine sans nouvelles",
  body:
    "Bonjour {{client.prenom}},\n\n" +
    "Nous attendons votre retour sur votre demande n° {{ticket.numero}} (« {{ticket.sujet}} »).\n" +
    "Le problème est-il réglé ? Si oui, dites-le-nous et nous clôturerons la demande ; sinon, répondez simplement à ce message.\n\n" +
    "Bien cordialement,\n{{agent.nom}}",
};

export async function seedDemoAutomations(tx: TransactionClient, plan: DemoWorkspace, now: Date): Promise<void> {
  const admin = plan.users.find((user) => user.email === "admin@comptoir.test");
  const group = (name: string) => plan.groups.find((candidate) => candidate.name === name)!.id;
  const fieldTeam = group(demoGroups.n2.name);
  const createdAt = new Date(Math.floor(now.getTime() / 1000) * 1000 - 30 * 24 * 60 * 60 * 1000);
  const by = { createdById: admin?.id ?? null, updatedById: admin?.id ?? null, createdAt, updatedAt: createdAt };

  await tx.cannedReply.create({ data: { ...demoReminderReply, createdById: admin?.id ?? null, createdAt, updatedAt: createdAt } });
  await tx.automationRule.createMany({
    data: [
      {
        id: "cdemoautomationrule0000001",
        name: "Incidents urgents sous contrat → Terrain",
        description: "Un incident urgent (priorité, ou « urgent » dans l'objet ou le message) d'un client sous contrat de maintenance passe en priorité urgente et part directement au support N2 / Terrain, qui est prévenu.",
        active: true,
        position: 1,
        trigger: "ticket_created",
        conditions: JSON.stringify({
          all: [
            { field: "type", operator: "is", values: ["incident"], ...noValue },
            { field: "company_contract", operator: "is", values: ["yes"], ...noValue },
          ],
          any: [
            { field: "priority", operator: "is", values: ["urgent"], ...noValue },
            { field: "subject", operator: "contains", values: [], text: "urgent", amount: null, unit: null },
            { field: "customer_text", operator: "contains", values: [], text: "urgent", amount: null, unit: null },
          ],
        }),
        actions: JSON.stringify([
          { type: "set_priority", priority: "urgent" },
          { type: "set_group", groupId: fieldTeam },
          { type: "add_tags", tags: ["urgent-client"] },
          { type: "notify", recipient: "group", userId: null },
        ]),
        ...by,
      },
      {
        id: "cdemoautomationrule0000002",
        name: "Relance après 7 jours en attente du client",
        description: "Une relance par e-mail au client qui n'a pas répondu depuis une semaine (une seule fois par attente).",
        active: false,
        position: 2,
        trigger: "time",
        conditions: JSON.stringify({
          all: [
            { field: "status", operator: "is", values: ["pending_customer"], ...noValue },
            { field: "since_status_change", operator: "greater", values: [], text: "", amount: 7, unit: "days" },
          ],
          any: [],
        }),
        actions: JSON.stringify([
          { type: "send_reply", cannedReplyId: demoReminderReply.id },
          { type: "add_tags", tags: ["relancé"] },
        ]),
        ...by,
      },
      {
        id: "cdemoautomationrule0000003",
        name: "Non assigné depuis 2 heures ouvrées → prévenir le groupe",
        description: "Personne n'a pris le ticket en deux heures ouvrées : les membres de son groupe sont prévenus.",
        active: false,
        position: 3,
        trigger: "time",
        conditions: JSON.stringify({
          all: [
            { field: "assignee", operator: "is", values: ["none"], ...noValue },
            { field: "status", operator: "is", values: ["new", "open"], ...noValue },
            { field: "since_created", operator: "greater", values: [], text: "", amount: 2, unit: "business_hours" },
          ],
          any: [],
        }),
        actions: JSON.stringify([{ type: "notify", recipient: "group", userId: null }]),
        ...by,
      },
    ],
  });
}
