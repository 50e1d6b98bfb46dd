import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type BenchContext = {
  appUrl: string;
  dataDir: string;
  /** Signs in through the real form and returns the Cookie header to send. */
  signIn(email: string, password: string): Promise<string>;
};

export function scratchDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-bench-"));
}

/**
 * Points this process at a scratch data directory and database, in production mode with every
 * query's timing reported (benchmarks capture SQL from query events). Call it before the app's
 * modules are imported.
 */
export function useScratchWorkspace(extraEnvironment: Record<string, string> = {}): { dataDir: string; databaseUrl: string } {
  const dataDir = scratchDataDir();
  const databaseUrl = `file:${path.join(dataDir, "comptoir.db")}`;
  Object.assign(process.env, { NODE_ENV: "production", DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SLOW_QUERY_MS: "0", ...extraEnvironment });
  return { dataDir, databaseUrl };
}

/** Cookie header from Set-Cookie lines. */
export function cookiesFrom(response: Response, previous = ""): string {
  const jar = new Map(previous.split("; ").filter(Boolean).map((pair) => pair.split("=", 2) as [string, string]));
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const index = pair.indexOf("=");
    jar.set(pair.slice(0, index), pair.slice(index + 1));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}
