/**
 * Keyset pagination over any ordered list of columns (ending with the id as tie-break): the
 * condition "strictly after this row in this order", and an opaque, URL-safe cursor carrying the
 * row's sort values. Used by the list queries that page with a cursor rather than an offset, so a
 * deep page costs what the first one does and an insertion never shifts a page.
 */

export type KeysetValue = string | number | Date;
export type KeysetOrder = ReadonlyArray<{ field: string; direction: "asc" | "desc" }>;

/**
 * Rows strictly after `after` in `order` then id (id sorts like the last field). Written as a
 * range on the first column AND the usual OR expansion: the range is what an index walk uses.
 */
export function keysetAfter(order: KeysetOrder, after: { values: readonly KeysetValue[]; id: string }): Record<string, unknown> {
  const columns = [...order.map((entry, index) => ({ ...entry, value: after.values[index] as KeysetValue })), { field: "id", direction: order[order.length - 1]?.direction ?? "asc", value: after.id }];
  const strict = (direction: "asc" | "desc") => (direction === "asc" ? "gt" : "lt");
  const branches = columns.map((column, index) => ({
    AND: [...columns.slice(0, index).map((previous) => ({ [previous.field]: previous.value })), { [column.field]: { [strict(column.direction)]: column.value } }],
  }));
  const first = columns[0]!;
  return { AND: [{ [first.field]: { [first.direction === "asc" ? "gte" : "lte"]: first.value } }, { OR: branches }] };
}

/** The Prisma orderBy of a keyset order (id last). */
export function keysetOrderBy(order: KeysetOrder): Array<Record<string, "asc" | "desc">> {
  return [...order.map((entry) => ({ [entry.field]: entry.direction })), { id: order[order.length - 1]?.direction ?? "asc" }];
}

type Encoded = [string, ...Array<string | number | { d: number }>];

/** `sort` names the order the cursor belongs to: a cursor is refused under another order. */
export function encodeKeysetCursor(sort: string, values: readonly KeysetValue[], id: string): string {
  const payload: Encoded = [sort, ...values.map((value) => (value instanceof Date ? { d: value.getTime() } : value)), id];
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

/** The row a cursor stands for, or null when it is not one of ours or belongs to another order. */
export function decodeKeysetCursor(cursor: string | null | undefined, sort: string, arity: number): { values: KeysetValue[]; id: string } | null {
  if (!cursor || cursor.length > 600 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(payload) || payload.length !== arity + 2 || payload[0] !== sort) return null;
  const id = payload[payload.length - 1];
  if (typeof id !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  const values: KeysetValue[] = [];
  for (const raw of payload.slice(1, -1) as unknown[]) {
    if (typeof raw === "string" || (typeof raw === "number" && Number.isFinite(raw))) values.push(raw);
    else if (raw && typeof raw === "object" && typeof (raw as { d?: unknown }).d === "number" && Number.isFinite((raw as { d: number }).d)) values.push(new Date((raw as { d: number }).d));
    else return null;
  }
  return { values, id };
}
