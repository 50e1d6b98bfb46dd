import type { AddressInfo } from "node:net";

import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** Username if the client authenticated (any credentials are accepted), else null. */
  authUser: string | null;
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpSink {
  host: "127.0.0.1";
  port: number;
  url: string;
  /** Every accepted message, in arrival order. A message is here before the client gets its 250. */
  messages: ReceivedMail[];
  /**
   * Resolves with the first message (already received or arriving later) matching the predicate,
   * or any message if none is given. Rejects after timeoutMs.
   */
  waitForMessage(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  clear(): void;
  /** Rejects the next `count` messages at end of DATA with `responseCode` (a temporary 451 by default). */
  failNext(count: number, responseCode?: number, message?: string): void;
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";

interface Waiter {
  predicate: (mail: ReceivedMail) => boolean;
  resolve: (mail: ReceivedMail) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Failure {
  responseCode: number;
  message: string;
}

/** Listens on 127.0.0.1, on a free port unless one is given (browser tests use a fixed one the app is told about). */
export async function startSmtpSink(options: { port?: number; parse?: boolean; rejectRecipient?: (address: string) => boolean } = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<Waiter>();
  const failures: Failure[] = [];

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    disabledCommands: ["STARTTLS"],
    logger: false,
    // Don't hold stop() for 30 s when a pooled client keeps its connection open.
    closeTimeout: 1_000,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient?.(address.address)) {
        callback(Object.assign(new Error("5.1.1 No such user (test sink)"), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "anonymous" });
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error) => callback(error));
      stream.on("end", () => {
        const failure = failures.shift();
        if (failure) {
          callback(Object.assign(new Error(failure.message), { responseCode: failure.responseCode }));
          return;
        }
        const raw = Buffer.concat(chunks);
        // Benchmarks count raw messages; parsing would make the sink the bottleneck.
        (options.parse === false ? Promise.resolve({} as ParsedMail) : simpleParser(raw)).then(
          (parsed) => {
            const mail: ReceivedMail = {
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              },
              authUser: typeof session.user === "string" ? session.user : null,
              raw,
              parsed,
            };
            messages.push(mail);
            for (const waiter of waiters) {
              if (waiter.predicate(mail)) settle(waiter, () => waiter.resolve(mail));
            }
            callback(null);
          },
          (error: Error) => callback(Object.assign(new Error(`Unparseable message: ${error.message}`), { responseCode: 554 })),
        );
      });
    },
  });

  const settle = (waiter: Waiter, action: () => void): void => {
    if (!waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    action();
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Client misbehaviour (resets, timeouts) must not crash the test process.
  server.on("error", () => {});
  const { port } = server.server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;

  return {
    host: HOST,
    port,
    url: `smtp://${HOST}:${port}`,
    messages,
    waitForMessage(predicate = () => true, timeoutMs = 10_000) {
      const existing = messages.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve,
          reject,
          timer: setTimeout(() => {
            settle(waiter, () =>
              reject(new Error(`No matching message within ${timeoutMs} ms (${messages.length} received)`)),
            );
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    clear() {
      messages.length = 0;
      failures.length = 0;
    },
    failNext(count, responseCode = 451, message = "Temporary failure, try again later (test sink)") {
      for (let i = 0; i < count; i++) failures.push({ responseCode, message });
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        for (const waiter of [...waiters]) settle(waiter, () => waiter.reject(new Error("SMTP sink stopped")));
        server.close(() => resolve());
      });
      return stopping;
    },
  };
}
