import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImportJob } from "~/domain/imports/import-jobs.server";
import { runImportBatch } from "~/domain/imports/import-run.server";
import { db } from "~/lib/db.server";
import { TEST_PASSWORD, aUser } from "../support/factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";
import { expectConsoleErrors } from "../support/vitest-setup.ts";

/**
 * The import wizard over HTTP, as the browser posts it: who may open which import, the upload's
 * checks and CSRF, correcting the reading, custom fields, the consent statement, starting, the
 * report and the undo with its confirmation.
 */

const csv = (rows: string[][]) => Buffer.from(`\uFEFF${rows.map((row) => row.join(";")).join("\r\n")}\r\n`, "utf8");

async function upload(session: HttpSession, fields: { entity: string; fileName: string; content: Buffer; csrf?: boolean }) {
  const form = new FormData();
  if (fields.csrf !== false) form.append("csrf", session.csrfToken);
  form.append("entity", fields.entity);
  form.append("file", new Blob([new Uint8Array(fields.content)]), fields.fileName);
  return fetch(new URL("/clients/imports", session.baseUrl), { method: "POST", body: form, redirect: "manual", headers: { Cookie: session.cookieHeader(), Origin: session.baseUrl } });
}

describe("the import wizard over HTTP", () => {
  let app: TestApp;
  let admin: HttpSession;
  let marketer: HttpSession;
  let technician: HttpSession;
  let adminUser: { id: string; role: string; restrictToGroups: boolean };
  const stamp = Date.now().toString(36);

  beforeAll(async () => {
    adminUser = await aUser({ role: "admin", name: "Ada Admin" });
    const marketing = await aUser({ role: "marketing", name: "Mona Marketing" });
    const support = await aUser({ role: "technician", name: "Théo Technicien" });
    app = await startTestApp();
    admin = new HttpSession(app.url);
    marketer = new HttpSession(app.url);
    technician = new HttpSession(app.url);
    const users = await db().user.findMany({ where: { id: { in: [adminUser.id, marketing.id, support.id] } }, select: { id: true, email: true } });
    const email = (id: string) => users.find((user) => user.id === id)!.email;
    expect((await admin.signIn(email(adminUser.id), TEST_PASSWORD)).status).toBe(302);
    expect((await marketer.signIn(email(marketing.id), TEST_PASSWORD)).status).toBe(302);
    expect((await technician.signIn(email(support.id), TEST_PASSWORD)).status).toBe(302);
  });

  afterAll(async () => {
    await app?.close();
  });

  it("offers marketing contacts only, hides other kinds of imports from it, and refuses those who may not import", async () => {
    const companies = await createImportJob({ ...adminUser, role: "admin" }, { entity: "companies", fileName: `societes-${stamp}.csv`, bytes: csv([["Raison sociale", "Ville"], [`Menuiserie ${stamp}`, "Lyon"]]) });

    const page = await (await marketer.get("/clients/imports")).text();
    expect(page).toContain('<option value="contacts"');
    expect(page).not.toContain('<option value="companies"');
    expect(page).not.toContain(`societes-${stamp}.csv`);
    expect((await marketer.get(`/clients/imports/${companies.id}`)).status).toBe(404);
    expect((await marketer.get(`/clients/imports/${companies.id}/colonnes`)).status).toBe(404);
    expect((await marketer.get(`/clients/imports/${companies.id}/rejets.csv`)).status).toBe(404);
    // A resource route's refusal is logged by the server's error handler.
    for (const logged of expectConsoleErrors()) expect(logged[0]).toMatchObject({ status: 404 });
    const refused = await upload(marketer, { entity: "companies", fileName: "societes.csv", content: csv([["Raison sociale"], ["X"]]) });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Choisissez ce que contient le fichier.");

    expect((await technician.get("/clients/imports")).status).toBe(403);
    expect((await admin.get("/clients/imports")).status).toBe(200);
    expect(await (await admin.get("/clients/imports")).text()).toContain(`societes-${stamp}.csv`);
  });

  it("refuses an upload without the CSRF token, and a file that is not a spreadsheet, saying why", async () => {
    await admin.get("/clients/imports");
    const withoutToken = await upload(admin, { entity: "contacts", fileName: "contacts.csv", content: csv([["Nom"], ["Dupont"]]), csrf: false });
    expect(withoutToken.status).toBe(403);
    const pdf = await upload(admin, { entity: "contacts", fileName: "contacts.pdf", content: Buffer.from("%PDF-1.4 not a spreadsheet") });
    expect(pdf.status).toBe(400);
    expect(await pdf.text()).toMatch(/CSV|XLSX/);
    const empty = await upload(admin, { entity: "contacts", fileName: "contacts.csv", content: Buffer.alloc(0) });
    expect(empty.status).toBe(400);
    expect(await db().importJob.count({ where: { fileName: "contacts.csv" } })).toBe(0);
  });

  it("walks a contacts file from upload to undo: reading corrected, a custom field, the consent statement, the run, the report", async () => {
    await admin.get("/clients/imports");
    const file = Buffer.from(
      [
        "Société,Nom,Prénom,Courriel,Code client",
        `Atelier ${stamp},Martin,Léa,lea.${stamp}@atelier.test,C-001`,
        `Atelier ${stamp},Bernard,Paul,paul.${stamp}@atelier.test,C-002`,
        `Atelier ${stamp},Petit,Zoé,zoe.${stamp}@,C-003`,
      ].join("\r\n"),
      "utf8",
    );
    const uploaded = await upload(admin, { entity: "contacts", fileName: `contacts-${stamp}.csv`, content: file });
    expect(uploaded.status).toBe(302);
    const filePage = uploaded.headers.get("location")!;
    expect(filePage).toMatch(/^\/clients\/imports\/[^/]+\/fichier$/);
    const jobId = filePage.split("/")[3];
    const reading = await (await admin.get(filePage)).text();
    expect(reading).toContain("Léa");

    // Read with the wrong separator, the header is one column; read again with the right one.
    expect((await admin.postForm(filePage, { encoding: "utf-8", separator: ";" })).status).toBe(302);
    expect((await db().importJob.findUniqueOrThrow({ where: { id: jobId } })).separator).toBe(";");
    expect(await (await admin.get(filePage)).text()).toContain("Société,Nom,Prénom");
    expect((await admin.postForm(filePage, { encoding: "utf-8", separator: "," })).status).toBe(302);

    // A custom field needs a name; then the mapping is saved and the preview follows.
    const columns = `/clients/imports/${jobId}/colonnes`;
    const mapping = { "target.0": "company.name", "target.1": "lastName", "target.2": "firstName", "target.3": "email", "target.4": "__custom__" };
    const unnamed = await admin.postForm(columns, { ...mapping, "custom.4": "", intent: "continue" });
    expect(unnamed.status).toBe(400);
    expect(await unnamed.text()).toContain("Donnez un nom au champ personnalisé");
    const named = await admin.postForm(columns, { ...mapping, "custom.4": "Code client", intent: "continue" });
    expect(named.status).toBe(302);
    expect(named.headers.get("location")).toBe(`/clients/imports/${jobId}/apercu`);

    const preview = `/clients/imports/${jobId}/apercu`;
    const previewPage = await (await admin.get(preview)).text();
    expect(previewPage).toContain("adresse e-mail invalide");
    // Recording consent requires where the addresses come from.
    const noSource = await admin.postForm(preview, { "decision.all": "merge", "consent.kind": "record", "consent.legalBasis": "opt_in", "consent.source": "", intent: "start" });
    expect(noSource.status).toBe(400);
    expect((await db().importJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("draft");
    const started = await admin.postForm(preview, { "decision.all": "merge", "consent.kind": "record", "consent.legalBasis": "opt_in", "consent.source": `Salon ${stamp}`, intent: "start" });
    expect(started.status).toBe(302);
    expect(started.headers.get("location")).toBe(`/clients/imports/${jobId}`);
    expect((await db().importJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("queued");
    // The pages of a started import lead to its report.
    expect((await admin.get(columns)).headers.get("location")).toBe(`/clients/imports/${jobId}`);

    while ((await runImportBatch(jobId)) === "more");
    const report = await (await admin.get(`/clients/imports/${jobId}`)).text();
    expect(report).toContain('data-testid="import-count-created">2<');
    expect(report).toContain('data-testid="import-count-rejected">1<');
    const company = await db().company.findFirstOrThrow({ where: { name: `Atelier ${stamp}` } });
    expect(JSON.parse(company.customFields)).toMatchObject({ "Code client": "C-001" });
    expect(await db().marketingConsent.findUnique({ where: { address: `lea.${stamp}@atelier.test` } })).toMatchObject({ state: "opt_in", source: "import", basis: expect.stringContaining(`Salon ${stamp}`) });

    const rejected = await admin.get(`/clients/imports/${jobId}/rejets.csv`);
    expect(rejected.status).toBe(200);
    expect(rejected.headers.get("content-type")).toContain("text/csv");
    expect(await rejected.text()).toContain(`zoe.${stamp}@`);

    // Undo asks for a confirmation, then removes what the import created.
    const unconfirmed = await admin.postForm(`/clients/imports/${jobId}`, { intent: "undo" });
    expect(unconfirmed.status).toBe(400);
    expect(await db().contact.count({ where: { emails: { some: { address: `lea.${stamp}@atelier.test` } } } })).toBe(1);
    const undone = await admin.postForm(`/clients/imports/${jobId}`, { intent: "undo", confirm: "yes" });
    expect(undone.status).toBe(200);
    expect(await undone.text()).toContain("Import annulé");
    expect(await db().contact.count({ where: { emails: { some: { address: `lea.${stamp}@atelier.test` } } } })).toBe(0);
    expect((await db().importJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("undone");
  });
});
