import { Transform } from "node:stream";

/**
 * React 18's streaming renderer fills 2,048-byte buffers with `TextEncoder.encodeInto`; when a
 * multi-byte character (é, —, €) does not fit at the end of one, it flushes the whole buffer,
 * unwritten zero bytes included (facebook/react#26228, fixed in React 19, not in 18.3.1). The
 * browser turns such a NUL inside an attribute into U+FFFD (« R\uFFFDéseau »), which hydration
 * never repairs. HTML has no use for a NUL byte, so the page stream drops them.
 */
export function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk.includes(0) ? Buffer.from(chunk.filter((byte) => byte !== 0)) : chunk);
    },
  });
}
