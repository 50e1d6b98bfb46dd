import { expect as baseExpect, test } from "@playwright/test";
import { addDays, formatIsoWeek, isoDate, toZoned, weekdayIndex } from "../../app/domain/helpdesk/sla/business-calendar.ts";
import { signIn } from "./fixtures.ts";

// A long journey through four pages: give a busy machine time.
const expect = baseExpect.configure({ timeout: 20_000 });
test.setTimeout(180_000);

/** A Tuesday three weeks ahead (Paris), clear of the demo's interventions, and its ISO week. */
function aFreeTuesday() {
  const today = toZoned(new Date(), "Europe/Paris").date;
  const monday = addDays(today, 21 - weekdayIndex(today));
  const tuesday = addDays(monday, 1);
  return { date: isoDate(tuesday), week: formatIsoWeek(tuesday) };
}

test("a technician plans an intervention on a ticket, finds it in the agenda, writes the report and sees it in the thread", async ({ page }) => {
  const { date, week } = aFreeTuesday();
  await signIn(page, "tech@comptoir.test");

  // An open ticket from the queue.
  await expect(page).toHaveURL(/\/support/);
  const firstTicket = page.locator('tbody a[href^="/support/tickets/"]').first();
  const href = (await firstTicket.getAttribute("href")) ?? "";
  const ticketNumber = Number(/\/support\/tickets\/(\d+)/.exec(href)?.[1]);
  expect(ticketNumber).toBeGreaterThan(1000);
  await page.goto(`/support/tickets/${ticketNumber}`);
  const subject = (await page.getByRole("heading", { level: 1 }).innerText()).replace(/^#\d+\s*/, "");

  // Plan it: remote, 10:00–11:30.
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
  await expect(page.getByRole("status")).toContainText("Intervention planifiée.");
  const planned = panel.getByRole("listitem").filter({ hasText: "Prise en main à distance" });
  await expect(planned).toContainText("10:00–11:30");
  await expect(planned).toContainText("Planifiée");

  // The same slot again is refused, naming the clash; nothing typed is lost.
  await panel.getByText("Planifier une intervention").click();
  await plan.getByLabel("Date").fill(date);
  await plan.getByLabel("Début").fill("11:00");
  await plan.getByLabel("Fin").fill("12:00");
  await plan.getByRole("button", { name: "Planifier" }).click();
  await expect(plan.getByRole("alert").first()).toContainText("a déjà une intervention");
  await expect(plan.getByRole("alert").first()).toContainText(`ticket #${ticketNumber}`);
  await expect(plan.getByLabel("Début")).toHaveValue("11:00");

  // The agenda of that week shows it, linked to the ticket.
  await page.goto(`/support/agenda?semaine=${week}`);
  await expect(page.getByRole("heading", { name: "Agenda", level: 1 })).toBeVisible();
  const entry = page.getByRole("article").filter({ hasText: `#${ticketNumber}` }).first();
  await expect(entry).toBeVisible();
  await expect(entry.getByRole("link", { name: `#${ticketNumber} ${subject}` })).toHaveAttribute("href", `/support/tickets/${ticketNumber}`);

  // Write the report from the intervention page.
  await entry.getByRole("link", { name: /Rédiger le compte rendu/ }).click();
  await expect(page).toHaveURL(/\/support\/interventions\//);
  await page.getByRole("button", { name: "Enregistrer le compte rendu" }).click();
  await expect(page.getByText("Ce champ est obligatoire.")).toBeVisible();
  await page.getByLabel("Compte rendu", { exact: true }).fill("Pilote d'impression réinstallé, test d'impression concluant.");
  await page.getByRole("button", { name: "Enregistrer le compte rendu" }).click();
  await expect(page.getByRole("status")).toContainText("Compte rendu enregistré");
  await expect(page.getByText("Réalisée").first()).toBeVisible();

  // The report is in the ticket's thread, as an internal note.
  await page.getByRole("link", { name: `Ouvrir le ticket #${ticketNumber}` }).click();
  await expect(page).toHaveURL(new RegExp(`/support/tickets/${ticketNumber}$`));
  const thread = page.locator("section[aria-labelledby='thread-title']");
  await expect(thread).toContainText("Compte rendu d'intervention (À distance");
  await expect(thread).toContainText("Pilote d'impression réinstallé, test d'impression concluant.");
});
