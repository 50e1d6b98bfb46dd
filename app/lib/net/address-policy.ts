import ipaddr from "ipaddr.js";

/**
 * Where an outbound call (a webhook) may go: the pure half of the SSRF guard, table-tested in
 * tests/unit/address-policy.test.ts. The client (safe-http-client.server.ts) resolves the host,
 * asks this policy about every address, and connects to the address it checked.
 *
 * Only public unicast addresses pass. With WEBHOOKS_ALLOW_PRIVATE_NETWORKS the "private network"
 * classes pass too (loopback, RFC 1918, CGNAT, IPv6 unique-local): receivers on the LAN, tests.
 * Link-local (169.254.0.0/16 holds the cloud metadata service; fe80::/10), multicast,
 * broadcast, unspecified and reserved ranges never pass.
 *
 * IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d,
 * IPv4-translated ::ffff:0:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo 2001::/32) are
 * judged by the IPv4 address they carry. Numeric host tricks (2130706433, 0x7f.1, 017700000001)
 * are read as the address they mean: the URL parser normalises them, and so does this parser.
 */

export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "carrierGradeNat"
  | "uniqueLocal"
  | "linkLocal"
  | "multicast"
  | "broadcast"
  | "unspecified"
  | "reserved";

/** Refused unless private networks are allowed. */
const privateNetworkClasses: ReadonlySet<AddressClass> = new Set(["loopback", "private", "carrierGradeNat", "uniqueLocal"]);

export type ClassifiedAddress = {
  class: AddressClass;
  /** The address to connect to (an IPv4-mapped address is reached over IPv4). */
  connectTo: string;
  family: 4 | 6;
};

type Cidr = [string, number];

