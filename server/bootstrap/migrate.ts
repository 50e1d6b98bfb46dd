import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Applies the committed migrations (prisma migrate deploy) to the database at `databaseUrl`. */
export async function applyMigrations(databaseUrl: string, projectRoot = process.cwd()): Promise<void> {
  const cli = path.join(projectRoot, "node_modules/prisma/build/index.js");
  try {
    await run(process.execPath, [cli, "migrate", "deploy"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`Database migration failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}
