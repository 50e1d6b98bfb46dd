import { describe, expect, it } from "vitest";
import { recordDeflection, suggestArticlesForSubject } from "~/domain/knowledge/help-centre.server";
import { reportContext } from "~/domain/reporting/dashboard.server";
import { serviceSection } from "~/domain/reporting/sections/service-section.server";
import { db } from "~/lib/db.server";
import { aGroup, aUser } from "../support/factories.ts";
import { aHelpCentreArticle } from "../support/knowledge-help-centre-factories.ts";

/** Deflections: counted for published public articles only, and shown on the dashboard's service section. */

const NOW = new Date("2026-11-20T10:00:00Z");
const november = { kind: "month" as const, first: { year: 2026, month: 11, day: 1 }, last: { year: 2026, month: 11, day: 30 } };

describe("deflected requests", () => {
  it("counts a deflection of a published public article only, and creates no ticket", async () => {
    const article = await aHelpCentreArticle({ titleFr: "Suivre ma livraison", titleEn: null });
    const internal = await aHelpCentreArticle({ visibility: "internal" });
    const draft = await aHelpCentreArticle({ state: "draft" });
    const tickets = await db().ticket.count();
    // Asked in English, the article exists in French only: its French version answers.
    expect(await recordDeflection({ articleId: article.id, channel: "web_form", language: "en" })).toEqual({ ok: true, title: "Suivre ma livraison", path: `/aide/fr/articles/${article.slugFr}` });
    expect(await recordDeflection({ articleId: internal.id, channel: "portal", language: "fr" })).toEqual({ ok: false });
    expect(await recordDeflection({ articleId: draft.id, channel: "portal", language: "fr" })).toEqual({ ok: false });
    expect(await db().knowledgeDeflection.findMany({ select: { articleId: true, channel: true, language: true } })).toEqual([{ articleId: article.id, channel: "web_form", language: "fr" }]);
    expect(await db().ticket.count()).toBe(tickets);
  });

  it("shows « Demandes évitées » over the period, with its comparisons, to viewers who see every ticket", async () => {
    await db().knowledgeDeflection.deleteMany();
    const article = await aHelpCentreArticle();
    for (const at of ["2026-11-03T09:00:00Z", "2026-11-19T16:00:00Z", "2026-10-12T09:00:00Z", "2025-11-05T09:00:00Z", "2025-11-06T09:00:00Z", "2026-12-01T09:00:00Z"]) {
      await recordDeflection({ articleId: article.id, channel: "portal", language: "fr", now: new Date(at) });
    }
    const manager = await aUser({ role: "manager" });
    const section = (await serviceSection.load(reportContext({ id: manager.id, role: "manager", restrictToGroups: false }, november, NOW)))!;
    const figure = section.figures.find((candidate) => candidate.id === "service.deflected");
    expect(figure).toMatchObject({ label: "helpCentre.dashboard.deflected", value: 2, previous: 1, lastYear: 2, format: "count", drillDown: false });

    const group = await aGroup();
    const technician = await aUser({ role: "technician", groupIds: [group.id] });
    const restricted = await serviceSection.load(reportContext({ id: technician.id, role: "technician", restrictToGroups: true }, november, NOW));
    expect(restricted?.figures.some((candidate) => candidate.id === "service.deflected") ?? false).toBe(false);
  });

  it("suggests articles for a subject written as a sentence, those matching the most words first, public only", async () => {
    await aHelpCentreArticle({ titleFr: "Débloquer l'étiqueteuse thermique" });
    await aHelpCentreArticle({ titleFr: "Commander des rouleaux pour l'étiqueteuse" });
    await aHelpCentreArticle({ titleFr: "Étiqueteuse bloquée : procédure interne", visibility: "internal" });
    const titles = async (text: string) => (await suggestArticlesForSubject({ text, language: "fr", take: 5 })).map((result) => result.title);
    expect(await titles("Mon étiqueteuse est bloquée, débloquer comment ?")).toEqual(["Débloquer l'étiqueteuse thermique", "Commander des rouleaux pour l'étiqueteuse"]);
    // Every word first, then some of them.
    expect(await titles("étiqueteuse thermique")).toEqual(["Débloquer l'étiqueteuse thermique", "Commander des rouleaux pour l'étiqueteuse"]);
    expect(await titles("bonjour")).toEqual([]);
  });
});
