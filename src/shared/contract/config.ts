import { z } from 'zod';
import { method } from './method';

export interface ConfigApplyResult {
  /** One line per created or changed object, e.g. "sync rule HR inbound: updated". */
  changes: string[];
}

export const configContract = {
  'config.export': method<{ text: string }>()(z.object({ format: z.enum(['json', 'yaml']).default('yaml') }).strict()),
  /** Validates the whole document first; any error (each with its path) means nothing is changed. */
  'config.apply': method<ConfigApplyResult>()(
    z.object({ text: z.string().max(10_000_000), dryRun: z.boolean().default(false) }).strict(),
  ),
};
