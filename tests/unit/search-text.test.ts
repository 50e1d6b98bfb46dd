import { describe, expect, it } from "vitest";
import { excerpt, highlight, searchTerms } from "~/domain/search/excerpt";
import { toFtsQuery } from "~/lib/search/sqlite-fts.server";

describe("toFtsQuery: the user's words, never FTS syntax", () => {
  it.each([
    ["imprimante", `"imprimante"`, `"imprimante"*`],
    ["  imprimante   bloquée ", `"imprimante" "bloquée"`, `"imprimante"* "bloquée"*`],
    ["pc E05", `"pc" "E05"`, `"pc" "E05"*`],
    [`"foo" OR bar*`, `"""foo""" "OR" "bar*"`, `"""foo"""* "OR" "bar*"*`],
    ["subject:foo", `"subject:foo"`, `"subject:foo"*`],
    ["NEAR(a b)", `"NEAR(a" "b)"`, null],
    ["marie.dupont@boulangerie-lemoine.fr", `"marie.dupont@boulangerie-lemoine.fr"`, null],
    ["c-2557", `"c-2557"`, `"c-2557"*`],
    ["#1234", `"#1234"`, `"#1234"*`],
    ["a", `"a"`, null],
  ])("%s → %s, %s", (input, exact, prefix) => {
    expect(toFtsQuery(input)).toEqual({ exact, prefix });
  });

  it("leaves out words that say nothing, unless nothing else is left", () => {
    expect(toFtsQuery("mot de passe")).toEqual({ exact: `"mot" "passe"`, prefix: `"mot"* "passe"*` });
    expect(toFtsQuery("Le ticket d' Hélène")).toEqual({ exact: `"ticket" "Hélène"`, prefix: `"ticket"* "Hélène"*` });
    expect(toFtsQuery("de la")).toEqual({ exact: `"de" "la"`, prefix: null });
  });

  it("drops what holds no letter or digit, and caps the number of words", () => {
    expect(toFtsQuery("")).toBeNull();
    expect(toFtsQuery(` " * ( ) - ^ : `)).toBeNull();
    expect(toFtsQuery("un deux trois quatre cinq six sept huit neuf dix onze")?.exact.split(" ")).toHaveLength(8);
    expect(toFtsQuery("ligne\u0000cassée")?.exact).toBe(`"ligne" "cassée"`);
  });
});

describe("search excerpts", () => {
  it("folds case and accents like the index, and matches words by their start", () => {
    expect(searchTerms("Hélène ÉCRAN e05")).toEqual(["helene", "ecran", "e05"]);
    expect(highlight("L'écran d'Hélène affiche E05 puis E052.", ["ecran", "helene", "e05"])).toEqual([
      { text: "L'", match: false },
      { text: "écran", match: true },
      { text: " d'", match: false },
      { text: "Hélène", match: true },
      { text: " affiche ", match: false },
      { text: "E05", match: true },
      { text: " puis ", match: false },
      { text: "E052", match: true },
      { text: ".", match: false },
    ]);
    expect(highlight("Le NAS et la nasse", ["na"])).toEqual([{ text: "Le NAS et la nasse", match: false }]);
    expect(highlight("imprimante, imprimer", ["imprim"]).filter((part) => part.match).map((part) => part.text)).toEqual(["imprimante", "imprimer"]);
  });

  it("cuts around the first match, at spaces, and marks what was left out", () => {
    const text = `${"Bonjour, ".repeat(30)}la caisse enregistreuse refuse la carte. ${"Merci d'avance. ".repeat(30)}`;
    const parts = excerpt(text, ["caisse"], 120);
    const flat = parts.map((part) => part.text).join("");
    expect(flat.startsWith("… ")).toBe(true);
    expect(flat.endsWith(" …")).toBe(true);
    expect(flat.length).toBeLessThanOrEqual(125);
    expect(parts.find((part) => part.match)?.text).toBe("caisse");
    expect(flat).not.toMatch(/Bonj$|Merc$/);
  });

  it("keeps short texts whole and starts at the beginning when nothing matches", () => {
    expect(excerpt("Texte\n\ncourt", ["rien"])).toEqual([{ text: "Texte court", match: false }]);
    const long = "Début du message. " + "suite ".repeat(100);
    expect(excerpt(long, ["absent"], 60)[0].text.startsWith("Début du message.")).toBe(true);
  });
});
