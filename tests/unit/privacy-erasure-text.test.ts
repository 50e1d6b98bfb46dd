import { describe, expect, it } from "vitest";
import { jsonWithoutIdentifiers, mentionsIdentifier, personIdentifiers, withoutIdentifiers } from "~/domain/privacy/erasure-text";

describe("a person's identifiers", () => {
  it.each([
    [
      "addresses, phone and full name both ways, longest first",
      { firstName: "Marie", lastName: "Dupont", phone: "06 12 34 56 78", addresses: ["Marie.Dupont@Exemple.fr"] },
      ["marie.dupont@exemple.fr", "06 12 34 56 78", "Marie Dupont", "Dupont Marie"],
    ],
    ["no full name without both names; a name alone is not an identifier", { firstName: "", lastName: "Martin", phone: "", addresses: ["m@x.fr"] }, ["m@x.fr"]],
    ["short values are left out", { firstName: "A", lastName: "B", phone: "12", addresses: [] }, []],
  ])("%s", (_case, person, expected) => {
    expect(personIdentifiers(person)).toEqual(expected);
  });
});

describe("cutting identifiers out of text", () => {
  const identifiers = personIdentifiers({ firstName: "Hélène", lastName: "O'Hara", phone: "+33 6 11 22 33 44", addresses: ["helene@ohara.test"] });

  it.each([
    ["a full name, whatever the case", "Voir avec HÉLÈNE O'HARA demain", "Voir avec [effacé] demain"],
    ["an address and a phone", "Écrire à helene@ohara.test ou +33 6 11 22 33 44.", "Écrire à [effacé] ou [effacé]."],
    ["someone else's text is unchanged", "Bruno demande un devis", "Bruno demande un devis"],
    ["characters of regular expressions are literal", "O'Hara Hélène (cliente)", "[effacé] (cliente)"],
  ])("%s", (_case, text, expected) => {
    expect(withoutIdentifiers(text, identifiers)).toBe(expected);
  });

  it("keeps JSON valid and its shape, with names holding quotes", () => {
    const json = JSON.stringify({ note: 'Dit "Hélène O\'Hara"', address: "helene@ohara.test", other: 3 });
    const result = jsonWithoutIdentifiers(json, [...identifiers, 'Dit "Hélène']);
    expect(JSON.parse(result)).toEqual({ note: "[effacé] O'Hara\"", address: "[effacé]", other: 3 });
  });

  it("tells whether a text names the person", () => {
    expect(mentionsIdentifier("Merci Hélène O'Hara", identifiers)).toBe(true);
    expect(mentionsIdentifier("Merci Hélène", identifiers)).toBe(false);
  });
});
