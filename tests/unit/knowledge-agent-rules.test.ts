import { describe, expect, it } from "vitest";
import { articleLinkText, insertAtSelection, MAX_SUGGESTION_WORDS, publicArticlePath, suggestionWords, versionFor } from "~/domain/knowledge/agent-suggestions";
import { toAnyWordFtsQuery } from "~/lib/search/sqlite-knowledge-any-word.server";

describe("suggestionWords", () => {
  it.each([
    ["subject words first, then the message's", "Imprimante bloquée", "Le photocopieur affiche une erreur", ["Imprimante", "bloquée", "photocopieur", "affiche", "erreur"]],
    ["greetings and filler are dropped", "Bonjour, problème", "Bonjour Madame, merci d'avance pour votre aide. Cordialement", []],
    ["short words are dropped, codes with a digit kept", "Erreur E13 sur le PC", "code SC542 et C-2557", ["Erreur", "E13", "code", "SC542", "C-2557"]],
    ["numbers alone say nothing", "Facture 2026-137 du 12", "", ["Facture"]],
    ["each word once, accents and case folded", "Étiquette etiquette ÉTIQUETTE", "étiquettes", ["Étiquette", "étiquettes"]],
    ["English tickets too", "Unable to log in to the customer portal", "Hello, please help. Thanks", ["Unable", "customer", "portal"]],
    ["punctuation and quotes are not words", "« Licence introuvable » !", "\"Base\" (verrouillée)", ["Licence", "introuvable", "Base", "verrouillée"]],
  ])("%s", (_case, subject, message, expected) => {
    expect(suggestionWords(subject, message)).toEqual(expected);
  });

  it("keeps at most the first few words, the subject's before the message's", () => {
    const subject = Array.from({ length: 8 }, (_, index) => `sujet${"x".repeat(index)}a`).join(" ");
    const message = Array.from({ length: 20 }, (_, index) => `message${"y".repeat(index)}`).join(" ");
    const words = suggestionWords(subject, message);
    expect(words).toHaveLength(MAX_SUGGESTION_WORDS);
    expect(words.slice(0, 8).every((word) => word.startsWith("sujet"))).toBe(true);
  });

  it("reads only the start of a long message (signatures, quoted history)", () => {
    expect(suggestionWords("", `${"a ".repeat(800)} onduleur`)).toEqual([]);
  });
});

describe("versionFor", () => {
  const fr = { language: "fr", title: "Codes d'erreur" };
  const en = { language: "en", title: "Error codes" };
  it.each([
    ["the customer's language when it exists", [fr, en], "fr", fr],
    ["whatever the order", [fr, en], "en", en],
    ["the other version when only that one exists", [fr], "en", fr],
    ["the other version, the other way", [en], "fr", en],
  ] as const)("%s", (_case, versions, language, expected) => {
    expect(versionFor(versions, language)).toEqual(expected);
  });
  it("nothing without versions", () => {
    expect(versionFor([], "fr")).toBeNull();
  });
});

describe("links", () => {
  it("builds the help centre's address of a version", () => {
    expect(publicArticlePath("fr", "codes-erreur-imprimantes")).toBe("/aide/fr/articles/codes-erreur-imprimantes");
    expect(publicArticlePath("en", "a b")).toBe("/aide/en/articles/a%20b");
  });
  it.each([
    ["fr", "Codes d'erreur : https://x.test/aide/fr/articles/codes"],
    ["en", "Codes d'erreur: https://x.test/aide/fr/articles/codes"],
  ])("writes the link line with %s typography", (language, expected) => {
    expect(articleLinkText({ title: "Codes d'erreur", url: "https://x.test/aide/fr/articles/codes", language })).toBe(expected);
  });
});

describe("insertAtSelection", () => {
  it.each([
    ["into an empty reply", "", [0, 0], "ARTICLE", "ARTICLE", 7],
    ["at the end, after a paragraph", "Bonjour,", [8, 8], "ARTICLE", "Bonjour,\n\nARTICLE", 17],
    ["after a line break, one more", "Bonjour,\n", [9, 9], "ARTICLE", "Bonjour,\n\nARTICLE", 17],
    ["after a blank line, none", "Bonjour,\n\n", [10, 10], "ARTICLE", "Bonjour,\n\nARTICLE", 17],
    ["in the middle, blank lines around", "Bonjour,\nMerci", [8, 8], "ARTICLE", "Bonjour,\n\nARTICLE\n\nMerci", 17],
    ["replacing the selection", "Bonjour, XXX Merci", [9, 12], "ARTICLE", "Bonjour, \n\nARTICLE\n\n Merci", 18],
    ["a selection past the end is clamped", "Bonjour", [50, 60], "ARTICLE", "Bonjour\n\nARTICLE", 16],
  ] as const)("%s", (_case, value, [start, end], insertion, expected, caret) => {
    expect(insertAtSelection(value, { start, end }, insertion)).toEqual({ value: expected, caret });
  });
});

describe("toAnyWordFtsQuery", () => {
  it("quotes each word, matches any of them, as prefixes", () => {
    expect(toAnyWordFtsQuery(["imprimante", "E13"])).toEqual({ exact: '"imprimante" OR "E13"', prefix: '"imprimante"* OR "E13"*' });
  });
  it("cannot inject FTS syntax", () => {
    expect(toAnyWordFtsQuery(['a"b', "NEAR(x", "title:y"])).toEqual({
      exact: '"a""b" OR "NEAR(x" OR "title:y"',
      prefix: '"a""b"* OR "NEAR(x"* OR "title:y"*',
    });
  });
  it("null without a word", () => {
    expect(toAnyWordFtsQuery([])).toBeNull();
    expect(toAnyWordFtsQuery(["--", "\u0000"])).toBeNull();
  });
});
