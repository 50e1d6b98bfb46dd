import { ensureSystemPackage } from "../support/system-packages.ts";

/** Chromium comes from Debian (installed here when running as root); Playwright never downloads one. */
export default function globalSetup() {
  process.env.CHROMIUM_PATH ??= ensureSystemPackage({ binary: "chromium", aptPackage: "chromium" });
}
