import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArticle } from "~/domain/knowledge/articles.server";
import { db } from "~/lib/db.server";
import { aContact, aCustomerTicket, aMessage } from "../support/customers-factories.ts";
import { aGroup, aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aKnowledgeCategory } from "../support/knowledge-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";
import { expectConsoleErrors } from "../support/vitest-setup.ts";

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("http test image")]);

/** The staff side of the knowledge base over HTTP: who reads, who writes, CSRF, post/redirect/get. */
describe("knowledge authoring pages", () => {
  let app: TestApp;
  let author: HttpSession;
  let technician: HttpSession;
  let marketing: HttpSession;
  let restricted: HttpSession;
  let authorId: string;
  let adminUser: { email: string };
  let categoryId: string;
  let publishedId: string;
  let draftId: string;
  const run = Date.now().toString(36);

  beforeAll(async () => {
    const people = {
      // An administrator exists, so the app is past its first-run page.
      admin: await aUser({ role: "admin" }),
      author: await aUser({ role: "technician", writesKnowledge: true }),
      technician: await aUser({ role: "technician" }),
      marketing: await aUser({ role: "marketing" }),
      restricted: await aUser({ role: "technician", writesKnowledge: true, restrictToGroups: true, groupIds: [(await aGroup()).id] }),
    };
    authorId = people.author.id;
    adminUser = people.admin;
    categoryId = (await aKnowledgeCategory({ nameFr: `Imprimantes ${run}` })).id;
    publishedId = (
      await createArticle({ actorId: authorId, categoryId, visibility: "public", reviewEveryMonths: null, state: "published", translations: [{ language: "fr", title: `Publié ${run}`, summary: "", bodyHtml: `<p>Contenu publié ${run}</p>` }] })
    ).id;
    draftId = (
      await createArticle({ actorId: authorId, categoryId, visibility: "internal", reviewEveryMonths: null, translations: [{ language: "fr", title: `Brouillon ${run}`, summary: "", bodyHtml: "<p>Secret</p>" }] })
    ).id;
    app = await startTestApp();
    [author, technician, marketing, restricted] = [new HttpSession(app.url), new HttpSession(app.url), new HttpSession(app.url), new HttpSession(app.url)];
    expect((await author.signIn(people.author.email, TEST_PASSWORD)).status).toBe(302);
    expect((await technician.signIn(people.technician.email, TEST_PASSWORD)).status).toBe(302);
    expect((await marketing.signIn(people.marketing.email, TEST_PASSWORD)).status).toBe(302);
    expect((await restricted.signIn(people.restricted.email, TEST_PASSWORD)).status).toBe(302);
  });

  afterAll(async () => {
    await app?.close();
  });

  it("sends an anonymous visitor to sign in", async () => {
    const anonymous = new HttpSession(app.url);
    for (const path of ["/connaissances", `/connaissances/articles/${publishedId}`, "/connaissances/articles/nouveau", "/connaissances/categories"]) {
      const response = await anonymous.get(path);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/connexion\?redirectTo=/);
    }
  });

  it("lets readers read published articles only, without write controls, and refuses their writes", async () => {
    for (const reader of [technician, marketing]) {
      const list = await (await reader.get("/connaissances")).text();
      expect(list).toContain(`Publié ${run}`);
      expect(list).not.toContain(`Brouillon ${run}`);
      expect(list).not.toContain("/connaissances/articles/nouveau");
      const page = await reader.get(`/connaissances/articles/${publishedId}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`Contenu publié ${run}`);
      expect(html).not.toContain('name="intent"');
      expect((await reader.get(`/connaissances/articles/${draftId}`)).status).toBe(404);
      expect((await reader.get("/connaissances/articles/nouveau")).status).toBe(403);
      expect((await reader.get(`/connaissances/articles/${publishedId}/historique`)).status).toBe(403);
      expect((await reader.get("/connaissances/statistiques")).status).toBe(403);
      expect((await reader.postForm(`/connaissances/articles/${publishedId}`, { intent: "archive", confirm: "on" })).status).toBe(403);
      expect((await reader.postForm("/connaissances/articles/nouveau", { categoryId, visibility: "public", title_fr: "Intrus" })).status).toBe(403);
      expect((await reader.postForm("/connaissances/categories", { intent: "create", name_fr: "X", name_en: "X" })).status).toBe(403);
    }
    expect((await db().knowledgeArticle.findUniqueOrThrow({ where: { id: publishedId } })).state).toBe("published");
  });

  it("refuses a write without the CSRF token", async () => {
    await author.get(`/connaissances/articles/${publishedId}`);
    const response = await author.postForm(`/connaissances/articles/${publishedId}`, { intent: "archive", confirm: "on" }, { withCsrf: false });
    expect(response.status).toBe(403);
    expect((await db().knowledgeArticle.findUniqueOrThrow({ where: { id: publishedId } })).state).toBe("published");
  });

  it("creates, edits with a sanitised body, refuses a stale save keeping the text, and publishes", async () => {
    await author.get("/connaissances/articles/nouveau");
    const refused = await author.postForm("/connaissances/articles/nouveau", { categoryId, visibility: "public", reviewEveryMonths: "6", title_fr: "", bodyHtml_fr: "<p>Sans titre</p>" });
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain("Donnez un titre à cette version.");
    expect(refusedPage).toContain("Sans titre");

    const created = await author.postForm("/connaissances/articles/nouveau", {
      categoryId,
      visibility: "public",
      reviewEveryMonths: "6",
      title_fr: `Bourrage papier ${run}`,
      summary_fr: "Que faire quand le papier se coince.",
      bodyHtml_fr: `<p>Ouvrez le capot<img src=x onerror="alert(1)"></p><script>alert(2)</script>`,
      title_en: `Paper jam ${run}`,
      bodyHtml_en: "<p>Open the cover</p>",
    });
    expect(created.status).toBe(302);
    const location = created.headers.get("location")!;
    expect(location).toMatch(/^\/connaissances\/articles\/\w+$/);
    const articleId = location.split("/").pop()!;
    const fr = await db().knowledgeArticleTranslation.findFirstOrThrow({ where: { articleId, language: "fr" } });
    expect(fr.bodyHtml).toBe("<p>Ouvrez le capot</p>");
    expect(fr.slug).toBe(`bourrage-papier-${run}`);

    const page = await (await author.get(location)).text();
    expect(page).toContain(`/aide/fr/articles/bourrage-papier-${run}`);
    expect(page).not.toContain("onerror");

    const save = (version: string, body: string) =>
      author.postForm(location, { intent: "save", version, categoryId, visibility: "public", reviewEveryMonths: "6", title_fr: `Bourrage papier ${run}`, slug_fr: `bourrage-${run}`, bodyHtml_fr: body, title_en: `Paper jam ${run}`, bodyHtml_en: "<p>Open the cover</p>" });
    expect((await save("1", "<p>Deuxième version</p>")).status).toBe(302);
    const stale = await save("1", "<p>Ma version perdue ?</p>");
    expect(stale.status).toBe(409);
    const stalePage = await stale.text();
    expect(stalePage).toContain("Quelqu&#x27;un d&#x27;autre a modifié cet article");
    expect(stalePage).toContain("Ma version perdue ?");
    expect(await db().knowledgeSlugRedirect.count({ where: { articleId, slug: `bourrage-papier-${run}` } })).toBe(1);

    expect((await author.postForm(location, { intent: "publish", version: "2" })).status).toBe(302);
    expect((await author.postForm(location, { intent: "archive", version: "3" })).status).toBe(400);
    expect((await db().knowledgeArticle.findUniqueOrThrow({ where: { id: articleId } })).state).toBe("published");

    const history = await (await author.get(`${location}/historique?version=1`)).text();
    expect(history).toContain("Ouvrez le capot");
    const restored = await author.postForm(`${location}/historique`, { intent: "restore", number: "1", version: "3", confirm: "on" });
    expect(restored.status).toBe(302);
    const after = await db().knowledgeArticle.findUniqueOrThrow({ where: { id: articleId }, include: { translations: { where: { language: "fr" } } } });
    expect(after).toMatchObject({ state: "published", version: 4 });
    expect(after.translations[0].bodyHtml).toBe("<p>Ouvrez le capot</p>");
  });

  it("prefills a new article from a message of a readable ticket only", async () => {
    const contact = await aContact({ firstName: "Ada", lastName: `Lovelace ${run}` });
    await db().contact.update({ where: { id: contact.id }, data: { language: "en" } });
    const ticket = await aCustomerTicket(contact, { subject: `Printer offline ${run}` });
    const reply = await aMessage(ticket.id, { at: new Date(), authorUserId: authorId, bodyText: "Restart the spooler.\n\nThen <try> again." });
    const page = await (await author.get(`/connaissances/articles/nouveau?message=${reply.id}`)).text();
    expect(page).toContain(`Printer offline ${run}`);
    expect(page).toContain("&lt;p&gt;Restart the spooler.&lt;/p&gt;&lt;p&gt;Then &amp;lt;try&amp;gt; again.&lt;/p&gt;");
    // A writer restricted to their groups does not read this ticket: the same 404 as an unknown message.
    expect((await restricted.get(`/connaissances/articles/nouveau?message=${reply.id}`)).status).toBe(404);
    expect((await author.get("/connaissances/articles/nouveau?message=unknown")).status).toBe(404);
  });

  it("uploads images for writers only and serves them by the public-article rule", async () => {
    await author.get("/connaissances/articles/nouveau");
    const upload = async (session: HttpSession, name: string, content: Buffer, withCsrf = true) => {
      const body = new FormData();
      if (withCsrf) body.append("csrf", session.csrfToken);
      body.append("image", new Blob([new Uint8Array(content)], { type: "image/png" }), name);
      return fetch(new URL("/connaissances/images", app.url), { method: "POST", body, headers: { Cookie: session.cookieHeader(), Origin: app.url }, redirect: "manual" });
    };
    const refused = await upload(author, "evil.png", Buffer.from("<svg onload=alert(1)></svg>"));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toContain("PNG");
    expect((await upload(author, "a.png", png, false)).status).toBe(403);
    await technician.get("/connaissances");
    expect((await upload(technician, "a.png", png)).status).toBe(403);
    // A resource route's refusals are logged by Remix: the two 403s above, nothing else.
    const logged = expectConsoleErrors();
    expect(logged).toHaveLength(2);
    for (const entry of logged) expect(entry[0]).toMatchObject({ status: 403 });

    const accepted = await upload(author, "schema.png", png);
    expect(accepted.status).toBe(200);
    const { url } = (await accepted.json()) as { url: string };
    expect(url).toMatch(/^\/aide\/images\/\w+$/);

    const anonymous = new HttpSession(app.url);
    expect((await anonymous.get(url)).status).toBe(404);
    const staffCopy = await technician.get(url);
    expect(staffCopy.status).toBe(200);
    expect(staffCopy.headers.get("content-type")).toBe("image/png");
    expect(staffCopy.headers.get("x-content-type-options")).toBe("nosniff");
    expect(staffCopy.headers.get("cache-control")).toContain("private");

    await createArticle({ actorId: authorId, categoryId, visibility: "public", reviewEveryMonths: null, state: "published", translations: [{ language: "fr", title: `Avec image ${run}`, summary: "", bodyHtml: `<p><img src="${url}" alt="schéma"></p>` }] });
    const publicCopy = await anonymous.get(url);
    expect(publicCopy.status).toBe(200);
    expect(publicCopy.headers.get("cache-control")).toContain("public");
  });

  it("lets an administrator mark a technician as an author, audited", async () => {
    const admin = new HttpSession(app.url);
    const target = await aUser({ role: "technician" });
    expect((await admin.signIn(adminUser.email, TEST_PASSWORD)).status).toBe(302);
    const form = await (await admin.get(`/admin/utilisateurs/${target.id}`)).text();
    expect(form).toContain('name="writesKnowledge"');
    const version = /name="version" value="([^"]+)"/.exec(form)?.[1] ?? "";
    const saved = await admin.postForm(`/admin/utilisateurs/${target.id}`, { intent: "save", name: target.name, email: target.email, role: "technician", locale: "fr", active: "on", writesKnowledge: "on", version });
    expect(saved.status).toBe(302);
    expect((await db().user.findUniqueOrThrow({ where: { id: target.id } })).writesKnowledge).toBe(true);
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: target.id, action: "user.updated" }, orderBy: { at: "desc" } });
    expect(JSON.parse(audit.details)).toMatchObject({ changes: ["writesKnowledge"], writesKnowledge: true });
  });
});
