import { describe, expect, it } from "vitest";
import { checkAddress, classifyAddress, parseDestinationUrl, type AddressClass } from "~/lib/net/address-policy";

const closed = { allowPrivateNetworks: false };
const open = { allowPrivateNetworks: true };

describe("address policy: what each address is", () => {
  const table: Array<[string, AddressClass, string?]> = [
    // Public
    ["93.184.216.34", "public"],
    ["8.8.8.8", "public"],
    ["2606:4700:4700::1111", "public"],
    ["2a00:1450:4007:80e::200e", "public"],
    // Loopback, including the numeric forms of 127.0.0.1
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["2130706433", "loopback", "127.0.0.1"],
    ["0x7f.1", "loopback", "127.0.0.1"],
    ["0x7f000001", "loopback", "127.0.0.1"],
    ["017700000001", "loopback", "127.0.0.1"],
    ["0177.0.0.1", "loopback", "127.0.0.1"],
    ["127.1", "loopback", "127.0.0.1"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    // RFC 1918
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.10", "private"],
    // Just outside the private blocks
    ["172.15.255.255", "public"],
    ["172.32.0.1", "public"],
    ["11.0.0.1", "public"],
    // CGNAT
    ["100.64.0.1", "carrierGradeNat"],
    ["100.127.255.254", "carrierGradeNat"],
    ["100.128.0.1", "public"],
    // Link-local and the cloud metadata service
    ["169.254.169.254", "linkLocal"],
    ["169.254.0.1", "linkLocal"],
    ["fe80::1", "linkLocal"],
    ["fe80::1%eth0", "linkLocal"],
    ["febf::1", "linkLocal"],
    // Multicast, broadcast, unspecified
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    // Reserved, benchmarking, documentation
    ["192.0.0.8", "reserved"],
    ["192.0.2.1", "reserved"],
    ["198.51.100.7", "reserved"],
    ["203.0.113.9", "reserved"],
    ["198.18.0.1", "reserved"],
    ["198.19.255.255", "reserved"],
    ["240.0.0.1", "reserved"],
    ["2001:db8::1", "reserved"],
    ["2001:2::1", "reserved"],
    ["3fff::1", "reserved"],
    ["100::1", "reserved"],
    ["fec0::1", "reserved"],
    ["4000::1", "reserved"],
    // IPv6 unique-local
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456:789a::1", "uniqueLocal"],
    // IPv4-mapped: judged and reached as the IPv4 address
    ["::ffff:127.0.0.1", "loopback", "127.0.0.1"],
    ["[::ffff:7f00:1]", "loopback", "127.0.0.1"],
    ["::ffff:10.0.0.1", "private", "10.0.0.1"],
    ["::ffff:169.254.169.254", "linkLocal", "169.254.169.254"],
    ["::ffff:8.8.8.8", "public", "8.8.8.8"],
    // IPv4-compatible and IPv4-translated: never a destination
    ["::127.0.0.1", "loopback"],
    ["::8.8.8.8", "reserved"],
    ["::ffff:0:127.0.0.1", "loopback"],
    ["::ffff:0:8.8.8.8", "reserved"],
    // NAT64
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "linkLocal"],
    ["64:ff9b::8.8.8.8", "public"],
    ["64:ff9b:1::1", "reserved"],
    // 6to4: 2002:AABB:CCDD:: carries AA.BB.CC.DD
    ["2002:7f00:1::1", "loopback"],
    ["2002:c0a8:101::1", "private"],
    ["2002:a9fe:a9fe::", "linkLocal"],
    ["2002:808:808::1", "public"],
    // Teredo: server 2001:0:SSSS:SSSS, client XOR-ed in the last 32 bits
    ["2001:0:7f00:1::", "loopback"],
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"],
    ["2001:0:4136:e378:8000:63bf:f7f7:f7f7", "public"],
    ["2001:0:c0a8:101:8000:63bf:f7f7:f7f7", "private"],
  ];

  it.each(table)("%s is %s", (text, expected, connectTo) => {
    const classified = classifyAddress(text);
    expect(classified?.class).toBe(expected);
    if (connectTo) expect(classified?.connectTo).toBe(connectTo);
  });

  it("is not fooled by names", () => {
    expect(classifyAddress("example.com")).toBeNull();
    expect(classifyAddress("127.0.0.1.nip.io")).toBeNull();
    expect(classifyAddress("")).toBeNull();
  });
});

