import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import imaps, { type ImapSimple } from "imap-simple";

import { ensureSystemPackage, findBinary } from "./system-packages.js";

export interface DovecotUser {
  user: string;
  password: string;
}

export interface AppendOptions {
  /** Mailbox to append to; defaults to INBOX. It must exist (see createFolder). */
  folder?: string;
  /**
   * Flags such as `\\Seen` or `Seen` (a missing backslash is added), or `$Keyword`.
   * Keywords must start with `$`: the IMAP library prefixes anything else with a backslash.
   */
  flags?: string[];
}

export interface DovecotServer {
  host: "127.0.0.1";
  port: number;
  users: DovecotUser[];
  /** Private temp dir holding config, users file, mail and runtime state (removed by stop). */
  dir: string;
  logFile: string;
  appendMessage(user: string, password: string, rawMessage: string | Buffer, opts?: AppendOptions): Promise<void>;
  /** Creates a mailbox (no-op if it already exists). Hierarchy separator is `.` (Maildir++). */
  createFolder(user: string, password: string, name: string): Promise<void>;
  /** Last lines of the Dovecot log (for assertion messages). */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface StartDovecotOptions {
  users?: DovecotUser[];
}

const HOST = "127.0.0.1";
const DIR_PREFIX = "comptoir-dovecot-";
const DEFAULT_USERS: DovecotUser[] = [{ user: "support@example.test", password: "secret" }];
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 5;

interface RunningDovecot {
  child: ChildProcess;
  dir: string;
}

const running = new Set<RunningDovecot>();
/** Resolves once the child's stdio pipes are closed too. */
const closed = new WeakMap<ChildProcess, Promise<void>>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Only synchronous work is possible here: signal the daemons and remove their dirs.
  process.on("exit", () => {
    for (const { child, dir } of running) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
  });
}

