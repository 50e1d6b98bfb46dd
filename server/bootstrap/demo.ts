import { hashPassword } from "~/domain/identity/passwords.server";
import { markDemoWorkspace, workspaceIsEmpty } from "~/domain/workspace.server";
import { db } from "~/lib/db.server";
import { demoLogins, seedDemoWorkspace } from "../../prisma/seed/demo-workspace.ts";

export const DEMO_PASSWORD = "comptoir";

/**
 * Seeds the demo workspace into an empty database, once. A database that holds any user,
 * contact or ticket is real data and is never touched.
 */
export async function seedDemoIfEmpty(): Promise<{ seeded: boolean }> {
  if (!(await workspaceIsEmpty())) return { seeded: false };
  await seedDemoWorkspace(db(), { passwordHash: await hashPassword(DEMO_PASSWORD) });
  await markDemoWorkspace();
  return { seeded: true };
}

export { demoLogins };
