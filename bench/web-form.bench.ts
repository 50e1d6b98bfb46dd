import http from "node:http";
import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import express from "express";
import { issueFormToken } from "~/domain/channels/web-form/form-token.server";
import { db } from "~/lib/db.server";
import type { BenchContext } from "./context.ts";
import { measure, reportRatio, type Timing } from "./harness.ts";

/**
 * The public request form under load: each submission is a multipart post with a small
 * attachment that goes through the whole path (spam checks, validation, rate limits, contact
 * match, ticket + message + attachment + acknowledgement in one transaction, redirect). Measured
 * sequentially (latency p50/p95/p99) and with several submissions in flight (sustained rate),
 * against a bare Express handler that parses the same multipart form and redirects, in the same
 * run. Then checks that every accepted submission became exactly one ticket.
 */

const CONCURRENCY = 8;
const SUSTAINED_MS = 10_000;

// A small valid PNG-looking attachment (signature + padding), like a phone screenshot thumbnail.
const attachment = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(20 * 1024, 7)]);

let sequence = 0;

function submission(): { subject: string; body: FormData } {
  sequence += 1;
  const subject = `Bench demande ${process.pid}-${sequence}`;
  const form = new FormData();
  form.append("jeton", issueFormToken(Date.now() - 10_000));
  form.append("site_web", "");
  form.append("name", `Client Bench ${sequence % 50}`);
  // A few hundred customers writing repeatedly: matches existing contacts most of the time.
  form.append("email", `client${sequence % 300}@bench-${sequence % 20}.fr`);
  form.append("phone", "01 23 45 67 89");
  form.append("company", "");
  form.append("type", "incident");
  form.append("subject", subject);
  form.append("description", "La machine affiche une erreur E-42 depuis ce matin.\nMerci de nous rappeler.\n".repeat(5));
  form.append("pieces_jointes", new Blob([new Uint8Array(attachment)], { type: "image/png" }), "capture.png");
  return { subject, body: form };
}

async function post(url: string, body: FormData, origin: string): Promise<number> {
  const response = await fetch(url, { method: "POST", body, redirect: "manual", headers: { Origin: origin } });
  await response.arrayBuffer();
  return response.status;
}

/** As many submissions as CONCURRENCY clients can send in SUSTAINED_MS; returns per-second rate and p99. */
async function sustained(name: string, send: () => Promise<void>): Promise<Timing> {
  const samples: number[] = [];
  const deadline = Date.now() + SUSTAINED_MS;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const t0 = process.hrtime.bigint();
        await send();
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.max(0, Math.ceil((p / 100) * samples.length) - 1))];
  return { name, iterations: samples.length, p50: at(50), p95: at(95), p99: at(99), mean: samples.reduce((a, b) => a + b, 0) / samples.length, perSecond: (samples.length / totalMs) * 1000 };
}

export async function benchWebForm(context: BenchContext) {
  const formUrl = `${context.appUrl}/demande?index`;
  const accepted: string[] = [];
  const refused: number[] = [];
  const sendToApp = async () => {
    const { subject, body } = submission();
    const status = await post(formUrl, body, context.appUrl);
    if (status === 302) accepted.push(subject);
    else refused.push(status);
  };

  // Baseline: a bare Express handler parsing the same multipart form, then redirecting.
  const bare = express();
  bare.post("/demande", async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const webRequest = new Request(`http://bench${request.url}`, { method: "POST", headers: request.headers as Record<string, string>, body: Buffer.concat(chunks) });
    const form = await unstable_parseMultipartFormData(webRequest, unstable_createMemoryUploadHandler({ maxPartSize: 10 * 1024 * 1024 }));
    if (!form.get("subject")) throw new Error("baseline parsed nothing");
    response.redirect(302, "/demande/envoyee");
  });
  const bareServer = http.createServer(bare);
  await new Promise<void>((resolve) => bareServer.listen(0, "127.0.0.1", () => resolve()));
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as { port: number }).port}/demande`;
  const sendToBare = async () => {
    const status = await post(bareUrl, submission().body, bareUrl);
    if (status !== 302) throw new Error(`baseline answered ${status}`);
  };

  const ticketsBefore = await db().ticket.count({ where: { channel: "web" } });

  const sequential = await measure("web form submission (Remix, SQLite)", sendToApp, { iterations: 200, warmup: 20 });
  const sequentialBaseline = await measure("bare Express, same multipart parse", sendToBare, { iterations: 200, warmup: 20 });
  const ratio = reportRatio(`Public form, one at a time (20 KB attachment)`, sequential, sequentialBaseline);
  console.log(`  p99: ${sequential.p99.toFixed(2)} ms (baseline ${sequentialBaseline.p99.toFixed(2)} ms)`);

  const load = await sustained(`web form, ${CONCURRENCY} in flight`, sendToApp);
  const loadBaseline = await sustained(`bare Express, ${CONCURRENCY} in flight`, sendToBare);
  console.log(`\n## Public form, sustained for ${SUSTAINED_MS / 1000} s with ${CONCURRENCY} submissions in flight`);
  for (const timing of [load, loadBaseline]) {
    console.log(`  ${timing.name.padEnd(44)} ${timing.perSecond.toFixed(0).padStart(6)}/s  p50 ${timing.p50.toFixed(2).padStart(8)} ms  p99 ${timing.p99.toFixed(2).padStart(8)} ms`);
  }
  console.log(`  throughput ratio (baseline / subject): ×${(loadBaseline.perSecond / load.perSecond).toFixed(1)}`);
  bareServer.close();

  // Every accepted submission became exactly one ticket, and nothing else was created.
  const ticketsAfter = await db().ticket.count({ where: { channel: "web" } });
  const rows = await db().ticket.groupBy({ by: ["subject"], where: { subject: { startsWith: `Bench demande ${process.pid}-` } }, _count: { _all: true } });
  const perSubject = new Map(rows.map((row) => [row.subject, row._count._all]));
  const missing = accepted.filter((subject) => perSubject.get(subject) !== 1);
  const created = ticketsAfter - ticketsBefore;
  const consistent = refused.length === 0 && missing.length === 0 && created === accepted.length;
  console.log(`\n## Integrity: ${accepted.length} submissions accepted, ${refused.length} refused, ${created} web tickets created`);
  console.log(consistent ? "  ✓ every accepted submission became exactly one ticket" : `  ✗ mismatch: ${missing.length} accepted submissions without exactly one ticket; refusals ${JSON.stringify(refused.slice(0, 5))}`);
  if (!consistent) process.exitCode = 1;

  return { name: "web-form", ...ratio, sequential, sequentialBaseline, load, loadBaseline, accepted: accepted.length, created, consistent };
}
