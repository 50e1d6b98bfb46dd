import { db } from "~/lib/db.server";

const DEMO_KEY = "workspace.demo";

/** True when this database holds the seeded demo workspace (its logins are shown on sign-in). */
export async function isDemoWorkspace(): Promise<boolean> {
  const setting = await db().setting.findUnique({ where: { key: DEMO_KEY }, select: { value: true } });
  return setting?.value === "true";
}

export async function markDemoWorkspace(): Promise<void> {
  await db().setting.upsert({ where: { key: DEMO_KEY }, create: { key: DEMO_KEY, value: "true" }, update: { value: "true" } });
}

/** A database that already holds people or tickets is real data: the demo seed never touches it. */
export async function workspaceIsEmpty(): Promise<boolean> {
  const [users, contacts, tickets] = await Promise.all([db().user.count(), db().contact.count(), db().ticket.count()]);
  return users + contacts + tickets === 0;
}
