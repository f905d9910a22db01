import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// README, package.json `engines` and every installed package must agree on the oldest Node.js
// Junction supports: a dependency that needs a newer one makes `npm install` print EBADENGINE on
// exactly the machines the README says are fine.

const root = resolve(import.meta.dirname, '..', '..');

/** The part of semver this test uses (the package ships no types). */
interface Semver {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
  validRange(range: string): string | null;
  coerce(version: string): { version: string } | null;
}
const semver = createRequire(import.meta.url)('semver') as Semver;

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}
interface Lockfile {
  packages: Record<string, LockEntry>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(resolve(root, path), 'utf8')) as T;
}

/** The oldest Node.js version a range admits, e.g. ">=20.19" -> "20.19.0". */
function minimumOf(range: string): string {
  const minimum = semver.minVersion(range);
  if (!minimum) throw new Error(`"${range}" admits no Node.js version`);
  return minimum.version;
}

/** The version in README's "You need Node.js X or newer", as a full semver version. */
function readmeNodeVersion(readme: string): string | null {
  const stated = /Node\.js (\d+(?:\.\d+){0,2}) or newer/.exec(readme)?.[1];
  return stated ? (semver.coerce(stated)?.version ?? null) : null;
}

/** Lockfile packages whose engines.node range leaves out `minimum`, as "path (range)". */
function packagesExcluding(lock: Lockfile, minimum: string): string[] {
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    // Old packages wrote engines as an array; npm ignores that form.
    const range = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
    if (range === undefined) return [];
    if (semver.validRange(range) === null) return [`${path || '(root)'} (unparseable "${range}")`];
    return semver.satisfies(minimum, range) ? [] : [`${path || '(root)'} (${range})`];
  });
}

describe('the supported Node.js version', () => {
  const enginesNode = readJson<{ engines?: { node?: string } }>('package.json').engines?.node;
  const minimum = minimumOf(enginesNode ?? '');

  it("README states package.json's engines.node minimum", () => {
    expect(readmeNodeVersion(readFileSync(resolve(root, 'README.md'), 'utf8'))).toBe(minimum);
  });

  it('no package in package-lock.json requires a newer Node.js than that minimum', () => {
    expect(packagesExcluding(readJson<Lockfile>('package-lock.json'), minimum)).toEqual([]);
  });

  it('the lockfile check catches a dependency that needs a newer Node.js (electron 45)', () => {
    const lock: Lockfile = {
      packages: {
        '': { engines: { node: '>=20.19' } },
        'node_modules/electron': { version: '45.0.0', engines: { node: '>= 22.12.0' } },
        'node_modules/ancient': { engines: ['node >= 0.4'] },
        'node_modules/plain': { version: '1.0.0' },
      },
    };
    expect(packagesExcluding(lock, '20.19.0')).toEqual(['node_modules/electron (>= 22.12.0)']);
    expect(packagesExcluding(lock, '22.12.0')).toEqual([]);
  });

  it('reads the version README states, to the patch', () => {
    expect(readmeNodeVersion('You need Node.js 20.19 or newer (with npm).')).toBe('20.19.0');
    expect(readmeNodeVersion('You need Node.js 22 or newer.')).toBe('22.0.0');
    expect(readmeNodeVersion('Any Node.js will do.')).toBeNull();
    expect(minimumOf('>=20.19')).toBe('20.19.0');
  });
});
