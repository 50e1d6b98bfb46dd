import { once } from "node:events";
import { Readable } from "node:stream";
import SMTPConnection from "nodemailer/lib/smtp-connection";

/**
 * An SMTP session (nodemailer's SMTPConnection, the client under its transports) that sends one
 * message at a time and holds back the message's END, the final "\r\n.\r\n" of DATA, until the
 * caller has committed that the mail is sent (docs/decisions/015-campaign-sending-exactly-once.md).
 *
 * A server that never receives the final dot discards the message (RFC 5321 §4.1.1.4: the mail
 * transaction completes only at the end-of-data indication). So a process killed before its
 * commit sends nothing, and the row, still "sending", is sent again after its lease; a process
 * killed after its commit has already handed (or is a few ticks from handing) the dot to the kernel,
 * which delivers buffered bytes of a killed process before closing the connection.
 */

export type SmtpServerAddress = { host: string; port: number; secure: boolean; auth: { user: string; pass: string } | null };

export function smtpServerAddress(url: string): SmtpServerAddress {
  const parsed = new URL(url);
  const secure = parsed.protocol === "smtps:";
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : null,
  };
}

/** The message, given to the SMTP client at once, whose end is released on demand. */
class WithheldMessage extends Readable {
  private pushed = false;
  private resolvePulled!: () => void;
  /** Resolves once the client asked for more after taking the whole message: it is past our hands. */
  readonly pulled = new Promise<void>((resolve) => (this.resolvePulled = resolve));

  constructor(private readonly raw: Buffer) {
    super();
  }

  override _read() {
    if (this.pushed) this.resolvePulled();
    else {
      this.pushed = true;
      this.push(this.raw);
    }
  }

  release() {
    this.push(null);
  }
}

export type WithheldOutcome =
  | { outcome: "accepted"; response: string }
  /** The server refused, before the message (envelope) or after its end (then the commit had been made). */
  | { outcome: "rejected"; afterCommit: boolean; error: unknown }
  /** The commit said no (another sender holds the row): the connection was cut before the dot, nothing was delivered. */
  | { outcome: "abandoned" };

export class WithheldSmtpSession {
  private constructor(private readonly connection: SMTPConnection) {}

  static async open(address: SmtpServerAddress, options: { name?: string } = {}): Promise<WithheldSmtpSession> {
    const connection = new SMTPConnection({
      host: address.host,
      port: address.port,
      secure: address.secure,
      name: options.name,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    connection.on("error", () => {
      // Reported through the callbacks of connect / send; a late error only closes the session.
    });
    await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
    if (address.auth) await new Promise<void>((resolve, reject) => connection.login(address.auth!, (error) => (error ? reject(error) : resolve())));
    // The final dot is written on its own, after the commit: without this, Nagle's algorithm holds
    // that small segment until the server's delayed ACK (about 40 ms per mail on Linux).
    connection._socket.setNoDelay(true);
    return new WithheldSmtpSession(connection);
  }

  get usable(): boolean {
    return !this.connection.destroyed && !this.connection._socket?.destroyed;
  }

  /**
   * Sends `raw` to `to`, calling `commit` once everything but the final dot has reached the
   * socket; the dot follows only if commit returns true. A synchronous commit is followed by the
   * dot in the same turn of the event loop (nothing can run between them); see ADR 015.
   */
  async send(envelope: { from: string; to: string }, raw: Buffer, commit: () => boolean | Promise<boolean>): Promise<WithheldOutcome> {
    const message = new WithheldMessage(raw);
    let answered = false;
    const answer = new Promise<{ error: unknown; response: string }>((resolve) =>
      this.connection.send({ from: envelope.from, to: [envelope.to] }, message, (error, info) => {
        answered = true;
        resolve({ error, response: info?.response ?? "" });
      }),
    );
    const first = await Promise.race([message.pulled.then(() => "pulled" as const), answer.then(() => "answered" as const)]);
    // A refused envelope (MAIL FROM / RCPT TO / DATA) answers before the message is piped anywhere useful.
    await new Promise((resolve) => setImmediate(resolve));
    if (first === "answered" || answered) {
      message.release();
      const { error } = await answer;
      await this.reset();
      return { outcome: "rejected", afterCommit: false, error };
    }
    const socket = this.connection._socket;
    if (socket.writableLength > 0) await Promise.race([once(socket, "drain"), answer]);
    if (answered) {
      message.release();
      const { error } = await answer;
      await this.reset();
      return { outcome: "rejected", afterCommit: false, error };
    }
    let committed = false;
    try {
      const decision = commit();
      committed = typeof decision === "boolean" ? decision : await decision;
      if (committed) message.release();
    } finally {
      if (!committed) this.connection.close();
    }
    if (!committed) return { outcome: "abandoned" };
    const { error, response } = await answer;
    if (!error) return { outcome: "accepted", response };
    await this.reset();
    return { outcome: "rejected", afterCommit: true, error };
  }

  /** After a refusal the server may still hold the transaction (a refused RCPT leaves MAIL open): RSET, or drop the session. */
  private async reset() {
    if (!this.usable) return;
    await new Promise<void>((resolve) =>
      this.connection.reset((error) => {
        if (error) this.connection.close();
        resolve();
      }),
    );
  }

  close() {
    if (this.usable) this.connection.quit();
    this.connection.close();
  }
}
