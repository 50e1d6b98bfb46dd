/**
 * Duplicate detection for contacts and companies: pure functions, no database. The Doublons page
 * loads the records (duplicate-suggestions.server.ts) and asks these functions which pairs look
 * like the same person or the same company, and why.
 *
 * Contacts match on: the same e-mail address (after normalisation: case, "+tag", Gmail dots), the
 * same normalised name in the same company, or the same phone number (French formats normalised to
 * +33…, a company's switchboard number excepted). Companies match on: the same domain (their
 * domains and their website's host), the same normalised name (legal forms, accents, punctuation
 * removed), or a similar name (Damerau-Levenshtein ratio ≥ COMPANY_NAME_SIMILARITY_THRESHOLD).
 */

import { isFreeMailDomain } from "./free-mail-domains";

// ───────────────────────────── normalisation ─────────────────────────────

/** Lower case without accents or ligatures: "Lévêque Œuvres" → "leveque oeuvres". */
export function foldText(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/œ/gi, "oe")
    .replace(/æ/gi, "ae")
    .replace(/ß/g, "ss")
    .toLowerCase();
}

/**
 * A person's name as a comparable key: accents, case, hyphens, apostrophes and extra spaces do not
 * count, nor does the order of first and last name. "Jean-Marc LÉVÊQUE" = "leveque  jean marc".
 */
