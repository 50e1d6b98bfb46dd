import { normalizeCompanyName, normalizeDomain, normalizeEmailForMatching, normalizePersonName, normalizePhone, registrableDomain, editDistance, COMPANY_NAME_SIMILARITY_THRESHOLD, websiteDomain } from "~/domain/customers/duplicates";
import { isFreeMailDomain } from "~/domain/customers/free-mail-domains";
import type { ImportEntity } from "./import-entities";
import type { ImportMessage } from "./import-messages";
import { decisionFor, type DuplicateDecision, type ImportOptions } from "./import-options";
import type { RowOutcome } from "./import-status";
import type { ReadRow } from "./row-reading";

/**
 * What an import will do with each row, decided before anything is written (the preview) and
 * again when the run starts (the base may have changed in between). Pure: the existing records
 * come in as a BaseIndex; rows are planned in file order, each one matched against the base AND
 * the rows before it, with the Doublons page's rules (app/domain/customers/duplicates.ts):
 *
 * - contacts: the same e-mail (case, +tag and Gmail dots ignored), the same phone (not the
 *   company's switchboard), the same name at the same company (or the same company mail domain);
 * - companies: the same SIRET/SIREN, the same domain, the same or a similar name (legal forms
 *   ignored, similarity ≥ 0.85);
 * - products: the same reference; deals: the same title at the same company.
 *
 * Rows that match form a duplicate group ("g<first row>", with the existing records they match).
 * The importer's decision for the group (merge by default) gives each row its outcome:
 * - merge: into the existing record: `updated` when matched on its identity (e-mail, SIRET,
 *   reference), where non-empty cells overwrite; `merged` otherwise, where cells only fill empty
 *   fields; a later row of the file merges into the record of the group's first row;
 * - keep_both: a record of its own (`created`); an address held by another record stays there;
 * - skip: `skipped` (the group's first row is still created when no existing record matched).
 * Rows with a cell error are `rejected`.
 */

export type ExistingRecord = { id: string; name: string };

/** The existing records, looked up by matching key (keys normalised as below). */
export type BaseIndex = {
  contactByEmail(key: string): ExistingRecord | undefined;
  contactByPhone(e164: string): ExistingRecord | undefined;
  /** `key` is normalizePersonName + "|" + companyId. */
  contactByNameAtCompany(key: string): ExistingRecord | undefined;
  /** `key` is normalizePersonName + "|" + registrable mail domain. */
  contactByNameAtDomain(key: string): ExistingRecord | undefined;
  companyBySiret(siret: string): ExistingRecord | undefined;
  companyBySiren(siren: string): ExistingRecord | undefined;
  companyByDomain(domain: string): ExistingRecord | undefined;
  companyByName(normalisedName: string): ExistingRecord | undefined;
  /** Companies whose normalised name might be similar (a superset; similarity is measured here). */
  companiesNamedLike(normalisedName: string): Array<ExistingRecord & { normalisedName: string }>;
  companyPhone(companyId: string): string | undefined;
  productByReference(reference: string): ExistingRecord | undefined;
  /** `key` is the folded title + "|" + companyId. */
  dealByTitle(key: string): ExistingRecord | undefined;
};

export type RecordRef = { kind: "existing"; id: string; name: string } | { kind: "row"; rowNumber: number };

/** The company of a contacts or deals row: an existing one, one created by an earlier row, or a new one. */
export type CompanyRef = RecordRef | { kind: "new"; name: string } | null;

export type MatchReason = { kind: "same_email" | "same_phone" | "same_name_company" | "same_siret" | "same_domain" | "same_name" | "similar_name" | "same_reference" | "same_title"; value: string };

export type PlannedRow = {
  rowNumber: number;
  outcome: RowOutcome;
  /** The record the row updates or merges into (existing, or created by an earlier row). */
  target: RecordRef | null;
  company: CompanyRef;
  groupId: string | null;
  /** False when the row's address stays with another record (keep both). */
  addEmail: boolean;
  messages: ImportMessage[];
};

