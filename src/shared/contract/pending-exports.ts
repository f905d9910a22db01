import { z } from 'zod';
import { PENDING_EXPORT_STATUSES } from '../model';
import type { Page, PendingExport } from '../model';
import { paging } from './activities';
import { method } from './method';

const id = z.number().int().positive();

export const pendingExportsContract = {
  'pendingExports.list': method<Page<PendingExport>>()(
    z.object({ systemId: id, status: z.enum(PENDING_EXPORT_STATUSES).optional(), ...paging }).strict(),
  ),
  /** A failed export back to pending with its error count reset (domain §6.1 manual retry). */
  'pendingExports.retry': method<void>()(z.object({ id }).strict()),
  /** Every failed export of one system back to pending (the tab's "Retry all failed"); returns how many. */
  'pendingExports.retryFailed': method<{ retried: number }>()(z.object({ systemId: id }).strict()),
};