/** IPv4 ranges, first match wins; anything else is public. */
const ipv4Ranges: Array<[AddressClass, Cidr[]]> = [
  ["unspecified", [["0.0.0.0", 8]]],
  ["loopback", [["127.0.0.0", 8]]],
  ["private", [["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16]]],
  ["carrierGradeNat", [["100.64.0.0", 10]]],
  ["linkLocal", [["169.254.0.0", 16]]],
  ["multicast", [["224.0.0.0", 4]]],
  ["broadcast", [["255.255.255.255", 32]]],
  [
    "reserved",
    [
      ["192.0.0.0", 24], // IETF protocol assignments
      ["192.0.2.0", 24], // TEST-NET-1 (documentation)
      ["198.51.100.0", 24], // TEST-NET-2
      ["203.0.113.0", 24], // TEST-NET-3
      ["198.18.0.0", 15], // benchmarking
      ["192.88.99.0", 24], // 6to4 relay anycast (deprecated)
      ["192.31.196.0", 24], // AS112
      ["192.175.48.0", 24], // AS112
      ["192.52.193.0", 24], // AMT
      ["240.0.0.0", 4], // future use
    ],
  ],
];

/** IPv6 ranges that are not about an embedded IPv4 address; first match wins. */
const ipv6Ranges: Array<[AddressClass, Cidr[]]> = [
  ["unspecified", [["::", 128]]],
  ["loopback", [["::1", 128]]],
  ["linkLocal", [["fe80::", 10]]],
  ["uniqueLocal", [["fc00::", 7]]],
  ["multicast", [["ff00::", 8]]],
  [
    "reserved",
    [
      ["fec0::", 10], // site-local (deprecated)
      ["64:ff9b:1::", 48], // local-use NAT64
      ["100::", 64], // discard
      ["2001:2::", 48], // benchmarking
      ["2001:db8::", 32], // documentation
      ["3fff::", 20], // documentation
      ["2001:10::", 28], // ORCHID (deprecated)
      ["2001:20::", 28], // ORCHIDv2
    ],
  ],
];

function matches(address: ipaddr.IPv4 | ipaddr.IPv6, cidrs: Cidr[]): boolean {
  return cidrs.some(([network, bits]) => address.match(ipaddr.parse(network), bits));
}

function ipv4FromWords(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function classifyIpv4(address: ipaddr.IPv4): AddressClass {
  for (const [kind, cidrs] of ipv4Ranges) if (matches(address, cidrs)) return kind;
  return "public";
}

/** The worst class among the IPv4 addresses an IPv6 form carries (public only if all are). */
function worstOf(addresses: ipaddr.IPv4[]): AddressClass {
  const classes = addresses.map(classifyIpv4);
  return classes.find((kind) => kind !== "public") ?? "public";
}

function classifyIpv6(address: ipaddr.IPv6): ClassifiedAddress {
  const parts = address.parts;
  const self = (kind: AddressClass): ClassifiedAddress => ({ class: kind, connectTo: address.toString(), family: 6 });
  for (const [kind, cidrs] of ipv6Ranges) if (matches(address, cidrs)) return self(kind);

  // ::ffff:a.b.c.d — an IPv4 address seen through an IPv6 socket: judged and reached as IPv4.
  if (address.match(ipaddr.parse("::ffff:0:0"), 96)) {
    const ipv4 = address.toIPv4Address();
    return { class: classifyIpv4(ipv4), connectTo: ipv4.toString(), family: 4 };
  }
  // ::a.b.c.d (IPv4-compatible, deprecated) and ::ffff:0:a.b.c.d (IPv4-translated): never a real destination.
  if (address.match(ipaddr.parse("::"), 96) || address.match(ipaddr.parse("::ffff:0:0:0"), 96)) {
    const carried = worstOf([ipv4FromWords(parts[6], parts[7])]);
    return self(carried === "public" ? "reserved" : carried);
  }
  // NAT64 (64:ff9b::/96): the gateway reaches the IPv4 address it carries.
  if (address.match(ipaddr.parse("64:ff9b::"), 96)) return self(worstOf([ipv4FromWords(parts[6], parts[7])]));
  // 6to4 (2002:AABB:CCDD::/48 carries AA.BB.CC.DD).
  if (address.match(ipaddr.parse("2002::"), 16)) return self(worstOf([ipv4FromWords(parts[1], parts[2])]));
  // Teredo (2001:0:SSSS:SSSS:flags:port:CCCC:CCCC): the server, and the client's address XOR-ed with ones.
  if (address.match(ipaddr.parse("2001::"), 32)) {
    return self(worstOf([ipv4FromWords(parts[2], parts[3]), ipv4FromWords(~parts[6] & 0xffff, ~parts[7] & 0xffff)]));
  }
  // The rest of 2001::/23 is IANA special-purpose space.
  if (address.match(ipaddr.parse("2001::"), 23)) return self("reserved");
  // Global unicast is 2000::/3; everything else is unassigned or special.
  return self(address.match(ipaddr.parse("2000::"), 3) ? "public" : "reserved");
}

/**
 * "::a.b.c.d" → "::XXXX:XXXX": ipaddr.js reads any IPv6 with a dotted tail as IPv4-mapped,
 * which would take an IPv4-compatible or NAT64 address for another form.
 */
function dottedTailToHex(text: string): string {
  const tail = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!tail) return text;
  const [a, b, c, d] = tail.slice(2).map(Number);
  if ([a, b, c, d].some((octet) => octet > 255)) return text;
  return `${tail[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/**
 * What kind of address `text` is, or null when it is not an IP address. Accepts what resolvers
 * and URL parsers produce, including bracketed IPv6 and the legacy IPv4 numeric forms.
 */
export function classifyAddress(text: string): ClassifiedAddress | null {
  const bare = dottedTailToHex(text.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, ""));
  if (!ipaddr.isValid(bare)) return null;
  const address = ipaddr.parse(bare);
  if (address.kind() === "ipv4") {
    const ipv4 = address as ipaddr.IPv4;
    return { class: classifyIpv4(ipv4), connectTo: ipv4.toString(), family: 4 };
  }
  return classifyIpv6(address as ipaddr.IPv6);
}

export type AddressPolicy = { allowPrivateNetworks: boolean };

export type AddressVerdict =
  | { allowed: true; class: AddressClass; connectTo: string; family: 4 | 6 }
  | { allowed: false; class: AddressClass | "invalid" };

/** May a call go to this address? */
export function checkAddress(text: string, policy: AddressPolicy): AddressVerdict {
  const classified = classifyAddress(text);
  if (!classified) return { allowed: false, class: "invalid" };
  const allowed = classified.class === "public" || (policy.allowPrivateNetworks && privateNetworkClasses.has(classified.class));
  return allowed ? { allowed: true, ...classified } : { allowed: false, class: classified.class };
}

export type DestinationProblem = "invalid" | "scheme" | "credentials";

/** The host of a destination URL: an address to check as is, or a name to resolve first. */
export type DestinationHost = { kind: "address"; address: string } | { kind: "name"; name: string };

export type ParsedDestination =
  | { ok: true; url: URL; host: DestinationHost; port: number }
  | { ok: false; problem: DestinationProblem };

/**
 * Reads a destination URL: http or https only, no user:password@ (the signature authenticates
 * us), a host. The WHATWG parser has already turned numeric tricks into dotted addresses
 * (http://2130706433/ → 127.0.0.1). Names under .localhost are loopback by definition (RFC 6761).
 */
export function parseDestinationUrl(raw: string): ParsedDestination {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, problem: "invalid" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, problem: "scheme" };
  if (url.username || url.password) return { ok: false, problem: "credentials" };
  const hostname = url.hostname.replace(/\.$/, "").toLowerCase();
  if (!hostname) return { ok: false, problem: "invalid" };
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return { ok: true, url, host: { kind: "address", address: "127.0.0.1" }, port };
  const literal = hostname.replace(/^\[(.*)\]$/, "$1");
  if (classifyAddress(literal)) return { ok: true, url, host: { kind: "address", address: literal }, port };
  return { ok: true, url, host: { kind: "name", name: hostname }, port };
}
