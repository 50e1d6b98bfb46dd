import { beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { getImportJob, readImportSample, updateImportJob } from "~/domain/imports/import-jobs.server";
import { createImportJob } from "~/domain/imports/import-jobs.server";
import { importMessageText } from "~/domain/imports/import-messages";
import { previewImport } from "~/domain/imports/import-preview.server";
import { rejectedRowsCsv } from "~/domain/imports/import-report.server";
import { undoImportJob } from "~/domain/imports/import-undo.server";
import { db } from "~/lib/db.server";
import { base, frenchRows, rowOf, sirets } from "../fixtures/import/world.ts";
import { aUser } from "../support/factories.ts";
import { fixture, importFixture, mapColumn, rowOutcomes, seedImportBase } from "../support/import-factories.ts";

type Actor = Awaited<ReturnType<typeof aUser>>;
let admin: Actor;
let world: Awaited<ReturnType<typeof seedImportBase>>;

const consent = { kind: "record", legalBasis: "opt_in", source: "Salon Batimat 2026, bulletins papier" } as const;

async function prepareFrench(jobId: string, options: object = { consent }) {
  await mapColumn(admin, jobId, "Code client", "custom:Code client");
  await updateImportJob(admin, jobId, { options });
}

beforeAll(async () => {
  admin = await aUser({ role: "admin" });
  world = await seedImportBase();
});

describe("reading the French Excel file", () => {
  it("detects Windows-1252 and `;`, keeps quoted line breaks, suggests the mapping from French headers", async () => {
    const { id } = await createImportJob(admin, { entity: "contacts", fileName: "contacts-excel-fr.csv", bytes: fixture("contacts-excel-fr.csv") });
    const sample = await readImportSample(id, 3);
    expect(sample).toMatchObject({ encoding: "windows-1252", separator: ";", kind: "csv", totalRows: frenchRows.length });
    expect(sample!.rows[1][5]).toBe("12, rue de la Forêt\r\nBâtiment B; 2e étage");
    expect(sample!.rows[1][2]).toBe("Françoise");
    const job = await getImportJob(id);
    expect(Object.fromEntries(job!.mapping.map((entry) => [entry.header, entry.target]))).toEqual({
      "Raison sociale": "company.name",
      Nom: "lastName",
      Prénom: "firstName",
      "E-mail": "email",
      "Tél.": "phone",
      Adresse: "company.street",
      CP: "company.postalCode",
      Ville: "company.city",
      SIRET: "company.siret",
      Fonction: "jobTitle",
      "Code client": "",
    });
    // Read as UTF-8 instead, the accents break: the importer sees it and can switch back.
    await updateImportJob(admin, id, { encoding: "utf-8" });
    expect((await readImportSample(id, 1))!.rows[0][2]).toContain("\uFFFD");
  });

  it("refuses a file that is not a spreadsheet, and a kind the user may not import", async () => {
    await expect(createImportJob(admin, { entity: "contacts", fileName: "photo.png", bytes: Buffer.from("x") })).rejects.toMatchObject({ code: "import.file.type" });
    await expect(createImportJob(admin, { entity: "contacts", fileName: "faux.xlsx", bytes: Buffer.from("a;b\n1;2") })).rejects.toMatchObject({ code: "import.file.content" });
    await expect(createImportJob(admin, { entity: "contacts", fileName: "vide.csv", bytes: Buffer.from("\n\n") })).rejects.toMatchObject({ code: "import.file.empty" });
    const marketing = await aUser({ role: "marketing" });
    await expect(createImportJob(marketing, { entity: "companies", fileName: "a.csv", bytes: Buffer.from("Nom\nA") })).rejects.toBeInstanceOf(DomainError);
    await expect(createImportJob(marketing, { entity: "contacts", fileName: "a.csv", bytes: Buffer.from("Nom;E-mail\nA;a@b.fr") })).resolves.toHaveProperty("id");
  });
});

describe("importing the French file", () => {
  let jobId = "";

  it("previews every row's outcome before writing anything", async () => {
    const { id } = await createImportJob(admin, { entity: "contacts", fileName: "contacts-excel-fr.csv", bytes: fixture("contacts-excel-fr.csv") });
    await prepareFrench(id);
    const contactsBefore = await db().contact.count();
    const preview = await previewImport(id, { pageSize: 100 });
    expect(await db().contact.count()).toBe(contactsBefore);
    const planned = new Map(preview!.rows.map((row) => [row.rowNumber, row]));
    for (const row of frenchRows) {
      const plannedRow = planned.get(rowOf(row.label))!;
      // The run turns a merge that brings nothing into « rien à changer »: the plan says merged.
      const expected = row.outcome === "skipped" && !row.message?.startsWith("import.plan.skip") ? (row.into || row.intoRow ? "merged" : "skipped") : row.outcome;
      expect({ label: row.label, outcome: plannedRow.outcome }).toEqual({ label: row.label, outcome: expected });
    }
    const r1 = planned.get(rowOf("R1"))!;
    expect(importMessageText("fr", r1.messages[0])).toBe(`ligne ${rowOf("R1")} : adresse e-mail invalide « jean.dupont@ »`);
    expect(r1.errorColumns).toEqual([3]);
    // 30 duplicate cases: 12 rows on 5 base contacts, 15 repeats within the file, 3 rows whose
    // company is an existing one (same name once legal forms are dropped, same mail domain, and
    // the switchboard number that does not make Claire Petit a duplicate).
    const groups = preview!.groups.items;
    const dupont = groups.find((group) => group.existing.some((record) => record.id === world.contacts.dupont))!;
    expect(dupont.rowNumbers).toEqual([rowOf("B1"), rowOf("B3"), rowOf("B7")]);
    const garnier = groups.find((group) => group.id === `g${rowOf("F0")}`)!;
    expect(garnier.rowNumbers).toEqual(["F0", "F1", "F2", "F3", "F4"].map(rowOf));
    expect(garnier.existing).toEqual([]);
    const againstBase = groups.filter((group) => group.existing.length > 0).flatMap((group) => group.rowNumbers);
    const withinFile = groups.filter((group) => group.existing.length === 0).flatMap((group) => group.rowNumbers.slice(1));
    expect(againstBase).toHaveLength(12);
    expect(withinFile).toHaveLength(15);
    const existingCompanies = ["B10", "B11", "B12"].filter((label) => planned.get(rowOf(label))!.company?.kind === "existing");
    expect(existingCompanies).toHaveLength(3);
    expect(planned.get(rowOf("B10"))!.groupId).toBeNull();
  });

  it("applies every row as planned, with its records, consent and custom fields", async () => {
    jobId = await importFixture(admin, "contacts", "contacts-excel-fr.csv", (id) => prepareFrench(id));
    const job = await getImportJob(jobId);
    expect(job).toMatchObject({ status: "completed", doneRows: frenchRows.length });
    const outcomes = await rowOutcomes(jobId);
    expect(outcomes).toHaveLength(frenchRows.length);
    for (const row of frenchRows) {
      const actual = outcomes[rowOf(row.label) - 1];
      expect({ label: row.label, outcome: actual.outcome }).toEqual({ label: row.label, outcome: row.outcome });
      if (row.message) expect({ label: row.label, keys: actual.messageKeys }).toEqual({ label: row.label, keys: expect.arrayContaining([row.message]) });
      if (row.into) expect({ label: row.label, id: actual.entityId }).toEqual({ label: row.label, id: world.contacts[row.into] });
      if (row.intoRow) expect({ label: row.label, id: actual.entityId }).toEqual({ label: row.label, id: outcomes[rowOf(row.intoRow) - 1].entityId });
    }
    const counts = { created: 0, updated: 0, merged: 0, skipped: 0, rejected: 0 };
    for (const row of frenchRows) counts[row.outcome] += 1;
    expect(job!.counts).toEqual(counts);

    // Normalised values: E.164 phones, postal codes as text, lower-cased addresses, the company by SIRET.
    const vidal = await db().contact.findUniqueOrThrow({ where: { id: outcomes[rowOf("N1") - 1].entityId }, include: { company: true, emails: true } });
    expect(vidal).toMatchObject({ firstName: "Aurélien", phone: "+33601020304", jobTitle: "Gérant" });
    expect(vidal.company).toMatchObject({ name: "Menuiserie Vidal", siret: sirets.newOne, postalCode: "01000", prospectSource: "import" });
    expect(JSON.parse(vidal.company!.customFields)).toEqual({ "Code client": "C-001" });
    const noel = await db().contact.findUniqueOrThrow({ where: { id: outcomes[rowOf("N2") - 1].entityId } });
    expect(noel.companyId).toBe(vidal.companyId);
    const gael = await db().contact.findUniqueOrThrow({ where: { id: outcomes[rowOf("N3") - 1].entityId } });
    expect(gael).toMatchObject({ lastName: "Œuvray", phone: "+33645678901", companyId: null });

    // Updates overwrite, merges fill; addresses merged in become secondary.
    const dupont = await db().contact.findUniqueOrThrow({ where: { id: world.contacts.dupont }, include: { emails: { orderBy: { address: "asc" } } } });
    expect(dupont).toMatchObject({ jobTitle: "Gérant", phone: "+33698765432" });
    expect(dupont.emails.map((email) => [email.address, email.isPrimary])).toEqual([
      ["j.dupont@lemoine-boulangerie.fr", false],
      ["jean.dupont+salon@lemoine-boulangerie.fr", false],
      ["jean.dupont@lemoine-boulangerie.fr", true],
    ]);
    const martin = await db().contact.findUniqueOrThrow({ where: { id: world.contacts.martin } });
    expect(martin).toMatchObject({ firstName: "Paolo", lastName: "Martini", jobTitle: "Logisticien" });
    const bernard = await db().contact.findUniqueOrThrow({ where: { id: world.contacts.bernard } });
    expect(bernard).toMatchObject({ firstName: "Sophie", jobTitle: "Acheteuse" });

    // Consent: recorded with its basis for the imported addresses, never lifting a suppression.
    const vidalConsent = await db().marketingConsent.findUniqueOrThrow({ where: { address: "a.vidal@menuiserie-vidal.fr" } });
    expect(vidalConsent).toMatchObject({ state: "opt_in", source: "import", basis: consent.source, contactId: vidal.id });
    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: "luc.moreau@garage-perrin.fr" } })).toMatchObject({ state: "unsubscribed" });
    expect(await db().marketingConsent.findUnique({ where: { address: "jean.dupont@" } })).toBeNull();

    // Audited: upload, start, completion.
    const audit = await db().auditLog.findMany({ where: { entityType: "import", entityId: jobId }, select: { action: true } });
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(["import.uploaded", "import.started", "import.completed"]));
  });

  it("gives the rejected rows back as a CSV to fix and import again", async () => {
    const rejected = await rejectedRowsCsv(jobId, "fr");
    expect(rejected!.fileName).toBe("contacts-excel-fr-rejets.csv");
    const lines = rejected!.csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Raison sociale;Nom;Prénom;E-mail;Tél.;Adresse;CP;Ville;SIRET;Fonction;Code client;Motif du rejet");
    expect(lines).toHaveLength(1 + frenchRows.filter((row) => row.outcome === "rejected").length);
    expect(lines[1]).toBe(`Garage Perrin;Dupont;Jean;jean.dupont@;;;;;;;;ligne ${rowOf("R1")} : adresse e-mail invalide « jean.dupont@ »`);
    // Re-importable: it reads back with the same columns.
    const again = await createImportJob(admin, { entity: "contacts", fileName: "rejets.csv", bytes: Buffer.from(rejected!.csv) });
    expect((await readImportSample(again.id, 5))!.rows).toHaveLength(5);
  });

  it("undoes the batch, keeping what someone changed since", async () => {
    const outcomes = await rowOutcomes(jobId);
    const haddadId = outcomes[rowOf("K0") - 1].entityId;
    // Someone edits a contact the import created, and one it updated.
    await db().contact.update({ where: { id: haddadId }, data: { jobTitle: "Associé" } });
    await db().contact.update({ where: { id: world.contacts.bernard }, data: { lastName: "Bernard-Roy" } });
    const report = await undoImportJob(admin, jobId);
    expect(report.kept.map((message) => importMessageText("fr", message))).toEqual(expect.arrayContaining(["Contact « Karim Haddad » modifiée depuis l'import : conservée", "Contact « Sophie Bernard-Roy » modifiée depuis l'import : conservée"]));
    expect(await db().contact.findUnique({ where: { id: haddadId } })).not.toBeNull();
    // Its company stays too (a kept contact still belongs to it).
    expect(await db().company.count({ where: { name: "Haddad Conseil" } })).toBe(1);
    // Created records are gone, updated ones have their previous values, added addresses are removed.
    expect(await db().contact.findUnique({ where: { id: outcomes[rowOf("N1") - 1].entityId } })).toBeNull();
    expect(await db().company.count({ where: { name: "Menuiserie Vidal" } })).toBe(0);
    const dupont = await db().contact.findUniqueOrThrow({ where: { id: world.contacts.dupont }, include: { emails: true } });
    expect(dupont).toMatchObject({ jobTitle: "", phone: "" });
    expect(dupont.emails.map((email) => email.address)).toEqual([base.contacts[0].email]);
    const martin = await db().contact.findUniqueOrThrow({ where: { id: world.contacts.martin } });
    expect(martin).toMatchObject({ firstName: "Paul", lastName: "Martin", jobTitle: "" });
    expect(await db().contact.findUniqueOrThrow({ where: { id: world.contacts.bernard } })).toMatchObject({ jobTitle: "Acheteuse", lastName: "Bernard-Roy" });
    // Consent the import recorded returns to none; the suppression never moved.
    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: "marie.lefevre@garage-perrin.fr" } })).toMatchObject({ state: "none" });
    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: "luc.moreau@garage-perrin.fr" } })).toMatchObject({ state: "unsubscribed" });
    expect(await getImportJob(jobId)).toMatchObject({ status: "undone" });
    await expect(undoImportJob(admin, jobId)).rejects.toMatchObject({ code: "import.error.notUndoable" });
    expect(await db().auditLog.count({ where: { entityId: jobId, action: "import.undone" } })).toBe(1);
    // Clean up what the undo kept, for the next import of the same file.
    await db().contact.delete({ where: { id: haddadId } });
    await db().company.deleteMany({ where: { name: "Haddad Conseil" } });
  });

  it("follows the decisions per group: skip one, keep both in another", async () => {
    const options = { consent: { kind: "none" }, duplicates: { all: "merge", groups: { [`g${rowOf("T0")}`]: "skip", [`g${rowOf("K0")}`]: "keep_both" } } };
    const id = await importFixture(admin, "contacts", "contacts-excel-fr.csv", (draft) => prepareFrench(draft, options));
    const outcomes = await rowOutcomes(id);
    const outcomeOf = (label: string) => outcomes[rowOf(label) - 1];
    for (const label of ["F5", "F6", "F7"]) expect({ label, outcome: outcomeOf(label).outcome }).toEqual({ label, outcome: "skipped" });
    for (const label of ["F11", "F12", "F13", "F14"]) expect({ label, outcome: outcomeOf(label).outcome }).toEqual({ label, outcome: "created" });
    expect(outcomeOf("F11").messageKeys).toContain("import.plan.emailKept");
    expect(new Set(["K0", "F11", "F12", "F13", "F14"].map((label) => outcomeOf(label).entityId)).size).toBe(5);
    // Without a consent statement, nothing is recorded (the address keeps the « none » the undo left).
    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: "a.vidal@menuiserie-vidal.fr" } })).toMatchObject({ state: "none", basis: "annulation de l'import" });
    await undoImportJob(admin, id);
  });
});

