import { describe, expect, it } from "vitest";
import { createCompany, getCompanyForEdit, updateCompany } from "~/domain/customers/company-records.server";
import { searchCompanies } from "~/domain/customers/company-queries.server";
import { companyFormSchema } from "~/domain/customers/customer-schemas";
import { markClientOnFirstOrderInTransaction } from "~/domain/sales/lifecycle.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { aUser } from "../support/factories.ts";

/** The company form's lifecycle fields: prospect, client since, lost when and why, prospect source. */
function companyForm(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries({ name: "Menuiserie Garnier", sector: "industry", ...fields })) data.append(name, value);
  return parseForm(data, companyFormSchema);
}
function input(fields: Record<string, string>) {
  const parsed = companyForm(fields);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  return parsed.data;
}
const lifecycleOf = (id: string) =>
  db().company.findUniqueOrThrow({ where: { id }, select: { lifecycleStage: true, prospectSource: true, clientSince: true, lostAt: true, lostReason: true, updatedAt: true } });

describe("company lifecycle in the company form", () => {
  it("creates a prospect with its source; a prospect has no loss", async () => {
    const { id } = await createCompany(input({ lifecycleStage: "prospect", prospectSource: "trade_show", lostAt: "2026-01-01", lostReason: "rien" }), null);
    expect(await lifecycleOf(id)).toMatchObject({ lifecycleStage: "prospect", prospectSource: "trade_show", clientSince: null, lostAt: null, lostReason: "" });
  });

  it("makes a client without a date a client since today, and keeps a typed date", async () => {
    const before = Date.now();
    const today = await createCompany(input({ lifecycleStage: "client" }), null);
    expect((await lifecycleOf(today.id)).clientSince!.getTime()).toBeGreaterThanOrEqual(before);
    const dated = await createCompany(input({ lifecycleStage: "client", clientSince: "2024-09-02" }), null);
    expect((await lifecycleOf(dated.id)).clientSince!.toISOString()).toBe("2024-09-02T12:00:00.000Z");
    expect((await getCompanyForEdit(dated.id))!.clientSince).toBe("2024-09-02");
  });

  it("records a lost client with its date and reason, and a day left as it was keeps its stored instant", async () => {
    const { id } = await createCompany(input({ lifecycleStage: "prospect" }), null);
    // A first order made it a client at an exact instant (late evening in Paris).
    await db().$transaction((tx) => markClientOnFirstOrderInTransaction(tx, { companyId: id, at: new Date("2025-03-31T21:30:00Z") }));
    const loaded = (await getCompanyForEdit(id))!;
    expect(loaded).toMatchObject({ lifecycleStage: "client", clientSince: "2025-03-31" });

    await updateCompany(id, input({ lifecycleStage: "former_client", clientSince: loaded.clientSince, lostAt: "2026-02-15", lostReason: "Rachat par un groupe", version: loaded.version }), null);
    const lost = await lifecycleOf(id);
    expect(lost).toMatchObject({ lifecycleStage: "former_client", lostReason: "Rachat par un groupe" });
    expect(lost.clientSince!.toISOString()).toBe("2025-03-31T21:30:00.000Z");
    expect(lost.lostAt!.toISOString()).toBe("2026-02-15T12:00:00.000Z");
    const entry = await db().auditLog.findFirstOrThrow({ where: { entityId: id, action: "company.updated" }, orderBy: { at: "desc" } });
    expect(JSON.parse(entry.details).changes).toEqual(["lifecycleStage", "lostReason", "lostAt"]);

    // Back to client: the loss is cleared, the first client date stays.
    await updateCompany(id, input({ lifecycleStage: "client", clientSince: "2025-03-31", lostAt: "2026-02-15", lostReason: "Rachat par un groupe" }), null);
    expect(await lifecycleOf(id)).toMatchObject({ lifecycleStage: "client", lostAt: null, lostReason: "", clientSince: new Date("2025-03-31T21:30:00.000Z") });
  });

  it.each([
    [{ lifecycleStage: "partenaire" }, "lifecycleStage", "validation.choose"],
    [{ prospectSource: "pigeon" }, "prospectSource", "validation.choose"],
    [{ clientSince: "2024-02-30" }, "clientSince", "customers.validation.date"],
    [{ lifecycleStage: "client", clientSince: "2099-01-01" }, "clientSince", "customers.validation.dateInFuture"],
    [{ lifecycleStage: "former_client", clientSince: "2025-05-01", lostAt: "2025-04-01" }, "lostAt", "sales.lifecycle.validation.lostBeforeClient"],
  ])("refuses %o with a message on %s", (fields, field, message) => {
    const parsed = companyForm(fields);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.fieldErrors[field]).toBe(message);
  });

  it("filters the companies list by lifecycle", async () => {
    const reader = await aUser({ role: "sales" });
    await createCompany(input({ name: "Filtre Prospect Zéphyr", lifecycleStage: "prospect" }), null);
    await createCompany(input({ name: "Filtre Client Zéphyr", lifecycleStage: "client" }), null);
    await createCompany(input({ name: "Filtre Ancien Zéphyr", lifecycleStage: "former_client" }), null);
    const names = async (lifecycleStage: string) => (await searchCompanies(reader, { query: "Zéphyr", lifecycleStage })).companies.map((company) => [company.name, company.lifecycleStage]);
    expect(await names("former_client")).toEqual([["Filtre Ancien Zéphyr", "former_client"]]);
    expect(await names("client")).toEqual([["Filtre Client Zéphyr", "client"]]);
    expect(await names("")).toHaveLength(3);
  });
});
