import type { RunContext, RunOutcome } from '../run-context';
import { importObjects, outcome } from './import-run';

/**
 * Delta Import of a file connected system (domain §3, §3.2.6): the file is a change file whose
 * change-type column says add, update or delete for each row. Only what it names is touched:
 * no content-hash skip and no deletion detection; a delete of an unknown object is ignored.
 */
export async function runDeltaImport(ctx: RunContext): Promise<RunOutcome> {
  const pass = await importObjects(ctx, 'delta');
  const result = outcome(pass.counters, pass.cancelled);
  if (!pass.cancelled && pass.rowsRead === 0) return { ...result, message: 'The change file holds no rows: nothing changed' };
  return result;
}
