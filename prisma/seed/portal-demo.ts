/**
 * The demo workspace's satisfaction ratings: most solved and closed tickets were rated by their
 * requester a little after being solved, mostly "good", with the comments French (and English)
 * customers really write. Deterministic: everything derives from the ticket number.
 */
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import type { DemoWorkspace } from "./demo-workspace.ts";

type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const HOUR = 60 * 60 * 1000;

const comments = {
  fr: {
    good: ["", "", "Rapide et efficace, merci !", "Technicien très pédagogue.", "Problème réglé du premier coup.", "Merci pour le rappel, c'est parfait."],
    bad: ["", "Trois jours pour une réponse, c'est trop long.", "Le problème est revenu le lendemain.", "On m'a demandé deux fois les mêmes informations."],
  },
  en: {
    good: ["", "Quick and helpful, thank you!", "Sorted on the first call."],
    bad: ["", "It took too long to get an answer."],
  },
} as const;

/** A stable pseudo-random number in [0, 1) for a ticket number and a purpose. */
function hash01(number: number, salt: number): number {
  let x = (number * 2654435761 + salt * 40503) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x45d9f3b) >>> 0;
  // Unsigned: a signed XOR result would be negative half the time (every ticket rated, all "good").
  x = (x ^ (x >>> 16)) >>> 0;
  return x / 2 ** 32;
}

export function planDemoRatings(plan: DemoWorkspace, now: Date) {
  const languages = new Map(plan.contacts.map((contact) => [contact.id, contact.language === "en" ? "en" : "fr"] as const));
  return plan.tickets
    .filter((ticket) => (ticket.status === "solved" || ticket.status === "closed") && ticket.solvedAt !== null)
    .filter((ticket) => hash01(ticket.number, 1) < 0.7)
    .map((ticket, index) => {
      const rating = hash01(ticket.number, 2) < 0.82 ? ("good" as const) : ("bad" as const);
      const choices = comments[languages.get(ticket.requesterId) ?? "fr"][rating];
      const at = new Date(Math.min(ticket.solvedAt!.getTime() + (2 + Math.floor(hash01(ticket.number, 3) * 40)) * HOUR, now.getTime() - HOUR));
      return {
        id: `cdemorating${String(index + 1).padStart(14, "0")}`,
        ticketId: ticket.id,
        contactId: ticket.requesterId,
        rating,
        comment: choices[Math.floor(hash01(ticket.number, 4) * choices.length)],
        createdAt: at,
        updatedAt: at,
      };
    });
}

export async function seedDemoRatings(tx: TransactionClient, plan: DemoWorkspace, now: Date): Promise<number> {
  const ratings = planDemoRatings(plan, now);
  await tx.satisfactionRating.createMany({ data: ratings });
  return ratings.length;
}
