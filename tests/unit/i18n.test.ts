import { describe, expect, it } from "vitest";
import { en } from "~/lib/i18n/messages/en";
import { fr } from "~/lib/i18n/messages/fr";
import { localeFromAcceptLanguage } from "~/lib/i18n/locales";
import { formatters, translator } from "~/lib/i18n/translate";

describe("catalogues", () => {
  it("has every French key translated in English, with the same placeholders", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr) as Array<keyof typeof fr>) {
      const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
      expect(en[key].trim(), key).not.toBe("");
    }
  });

  it("fills placeholders", () => {
    expect(translator("fr")("login.rateLimited", { minutes: 12 })).toBe("Trop de tentatives de connexion. Réessayez dans 12 min.");
    expect(translator("en")("admin.users.created", { name: "Zoé" })).toBe("User Zoé created.");
  });
});

describe("formats", () => {
  it("writes euros, numbers and dates the French way", () => {
    const format = formatters("fr");
    expect(format.euros(1234.5)).toBe("1\u202f234,50\u00a0€");
    expect(format.number(1000000)).toBe("1\u202f000\u202f000");
    expect(format.date("2026-03-05T10:00:00Z")).toBe("5 mars 2026");
    expect(format.dateTime("2026-07-14T08:30:00Z")).toBe("14/07/2026 10:30");
  });

  it("builds each language's formatters and translator once (every component asks for them)", () => {
    expect(formatters("fr")).toBe(formatters("fr"));
    expect(translator("en")).toBe(translator("en"));
    expect(formatters("en")).not.toBe(formatters("fr"));
    expect(formatters("en").euros(3)).toBe("€3.00");
  });

  it("says how long ago in the user's language", () => {
    const now = new Date("2026-11-26T12:00:00Z");
    expect(formatters("fr").relative("2026-11-26T09:00:00Z", now)).toBe("il y a 3 heures");
    expect(formatters("en").relative("2026-11-24T12:00:00Z", now)).toBe("2 days ago");
  });
});

describe("browser language", () => {
  it.each([
    [null, "fr"],
    ["en-US,en;q=0.9", "en"],
    ["de-DE,en;q=0.5,fr;q=0.8", "fr"],
    ["es-ES", "fr"],
  ])("%s → %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
