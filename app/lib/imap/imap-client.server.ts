import imaps, { type ImapSimple } from "imap-simple";

/**
 * Our one door to IMAP. imap-simple 5.1 is unmaintained, so everything the app needs from a
 * mailbox goes through this small module and the library can be swapped here alone.
 *
 * What it offers is what a lossless poller needs and nothing else: open a folder and read its
 * UIDVALIDITY, list UIDs above a cursor (by UID range, never by the \Seen flag: a person reading
 * the mailbox changes nothing), fetch the raw source by UID with BODY.PEEK[] (which leaves the
 * flags alone), and the optional after-processing actions (set \Seen, move).
 *
 * Raw sources are read from node-imap's streams as bytes: imap-simple's own `search` decodes
 * bodies as UTF-8 text, which would corrupt 8-bit Latin-1 mail.
 */

export type ImapSettings = {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
  /** Connection and authentication timeout (default 15 s). */
  timeoutMs?: number;
};

export type OpenedFolder = {
  /** RFC 3501 UIDVALIDITY: when it changes, every UID of the folder means something else. */
  uidValidity: bigint;
  uidNext: number | null;
  messageCount: number;
};

export type ImapSession = {
  openFolder(name: string): Promise<OpenedFolder>;
  /** UIDs strictly greater than `afterUid`, ascending (UID SEARCH UID n+1:*). */
  uidsAfter(afterUid: number): Promise<number[]>;
  /** UIDs up to `maxUid` matching extra search criteria (e.g. ["UNSEEN"]); for the after-processing sweep. */
  uidsUpTo(maxUid: number, criteria?: string[]): Promise<number[]>;
  /** RFC822.SIZE by UID. */
  sizes(uids: number[]): Promise<Map<number, number>>;
  /** The exact bytes of each message (BODY.PEEK[]: flags untouched). */
  fetchRaw(uids: number[]): Promise<Map<number, Buffer>>;
  markSeen(uids: number[]): Promise<void>;
  moveTo(uids: number[], folder: string): Promise<void>;
  close(): Promise<void>;
};

type NodeImap = ImapSimple["imap"] & {
  search(criteria: unknown[], callback: (error: Error | null, uids: number[]) => void): void;
  fetch(source: unknown, options: Record<string, unknown>): NodeJS.EventEmitter;
  addFlags(source: unknown, flags: string | string[], callback: (error: Error | null) => void): void;
  move(source: unknown, box: string, callback: (error: Error | null) => void): void;
  openBox(name: string, readOnly: boolean, callback: (error: Error | null, box: { uidvalidity: number; uidnext?: number; messages: { total: number } }) => void): void;
};

function imapOptions(settings: ImapSettings) {
  const timeout = settings.timeoutMs ?? 15_000;
  return {
    imap: {
      user: settings.username,
      password: settings.password,
      host: settings.host,
      port: settings.port,
      tls: settings.tls,
      // Certificates are checked; a self-signed server needs a proper certificate or a tunnel.
      tlsOptions: { servername: settings.host },
      authTimeout: timeout,
      connTimeout: timeout,
      keepalive: false,
    },
  };
}

function promisify<T>(run: (callback: (error: Error | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));
}

