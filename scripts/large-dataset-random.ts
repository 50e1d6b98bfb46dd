/**
 * Randomness, ids and dates of the large dataset: a seeded PRNG (the same seed gives the same
 * rows), cuid-shaped ids that count up so b-trees append, and dates written exactly as Prisma's
 * SQLite adapter writes them.
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
}

/** cuid-shaped ids ("c" + 24 base-36 characters) whose first 9 characters count up: b-trees append. */
export function idFactory(random: Random): () => string {
  let counter = 0;
  return () => {
    counter += 1;
    let tail = "";
    for (let i = 0; i < 15; i++) tail += Math.floor(random.next() * 36).toString(36);
    return `c${counter.toString(36).padStart(9, "0")}${tail}`;
  };
}

/** Exactly the text Prisma's better-sqlite3 adapter stores for a DateTime. */
export function prismaDate(at: number): string {
  return new Date(at).toISOString().replace("Z", "+00:00");
}
