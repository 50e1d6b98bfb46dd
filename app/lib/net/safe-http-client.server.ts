import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { env } from "../env.server";
import { checkAddress, parseDestinationUrl, type AddressClass, type DestinationProblem } from "./address-policy";

/**
 * The one way Comptoir calls an address an admin typed (webhooks): an HTTP client that cannot be
 * turned against our own network (SSRF).
 *
 * - http and https only; the URL's host is resolved (every address) and each address is judged by
 *   the address policy (address-policy.ts): one refused address refuses the call, so a name that
 *   answers both a public and a private address cannot slip through.
 * - The connection is pinned to the address checked: Node's `lookup` is replaced by one that
 *   answers that address, so nothing resolves the name a second time (DNS rebinding). The Host
 *   header and, for https, SNI and certificate checks keep the name.
 * - Redirects are never followed: a 3xx is an answer like any other.
 * - A connect timeout, a total timeout (DNS, connection, request and answer), and the answer's
 *   body is read up to a cap; the first bytes are kept, the rest dropped.
 */

export type ResolvedAddress = { address: string; family: number };
/** Resolves a host name to all its addresses; injected by tests (a name that answers 127.0.0.1). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type SafeHttpClientOptions = {
  /** Default: WEBHOOKS_ALLOW_PRIVATE_NETWORKS. */
  allowPrivateNetworks?: boolean;
  resolve?: Resolver;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  /** Bytes of the answer's body kept (the delivery log shows them). */
  keepBodyBytes?: number;
  /** Bytes of the answer's body read at most; past this the connection is dropped. */
  readBodyBytes?: number;
};

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 15_000;
export const DEFAULT_KEEP_BODY_BYTES = 1024;
export const DEFAULT_READ_BODY_BYTES = 64 * 1024;

export type SafeHttpErrorKind = "refused" | "dns" | "connect_timeout" | "timeout" | "network";

/** Why a call did not get an answer. `refusal` says which rule refused the destination. */
export class SafeHttpError extends Error {
  constructor(
    readonly kind: SafeHttpErrorKind,
    message: string,
    readonly refusal?: AddressClass | DestinationProblem | "invalid",
  ) {
    super(message);
    this.name = "SafeHttpError";
  }
}

/** A destination that passed the policy: the URL and the address the connection goes to. */
export type CheckedDestination = {
  url: URL;
  hostname: string;
  address: string;
  family: 4 | 6;
  port: number;
  /** The URL named an address (or localhost) rather than a name to resolve. */
  literal: boolean;
};

export type SafeHttpResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The first `keepBodyBytes` of the body. */
  bodyStart: Buffer;
  /** How many bytes were read (at most `readBodyBytes`) and whether the body went on after that. */
  bodyBytesRead: number;
  bodyTruncated: boolean;
  durationMs: number;
  address: string;
};

export type SafeHttpClient = {
  /** Resolves and checks the URL's host; throws SafeHttpError("refused" | "dns") otherwise. */
  checkDestination(url: string): Promise<CheckedDestination>;
  /** One POST, no redirect followed; throws SafeHttpError when no answer came. */
  post(url: string, request: { headers: Record<string, string>; body: string | Buffer }): Promise<SafeHttpResponse>;
  /** Closes kept-alive connections. */
  close(): void;
};

