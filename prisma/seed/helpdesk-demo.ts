/**
 * The demo workspace's canned replies ("réponses types"), written by the administrator: the
 * answers a French support team sends every day, with placeholders filled per ticket when an
 * agent inserts one (app/domain/helpdesk/canned-replies.ts). Deterministic ids and dates.
 */
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import type { DemoWorkspace } from "./demo-workspace.ts";

type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export const demoCannedReplies: Array<{ id: string; title: string; body: string }> = [
  {
    id: "cdemocannedreply0000000001",
    title: "Accusé de réception d'un incident",
    body:
      "Bonjour {{client.prenom}},\n\n" +
      "Nous avons bien reçu votre demande n° {{ticket.numero}} (« {{ticket.sujet}} ») et nous la prenons en charge.\n" +
      "Je reviens vers vous dès que j'ai du nouveau ; vous pouvez répondre à ce message pour ajouter des précisions.\n\n" +
      "Bien cordialement,\n{{agent.nom}}\nSupport Comptoir",
  },
  {
    id: "cdemocannedreply0000000002",
    title: "Demande de précisions",
    body:
      "Bonjour {{client.prenom}},\n\n" +
      "Pour avancer sur votre demande n° {{ticket.numero}}, pourriez-vous nous indiquer :\n" +
      "- le message d'erreur exact (une capture d'écran suffit) ;\n" +
      "- depuis quand le problème se produit ;\n" +
      "- si d'autres postes de {{societe.nom}} sont concernés ?\n\n" +
      "Merci d'avance,\n{{agent.nom}}",
  },
  {
    id: "cdemocannedreply0000000003",
    title: "Redémarrage de l'imprimante",
    body:
      "Bonjour {{client.prenom}},\n\n" +
      "Pouvez-vous éteindre l'imprimante, la débrancher 30 secondes, puis la rallumer et relancer l'impression ?\n" +
      "Si le code d'erreur revient, dites-le-nous : nous planifierons l'intervention d'un technicien.\n\n" +
      "Cordialement,\n{{agent.nom}}",
  },
  {
    id: "cdemocannedreply0000000004",
    title: "Intervention sur site à planifier",
    body:
      "Bonjour {{client.prenom}},\n\n" +
      "Le diagnostic à distance ne suffit pas : un technicien doit passer chez {{societe.nom}}.\n" +
      "Quels créneaux vous conviendraient cette semaine ou la suivante ?\n\n" +
      "Bien cordialement,\n{{agent.nom}}",
  },
  {
    id: "cdemocannedreply0000000005",
    title: "Clôture après résolution",
    body:
      "Bonjour {{client.prenom}},\n\n" +
      "Nous considérons votre demande n° {{ticket.numero}} comme résolue. Si le problème revient, il suffit de répondre à ce message : le ticket sera rouvert automatiquement.\n\n" +
      "Merci de votre confiance,\n{{agent.nom}}",
  },
];

export async function seedDemoCannedReplies(tx: TransactionClient, plan: DemoWorkspace, now: Date): Promise<void> {
  const admin = plan.users.find((user) => user.email === "admin@comptoir.test");
  const createdAt = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60 * 24 * 60 * 60 * 1000);
  await tx.cannedReply.createMany({
    data: demoCannedReplies.map((reply) => ({ ...reply, createdById: admin?.id ?? null, createdAt, updatedAt: createdAt })),
  });
}
