import { describe, expect, it } from "vitest";
import { sanitizeEmailHtml } from "~/lib/html-sanitizer.server";
import { isOurSignedMessageId, looksLikeOurMessageId, generateMessageId, messageIdsIn, normaliseMessageId } from "~/lib/mail/message-id.server";
import { derivedKey, openSecret, sealSecret, SecretUnreadableError } from "~/lib/secret-box.server";
import { parseEmail } from "~/domain/channels/email/parse.server";
import { mailFixture } from "../support/email-factories.ts";

describe("HTML sanitiser: nothing runs, nothing loads without consent", () => {
  it.each([
    ['<script>alert(1)</script><p>ok</p>', "<p>ok</p>"],
    ['<img src=x onerror="alert(1)">', ""],
    ['<p onclick="alert(1)" onmouseover="x()">texte</p>', "<p>texte</p>"],
    ['<a href="javascript:alert(1)">a</a>', "<a>a</a>"],
    ['<a href="  JaVaScRiPt:alert(1)">a</a>', "<a>a</a>"],
    ['<a href="jav&#x09;ascript:alert(1)">a</a>', "<a>a</a>"],
    ['<a href="java\nscript:alert(1)">a</a>', "<a>a</a>"],
    ['<a href="&#106;avascript:alert(1)">a</a>', "<a>a</a>"],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">a</a>', "<a>a</a>"],
    ['<a href="vbscript:msgbox(1)">a</a>', "<a>a</a>"],
    ['<a href="//evil.example/x">a</a>', "<a>a</a>"],
    ['<a href="/admin/utilisateurs">a</a>', "<a>a</a>"],
    ['<p style="width:expression(alert(1));color:red">x</p>', '<p style="color:red">x</p>'],
    ['<p style="color:e\\78pression(alert(1))">x</p>', "<p>x</p>"],
    ['<p style="background:url(javascript:alert(1))">x</p>', "<p>x</p>"],
    ['<p style="background-image:url(https://t.example/p.gif)">x</p>', "<p>x</p>"],
    ['<div style="position:fixed;top:0;z-index:99">x</div>', "<div>x</div>"],
    ['<p class="fixed inset-0" id="login">x</p>', "<p>x</p>"],
    ['<style>@import url(https://t.example/x.css)</style><p>x</p>', "<p>x</p>"],
    ['<svg><script>alert(1)</script></svg><math><mi>x</mi></math>', ""],
    ['<iframe src="https://evil.example"></iframe><object data="x"></object><embed src="x">', ""],
    ['<form action="https://evil.example"><input name="pw"><button>Go</button></form>', ""],
    ['<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=x"><link rel="stylesheet" href="x">', ""],
    ['<table background="https://t.example/bg.gif"><tr><td>c</td></tr></table>', "<table><tr><td>c</td></tr></table>"],
  ])("%s", (input, expected) => {
    expect(sanitizeEmailHtml(input).html).toBe(expected);
  });

  it("keeps remote images out of src until the agent consents, and srcset never", () => {
    const result = sanitizeEmailHtml('<img src="https://t.example/open.gif?u=1" srcset="https://t.example/2x.gif 2x" width="1" height="1" alt="">');
    expect(result.html).toBe('<img width="1" height="1" alt="" data-remote-src="https://t.example/open.gif?u=1" />');
    expect(result.hasRemoteContent).toBe(true);
    expect(sanitizeEmailHtml("<p>rien</p>").hasRemoteContent).toBe(false);
  });

  it("points inline images at our attachments and takes data: images into our store", () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex").toString("base64");
    const result = sanitizeEmailHtml(`<img src="cid:logo@x" alt="Logo"><img src="data:image/png;base64,${png}"><img src="data:image/png;base64,${png}"><img src="data:image/svg+xml;base64,PHN2Zz4=" alt="svg">`);
    expect(result.referencedContentIds).toEqual(["logo@x", expect.stringMatching(/^embedded-[0-9a-f]{24}@comptoir$/)]);
    expect(result.embeddedImages).toHaveLength(1);
    expect(result.embeddedImages[0].contentType).toBe("image/png");
    expect(result.html).not.toContain("data:");
    expect(result.html).toContain('<img alt="svg" data-blocked="data" />');
  });

  it("cannot be tricked into our data attributes by the mail itself", () => {
    const result = sanitizeEmailHtml('<img data-remote-src="https://t.example/x.gif" data-cid="secret@x" alt="a"><p data-remote-src="x">p</p>');
    expect(result.html).toBe('<img alt="a" /><p>p</p>');
    expect(result.hasRemoteContent).toBe(false);
  });

  it("keeps the formatting people write with", () => {
    const input = '<div dir="ltr"><p style="color:#333;font-size:14px;margin:0 0 8px 0"><b>Gras</b>, <i>italique</i>, <u>souligné</u>, <a href="https://exemple.fr/doc?id=1&amp;x=2">lien</a></p><ul><li>un</li></ul><blockquote>cité</blockquote><table width="600" cellpadding="4"><tr><td colspan="2" bgcolor="#eee">cellule</td></tr></table></div>';
    expect(sanitizeEmailHtml(input).html).toBe(
      '<div dir="ltr"><p style="color:#333;font-size:14px;margin:0 0 8px 0"><b>Gras</b>, <i>italique</i>, <u>souligné</u>, <a href="https://exemple.fr/doc?id=1&amp;x=2" target="_blank" rel="noopener noreferrer nofollow">lien</a></p><ul><li>un</li></ul><blockquote>cité</blockquote><table width="600" cellpadding="4"><tr><td colspan="2" bgcolor="#eee">cellule</td></tr></table></div>',
    );
  });

  it("cleans the hostile fixture completely", async () => {
    const parsed = await parseEmail(mailFixture("hostile-html.eml"));
    const { html } = sanitizeEmailHtml(parsed.html!);
    expect(html).not.toMatch(/script|onload|onerror|onclick|onmouseover|javascript|vbscript|expression|behavior|url\(|@import|<iframe|<object|<embed|<form|<svg|<math|<meta|<base|<link|\ssrc=/i);
  });
});

