import type { TransactionClient } from "~/lib/db.server";

const COUNTER = "ticket_number";
const FIRST_NUMBER = 1001;

/** The next human ticket number (#1234), allocated inside the creating transaction. */
export async function nextTicketNumber(tx: TransactionClient): Promise<number> {
  const counter = await tx.counter.upsert({
    where: { name: COUNTER },
    create: { name: COUNTER, value: FIRST_NUMBER },
    update: { value: { increment: 1 } },
    select: { value: true },
  });
  return counter.value;
}
