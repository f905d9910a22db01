import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ApiError } from '../../shared/contract/errors';
import type { LabCreateResult, LabNextDayResult, LabStatus } from '../../shared/contract/lab';
import { applyConfig } from '../config/apply-config';
import type { ConfigDocumentInput } from '../config/document';
import { findScheduleByName, findSystemByName, type WriteDb } from '../store';
import {
  CHANGE_TYPE_COLUMN,
  FILES,
  HR_COLUMNS,
  generateDataset,
  generateNextDay,
  readManifest,
  type LabSize,
} from './generate';

// The demo lab (docs/demo-lab.md): generated files in a lab folder plus a whole configuration
// (systems, metaverse schema, sync rules, run profiles, a "Nightly cycle" schedule) applied
// through the configuration-as-code path.

export const LAB_SYSTEMS = { hr: 'HR', directory: 'Directory', training: 'Training' } as const;
export const LAB_SCHEDULE = 'Nightly cycle';
export const LAB_DEFAULT_SEED = 42;
export const DIRECTORY_FILE = 'directory.csv';

export const DIRECTORY_COLUMNS = [
  'employeeId',
  'accountName',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'department',
  'title',
  'company',
  'manager',
  'employeeType',
] as const;

/** The lab folder of a database: `lab` beside it (in the user-data folder for the app's own). */
export function defaultLabDir(databasePath: string): string {
  return join(dirname(resolve(databasePath)), 'lab');
}

const text = (name: string, extra: { externalId?: boolean; multiValued?: boolean } = {}) => ({
  name,
  type: 'text' as const,
  ...extra,
});
const attr = (attribute: string) => ({ kind: 'attribute' as const, attribute });
const expr = (expression: string) => ({ kind: 'expression' as const, expression, missingInput: 'contributeNoValue' as const });

