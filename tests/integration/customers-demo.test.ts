import { beforeAll, describe, expect, it } from "vitest";
import { companyDuplicateSuggestions, contactDuplicateSuggestions } from "~/domain/customers/duplicate-suggestions.server";
import { mergeContacts } from "~/domain/customers/merge.server";
import { customerTimeline } from "~/domain/customers/timeline.server";
import { db } from "~/lib/db.server";
import { seedDemoWorkspace } from "../../prisma/seed/demo-workspace.ts";

describe("the demo workspace's customers", () => {
  beforeAll(async () => {
    await seedDemoWorkspace(db(), { passwordHash: "$2a$04$demo-hash-for-tests", now: new Date("2025-03-12T10:37:00.000Z") });
  }, 60_000);

  it("holds exactly the deliberate duplicates, each for its reason", async () => {
    const contacts = await contactDuplicateSuggestions();
    const described = contacts.pairs.map((pair) => ({ names: [pair.first.name, pair.second.name].sort(), reasons: pair.reasons.map((reason) => reason.kind) }));
    expect(described).toHaveLength(2);
    expect(described).toContainEqual({ names: ["Dan O'Connor", "Daniel O'Connor"], reasons: ["same_email", "same_phone"] });
    expect(described.find((pair) => pair.reasons.includes("same_name_company"))?.names[0]).toMatch(/^[A-Z ]+$/);

    const companies = await companyDuplicateSuggestions();
    expect(companies.pairs.map((pair) => ({ names: [pair.first.name, pair.second.name].sort(), reasons: pair.reasons.map((reason) => reason.kind).sort() }))).toEqual([
      { names: ["BOULANGERIE-PATISSERIE LEMOINE SARL", "Boulangerie Pâtisserie Lemoine"], reasons: ["same_domain", "same_name"] },
    ]);
  });

  it("shows a demo company's tickets in its timeline and merges a demo duplicate", async () => {
    const admin = await db().user.findUniqueOrThrow({ where: { email: "admin@comptoir.test" } });
    const aubert = await db().company.findFirstOrThrow({ where: { name: "Menuiserie Aubert" } });
    const page = await customerTimeline(admin, { companyId: aubert.id, kinds: ["ticket"], limit: 100 });
    expect(page.entries.length).toBe(await db().ticket.count({ where: { companyId: aubert.id } }));
    expect(page.entries.length).toBeGreaterThan(0);

    const [pair] = (await contactDuplicateSuggestions()).pairs.filter((candidate) => candidate.reasons.some((reason) => reason.kind === "same_email"));
    const kept = pair.first.name === "Daniel O'Connor" ? pair.first : pair.second;
    const merged = kept === pair.first ? pair.second : pair.first;
    await mergeContacts({ keepId: kept.id, mergeId: merged.id, actorId: admin.id });
    expect((await db().contactEmail.findMany({ where: { contactId: kept.id } })).map((email) => email.address).sort()).toEqual([
      "daniel.oconnor.dordogne@gmail.com",
      "danieloconnor.dordogne@gmail.com",
    ]);
    expect((await contactDuplicateSuggestions()).pairs).toHaveLength(1);
  });
});
