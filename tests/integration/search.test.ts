import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { addAgentMessage, updateTicketFields } from "~/domain/helpdesk/tickets.server";
import { search } from "~/domain/search/search.server";
import { db } from "~/lib/db.server";
import { searchIndexSql, withSearchIndexRepair } from "~/lib/search/sqlite-fts.server";
import { aGroup, aUser } from "../support/factories.ts";
import { projectRoot } from "../support/paths.ts";
import { aSearchContact, aSearchTicket, manySearchTickets } from "../support/search-factories.ts";

type Viewer = Awaited<ReturnType<typeof aUser>>;
const viewerOf = (user: Viewer) => ({ id: user.id, role: user.role, restrictToGroups: user.restrictToGroups });
const numbers = (results: Awaited<ReturnType<typeof search>>) => results.tickets.map((ticket) => ticket.number);

describe("search index kept in sync", () => {
  it("finds a ticket by its subject and its messages, and follows subject edits and deletion", async () => {
    const agent = viewerOf(await aUser({ role: "technician" }));
    const { ticketId, number } = await aSearchTicket({ subject: "Imprimante thermique bloquée", body: "Le voyant rouge clignote depuis ce matin." });

    expect(numbers(await search(agent, "thermique"))).toEqual([number]);
    const byMessage = await search(agent, "voyant clignote");
    expect(numbers(byMessage)).toEqual([number]);
    expect(byMessage.tickets[0].matchedIn).toBe("message");
    expect(byMessage.tickets[0].excerpt?.filter((part) => part.match).map((part) => part.text)).toEqual(["voyant", "clignote"]);

    await addAgentMessage({ ticketId, agentId: agent.id, visibility: "public", bodyText: "Nous remplaçons le rouleau de papier demain." });
    expect(numbers(await search(agent, "rouleau"))).toEqual([number]);

    const { version } = await db().ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { version: true } });
    await updateTicketFields({ ticketId, expectedVersion: version, actorId: agent.id, changes: { subject: "Terminal de paiement hors service" } });
    expect(numbers(await search(agent, "thermique"))).toEqual([]);
    expect(numbers(await search(agent, "paiement"))).toEqual([number]);

    await db().message.updateMany({ where: { ticketId, bodyText: { contains: "rouleau" } }, data: { bodyText: "Nous changeons la bobine demain." } });
    expect(numbers(await search(agent, "rouleau"))).toEqual([]);
    expect(numbers(await search(agent, "bobine"))).toEqual([number]);

    await db().ticket.delete({ where: { id: ticketId } });
    expect(numbers(await search(agent, "paiement"))).toEqual([]);
    expect(numbers(await search(agent, "voyant"))).toEqual([]);
    const [{ left }] = await db().$queryRawUnsafe<Array<{ left: bigint }>>(
      `SELECT count(*) AS left FROM "search_message" WHERE "search_message" MATCH 'bobine OR voyant'`,
    );
    expect(Number(left)).toBe(0);
  });

  it("finds contacts by name and by any of their addresses, and follows every change", async () => {
    const agent = viewerOf(await aUser({ role: "technician" }));
    const { contactId, companyId } = await aSearchContact("a.v@quincaillerie-vernier.fr", "Agathe Vernier");
    expect((await search(agent, "agathe")).contacts.map((contact) => contact.id)).toEqual([contactId]);
    expect((await search(agent, "a.v@quincaillerie-vernier.fr")).contacts.map((contact) => contact.id)).toEqual([contactId]);
    expect((await search(agent, "Quincaillerie Vernier")).companies.map((company) => company.id)).toEqual([companyId]);

    await db().contactEmail.create({ data: { contactId, address: "a.vernier@perso-mail.fr" } });
    const byNewAddress = await search(agent, "perso-mail");
    expect(byNewAddress.contacts.map((contact) => contact.id)).toEqual([contactId]);
    expect(byNewAddress.contacts[0].emails).toEqual(["a.v@quincaillerie-vernier.fr", "a.vernier@perso-mail.fr"]);

    await db().contact.update({ where: { id: contactId }, data: { firstName: "Agnès" } });
    expect((await search(agent, "agathe")).contacts).toEqual([]);
    expect((await search(agent, "agnes vernier")).contacts.map((contact) => contact.id)).toEqual([contactId]);
    // The name change kept the addresses in the document.
    expect((await search(agent, "perso-mail")).contacts.map((contact) => contact.id)).toEqual([contactId]);

    await db().contactEmail.update({ where: { address: "a.vernier@perso-mail.fr" }, data: { address: "agnes@autre-mail.fr" } });
    expect((await search(agent, "perso-mail")).contacts).toEqual([]);
    expect((await search(agent, "autre-mail")).contacts.map((contact) => contact.id)).toEqual([contactId]);

    // An address moving to another contact (a merge) leaves the first and joins the second.
    const other = await aSearchContact(`paul-${Date.now()}@exemple-recherche.fr`, "Paul Lenoir");
    await db().contactEmail.update({ where: { address: "agnes@autre-mail.fr" }, data: { contactId: other.contactId } });
    expect((await search(agent, "autre-mail")).contacts.map((contact) => contact.id)).toEqual([other.contactId]);

    await db().company.update({ where: { id: companyId! }, data: { name: "Droguerie Lambert" } });
    expect((await search(agent, "droguerie lambert")).companies.map((company) => company.id)).toEqual([companyId]);
    // The old name left the index; the domain still finds the company.
    const [{ oldName }] = await db().$queryRawUnsafe<Array<{ oldName: bigint }>>(
      `SELECT count(*) AS oldName FROM "search_company" WHERE "search_company" MATCH 'name:quincaillerie'`,
    );
    expect(Number(oldName)).toBe(0);
    expect((await search(agent, "quincaillerie-vernier.fr")).companies.map((company) => company.id)).toEqual([companyId]);

    await db().contact.delete({ where: { id: contactId } });
    expect((await search(agent, "vernier")).contacts).toEqual([]);
    await db().company.delete({ where: { id: companyId! } });
    expect((await search(agent, "droguerie")).companies).toEqual([]);
    expect((await search(agent, "quincaillerie-vernier.fr")).companies).toEqual([]);
  });
});

