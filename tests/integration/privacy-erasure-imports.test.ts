import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createImportJob } from "~/domain/imports/import-jobs.server";
import { rejectedRowsCsv } from "~/domain/imports/import-report.server";
import { startImportJob } from "~/domain/imports/import-run.server";
import { eraseContact } from "~/domain/privacy/erasure.server";
import { db } from "~/lib/db.server";
import { fileStorePath } from "~/lib/files.server";
import { aUser } from "../support/factories.ts";
import { runToEnd } from "../support/import-factories.ts";

/** Erasing a person removes the uploaded import file that named them; the import's report stays, without them. */
describe("erasure and imports", () => {
  it("deletes the file of an import that created the person, keeps the report readable, and leaves the other people of the file", async () => {
    const admin = await aUser({ role: "admin" });
    const file = Buffer.from("Raison sociale;Nom;Prénom;E-mail\r\nAtelier des Lilas;Duval;Hortense;hortense.duval@atelier-hortense.test\r\nAtelier des Lilas;Roux;Paul;paul.roux@atelier-hortense.test\r\nAtelier des Lilas;Petit;Zoé;zoe@\r\n", "utf8");
    const { id } = await createImportJob(admin, { entity: "contacts", fileName: "atelier.csv", bytes: file });
    await startImportJob(admin, id);
    expect(await runToEnd(id)).toBe("finished");
    const job = await db().importJob.findUniqueOrThrow({ where: { id } });
    const stored = fileStorePath(job.storedPath);
    expect(fs.existsSync(stored)).toBe(true);
    const hortense = await db().contact.findFirstOrThrow({ where: { emails: { some: { address: "hortense.duval@atelier-hortense.test" } } } });

    await eraseContact({ contactId: hortense.id, actorId: admin.id, reason: "request" });

    expect(fs.existsSync(stored)).toBe(false);
    expect((await db().importJob.findUniqueOrThrow({ where: { id } })).storedPath).toBe("");
    expect(await db().importRow.findFirst({ where: { jobId: id, entityId: hortense.id }, select: { raw: true } })).toEqual({ raw: "[]" });
    // The report and the rejected rows still read, the header taken from the mapping.
    const rejected = await rejectedRowsCsv(id, "fr");
    expect(rejected!.csv).toContain("Raison sociale;Nom;Prénom;E-mail");
    expect(rejected!.csv).toContain("zoe@");
    expect(rejected!.csv).not.toContain("Hortense;");
    expect(await db().contact.count({ where: { emails: { some: { address: "paul.roux@atelier-hortense.test" } } } })).toBe(1);
  });
});
