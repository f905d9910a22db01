import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

// The bench's own HR extract: deterministic (row i is always the same), streamed to disk in
// blocks so a million rows never sit in memory. Twelve columns, every value plain text (no
// quoting needed), a manager reference to an earlier row, so the sync resolves references.

export const HR_COLUMNS = [
  'employeeId',
  'firstName',
  'lastName',
  'department',
  'title',
  'location',
  'costCentre',
  'managerId',
  'phone',
  'employmentType',
  'grade',
  'status',
] as const;

const FIRST = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Margaret', 'Ken', 'Radia', 'Tim', 'Hedy', 'Niklaus', 'Karen', 'Dennis'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'McCarthy', 'Hamilton', 'Thompson', 'Perlman', 'Lee', 'Lamarr', 'Wirth', 'Jones', 'Ritchie', 'Kay', 'Backus', 'Cerf', 'Codd'];
const DEPARTMENTS = ['Engineering', 'Research', 'Finance', 'Sales', 'Marketing', 'Operations', 'Legal', 'People', 'Support', 'Facilities'];
const TITLES = ['Engineer', 'Senior Engineer', 'Analyst', 'Manager', 'Director', 'Associate', 'Consultant', 'Specialist'];
const LOCATIONS = ['London', 'Manchester', 'Edinburgh', 'Cardiff', 'Belfast', 'Leeds', 'Bristol'];
const TYPES = ['Permanent', 'Contractor', 'Intern'];

/** A cheap deterministic mix of the row number, so columns do not move in lockstep. */
function mix(i: number, salt: number): number {
  let x = (i + 1) * 2654435761 + salt * 40503;
  x = Math.imul(x ^ (x >>> 15), 2246822507);
  x = Math.imul(x ^ (x >>> 13), 3266489909);
  return (x ^ (x >>> 16)) >>> 0;
}

const pick = <T>(list: readonly T[], i: number, salt: number): T => list[mix(i, salt) % list.length] as T;

export function employeeId(i: number): string {
  return `E${String(i + 1).padStart(7, '0')}`;
}

/** Row i of the extract; `revision` > 0 gives the changed version of the row (title and grade move). */
export function hrRow(i: number, revision = 0): string[] {
  return [
    employeeId(i),
    pick(FIRST, i, 1),
    `${pick(LAST, i, 2)}${i % 97}`,
    pick(DEPARTMENTS, i, 3),
    pick(TITLES, i, 4 + revision),
    pick(LOCATIONS, i, 5),
    `CC${1000 + (mix(i, 6) % 900)}`,
    i === 0 ? '' : employeeId(Math.floor(i / 10)),
    `+44 20 ${String(mix(i, 7) % 10000).padStart(4, '0')} ${String(i % 10000).padStart(4, '0')}`,
    pick(TYPES, i, 8),
    `G${(mix(i, 9) + revision) % 12}`,
    'active',
  ];
}

async function writeLines(path: string, header: string, count: number, line: (n: number) => string | null): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const done = once(out, 'finish');
  let written = 0;
  let block: string[] = [header];
  for (let n = 0; n < count; n++) {
    const text = line(n);
    if (text === null) continue;
    block.push(text);
    written++;
    if (block.length >= 2000) {
      if (!out.write(`${block.join('\n')}\n`)) await once(out, 'drain');
      block = [];
    }
  }
  if (block.length) out.write(`${block.join('\n')}\n`);
  out.end();
  await done;
  return written;
}

/** Writes the HR extract of `rows` rows. */
export function writeHrCsv(path: string, rows: number): Promise<number> {
  return writeLines(path, HR_COLUMNS.join(','), rows, (i) => hrRow(i).join(','));
}

/** Rows whose changed version the change set holds: one in every hundred (1%, at least one). */
export function isChanged(i: number, rows: number): boolean {
  return rows < 100 ? i === 0 : i % 100 === 7;
}

/** The delta import's change file: every changed row as an `update`, in the `_changeType` column. */
export function writeChangeCsv(path: string, rows: number): Promise<number> {
  return writeLines(path, [...HR_COLUMNS, '_changeType'].join(','), rows, (i) =>
    isChanged(i, rows) ? [...hrRow(i, 1), 'update'].join(',') : null,
  );
}

/** The Directory target starts empty: a header only. */
export const DIRECTORY_COLUMNS = ['id', 'displayName', 'mail', 'department', 'title', 'location', 'manager', 'login'] as const;