describe("search queries", () => {
  it("ignores accents and case, both ways", async () => {
    const agent = viewerOf(await aUser({ role: "technician" }));
    const { contactId } = await aSearchContact(`h.lefevre-${Date.now()}@exemple-recherche.fr`, "Hélène Lefèvre");
    const { number } = await aSearchTicket({ subject: "Ecran noir au démarrage", body: "Écran NOIR après la mise à jour." });
    expect((await search(agent, "helene lefevre")).contacts.map((contact) => contact.id)).toEqual([contactId]);
    expect((await search(agent, "HÉLÈNE")).contacts.map((contact) => contact.id)).toEqual([contactId]);
    expect(numbers(await search(agent, "écran démarrage"))).toEqual([number]);
    expect(numbers(await search(agent, "DEMARRAGE"))).toEqual([number]);
  });

  it("matches words by their beginning from three letters on, whole words below", async () => {
    const agent = viewerOf(await aUser({ role: "technician" }));
    const { number } = await aSearchTicket({ subject: "Sauvegarde nocturne en échec", body: "Le NAS du bureau ne répond plus." });
    expect(numbers(await search(agent, "sauveg"))).toEqual([number]);
    expect(numbers(await search(agent, "noct éch"))).toEqual([number]);
    expect(numbers(await search(agent, "nas"))).toEqual([number]);
    expect(numbers(await search(agent, "na"))).toEqual([]);
    expect(numbers(await search(agent, "sauvegarde introuvable"))).toEqual([]);
  });

  it("treats FTS syntax typed by the user as plain words", async () => {
    const agent = viewerOf(await aUser({ role: "technician" }));
    const both = await aSearchTicket({ subject: "Relevé foo ou barrière", body: "Texte." });
    const onlyBar = await aSearchTicket({ subject: "Barrière automatique du parking", body: "Texte." });
    for (const query of [`"foo" OR bar*`, `subject:foo`, `NEAR(foo bar)`, `foo AND`, `(foo`, `"`, `*`, `^foo`, `-foo`, `foo"bar`, `'; DROP TABLE "Ticket"; --`]) {
      await expect(search(agent, query), query).resolves.toBeDefined();
    }
    // OR is a word to find, not an operator: only tickets holding foo, "or"... and bar* match.
    expect(numbers(await search(agent, `"foo" OR bar*`))).toEqual([]);
    expect(numbers(await search(agent, `"foo" bar*`))).toEqual([both.number]);
    expect(numbers(await search(agent, "subject:foo"))).toEqual([]);
    expect(numbers(await search(agent, "barrière"))).toEqual(expect.arrayContaining([both.number, onlyBar.number]));
    expect((await search(agent, "  ?! ")).searched).toBe(false);
    expect(await db().ticket.count()).toBeGreaterThan(1);
  });

  it("keeps a rare exact word ahead of many newer words that merely start like it", async () => {
    const agent = viewerOf(await aUser({ role: "technician" }));
    const exact = await aSearchTicket({ subject: "Le NAS ne démarre plus", body: "Texte." });
    await manySearchTickets(300, { subject: "Nasse de pêche à livrer", groupId: null });
    const results = await search(agent, "nas", { limit: 5 });
    expect(results.tickets[0].number).toBe(exact.number);
    expect(results.more.tickets).toBe(true);
  });

  it("finds a ticket by its number", async () => {
    const agent = viewerOf(await aUser({ role: "technician" }));
    const { number } = await aSearchTicket({ subject: "Demande de devis", body: "Texte." });
    const results = await search(agent, `#${number}`);
    expect(results.tickets[0]).toMatchObject({ number, matchedIn: "number" });
  });

  it("ranks better matches first and groups results", async () => {
    const agent = viewerOf(await aUser({ role: "technician" }));
    const inBody = await aSearchTicket({ subject: "Question diverse", body: "Au fait, le scanner du comptoir fait un bruit bizarre." });
    const inSubject = await aSearchTicket({ subject: "Scanner en panne", body: "Le scanner ne s'allume plus, le scanner est branché." });
    const results = await search(agent, "scanner");
    expect(numbers(results).slice(0, 2)).toEqual([inSubject.number, inBody.number]);
    expect(results.tickets[0].matchedIn).toBe("subject");
    expect(results.groups).toEqual(["tickets", "contacts", "companies"]);
  });
});