/** The lab's whole configuration as a configuration document (docs/configuration.md). */
export function labConfig(labDir: string): ConfigDocumentInput {
  const file = (name: string) => join(labDir, name);
  const { hr, directory, training } = LAB_SYSTEMS;
  return {
    version: 1,
    metaverse: {
      objectTypes: [
        {
          name: 'person',
          deletionRule: 'whenAuthoritativeSourceDisconnected',
          deletionGraceSeconds: 0,
          deletionTriggerSystems: [hr],
        },
      ],
      attributes: [
        ...[
          'employeeId',
          'firstName',
          'lastName',
          'email',
          'accountName',
          'department',
          'title',
          'company',
          'employeeType',
          'status',
          'startDate',
          'endDate',
        ].map((name) => ({ name, type: 'text' as const, boundTo: ['person'] })),
        { name: 'manager', type: 'reference' as const, boundTo: ['person'] },
        { name: 'courses', type: 'text' as const, multiValued: true, boundTo: ['person'] },
      ],
    },
    connectedSystems: [
      {
        name: hr,
        description: 'Demo lab: the HR extract (generated people with a reporting hierarchy)',
        connector: 'file',
        settings: {
          filePath: file(FILES.hr),
          delimiter: ',',
          multiValueDelimiter: '|',
          objectType: 'person',
          externalIdColumn: 'employeeId',
          mode: 'importOnly',
          changeTypeColumn: CHANGE_TYPE_COLUMN,
        },
        schema: {
          objectTypes: [{ name: 'person', attributes: HR_COLUMNS.map((c) => text(c, { externalId: c === 'employeeId' })) }],
        },
        runProfiles: [
          { name: 'HR full import', runType: 'fullImport' },
          { name: 'HR delta import', runType: 'deltaImport', filePath: file(FILES.hrChanges) },
          { name: 'HR full sync', runType: 'fullSync' },
          { name: 'HR delta sync', runType: 'deltaSync' },
        ],
      },
      {
        name: directory,
        description: 'Demo lab: the directory people are provisioned into (bidirectional file)',
        connector: 'file',
        settings: {
          filePath: file(DIRECTORY_FILE),
          delimiter: ',',
          multiValueDelimiter: '|',
          objectType: 'user',
          externalIdColumn: 'employeeId',
          mode: 'bidirectional',
        },
        schema: {
          objectTypes: [{ name: 'user', attributes: DIRECTORY_COLUMNS.map((c) => text(c, { externalId: c === 'employeeId' })) }],
        },
        runProfiles: [
          { name: 'Directory export', runType: 'export' },
          { name: 'Directory full import', runType: 'fullImport' },
          { name: 'Directory full sync', runType: 'fullSync' },
        ],
      },
      {
        name: training,
        description: 'Demo lab: completed training courses (multi-valued)',
        connector: 'file',
        settings: {
          filePath: file(FILES.training),
          delimiter: ',',
          multiValueDelimiter: '|',
          objectType: 'trainee',
          externalIdColumn: 'employeeId',
          mode: 'importOnly',
        },
        schema: {
          objectTypes: [{ name: 'trainee', attributes: [text('employeeId', { externalId: true }), text('courses', { multiValued: true })] }],
        },
        runProfiles: [
          { name: 'Training full import', runType: 'fullImport' },
          { name: 'Training full sync', runType: 'fullSync' },
        ],
      },
    ],
    syncRules: [
      {
        name: 'HR people inbound',
        description: 'Projects every HR person into the metaverse, joined on employeeId',
        system: hr,
        csObjectType: 'person',
        mvObjectType: 'person',
        direction: 'inbound',
        projectToMetaverse: true,
        matching: [{ sources: ['employeeId'], target: 'employeeId' }],
        flows: [
          ...[
            'employeeId',
            'firstName',
            'lastName',
            'department',
            'title',
            'company',
            'employeeType',
            'status',
            'startDate',
            'endDate',
          ].map((a) => ({ target: a, source: attr(a) })),
          { target: 'manager', source: attr('managerId') },
          { target: 'displayName', source: expr('cs["firstName"] + " " + cs["lastName"]') },
          { target: 'accountName', source: expr('Lower(Left(cs["firstName"], 1) + cs["lastName"])') },
          { target: 'email', source: expr('Lower(cs["firstName"] + "." + cs["lastName"]) + "@junction.example"') },
        ],
      },
      {
        name: 'Training inbound',
        description: 'Joins training records to people by employeeId (never projects)',
        system: training,
        csObjectType: 'trainee',
        mvObjectType: 'person',
        direction: 'inbound',
        matching: [{ sources: ['employeeId'], target: 'employeeId' }],
        flows: [{ target: 'courses', source: attr('courses') }],
      },
      {
        name: 'Directory users outbound',
        description: 'Provisions active people to the directory; leavers are deleted from it',
        system: directory,
        csObjectType: 'user',
        mvObjectType: 'person',
        direction: 'outbound',
        provisionToSystem: true,
        deprovisionAction: 'delete',
        scoping: [{ match: 'all', criteria: [{ attribute: 'status', operator: 'equals', value: 'Active' }] }],
        flows: [
          { target: 'employeeId', source: attr('employeeId') },
          { target: 'accountName', source: attr('accountName') },
          { target: 'displayName', source: attr('displayName') },
          { target: 'givenName', source: attr('firstName') },
          { target: 'surname', source: attr('lastName') },
          { target: 'mail', source: attr('email') },
          { target: 'department', source: attr('department') },
          { target: 'title', source: attr('title') },
          { target: 'company', source: attr('company') },
          { target: 'manager', source: attr('manager') },
          { target: 'employeeType', source: attr('employeeType') },
        ],
      },
    ],
    schedules: [
      {
        name: LAB_SCHEDULE,
        description: 'Demo lab: import HR and Training, synchronise, export to the directory and confirm',
        enabled: true,
        trigger: { kind: 'times', daysOfWeek: [1, 2, 3, 4, 5], times: ['02:00'] },
        steps: [
          { system: hr, runProfile: 'HR full import' },
          { system: training, runProfile: 'Training full import', parallelWithPrevious: true },
          { system: hr, runProfile: 'HR full sync' },
          { system: training, runProfile: 'Training full sync' },
          { system: directory, runProfile: 'Directory export' },
          { system: directory, runProfile: 'Directory full import' },
        ],
      },
    ],
  };
}

