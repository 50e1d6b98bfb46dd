/**
 * Creates the next migration from the difference between the committed migrations and
 * prisma/schema.prisma: `npm run db:migration -- <name>`.
 *
 * `prisma migrate dev` needs a shadow database, and `migrate diff --from-url` is refused when a
 * driver adapter is configured, so each migration saves the schema it was made from
 * (prisma/migrations/schema-snapshot.prisma) and the next one diffs from that snapshot.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { withSearchIndexRepair } from "../app/lib/search/sqlite-fts.server.ts";
import { withKnowledgeIndexRepair } from "../app/lib/search/sqlite-knowledge-fts.server.ts";
import { withServiceReportRepair } from "../app/lib/sqlite-service-tally-schema.ts";
import { withLastMessageAtRepair } from "../app/lib/sqlite.server.ts";

const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
if (!name) {
  console.error("Usage: npm run db:migration -- <name>   (e.g. add_interventions)");
  process.exit(2);
}

const migrationsDir = path.resolve("prisma/migrations");
const snapshot = path.join(migrationsDir, "schema-snapshot.prisma");
const schema = path.resolve("prisma/schema.prisma");
const prisma = path.resolve("node_modules/prisma/build/index.js");

fs.mkdirSync(migrationsDir, { recursive: true });
const from = fs.existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
const sql = execFileSync(
  process.execPath,
  [prisma, "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (!/\b(CREATE|ALTER|DROP|INSERT)\b/.test(sql)) {
  console.log("The schema matches the last migration: nothing to do.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const target = path.join(migrationsDir, `${stamp}_${name}`);
fs.mkdirSync(target, { recursive: true });
// A rebuilt Ticket, Message, Contact... would lose its search triggers: keep the index whole.
// A rebuilt Message would also lose the triggers that keep Ticket.lastMessageAt, a rebuilt Ticket
// the service section's partial indexes and its deletion trigger; a rebuilt
// KnowledgeArticleTranslation the help centre's index triggers.
fs.writeFileSync(path.join(target, "migration.sql"), withKnowledgeIndexRepair(withSearchIndexRepair(withServiceReportRepair(withLastMessageAtRepair(sql)))));
fs.copyFileSync(schema, snapshot);
if (!fs.existsSync(path.join(migrationsDir, "migration_lock.toml"))) {
  fs.writeFileSync(path.join(migrationsDir, "migration_lock.toml"), 'provider = "sqlite"\n');
}
console.log(`Wrote ${path.relative(process.cwd(), target)}/migration.sql. Review it, then run npm run db:deploy.`);
