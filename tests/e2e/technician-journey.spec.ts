import { expect as baseExpect, test, type Page } from "@playwright/test";
import { addDays, formatIsoWeek, isoDate, toZoned, weekdayIndex } from "../../app/domain/helpdesk/sla/business-calendar.ts";
import { signIn } from "./fixtures.ts";

/**
 * The support technician's whole day on one incident, in the order it happens: take an
 * unassigned incident, answer with a canned reply, plan an intervention, write its report, solve
 * the ticket; the company's timeline then tells all of it to whoever opens the record (sales,
 * managers) without opening the ticket.
 */

// Seven pages and a dozen saves: more than the default 30 s on a busy machine.
const expect = baseExpect.configure({ timeout: 20_000 });
test.setTimeout(240_000);

/** A Tuesday three weeks ahead (Paris), clear of the demo's interventions, and its ISO week. */
function aFreeTuesday() {
  const today = toZoned(new Date(), "Europe/Paris").date;
  const tuesday = addDays(addDays(today, 21 - weekdayIndex(today)), 1);
  return { date: isoDate(tuesday), week: formatIsoWeek(tuesday) };
}

/** The number of the ticket a page shows ("#1144 Subject" in the heading). */
async function ticketNumber(page: Page): Promise<string> {
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/#\d+/);
  const heading = await page.getByRole("heading", { level: 1 }).textContent();
  return /#(\d+)/.exec(heading ?? "")![1];
}

