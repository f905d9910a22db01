import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Faker, en } from '@faker-js/faker';
import { parse } from 'csv-parse';
import { LAB_SIZE_ROWS, type LabSizeOption } from '../../shared/contract/lab';
import { CsvWriter } from './csv-writer';
import { COURSES, DEPARTMENTS, MANDATORY_COURSES, companyAt, departmentAt, type Department } from './data';
import { PURPOSE, between, mix, sequence, unit } from './random';

// The lab's data generator (docs/demo-lab.md): seeded, realistic identity data written as CSV
// files through streams, and a "next day" change set derived from a dataset.

/** People per size (the contract's list, so the UI, the API and the CLI agree). */
export const LAB_SIZES = LAB_SIZE_ROWS;
export type LabSize = LabSizeOption;
export const LAB_SIZE_NAMES = Object.keys(LAB_SIZES) as LabSize[];

export function isLabSize(value: string): value is LabSize {
  return Object.prototype.hasOwnProperty.call(LAB_SIZES, value);
}

export const HR_COLUMNS = [
  'employeeId',
  'firstName',
  'lastName',
  'displayName',
  'email',
  'department',
  'title',
  'company',
  'managerId',
  'employeeType',
  'startDate',
  'endDate',
  'status',
] as const;
export type HrRow = Record<(typeof HR_COLUMNS)[number], string>;
export const CHANGE_TYPE_COLUMN = '_changeType';
export const CHANGE_COLUMNS = [...HR_COLUMNS, CHANGE_TYPE_COLUMN];

export const FILES = {
  hr: 'hr.csv',
  hrChanges: 'hr-changes.csv',
  departments: 'departments.csv',
  groups: 'groups.csv',
  training: 'training.csv',
  manifest: 'dataset.json',
} as const;

export const EMAIL_DOMAIN = 'junction.example';
/** The first dataset's "as of" date; each next day adds one. */
export const BASE_DATE = '2026-01-05';
const INITIAL_LEAVER_SHARE = 0.03;
const CONTRACTOR_SHARE = 0.2;

export interface DatasetManifest {
  version: 1;
  size: LabSize;
  seed: number;
  /** 0 for a generated dataset, then 1, 2, … for each next day. */
  day: number;
  asOf: string;
  /** Rows of hr.csv, and how many of them are Active. */
  rows: number;
  active: number;
  /** The number the next joiner's employee ID takes. */
  nextNumber: number;
  /** What the last next day changed (absent on day 0). */
  changes?: ChangeSummary;
}

export interface ChangeSummary {
  joiners: number;
  movers: number;
  leavers: number;
  /** Leavers of the previous day removed from the file (`delete` rows). */
  removed: number;
  /** Reports moved to another manager because theirs left. */
  reassigned: number;
}

export interface GenerateResult {
  outDir: string;
  manifest: DatasetManifest;
  files: string[];
}

export const employeeId = (n: number): string => `E${String(n).padStart(7, '0')}`;
export const employeeNumber = (id: string): number => Number(id.replace(/^E/, ''));

