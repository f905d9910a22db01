import { z } from 'zod';
import type { ExecutionItem, PendingExport, RunType } from '../model';
import { method } from './method';

/** One execution item of the chain, with the run it belongs to (enough to link to it and say what it was). */
export interface ChainItem {
  item: ExecutionItem;
  activity: { id: number; systemId: number | null; systemName: string; runProfileName: string; runType: RunType | null; createdAt: string };
}

/**
 * What happened to one identity change end to end (issue #10 §2): the import that brought the
 * change in, the sync that acted on it, the exports it staged and the runs that wrote them.
 * A step that has not happened (yet) is null or empty.
 */
export interface ExecutionItemChain {
  /** The source object's latest import item at or before the sync. */
  importItem: ChainItem | null;
  /** The sync item of the source object at or after the import. */
  syncItem: ChainItem | null;
  /** The identity the chain is about. */
  mvoId: number | null;
  /** The exports staged for the identity in other systems, as they stand now. */
  pendingExports: (PendingExport & { systemName: string })[];
  /** Per target object, the first export item after the sync. */
  exportItems: ChainItem[];
}

export const executionItemsContract = {
  /** The causality chain around one execution item: import change → sync outcome → pending export → export result. */
  'executionItems.chain': method<ExecutionItemChain>()(z.object({ id: z.number().int().positive() }).strict()),
};
