import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { resolveDatabaseUrl } from "./database-url";
import { checkMailEnvironment, mailEnvironment, mailEnvironmentFields, type MailEnvironment } from "./mail/mail-environment.server";

const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().default("data"),
  DATABASE_URL: z.string().optional(),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  PUBLIC_URL: z.string().url().optional(),
  /** Seed the demo workspace into an empty database. Set to false for a real install. */
  COMPTOIR_DEMO: booleanString.default("true"),
  /** Session lifetime in days, renewed on activity. */
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Log Prisma queries slower than this many milliseconds (0 = off). */
  SLOW_QUERY_MS: z.coerce.number().int().min(0).default(200),
  /** Failed sign-ins allowed per IP and per email in 15 minutes. */
  LOGIN_ATTEMPTS_PER_15_MIN: z.coerce.number().int().min(1).default(10),
  /** Public request form: submissions accepted per IP address, and per email address, in one hour. */
  WEB_FORM_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
  WEB_FORM_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(1).default(5),
  /** Seconds a person needs at least to fill in the public form; faster submissions are bots. */
  WEB_FORM_MIN_FILL_SECONDS: z.coerce.number().min(0).max(600).default(3),
  /** Help centre: search-as-you-type and deflection suggestions per IP address and minute (docs/knowledge-base.md). */
  HELP_CENTRE_SUGGESTIONS_PER_MINUTE: z.coerce.number().int().min(1).default(240),
  /** Public API: requests one token may make per minute (docs/api.md). */
  API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /**
   * Public API: the web origins allowed to call it from a browser (CORS), comma-separated
   * ("https://www.example.fr,https://shop.example.fr"), or "*" for any; empty (default) = none.
   */
  API_CORS_ORIGINS: z
    .string()
    .default("")
    .transform((value, context) => {
      const entries = value.split(",").map((entry) => entry.trim()).filter(Boolean);
      const origins: string[] = [];
      for (const entry of entries) {
        if (entry === "*") {
          origins.push("*");
          continue;
        }
        let origin: string | null = null;
        try {
          const url = new URL(entry);
          if ((url.protocol === "https:" || url.protocol === "http:") && url.origin === entry.replace(/\/$/, "")) origin = url.origin;
        } catch {
          origin = null;
        }
        if (!origin) {
          context.addIssue({ code: z.ZodIssueCode.custom, message: `"${entry}" is not an origin such as https://www.example.fr (scheme and host, no path)` });
          return z.NEVER;
        }
        origins.push(origin);
      }
      return origins;
    }),
  /**
   * Let webhooks reach private networks (loopback, 10/8, 172.16/12, 192.168/16, CGNAT, IPv6
   * unique-local): receivers on the LAN, tests. Off: only public addresses (docs/webhooks.md).
   */
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: booleanString.default("false"),
  ...mailEnvironmentFields,
}).superRefine(checkMailEnvironment);

export type Environment = Omit<z.infer<typeof environmentSchema>, "SESSION_SECRET" | "DATABASE_URL" | "PUBLIC_URL"> & {
  DATABASE_URL: string;
  SESSION_SECRET: string;
  PUBLIC_URL: string;
  dataDir: string;
  filesDir: string;
  /** Email channel settings derived from IMAP_*, SMTP_URL, MAIL_FROM and the size limits. */
  mail: MailEnvironment;
};

/**
 * Reads and validates the environment once. Embedded defaults make `npm start` work with no
 * configuration: the session secret is generated on first run and kept under the data folder,
 * never hard-coded.
 */
export function loadEnvironment(source: Record<string, string | undefined> = process.env): Environment {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${problems.join("\n")}\nSee README.md, section "Configuration".`);
  }
  const values = parsed.data;
  const dataDir = path.resolve(values.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  const filesDir = path.join(dataDir, "files");
  fs.mkdirSync(filesDir, { recursive: true });
  const publicUrl = (values.PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/$/, "");
  return {
    ...values,
    DATABASE_URL: resolveDatabaseUrl({ ...source, DATA_DIR: dataDir }),
    SESSION_SECRET: values.SESSION_SECRET ?? persistedSecret(dataDir),
    PUBLIC_URL: publicUrl,
    dataDir,
    filesDir,
    mail: mailEnvironment(values, publicUrl),
  };
}

function persistedSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = crypto.randomBytes(48).toString("base64url");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

const environmentKey = Symbol.for("comptoir.environment");
type GlobalWithEnvironment = typeof globalThis & { [environmentKey]?: Environment };

/** The process-wide validated environment (loaded on first use). */
export function env(): Environment {
  const store = globalThis as GlobalWithEnvironment;
  store[environmentKey] ??= loadEnvironment();
  return store[environmentKey];
}