describe("our Message-IDs: signed, verified in full", () => {
  const key = derivedKey("message-id-v1", "un-secret-de-session-assez-long-pour-le-test");
  const otherKey = derivedKey("message-id-v1", "un-autre-secret-de-session-assez-long-pour-le-test");

  it("verifies ours and refuses any change, another key, or a truncated signature", () => {
    const id = generateMessageId("support.exemple.fr", key);
    expect(id).toMatch(/^<[0-9a-f]{32}\.[0-9a-f]{64}@support\.exemple\.fr>$/);
    expect(isOurSignedMessageId(id, key)).toBe(true);
    expect(isOurSignedMessageId(id.toUpperCase(), key)).toBe(true);
    expect(isOurSignedMessageId(id, otherKey)).toBe(false);
    const flipped = id.replace(/\.([0-9a-f])/, (_match, digit: string) => `.${digit === "a" ? "b" : "a"}`);
    expect(isOurSignedMessageId(flipped, key)).toBe(false);
    expect(isOurSignedMessageId(id.replace("@support.exemple.fr", "@autre.fr"), key)).toBe(false);
    expect(isOurSignedMessageId(id.replace(/\.([0-9a-f]{64})@/, (_m, sig: string) => `.${sig.slice(0, 32)}@`), key)).toBe(false);
    expect(looksLikeOurMessageId(flipped)).toBe(true);
    expect(generateMessageId("x.fr", key)).not.toBe(generateMessageId("x.fr", key));
  });

  it("reads ids from headers as mail clients write them", () => {
    expect(messageIdsIn("<a@x> <b@y>\r\n <c@z>")).toEqual(["<a@x>", "<b@y>", "<c@z>"]);
    expect(messageIdsIn(["<a@x>", "<a@x> <b@y>"])).toEqual(["<a@x>", "<b@y>"]);
    expect(messageIdsIn("a@x")).toEqual(["<a@x>"]);
    expect(messageIdsIn("")).toEqual([]);
    expect(normaliseMessageId(" <abc@def> ")).toBe("<abc@def>");
    expect(normaliseMessageId("pas un id")).toBeNull();
  });
});

describe("stored secrets (AES-256-GCM)", () => {
  const key = derivedKey("stored-secret-v1", "un-secret-de-session-assez-long-pour-le-test");
  it("round-trips, never stores the plain text, and refuses tampering or another key", () => {
    const sealed = sealSecret("mot de passe IMAP é", key);
    expect(sealed).not.toContain("passe");
    expect(sealed).not.toBe(sealSecret("mot de passe IMAP é", key));
    expect(openSecret(sealed, key)).toBe("mot de passe IMAP é");
    const parts = sealed.split(".");
    const tampered = [...parts.slice(0, 3), Buffer.from("x" + Buffer.from(parts[3], "base64url").toString("latin1").slice(1), "latin1").toString("base64url")].join(".");
    expect(() => openSecret(tampered, key)).toThrow(SecretUnreadableError);
    expect(() => openSecret(sealed, derivedKey("stored-secret-v1", "un-autre-secret-de-session-assez-long-pour-le-test"))).toThrow(SecretUnreadableError);
    expect(() => openSecret("n'importe quoi", key)).toThrow(SecretUnreadableError);
  });
});
