import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, writeCsv } from '../support/temp';

// The CLI's schema override and refresh: a change that would alter stored values says how many and
// changes nothing unless --force is given (issue #9).

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
let dbPath = '';
let file = '';

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, '--db', dbPath, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(...args: string[]): string {
  const result = cli(...args);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

const badgeType = (): string => {
  const shown = JSON.parse(ok('systems', 'show', 'HR', '--json')) as { objectTypes: { attributes: { name: string; type: string }[] }[] };
  return shown.objectTypes[0]?.attributes.find((a) => a.name === 'badge')?.type ?? '';
};

beforeEach(() => {
  const dir = makeTempDir();
  dbPath = join(dir, 'cli.sqlite');
  file = writeCsv(dir, 'hr.csv', 'id,badge\n1,0011\n2,11\n3,0400\n');
  ok('systems', 'create', 'HR', '--connector', 'file', '--file', file, '--external-id', 'id', '--object-type', 'person');
  ok('run-profiles', 'create', 'HR', 'Full', '--type', 'full-import');
  ok('run', 'HR', 'Full', '--wait');
});

describe('junction systems set-type / refresh-schema / update', () => {
  it('set-type refuses to change stored values without --force, saying how many', () => {
    expect(badgeType()).toBe('text');
    const refused = cli('systems', 'set-type', 'HR', 'badge', '--type', 'integer');
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('2 stored values would change (e.g. 0011 → 11)');
    expect(refused.stderr).toContain('--force');
    expect(badgeType()).toBe('text');

    const forced = ok('systems', 'set-type', 'HR', 'badge', '--type', 'integer', '--force');
    expect(forced).toContain('2 stored values would change (e.g. 0011 → 11)');
    expect(badgeType()).toBe('integer');
  });

  it('update to a file whose schema would retype stored values needs --force, saying how many', () => {
    const plainNumbers = writeCsv(makeTempDir(), 'hr-next.csv', 'id,badge\n1,5\n2,11\n3,400\n');
    const refused = cli('systems', 'update', 'HR', '--file', plainNumbers);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('2 stored values would change (e.g. 0011 → 11)');
    expect(badgeType()).toBe('text');

    expect(ok('systems', 'update', 'HR', '--file', plainNumbers, '--force')).toContain('2 stored values would change');
    expect(badgeType()).toBe('integer');
  });

  it('set-type that changes no stored value needs no --force; refresh-schema keeps the admin\'s type', () => {
    ok('systems', 'set-type', 'HR', 'id', '--type', 'integer');
    expect(ok('systems', 'refresh-schema', 'HR')).toContain('Refreshed the schema of "HR"');
    const shown = JSON.parse(ok('systems', 'show', 'HR', '--json')) as { objectTypes: { attributes: { name: string; type: string }[] }[] };
    expect(shown.objectTypes[0]?.attributes.find((a) => a.name === 'id')?.type).toBe('integer');
  });
});
