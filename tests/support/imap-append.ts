import net from "node:net";

/**
 * IMAP APPEND of exact bytes. The IMAP library behind tests/support/dovecot.ts turns a Buffer into
 * a UTF-8 string before sending it, which corrupts 8-bit mail (a Latin-1 body no longer matches
 * its literal's length); this minimal client sends the literal byte for byte.
 */
export async function appendRaw(server: { host: string; port: number }, account: { user: string; password: string }, raw: Buffer | Buffer[], options: { folder?: string; flags?: string[] } = {}): Promise<void> {
  const socket = net.connect({ host: server.host, port: server.port });
  let buffer = "";
  const waiters: Array<{ test: (line: string) => boolean; resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  const fail = (error: Error) => waiters.splice(0).forEach((waiter) => waiter.reject(error));
  socket.on("error", fail);
  socket.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("latin1");
    for (let newline = buffer.indexOf("\n"); newline !== -1; newline = buffer.indexOf("\n")) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      const index = waiters.findIndex((waiter) => waiter.test(line));
      if (index >= 0) waiters.splice(index, 1)[0].resolve(line);
    }
  });
  const expectLine = (test: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("IMAP server did not answer")), 10_000);
      waiters.push({ test, resolve: (line) => (clearTimeout(timer), resolve(line)), reject: (error) => (clearTimeout(timer), reject(error)) });
    });
  const tagged = async (tag: string) => {
    const line = await expectLine((candidate) => candidate.startsWith(`${tag} `));
    if (!line.startsWith(`${tag} OK`)) throw new Error(`IMAP ${tag}: ${line}`);
  };
  const quote = (value: string) => `"${value.replace(/["\\]/g, "\\$&")}"`;
  try {
    await expectLine((line) => line.startsWith("* OK"));
    socket.write(`a1 LOGIN ${quote(account.user)} ${quote(account.password)}\r\n`);
    await tagged("a1");
    const flags = options.flags?.length ? ` (${options.flags.join(" ")})` : "";
    let sequence = 1;
    // Several messages go one after the other on the same connection.
    for (const message of [raw].flat()) {
      const tag = `a${++sequence}`;
      socket.write(`${tag} APPEND ${quote(options.folder ?? "INBOX")}${flags} {${message.length}}\r\n`);
      await expectLine((line) => line.startsWith("+"));
      socket.write(message);
      socket.write("\r\n");
      await tagged(tag);
    }
    socket.write("z LOGOUT\r\n");
    await tagged("z").catch(() => undefined);
  } finally {
    socket.destroy();
  }
}
