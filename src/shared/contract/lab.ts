import { z } from 'zod';
import { method } from './method';

/** The demo lab (docs/demo-lab.md): generated data plus a whole configuration. */
export const LAB_SIZE_OPTIONS = ['nano', 'micro', 'small', 'medium', 'large', '100k', '1m'] as const;
export type LabSizeOption = (typeof LAB_SIZE_OPTIONS)[number];
/** People per size. */
export const LAB_SIZE_ROWS: Record<LabSizeOption, number> = {
  nano: 3,
  micro: 10,
  small: 100,
  medium: 1_000,
  large: 10_000,
  '100k': 100_000,
  '1m': 1_000_000,
};

export interface LabCreateResult {
  labDir: string;
  systems: string[];
  scheduleId: number;
  scheduleName: string;
  size: LabSizeOption;
  rows: number;
  /** How many configuration changes were applied. */
  changes: number;
  durationMs: number;
}

export interface LabStatus {
  exists: boolean;
  /** The lab's folder, or where "Create demo lab" would put it. */
  labDir: string;
  scheduleId: number | null;
  size: LabSizeOption | null;
  /** 0 for the first day, +1 per "Next day". */
  day: number | null;
  asOf: string | null;
  rows: number | null;
}

export interface LabNextDayResult {
  labDir: string;
  day: number;
  asOf: string;
  rows: number;
  joiners: number;
  movers: number;
  leavers: number;
  /** The previous day's leavers, removed from the extract. */
  removed: number;
  /** People given a new manager because theirs left. */
  reassigned: number;
  fullFile: string;
  changeFile: string;
}

export const labContract = {
  /** Generates the lab's files and applies its configuration; refused when the lab's names are taken. */
  'lab.create': method<LabCreateResult>()(z.object({ size: z.enum(LAB_SIZE_OPTIONS).default('medium') }).strict()),
  /** Writes the next day's HR full file and change file into the lab folder. */
  'lab.nextDay': method<LabNextDayResult>()(z.object({}).strict()),
  'lab.status': method<LabStatus>()(z.object({}).strict()),
  /** Opens the lab folder in the file manager (desktop app only; otherwise `unavailable`). */
  'lab.openFolder': method<void>()(z.object({}).strict()),
};
