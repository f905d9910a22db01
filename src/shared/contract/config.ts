import { z } from 'zod';
import { method } from './method';

/**
 * What an apply does, grouped the way an admin reviews it before confirming. Apply matches
 * objects by name and never deletes, so `delete` is empty today: it is part of the plan so a
 * reader never has to guess.
 */
export interface ConfigPlan {
  /** Objects the document adds, e.g. "sync rule HR inbound". */
  create: string[];
  /** Changes to existing objects, e.g. "connected system HR: settings updated". */
  change: string[];
  delete: string[];
}

export interface ConfigApplyResult {
  /** One line per created or changed object, e.g. "sync rule HR inbound: updated". */
  changes: string[];
  plan: ConfigPlan;
}

/** A large lab's document runs to tens of MB; the serve bridge accepts bodies up to 64 MB. */
const MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;

export const configContract = {
  'config.export': method<{ text: string }>()(z.object({ format: z.enum(['json', 'yaml']).default('yaml') }).strict()),
  /** Validates the whole document first; any error (each with its path) means nothing is changed. */
  'config.apply': method<ConfigApplyResult>()(
    z.object({ text: z.string().max(MAX_DOCUMENT_CHARS), dryRun: z.boolean().default(false) }).strict(),
  ),
};