const addDays = (iso: string, days: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const emailFor = (first: string, last: string): string => `${first}.${last}@${EMAIL_DOMAIN}`.toLowerCase();

/** Whether employee n of the first dataset is a leaver (never the CEO): a pure function of (seed, n). */
function initialLeaver(seed: number, n: number): boolean {
  return n > 1 && unit(seed, PURPOSE.leaver, n) < INITIAL_LEAVER_SHARE;
}

/** A manager for employee n among earlier ones (between n/10 and n/2, so about four reports each and a log-deep tree). */
function managerCandidate(seed: number, n: number, salt = 0): number {
  const lo = Math.max(1, Math.ceil(n / 10));
  const hi = Math.max(1, Math.floor(n / 2));
  return between(lo, hi, seed, PURPOSE.manager, n, salt);
}

/** Employee n's manager in the first dataset: an earlier, active employee (or none for the CEO). */
function initialManager(seed: number, n: number): number {
  if (n <= 1) return 0;
  let m = managerCandidate(seed, n);
  while (initialLeaver(seed, m)) m = managerCandidate(seed, m);
  return m;
}

function newFaker(): Faker {
  return new Faker({ locale: [en] });
}

/** The person part of row n (names, department, title, company, type), from a per-row seed. */
function person(faker: Faker, seed: number, n: number): Omit<HrRow, 'managerId' | 'startDate' | 'endDate' | 'status'> {
  faker.seed(mix(seed, PURPOSE.row, n));
  const sex = faker.person.sexType();
  const firstName = faker.person.firstName(sex);
  const lastName = faker.person.lastName();
  const dept: Department = n === 1 ? (DEPARTMENTS[0] as Department) : departmentAt(faker.number.float({ min: 0, max: 0.999999 }));
  const title = n === 1 ? 'Chief Executive Officer' : faker.helpers.arrayElement(dept.titles);
  const company = n === 1 ? 'Junction Corp' : companyAt(faker.number.float({ min: 0, max: 0.999999 }));
  const contractor = n > 1 && faker.number.float({ min: 0, max: 1 }) < CONTRACTOR_SHARE;
  return {
    employeeId: employeeId(n),
    firstName,
    lastName,
    displayName: `${firstName} ${lastName}`,
    email: emailFor(firstName, lastName),
    department: dept.name,
    title,
    company,
    employeeType: contractor ? 'Contractor' : 'Employee',
  };
}

/** Row n of a first dataset as of `asOf`. */
export function hrRow(faker: Faker, seed: number, n: number, asOf: string): HrRow {
  const base = person(faker, seed, n);
  const leaver = initialLeaver(seed, n);
  const tenure = between(leaver ? 90 : 30, 15 * 365, seed, PURPOSE.row, n, 1);
  const startDate = addDays(asOf, -tenure);
  const endDate = leaver ? addDays(asOf, -between(1, Math.min(60, tenure - 1), seed, PURPOSE.row, n, 2)) : '';
  const manager = initialManager(seed, n);
  return {
    ...base,
    managerId: manager ? employeeId(manager) : '',
    startDate,
    endDate,
    status: leaver ? 'Leaver' : 'Active',
  };
}

function trainingCourses(seed: number, n: number): string[] {
  const next = sequence(mix(seed, PURPOSE.training, n));
  const courses = MANDATORY_COURSES.filter(() => next() < 0.85);
  const extra = Math.floor(next() * next() * 6);
  for (let i = 0; i < extra; i++) {
    const c = COURSES[Math.floor(next() * COURSES.length)] as string;
    if (!courses.includes(c)) courses.push(c);
  }
  return courses;
}

const GROUP_KINDS = ['Team', 'Project', 'Guild', 'Committee', 'Distribution list', 'Access'];

/** Groups with long-tail sizes: group k has about maxSize / k members. */
async function writeGroups(faker: Faker, path: string, seed: number, rows: number): Promise<number> {
  const writer = new CsvWriter(path, ['groupId', 'name', 'description', 'members']);
  const count = Math.min(5_000, Math.max(2, Math.ceil(rows / 20)));
  const maxSize = Math.max(1, Math.min(rows, 2_000));
  for (let k = 1; k <= count; k++) {
    faker.seed(mix(seed, PURPOSE.group, k));
    const size = Math.max(1, Math.min(rows, Math.round(maxSize / Math.pow(k, 1.1))));
    const next = sequence(mix(seed, PURPOSE.group, k, 1));
    const members = new Set<number>();
    // Draw until the set is full (bounded: size ≤ rows, and a dense draw falls back to a run).
    for (let tries = 0; members.size < size && tries < size * 4; tries++) members.add(1 + Math.floor(next() * rows));
    for (let n = 1; members.size < size && n <= rows; n++) members.add(n);
    const kind = GROUP_KINDS[k % GROUP_KINDS.length] as string;
    const word = faker.word.noun();
    const name = `${kind} ${word.charAt(0).toUpperCase()}${word.slice(1)} ${k}`;
    await writer.write({
      groupId: `G${String(k).padStart(5, '0')}`,
      name,
      description: faker.company.catchPhrase(),
      members: [...members]
        .sort((a, b) => a - b)
        .map(employeeId)
        .join('|'),
    });
  }
  await writer.end();
  return count;
}

async function writeDepartments(path: string): Promise<void> {
  const writer = new CsvWriter(path, ['departmentId', 'name', 'costCentre']);
  for (const d of DEPARTMENTS) await writer.write({ departmentId: d.id, name: d.name, costCentre: d.costCentre });
  await writer.end();
}

function writeManifest(dir: string, manifest: DatasetManifest): void {
  writeFileSync(join(dir, FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function readManifest(dir: string): DatasetManifest {
  const path = join(dir, FILES.manifest);
  if (!existsSync(path)) throw new Error(`${dir} holds no generated dataset (${FILES.manifest} is missing)`);
  return JSON.parse(readFileSync(path, 'utf8')) as DatasetManifest;
}

/**
 * A first dataset: hr.csv (people with a real hierarchy), departments.csv, groups.csv (members
 * multi-valued, `|`), training.csv (courses multi-valued) and an empty change file, all streamed.
 */
export async function generateDataset(options: { size: LabSize; seed: number; outDir: string }): Promise<GenerateResult> {
  const { size, seed, outDir } = options;
  const rows = LAB_SIZES[size];
  mkdirSync(outDir, { recursive: true });
  const faker = newFaker();
  const asOf = BASE_DATE;
  const hr = new CsvWriter(join(outDir, FILES.hr), HR_COLUMNS);
  const training = new CsvWriter(join(outDir, FILES.training), ['employeeId', 'courses']);
  let active = 0;
  for (let n = 1; n <= rows; n++) {
    const row = hrRow(faker, seed, n, asOf);
    if (row.status === 'Active') active += 1;
    await hr.write(row);
    const courses = trainingCourses(seed, n);
    if (courses.length > 0) await training.write({ employeeId: row.employeeId, courses: courses.join('|') });
  }
  await hr.end();
  await training.end();
  writeFileSync(join(outDir, FILES.hrChanges), `${CHANGE_COLUMNS.join(',')}\n`);
  await writeDepartments(join(outDir, FILES.departments));
  await writeGroups(faker, join(outDir, FILES.groups), seed, rows);
  const manifest: DatasetManifest = { version: 1, size, seed, day: 0, asOf, rows, active, nextNumber: rows + 1 };
  writeManifest(outDir, manifest);
  return { outDir, manifest, files: Object.values(FILES).map((f) => join(outDir, f)) };
}

/** A growable per-employee-number byte array (0 absent, 1 present as a leaver, 2 active). */
class States {
  private data = new Uint8Array(1024);
  private managers = new Uint32Array(1024);

  private grow(n: number): void {
    if (n < this.data.length) return;
    let length = this.data.length;
    while (length <= n) length *= 2;
    const data = new Uint8Array(length);
    data.set(this.data);
    const managers = new Uint32Array(length);
    managers.set(this.managers);
    this.data = data;
    this.managers = managers;
  }

  set(n: number, state: 0 | 1 | 2, manager: number): void {
    this.grow(n);
    this.data[n] = state;
    this.managers[n] = manager;
  }

  state(n: number): number {
    return n < this.data.length ? (this.data[n] ?? 0) : 0;
  }

  manager(n: number): number {
    return n < this.managers.length ? (this.managers[n] ?? 0) : 0;
  }
}

const ACTIVE = 2;
const LEAVER = 1;

/** Distinct candidates in [2, max] drawn from a seed, in file order. */
function candidates(seed: number, purpose: number, count: number, max: number): Set<number> {
  const next = sequence(mix(seed, purpose));
  const out = new Set<number>();
  const want = Math.min(Math.max(0, max - 1), count);
  for (let tries = 0; out.size < want && tries < want * 20; tries++) out.add(2 + Math.floor(next() * (max - 1)));
  return out;
}

/**
 * The next day of a dataset: ~1% joiners, ~2% movers (department, title or manager), ~1% leavers
 * (status Leaver with an end date); the previous day's leavers are removed from the file. Writes
 * the next full hr.csv and hr-changes.csv (one row per changed person, `_changeType`
 * add/update/delete) into outDir; the other files are copied. Reads the previous hr.csv as a
 * stream (only a byte and a number per employee are kept).
 */
export async function generateNextDay(options: { fromDir: string; outDir: string; seed?: number }): Promise<GenerateResult> {
  const { fromDir, outDir } = options;
  const previous = readManifest(fromDir);
  const seed = options.seed ?? previous.seed;
  const day = previous.day + 1;
  const daySeed = mix(seed, PURPOSE.day, day);
  const asOf = addDays(previous.asOf, 1);
  mkdirSync(outDir, { recursive: true });
  const sameDir = join(fromDir) === join(outDir);
  const fullPath = join(outDir, sameDir ? `.${FILES.hr}.next` : FILES.hr);
  const full = new CsvWriter(fullPath, HR_COLUMNS);
  const changes = new CsvWriter(join(outDir, sameDir ? `.${FILES.hrChanges}.next` : FILES.hrChanges), CHANGE_COLUMNS);

  const base = Math.max(1, previous.active);
  const leaverTarget = Math.max(1, Math.round(base * 0.01));
  const moverTarget = Math.max(1, Math.round(base * 0.02));
  const joinerTarget = Math.max(1, Math.round(base * 0.01));
  const maxNumber = Math.max(2, previous.nextNumber - 1);
  const leaverPicks = candidates(daySeed, PURPOSE.leaver, leaverTarget * 3 + 5, maxNumber);
  const moverPicks = candidates(daySeed, PURPOSE.change, moverTarget * 3 + 5, maxNumber);

  const states = new States();
  const summary: ChangeSummary = { joiners: 0, movers: 0, leavers: 0, removed: 0, reassigned: 0 };
  const faker = newFaker();
  let rows = 0;
  let active = 0;

  /** Walks up from m until a manager that stays in the file (and is active, for an active person). */
  const resolveManager = (m: number, forActive: boolean): number => {
    let current = m;
    while (current > 0 && (states.state(current) === 0 || (forActive && states.state(current) !== ACTIVE))) {
      current = states.manager(current);
    }
    return current;
  };

  const parser = createReadStream(join(fromDir, FILES.hr)).pipe(parse({ columns: true, skip_empty_lines: true }));
  for await (const record of parser as AsyncIterable<HrRow>) {
    const prev: HrRow = { ...record };
    const n = employeeNumber(prev.employeeId);
    if (prev.status === 'Leaver') {
      // Yesterday's leavers leave the extract today.
      states.set(n, 0, employeeNumber(prev.managerId || 'E0'));
      await changes.write({ ...prev, [CHANGE_TYPE_COLUMN]: 'delete' });
      summary.removed += 1;
      continue;
    }
    const next: HrRow = { ...prev };
    let changed = false;
    if (n > 1 && leaverPicks.has(n) && summary.leavers < leaverTarget) {
      next.status = 'Leaver';
      next.endDate = asOf;
      summary.leavers += 1;
      changed = true;
    } else if (n > 1 && moverPicks.has(n) && summary.movers < moverTarget) {
      const kind = mix(daySeed, PURPOSE.change, n) % 3;
      if (kind === 0) {
        let dept = departmentAt(unit(daySeed, PURPOSE.change, n, 1));
        if (dept.name === prev.department) dept = DEPARTMENTS[(DEPARTMENTS.indexOf(dept) + 1) % DEPARTMENTS.length] as Department;
        next.department = dept.name;
        next.title = dept.titles[mix(daySeed, PURPOSE.change, n, 2) % dept.titles.length] as string;
      } else if (kind === 1) {
        const dept = DEPARTMENTS.find((d) => d.name === prev.department) ?? (DEPARTMENTS[1] as Department);
        const titles = dept.titles.filter((t) => t !== prev.title);
        next.title = titles.length ? (titles[mix(daySeed, PURPOSE.change, n, 3) % titles.length] as string) : `Senior ${prev.title}`;
      } else {
        const m = resolveManager(managerCandidate(daySeed, n, 7), true);
        next.managerId = m ? employeeId(m) : prev.managerId;
      }
      if (JSON.stringify(next) !== JSON.stringify(prev)) {
        summary.movers += 1;
        changed = true;
      }
    }
    // A manager who left (or is leaving) hands their reports to their own manager.
    const m = employeeNumber(next.managerId || 'E0');
    if (m > 0) {
      const resolved = resolveManager(m, next.status === 'Active');
      if (resolved !== m) {
        next.managerId = resolved ? employeeId(resolved) : '';
        if (!changed) summary.reassigned += 1;
        changed = true;
      }
    }
    states.set(n, next.status === 'Active' ? ACTIVE : LEAVER, employeeNumber(next.managerId || 'E0'));
    rows += 1;
    if (next.status === 'Active') active += 1;
    await full.write(next);
    if (changed) await changes.write({ ...next, [CHANGE_TYPE_COLUMN]: 'update' });
  }

  let nextNumber = previous.nextNumber;
  for (let j = 0; j < joinerTarget; j++) {
    const n = nextNumber++;
    const row: HrRow = {
      ...person(faker, mix(daySeed, PURPOSE.joiner), n),
      managerId: '',
      startDate: asOf,
      endDate: '',
      status: 'Active',
    };
    const m = resolveManager(managerCandidate(daySeed, n, 11), true);
    row.managerId = m ? employeeId(m) : '';
    states.set(n, ACTIVE, m);
    rows += 1;
    active += 1;
    summary.joiners += 1;
    await full.write(row);
    await changes.write({ ...row, [CHANGE_TYPE_COLUMN]: 'add' });
  }
  await full.end();
  await changes.end();

  if (sameDir) {
    const { rename } = await import('node:fs/promises');
    await rename(fullPath, join(outDir, FILES.hr));
    await rename(join(outDir, `.${FILES.hrChanges}.next`), join(outDir, FILES.hrChanges));
  } else {
    for (const file of [FILES.departments, FILES.groups, FILES.training]) {
      if (existsSync(join(fromDir, file))) await copyFile(join(fromDir, file), join(outDir, file));
    }
  }
  const manifest: DatasetManifest = { version: 1, size: previous.size, seed, day, asOf, rows, active, nextNumber, changes: summary };
  writeManifest(outDir, manifest);
  return { outDir, manifest, files: Object.values(FILES).map((f) => join(outDir, f)) };
}
