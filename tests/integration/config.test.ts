import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ApiError } from '../../src/shared/contract';
import { configJsonSchema } from '../../src/main/config/json-schema';
import { configChangedAt } from '../../src/main/store';
import { createRunProfile, openTestEnv, type TestEnv } from '../support/engine';
import { makeTempDir, writeCsv } from '../support/temp';

const SCHEMA_FILE = resolve(import.meta.dirname, '../../docs/config.schema.json');
const GUIDE_FILE = resolve(import.meta.dirname, '../../docs/configuration.md');

/** The lab: HR (import) → metaverse → Directory (bidirectional), built through the handlers. */
async function buildConfiguration(env: TestEnv, dir: string): Promise<void> {
  const hrFile = writeCsv(dir, 'hr.csv', 'employeeId,givenName,sn,department,costCentre,badges\nE1,Ada,Lovelace,Engineering,100,a|b\n');
  const directoryFile = writeCsv(dir, 'directory.csv', 'id;displayName;mail;department\n');
  const hr = await env.call('systems.create', {
    name: 'HR',
    description: 'The HR extract',
    connectorType: 'file',
    settings: { filePath: hrFile, objectType: 'person', externalIdColumn: 'employeeId' },
  });
  const directory = await env.call('systems.create', {
    name: 'Directory',
    connectorType: 'file',
    settings: { filePath: directoryFile, delimiter: ';', objectType: 'user', externalIdColumn: 'id', mode: 'bidirectional' },
  });
  // Admin overrides that a schema refresh keeps: a type override and a deselected column.
  const hrType = hr.objectTypes[0];
  const costCentre = hrType?.attributes.find((a) => a.name === 'costCentre');
  const badges = hrType?.attributes.find((a) => a.name === 'badges');
  if (!costCentre || !badges) throw new Error('HR schema not discovered');
  await env.call('systems.updateAttribute', { systemId: hr.id, attributeId: costCentre.id, type: 'text' });
  await env.call('systems.updateAttribute', { systemId: hr.id, attributeId: badges.id, selected: false });

  await env.call('metaverse.createObjectType', { name: 'device' });
  const schema = await env.call('metaverse.schema', {});
  const person = schema.objectTypes.find((t) => t.name === 'person');
  const device = schema.objectTypes.find((t) => t.name === 'device');
  if (!person || !device) throw new Error('no person/device type');
  for (const [name, type] of [
    ['employeeId', 'text'],
    ['givenName', 'text'],
    ['department', 'text'],
    ['email', 'text'],
  ] as const) {
    await env.call('metaverse.createAttribute', { name, type, boundTypeIds: [person.id] });
  }
  await env.call('metaverse.createAttribute', { name: 'owner', type: 'reference', boundTypeIds: [device.id] });
  await env.call('metaverse.createAttribute', { name: 'tags', type: 'text', multiValued: true, boundTypeIds: [device.id, person.id] });
  await env.call('metaverse.updateObjectType', {
    id: person.id,
    deletionRule: 'whenAuthoritativeSourceDisconnected',
    deletionGraceSeconds: 3600,
    deletionTriggerSystemIds: [hr.id],
  });

  const hrIn = await env.call('syncRules.create', {
    name: 'HR inbound',
    description: 'People from HR',
    connectedSystemId: hr.id,
    csObjectType: 'person',
    mvObjectType: 'person',
    direction: 'inbound',
    projectToMetaverse: true,
    scoping: [{ match: 'all', criteria: [{ attribute: 'department', operator: 'isPresent' }], groups: [] }],
    matching: [{ sources: ['employeeId'], target: 'employeeId' }],
    flows: [
      { target: 'employeeId', source: { kind: 'attribute', attribute: 'employeeId' } },
      { target: 'givenName', source: { kind: 'attribute', attribute: 'givenName' } },
      { target: 'department', source: { kind: 'attribute', attribute: 'department' } },
      { target: 'displayName', source: { kind: 'expression', expression: 'cs["givenName"] + " " + cs["sn"]' } },
      {
        target: 'email',
        source: { kind: 'expression', expression: 'Lower(cs["givenName"] + "." + cs["sn"]) + "@corp.example"', missingInput: 'contributeNoValue' },
      },
    ],
  });
  const dirIn = await env.call('syncRules.create', {
    name: 'Directory inbound',
    connectedSystemId: directory.id,
    csObjectType: 'user',
    mvObjectType: 'person',
    direction: 'inbound',
    matching: [{ sources: ['id'], target: 'employeeId', caseSensitive: false }],
    flows: [{ target: 'displayName', source: { kind: 'attribute', attribute: 'displayName' }, nullIsValue: true }],
  });
  await env.call('syncRules.create', {
    name: 'Directory outbound',
    connectedSystemId: directory.id,
    csObjectType: 'user',
    mvObjectType: 'person',
    direction: 'outbound',
    provisionToSystem: true,
    deprovisionAction: 'delete',
    flows: [
      { target: 'id', source: { kind: 'attribute', attribute: 'employeeId' } },
      { target: 'displayName', source: { kind: 'attribute', attribute: 'displayName' } },
      { target: 'mail', source: { kind: 'attribute', attribute: 'email' } },
      // Not a column yet: the rule adds it to the target's schema.
      { target: 'title', source: { kind: 'constant', value: 'Staff' }, initialExportOnly: true },
    ],
  });
  await env.call('syncRules.setPriority', { mvObjectType: 'person', attribute: 'displayName', syncRuleIds: [dirIn.id, hrIn.id] });

  await createRunProfile(env, hr.id, { name: 'Full import', runType: 'fullImport', batchSize: 500 });
  await createRunProfile(env, hr.id, { name: 'Full sync', runType: 'fullSync' });
  await createRunProfile(env, directory.id, { name: 'Export', runType: 'export', filePath: join(dir, 'out.csv') });
  await createRunProfile(env, directory.id, { name: 'Confirming import', runType: 'fullImport' });
}

