import { z } from 'zod';
import { RUN_TYPES } from '../model';
import type { RunProfile } from '../model';
import { method } from './method';

const id = z.number().int().positive();
const profileName = z.string().trim().min(1, 'Name is required').max(100, 'Name is at most 100 characters');
export const batchSizeInput = z
  .number({ message: 'Batch size must be a number' })
  .int('Batch size must be a whole number')
  .min(1, 'Batch size must be at least 1')
  .max(100_000, 'Batch size is at most 100,000');
const optionalPath = z
  .string()
  .trim()
  .nullish()
  .transform((p) => (p ? p : null));

export interface ExecuteResult {
  activityId: number;
  /** The activity this run waits behind when its system is busy, else null. */
  queuedBehind: number | null;
}

export const runProfilesContract = {
  'runProfiles.list': method<RunProfile[]>()(z.object({ systemId: id }).strict()),
  'runProfiles.create': method<RunProfile>()(
    z
      .object({
        systemId: id,
        name: profileName,
        runType: z.enum(RUN_TYPES),
        batchSize: batchSizeInput.default(1000),
        filePath: optionalPath,
      })
      .strict(),
  ),
  'runProfiles.update': method<RunProfile>()(
    z.object({ id, name: profileName, batchSize: batchSizeInput, filePath: optionalPath }).strict(),
  ),
  'runProfiles.delete': method<void>()(z.object({ id }).strict()),
  'runProfiles.execute': method<ExecuteResult>()(z.object({ id }).strict()),
};
