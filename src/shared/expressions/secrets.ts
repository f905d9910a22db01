// RandomPassword / RandomPassphrase: non-deterministic; randomness from context.random when given
// (tests, previews), otherwise from the platform CSPRNG (Web Crypto: present in Node 20 and Chromium).

import { eager, type FunctionImpl } from './impl';
import type { Runtime } from './types';
import { booleanArg, fail, integerArg, textArg } from './values';
import { PASSPHRASE_WORDS } from './wordlist';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const SYMBOLS = '!#$%&*+-.:=?@^_~';

interface RandomSource {
  getRandomValues(array: Uint32Array): Uint32Array;
}

function platformRandom(): RandomSource | null {
  const crypto = (globalThis as { crypto?: Partial<RandomSource> }).crypto;
  return crypto && typeof crypto.getRandomValues === 'function' ? (crypto as RandomSource) : null;
}

/** A uniform integer in [0, n). */
function randomBelow(rt: Runtime, fn: string, n: number): number {
  const random = rt.ctx.random;
  if (random) {
    const r = random();
    if (typeof r !== 'number' || !(r >= 0 && r < 1)) fail(`${fn}: the random source returned ${String(r)}, not a number in [0, 1)`);
    return Math.floor(r * n);
  }
  const source = platformRandom();
  if (!source) return fail(`${fn}: no secure random source is available`);
  // Rejection sampling keeps the distribution uniform (no modulo bias).
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const buffer = new Uint32Array(1);
  for (;;) {
    const value = source.getRandomValues(buffer)[0] as number;
    if (value < limit) return value % n;
  }
}

function pick(rt: Runtime, fn: string, alphabet: string): string {
  return alphabet.charAt(randomBelow(rt, fn, alphabet.length));
}

function randomPassword(rt: Runtime, length: number, extended: boolean): string {
  const classes = extended ? [LOWER, UPPER, DIGITS, SYMBOLS] : [LOWER, UPPER, DIGITS];
  const all = classes.join('');
  // One character of every class, the rest from the union, then a Fisher-Yates shuffle.
  const chars = classes.map((alphabet) => pick(rt, 'RandomPassword', alphabet));
  while (chars.length < length) chars.push(pick(rt, 'RandomPassword', all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomBelow(rt, 'RandomPassword', i + 1);
    const t = chars[i] as string;
    chars[i] = chars[j] as string;
    chars[j] = t;
  }
  return chars.join('');
}

export const SECRET_FUNCTIONS: [string, FunctionImpl][] = [
  [
    'RandomPassword',
    eager(1, 2, (rt, a, b) => {
      const length = integerArg('RandomPassword', 'length', a);
      if (length < 4 || length > 256) fail('RandomPassword: length must be between 4 and 256');
      const extended = b === undefined ? false : booleanArg('RandomPassword', 'extended', b);
      return randomPassword(rt, length, extended);
    }),
  ],
  [
    'RandomPassphrase',
    eager(1, 2, (rt, a, b) => {
      const count = integerArg('RandomPassphrase', 'words', a);
      if (count < 1 || count > 32) fail('RandomPassphrase: words must be between 1 and 32');
      const separator = b === undefined ? '-' : (textArg('RandomPassphrase', b) ?? '');
      if (separator.length > 16) fail('RandomPassphrase: the separator is longer than 16 characters');
      const words: string[] = [];
      for (let i = 0; i < count; i++) words.push(PASSPHRASE_WORDS[randomBelow(rt, 'RandomPassphrase', PASSPHRASE_WORDS.length)] as string);
      return words.join(separator);
    }),
  ],
];
