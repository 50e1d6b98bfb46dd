import { describe, expect, it } from "vitest";
import { cleanQuery, feedbackSchema, helpCentreLanguageOf, helpCentrePaths, isLikelyBot, MAX_VOTES_REMEMBERED, votesOfTheDay, withVote } from "~/domain/knowledge/help-centre-rules";

describe("the help centre's language from a path", () => {
  it.each([
    ["/aide/fr", "fr"],
    ["/aide/en/articles/reset", "en"],
    ["/aide/en/", "en"],
    ["/aide", null],
    ["/aide/de/articles/x", null],
    ["/aide/suggestions", null],
    ["/aide/english", null],
    ["/demande", null],
    ["/aidefr", null],
  ])("%s → %s", (path, language) => {
    expect(helpCentreLanguageOf(path)).toBe(language);
  });
});

describe("robots", () => {
  it.each([
    ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", true],
    ["Mozilla/5.0 (compatible; bingbot/2.0)", true],
    ["facebookexternalhit/1.1", true],
    ["WhatsApp/2.23", true],
    ["curl/8.4.0", true],
    ["python-requests/2.31", true],
    ["Mozilla/5.0 HeadlessChrome/120.0", true],
    ["", true],
    [null, true],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", false],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36", false],
    ["Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", false],
  ])("%s → %s", (userAgent, bot) => {
    expect(isLikelyBot(userAgent)).toBe(bot);
  });
});

describe("today's votes", () => {
  it("remembers the day's votes, forgets yesterday's, ignores forged values, and stays small", () => {
    expect(votesOfTheDay(undefined, "2026-12-08")).toEqual([]);
    const first = withVote(null, "2026-12-08", "article1");
    expect(first).toBe("2026-12-08:article1");
    const second = withVote(first, "2026-12-08", "article2");
    expect(votesOfTheDay(second, "2026-12-08")).toEqual(["article1", "article2"]);
    expect(votesOfTheDay(second, "2026-12-09")).toEqual([]);
    expect(withVote(second, "2026-12-09", "article3")).toBe("2026-12-09:article3");
    expect(votesOfTheDay("2026-12-08:ok,<script>,a b", "2026-12-08")).toEqual(["ok"]);
    let many: string | null = null;
    for (let index = 0; index < MAX_VOTES_REMEMBERED + 10; index += 1) many = withVote(many, "2026-12-08", `a${index}`);
    expect(votesOfTheDay(many, "2026-12-08")).toHaveLength(MAX_VOTES_REMEMBERED);
    expect(votesOfTheDay(many, "2026-12-08")).toContain(`a${MAX_VOTES_REMEMBERED + 9}`);
  });
});

describe("feedback and queries", () => {
  it.each([
    [{ intent: "feedback", useful: "yes" }, true],
    [{ intent: "feedback", useful: "no", comment: "  Il manque une étape.  " }, true],
    [{ intent: "feedback", useful: "maybe" }, false],
    [{ intent: "feedback" }, false],
    [{ intent: "feedback", useful: "no", comment: "x".repeat(1000) }, true],
    [{ intent: "feedback", useful: "no", comment: "x".repeat(1001) }, false],
  ])("%j → valid %s", (input, valid) => {
    expect(feedbackSchema.safeParse(input).success).toBe(valid);
  });

  it("trims the comment, cleans the query and encodes addresses", () => {
    expect(feedbackSchema.parse({ intent: "feedback", useful: "no", comment: "  Il manque une étape.  " }).comment).toBe("Il manque une étape.");
    expect(cleanQuery("  mot   de\npasse  ")).toBe("mot de passe");
    expect(cleanQuery("  mot \t de  passe ")).toBe("mot de passe");
    expect(cleanQuery("a".repeat(300))).toHaveLength(200);
    expect(cleanQuery(null)).toBe("");
    expect(helpCentrePaths.article("fr", "a b")).toBe("/aide/fr/articles/a%20b");
    expect(helpCentrePaths.search("en", "mot & passe")).toBe("/aide/en/recherche?q=mot%20%26%20passe");
  });
});