export async function startDovecot(options: StartDovecotOptions = {}): Promise<DovecotServer> {
  const dovecotBin = ensureSystemPackage({ binary: "dovecot", aptPackage: "dovecot-imapd" });
  const users = (options.users ?? DEFAULT_USERS).map((u) => ({ ...u }));
  for (const { user, password } of users) {
    if (!user || /[:\s]/.test(user) || /[:\r\n]/.test(password)) {
      throw new Error(`Invalid Dovecot test user ${JSON.stringify(user)}: no ':' or whitespace allowed`);
    }
  }

  await removeStaleDirs();
  const dir = await mkdtemp(path.join(os.tmpdir(), DIR_PREFIX));
  const logFile = path.join(dir, "dovecot.log");
  const stderrChunks: string[] = [];
  const logTail = (lines = 30): string => readLogTail(logFile, stderrChunks, lines);

  let child: ChildProcess | undefined;
  let port = 0;
  try {
    const identity = await prepareDir(dir, users);
    for (let attempt = 1; ; attempt++) {
      port = await findFreePort();
      const configFile = path.join(dir, "dovecot.conf");
      await writeFile(configFile, renderConfig(dir, port, identity));
      child = spawnDovecot(dovecotBin, configFile, stderrChunks);
      const entry: RunningDovecot = { child, dir };
      running.add(entry);
      installExitHook();
      const outcome = await waitUntilReady(child, port, START_TIMEOUT_MS);
      if (outcome === "ready") break;
      await stopChild(child);
      running.delete(entry);
      // Its last stderr lines may still be in the pipe when "exit" fires.
      await Promise.race([closed.get(child), delay(1_000)]);
      // Another process may grab the port between our probe and Dovecot's bind.
      if (outcome === "exited" && /address already in use/i.test(logTail(200)) && attempt < PORT_ATTEMPTS) {
        stderrChunks.length = 0;
        await rm(logFile, { force: true });
        continue;
      }
      const reason =
        outcome === "exited"
          ? `exited during startup (${child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode})`
          : `did not answer on ${HOST}:${port} within ${START_TIMEOUT_MS} ms`;
      throw new Error(`Dovecot ${reason}. Log tail:\n${logTail()}`);
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const startedChild = child;
  // Don't keep the test process alive if a test forgets stop(); the exit hook cleans up.
  unrefChild(startedChild);
  let stopping: Promise<void> | undefined;

  return {
    host: HOST,
    port,
    users,
    dir,
    logFile,
    logTail,
    appendMessage: (user, password, rawMessage, opts = {}) =>
      withImap(port, user, password, (connection) =>
        connection.append(Buffer.isBuffer(rawMessage) ? rawMessage : Buffer.from(rawMessage, "utf8"), {
          mailbox: opts.folder ?? "INBOX",
          // The library rewrites this array in place; give it a copy.
          flags: [...(opts.flags ?? [])],
        }),
      ),
    createFolder: (user, password, name) =>
      withImap(port, user, password, async (connection) => {
        try {
          await connection.addBox(name);
        } catch (error) {
          if (!/ALREADYEXISTS|already exists/i.test(String((error as Error).message))) throw error;
        }
      }),
    stop() {
      stopping ??= (async () => {
        await stopChild(startedChild);
        for (const entry of running) if (entry.child === startedChild) running.delete(entry);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

interface Identity {
  /** Set when not running as root: Dovecot then runs every service as this user. */
  unprivileged?: { user: string; group: string };
  mailUid: string;
  mailGid: string;
}

async function prepareDir(dir: string, users: DovecotUser[]): Promise<Identity> {
  const mailDir = path.join(dir, "mail");
  await mkdir(mailDir);
  const usersFile = path.join(dir, "users");
  await writeFile(usersFile, users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(""));

  if (process.getuid?.() === 0) {
    // Mail is accessed as nobody (Dovecot refuses UID 0 mail users), the users file by the
    // "dovecot" auth user: both must be able to traverse the mkdtemp dir (created 0700).
    await chmod(dir, 0o711);
    await chmod(usersFile, 0o644);
    const { uid, gid } = lookupIds("nobody", "nogroup");
    await chown(mailDir, uid, gid);
    await chmod(mailDir, 0o700);
    return { mailUid: "nobody", mailGid: "nogroup" };
  }

  const info = os.userInfo();
  const group = lookupGroupName(info.gid) ?? String(info.gid);
  return { unprivileged: { user: info.username, group }, mailUid: String(info.uid), mailGid: String(info.gid) };
}

function renderConfig(dir: string, port: number, identity: Identity): string {
  const privileges = identity.unprivileged
    ? `
# Not root: every service runs as the current user, without chroot.
default_internal_user = ${identity.unprivileged.user}
default_internal_group = ${identity.unprivileged.group}
default_login_user = ${identity.unprivileged.user}
first_valid_uid = 1
service anvil {
  chroot =
}
service imap-login {
  chroot =
}`
    : "";

  return `# Generated by tests/support/dovecot.ts
protocols = imap
listen = ${HOST}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Wrong-password tests would otherwise wait 2 s per failure.
auth_failure_delay = 0
mail_location = maildir:${dir}/mail/%u/Maildir
${privileges}

service imap-login {
  inet_listener imap {
    address = ${HOST}
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}

protocol imap {
  # The app, its poller and the tests may all connect as the same user.
  mail_max_userip_connections = 100
}

passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/users
}
userdb {
  driver = passwd-file
  args = ${dir}/users
  default_fields = uid=${identity.mailUid} gid=${identity.mailGid} home=${dir}/mail/%u
}
`;
}

function spawnDovecot(dovecotBin: string, configFile: string, stderrChunks: string[]): ChildProcess {
  const args = ["-F", "-c", configFile];
  // PR_SET_PDEATHSIG: Dovecot gets SIGTERM even if this process is SIGKILLed (e.g. a killed test worker).
  const setpriv = findBinary("setpriv");
  const child = setpriv
    ? spawn(setpriv, ["--pdeathsig", "TERM", dovecotBin, ...args], { stdio: ["ignore", "pipe", "pipe"] })
    : spawn(dovecotBin, args, { stdio: ["ignore", "pipe", "pipe"] });
  // Dovecot writes to stderr only before log_path is open (config errors and the like).
  const collect = (chunk: Buffer): void => {
    stderrChunks.push(chunk.toString("utf8"));
    if (stderrChunks.length > 200) stderrChunks.shift();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  child.on("error", (error) => collect(Buffer.from(`spawn error: ${error.message}\n`)));
  closed.set(child, new Promise((resolve) => child.once("close", () => resolve())));
  return child;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function unrefChild(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as net.Socket | null)?.unref();
}

function refChild(child: ChildProcess): void {
  child.ref();
  for (const stream of [child.stdout, child.stderr]) (stream as net.Socket | null)?.ref();
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once("exit", onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  // An unref'd child would not keep the event loop alive while we await its exit.
  refChild(child);
  child.kill("SIGTERM");
  if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
    child.kill("SIGKILL");
    await waitForExit(child, STOP_TIMEOUT_MS);
  }
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls until the IMAP greeting arrives. Right after start, imap-login may answer
 * "* OK Waiting for authentication process to respond.." before auth is up: not ready yet.
 */
async function waitUntilReady(child: ChildProcess, port: number, timeoutMs: number): Promise<"ready" | "exited" | "timeout"> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(child)) return "exited";
    if (await probeGreeting(port, Math.min(1_000, deadline - Date.now()))) return "ready";
    if (hasExited(child)) return "exited";
    await delay(50);
  }
  return "timeout";
}

function probeGreeting(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    let buffered = "";
    const finish = (ready: boolean): void => {
      socket.destroy();
      resolve(ready);
    };
    socket.setTimeout(Math.max(timeoutMs, 1), () => finish(false));
    socket.on("error", () => finish(false));
    socket.on("close", () => finish(false));
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("latin1");
      for (let nl = buffered.indexOf("\n"); nl !== -1; nl = buffered.indexOf("\n")) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line.startsWith("* OK") && !/waiting for/i.test(line)) {
          socket.end("x LOGOUT\r\n");
          resolve(true);
          return;
        }
      }
    });
  });
}

