import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { withoutNulBytes } from "~/lib/html-stream.server";

describe("the page stream", () => {
  it("drops the NUL bytes React 18 leaves at a 2 KB buffer's end, and keeps every character whole", async () => {
    const encoded = Buffer.from('<input placeholder="Tickets, contacts, sociétés…"><article data-deal-title="Réseau Wi-Fi">', "utf8");
    const split = encoded.indexOf(Buffer.from("é"));
    // What React 18.3.1 emits when « é » does not fit: the buffer's unwritten tail, zeros, then the character in the next buffer.
    const chunks = [encoded.subarray(0, split), Buffer.alloc(1), encoded.subarray(split, split + 40), Buffer.alloc(2), encoded.subarray(split + 40)];
    const html = await text(Readable.from(chunks).pipe(withoutNulBytes()));
    expect(html).toBe(encoded.toString("utf8"));
    expect(html).not.toContain("\u0000");
  });

  it("passes chunks without NUL bytes through untouched", async () => {
    const chunk = Buffer.from("<p>Déplacer vers…</p>", "utf8");
    const out: Buffer[] = [];
    const stream = withoutNulBytes();
    stream.on("data", (piece: Buffer) => out.push(piece));
    stream.end(chunk);
    await new Promise((resolve) => stream.on("end", resolve));
    expect(out).toHaveLength(1);
    expect(out[0]).toBe(chunk);
  });
});
