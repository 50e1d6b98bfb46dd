/**
 * Email ingestion against the raw IMAP fetch of the same mailbox, in the same run (issue 4).
 *
 * A real Dovecot (tests/support/dovecot.ts) holds N realistic mails: new requests from known
 * customers and from unknown senders (company domains and free-mail), follow-ups threaded by
 * In-Reply-To/References, PDF attachments, HTML alternatives, Latin-1 bodies, and copies of the
 * fixture corpus (tests/fixtures/mail: ISO-8859-1, Windows-1252, inline images, hostile file
 * names). Then:
 *
 *   baseline  our IMAP module (imap-simple underneath) fetches the full raw bodies of the N mails,
 *             in the poller's batches: open folder, UID SEARCH, sizes, FETCH BODY.PEEK[];
 *   subject   the real worker (server/workers/imap-poller.ts) polls the mailbox until all N are
 *             stored raw and processed into tickets and messages, acknowledgements queued in the
 *             outbox. Split into "fetch + store raw" and "process" from the rows' timestamps.
 *
 * Then checks the result and fails loudly: N inbound mails stored and processed, none failed,
 * the expected tickets, follow-ups in their original's ticket, one acknowledgement per new ticket,
 * the attachments kept.
 *
 * Runs in its own process, on its own scratch database and data directory (the database client is
 * one per process): `node --import tsx bench/email-ingestion.bench.ts` standalone, or from
 * bench/index.ts. EMAIL_BENCH_MAILS sets N (default 240). Dovecot and the scratch directory are
 * removed on the way out, failure included.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { useScratchWorkspace } from "./context.ts";

const MAILS = Number(process.env.EMAIL_BENCH_MAILS ?? 240);
if (!Number.isInteger(MAILS) || MAILS < 8) throw new Error(`EMAIL_BENCH_MAILS must be a whole number of at least 8 (got ${process.env.EMAIL_BENCH_MAILS})`);
const FETCH_RUNS = 3;
const SUPPORT = { user: "support@bench.test", password: "bench-secret" };

const { dataDir, databaseUrl } = useScratchWorkspace({ PUBLIC_URL: "https://support.bench.test", MAIL_FROM: "Support Bench <support@bench.test>" });
delete process.env.IMAP_HOST;
delete process.env.SMTP_URL;

const { applyMigrations } = await import("../server/bootstrap/migrate.ts");
const { databaseReady, db, disconnectDatabase } = await import("~/lib/db.server");
const { startDovecot } = await import("../tests/support/dovecot.ts");
const { appendRaw } = await import("../tests/support/imap-append.ts");

type Dovecot = Awaited<ReturnType<typeof startDovecot>>;
let dovecot = null as Dovecot | null;
// Interrupted (Ctrl-C): Dovecot's own exit hook stops it and removes its directory; remove ours.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(130);
  });
}
const load = () => os.loadavg().map((value) => value.toFixed(2)).join(" ");

// ───────────────────────────── the corpus ─────────────────────────────

type PlannedMail = {
  raw: Buffer;
  messageId: string;
  kind: "new" | "follow-up";
  /** The Message-ID of the mail this one follows up (same sender). */
  follows?: string;
  attachment: boolean;
};

const crlf = (text: string) => text.replace(/\r?\n/g, "\r\n");
const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1"), Buffer.alloc(36 * 1024, "0 0 0 rg 0 0 595 842 re f\n")]);
const subjects = [
  "Imprimante bloquée au service comptabilité",
  "Facture 2026-118 : montant erroné",
  "Accès impossible à l'extranet",
  "Devis pour la maintenance annuelle",
  "Caisse enregistreuse qui ne démarre plus",
  "Demande de rappel urgent",
  "Changement d'adresse de livraison",
  "Erreur E-42 sur le terminal de paiement",
];
const body = (index: number) =>
  [
    "Bonjour,",
    `Depuis ce matin, notre poste n°${index} affiche « erreur E-42 » au démarrage et l'équipe ne peut plus travailler.`,
    "Nous avons déjà redémarré la machine et vérifié les câbles, sans succès. Pourriez-vous nous rappeler au 01 23 45 67 89 ?",
    "Merci d'avance,\nCordialement",
  ].join("\n\n");