describe("who finds what", () => {
  it("never shows a restricted technician another group's tickets, even among many newer matches", async () => {
    const field = await aGroup("Terrain recherche");
    const office = await aGroup("Bureau recherche");
    const restricted = viewerOf(await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true }));
    const everyone = viewerOf(await aUser({ role: "technician" }));

    const ours = await aSearchTicket({ subject: "Onduleur défectueux en atelier", groupId: field.id });
    const assignedToMe = await aSearchTicket({ subject: "Onduleur à remplacer", groupId: office.id, assigneeId: restricted.id });
    const theirs = await aSearchTicket({ subject: "Onduleur bruyant", groupId: office.id });
    // More newer matches in the other group than one window of candidates (1,000 for a restricted reader).
    await manySearchTickets(1100, { subject: "Onduleur du standard", groupId: office.id });

    const mine = await search(restricted, "onduleur", { limit: 10 });
    expect(numbers(mine).sort()).toEqual([ours.number, assignedToMe.number].sort());
    expect(mine.more.tickets).toBe(false);
    expect(numbers(await search(restricted, `#${theirs.number}`))).toEqual([]);

    const all = await search(everyone, "onduleur", { limit: 10 });
    expect(all.tickets).toHaveLength(10);
    expect(all.more.tickets).toBe(true);
  });

  it("finds a restricted technician's tickets behind more than a window of other groups' matches, in subjects and messages", async () => {
    const field = await aGroup("Terrain profond");
    const office = await aGroup("Bureau profond");
    const restricted = viewerOf(await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true }));
    const everyone = viewerOf(await aUser({ role: "technician" }));

    // Ours first (older), then 1,500 newer matches of the other group in each FTS table: more than
    // one round looks at (1,000), fewer than the bound (2,000).
    const bySubject = await aSearchTicket({ subject: "Pompe doseuse en défaut", groupId: field.id });
    const byMessage = await aSearchTicket({ subject: "Question atelier", body: "La pompe doseuse fuit encore.", groupId: field.id });
    const byNote = await aSearchTicket({ subject: "Suivi atelier", groupId: field.id });
    await addAgentMessage({ ticketId: byNote.ticketId, agentId: everyone.id, visibility: "internal", bodyText: "Pompe doseuse commandée chez le fournisseur." });
    const theirs = await aSearchTicket({ subject: "Autre demande", body: "Texte.", groupId: office.id });
    await manySearchTickets(1500, { subject: "Pompe doseuse du bureau", groupId: office.id });
    await db().message.createMany({
      data: Array.from({ length: 1500 }, (_, index) => ({ ticketId: theirs.ticketId, direction: "in", bodyText: `Relance ${index} : la pompe doseuse du bureau.` })),
    });

    const mine = await search(restricted, "pompe doseuse", { limit: 10 });
    expect(numbers(mine).sort()).toEqual([bySubject.number, byMessage.number, byNote.number].sort());
    expect(mine.tickets.find((ticket) => ticket.number === byNote.number)?.matchedIn).toBe("note");
    expect(mine.more.tickets).toBe(false);
    // The prefix form reaches them too (the exact words ran out within the bound).
    expect(numbers(await search(restricted, "pomp dos", { limit: 10 })).sort()).toEqual([bySubject.number, byMessage.number, byNote.number].sort());
    // A page of one: the other two make "more", still without any of the other group's tickets.
    const one = await search(restricted, "pompe doseuse", { limit: 1 });
    expect(one.tickets).toHaveLength(1);
    expect([bySubject.number, byMessage.number, byNote.number]).toContain(one.tickets[0].number);
    expect(one.more.tickets).toBe(true);

    const all = await search(everyone, "pompe doseuse", { limit: 10 });
    expect(all.tickets).toHaveLength(10);
    expect(all.more.tickets).toBe(true);
    expect(all.stoppedEarly).toBe(false);
  });

  it("stops a restricted technician's search at its bound and says so, never showing what lies beyond as someone else's", async () => {
    const field = await aGroup("Terrain borne");
    const office = await aGroup("Bureau borne");
    const restricted = viewerOf(await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true }));
    const mineButDeep = await aSearchTicket({ subject: "Compresseur en surchauffe", groupId: field.id });
    // More newer matches of the other group than the bound (2,000 per table).
    await manySearchTickets(2100, { subject: "Compresseur du bureau", groupId: office.id });

    const results = await search(restricted, "compresseur", { limit: 10 });
    expect(results.tickets).toEqual([]);
    expect(results.more.tickets).toBe(false);
    expect(results.stoppedEarly).toBe(true);
    // A more precise query reaches it.
    const refined = await search(restricted, "compresseur surchauffe", { limit: 10 });
    expect(numbers(refined)).toEqual([mineButDeep.number]);
    expect(refined.stoppedEarly).toBe(false);
  });

  it("scopes the candidates to what each restricted reader may open: assigned tickets, and no groups at all", async () => {
    const field = await aGroup("Terrain portée");
    const office = await aGroup("Bureau portée");
    const member = await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true });
    const noGroups = await aUser({ role: "technician", groupIds: [], restrictToGroups: true });
    const ours = await aSearchTicket({ subject: "Variateur de vitesse", groupId: field.id });
    const assigned = await aSearchTicket({ subject: "Variateur à recâbler", groupId: office.id, assigneeId: noGroups.id });
    const unfiled = await aSearchTicket({ subject: "Variateur sans groupe", groupId: null });
    await manySearchTickets(1200, { subject: "Variateur du bureau", groupId: office.id });

    expect(numbers(await search(viewerOf(member), "variateur", { limit: 10 }))).toEqual([ours.number]);
    expect(numbers(await search(viewerOf(noGroups), "variateur", { limit: 10 }))).toEqual([assigned.number]);
    expect(numbers(await search(viewerOf(noGroups), `#${unfiled.number}`))).toEqual([]);
  });

  it("shows internal notes to agents only, and tickets only to those who read tickets", async () => {
    const technician = viewerOf(await aUser({ role: "technician" }));
    const sales = viewerOf(await aUser({ role: "sales" }));
    const marketing = viewerOf(await aUser({ role: "marketing" }));
    const { ticketId, number } = await aSearchTicket({ subject: "Licence comptable", body: "Merci de renouveler notre licence." });
    await addAgentMessage({ ticketId, agentId: technician.id, visibility: "internal", bodyText: "Client mauvais payeur, voir avec Gaspard avant tout geste." });

    const forAgent = await search(technician, "gaspard");
    expect(numbers(forAgent)).toEqual([number]);
    expect(forAgent.tickets[0].matchedIn).toBe("note");
    expect(numbers(await search(sales, "gaspard"))).toEqual([]);
    expect(numbers(await search(sales, "renouveler"))).toEqual([number]);

    const forMarketing = await search(marketing, "licence");
    expect(forMarketing.groups).toEqual(["contacts", "companies"]);
    expect(forMarketing.tickets).toEqual([]);
  });
});

