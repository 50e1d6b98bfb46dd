import { execFileSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";

export interface SystemPackage {
  /** Executable name to look for, e.g. `dovecot`. */
  binary: string;
  /** Debian package that provides it, e.g. `dovecot-imapd`. */
  aptPackage: string;
}

// Daemons live in sbin, which is often missing from a non-root PATH.
const EXTRA_DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

let aptUpdated = false;

/** Absolute path of an executable found on PATH or in the usual system dirs, or null. */
export function findBinary(binary: string): string | null {
  const pathDirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const dir of [...pathDirs, ...EXTRA_DIRS]) {
    const candidate = path.join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Returns the path of `binary`, installing `aptPackage` first when it is missing and we are root.
 * As a normal user it throws with the exact command to run instead.
 */
export function ensureSystemPackage(pkg: SystemPackage): string {
  return ensureSystemPackages([pkg])[pkg.binary]!;
}

/** Ensures Dovecot (IMAP server for tests) and Chromium (browser tests), in a single apt-get call. */
export function ensureTestSystemPackages(): { dovecot: string; chromium: string } {
  const found = ensureSystemPackages([
    { binary: "dovecot", aptPackage: "dovecot-imapd" },
    { binary: "chromium", aptPackage: "chromium" },
  ]);
  return { dovecot: found.dovecot!, chromium: found.chromium! };
}

/** Ensures every package; the missing ones are installed together. Returns binary name -> path. */
export function ensureSystemPackages(pkgs: SystemPackage[]): Record<string, string> {
  const found: Record<string, string> = {};
  const missing: SystemPackage[] = [];
  for (const pkg of pkgs) {
    const binaryPath = findBinary(pkg.binary);
    if (binaryPath) found[pkg.binary] = binaryPath;
    else missing.push(pkg);
  }
  if (missing.length === 0) return found;

  const names = [...new Set(missing.map((p) => p.aptPackage))];
  if (process.getuid?.() !== 0) {
    const plural = names.length > 1 ? "packages" : "package";
    throw new Error(
      `Missing system ${plural} ${names.join(", ")}. ` +
        `Run: sudo apt-get update && sudo apt-get install -y ${names.join(" ")}`,
    );
  }

  aptGet(["install", "-y", ...names]);

  for (const pkg of missing) {
    const binaryPath = findBinary(pkg.binary);
    if (!binaryPath) {
      throw new Error(`apt-get installed ${pkg.aptPackage} but the binary "${pkg.binary}" is still not found`);
    }
    found[pkg.binary] = binaryPath;
  }
  return found;
}

function aptGet(args: string[]): void {
  // On a fresh machine the package lists may be empty or stale.
  if (!aptUpdated) {
    runApt(["update"]);
    aptUpdated = true;
  }
  runApt(args);
}

function runApt(args: string[]): void {
  // Wait for a concurrent apt/dpkg (e.g. another test worker) instead of failing on its lock.
  const fullArgs = ["-o", "DPkg::Lock::Timeout=300", ...args];
  console.error(`[system-packages] running: apt-get ${fullArgs.join(" ")}`);
  const started = Date.now();
  try {
    execFileSync("apt-get", fullArgs, {
      // apt output goes to stderr so it never mixes with a test reporter's stdout.
      stdio: ["ignore", process.stderr, process.stderr],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } catch (error) {
    throw new Error(`apt-get ${args.join(" ")} failed: ${(error as Error).message}`);
  }
  console.error(`[system-packages] apt-get ${args[0]} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