function header(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");
}

function encodedWord(text: string): string {
  return /[^\x20-\x7e]/.test(text) ? `=?UTF-8?B?${Buffer.from(text, "utf8").toString("base64")}?=` : text;
}

function syntheticMail(index: number, from: { name: string; address: string }, options: { subject: string; inReplyTo?: string; attachment: boolean; html: boolean; latin1: boolean }): PlannedMail {
  const messageId = `<bench-${index}-${process.pid}@${from.address.split("@")[1]}>`;
  const fields: Record<string, string> = {
    From: `${encodedWord(from.name)} <${from.address}>`,
    To: `Support <${SUPPORT.user}>`,
    Subject: encodedWord(options.subject),
    Date: new Date(Date.UTC(2026, 10, 23, 8, 0, index)).toUTCString().replace("GMT", "+0000"),
    "Message-ID": messageId,
    "MIME-Version": "1.0",
  };
  if (options.inReplyTo) {
    fields["In-Reply-To"] = options.inReplyTo;
    fields.References = options.inReplyTo;
  }
  const text = options.inReplyTo ? `Bonjour,\n\nUn complément : le problème revient à chaque redémarrage.\n\n> ${body(index).split("\n").join("\n> ")}` : body(index);
  const charset = options.latin1 ? "iso-8859-1" : "utf-8";
  const textPart = `Content-Type: text/plain; charset=${charset}\nContent-Transfer-Encoding: base64\n\n${Buffer.from(text, options.latin1 ? "latin1" : "utf8").toString("base64").replace(/.{76}/g, "$&\n")}`;
  const htmlPart = `Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n${Buffer.from(`<html><body>${text.split("\n\n").map((paragraph) => `<p>${paragraph.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n/g, "<br>")}</p>`).join("")}<img src="https://tracker.example/pixel.gif"></body></html>`, "utf8").toString("base64").replace(/.{76}/g, "$&\n")}`;
  let content = options.html ? `Content-Type: multipart/alternative; boundary="alt-${index}"\n\n--alt-${index}\n${textPart}\n--alt-${index}\n${htmlPart}\n--alt-${index}--` : textPart;
  if (options.attachment) {
    const attachmentPart = `Content-Type: application/pdf; name="releve-${index}.pdf"\nContent-Disposition: attachment; filename="releve-${index}.pdf"\nContent-Transfer-Encoding: base64\n\n${pdf.toString("base64").replace(/.{76}/g, "$&\n")}`;
    content = `Content-Type: multipart/mixed; boundary="mixed-${index}"\n\n--mixed-${index}\n${content}\n--mixed-${index}\n${attachmentPart}\n--mixed-${index}--`;
  }
  return { raw: Buffer.from(crlf(`${header(fields)}\n${content}\n`), "latin1"), messageId, kind: options.inReplyTo ? "follow-up" : "new", follows: options.inReplyTo, attachment: options.attachment };
}

const FIXTURES = ["iso-8859-1-french.eml", "windows-1252-french.eml", "utf8-french.eml", "multipart-alternative.eml", "related-inline-images.eml", "hostile-attachment-names.eml"];

/** A fixture of the corpus as a new request from its own sender, with its own Message-ID. */
function fixtureMail(index: number, name: string): PlannedMail {
  const source = fs.readFileSync(path.resolve("tests/fixtures/mail", name)).toString("latin1");
  const messageId = `<bench-fixture-${index}-${process.pid}@bench-fixtures.test>`;
  const rewritten = source
    .replace(/^Message-ID:.*$/im, `Message-ID: ${messageId}`)
    .replace(/^(From:.*<)[^>]+(>.*)$/im, `$1fixture-${index}@client-fixture-${index % 7}.fr$2`);
  if (!rewritten.includes(messageId) || !rewritten.includes(`fixture-${index}@`)) throw new Error(`Fixture ${name}: cannot rewrite its From or Message-ID line`);
  return { raw: Buffer.from(crlf(rewritten), "latin1"), messageId, kind: "new", attachment: false };
}