export function normalizePersonName(firstName: string, lastName: string): string {
  const tokens = foldText(`${firstName} ${lastName}`)
    .replace(/['’`]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  return tokens.sort().join(" ");
}

const gmailDomains = new Set(["gmail.com", "googlemail.com"]);

/**
 * An address as a comparable key: lower case, without a "+tag" in the local part; Gmail ignores
 * dots and answers for googlemail.com too. Returns "" for something that is not an address.
 */
export function normalizeEmailForMatching(address: string): string {
  const trimmed = address.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0 || at === trimmed.length - 1) return "";
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (gmailDomains.has(domain)) {
    local = local.replace(/\./g, "");
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}

/**
 * A phone number in international form, or null when it is not one: French national numbers
 * ("06.12.34.56.78", "06 12 34 56 78") and international ones ("+33 6 12 34 56 78",
 * "+33 (0)6 12 34 56 78", "0033 6 12 34 56 78") all become "+33612345678".
 */
export function normalizePhone(raw: string): string | null {
  const cleaned = raw.trim().replace(/\(0\)/g, "");
  if (!cleaned) return null;
  let digits = cleaned.replace(/\D/g, "");
  let international = cleaned.startsWith("+");
  if (!international && digits.startsWith("00")) {
    digits = digits.slice(2);
    international = true;
  }
  if (international) {
    if (digits.startsWith("33")) return frenchNumber(digits.slice(2));
    return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
  }
  return frenchNumber(digits);
}

function frenchNumber(national: string): string | null {
  const significant = national.startsWith("0") ? national.slice(1) : national;
  return /^[1-9]\d{8}$/.test(significant) ? `+33${significant}` : null;
}

/** Legal forms and filler words that do not tell two companies apart. */
const legalForms = new Set([
  "sarl", "sas", "sasu", "sa", "eurl", "sci", "snc", "scop", "scp", "sca", "scs", "selarl", "selas", "sel", "ei", "eirl",
  "gie", "gaec", "earl", "cie", "compagnie", "ets", "etablissements", "etablissement", "ltd", "llc", "gmbh", "inc",
]);

/**
 * A company name as a comparable key: accents, case and punctuation removed, and legal forms
 * (SARL, SAS, SA, EURL, "& Cie", "Ets"...) dropped. "Boulangerie-Pâtisserie Lemoine S.A.R.L." =
 * "boulangerie patisserie lemoine".
 */
export function normalizeCompanyName(name: string): string {
  const tokens = foldText(name)
    .replace(/&/g, " et ")
    .replace(/\./g, "") // s.a.r.l. → sarl
    .replace(/['’`]/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  const kept: string[] = [];
  for (const token of tokens) {
    if (legalForms.has(token)) {
      // "Dupont et Cie": the "et" belonged to the legal form too.
      if ((token === "cie" || token === "compagnie") && kept[kept.length - 1] === "et") kept.pop();
      continue;
    }
    kept.push(token);
  }
  return kept.join(" ");
}

/** The registrable part of a host name: "www.shop.garage-perrin.fr" → "garage-perrin.fr". */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, "").split(".").filter(Boolean);
  if (labels.length <= 2) return labels.join(".");
  const secondLevel = labels[labels.length - 2];
  const keep = ["co", "com", "org", "net", "gouv", "asso", "ac", "gov"].includes(secondLevel) ? 3 : 2;
  return labels.slice(-keep).join(".");
}

/**
 * A domain typed by a person, as stored: "https://www.Garage-Perrin.fr/contact" and
 * "contact@garage-perrin.fr" both give "garage-perrin.fr". Returns "" when nothing usable is left.
 */
export function normalizeDomain(input: string): string {
  let value = input.trim().toLowerCase();
  if (value.includes("@")) value = value.slice(value.lastIndexOf("@") + 1);
  value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  value = value.split(/[/?#:]/)[0] ?? "";
  value = value.replace(/^www\./, "").replace(/\.$/, "");
  return value;
}

/** The host of a website address, without "www.", or "" when it is not a web address. */
export function websiteDomain(website: string): string {
  if (!website.trim()) return "";
  return normalizeDomain(website);
}

// ───────────────────────────── similarity ─────────────────────────────

/** Character trigrams of a string, padded so that short words still have some. */
export function trigrams(value: string): Set<string> {
  const padded = `  ${value} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** Dice coefficient over trigrams, 0..1. */
export function trigramSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  const left = trigrams(a);
  const right = trigrams(b);
  let shared = 0;
  for (const gram of left) if (right.has(gram)) shared += 1;
  return (2 * shared) / (left.size + right.size);
}

/**
 * Optimal string alignment distance: Levenshtein where swapping two neighbours costs 1. With
 * `limit`, stops as soon as the distance must exceed it and returns limit + 1 (only a band of
 * 2·limit + 1 cells per row is computed).
 */
export function editDistance(a: string, b: string, limit = Math.max(a.length, b.length)): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (!a || !b) return Math.max(a.length, b.length);
  const outside = limit + 1;
  const width = b.length + 1;
  // Three rolling rows: the one before the previous (for swaps), the previous, the current.
  let [before, previous, current] = rows(width);
  before.fill(outside, 0, width);
  previous.fill(outside, 0, width);
  for (let j = 0; j <= Math.min(b.length, limit); j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    current.fill(outside, 0, width);
    current[0] = i <= limit ? i : outside;
    let rowBest = current[0];
    for (let j = from; j <= to; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        value = Math.min(value, before[j - 2] + 1);
      }
      current[j] = Math.min(value, outside);
      if (current[j] < rowBest) rowBest = current[j];
    }
    if (rowBest > limit) return outside;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length], outside);
}

let rowBuffers: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Reused work rows: names are compared by the hundred thousand, allocations would dominate. */
function rows(width: number): [Int32Array, Int32Array, Int32Array] {
  if (rowBuffers[0].length < width) rowBuffers = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  return [rowBuffers[0], rowBuffers[1], rowBuffers[2]];
}

/** 1 for equal strings, 0 for nothing in common: 1 - distance / longer length. */
export function nameSimilarity(a: string, b: string): number {
  if (!a && !b) return 1;
  const longer = Math.max(a.length, b.length);
  return 1 - editDistance(a, b) / longer;
}

/** nameSimilarity when it reaches `threshold`, else 0; much cheaper on dissimilar names. */
function similarityAtLeast(a: string, b: string, threshold: number): number {
  const longer = Math.max(a.length, b.length);
  const limit = Math.floor(longer * (1 - threshold) + 1e-9);
  const distance = editDistance(a, b, limit);
  return distance > limit ? 0 : 1 - distance / longer;
}

/** Two normalised company names at least this similar are suggested as duplicates. */
export const COMPANY_NAME_SIMILARITY_THRESHOLD = 0.85;
/** Below this many characters a normalised name must match exactly (short names are too alike). */
const MIN_SIMILAR_NAME_LENGTH = 6;

// ───────────────────────────── matching ─────────────────────────────

export type ContactForMatching = {
  id: string;
  firstName: string;
  lastName: string;
  companyId: string | null;
  phone: string;
  emails: string[];
  /** The switchboard of the contact's company: sharing it does not make two people one. */
  companyPhone?: string;
};

export type CompanyForMatching = {
  id: string;
  name: string;
  domains: string[];
  website?: string;
};

export type DuplicateReason =
  | { kind: "same_email"; value: string }
  | { kind: "same_name_company"; value: string }
  | { kind: "same_phone"; value: string }
  | { kind: "same_domain"; value: string }
  | { kind: "same_name"; value: string }
  | { kind: "similar_name"; score: number };
export type DuplicateReasonKind = DuplicateReason["kind"];

export type DuplicatePair = {
  /** The two records, ids sorted so that a pair has one spelling. */
  firstId: string;
  secondId: string;
  reasons: DuplicateReason[];
  /** 0..1, how sure we are: used to show the likeliest pairs first. */
  score: number;
};

const reasonWeight: Record<DuplicateReasonKind, number> = {
  same_email: 1,
  same_domain: 1,
  same_name_company: 0.9,
  same_name: 0.9,
  same_phone: 0.8,
  similar_name: 0.75,
};

function pairScore(reasons: DuplicateReason[]): number {
  const weights = reasons.map((reason) => (reason.kind === "similar_name" ? reasonWeight.similar_name * reason.score : reasonWeight[reason.kind]));
  const best = Math.max(...weights);
  return Math.min(1, best + 0.05 * (reasons.length - 1));
}

type ContactKeys = { emails: Set<string>; nameCompany: string | null; phone: string | null };

function contactKeys(contact: ContactForMatching): ContactKeys {
  const emails = new Set(contact.emails.map(normalizeEmailForMatching).filter(Boolean));
  const name = normalizePersonName(contact.firstName, contact.lastName);
  // One word ("Marie") is not enough to say two colleagues are one person.
  const nameCompany = contact.companyId && name.includes(" ") ? `${contact.companyId}|${name}` : null;
  const phone = normalizePhone(contact.phone);
  const switchboard = contact.companyPhone ? normalizePhone(contact.companyPhone) : null;
  return { emails, nameCompany, phone: phone && phone !== switchboard ? phone : null };
}

function reasonsBetween(a: ContactKeys, b: ContactKeys): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  for (const email of a.emails) if (b.emails.has(email)) reasons.push({ kind: "same_email", value: email });
  if (a.nameCompany && a.nameCompany === b.nameCompany) reasons.push({ kind: "same_name_company", value: a.nameCompany.split("|")[1] });
  if (a.phone && a.phone === b.phone) reasons.push({ kind: "same_phone", value: a.phone });
  return reasons;
}

/** Why two contacts look like the same person (empty when they do not). */
export function matchContacts(a: ContactForMatching, b: ContactForMatching): DuplicateReason[] {
  if (a.id === b.id) return [];
  return reasonsBetween(contactKeys(a), contactKeys(b));
}

/**
 * Every pair of contacts that look like the same person, likeliest first. Linear in the number of
 * contacts: records are grouped by each key rather than compared two by two.
 */
export function findContactDuplicates(contacts: ContactForMatching[]): DuplicatePair[] {
  const keys = new Map(contacts.map((contact) => [contact.id, contactKeys(contact)]));
  const buckets = new Map<string, string[]>();
  const add = (key: string, id: string) => {
    const bucket = buckets.get(key);
    if (bucket) bucket.push(id);
    else buckets.set(key, [id]);
  };
  for (const [id, key] of keys) {
    for (const email of key.emails) add(`e:${email}`, id);
    if (key.nameCompany) add(`n:${key.nameCompany}`, id);
    if (key.phone) add(`p:${key.phone}`, id);
  }
  const candidates = new Set<string>();
  for (const ids of buckets.values()) {
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i++) for (let j = i + 1; j < unique.length; j++) candidates.add(pairKey(unique[i], unique[j]));
  }
  const pairs: DuplicatePair[] = [];
  for (const candidate of candidates) {
    const [firstId, secondId] = candidate.split("|");
    const reasons = reasonsBetween(keys.get(firstId)!, keys.get(secondId)!);
    if (reasons.length > 0) pairs.push({ firstId, secondId, reasons, score: pairScore(reasons) });
  }
  return sortPairs(pairs);
}

type CompanyKeys = { name: string; domains: Set<string> };

function companyKeys(company: CompanyForMatching): CompanyKeys {
  const domains = new Set<string>();
  for (const domain of [...company.domains, company.website ? websiteDomain(company.website) : ""]) {
    const normalized = normalizeDomain(domain);
    if (normalized && normalized.includes(".") && !isFreeMailDomain(normalized)) domains.add(registrableDomain(normalized));
  }
  return { name: normalizeCompanyName(company.name), domains };
}

function companyReasons(a: CompanyKeys, b: CompanyKeys): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  for (const domain of a.domains) if (b.domains.has(domain)) reasons.push({ kind: "same_domain", value: domain });
  if (a.name && a.name === b.name) reasons.push({ kind: "same_name", value: a.name });
  else if (a.name.length >= MIN_SIMILAR_NAME_LENGTH && b.name.length >= MIN_SIMILAR_NAME_LENGTH) {
    const score = similarityAtLeast(a.name, b.name, COMPANY_NAME_SIMILARITY_THRESHOLD);
    if (score > 0) reasons.push({ kind: "similar_name", score: Math.round(score * 100) / 100 });
  }
  return reasons;
}

/** Why two companies look like the same one (empty when they do not). */
export function matchCompanies(a: CompanyForMatching, b: CompanyForMatching): DuplicateReason[] {
  if (a.id === b.id) return [];
  return companyReasons(companyKeys(a), companyKeys(b));
}

/**
 * Every pair of companies that look like the same one, likeliest first. Exact keys (domains,
 * normalised names) are grouped; similar names are looked for with a sorted neighbourhood: the
 * names are sorted three ways (as written, reversed, words sorted) and each one is measured
 * against its SIMILAR_NAME_WINDOW neighbours, so the work grows linearly with the number of
 * companies instead of with its square.
 */
export function findCompanyDuplicates(companies: CompanyForMatching[]): DuplicatePair[] {
  const ids = companies.map((company) => company.id);
  const keys = companies.map(companyKeys);
  const count = companies.length;
  // A pair of positions i < j as one number: cheaper than strings for hundreds of thousands.
  const candidates = new Set<number>();
  const addCandidate = (i: number, j: number) => {
    if (i !== j) candidates.add(i < j ? i * count + j : j * count + i);
  };

  const byExact = new Map<string, number[]>();
  keys.forEach((key, index) => {
    for (const domain of key.domains) pushTo(byExact, `d:${domain}`, index);
    if (key.name) pushTo(byExact, `n:${key.name}`, index);
  });
  for (const members of byExact.values()) {
    for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) addCandidate(members[i], members[j]);
  }

  const named = keys.map((key, index) => ({ index, name: key.name })).filter((entry) => entry.name.length >= MIN_SIMILAR_NAME_LENGTH);
  const orders: Array<(name: string) => string> = [
    (name) => name,
    (name) => [...name].reverse().join(""),
    (name) => name.split(" ").sort().join(" "),
  ];
  for (const order of orders) {
    const sorted = named.map((entry) => ({ index: entry.index, sortKey: order(entry.name) }));
    sorted.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < Math.min(sorted.length, i + 1 + SIMILAR_NAME_WINDOW); j++) addCandidate(sorted[i].index, sorted[j].index);
    }
  }

  const pairs: DuplicatePair[] = [];
  for (const candidate of candidates) {
    const i = Math.floor(candidate / count);
    const j = candidate % count;
    if (ids[i] === ids[j]) continue;
    const reasons = companyReasons(keys[i], keys[j]);
    if (reasons.length === 0) continue;
    const [firstId, secondId] = ids[i] < ids[j] ? [ids[i], ids[j]] : [ids[j], ids[i]];
    pairs.push({ firstId, secondId, reasons, score: pairScore(reasons) });
  }
  return sortPairs(pairs);
}

/** How many following names each name is compared with, in each sort order. */
const SIMILAR_NAME_WINDOW = 8;

function pushTo<T>(map: Map<string, T[]>, key: string, id: T) {
  const list = map.get(key);
  if (!list) map.set(key, [id]);
  else if (!list.includes(id)) list.push(id);
}

/** "a|b" with the smaller id first. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function sortPairs(pairs: DuplicatePair[]): DuplicatePair[] {
  return pairs.sort((x, y) => y.score - x.score || x.firstId.localeCompare(y.firstId) || x.secondId.localeCompare(y.secondId));
}