const systemResolver: Resolver = async (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

function refusalMessage(refusal: AddressClass | DestinationProblem | "invalid", address?: string): string {
  const where = address ? ` (${address})` : "";
  switch (refusal) {
    case "scheme":
      return "Only http and https addresses are allowed";
    case "credentials":
      return "Addresses with a user name or password are not allowed";
    case "invalid":
      return `Not a valid address${where}`;
    default:
      return `Refused destination: ${refusal} address${where}`;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(error()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function createSafeHttpClient(options: SafeHttpClientOptions = {}): SafeHttpClient {
  const policy = { allowPrivateNetworks: options.allowPrivateNetworks ?? env().WEBHOOKS_ALLOW_PRIVATE_NETWORKS };
  const resolve = options.resolve ?? systemResolver;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const totalTimeoutMs = options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS;
  const keepBodyBytes = options.keepBodyBytes ?? DEFAULT_KEEP_BODY_BYTES;
  const readBodyBytes = Math.max(options.readBodyBytes ?? DEFAULT_READ_BODY_BYTES, keepBodyBytes);
  // Kept-alive sockets were connected to a checked address; a socket is never re-pointed.
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 8 }), https: new https.Agent({ keepAlive: true, maxSockets: 8 }) };

  async function checkDestination(raw: string): Promise<CheckedDestination> {
    const parsed = parseDestinationUrl(raw);
    if (!parsed.ok) throw new SafeHttpError("refused", refusalMessage(parsed.problem), parsed.problem);
    const hostname = parsed.url.hostname.replace(/^\[(.*)\]$/, "$1");
    let candidates: string[];
    if (parsed.host.kind === "address") {
      candidates = [parsed.host.address];
    } else {
      let answers: ResolvedAddress[];
      try {
        answers = await resolve(parsed.host.name);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new SafeHttpError("dns", `Could not resolve ${parsed.host.name}: ${code}`);
      }
      if (answers.length === 0) throw new SafeHttpError("dns", `Could not resolve ${parsed.host.name}: no address`);
      candidates = answers.map((answer) => answer.address);
    }
    let chosen: CheckedDestination | null = null;
    for (const candidate of candidates) {
      const verdict = checkAddress(candidate, policy);
      if (!verdict.allowed) throw new SafeHttpError("refused", refusalMessage(verdict.class, candidate), verdict.class);
      chosen ??= { url: parsed.url, hostname, address: verdict.connectTo, family: verdict.family, port: parsed.port, literal: parsed.host.kind === "address" };
    }
    return chosen!;
  }

  async function post(raw: string, request: { headers: Record<string, string>; body: string | Buffer }): Promise<SafeHttpResponse> {
    const started = performance.now();
    const deadline = started + totalTimeoutMs;
    const destination = await withTimeout(checkDestination(raw), totalTimeoutMs, () => new SafeHttpError("timeout", `No answer within ${totalTimeoutMs} ms (name resolution)`));
    const body = typeof request.body === "string" ? Buffer.from(request.body, "utf8") : request.body;
    const secure = destination.url.protocol === "https:";
    // Every connection goes to the checked address, whatever the name would resolve to now.
    const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
      if (lookupOptions.all) callback(null, [{ address: destination.address, family: destination.family }]);
      else callback(null, destination.address, destination.family);
    };

    return new Promise<SafeHttpResponse>((resolvePromise, reject) => {
      let settled = false;
      const finish = (outcome: { error: Error } | { response: SafeHttpResponse }) => {
        if (settled) return;
        settled = true;
        clearTimeout(totalTimer);
        clearTimeout(connectTimer);
        if ("error" in outcome) reject(outcome.error);
        else resolvePromise(outcome.response);
      };
      const outgoing = (secure ? https : http).request({
        method: "POST",
        // A literal address is connected to as checked (an IPv4-mapped one over IPv4); a name goes through the pinned lookup.
        host: destination.literal ? destination.address : destination.hostname,
        port: destination.port,
        path: `${destination.url.pathname}${destination.url.search}`,
        headers: { ...request.headers, host: destination.url.host, "content-length": String(body.length) },
        lookup: pinned,
        agent: secure ? agents.https : agents.http,
        ...(secure && isIP(destination.hostname) === 0 ? { servername: destination.hostname } : {}),
      });
      let connectTimer: NodeJS.Timeout | undefined;
      const totalTimer = setTimeout(() => {
        outgoing.destroy();
        finish({ error: new SafeHttpError("timeout", `No answer within ${totalTimeoutMs} ms`) });
      }, Math.max(1, deadline - performance.now()));
      outgoing.on("socket", (socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(() => {
          // Checked after this turn's I/O: after a busy event loop the timer can run before the
          // connection's own callback, though the connection was made in time.
          setImmediate(() => {
            if (!socket.connecting) return;
            outgoing.destroy();
            finish({ error: new SafeHttpError("connect_timeout", `Could not connect to ${destination.address} within ${connectTimeoutMs} ms`) });
          });
        }, connectTimeoutMs);
        socket.once("connect", () => clearTimeout(connectTimer));
      });
      outgoing.on("error", (error: NodeJS.ErrnoException) => {
        finish({ error: new SafeHttpError("network", `${error.code ?? error.name}: ${error.message}`) });
      });
      outgoing.on("response", (response) => {
        const kept: Buffer[] = [];
        let keptBytes = 0;
        let read = 0;
        let truncated = false;
        const done = () =>
          finish({
            response: {
              status: response.statusCode ?? 0,
              headers: response.headers,
              bodyStart: Buffer.concat(kept),
              bodyBytesRead: read,
              bodyTruncated: truncated,
              durationMs: Math.round(performance.now() - started),
              address: destination.address,
            },
          });
        response.on("data", (chunk: Buffer) => {
          if (settled) return;
          read += chunk.length;
          if (keptBytes < keepBodyBytes) {
            const part = chunk.subarray(0, keepBodyBytes - keptBytes);
            kept.push(part);
            keptBytes += part.length;
          }
          if (read >= readBodyBytes) {
            truncated = true;
            done();
            response.destroy();
          }
        });
        response.on("end", done);
        response.on("error", (error) => finish({ error: new SafeHttpError("network", `${error.name}: ${error.message}`) }));
        response.on("close", () => {
          if (!response.complete && !truncated) finish({ error: new SafeHttpError("network", "The connection closed before the answer was complete") });
        });
      });
      outgoing.end(body);
    });
  }

  return {
    checkDestination,
    post,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