async function withImap<T>(port: number, user: string, password: string, fn: (c: ImapSimple) => Promise<T>): Promise<T> {
  const connection = await imaps.connect({
    imap: { user, password, host: HOST, port, tls: false, authTimeout: 10_000, connTimeout: 10_000 },
  });
  // imap-simple re-emits socket errors; without a listener they would crash the process.
  let socketError: Error | undefined;
  connection.on("error", (error: Error) => {
    socketError = error;
  });
  try {
    const result = await fn(connection);
    if (socketError) throw socketError;
    return result;
  } finally {
    await endImap(connection);
  }
}

/** LOGOUT and wait for the socket to close, so stop() never races a live session. */
function endImap(connection: ImapSimple): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      connection.imap.destroy();
      resolve();
    }, 2_000);
    connection.imap.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    connection.end();
  });
}

/**
 * A test process killed with SIGKILL cannot remove its temp dir (its Dovecot still dies, through
 * the parent-death signal). Remove such leftovers: older than a minute and no live master.pid.
 */
async function removeStaleDirs(): Promise<void> {
  const tmp = os.tmpdir();
  const names = (await readdir(tmp)).filter((name) => name.startsWith(DIR_PREFIX));
  await Promise.all(
    names.map(async (name) => {
      const dir = path.join(tmp, name);
      try {
        if (Date.now() - (await stat(dir)).mtimeMs < 60_000) return;
        const pid = Number((await readFile(path.join(dir, "run", "master.pid"), "utf8").catch(() => "")).trim());
        if (pid > 0 && isAlive(pid)) return;
        await rm(dir, { recursive: true, force: true });
      } catch {
        // another user's dir, or removed concurrently
      }
    }),
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLogTail(logFile: string, stderrChunks: string[], lines: number): string {
  let log = "";
  try {
    log = readFileSync(logFile, "utf8");
  } catch {
    log = "(no log file)";
  }
  const stderr = stderrChunks.join("");
  const tail = log.trimEnd().split("\n").slice(-lines).join("\n");
  return stderr ? `${tail}\n--- dovecot stderr ---\n${stderr.trimEnd()}` : tail;
}

function lookupIds(user: string, group: string): { uid: number; gid: number } {
  const passwd = readFileSync("/etc/passwd", "utf8").split("\n").map((l) => l.split(":"));
  const groups = readFileSync("/etc/group", "utf8").split("\n").map((l) => l.split(":"));
  const uid = passwd.find((f) => f[0] === user)?.[2];
  const gid = groups.find((f) => f[0] === group)?.[2];
  if (uid === undefined || gid === undefined) throw new Error(`System user ${user} or group ${group} not found`);
  return { uid: Number(uid), gid: Number(gid) };
}

function lookupGroupName(gid: number): string | undefined {
  return readFileSync("/etc/group", "utf8")
    .split("\n")
    .map((l) => l.split(":"))
    .find((f) => f[2] === String(gid))?.[0];
}
