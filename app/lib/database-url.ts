import path from "node:path";

/** Where the embedded database lives: DATABASE_URL, else `<DATA_DIR or ./data>/comptoir.db`. */
export function resolveDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const dataDir = path.resolve(env.DATA_DIR ?? "data");
  return `file:${path.join(dataDir, "comptoir.db")}`;
}

/** The file path of a `file:` SQLite URL. */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith("file:")) throw new Error(`Not a SQLite file URL: ${url}`);
  return path.resolve(url.slice("file:".length));
}
