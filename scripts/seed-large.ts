/**
 * `npm run seed:large`: builds the benchmark dataset (1,000,000 tickets, 3,000,000 messages,
 * 200,000 contacts, 50,000 companies, 200,000 deals, 1,000,000 activities, 100,000 quotes) into
 * data/large.db, or the file given by `--file <path>` / LARGE_DATABASE_FILE. Smaller sizes:
 * --tickets, --messages, --contacts, --companies, --deals, --activities, --quotes. The file is
 * replaced. See docs/benchmarks.md.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { fullSize, largeDatasetLogins, largeDatasetPassword, seedLargeDataset } from "./large-dataset.ts";

const { values } = parseArgs({
  options: {
    file: { type: "string" },
    tickets: { type: "string" },
    messages: { type: "string" },
    contacts: { type: "string" },
    companies: { type: "string" },
    deals: { type: "string" },
    activities: { type: "string" },
    quotes: { type: "string" },
    seed: { type: "string" },
  },
});

function count(name: keyof typeof fullSize, minimum = 1): number {
  const raw = values[name];
  if (raw === undefined) return fullSize[name];
  const value = Number(raw.replace(/[_,]/g, ""));
  if (!Number.isInteger(value) || value < minimum) {
    console.error(`--${name} must be a whole number of at least ${minimum} (got "${raw}").`);
    process.exit(2);
  }
  return value;
}

const file = path.resolve(values.file ?? process.env.LARGE_DATABASE_FILE ?? "data/large.db");
const size = {
  tickets: count("tickets"),
  messages: count("messages"),
  contacts: count("contacts"),
  companies: count("companies"),
  deals: count("deals", 0),
  activities: count("activities", 0),
  quotes: count("quotes", 0),
};
if (size.messages < size.tickets) {
  console.error("--messages must be at least --tickets (every ticket opens with a message).");
  process.exit(2);
}
console.log(
  `Building the large dataset into ${path.relative(process.cwd(), file) || file}: ` +
    `${size.tickets.toLocaleString("en")} tickets, ${size.messages.toLocaleString("en")} messages, ` +
    `${size.contacts.toLocaleString("en")} contacts, ${size.companies.toLocaleString("en")} companies, ` +
    `${size.deals.toLocaleString("en")} deals, ${size.activities.toLocaleString("en")} activities, ${size.quotes.toLocaleString("en")} quotes.`,
);
const summary = await seedLargeDataset({ file, ...size, seed: values.seed ? Number(values.seed) : undefined, log: (line) => console.log(line) });
console.log(
  `Done in ${summary.seconds.toFixed(0)} s (${(summary.seconds / 60).toFixed(1)} min, ${summary.cpuSeconds.toFixed(0)} s of CPU in this process); ` +
    `${(summary.bytes / 1024 ** 3).toFixed(2)} GB, ${summary.users} staff accounts in ${summary.groups} groups.`,
);
console.log(`Sign in with ${Object.values(largeDatasetLogins).join(", ")} (password "${largeDatasetPassword}") when serving it:`);
console.log(`  DATABASE_URL=file:${file} COMPTOIR_DEMO=false npm start`);
console.log("Then run the benchmarks on it: npm run bench");
