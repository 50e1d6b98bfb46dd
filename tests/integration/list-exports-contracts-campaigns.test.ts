import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelContract, createContract } from "~/domain/sales/contracts.server";
import { db } from "~/lib/db.server";
import { aCampaign, aSegment } from "../support/campaign-factories.ts";
import { aCompany } from "../support/customers-factories.ts";
import { contractInput as contract, dayFromToday as day } from "../support/contract-factories.ts";
import { aUser, TEST_PASSWORD } from "../support/factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";
import { expectConsoleErrors } from "../support/vitest-setup.ts";

/** The contracts and campaigns lists export what the screen shows, under the same rules as the other lists. */

let app: TestApp;
const sessions: Record<string, HttpSession> = {};

async function download(session: HttpSession, path: string) {
  const response = await fetch(new URL(path, app.url), { headers: { Cookie: session.cookieHeader() }, redirect: "manual" });
  return { status: response.status, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer()) };
}

describe("exporting the contracts and campaigns lists", () => {
  beforeAll(async () => {
    // An administrator exists, or every page leads to the first-run setup.
    await aUser({ role: "admin" });
    const users = {
      manager: await aUser({ role: "manager" }),
      repA: await aUser({ role: "sales", name: "Rémi Ventes" }),
      repB: await aUser({ role: "sales", name: "Sonia Ventes" }),
      marketing: await aUser({ role: "marketing" }),
      technician: await aUser({ role: "technician" }),
    };
    const atelier = await aCompany({ name: "Atelier Contrat" });
    const garage = await aCompany({ name: "Garage Contrat" });
    const imprimerie = await aCompany({ name: "=Imprimerie Contrat" });
    await createContract(users.repA, contract({ companyId: atelier.id, title: "Maintenance Atelier" }));
    await createContract(users.repB, contract({ companyId: garage.id, title: "Maintenance Garage" }));
    const cancelled = await createContract(users.repA, contract({ companyId: imprimerie.id, title: "Maintenance Imprimerie" }));
    await cancelContract(users.repA, cancelled.contractId, { reason: "Fermeture de l'atelier", version: 1, cancelledAt: day(-1) });
    const segment = await aSegment(undefined, "Clients lyonnais");
    await aCampaign({ segmentIds: [segment.id], name: "Soldes d'hiver" });
    app = await startTestApp();
    for (const [name, user] of Object.entries(users)) {
      const session = new HttpSession(app.url);
      expect((await session.signIn(user.email, TEST_PASSWORD)).status, name).toBe(302);
      sessions[name] = session;
    }
  });

  afterAll(async () => {
    await app?.close();
  });

  it("gives a manager every contract with the screen's state filter, and a sales rep their own", async () => {
    const all = await download(sessions.manager, "/ventes/contrats/export.csv");
    expect(all.status).toBe(200);
    expect(all.text.charCodeAt(0)).toBe(0xfeff);
    const lines = all.text.slice(1).trim().split("\r\n");
    expect(lines[0]).toBe("Contrat;Société;État;Début;Échéance;Reconduction;Montant annuel HT;Commercial;Résilié le;Motif de résiliation");
    expect(lines).toHaveLength(4);
    // A company name that starts a formula is made inert.
    expect(all.text).toContain("'=Imprimerie Contrat");
    expect(all.text).toContain("3900,00");

    const active = await download(sessions.manager, "/ventes/contrats/export.csv?etat=actifs&separateur=virgule");
    expect(active.text.charCodeAt(0)).not.toBe(0xfeff);
    const activeLines = active.text.trim().split("\r\n");
    expect(activeLines).toHaveLength(3);
    expect(active.text).not.toContain("Imprimerie");

    const own = await download(sessions.repB, "/ventes/contrats/export.csv");
    expect(own.text).toContain("Maintenance Garage");
    expect(own.text).not.toContain("Maintenance Atelier");
    expect(await db().auditLog.count({ where: { action: "export.downloaded", entityId: "contracts" } })).toBe(3);
  });

  it("lets marketing export the campaigns list, and refuses those without the export right", async () => {
    const campaigns = await download(sessions.marketing, "/marketing/campagnes/export.csv");
    expect(campaigns.status).toBe(200);
    expect(campaigns.text).toContain("Soldes d'hiver");
    expect(campaigns.text).toContain("Clients lyonnais");
    expect(campaigns.text).toContain("Brouillon");

    expect((await download(sessions.technician, "/ventes/contrats/export.csv")).status).toBe(403);
    expect((await download(sessions.technician, "/marketing/campagnes/export.csv")).status).toBe(403);
    expect((await download(sessions.marketing, "/ventes/contrats/export.csv")).status).toBe(403);
    expect((await download(sessions.repA, "/marketing/campagnes/export.csv")).status).toBe(403);
    for (const logged of expectConsoleErrors()) expect(logged[0]).toMatchObject({ status: 403 });
  });
});