describe("address policy: what passes", () => {
  const refusedAlways: string[] = ["169.254.169.254", "fe80::1", "224.0.0.1", "255.255.255.255", "0.0.0.0", "::", "192.0.2.1", "2001:db8::1", "::ffff:169.254.169.254", "::8.8.8.8"];
  const privateNetworks: string[] = ["127.0.0.1", "::1", "10.1.2.3", "172.20.0.5", "192.168.0.10", "100.64.1.1", "fd00::5", "::ffff:127.0.0.1", "2130706433", "0x7f.1", "2002:7f00:1::1"];
  const publicAddresses: string[] = ["93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8"];

  it.each(privateNetworks)("refuses %s with private networks off, accepts it with them on", (address) => {
    expect(checkAddress(address, closed).allowed).toBe(false);
    expect(checkAddress(address, open).allowed).toBe(true);
  });

  it.each(refusedAlways)("refuses %s even with private networks on", (address) => {
    expect(checkAddress(address, closed).allowed).toBe(false);
    expect(checkAddress(address, open).allowed).toBe(false);
  });

  it.each(publicAddresses)("accepts the public address %s", (address) => {
    expect(checkAddress(address, closed)).toMatchObject({ allowed: true, class: "public" });
  });

  it("refuses what is not an address", () => {
    expect(checkAddress("not-an-ip", open)).toEqual({ allowed: false, class: "invalid" });
  });
});

describe("destination URLs", () => {
  const table: Array<[string, { problem?: string; address?: string; name?: string; port?: number }]> = [
    ["https://hooks.example.com/comptoir", { name: "hooks.example.com", port: 443 }],
    ["http://hooks.example.com:8080/x?y=1", { name: "hooks.example.com", port: 8080 }],
    ["HTTPS://Hooks.Example.COM./in", { name: "hooks.example.com", port: 443 }],
    ["http://2130706433/", { address: "127.0.0.1", port: 80 }],
    ["http://0x7f.1/", { address: "127.0.0.1" }],
    ["http://017700000001/", { address: "127.0.0.1" }],
    ["http://127.1/", { address: "127.0.0.1" }],
    ["http://[::ffff:127.0.0.1]/", { address: "::ffff:7f00:1" }],
    ["http://[::1]:3000/", { address: "::1", port: 3000 }],
    ["http://169.254.169.254/latest/meta-data/", { address: "169.254.169.254" }],
    ["http://localhost:9000/", { address: "127.0.0.1", port: 9000 }],
    ["http://api.localhost/", { address: "127.0.0.1" }],
    ["ftp://example.com/", { problem: "scheme" }],
    ["file:///etc/passwd", { problem: "scheme" }],
    ["gopher://127.0.0.1:6379/_INFO", { problem: "scheme" }],
    ["javascript:alert(1)", { problem: "scheme" }],
    ["https://user:secret@example.com/", { problem: "credentials" }],
    ["not a url", { problem: "invalid" }],
    ["", { problem: "invalid" }],
  ];

  it.each(table)("%s", (raw, expected) => {
    const parsed = parseDestinationUrl(raw);
    if (expected.problem) {
      expect(parsed).toEqual({ ok: false, problem: expected.problem });
      return;
    }
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    if (expected.address) expect(parsed.host).toEqual({ kind: "address", address: expected.address });
    if (expected.name) expect(parsed.host).toEqual({ kind: "name", name: expected.name });
    if (expected.port) expect(parsed.port).toBe(expected.port);
  });
});
