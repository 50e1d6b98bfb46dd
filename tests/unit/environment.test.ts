import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnvironment } from "~/lib/env.server";

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-env-"));

describe("configuration", () => {
  it("works with no variables: database, files and a generated secret under the data folder", () => {
    const dir = tempDir();
    const first = loadEnvironment({ DATA_DIR: dir });
    expect(first.PORT).toBe(3000);
    expect(first.DATABASE_URL).toBe(`file:${path.join(dir, "comptoir.db")}`);
    expect(first.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(path.join(dir, "session-secret")).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, "files"))).toBe(true);
    expect(loadEnvironment({ DATA_DIR: dir }).SESSION_SECRET).toBe(first.SESSION_SECRET);
    expect(loadEnvironment({ DATA_DIR: tempDir() }).SESSION_SECRET).not.toBe(first.SESSION_SECRET);
  });

  it("explains what is wrong", () => {
    expect(() => loadEnvironment({ DATA_DIR: tempDir(), PORT: "quatre", SESSION_SECRET: "court" })).toThrowError(
      /Invalid configuration:[\s\S]*PORT[\s\S]*SESSION_SECRET: SESSION_SECRET must be at least 32 characters/,
    );
  });

  it("reads booleans and the public address", () => {
    const config = loadEnvironment({ DATA_DIR: tempDir(), COMPTOIR_DEMO: "false", PUBLIC_URL: "https://support.exemple.fr/" });
    expect(config.COMPTOIR_DEMO).toBe(false);
    expect(config.PUBLIC_URL).toBe("https://support.exemple.fr");
  });
});
