// Small deterministic hashing helpers for the lab generator: every decision is a pure function of
// (seed, row number, purpose), so row i comes out the same whatever the dataset's size.

/** A 32-bit mix of any number of integers (murmur3's finaliser over a running combination). */
export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    let k = Math.imul(part | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A float in [0, 1) from (seed, parts…). */
export function unit(...parts: number[]): number {
  return mix(...parts) / 4294967296;
}

/** An integer in [min, max] (inclusive) from (seed, parts…). */
export function between(min: number, max: number, ...parts: number[]): number {
  if (max <= min) return min;
  return min + Math.floor(unit(...parts) * (max - min + 1));
}

/** A small sequential generator (mulberry32) for lists drawn in one go. */
export function sequence(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Purposes, so two decisions about the same row never share a hash. */
export const PURPOSE = {
  row: 1,
  leaver: 2,
  manager: 3,
  training: 4,
  group: 5,
  day: 6,
  change: 7,
  joiner: 8,
} as const;