/**
 * N mails: a quarter follow-ups (In-Reply-To an earlier mail of the same sender in the batch),
 * the rest new requests, alternately from known customers (two new requests each at most: the
 * acknowledgement throttle allows three per address per hour) and from senders never seen.
 */
function corpus(count: number, knownCustomers: Array<{ name: string; address: string }>): PlannedMail[] {
  const mails: PlannedMail[] = [];
  const newBySender = new Map<string, number>();
  const openedBy: Array<{ from: { name: string; address: string }; messageId: string; subject: string }> = [];
  let known = 0;
  let unknown = 0;
  for (let index = 0; mails.length < count; index++) {
    if (index % 4 === 3 && openedBy.length > 0) {
      const original = openedBy[(index * 7) % openedBy.length];
      mails.push(syntheticMail(index, original.from, { subject: `Re: ${original.subject}`, inReplyTo: original.messageId, attachment: index % 8 === 7, html: false, latin1: false }));
      continue;
    }
    if (index % 10 === 5) {
      mails.push(fixtureMail(index, FIXTURES[(index / 10) % FIXTURES.length | 0]));
      continue;
    }
    let from: { name: string; address: string };
    if (index % 2 === 0 && known < knownCustomers.length * 2) {
      from = knownCustomers[known++ % knownCustomers.length];
    } else {
      unknown += 1;
      const freeMail = unknown % 3 === 0;
      from = { name: `Client Nouveau ${unknown}`, address: freeMail ? `client.nouveau${unknown}.${process.pid}@gmail.com` : `contact${unknown}@nouvelle-entreprise-${unknown % 25}.fr` };
    }
    if ((newBySender.get(from.address) ?? 0) >= 2) throw new Error(`Bench corpus: ${from.address} would open more than two tickets`);
    newBySender.set(from.address, (newBySender.get(from.address) ?? 0) + 1);
    const subject = `${subjects[index % subjects.length]} (${index})`;
    const mail = syntheticMail(index, from, { subject, attachment: index % 5 === 0, html: index % 3 === 0, latin1: index % 7 === 1 });
    openedBy.push({ from, messageId: mail.messageId, subject });
    mails.push(mail);
  }
  return mails;
}

// ───────────────────────────── the run ─────────────────────────────

