import http from "node:http";
import { listQueue } from "~/domain/helpdesk/ticket-queries.server";
import { createApiToken, revokeApiToken } from "~/domain/identity/api-tokens.server";
import { db } from "~/lib/db.server";
import { measure, reportRatio, type Timing } from "./harness.ts";

/**
 * The public API's overhead: `GET /api/v1/tickets` (first page of 50, over HTTP with a bearer
 * token: authentication, rate limit, validation, the domain call, JSON) against the domain call
 * it wraps, `listQueue(viewer, { view: "all", limit: 50 })`, in the same process and run. Runs on
 * whatever database the process uses: the demo workspace in bench/index.ts, the large dataset in
 * bench/large-data.bench.ts.
 */
export async function benchApiTicketList(input: { appUrl: string; email: string; label: string; iterations?: number; warmup?: number }) {
  const viewer = await db().user.findUniqueOrThrow({ where: { email: input.email }, select: { id: true, name: true, role: true, restrictToGroups: true } });
  const created = await createApiToken({ userId: viewer.id, actorId: null, name: "Benchmark", scopes: ["tickets:read"], expiresAt: new Date(Date.now() + 3_600_000) });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = `${input.appUrl}/api/v1/tickets?limit=50`;
  const get = () =>
    new Promise<Buffer>((resolve, reject) => {
      http
        .get(url, { agent, headers: { Authorization: `Bearer ${created.token}`, "Accept-Encoding": "identity" } }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => (response.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${url}: HTTP ${response.statusCode} ${Buffer.concat(chunks).toString().slice(0, 300)}`))));
        })
        .on("error", reject);
    });
  try {
    const first = JSON.parse((await get()).toString("utf8")) as { data: unknown[] };
    const caller = { ...viewer, scopes: ["tickets:read" as const] };
    const domain = await listQueue(caller, { view: "all", limit: 50 });
    if (first.data.length !== domain.tickets.length) throw new Error(`The API listed ${first.data.length} tickets, the domain ${domain.tickets.length}`);
    const options = { iterations: input.iterations ?? 300, warmup: input.warmup ?? 30 };
    const subject: Timing = await measure("GET /api/v1/tickets?limit=50 (HTTP)", get, options);
    const baseline: Timing = await measure("listQueue(view all, 50), domain call", () => listQueue(caller, { view: "all", limit: 50 }), options);
    const ratio = reportRatio(`Public API, first page of 50 tickets — ${input.label} (${viewer.name}, ${first.data.length} rows)`, subject, baseline);
    console.log(`  API overhead per call: ${(subject.p50 - baseline.p50).toFixed(2)} ms at p50 (authentication, rate limit, validation, JSON, HTTP)`);
    return { name: "api-ticket-list", ...ratio, subject, baseline };
  } finally {
    agent.destroy();
    await revokeApiToken({ tokenId: created.id, actor: null });
    await db().apiToken.delete({ where: { id: created.id } });
  }
}