export async function openImapSession(settings: ImapSettings): Promise<ImapSession> {
  const connection = await imaps.connect(imapOptions(settings));
  const imap = connection.imap as NodeImap;
  // A dropped socket is reported to the pending command; without a listener it would crash the process.
  let socketError: Error | null = null;
  connection.on("error", (error: Error) => {
    socketError = error;
  });
  const check = () => {
    if (socketError) throw socketError;
  };

  const fetchAll = (uids: number[], options: Record<string, unknown>, onMessage: (message: NodeJS.EventEmitter) => void) =>
    new Promise<void>((resolve, reject) => {
      const fetch = imap.fetch(uids, options);
      fetch.on("message", onMessage);
      fetch.once("error", reject);
      fetch.once("end", () => resolve());
    });

  return {
    async openFolder(name) {
      check();
      const box = await promisify<{ uidvalidity: number; uidnext?: number; messages: { total: number } }>((callback) => imap.openBox(name, false, callback));
      return { uidValidity: BigInt(box.uidvalidity), uidNext: box.uidnext ?? null, messageCount: box.messages.total };
    },
    async uidsAfter(afterUid) {
      check();
      const uids = await promisify<number[]>((callback) => imap.search([["UID", `${afterUid + 1}:*`]], callback));
      // "n:*" always includes the highest UID, even when it is below n.
      return [...new Set(uids)].filter((uid) => uid > afterUid).sort((a, b) => a - b);
    },
    async uidsUpTo(maxUid, criteria = []) {
      check();
      if (maxUid < 1) return [];
      const uids = await promisify<number[]>((callback) => imap.search([...criteria, ["UID", `1:${maxUid}`]], callback));
      return [...new Set(uids)].filter((uid) => uid <= maxUid).sort((a, b) => a - b);
    },
    async sizes(uids) {
      check();
      const sizes = new Map<number, number>();
      if (uids.length === 0) return sizes;
      await fetchAll(uids, { size: true }, (message) => {
        message.once("attributes", (attributes: { uid: number; size?: number }) => sizes.set(attributes.uid, attributes.size ?? 0));
      });
      return sizes;
    },
    async fetchRaw(uids) {
      check();
      const sources = new Map<number, Buffer>();
      if (uids.length === 0) return sources;
      const pending: Promise<void>[] = [];
      await fetchAll(uids, { bodies: [""], markSeen: false, struct: false }, (message) => {
        let uid: number | null = null;
        let body: Buffer | null = null;
        let bodyDone: Promise<void> = Promise.resolve();
        message.on("body", (stream: NodeJS.ReadableStream) => {
          const chunks: Buffer[] = [];
          bodyDone = new Promise((resolve, reject) => {
            stream.on("data", (chunk: Buffer) => chunks.push(chunk));
            stream.once("end", () => {
              body = Buffer.concat(chunks);
              resolve();
            });
            stream.once("error", reject);
          });
        });
        message.once("attributes", (attributes: { uid: number }) => {
          uid = attributes.uid;
        });
        pending.push(
          new Promise<void>((resolve, reject) => {
            message.once("end", () => {
              bodyDone.then(() => {
                if (uid !== null && body !== null) sources.set(uid, body);
                resolve();
              }, reject);
            });
          }),
        );
      });
      await Promise.all(pending);
      check();
      return sources;
    },
    async markSeen(uids) {
      check();
      if (uids.length === 0) return;
      await promisify<void>((callback) => imap.addFlags(uids, ["\\Seen"], (error) => callback(error, undefined)));
    },
    async moveTo(uids, folder) {
      check();
      if (uids.length === 0) return;
      await promisify<void>((callback) => imap.move(uids, folder, (error) => callback(error, undefined)));
    },
    close() {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          imap.destroy();
          resolve();
        }, 3_000);
        imap.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
        try {
          connection.end();
        } catch {
          clearTimeout(timer);
          resolve();
        }
      });
    },
  };
}

export type ConnectionTestResult =
  | { ok: true; folder: string; messageCount: number; uidValidity: string }
  | { ok: false; error: string };

/** "Test connection" in Administration: sign in, open the folder, report what the server said. */
export async function testImapConnection(settings: ImapSettings, folder: string): Promise<ConnectionTestResult> {
  let session: ImapSession | null = null;
  try {
    session = await openImapSession({ ...settings, timeoutMs: settings.timeoutMs ?? 10_000 });
    const opened = await session.openFolder(folder);
    return { ok: true, folder, messageCount: opened.messageCount, uidValidity: opened.uidValidity.toString() };
  } catch (error) {
    return { ok: false, error: describeImapError(error) };
  } finally {
    await session?.close();
  }
}

/** The server's words (or the network's), on one line. */
export function describeImapError(error: unknown): string {
  const failure = error as { textCode?: string; source?: string; code?: string; message?: string };
  const message = (failure.message ?? String(error)).replace(/\s+/g, " ").trim();
  const prefix = failure.code && !message.includes(failure.code) ? `${failure.code}: ` : "";
  return `${prefix}${message}`.slice(0, 500);
}