async function exported(env: TestEnv, format: 'json' | 'yaml' = 'yaml'): Promise<string> {
  return (await env.call('config.export', { format })).text;
}

async function applyError(env: TestEnv, text: string): Promise<ApiError> {
  const error = await env.call('config.apply', { text, dryRun: false }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('configuration as code', () => {
  it('exports the whole configuration by name, and export → apply on an empty database → export is byte-identical', async () => {
    const dir = makeTempDir();
    const source = openTestEnv(dir);
    await buildConfiguration(source, dir);
    const yaml = await exported(source, 'yaml');
    const json = await exported(source, 'json');
    expect(parseYaml(yaml)).toEqual(JSON.parse(json));
    expect(await exported(source, 'yaml')).toBe(yaml);

    const document = JSON.parse(json) as Record<string, unknown>;
    expect(document).toMatchObject({
      version: 1,
      metaverse: {
        objectTypes: [
          { name: 'device', deletionRule: 'whenLastConnectorDisconnected', deletionGraceSeconds: 0, deletionTriggerSystems: [] },
          { name: 'group' },
          { name: 'person', deletionRule: 'whenAuthoritativeSourceDisconnected', deletionGraceSeconds: 3600, deletionTriggerSystems: ['HR'] },
        ],
      },
      connectedSystems: [
        {
          name: 'Directory',
          connector: 'file',
          settings: { delimiter: ';', objectType: 'user', externalIdColumn: 'id', mode: 'bidirectional' },
          runProfiles: [
            { name: 'Confirming import', runType: 'fullImport' },
            { name: 'Export', runType: 'export', batchSize: 1000 },
          ],
        },
        { name: 'HR', description: 'The HR extract' },
      ],
      syncRules: [
        { name: 'Directory inbound', system: 'Directory' },
        { name: 'Directory outbound', system: 'Directory', provisionToSystem: true },
        { name: 'HR inbound', system: 'HR', projectToMetaverse: true },
      ],
      attributePriorities: [{ mvObjectType: 'person', attribute: 'displayName', order: ['Directory inbound', 'HR inbound'] }],
    });
    // Names, never ids; the schema travels with the system; built-ins are exported too.
    expect(json).not.toMatch(/"(id|connectedSystemId|syncRuleIds|mvObjectTypeId)"\s*:/);
    expect(yaml).toContain('displayName');
    const hrAttributes = (document.connectedSystems as { name: string; schema: { objectTypes: { attributes: unknown[] }[] } }[])[1]
      ?.schema.objectTypes[0]?.attributes;
    expect(hrAttributes).toEqual([
      { name: 'employeeId', type: 'text', multiValued: false, externalId: true, selected: true, typeSetByAdmin: false },
      { name: 'givenName', type: 'text', multiValued: false, externalId: false, selected: true, typeSetByAdmin: false },
      { name: 'sn', type: 'text', multiValued: false, externalId: false, selected: true, typeSetByAdmin: false },
      { name: 'department', type: 'text', multiValued: false, externalId: false, selected: true, typeSetByAdmin: false },
      { name: 'costCentre', type: 'text', multiValued: false, externalId: false, selected: true, typeSetByAdmin: true },
      { name: 'badges', type: 'text', multiValued: true, externalId: false, selected: false, typeSetByAdmin: false },
    ]);

    // A fresh database on a machine without the CSV files: apply never reads them.
    const target = openTestEnv(makeTempDir());
    const { changes } = await target.call('config.apply', { text: yaml, dryRun: false });
    expect(changes).toContain('metaverse attribute employeeId: created');
    expect(changes).toContain('connected system HR: created');
    expect(changes).toContain('run profile Directory/Export: created');
    expect(changes).toContain('sync rule HR inbound: created');
    expect(changes).toContain('attribute priority person.displayName: set');
    expect(changes).toContain('metaverse object type person: deletion rule updated');
    expect(changes).not.toContain('metaverse object type person: created');
    expect(await exported(target, 'yaml')).toBe(yaml);
    expect(await exported(target, 'json')).toBe(json);

    // JSON applies the same way.
    const third = openTestEnv(makeTempDir());
    await third.call('config.apply', { text: json, dryRun: false });
    expect(await exported(third, 'json')).toBe(json);
  });

  it('applying the same document twice reports no changes and leaves the configuration timestamp alone', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    await buildConfiguration(env, dir);
    const text = await exported(env);
    const before = configChangedAt(env.db);
    expect((await env.call('config.apply', { text, dryRun: false })).changes).toEqual([]);
    expect((await env.call('config.apply', { text, dryRun: false })).changes).toEqual([]);
    expect(configChangedAt(env.db)).toBe(before);
    expect(await exported(env)).toBe(text);
  });

  it('updates objects matched by name and leaves objects the document does not mention alone', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    await buildConfiguration(env, dir);
    const document = parseYaml(await exported(env)) as {
      connectedSystems: { name: string; settings: { filePath: string }; runProfiles: { name: string; batchSize: number }[] }[];
      syncRules: { name: string; description: string; enabled: boolean }[];
      metaverse: { attributes: { name: string }[] };
    };
    const hr = document.connectedSystems.find((s) => s.name === 'HR');
    if (!hr || !hr.runProfiles[0] || !document.syncRules[2]) throw new Error('unexpected export');
    hr.settings.filePath = '/elsewhere/hr.csv';
    hr.runProfiles[0].batchSize = 10;
    hr.runProfiles.splice(1, 1); // "Full sync" left out: kept, not deleted
    document.syncRules[2].enabled = false;
    document.syncRules.splice(0, 1); // "Directory inbound" left out: kept
    document.metaverse.attributes = document.metaverse.attributes.filter((a) => a.name !== 'tags');
    const { changes } = await env.call('config.apply', { text: stringifyYaml(document), dryRun: false });
    expect(changes).toEqual(['connected system HR: settings updated', 'run profile HR/Full import: updated', 'sync rule HR inbound: updated']);
    const after = parseYaml(await exported(env)) as typeof document;
    expect(after.syncRules.map((r) => r.name)).toEqual(['Directory inbound', 'Directory outbound', 'HR inbound']);
    expect(after.connectedSystems.find((s) => s.name === 'HR')?.runProfiles.map((p) => [p.name, p.batchSize])).toEqual([
      ['Full import', 10],
      ['Full sync', 1000],
    ]);
    expect(after.metaverse.attributes.map((a) => a.name)).toContain('tags');
  });

  it('reports every problem with its path in the document and changes nothing', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    await buildConfiguration(env, dir);
    const good = await exported(env);
    const before = configChangedAt(env.db);
    const document = parseYaml(good) as {
      connectedSystems: { name: string; description: string; runProfiles: { name: string; runType: string }[] }[];
      syncRules: { name: string; system: string; flows: { target: string; source: { kind: string; expression?: string; attribute?: string } }[] }[];
      metaverse: { attributes: { name: string; type: string; multiValued: boolean; boundTo: string[] }[] };
    };
    const [dirIn, dirOut, hrIn] = document.syncRules;
    const hr = document.connectedSystems[1];
    if (!dirIn || !dirOut || !hrIn || !hr?.runProfiles[0] || !hrIn.flows[3]) throw new Error('unexpected export');
    // Valid changes that must not survive the failed apply.
    document.metaverse.attributes.push({ name: 'costCentre', type: 'text', multiValued: false, boundTo: ['person'] });
    hr.description = 'changed';
    // The problems.
    dirIn.system = 'Nope';
    hrIn.flows[3].source.expression = 'Lower(cs["givenName"]';
    dirOut.flows.push({ target: 'phone', source: { kind: 'attribute', attribute: 'telephoneNumber' } });
    hrIn.flows.push({ target: 'noSuchMvAttribute', source: { kind: 'attribute', attribute: 'sn' } });
    hr.runProfiles[0].runType = 'fullSync';

    const error = await applyError(env, stringifyYaml(document));
    expect(error.code).toBe('validation');
    const fields = error.fields ?? {};
    expect(Object.keys(fields).sort()).toEqual(
      [
        'connectedSystems[1].runProfiles[0].runType',
        'syncRules[0].system',
        'syncRules[1].flows[4].source.attribute',
        'syncRules[2].flows[3].source.expression',
        'syncRules[2].flows[5].target',
      ].sort(),
    );
    expect(fields['syncRules[0].system']).toMatch(/no connected system named "Nope" \(line \d+\)/);
    expect(fields['connectedSystems[1].runProfiles[0].runType']).toMatch(/cannot change \(it is fullImport\)/);
    expect(fields['syncRules[2].flows[5].target']).toMatch(/noSuchMvAttribute is not an attribute bound to metaverse person/);
    expect(error.message).toMatch(/^5 problems: /);

    // Nothing changed, not even the valid parts of the document.
    expect(await exported(env)).toBe(good);
    expect(configChangedAt(env.db)).toBe(before);
  });

  it('reports a YAML syntax error with its line and column, and schema errors with their paths', async () => {
    const env = openTestEnv(makeTempDir());
    const empty = await exported(env);
    const syntax = await applyError(env, 'version: 1\nsyncRules: [\n  {name: x\nmetaverse: {}\n');
    const [key] = Object.keys(syntax.fields ?? {});
    expect(key).toMatch(/^\(syntax\) line \d+, column \d+$/);

    const shape = await applyError(
      env,
      [
        'version: 2',
        'connectedSystems:',
        '  - name: HR',
        '    connector: ldap',
        '    settings: {filePath: /x.csv, externalIdColumn: id}',
        '    schema: {objectTypes: []}',
        '    colour: blue',
        'syncRules:',
        '  - {name: r, system: HR, csObjectType: person, mvObjectType: person, direction: sideways}',
      ].join('\n'),
    );
    const fields = shape.fields ?? {};
    expect(Object.keys(fields)).toEqual(
      expect.arrayContaining([
        'version',
        'connectedSystems[0].connector',
        'connectedSystems[0].settings.objectType',
        'connectedSystems[0].colour',
        'syncRules[0].direction',
      ]),
    );
    expect(fields['connectedSystems[0].colour']).toBe('Unknown property (line 7)');
    expect(fields['version']).toMatch(/\(line 1\)$/);

    const duplicates = await applyError(
      env,
      [
        'version: 1',
        'metaverse:',
        '  attributes:',
        '    - {name: email, type: text}',
        '    - {name: Email, type: text}',
        'connectedSystems:',
        '  - name: HR',
        '    connector: file',
        '    settings: {filePath: /x.csv, objectType: person, externalIdColumn: id}',
        '    schema:',
        '      objectTypes:',
        '        - name: person',
        '          attributes: [{name: id, type: text}, {name: tags, type: text, multiValued: true}]',
      ].join('\n'),
    );
    expect(duplicates.fields).toMatchObject({
      'metaverse.attributes[1].name': expect.stringContaining('listed twice (also at metaverse.attributes[0].name)'),
      'connectedSystems[0].schema.objectTypes[0].attributes': expect.stringContaining('Exactly one attribute must be the external ID'),
    });
    expect(await exported(env)).toBe(empty);
  });

  it('a dry run reports the changes it would make and changes nothing', async () => {
    const dir = makeTempDir();
    const source = openTestEnv(dir);
    await buildConfiguration(source, dir);
    const text = await exported(source);

    const target = openTestEnv(makeTempDir());
    const empty = await exported(target);
    const dry = await target.call('config.apply', { text, dryRun: true });
    const real = await target.call('config.apply', { text, dryRun: false });
    expect(dry.changes.length).toBeGreaterThan(10);
    expect(real.changes).toEqual(dry.changes);

    const third = openTestEnv(makeTempDir());
    const before = configChangedAt(third.db);
    await third.call('config.apply', { text, dryRun: true });
    expect(await exported(third)).toBe(empty);
    expect(configChangedAt(third.db)).toBe(before);
    // A dry run of an invalid document reports its problems like a real one.
    const bad = text.replace('system: HR', 'system: Nowhere');
    const error = await third.call('config.apply', { text: bad, dryRun: true }).then(
      () => null,
      (e: unknown) => e as ApiError,
    );
    expect(error?.fields?.['syncRules[2].system']).toMatch(/Nowhere/);
  });

  it('the complete example of docs/configuration.md applies to an empty database, and its export round-trips', async () => {
    const example = /```yaml\n(version: 1\n[\s\S]*?)```/.exec(readFileSync(GUIDE_FILE, 'utf8'))?.[1];
    if (!example) throw new Error('docs/configuration.md has no complete example');
    const env = openTestEnv(makeTempDir());
    const { changes } = await env.call('config.apply', { text: example, dryRun: false });
    expect(changes).toContain('connected system Directory: schema attribute title added (written by sync rule Directory outbound)');
    expect(changes).toContain('attribute priority person.displayName: set');
    expect((await env.call('config.apply', { text: example, dryRun: false })).changes).toEqual([]);
    const text = await exported(env);
    const copy = openTestEnv(makeTempDir());
    await copy.call('config.apply', { text, dryRun: false });
    expect(await exported(copy)).toBe(text);
  });

  it('docs/config.schema.json is the JSON Schema generated from the document schema', () => {
    const generated = configJsonSchema();
    if (process.env.UPDATE_CONFIG_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    const committed = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
    expect(
      committed === generated,
      'docs/config.schema.json is out of date: regenerate it with `UPDATE_CONFIG_SCHEMA=1 npx vitest run tests/integration/config.test.ts`',
    ).toBe(true);
    const schema = JSON.parse(generated) as { properties: Record<string, unknown>; $defs: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(['version', 'metaverse', 'connectedSystems', 'syncRules', 'attributePriorities', 'schedules']);
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['SyncRule', 'ConnectedSystem', 'ScopeGroup', 'Schedule', 'ScheduleStep']));
  });
});
