import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { resolveDatabaseUrl, sqliteFilePath } from "./app/lib/database-url.ts";

// The Prisma CLI cannot download its native engines here: the JS engine with the
// better-sqlite3 driver adapter runs migrations offline (see docs/decisions/002-database.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = resolveDatabaseUrl();
    fs.mkdirSync(path.dirname(sqliteFilePath(url)), { recursive: true });
    return new PrismaBetterSQLite3({ url });
  },
});
