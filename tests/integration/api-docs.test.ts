import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemTypes } from "~/lib/api/problem.server";
import { apiEndpoints } from "~/lib/api/v1/index.server";
import { env } from "~/lib/env.server";
import { translator } from "~/lib/i18n/translate";
import { aUser } from "../support/factories.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * /api/docs: the reference rendered by our own code from the OpenAPI document, in French and in
 * English, with our stylesheet and no script or outside resource; every operation, every
 * problem type a problem's `type` points to, and every schema a type links to are on the page.
 */

let app: TestApp;

beforeAll(async () => {
  await aUser({ role: "admin" });
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

async function page(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}/api/docs${query}`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  return response.text();
}

const decode = (html: string) => html.replaceAll("&#x27;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">");

describe("the API reference page", () => {
  it("lists every operation with its summary, scope and a curl example, in French", async () => {
    const html = decode(await page("?lang=fr"));
    const t = translator("fr");
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain(t("publicApi.docs.title"));
    for (const endpoint of apiEndpoints) {
      expect(html, endpoint.operationId).toContain(`id="operation-${endpoint.operationId}"`);
      expect(html).toContain(t(endpoint.summary));
      expect(html).toContain(endpoint.path);
    }
    // Examples use the installation's own address.
    expect(html).toContain(`curl -X POST "${env().PUBLIC_URL}/api/v1/tickets"`);
    expect(html).toContain('-H "Idempotency-Key: $(uuidgen)"');
    expect(html).toContain(`-H 'If-Match: "3"'`);
    expect(html).toContain("Lister les tickets");
  });

  it("answers in English when asked, or from Accept-Language", async () => {
    const english = decode(await page("?lang=en"));
    expect(english).toContain('<html lang="en"');
    expect(english).toContain("API reference");
    expect(english).toContain("List tickets");
    expect(decode(await page("", { "Accept-Language": "en-GB,en;q=0.9" }))).toContain("List tickets");
  });

  it("holds the anchor of every problem type and of every schema a type links to", async () => {
    const html = await page("?lang=en");
    for (const type of Object.keys(problemTypes)) expect(html, type).toContain(`id="problem-${type}"`);
    const linked = new Set([...html.matchAll(/href="#schema-(\w+)"/g)].map((match) => match[1]));
    expect(linked.size).toBeGreaterThan(10);
    for (const name of linked) expect(html, name).toContain(`id="schema-${name}"`);
    const problem = await fetch(`${app.url}/api/v1/tickets`);
    const { type } = (await problem.json()) as { type: string };
    expect(html).toContain(`id="${new URL(type).hash.slice(1)}"`);
  });

  it("is our own HTML and stylesheet: no script, nothing loaded from elsewhere", async () => {
    const html = await page("?lang=fr");
    expect(html).not.toMatch(/<script/i);
    const resources = [...html.matchAll(/<(?:link|img|script|iframe)[^>]+(?:href|src)="([^"]+)"/g)].map((match) => match[1]!);
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) expect(resource, resource).toMatch(/^\//);
    const stylesheet = resources.find((resource) => resource.endsWith(".css"))!;
    const css = await fetch(`${app.url}${stylesheet}`);
    expect(css.status).toBe(200);
    expect(await css.text()).toContain(".bg-slate-50");
  });
});
