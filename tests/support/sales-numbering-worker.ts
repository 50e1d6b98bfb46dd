/**
 * A real process creating quotes for the gapless-numbering test (tests/integration/
 * sales-document-numbers.test.ts), on the test file's database (DATABASE_URL). It says "ready",
 * waits for "go" on stdin so that every worker starts at once, creates its quotes as fast as it
 * can (every fourth one refused after its number was taken, which must give the number back), and
 * prints what it got as one JSON line.
 */
import readline from "node:readline";
import { DomainError } from "~/domain/errors";
import { workspaceDayAfter } from "~/domain/sales/document-dates";
import { createQuote } from "~/domain/sales/quote-commands.server";
import { disconnectDatabase } from "~/lib/db.server";

const [ownerId, companyId, countText] = process.argv.slice(2);
const count = Number(countText);
const viewer = { id: ownerId!, role: "sales", restrictToGroups: false };
const line = { productId: null, reference: "", description: "Concurrence", unit: "unit" as const, quantity: 1000, unitPrice: 100, discount: 0, vatRate: 2000 };

async function run() {
  const numbers: string[] = [];
  let refused = 0;
  for (let index = 0; index < count; index++) {
    const refuse = index % 4 === 3;
    try {
      const created = await createQuote(viewer, {
        companyId: companyId!,
        dealId: null,
        contactId: null,
        validUntil: workspaceDayAfter(new Date(), refuse ? -3 : 30),
        paymentTerms: "",
        notes: `worker ${process.pid} #${index}`,
        lines: [line],
      });
      numbers.push(created.number);
    } catch (error) {
      if (refuse && error instanceof DomainError) refused += 1;
      else throw error;
    }
  }
  process.stdout.write(`${JSON.stringify({ numbers, refused })}\n`);
}

const input = readline.createInterface({ input: process.stdin });
input.on("line", (text) => {
  if (text.trim() !== "go") return;
  input.close();
  run()
    .then(() => disconnectDatabase())
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
});
process.stdout.write("ready\n");
