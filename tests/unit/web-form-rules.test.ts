import { describe, expect, it } from "vitest";
import { cleanMultiline, cleanSingleLine } from "~/domain/channels/web-form/clean-text";
import { webRequestSchema, webRequestTypes } from "~/domain/channels/web-form/web-form-schema";
import { formatFileSize, isAllowedUpload } from "~/lib/upload-rules";
import { contentMatchesExtension } from "~/lib/uploads.server";

describe("typed text", () => {
  it.each([
    ["  Marie\u0000 Dupont\u0007 ", "Marie Dupont"],
    ["Facture \u202enib.exe", "Facture nib.exe"],
    ["\ufeffBonjour\u200e", "Bonjour"],
    ["<script>alert(1)</script>", "<script>alert(1)</script>"],
    [42, ""],
  ])("single line %j → %j", (input, expected) => {
    expect(cleanSingleLine(input)).toBe(expected);
  });

  it("keeps line breaks in multi-line text, normalises them, and caps blank runs", () => {
    expect(cleanMultiline("Ligne 1\r\nLigne 2  \r\n\n\n\n\n\nLigne 3\u0008")).toBe("Ligne 1\nLigne 2\n\n\nLigne 3");
  });
});

describe("the request schema", () => {
  const valid = { name: "Marie", email: " Marie@Exemple.FR ", phone: "+33 6 12 34 56 78", company: "", type: "incident", subject: "Panne", description: "Le four est froid." };

  it("normalises the address and accepts an empty optional phone", () => {
    const parsed = webRequestSchema(webRequestTypes).parse({ ...valid, phone: "" });
    expect(parsed.email).toBe("marie@exemple.fr");
  });

  it("gives a translation key per faulty field", () => {
    const result = webRequestSchema(["information"]).safeParse({ ...valid, name: " ", email: "x", phone: "abc", type: "incident", subject: "s".repeat(201) });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path[0], issue.message]));
    expect(messages).toEqual({
      name: "validation.required",
      email: "validation.email",
      phone: "portal.form.phoneInvalid",
      type: "validation.choose",
      subject: "validation.tooLong",
    });
  });
});

describe("attachments", () => {
  it("accepts the extensions we serve and refuses the rest", () => {
    expect(isAllowedUpload("Facture.PDF")).toBe(true);
    expect(isAllowedUpload("photo.heic")).toBe(true);
    for (const name of ["setup.exe", "macro.docm", "page.html", "image.svg", "script.js", "sans-extension"]) expect(isAllowedUpload(name), name).toBe(false);
  });

  it("checks that the content matches the extension", () => {
    expect(contentMatchesExtension("a.pdf", Buffer.from("%PDF-1.7"))).toBe(true);
    expect(contentMatchesExtension("a.pdf", Buffer.from("MZ\u0090"))).toBe(false);
    expect(contentMatchesExtension("a.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(true);
    expect(contentMatchesExtension("a.docx", Buffer.from("PK\u0003\u0004"))).toBe(true);
    expect(contentMatchesExtension("a.webp", Buffer.from("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "))).toBe(true);
    expect(contentMatchesExtension("notes.txt", Buffer.from("bonjour\n"))).toBe(true);
    expect(contentMatchesExtension("notes.txt", Buffer.from([0x4d, 0x5a, 0x00, 0x01]))).toBe(false);
  });

  it("says sizes in the customer's language", () => {
    expect(formatFileSize(10 * 1024 * 1024, "fr")).toBe("10 Mo");
    expect(formatFileSize(2.5 * 1024 * 1024, "en")).toBe("2.5 MB");
    expect(formatFileSize(512, "fr")).toBe("512 o");
  });
});
