import path from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3199);
/** The app mails through an SMTP sink that specs start on this port (tests/e2e/mail.ts). */
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 10000);
const dataDir = path.resolve(`test-results/e2e-data-${port}`);

/**
 * Browser tests drive Debian's Chromium (never a downloaded browser) against the production
 * build, on its own port and its own demo database, so they can run while the app is up on 3000.
 */
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/playwright-artifacts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [["list"]],
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
  },
  webServer: {
    command: `rm -rf ${dataDir} && node --import tsx server/index.ts`,
    url: `http://127.0.0.1:${port}/connexion`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      BCRYPT_COST: "4",
      COMPTOIR_DEMO: "true",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: "Support Comptoir <support@comptoir.test>",
    },
  },
});
