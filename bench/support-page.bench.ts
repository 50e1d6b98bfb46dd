import http from "node:http";
import express from "express";
import { measure, reportRatio } from "./harness.ts";
import type { BenchContext } from "./context.ts";

/**
 * The framework's overhead: the signed-in Support page (session lookup, permission check,
 * queue queries, React server render) against a bare Express handler returning the same bytes.
 */
export async function benchSupportPage(context: BenchContext) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const cookie = await context.signIn("tech@comptoir.test", "comptoir");

  const get = (url: string, headers: Record<string, string> = {}) =>
    new Promise<Buffer>((resolve, reject) => {
      http
        .get(url, { agent, headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => (response.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${url}: HTTP ${response.statusCode}`))));
        })
        .on("error", reject);
    });

  const supportUrl = `${context.appUrl}/support`;
  const page = await get(supportUrl, { Cookie: cookie });

  const bare = express();
  bare.get("/support", (_request, response) => {
    response.type("text/html; charset=utf-8").send(page);
  });
  const bareServer = http.createServer(bare);
  await new Promise<void>((resolve) => bareServer.listen(0, "127.0.0.1", () => resolve()));
  const barePort = (bareServer.address() as { port: number }).port;

  const subject = await measure("Support page (signed in, Remix)", () => get(supportUrl, { Cookie: cookie }));
  const baseline = await measure("bare Express, same bytes", () => get(`http://127.0.0.1:${barePort}/support`));
  bareServer.close();
  agent.destroy();
  return { name: "support-page", bytes: page.length, ...reportRatio(`Support page server time (${page.length} bytes)`, subject, baseline), subject, baseline };
}
