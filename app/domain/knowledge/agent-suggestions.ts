import type { KnowledgeLanguage } from "./knowledge-vocabulary";

/**
 * Pure rules of the knowledge base in the agent's ticket page: which words of a ticket look for
 * articles, which language version of an article the agent is offered, and what « Insérer le
 * lien » puts into a reply.
 */

/** Words that say nothing about what a request is about: greetings, politeness, filler. */
const NOISE_WORDS = new Set(
  [
    // French
    "bonjour", "bonsoir", "madame", "monsieur", "merci", "avance", "cordialement", "salutations", "bien", "votre", "vous", "nous", "notre", "nos",
    "vos", "pour", "dans", "avec", "sans", "sur", "sous", "mais", "donc", "car", "est", "sont", "etre", "avoir", "avons", "avez", "ont", "fait",
    "faire", "plus", "moins", "tres", "tout", "tous", "toute", "toutes", "cette", "ces", "cet", "celui", "celle", "comme", "depuis", "encore",
    "aussi", "alors", "quand", "comment", "pourquoi", "quoi", "quel", "quelle", "quels", "quelles", "pouvez", "pourriez", "peut", "peux",
    "pouvons", "besoin", "aide", "aider", "demande", "probleme", "question", "message", "matin", "soir", "hier", "aujourd", "jour", "merci",
    "svp", "stp", "une", "des", "les", "qui", "que", "par", "pas", "elle", "ils", "elles", "leur", "leurs", "mon", "mes", "son", "ses", "ceci",
    "cela", "ici", "rien", "deja", "toujours", "jamais", "chez", "entre", "apres", "avant", "entreprise", "societe", "equipe",
    // English
    "hello", "dear", "thanks", "thank", "regards", "best", "kind", "please", "could", "would", "should", "your", "our", "ours", "with", "without",
    "from", "that", "this", "these", "those", "have", "has", "had", "been", "being", "are", "was", "were", "the", "and", "for", "not", "but", "can",
    "cannot", "since", "still", "again", "also", "when", "how", "why", "what", "which", "there", "here", "help", "need", "issue", "problem",
    "request", "morning", "today", "yesterday", "team", "company", "some", "any", "all", "very", "just",
  ].map(fold),
);

/** At most this many words of a ticket are looked for (the subject's first). */
export const MAX_SUGGESTION_WORDS = 12;

function fold(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase();
}

/**
 * The words of a ticket worth looking for in the knowledge base: the subject's, then the first
 * customer message's, without greetings and filler, each once (accents and case folded), words
 * of four letters or more or codes holding a digit ("E13", "SC542"). Any of them may match: a
 * ticket is not a search box, its words are not all in the right article.
 */
export function suggestionWords(subject: string, firstMessage: string): string[] {
  const words: string[] = [];
  const seen = new Set<string>();
  // The first message's signature and quoted history say nothing about the request: its first 1,500 characters are plenty.
  for (const text of [subject, firstMessage.slice(0, 1500)]) {
    for (const raw of text.normalize("NFC").split(/[^\p{L}\p{N}-]+/u)) {
      const word = raw.replace(/^-+|-+$/g, "");
      if (!word) continue;
      const folded = fold(word);
      const code = /\p{N}/u.test(word) && /\p{L}/u.test(word);
      // Numbers alone (an invoice's, a date) say nothing about what the request is about.
      if (!/\p{L}/u.test(folded)) continue;
      if (!code && [...folded].length < 4) continue;
      if (NOISE_WORDS.has(folded) || seen.has(folded)) continue;
      seen.add(folded);
      words.push(word);
      if (words.length >= MAX_SUGGESTION_WORDS) return words;
    }
  }
  return words;
}

/**
 * Which language version of an article the agent is offered: the customer's when the article
 * has it, else the one it has.
 */
export function versionFor<T extends { language: string }>(versions: readonly T[], customerLanguage: KnowledgeLanguage): T | null {
  return versions.find((version) => version.language === customerLanguage) ?? versions[0] ?? null;
}

/** The help centre's address of an article version (the /aide URL everyone relies on). */
export function publicArticlePath(language: string, slug: string): string {
  return `/aide/${language}/articles/${encodeURIComponent(slug)}`;
}

/** What « Insérer le lien » puts into a reply: the article's title and its address, in the reply's language's typography. */
export function articleLinkText(input: { title: string; url: string; language: string }): string {
  return input.language === "fr" ? `${input.title} : ${input.url}` : `${input.title}: ${input.url}`;
}

/**
 * Text inserted into a textarea at the selection: returns the new value and where the caret
 * goes. A blank line separates the insertion from text before and after it.
 */
export function insertAtSelection(value: string, selection: { start: number; end: number }, insertion: string): { value: string; caret: number } {
  const start = Math.max(0, Math.min(selection.start, value.length));
  const end = Math.max(start, Math.min(selection.end, value.length));
  const before = value.slice(0, start);
  const after = value.slice(end);
  const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const trail = after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  const inserted = lead + insertion + trail;
  return { value: before + inserted + after, caret: before.length + lead.length + insertion.length };
}
