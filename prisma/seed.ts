/**
 * Fills an empty database with the demo workspace: `npm run db:seed`
 * (node --import tsx prisma/seed.ts). Run the migrations first (`npm run db:deploy`).
 */
import { PrismaClient } from "../app/generated/prisma/client.ts";
import { hashPassword } from "../app/domain/identity/passwords.server.ts";
import { resolveDatabaseUrl } from "../app/lib/database-url.ts";
import { createSqliteAdapter } from "../app/lib/sqlite.server.ts";
import { demoLogins, demoPassword, seedDemoWorkspace } from "./seed/demo-workspace.ts";

async function main(): Promise<number> {
  const url = resolveDatabaseUrl();
  const client = new PrismaClient({ adapter: createSqliteAdapter(url) });
  try {
    let counts: { users: number; contacts: number; tickets: number };
    try {
      const [users, contacts, tickets] = await Promise.all([client.user.count(), client.contact.count(), client.ticket.count()]);
      counts = { users, contacts, tickets };
    } catch (error) {
      console.error(`Cannot read the database at ${url}. Have the migrations been applied? (npm run db:deploy)`);
      console.error(error instanceof Error ? error.message : error);
      return 1;
    }
    if (counts.users + counts.contacts + counts.tickets > 0) {
      console.error(
        `Refusing to seed ${url}: it already holds ${counts.users} user(s), ${counts.contacts} contact(s) and ${counts.tickets} ticket(s).\n` +
          "The demo workspace is only written into an empty database. Point DATABASE_URL at a new file to try it.",
      );
      return 1;
    }

    const passwordHash = await hashPassword(demoPassword);
    const started = performance.now();
    const summary = await seedDemoWorkspace(client, { passwordHash });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);

    console.log(`Demo workspace written to ${url} in ${seconds} s:`);
    console.log(
      `  ${summary.users} users, ${summary.groups} groups, ${summary.companies} companies, ${summary.contacts} contacts, ` +
        `${summary.tickets} tickets, ${summary.messages} messages`,
    );
    console.log(`Demo logins (password "${demoPassword}"):`);
    for (const login of demoLogins) console.log(`  ${login.email.padEnd(26)} ${login.role.padEnd(11)} ${login.name}`);
    return 0;
  } finally {
    await client.$disconnect();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