export type DuplicateGroup = {
  id: string;
  rowNumbers: number[];
  existing: ExistingRecord[];
  reasons: MatchReason[];
  decision: DuplicateDecision;
};

export type ImportPlan = { rows: PlannedRow[]; groups: DuplicateGroup[] };

const identityReasons = new Set<MatchReason["kind"]>(["same_email", "same_siret", "same_reference"]);

/** The folded key of a deal title. */
export function dealTitleKey(title: string): string {
  return normalizeCompanyName(title);
}

function companyDomainOf(values: Record<string, unknown>, prefix: "" | "company."): string {
  const domain = typeof values[`${prefix}domain`] === "string" ? normalizeDomain(String(values[`${prefix}domain`])) : "";
  const website = typeof values[`${prefix}website`] === "string" ? websiteDomain(String(values[`${prefix}website`])) : "";
  const candidate = domain || website;
  return candidate && candidate.includes(".") && !isFreeMailDomain(candidate) ? registrableDomain(candidate) : "";
}

function emailDomain(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 0) return "";
  const domain = email.slice(at + 1);
  return isFreeMailDomain(domain) ? "" : registrableDomain(domain);
}

/** The Doublons page's similar-name rule (≥ 0.85), measured with a bounded edit distance: cheap on dissimilar names. */
export function companyNameSimilarity(a: string, b: string): number {
  if (a.length < 6 || b.length < 6) return a === b ? 1 : 0;
  const longer = Math.max(a.length, b.length);
  const limit = Math.floor(longer * (1 - COMPANY_NAME_SIMILARITY_THRESHOLD) + 1e-9);
  const distance = editDistance(a, b, limit);
  return distance > limit ? 0 : 1 - distance / longer;
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** Keys of records created or matched by earlier rows: key → the record. */
class RowKeys {
  private readonly keys = new Map<string, RecordRef>();
  get(key: string): RecordRef | undefined {
    return this.keys.get(key);
  }
  add(key: string, ref: RecordRef) {
    if (key && !this.keys.has(key)) this.keys.set(key, ref);
  }
}

/** Companies created by earlier rows, for similar-name matching within the file. */
class NewCompanies {
  private readonly byBucket = new Map<string, Array<{ rowNumber: number; normalisedName: string }>>();
  private buckets(name: string): string[] {
    return [`a:${name.slice(0, 3)}`, `z:${name.slice(-3)}`];
  }
  add(rowNumber: number, normalisedName: string) {
    for (const bucket of this.buckets(normalisedName)) {
      const list = this.byBucket.get(bucket) ?? [];
      list.push({ rowNumber, normalisedName });
      this.byBucket.set(bucket, list);
    }
  }
  similar(normalisedName: string): number | undefined {
    if (normalisedName.length < 6) return undefined;
    for (const bucket of this.buckets(normalisedName)) {
      for (const entry of this.byBucket.get(bucket) ?? []) {
        if (companyNameSimilarity(entry.normalisedName, normalisedName) > 0) return entry.rowNumber;
      }
    }
    return undefined;
  }
}

function similarExisting(base: BaseIndex, normalisedName: string): ExistingRecord | undefined {
  if (normalisedName.length < 6) return undefined;
  let best: { record: ExistingRecord; score: number } | undefined;
  for (const candidate of base.companiesNamedLike(normalisedName)) {
    const score = companyNameSimilarity(candidate.normalisedName, normalisedName);
    if (score > 0 && (!best || score > best.score)) best = { record: candidate, score };
  }
  return best?.record;
}

type Match = { ref: RecordRef; reasons: MatchReason[] };

/** Plans every row. `rows` must be in file order. */
export function planImport(entity: ImportEntity, rows: readonly ReadRow[], base: BaseIndex, options: ImportOptions): ImportPlan {
  const planned: PlannedRow[] = [];
  const byRow = new Map<number, PlannedRow>();
  const groups = new Map<string, DuplicateGroup>();
  /** The group a record belongs to ("e:<id>" or "r:<row>"). */
  const groupOfRecord = new Map<string, string>();
  const recordKeys = new RowKeys();
  const companyKeys = new RowKeys();
  const newCompanies = new NewCompanies();

  const refKey = (ref: RecordRef) => (ref.kind === "existing" ? `e:${ref.id}` : `r:${ref.rowNumber}`);

  /** The contacts/deals row's company, found or to be created. */
  const resolveCompany = (row: ReadRow, messages: ImportMessage[]): CompanyRef => {
    const name = text(row.values["company.name"]);
    const siret = text(row.values["company.siret"]);
    const normalised = normalizeCompanyName(name);
    const domain = companyDomainOf(row.values, "company.") || (entity === "contacts" ? emailDomain(text(row.values.email)) : "");
    const describe = (ref: CompanyRef): CompanyRef => {
      if (ref?.kind === "existing") messages.push({ key: "import.plan.companyExisting", params: { name: ref.name } });
      else if (ref?.kind === "row") messages.push({ key: "import.plan.companyRow", params: { other: ref.rowNumber } });
      else if (ref?.kind === "new") messages.push({ key: "import.plan.companyNew", params: { name: ref.name } });
      return ref;
    };
    const existing = (record: ExistingRecord | undefined): CompanyRef => (record ? { kind: "existing", id: record.id, name: record.name } : null);
    // A SIRET is the company's identity: with one, only the same SIRET or the same name matches
    // (not a similar name or a shared domain, which may be another establishment).
    let found: CompanyRef =
      (siret && (existing(base.companyBySiret(siret)) ?? companyKeys.get(`s:${siret}`) ?? null)) ||
      (normalised && (existing(base.companyByName(normalised)) ?? companyKeys.get(`n:${normalised}`) ?? null)) ||
      (!siret && domain && (existing(base.companyByDomain(domain)) ?? companyKeys.get(`d:${domain}`) ?? null)) ||
      (!siret && normalised && existing(similarExisting(base, normalised))) ||
      null;
    if (!found && normalised && !siret) {
      const similarRow = newCompanies.similar(normalised);
      if (similarRow !== undefined) found = { kind: "row", rowNumber: similarRow };
    }
    if (!found && name) {
      found = { kind: "new", name };
      const own: RecordRef = { kind: "row", rowNumber: row.rowNumber };
      if (siret) companyKeys.add(`s:${siret}`, own);
      if (normalised) {
        companyKeys.add(`n:${normalised}`, own);
        newCompanies.add(row.rowNumber, normalised);
      }
      if (domain) companyKeys.add(`d:${domain}`, own);
    }
    return describe(found);
  };

  const companyIdKey = (company: CompanyRef): string => (company?.kind === "existing" ? company.id : company?.kind === "row" ? `row${company.rowNumber}` : company?.kind === "new" ? `row-new` : "");

  /** The matches of a row against the base and the earlier rows, and its own keys. */
  const matchRow = (row: ReadRow, company: CompanyRef, rowNumber: number): { matches: Match[]; keys: string[] } => {
    const found = new Map<string, Match>();
    const keys: string[] = [];
    const consider = (key: string, reason: MatchReason, existing: ExistingRecord | undefined) => {
      keys.push(key);
      const ref: RecordRef | undefined = existing ? { kind: "existing", id: existing.id, name: existing.name } : recordKeys.get(key);
      if (!ref) return;
      const id = refKey(ref);
      const match = found.get(id) ?? { ref, reasons: [] };
      if (!match.reasons.some((known) => known.kind === reason.kind)) match.reasons.push(reason);
      found.set(id, match);
    };
    const values = row.values;
    if (entity === "contacts") {
      const email = text(values.email);
      const emailKey = email ? normalizeEmailForMatching(email) : "";
      if (emailKey) consider(`e:${emailKey}`, { kind: "same_email", value: email }, base.contactByEmail(emailKey));
      const phone = normalizePhone(text(values.phone));
      const switchboard = company?.kind === "existing" ? normalizePhone(base.companyPhone(company.id) ?? "") : normalizePhone(text(values["company.phone"]));
      if (phone && phone !== switchboard) consider(`p:${phone}`, { kind: "same_phone", value: phone }, base.contactByPhone(phone));
      const name = normalizePersonName(text(values.firstName), text(values.lastName));
      if (name.includes(" ")) {
        const companyKey = companyIdKey(company);
        if (company && company.kind !== "new") {
          const key = `${name}|${companyKey}`;
          consider(`n:${key}`, { kind: "same_name_company", value: name }, company.kind === "existing" ? base.contactByNameAtCompany(key) : undefined);
        }
        const domain = emailDomain(email);
        if (domain) consider(`nd:${name}|${domain}`, { kind: "same_name_company", value: name }, base.contactByNameAtDomain(`${name}|${domain}`));
        if (company?.kind === "new") keys.push(`n:${name}|row${rowNumber}`);
      }
    } else if (entity === "companies") {
      const siret = text(values.siret);
      if (siret) {
        consider(`s:${siret}`, { kind: "same_siret", value: siret }, base.companyBySiret(siret));
        if (siret.length === 9) consider(`sn:${siret}`, { kind: "same_siret", value: siret }, base.companyBySiren(siret));
      }
      const domain = companyDomainOf(values, "");
      if (domain) consider(`d:${domain}`, { kind: "same_domain", value: domain }, base.companyByDomain(domain));
      const normalised = normalizeCompanyName(text(values.name));
      if (normalised) {
        consider(`n:${normalised}`, { kind: "same_name", value: normalised }, base.companyByName(normalised));
        if (found.size === 0 && !siret) {
          const similar = similarExisting(base, normalised);
          if (similar) consider(`sim:${similar.id}`, { kind: "similar_name", value: normalised }, similar);
          else {
            const similarRow = newCompanies.similar(normalised);
            if (similarRow !== undefined) {
              const ref: RecordRef = resolveRowRef({ kind: "row", rowNumber: similarRow });
              found.set(refKey(ref), { ref, reasons: [{ kind: "similar_name", value: normalised }] });
            }
          }
        }
      }
    } else if (entity === "products") {
      const reference = text(values.reference).toLowerCase();
      if (reference) consider(`ref:${reference}`, { kind: "same_reference", value: text(values.reference) }, base.productByReference(reference));
    } else {
      const title = dealTitleKey(text(values.title));
      if (title && company && company.kind !== "new") {
        const key = `${title}|${companyIdKey(company)}`;
        consider(`t:${key}`, { kind: "same_title", value: text(values.title) }, company.kind === "existing" ? base.dealByTitle(key) : undefined);
      }
    }
    return { matches: [...found.values()], keys };
  };

  /** A row reference resolved to the record it ended in (a merged row points to its target). */
  const resolveRowRef = (ref: RecordRef): RecordRef => {
    let current = ref;
    for (let hops = 0; current.kind === "row" && hops < 10; hops++) {
      const plannedRow = byRow.get(current.rowNumber);
      if (!plannedRow || !plannedRow.target) break;
      current = plannedRow.target;
    }
    return current;
  };

  for (const row of rows) {
    const messages: ImportMessage[] = [];
    if (row.errors.length > 0) {
      const rejected: PlannedRow = { rowNumber: row.rowNumber, outcome: "rejected", target: null, company: null, groupId: null, addEmail: false, messages: row.errors };
      planned.push(rejected);
      byRow.set(row.rowNumber, rejected);
      continue;
    }
    const company = entity === "contacts" || entity === "deals" ? resolveCompany(row, messages) : null;
    const { matches, keys } = matchRow(row, company, row.rowNumber);
    // Resolve each matched row to its record, and prefer an existing record (the likeliest first).
    const resolved = matches.map((match) => ({ ...match, ref: resolveRowRef(match.ref) }));
    resolved.sort((a, b) => Number(b.ref.kind === "existing") - Number(a.ref.kind === "existing") || b.reasons.length - a.reasons.length);
    const best = resolved[0];

    const plannedRow: PlannedRow = { rowNumber: row.rowNumber, outcome: "created", target: null, company, groupId: null, addEmail: true, messages };
    planned.push(plannedRow);
    byRow.set(row.rowNumber, plannedRow);
    const ownRef: RecordRef = { kind: "row", rowNumber: row.rowNumber };

    if (!best) {
      messages.unshift({ key: "import.plan.create" });
      for (const key of keys) recordKeys.add(key, ownRef);
      continue;
    }

    // The duplicate group: the matched record's, or a new one opened by this row's match.
    const matchedKey = refKey(best.ref);
    let groupId = groupOfRecord.get(matchedKey);
    if (!groupId) {
      const firstRow = best.ref.kind === "row" ? best.ref.rowNumber : row.rowNumber;
      groupId = `g${firstRow}`;
      groups.set(groupId, { id: groupId, rowNumbers: best.ref.kind === "row" ? [best.ref.rowNumber] : [], existing: [], reasons: [], decision: decisionFor(options, groupId) });
      groupOfRecord.set(matchedKey, groupId);
      if (best.ref.kind === "row") {
        const first = byRow.get(best.ref.rowNumber);
        if (first) first.groupId = groupId;
      }
    }
    const group = groups.get(groupId)!;
    group.rowNumbers.push(row.rowNumber);
    for (const match of resolved) {
      if (match.ref.kind === "existing" && !group.existing.some((record) => record.id === (match.ref as ExistingRecord).id)) group.existing.push({ id: match.ref.id, name: match.ref.name });
      for (const reason of match.reasons) if (!group.reasons.some((known) => known.kind === reason.kind && known.value === reason.value)) group.reasons.push(reason);
    }
    plannedRow.groupId = groupId;
    // The message names the strongest reason; importMessageText renders it inside the sentence.
    const reasonParams = { reasonKey: `import.reason.${best.reasons[0].kind}`, value: best.reasons[0].value };

    if (group.decision === "skip") {
      plannedRow.outcome = "skipped";
      messages.unshift(
        best.ref.kind === "existing"
          ? { key: "import.plan.skipExisting", params: { name: best.ref.name, ...reasonParams } }
          : { key: "import.plan.skipRow", params: { other: best.ref.rowNumber, ...reasonParams } },
      );
      continue;
    }
    if (group.decision === "keep_both") {
      plannedRow.outcome = "created";
      messages.unshift({ key: "import.plan.keepBoth", params: reasonParams });
      const email = text(row.values.email);
      if (email && best.reasons.some((known) => known.kind === "same_email")) {
        plannedRow.addEmail = false;
        messages.push({ key: "import.plan.emailKept", params: { value: email } });
      }
      for (const key of keys) recordKeys.add(key, ownRef);
      groupOfRecord.set(refKey(ownRef), groupId);
      continue;
    }
    plannedRow.target = best.ref;
    if (best.ref.kind === "existing") {
      plannedRow.outcome = best.reasons.some((known) => identityReasons.has(known.kind)) ? "updated" : "merged";
      messages.unshift({ key: plannedRow.outcome === "updated" ? "import.plan.update" : "import.plan.mergeExisting", params: { name: best.ref.name, ...reasonParams } });
    } else {
      plannedRow.outcome = "merged";
      messages.unshift({ key: "import.plan.mergeRow", params: { other: best.ref.rowNumber, ...reasonParams } });
    }
    for (const key of keys) recordKeys.add(key, best.ref);
  }
  return { rows: planned, groups: [...groups.values()] };
}