describe("other files", () => {
  it("reads a BOM'd UTF-8 file with commas and English headers", async () => {
    const id = await importFixture(admin, "contacts", "contacts-utf8-bom.csv");
    const job = await getImportJob(id);
    expect(job).toMatchObject({ encoding: "utf-8", separator: ",", status: "completed", counts: { created: 3, rejected: 0 } });
    const zoe = await db().contact.findFirstOrThrow({ where: { lastName: "Marchand" }, include: { company: true, emails: true } });
    expect(zoe).toMatchObject({ firstName: "Zoé", phone: "+33670809010" });
    expect(zoe.company).toMatchObject({ name: "Studio Marchand", street: "8, quai des Chartrons\nRez-de-chaussée", postalCode: "33000" });
    const eric = await db().contact.findFirstOrThrow({ where: { lastName: "Nguyen" }, include: { company: true } });
    expect(eric.company).toMatchObject({ name: "Nguyen & Frères", street: '3 allée "Les Pins", bât. C' });
  });

  it("imports companies from an XLSX: numbers read back as postal codes and SIRETs", async () => {
    const id = await importFixture(admin, "companies", "companies.xlsx");
    const outcomes = await rowOutcomes(id);
    expect(outcomes.map((row) => row.outcome)).toEqual(["created", "updated", "created", "rejected"]);
    expect(outcomes[1].entityId).toBe(world.companies.lemoine);
    expect(outcomes[3].messageKeys).toEqual(["import.cell.siret"]);
    const bouvier = await db().company.findUniqueOrThrow({ where: { id: outcomes[0].entityId }, include: { domains: true } });
    expect(bouvier).toMatchObject({ siret: sirets.bouvier, postalCode: "01000", sector: "commerce", website: "https://www.fromagerie-bouvier.fr" });
    expect(bouvier.domains.map((domain) => domain.domain)).toEqual(["fromagerie-bouvier.fr"]);
    const lemoine = await db().company.findUniqueOrThrow({ where: { id: world.companies.lemoine } });
    expect(lemoine).toMatchObject({ postalCode: "75011", city: "Paris", name: "Boulangerie Lemoine" });
  });
});
