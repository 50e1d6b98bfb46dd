import { expect as baseExpect, test, type Browser, type BrowserContext, type Page, type Request, type TestInfo, type WebSocketRoute } from "@playwright/test";
import { signIn } from "./fixtures.ts";

// Each step crosses two browsers and the server: allow for a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 120_000 });

/**
 * Two agents in two browser contexts: Julien (tech@) and Claire (admin@), both seeing every
 * ticket. Nobody reloads: each page carries a marker set once, which a reload would wipe.
 */

type Agent = { context: BrowserContext; page: Page };

async function agent(browser: Browser, testInfo: TestInfo, email: string): Promise<Agent> {
  const { baseURL, locale, timezoneId } = testInfo.project.use;
  const context = await browser.newContext({ baseURL, locale, timezoneId });
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

async function markNoReload(page: Page) {
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
}

async function expectNoReload(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
}

/** The first ticket of the "open" queue not yet used by this file. */
async function openTicketNumber(page: Page, skip: string[] = []): Promise<string> {
  await page.goto("/support");
  const numbers = await page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-ticket-number") ?? ""));
  const number = numbers.find((candidate) => candidate && !skip.includes(candidate));
  if (!number) throw new Error("no open ticket left in the demo queue");
  return number;
}

const used: string[] = [];

test("B sees A open the ticket and type; A's reply and status change reach B without reload; B is warned before replying over it", async ({ browser }, testInfo) => {
  const julien = await agent(browser, testInfo, "tech@comptoir.test");
  const claire = await agent(browser, testInfo, "admin@comptoir.test");
  const number = await openTicketNumber(claire.page, used);
  used.push(number);

  const b = claire.page;
  await b.goto(`/support/tickets/${number}`);
  await markNoReload(b);
  await expect(b.getByTestId("ticket-presence")).toHaveCount(0);

  const a = julien.page;
  await a.goto(`/support/tickets/${number}`);
  const presence = b.getByTestId("ticket-presence");
  await expect(presence).toContainText("Julien Moreau");
  await expect(presence).toContainText("consulte ce ticket");
  // A sees B too.
  await expect(a.getByTestId("ticket-presence")).toContainText("Claire Martin");

  // B starts a draft; then A starts typing.
  await b.getByLabel("Votre réponse au client").fill("Bonjour, je regarde votre demande.");
  const reply = `Bonjour, un technicien passe demain à 9 h (réf. ${number}).`;
  await a.getByLabel("Votre réponse au client").fill(reply);
  await expect(presence.locator('[data-typing="true"]')).toContainText("Julien Moreau");
  await expect(presence).toContainText("rédige une réponse");

  // A answers and solves the ticket.
  await a.getByLabel("Envoyer en tant que").selectOption("solved");
  await a.getByRole("button", { name: "Envoyer", exact: true }).click();
  await expect(a.getByLabel("Votre réponse au client")).toHaveValue("");

  // B's page shows the reply and the new status, says who did it, keeps B's draft.
  const thread = b.getByRole("list", { name: "Conversation" });
  await expect(thread.locator("article").last()).toContainText(reply);
  await expect(b.locator("header").getByText("Résolu", { exact: true })).toBeVisible();
  await expect(b.getByTestId("live-toast").filter({ hasText: "Julien Moreau a passé le ticket en Résolu" })).toBeVisible();
  await expect(b.getByTestId("live-toast").filter({ hasText: "Julien Moreau a répondu au client" })).toBeVisible();
  await expect(b.getByLabel("Votre réponse au client")).toHaveValue("Bonjour, je regarde votre demande.");
  await expect(presence.locator('[data-typing="true"]')).toHaveCount(0);
  await expectNoReload(b);

  // B's send is held: a colleague answered while B was writing.
  const messagesBefore = await thread.locator("article").count();
  await b.getByRole("button", { name: "Envoyer", exact: true }).click();
  const dialog = b.getByRole("dialog");
  await expect(dialog).toContainText("Julien Moreau a répondu au client");
  await expect(dialog).toContainText(reply);
  await dialog.getByRole("button", { name: "Relire d'abord" }).click();
  await expect(dialog).toBeHidden();
  await expect(thread.locator("article")).toHaveCount(messagesBefore);
  await expect(b.getByLabel("Votre réponse au client")).toHaveValue("Bonjour, je regarde votre demande.");

  // Having read it, B may send: no second warning.
  await b.getByRole("button", { name: "Envoyer", exact: true }).click();
  await expect(thread.locator("article")).toHaveCount(messagesBefore + 1);
  await expect(a.getByRole("list", { name: "Conversation" }).locator("article").last()).toContainText("Bonjour, je regarde votre demande.");

  await julien.context.close();
  await claire.context.close();
});

test("a queue row follows a colleague's change in place, and the counters follow", async ({ browser }, testInfo) => {
  const julien = await agent(browser, testInfo, "tech@comptoir.test");
  const claire = await agent(browser, testInfo, "admin@comptoir.test");
  const number = await openTicketNumber(claire.page, used);
  used.push(number);
  const b = claire.page;
  await markNoReload(b);
  const openCount = Number((await b.getByTestId("count-open").textContent())?.replace(/\D/g, ""));
  const row = b.locator(`tbody tr[data-ticket-number="${number}"]`);
  await expect(row).toBeVisible();

  const a = julien.page;
  await a.goto(`/support/tickets/${number}`);
  await a.getByLabel("Votre réponse au client").fill("C'est réglé : le routeur a été remplacé.");
  await a.getByLabel("Envoyer en tant que").selectOption("solved");
  await a.getByRole("button", { name: "Envoyer", exact: true }).click();

  // The row stays where it is (no jump under the cursor), shows the new status and says it left the view.
  await expect(row).toHaveAttribute("data-live-state", "departed");
  await expect(row).toContainText("Résolu");
  await expect(row).toContainText("Sorti de cette vue");
  await expect(b.getByTestId("queue-live-marker")).toContainText("1 ticket a changé");
  await expect(b.getByTestId("count-open")).toHaveText(String(openCount - 1));
  await expectNoReload(b);

  await b.getByTestId("queue-live-marker").click();
  await expect(row).toHaveCount(0);
  await expect(b.getByTestId("queue-live-marker")).toHaveCount(0);

  await julien.context.close();
  await claire.context.close();
});

test("a ticket sent through the public web form appears in both agents' queues", async ({ browser }, testInfo) => {
  const julien = await agent(browser, testInfo, "tech@comptoir.test");
  const claire = await agent(browser, testInfo, "admin@comptoir.test");
  const agents = [julien.page, claire.page];
  const counts: number[] = [];
  for (const page of agents) {
    await page.goto("/support");
    await markNoReload(page);
    counts.push(Number((await page.getByTestId("count-open").textContent())?.replace(/\D/g, "")));
  }

  const subject = `Badgeuse hors service à l'accueil ${Date.now()}`;
  const { baseURL, locale } = testInfo.project.use;
  const visitor = await browser.newContext({ baseURL, locale });
  const form = await visitor.newPage();
  await form.goto("/demande");
  await form.getByLabel("Nom et prénom").fill("Élodie Garnier");
  await form.getByLabel("Adresse e-mail").fill("elodie.garnier@boulangerie-garnier.fr");
  await form.getByRole("radio", { name: /Incident technique/ }).check();
  await form.getByLabel("Objet").fill(subject);
  await form.getByLabel("Description").fill("La badgeuse de l'accueil n'allume plus aucun voyant depuis ce matin.");
  // People take a few seconds to fill a form; the spam guard refuses faster submissions.
  await form.waitForTimeout(3_200);
  await form.getByRole("button", { name: "Envoyer ma demande" }).click();
  await expect(form).toHaveURL(/\/demande\/envoyee/);

  for (const [index, page] of agents.entries()) {
    const marker = page.getByTestId("queue-live-marker");
    await expect(marker).toContainText("1 nouveau ticket");
    await expect(page.getByTestId("count-open")).toHaveText(String(counts[index] + 1));
    // Not slipped into the list under the cursor: it waits behind the marker.
    await expect(page.locator("tbody").getByText(subject)).toHaveCount(0);
    await expectNoReload(page);
    await marker.click();
    await expect(page.locator("tbody").getByText(subject)).toBeVisible();
    await expect(marker).toHaveCount(0);
  }

  await visitor.close();
  await julien.context.close();
  await claire.context.close();
});

test("the bell counts a notification live and leads to the ticket", async ({ browser }, testInfo) => {
  const julien = await agent(browser, testInfo, "tech@comptoir.test");
  const claire = await agent(browser, testInfo, "admin@comptoir.test");
  const number = await openTicketNumber(claire.page, used);
  used.push(number);
  const a = julien.page;
  await a.goto("/support");
  const bell = a.getByTestId("notification-bell").first();
  const before = Number((await a.getByTestId("notification-count").first().textContent().catch(() => "0")) ?? "0") || 0;

  const b = claire.page;
  await b.goto(`/support/tickets/${number}`);
  await b.getByLabel("Assigné à").selectOption({ label: "Julien Moreau" });
  await b.getByRole("button", { name: "Enregistrer" }).click();

  await expect(a.getByTestId("notification-count").first()).toHaveText(String(before + 1));
  await expect(a.getByTestId("live-toast").filter({ hasText: `Claire Martin vous a assigné le ticket #${number}` })).toBeVisible();
  await bell.click();
  const panel = a.getByRole("region", { name: "Notifications" });
  await panel.getByRole("link", { name: new RegExp(`Claire Martin vous a assigné le ticket #${number}`) }).click();
  await expect(a).toHaveURL(new RegExp(`/support/tickets/${number}$`));
  if (before === 0) await expect(a.getByTestId("notification-count")).toHaveCount(0);
  else await expect(a.getByTestId("notification-count").first()).toHaveText(String(before));

  await a.goto("/notifications");
  await expect(a.getByTestId("notification-list")).toContainText(`Claire Martin vous a assigné le ticket #${number}`);

  await julien.context.close();
  await claire.context.close();
});

test("after a network cut the page says it is reconnecting, then catches up on what it missed", async ({ browser }, testInfo) => {
  const julien = await agent(browser, testInfo, "tech@comptoir.test");
  const claire = await agent(browser, testInfo, "admin@comptoir.test");
  const number = await openTicketNumber(claire.page, used);
  used.push(number);
  const b = claire.page;

  // Claire's network: the live connection can be cut and restored at will.
  let cut = false;
  const live: WebSocketRoute[] = [];
  await b.routeWebSocket(/\/socket\.io\//, (socket) => {
    if (cut) return void socket.close();
    live.push(socket);
    const server = socket.connectToServer();
    socket.onClose(() => {
      server.close();
      const index = live.indexOf(socket);
      if (index >= 0) live.splice(index, 1);
    });
  });
  await b.route(/\/socket\.io\//, (route) => (cut ? route.abort() : route.continue()));
  // Long-polling requests still in flight: a poll already sent cannot be cut from here.
  const polling = new Set<Request>();
  b.on("request", (request) => void (/\/socket\.io\/.*transport=polling/.test(request.url()) && polling.add(request)));
  b.on("requestfinished", (request) => void polling.delete(request));
  b.on("requestfailed", (request) => void polling.delete(request));

  live.length = 0;
  await b.goto(`/support/tickets/${number}`);
  await markNoReload(b);
  await expect(b.getByTestId("realtime-status")).toHaveCount(0);
  // Socket.IO starts with HTTP long-polling and upgrades to a WebSocket: cut once it has (an
  // in-flight long poll cannot be cut from here, it would only time out after a minute).
  // Upgraded means a WebSocket is open and no long poll is pending any more.
  await expect.poll(() => live.length > 0 && polling.size === 0, { timeout: 15_000 }).toBe(true);

  cut = true;
  for (const socket of live.splice(0)) await socket.close();
  await expect(b.getByTestId("realtime-status")).toHaveText("Reconnexion…");

  // Meanwhile Julien adds a note: Claire's page cannot hear it.
  const a = julien.page;
  await a.goto(`/support/tickets/${number}`);
  await a.getByRole("radiogroup").getByText("Note interne", { exact: true }).click();
  const note = `Pièce commandée chez le fournisseur, livraison jeudi (${number}, ${Date.now()}).`;
  await a.getByLabel("Note interne (visible par l'équipe seulement)").fill(note);
  await a.getByRole("button", { name: "Ajouter la note" }).click();
  await expect(a.getByRole("list", { name: "Conversation" }).locator("article").last()).toContainText(note);
  await expect(b.getByRole("list", { name: "Conversation" })).not.toContainText(note);

  cut = false;
  await expect(b.getByTestId("realtime-status")).toHaveCount(0, { timeout: 15_000 });
  await expect(b.getByRole("list", { name: "Conversation" }).locator("article").last()).toContainText(note);
  await expectNoReload(b);

  await julien.context.close();
  await claire.context.close();
});