test("a technician takes an unassigned incident, answers with a canned reply, plans an intervention, reports it and solves the ticket; the company timeline shows all of it", async ({ page }) => {
  const { date, week } = aFreeTuesday();
  await signIn(page, "tech@comptoir.test");

  // ── Take an unassigned incident of a company customer (filters stay in the URL).
  await page.getByRole("link", { name: /Non assignés/ }).click();
  await expect(page).toHaveURL(/vue=unassigned/);
  await page.getByText("Filtres", { exact: true }).click();
  await page.getByLabel("Type").selectOption("incident");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/type=incident/);
  // A row reads "Requester · Company · Incident technique · Channel"; private persons have no company part.
  const companyIncident = page.locator("tbody tr").filter({ has: page.locator("p", { hasText: /^[^·]+ · [^·]+ · Incident technique · / }) }).first();
  await companyIncident.getByRole("link").nth(1).click();
  await expect(page).toHaveURL(/\/support\/tickets\/\d+$/);
  const number = await ticketNumber(page);
  const subject = (await page.getByRole("heading", { level: 1 }).innerText()).replace(/^#\d+\s*/, "").trim();
  await page.getByRole("button", { name: "Prendre" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Le ticket vous est assigné." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Prendre" })).toHaveCount(0);
  const companyLink = page.locator('a[href^="/clients/societes/"]').first();
  const companyName = (await companyLink.innerText()).trim();
  const companyHref = (await companyLink.getAttribute("href"))!;

  // ── Answer with a canned reply: the placeholders become this ticket's values.
  const composer = page.getByLabel("Votre réponse au client");
  await page.getByLabel("Réponse type").selectOption({ label: "Accusé de réception d'un incident" });
  await page.getByRole("button", { name: "Insérer", exact: true }).click();
  await expect(composer).toHaveValue(new RegExp(`demande n° ${number} `));
  await expect(composer).toHaveValue(/Julien Moreau\nSupport Comptoir$/);
  await expect(composer).not.toHaveValue(/\{\{/);
  const reply = await composer.inputValue();
  const replyLine = reply.split("\n")[2];
  await expect(page.getByLabel("Envoyer en tant que")).toHaveValue("pending_customer");
  await page.getByRole("button", { name: "Envoyer", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Réponse envoyée." })).toBeVisible();
  const thread = page.getByRole("list", { name: "Conversation" });
  await expect(thread.locator("article").last()).toHaveAttribute("data-visibility", "public");
  await expect(thread.locator("article").last()).toContainText(replyLine);
  await expect(composer).toHaveValue("");

  // Urgent now; the history says who did what.
  await page.getByLabel("Priorité").selectOption("urgent");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ticket mis à jour." })).toBeVisible();
  const history = page.getByRole("list", { name: "Historique" });
  await expect(history.locator('li[data-history-kind="priority"]').first()).toContainText("Julien Moreau");
  await expect(history.locator('li[data-history-kind="priority"]').first()).toContainText(/Priorité : (Basse|Normale|Haute) → Urgente/);
  await expect(history).toContainText("Assigné à :");

  // ── Plan a remote intervention, 10:00–11:30; the same slot again is refused, naming the clash.
  const panel = page.getByTestId("interventions-panel");
  await panel.getByText("Planifier une intervention").click();
  const plan = panel.getByRole("form", { name: "Planifier une intervention" });
  await expect(plan.getByLabel("Technicien")).toHaveValue(/.+/); // defaults to me
  await plan.getByLabel("Date").fill(date);
  await plan.getByLabel("Début").fill("10:00");
  await plan.getByLabel("Fin").fill("11:30");
  await plan.getByLabel("À distance").check();
  await plan.getByLabel("Consignes").fill("Prise en main à distance, prévenir le client la veille.");
  await plan.getByRole("button", { name: "Planifier" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Intervention planifiée." })).toBeVisible();
  const planned = panel.getByRole("listitem").filter({ hasText: "Prise en main à distance" });
  await expect(planned).toContainText("10:00–11:30");
  await expect(planned).toContainText("Planifiée");

  await panel.getByText("Planifier une intervention").click();
  await plan.getByLabel("Date").fill(date);
  await plan.getByLabel("Début").fill("11:00");
  await plan.getByLabel("Fin").fill("12:00");
  await plan.getByRole("button", { name: "Planifier" }).click();
  await expect(plan.getByRole("alert").first()).toContainText("a déjà une intervention");
  await expect(plan.getByRole("alert").first()).toContainText(`ticket #${number}`);
  await expect(plan.getByLabel("Début")).toHaveValue("11:00");

  // ── The week's agenda shows it; the report is written from there.
  await page.goto(`/support/agenda?semaine=${week}`);
  await expect(page.getByRole("heading", { name: "Agenda", level: 1 })).toBeVisible();
  const entry = page.getByRole("article").filter({ hasText: `#${number}` }).first();
  await expect(entry.getByRole("link", { name: `#${number} ${subject}` })).toHaveAttribute("href", `/support/tickets/${number}`);
  await entry.getByRole("link", { name: /Rédiger le compte rendu/ }).click();
  await expect(page).toHaveURL(/\/support\/interventions\//);
  await page.getByRole("button", { name: "Enregistrer le compte rendu" }).click();
  await expect(page.getByText("Ce champ est obligatoire.")).toBeVisible();
  const report = "Pilote d'impression réinstallé, test d'impression concluant.";
  await page.getByLabel("Compte rendu", { exact: true }).fill(report);
  await page.getByRole("button", { name: "Enregistrer le compte rendu" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Compte rendu enregistré" })).toBeVisible();
  await expect(page.getByText("Réalisée").first()).toBeVisible();

  // The report joined the ticket's thread.
  await page.getByRole("link", { name: `Ouvrir le ticket #${number}` }).click();
  await expect(page).toHaveURL(new RegExp(`/support/tickets/${number}$`));
  await expect(thread).toContainText("Compte rendu d'intervention (À distance");
  await expect(thread).toContainText(report);

  // ── Solve it.
  await page.getByLabel("Statut", { exact: true }).selectOption("solved");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ticket mis à jour." })).toBeVisible();
  await expect(page.locator("header").getByText("Résolu")).toBeVisible();
  await expect(history.locator('li[data-history-kind="status"]').first()).toContainText("→ Résolu");

  // ── The company's record tells the story, newest first, without opening the ticket.
  await page.getByRole("link", { name: companyName }).first().click();
  await expect(page).toHaveURL(companyHref);
  await expect(page.getByRole("heading", { name: companyName, level: 1 })).toBeVisible();
  const timeline = page.getByRole("region", { name: "Historique" });
  const ofThisTicket = timeline.locator("li[data-kind]").filter({ has: page.getByRole("link", { name: `#${number} · ${subject}` }) });

  const intervention = ofThisTicket.and(timeline.locator("li[data-kind=intervention]"));
  await expect(intervention).toHaveCount(1);
  await expect(intervention).toContainText("Intervention réalisée");
  await expect(intervention).toContainText("À distance");
  await expect(intervention).toContainText(report);
  await expect(intervention).toContainText("par Julien Moreau");

  const answer = ofThisTicket.and(timeline.locator("li[data-kind=message]")).filter({ hasText: "Réponse envoyée" });
  await expect(answer).toHaveCount(1);
  await expect(answer).toContainText(replyLine);
  await expect(answer).toContainText("par Julien Moreau");

  const ticket = ofThisTicket.and(timeline.locator("li[data-kind=ticket]"));
  await expect(ticket).toHaveCount(1);
  await expect(ticket).toContainText("Ticket créé");
  await expect(ticket).toContainText("Résolu");

  // Newest first: the intervention report, then our answer, then the ticket's creation.
  const order = await ofThisTicket.evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")));
  const position = (kind: string) => order.indexOf(kind);
  expect(position("intervention")).toBeLessThan(position("message"));
  expect(position("message")).toBeLessThan(position("ticket"));
  // The report is told once, by its intervention, not again as an internal note.
  await expect(ofThisTicket.and(timeline.locator("li[data-kind=note]")).filter({ hasText: report })).toHaveCount(0);
});
