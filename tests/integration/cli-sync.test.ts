import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MetaverseObjectDetail, PendingExport, SyncRule } from '../../src/shared/model';
import { makeTempDir, writeCsv } from '../support/temp';

// The configuration-as-code and metaverse commands of the CLI, through the built bundle: the
// whole lab is created by `config apply`, then imported and synchronised by `run`.

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir = '';

function cli(db: string, ...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [CLI, '--db', db, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    cwd: dir,
    env: { ...process.env, JUNCTION_DB: join(dir, 'wrong-default.sqlite') },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(result: CliResult): CliResult {
  expect(result.code, result.stderr).toBe(0);
  return result;
}

function json<T>(result: CliResult): T {
  ok(result);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as T;
}

function labDocument(hrFile: string, directoryFile: string): string {
  return `# The lab of docs/configuration.md
version: 1
metaverse:
  objectTypes:
    - name: person
      deletionRule: whenAuthoritativeSourceDisconnected
      deletionTriggerSystems: [HR]
  attributes:
    - {name: displayName, type: text, boundTo: [group, person]}
    - {name: employeeId, type: text, boundTo: [person]}
    - {name: department, type: text, boundTo: [person]}
    - {name: email, type: text, boundTo: [person]}
connectedSystems:
  - name: HR
    description: Nightly HR extract
    connector: file
    settings: {filePath: ${JSON.stringify(hrFile)}, objectType: person, externalIdColumn: employeeId}
    schema:
      objectTypes:
        - name: person
          attributes:
            - {name: employeeId, type: text, externalId: true}
            - {name: firstName, type: text}
            - {name: lastName, type: text}
            - {name: department, type: text}
    runProfiles:
      - {name: Full import, runType: fullImport}
      - {name: Full sync, runType: fullSync}
  - name: Directory
    connector: file
    settings: {filePath: ${JSON.stringify(directoryFile)}, objectType: user, externalIdColumn: id, mode: bidirectional}
    schema:
      objectTypes:
        - name: user
          attributes:
            - {name: id, type: text, externalId: true}
            - {name: displayName, type: text}
            - {name: mail, type: text}
            - {name: department, type: text}
    runProfiles:
      - {name: Export, runType: export}
      - {name: Full import, runType: fullImport}
syncRules:
  - name: HR inbound
    system: HR
    csObjectType: person
    mvObjectType: person
    direction: inbound
    projectToMetaverse: true
    matching:
      - {sources: [employeeId], target: employeeId}
    flows:
      - {target: employeeId, source: {kind: attribute, attribute: employeeId}}
      - {target: department, source: {kind: attribute, attribute: department}}
      - target: displayName
        source: {kind: expression, expression: 'cs["firstName"] + " " + cs["lastName"]'}
      - target: email
        source: {kind: expression, expression: 'Lower(cs["firstName"] + "." + cs["lastName"]) + "@corp.example"'}
  - name: Directory inbound
    system: Directory
    csObjectType: user
    mvObjectType: person
    direction: inbound
    matching:
      - {sources: [id], target: employeeId}
    flows:
      - {target: displayName, source: {kind: attribute, attribute: displayName}}
  - name: Directory outbound
    system: Directory
    csObjectType: user
    mvObjectType: person
    direction: outbound
    provisionToSystem: true
    deprovisionAction: delete
    flows:
      - {target: id, source: {kind: attribute, attribute: employeeId}}
      - {target: displayName, source: {kind: attribute, attribute: displayName}}
      - {target: mail, source: {kind: attribute, attribute: email}}
      - {target: department, source: {kind: attribute, attribute: department}}
attributePriorities:
  - {mvObjectType: person, attribute: displayName, order: [HR inbound, Directory inbound]}
`;
}

let db = '';
let configFile = '';

beforeEach(() => {
  dir = makeTempDir();
  db = join(dir, 'lab.sqlite');
  const hrFile = writeCsv(
    dir,
    'hr.csv',
    'employeeId,firstName,lastName,department\nE1,Ada,Lovelace,Engineering\nE2,Alan,Turing,Engineering\nE3,Grace,Hopper,Navy\n',
  );
  const directoryFile = writeCsv(dir, 'directory.csv', 'id,displayName,mail,department\n');
  configFile = join(dir, 'lab.yaml');
  writeFileSync(configFile, labDocument(hrFile, directoryFile));
});

describe('junction config', () => {
  it('applies a hand-written document, exports it, and the export applies to a new database unchanged', () => {
    const applied = ok(cli(db, 'config', 'apply', configFile));
    expect(applied.stdout).toContain('connected system HR: created\n');
    expect(applied.stdout).toContain('sync rule Directory outbound: created\n');
    expect(applied.stdout).toMatch(/Applied \d+ changes\n$/);
    expect(ok(cli(db, 'config', 'apply', configFile)).stdout).toBe('No changes: the database already matches the document\n');

    const exportedJson = join(dir, 'export.json');
    const exported = ok(cli(db, 'config', 'export', exportedJson));
    expect(exported.stdout).toBe(`Exported the configuration to ${exportedJson} (json)\n`);
    const text = readFileSync(exportedJson, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ version: 1, syncRules: [{ name: 'Directory inbound' }, { name: 'Directory outbound' }, { name: 'HR inbound' }] });

    const copy = join(dir, 'copy.sqlite');
    const dry = json<{ dryRun: boolean; changes: string[] }>(cli(copy, 'config', 'apply', exportedJson, '--dry-run', '--json'));
    expect(dry.dryRun).toBe(true);
    expect(dry.changes).toContain('sync rule HR inbound: created');
    expect(ok(cli(copy, 'config', 'export', '--format', 'json')).stdout).not.toContain('HR inbound');
    ok(cli(copy, 'config', 'apply', exportedJson));
    expect(ok(cli(copy, 'config', 'export', '--format', 'json')).stdout).toBe(text);
    // YAML on stdout by default; the same configuration.
    expect(ok(cli(copy, 'config', 'export')).stdout).toBe(ok(cli(db, 'config', 'export')).stdout);
    expect(ok(cli(copy, 'config', 'export')).stdout).toMatch(/^# Junction configuration/);
  });

  it('an invalid document exits 64, prints every problem with its path, and changes nothing', () => {
    ok(cli(db, 'config', 'apply', configFile));
    const before = ok(cli(db, 'config', 'export')).stdout;
    const bad = readFileSync(configFile, 'utf8')
      .replace('{name: Full sync, runType: fullSync}', '{name: Full sync, runType: export}')
      .replace('system: Directory\n    csObjectType: user\n    mvObjectType: person\n    direction: inbound', 'system: LDAP\n    csObjectType: user\n    mvObjectType: person\n    direction: inbound')
      .replace("Lower(cs[\"firstName\"]", "Lower(cs[\"firstName\"");
    const badFile = join(dir, 'bad.yaml');
    writeFileSync(badFile, bad);
    const result = cli(db, 'config', 'apply', badFile);
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`junction: ${badFile} has 3 problems; nothing was changed`);
    expect(lines.slice(1).map((l) => l.trim().split(':')[0]).sort()).toEqual([
      'connectedSystems[0].runProfiles[1].runType',
      'syncRules[0].flows[3].source.expression',
      'syncRules[1].system',
    ]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(ok(cli(db, 'config', 'export')).stdout).toBe(before);
  });

  it.each([
    ['a missing FILE argument', ['config', 'apply']],
    ['a file that does not exist', ['config', 'apply', 'nope.yaml']],
    ['an unknown export format', ['config', 'export', '--format', 'xml']],
    ['mv search without --type', ['mv', 'search']],
    ['a malformed --where', ['mv', 'search', '--type', 'person', '--where', 'department']],
    ['an unknown metaverse type', ['mv', 'search', '--type', 'robot']],
    ['an unknown system', ['pending-exports', 'list', 'Nope']],
  ])('%s is a usage error: exit 64, one line on stderr', (_, args) => {
    const result = cli(db, ...args);
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1);
  });
});

describe('junction mv and pending-exports', () => {
  it('after an import and a full sync, finds people by attribute and lists the staged exports', () => {
    ok(cli(db, 'config', 'apply', configFile));
    expect(json<{ status: string }>(cli(db, 'run', 'HR', 'Full import', '--wait', '--json')).status).toBe('complete');
    const sync = json<{ status: string; counters: Record<string, number> }>(cli(db, 'run', 'HR', 'Full sync', '--wait', '--json'));
    expect(sync.status, JSON.stringify(sync)).toBe('complete');
    expect(sync.counters).toMatchObject({ projected: 3, provisioned: 3 });

    const engineers = json<{ id: number; objectType: string; displayName: string; attributes: Record<string, unknown> }[]>(
      cli(db, 'mv', 'search', '--type', 'person', '--where', 'department=Engineering', '--json'),
    );
    expect(engineers.map((p) => p.displayName)).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(engineers[0]).toEqual({
      id: expect.any(Number),
      objectType: 'person',
      displayName: 'Ada Lovelace',
      attributes: { employeeId: 'E1', department: 'Engineering', displayName: 'Ada Lovelace', email: 'ada.lovelace@corp.example' },
    });
    const both = json<unknown[]>(
      cli(db, 'mv', 'search', '--type', 'person', '--where', 'department=engineering', '--where', 'employeeId=E2', '--json'),
    );
    expect(both).toHaveLength(1);
    expect(json<unknown[]>(cli(db, 'mv', 'search', '--type', 'group', '--json'))).toEqual([]);
    expect(ok(cli(db, 'mv', 'search', '--type', 'person', '--text', 'hopper')).stdout).toMatch(/Grace Hopper/);

    const detail = json<MetaverseObjectDetail>(cli(db, 'mv', 'show', String(engineers[0]?.id), '--json'));
    expect(detail.lineage.map((l) => [l.systemName, l.externalId])).toEqual(
      expect.arrayContaining([['HR', 'E1']]),
    );
    expect(detail.contributions.email).toMatchObject({ systemName: 'HR', syncRuleName: 'HR inbound' });

    const pending = json<PendingExport[]>(cli(db, 'pending-exports', 'list', 'Directory', '--json'));
    expect(pending).toHaveLength(3);
    expect(pending.map((p) => [p.externalId, p.changeType, p.status])).toEqual([
      ['E1', 'create', 'pending'],
      ['E2', 'create', 'pending'],
      ['E3', 'create', 'pending'],
    ]);
    expect(pending[0]?.changes.find((c) => c.attribute === 'mail')?.values).toEqual(['ada.lovelace@corp.example']);
    expect(json<PendingExport[]>(cli(db, 'pending-exports', 'list', 'Directory', '--status', 'failed', '--json'))).toEqual([]);
    expect(json<PendingExport[]>(cli(db, 'pending-exports', 'list', 'HR', '--json'))).toEqual([]);

    const rules = json<SyncRule[]>(cli(db, 'sync-rules', 'list', '--system', 'Directory', '--json'));
    expect(rules.map((r) => [r.name, r.direction])).toEqual([
      ['Directory inbound', 'inbound'],
      ['Directory outbound', 'outbound'],
    ]);
    expect(ok(cli(db, 'sync-rules', 'list')).stdout).toMatch(/HR inbound/);
  });
});