/** Where the lab of this database is, if it has one: found through the HR system's file. */
export function labStatus(db: WriteDb, databasePath: string): LabStatus {
  const hr = findSystemByName(db, LAB_SYSTEMS.hr);
  const schedule = findScheduleByName(db, LAB_SCHEDULE);
  const labDir = hr ? dirname(hr.settings.filePath) : defaultLabDir(databasePath);
  const isLab = !!hr && existsSync(join(labDir, FILES.manifest));
  if (!isLab) return { exists: false, labDir: defaultLabDir(databasePath), scheduleId: null, size: null, day: null, asOf: null, rows: null };
  const manifest = readManifest(labDir);
  return {
    exists: true,
    labDir,
    scheduleId: schedule?.id ?? null,
    size: manifest.size,
    day: manifest.day,
    asOf: manifest.asOf,
    rows: manifest.rows,
  };
}

/**
 * Creates the demo lab: generates the files into the lab folder and applies the lab's
 * configuration. Refuses (and changes nothing) when a system or the schedule of the lab already
 * exists in the database: there is no replace; use another database (`--db`) for a second lab.
 */
export async function createLab(
  db: WriteDb,
  options: { size: LabSize; databasePath: string; dir?: string | undefined; seed?: number | undefined },
): Promise<LabCreateResult> {
  const taken = [
    ...Object.values(LAB_SYSTEMS).filter((name) => findSystemByName(db, name)).map((name) => `connected system "${name}"`),
    ...(findScheduleByName(db, LAB_SCHEDULE) ? [`schedule "${LAB_SCHEDULE}"`] : []),
  ];
  if (taken.length > 0) {
    throw new ApiError({
      code: 'conflict',
      message: `This database already has a demo lab or names it needs (${taken.join(', ')}); nothing was changed. Create the lab in a fresh database.`,
    });
  }
  const labDir = resolve(options.dir ?? defaultLabDir(options.databasePath));
  mkdirSync(labDir, { recursive: true });
  const started = Date.now();
  const { manifest } = await generateDataset({ size: options.size, seed: options.seed ?? LAB_DEFAULT_SEED, outDir: labDir });
  writeFileSync(join(labDir, DIRECTORY_FILE), `${DIRECTORY_COLUMNS.join(',')}\n`);
  const result = applyConfig(db, JSON.stringify(labConfig(labDir)), { dryRun: false });
  const schedule = findScheduleByName(db, LAB_SCHEDULE);
  if (!schedule) throw new Error('The lab schedule was not created');
  return {
    labDir,
    systems: Object.values(LAB_SYSTEMS),
    scheduleId: schedule.id,
    scheduleName: LAB_SCHEDULE,
    size: options.size,
    rows: manifest.rows,
    changes: result.changes.length,
    durationMs: Date.now() - started,
  };
}

/** "Next day": replaces the lab's HR file with the next full file and writes its change file. */
export async function labNextDay(db: WriteDb, databasePath: string): Promise<LabNextDayResult> {
  const status = labStatus(db, databasePath);
  if (!status.exists) {
    throw new ApiError({ code: 'notFound', message: 'This database has no demo lab: create one first (junction lab create)' });
  }
  const { manifest } = await generateNextDay({ fromDir: status.labDir, outDir: status.labDir });
  const changes = manifest.changes ?? { joiners: 0, movers: 0, leavers: 0, removed: 0, reassigned: 0 };
  return {
    labDir: status.labDir,
    day: manifest.day,
    asOf: manifest.asOf,
    rows: manifest.rows,
    ...changes,
    fullFile: join(status.labDir, FILES.hr),
    changeFile: join(status.labDir, FILES.hrChanges),
  };
}
