import type { RunContext, RunOutcome } from '../run-context';
import { preparePendingExportStatements, setActivityProgress } from '../../store';
import { exportNotSeen } from './confirm-exports';
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
  const neverSeenCreates = settleExportsNotSeen(ctx, pass);
  detectDeletions(ctx, pass, neverSeenCreates);
  return outcome(pass.counters, false);
}

/**
 * Only a full import reads everything, so only it proves that an exported object is absent
 * (domain §6.3): each export still `exported` whose object this file did not hold is unconfirmed.
 * Returns the provisioned objects no import has seen yet.
 */
function settleExportsNotSeen(ctx: RunContext, pass: ImportPass): Set<number> {
  const creates = new Set<number>();
  const { plans, occurrences, writeItem, counters, processed } = pass;
  const pendingExports = preparePendingExportStatements(ctx.db);
  const settleBatch = ctx.db.transaction((afterId: number): number | null => {
    const page = pendingExports.pageExported(ctx.system.id, afterId, ctx.profile.batchSize);
    const now = ctx.now();
    for (const { pe, csoStatus } of page) {
      const plan = plans.get(pe.objectType.toLowerCase());
      // A deselected type is not read, so its absence proves nothing.
      if (!plan || occurrences.has(keyOf(plan.type.id, pe.externalId))) continue;
      const result = exportNotSeen(pe, pendingExports, now);
      if (csoStatus === 'pendingProvisioning') creates.add(pe.csoId);
      const failed = result === 'confirmation failed';
      if (failed) counters.errors += 1;
      writeItem({
        csoId: pe.csoId,
        externalId: pe.externalId,
        objectType: pe.objectType,
        changeType: 'none',
        errorType: failed ? 'ExportConfirmationFailed' : null,
        errorMessage: failed ? `"${pe.externalId}" was exported ${pe.maxRetries} times and never found by an import; its export failed` : null,
        rowNumber: null,
        attributeChanges: [],
        outcome: `export ${result}: not in the file`,
      });
    }
    setActivityProgress(ctx.db, ctx.activityId, { objectsToProcess: processed, objectsProcessed: processed, counters });
    return page.length === 0 ? null : (page[page.length - 1]?.pe.id ?? null);
  });
  for (let afterId: number | null = 0; afterId !== null; ) afterId = settleBatch.immediate(afterId);
  return creates;
}

/** Obsoletes every live object of a selected type that the file no longer holds (domain §3.3). */
function detectDeletions(ctx: RunContext, pass: ImportPass, neverSeenCreates: ReadonlySet<number>): void {
  const { plans, occurrences, statements, writeItem, counters, processed } = pass;
  const selectedTypes = new Map([...plans.values()].map((p) => [p.type.id, p.type.name]));
  const obsoleteBatch = ctx.db.transaction((rows: { id: number; objectTypeId: number; externalId: string }[]) => {
    const now = ctx.now();
    for (const row of rows) {
      const typeName = selectedTypes.get(row.objectTypeId);
      // Deselected types freeze: their objects are neither read nor obsoleted (domain §3.3).
      if (typeName === undefined || occurrences.has(keyOf(row.objectTypeId, row.externalId))) continue;
      // An object whose creation no import has confirmed yet was never there to be deleted: its
      // create is owed again instead (domain §6.3).
      if (neverSeenCreates.has(row.id)) continue;
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