describe("search index schema", () => {
  it("indexes the rows that exist when the migration runs", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-search-")), "backfill.db");
    const migrations = fs.readdirSync(path.join(projectRoot, "prisma/migrations")).filter((name) => /^\d+_/.test(name)).sort();
    const searchMigration = migrations.find((name) => name.endsWith("_search_index"))!;
    const sqlite = new Database(file);
    try {
      for (const name of migrations) {
        if (name === searchMigration) {
          sqlite.exec(`INSERT INTO "Company"("id", "name", "sector", "updatedAt") VALUES ('co1', 'Ébénisterie Marchal', 'industry', '2026-01-01T00:00:00.000+00:00')`);
          sqlite.exec(`INSERT INTO "CompanyDomain"("id", "domain", "companyId") VALUES ('d1', 'ebenisterie-marchal.fr', 'co1')`);
          sqlite.exec(`INSERT INTO "Contact"("id", "firstName", "lastName", "companyId", "updatedAt") VALUES ('c1', 'Rémi', 'Marchal', 'co1', '2026-01-01T00:00:00.000+00:00')`);
          sqlite.exec(`INSERT INTO "ContactEmail"("id", "address", "contactId") VALUES ('e1', 'remi@ebenisterie-marchal.fr', 'c1')`);
          sqlite.exec(`INSERT INTO "Ticket"("id", "number", "subject", "channel", "requesterId", "updatedAt") VALUES ('t1', 1, 'Raboteuse en panne', 'phone', 'c1', '2026-01-01T00:00:00.000+00:00')`);
          sqlite.exec(`INSERT INTO "Message"("id", "ticketId", "direction", "bodyText") VALUES ('m1', 't1', 'in', 'La courroie a cédé.')`);
        }
        sqlite.exec(fs.readFileSync(path.join(projectRoot, "prisma/migrations", name, "migration.sql"), "utf8"));
      }
      const count = (table: string, match: string) => (sqlite.prepare(`SELECT count(*) AS n FROM "${table}" WHERE "${table}" MATCH ?`).get(match) as { n: number }).n;
      expect(count("search_company", "ebenisterie")).toBe(1);
      expect(count("search_company", "domains:marchal")).toBe(1);
      expect(count("search_contact", "remi")).toBe(1);
      expect(count("search_contact", "emails:ebenisterie")).toBe(1);
      expect(count("search_ticket", "raboteuse")).toBe(1);
      expect(count("search_message", "courroie")).toBe(1);
    } finally {
      sqlite.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it("survives a later migration that rebuilds a source table the way Prisma does", { timeout: 120_000 }, async () => {
    // A gap in Contact's rowids, so that the rebuilt table numbers its rows differently.
    const gone = await aSearchContact(`jetable-${Date.now()}@exemple-recherche.fr`, "Contact Jetable");
    const { contactId } = await aSearchContact(`ophelie-${Date.now()}@cave-ravel.fr`, "Ophélie Ravel");
    await db().contact.delete({ where: { id: gone.contactId } });

    // A schema change that SQLite can only make by rebuilding Contact (a default removed).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-redefine-"));
    try {
      const before = path.join(dir, "before.prisma");
      const after = path.join(dir, "after.prisma");
      const schema = fs.readFileSync(path.join(projectRoot, "prisma/schema.prisma"), "utf8");
      const changed = schema.replace(/(model Contact \{[\s\S]*?jobTitle\s+String\s+)@default\(""\)/, "$1");
      expect(changed).not.toBe(schema);
      fs.writeFileSync(before, schema);
      fs.writeFileSync(after, changed);
      const diff = execFileSync(
        process.execPath,
        [path.join(projectRoot, "node_modules/prisma/build/index.js"), "migrate", "diff", "--from-schema-datamodel", before, "--to-schema-datamodel", after, "--script"],
        { cwd: projectRoot, encoding: "utf8" },
      );
      expect(diff).toMatch(/DROP TABLE "Contact"/);
      const migration = withSearchIndexRepair(diff);
      expect(migration.indexOf("DROP TRIGGER IF EXISTS")).toBeLessThan(migration.indexOf('DROP TABLE "Contact"'));
      expect(withSearchIndexRepair('CREATE INDEX "x" ON "Ticket"("status");')).toBe('CREATE INDEX "x" ON "Ticket"("status");');

      // As generated by Prisma, SQLite refuses the rename: a trigger on ContactEmail names Contact.
      const unrepaired = path.join(dir, "unrepaired.db");
      await db().$executeRawUnsafe(`VACUUM INTO '${unrepaired}'`);
      const plain = new Database(unrepaired);
      expect(() => plain.exec(diff)).toThrow(/no such table: main.Contact/);
      plain.close();

      // Repaired: the triggers come back and the documents follow the new rowids.
      const repaired = path.join(dir, "repaired.db");
      await db().$executeRawUnsafe(`VACUUM INTO '${repaired}'`);
      const sqlite = new Database(repaired);
      try {
        const rowidBefore = (sqlite.prepare(`SELECT rowid FROM "Contact" WHERE "id" = ?`).get(contactId) as { rowid: number }).rowid;
        sqlite.exec(migration);
        const rowidAfter = (sqlite.prepare(`SELECT rowid FROM "Contact" WHERE "id" = ?`).get(contactId) as { rowid: number }).rowid;
        expect(rowidAfter).not.toBe(rowidBefore);
        const triggers = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_%'`).pluck().all() as string[];
        // The knowledge base's own index (sqlite-knowledge-fts.server.ts) is untouched by a Contact rebuild.
        const knowledgeTriggers = ["search_knowledge_after_delete", "search_knowledge_after_insert", "search_knowledge_after_update"];
        expect(triggers.filter((name) => !knowledgeTriggers.includes(name)).sort()).toEqual([...searchIndexSql.triggerNames].sort());
        expect(triggers.filter((name) => knowledgeTriggers.includes(name)).sort()).toEqual(knowledgeTriggers);
        const find = (words: string) =>
          sqlite.prepare(`SELECT c."id" FROM "search_contact" f JOIN "Contact" c ON c.rowid = f.rowid WHERE "search_contact" MATCH ?`).pluck().all(words);
        expect(find("ophelie ravel")).toEqual([contactId]);
        sqlite.prepare(`UPDATE "Contact" SET "lastName" = 'Ravelli' WHERE "id" = ?`).run(contactId);
        expect(find("ravelli")).toEqual([contactId]);
        expect(find("name:ravel")).toEqual([]);
      } finally {
        sqlite.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