async function run() {
  console.log(`\n## Email ingestion vs raw IMAP fetch (${MAILS} mails, real Dovecot; load average ${load()})`);
  await applyMigrations(databaseUrl);
  await databaseReady();
  const [{ createMailbox }, { findOrCreateContactByEmail }, { openImapSession }, { fetchBatches }, { startImapPoller }, { renderEmail }, { acknowledgementEmail }] = await Promise.all([
    import("~/domain/channels/email/mailboxes.server"),
    import("~/domain/customers/contacts.server"),
    import("~/lib/imap/imap-client.server"),
    import("~/domain/channels/email/mailbox-poll.server"),
    import("../server/workers/imap-poller.ts"),
    import("~/lib/mail/render.server"),
    import("~/emails/acknowledgement.mjml"),
  ]);

  // Known customers: 45 contacts of 15 companies, as a workspace that has been running a while.
  const knownCustomers = Array.from({ length: 45 }, (_, index) => ({ name: `Client Connu ${index}`, address: `client${index}@entreprise-connue-${index % 15}.fr` }));
  for (const customer of knownCustomers) await db().$transaction((tx) => findOrCreateContactByEmail(tx, { email: customer.address, name: customer.name }));
  const admin = await db().user.create({ data: { name: "Admin Bench", email: "admin@bench.test", passwordHash: "not-a-login", role: "admin" }, select: { id: true } });

  const mails = corpus(MAILS, knownCustomers);
  const totalBytes = mails.reduce((sum, mail) => sum + mail.raw.length, 0);
  dovecot = await startDovecot({ users: [SUPPORT] });
  const appendStarted = Date.now();
  for (let offset = 0; offset < mails.length; offset += 50) {
    await appendRaw(dovecot, SUPPORT, mails.slice(offset, offset + 50).map((mail) => mail.raw));
  }
  const counts = { newRequests: mails.filter((mail) => mail.kind === "new").length, followUps: mails.filter((mail) => mail.kind === "follow-up").length, attachments: mails.filter((mail) => mail.attachment).length };
  console.log(
    `  corpus: ${counts.newRequests} new requests (${knownCustomers.length} known customers, the rest unknown senders; ${FIXTURES.length} fixture kinds), ` +
      `${counts.followUps} follow-ups, ${counts.attachments} with a 36 KB PDF; ${(totalBytes / 1024 / 1024).toFixed(1)} MB, appended in ${((Date.now() - appendStarted) / 1000).toFixed(1)} s`,
  );

  // Baseline: the raw fetch of the same N mails through our IMAP module, as the poller does it.
  const settings = { host: dovecot.host, port: dovecot.port, tls: false, username: SUPPORT.user, password: SUPPORT.password };
  const rawFetch = async (): Promise<{ seconds: number; fetched: number; bytes: number }> => {
    const started = process.hrtime.bigint();
    const session = await openImapSession(settings);
    let fetched = 0;
    let bytes = 0;
    try {
      await session.openFolder("INBOX");
      const uids = await session.uidsAfter(0);
      const sizes = await session.sizes(uids);
      for (const batch of fetchBatches(uids, sizes)) {
        for (const raw of (await session.fetchRaw(batch)).values()) {
          fetched += 1;
          bytes += raw.length;
        }
      }
    } finally {
      await session.close();
    }
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, fetched, bytes };
  };
  await rawFetch(); // warm-up: Dovecot's index and page cache, as for the poller's fetch below
  const fetches: number[] = [];
  for (let runIndex = 0; runIndex < FETCH_RUNS; runIndex++) {
    const result = await rawFetch();
    if (result.fetched !== MAILS || result.bytes !== totalBytes) throw new Error(`Raw fetch returned ${result.fetched} mails / ${result.bytes} bytes, expected ${MAILS} / ${totalBytes}`);
    fetches.push(result.seconds);
  }
  fetches.sort((a, b) => a - b);
  const fetchSeconds = fetches[Math.floor(fetches.length / 2)];

  // Subject: the real worker, from its first poll until every mail is processed.
  const mailbox = await createMailbox({
    name: "Support (bench)",
    host: dovecot.host,
    port: dovecot.port,
    tls: false,
    username: SUPPORT.user,
    password: SUPPORT.password,
    folder: "INBOX",
    defaultGroupId: "",
    afterProcessing: "leave",
    moveToFolder: "",
    pollSeconds: 3600,
    active: true,
    actorId: admin.id,
  });
  const mailboxId = mailbox.id;
  const cpuStarted = process.cpuUsage();
  const startedAt = new Date();
  const started = process.hrtime.bigint();
  let pollError: string | null = null;
  const polled = new Promise<void>((resolve) => {
    const poller = startImapPoller({
      tickMs: 3_600_000,
      log: { info: () => {}, warn: (...args: unknown[]) => console.warn(...args), error: (...args: unknown[]) => console.error(...args) },
      onPoll: (id, result) => {
        if (id !== mailboxId) return;
        pollError = result.error;
        void poller.stop().then(resolve);
      },
    });
  });
  await polled;
  const ingestSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  if (pollError) throw new Error(`The poll failed: ${pollError}`);

  const inbound = await db().inboundEmail.findMany({ where: { mailboxId }, select: { status: true, error: true, receivedAt: true, processedAt: true, messageIdHeader: true, ticketId: true } });
  const lastStored = Math.max(...inbound.map((row) => row.receivedAt.getTime()));
  const lastProcessed = Math.max(...inbound.map((row) => row.processedAt?.getTime() ?? 0));
  const storeSeconds = (lastStored - startedAt.getTime()) / 1000;
  const processSeconds = (lastProcessed - lastStored) / 1000;

  // The acknowledgement's rendering on its own, now that the process is warm (varying props).
  const renderStarted = process.hrtime.bigint();
  const RENDERS = 50;
  for (let index = 0; index < RENDERS; index++) renderEmail(acknowledgementEmail, { ticketNumber: 1000 + index, subject: `${subjects[index % subjects.length]} <${index}>`, requesterName: `Client « ${index} »` }, index % 2 ? "en" : "fr");
  const renderMs = Number(process.hrtime.bigint() - renderStarted) / 1e6 / RENDERS;

  const fetchRate = MAILS / fetchSeconds;
  const ingestRate = MAILS / ingestSeconds;
  const line = (name: string, seconds: number, rate: string) => console.log(`  ${name.padEnd(52)} ${seconds.toFixed(2).padStart(7)} s  ${rate}`);
  line(`raw IMAP fetch, full bodies (median of ${FETCH_RUNS})`, fetchSeconds, `${fetchRate.toFixed(0).padStart(6)} mails/s  (${((totalBytes / 1024 / 1024) / fetchSeconds).toFixed(1)} MB/s)`);
  line("ingestion end to end (worker poll → tickets + outbox)", ingestSeconds, `${ingestRate.toFixed(1).padStart(6)} mails/s`);
  console.log(`  ratio (baseline rate / ingestion rate): ×${(fetchRate / ingestRate).toFixed(1)}`);
  console.log(
    `  stages: fetch + store raw ${storeSeconds.toFixed(2)} s (${((storeSeconds * 1000) / MAILS).toFixed(1)} ms/mail), ` +
      `process ${processSeconds.toFixed(2)} s (${((processSeconds * 1000) / MAILS).toFixed(1)} ms/mail); ` +
      `CPU ${((cpu.user + cpu.system) / 1000 / MAILS).toFixed(1)} ms/mail; acknowledgement render alone ${renderMs.toFixed(2)} ms`,
  );

  // Integrity: everything stored once, processed, threaded, acknowledged.
  const problems: string[] = [];
  const byStatus = new Map<string, number>();
  for (const row of inbound) byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + 1);
  if (inbound.length !== MAILS) problems.push(`${inbound.length} inbound mails stored, expected ${MAILS}`);
  if ((byStatus.get("processed") ?? 0) !== MAILS) problems.push(`statuses ${JSON.stringify(Object.fromEntries(byStatus))}; first error: ${inbound.find((row) => row.error)?.error ?? "none"}`);
  const tickets = await db().ticket.count({ where: { channel: "email" } });
  if (tickets !== counts.newRequests) problems.push(`${tickets} email tickets, expected ${counts.newRequests}`);
  const messages = await db().message.count({ where: { direction: "in" } });
  if (messages !== MAILS) problems.push(`${messages} inbound messages, expected ${MAILS}`);
  const ticketOf = new Map(inbound.map((row) => [row.messageIdHeader, row.ticketId]));
  const misthreaded = mails.filter((mail) => mail.follows && ticketOf.get(mail.messageId) !== ticketOf.get(mail.follows)).length;
  if (misthreaded > 0) problems.push(`${misthreaded} follow-ups not in their original's ticket`);
  const acknowledgements = await db().outboundEmail.count({ where: { kind: "acknowledgement", status: "queued" } });
  if (acknowledgements !== counts.newRequests) problems.push(`${acknowledgements} acknowledgements queued, expected ${counts.newRequests}`);
  const withPdf = await db().attachment.count({ where: { filename: { startsWith: "releve-" }, contentType: "application/pdf" } });
  if (withPdf !== counts.attachments) problems.push(`${withPdf} PDF attachments kept, expected ${counts.attachments}`);

  console.log(`\n## Integrity: ${inbound.length} stored, ${byStatus.get("processed") ?? 0} processed, ${byStatus.get("failed") ?? 0} failed; ${tickets} tickets, ${messages} messages, ${acknowledgements} acknowledgements queued, ${withPdf} PDFs kept`);
  if (problems.length > 0) {
    for (const problem of problems) console.log(`  ✗ ${problem}`);
    throw new Error(`Email ingestion bench: ${problems.length} integrity problem(s)`);
  }
  console.log(`  ✓ every mail became exactly one ticket or follow-up in its original's ticket, each new ticket one acknowledgement (load average now ${load()})`);
  return { fetchRate, ingestRate, storeSeconds, processSeconds, renderMs };
}

try {
  await run();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  if (dovecot) console.error(`Dovecot log tail:\n${dovecot.logTail(10)}`);
  process.exitCode = 1;
} finally {
  await dovecot?.stop();
  await disconnectDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
