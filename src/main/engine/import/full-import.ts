import type { RunContext, RunOutcome } from '../run-context';
import { setActivityProgress } from '../../store';
import { importObjects, outcome, type ImportPass } from './import-run';
import { keyOf } from './object-import';

/**
 * Full Import of a file connected system (domain §3, §11.4): count and key-scan the file, then
 * create / update / skip-unchanged in one transaction per batch, then obsolete what the file no
 * longer holds. Cancellation stops after the current batch and skips deletion detection.
 */
export async function runFullImport(ctx: RunContext): Promise<RunOutcome> {
  const pass = await importObjects(ctx, 'full');
  if (pass.cancelled) return outcome(pass.counters, true);
  if (pass.rowsRead === 0) {
    // An empty or truncated file must never mass-obsolete the connector space.
    return { ...outcome(pass.counters, false), message: 'The file holds no rows: deletion detection was skipped' };
  }

  // Once started, deletion detection runs to the end: a half-detected deletion set would be a lie.
  ctx.progress.step('Detecting deletions', null);
  detectDeletions(ctx, pass);
  return outcome(pass.counters, false);
}

/** Obsoletes every live object of a selected type that the file no longer holds (domain §3.3). */
function detectDeletions(ctx: RunContext, pass: ImportPass): void {
  const { plans, occurrences, statements, writeItem, counters, processed } = pass;
  const selectedTypes = new Map([...plans.values()].map((p) => [p.type.id, p.type.name]));
  const obsoleteBatch = ctx.db.transaction((rows: { id: number; objectTypeId: number; externalId: string }[]) => {
    const now = ctx.now();
    for (const row of rows) {
      const typeName = selectedTypes.get(row.objectTypeId);
      // Deselected types freeze: their objects are neither read nor obsoleted (domain §3.3).
      if (typeName === undefined || occurrences.has(keyOf(row.objectTypeId, row.externalId))) continue;
      statements.markObsolete(row.id, now);
      counters.deleted += 1;
      writeItem({
        csoId: row.id,
        externalId: row.externalId,
        objectType: typeName,
        changeType: 'deleted',
        errorType: null,
        errorMessage: null,
        rowNumber: null,
        attributeChanges: [],
      });
    }
    setActivityProgress(ctx.db, ctx.activityId, { objectsToProcess: processed, objectsProcessed: processed, counters });
  });
  let afterId = 0;
  for (;;) {
    const rows = statements.pageLive(afterId, ctx.profile.batchSize);
    if (rows.length === 0) break;
    obsoleteBatch.immediate(rows);
    ctx.progress.advance(processed, counters);
    afterId = rows[rows.length - 1]?.id ?? afterId;
  }
}
