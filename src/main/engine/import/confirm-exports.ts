import type { AttributeValues, PendingExport } from '../../../shared/model';
import type { PendingExportStatements } from '../../store';
import { nextRetryAt } from '../export/file-export';
import { sameText } from '../sync/flow-values';
import { valueOf } from '../sync/scoping';

export type Confirmation = 'confirmed' | 'partly confirmed' | 'not confirmed' | 'confirmation failed';

/**
 * Confirming import (domain §6.3): each change written by an export is confirmed when the system
 * now holds exactly those values. All confirmed retires the pending export; the rest stay, counted
 * as a failed attempt, and are sent again by the next export.
 */
export function confirmExport(pe: PendingExport, attributes: AttributeValues, statements: PendingExportStatements, now: string): Confirmation | null {
  const sent = pe.changes.filter((c) => c.status === 'exportedPendingConfirmation');
  if (sent.length === 0) return null;
  const confirmed = new Set(sent.filter((c) => sameText(valueOf(attributes, c.attribute), c.values)));
  const remaining = pe.changes
    .filter((c) => !confirmed.has(c))
    .map((c) => (c.status === 'exportedPendingConfirmation' ? { ...c, status: 'exportedNotConfirmed' as const } : c));
  if (remaining.length === 0) {
    statements.remove(pe.id);
    return 'confirmed';
  }
  const unconfirmed = confirmed.size < sent.length;
  const errorCount = pe.errorCount + (unconfirmed ? 1 : 0);
  const failed = errorCount >= pe.maxRetries;
  statements.save(
    {
      ...pe,
      // Once some value is confirmed the object exists: what is left is an update (domain §15.29).
      changeType: pe.changeType === 'create' ? 'update' : pe.changeType,
      status: failed ? 'failed' : unconfirmed ? 'exportNotConfirmed' : 'pending',
      errorCount,
      lastError: unconfirmed ? `The import did not find ${sent.length - confirmed.size} exported value(s)` : pe.lastError,
      nextRetryAt: unconfirmed && !failed ? nextRetryAt(now, errorCount) : pe.nextRetryAt,
      changes: remaining,
    },
    now,
  );
  if (failed) return 'confirmation failed';
  return confirmed.size > 0 ? 'partly confirmed' : 'not confirmed';
}

/**
 * OURS (domain §6.3): a written export whose object a FULL import did not find was lost (the row
 * was removed, or the write never landed). Left `exported` it would never be sent again; instead
 * it counts as a failed confirmation and its changes are owed again, up to the retry limit.
 */
export function exportNotSeen(pe: PendingExport, statements: PendingExportStatements, now: string): 'not confirmed' | 'confirmation failed' {
  const errorCount = pe.errorCount + 1;
  const failed = errorCount >= pe.maxRetries;
  statements.save(
    {
      ...pe,
      status: failed ? 'failed' : 'exportNotConfirmed',
      errorCount,
      lastError: `The import did not find "${pe.externalId}" after it was exported`,
      nextRetryAt: failed ? null : nextRetryAt(now, errorCount),
      changes: pe.changes.map((c) => (c.status === 'exportedPendingConfirmation' ? { ...c, status: 'exportedNotConfirmed' as const } : c)),
    },
    now,
  );
  return failed ? 'confirmation failed' : 'not confirmed';
}
