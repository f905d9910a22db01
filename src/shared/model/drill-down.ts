// What the admin's console drills into (issue #10 §1): counters to their items, object
// histories, the pending views of a connector space and metaverse search conditions.
import type { ActivityStatus, CounterName, ExecutionItem, Initiator, RunType } from './index';

/** Every counter that stands for objects with an execution item; "unchanged" objects get none. */
export const ITEM_COUNTERS = [
  'added',
  'updated',
  'deleted',
  'errors',
  'projected',
  'joined',
  'attributeFlows',
  'disconnected',
  'provisioned',
  'deprovisioned',
  'pendingExports',
  'exported',
  'confirmed',
  'mvoDeleted',
] as const satisfies readonly CounterName[];
export type ItemCounter = (typeof ITEM_COUNTERS)[number];

export function isItemCounter(name: string): name is ItemCounter {
  return (ITEM_COUNTERS as readonly string[]).includes(name);
}

/** How many items of one activity failed with one error type. */
export interface ErrorTypeCount {
  errorType: string;
  count: number;
}

/** The run an execution item belongs to, enough to say when, what and who. */
export interface HistoryActivity {
  id: number;
  systemName: string;
  runProfileName: string;
  runType: RunType | null;
  status: ActivityStatus;
  initiatedBy: Initiator;
  createdAt: string;
}

export interface HistoryEntry extends ExecutionItem {
  activity: HistoryActivity;
}

/** A keyset page, newest first: pass `nextBefore` as `before` for the next one (null = no more). */
export interface HistoryPage {
  rows: HistoryEntry[];
  nextBefore: number | null;
}

/** MIM's "Search Connector Space" scopes. Counts may overlap (a retrying export is pending and in error). */
export const CS_SCOPES = [
  'pendingExport',
  'pendingExportAdds',
  'pendingExportUpdates',
  'pendingExportDeletes',
  'exportErrors',
  'notConfirmed',
  'disconnectors',
  'obsolete',
] as const;
export type CsScope = (typeof CS_SCOPES)[number];

export const CS_SCOPE_LABELS: Record<CsScope, string> = {
  pendingExport: 'Pending export',
  pendingExportAdds: 'Pending export: adds',
  pendingExportUpdates: 'Pending export: updates',
  pendingExportDeletes: 'Pending export: deletes',
  exportErrors: 'Export errors',
  notConfirmed: 'Exported, not confirmed',
  disconnectors: 'Disconnectors',
  obsolete: 'Obsolete',
};

export const CS_SCOPE_DESCRIPTIONS: Record<CsScope, string> = {
  pendingExport: 'Objects with changes staged for the next export',
  pendingExportAdds: 'Objects the next export will create',
  pendingExportUpdates: 'Objects the next export will update',
  pendingExportDeletes: 'Objects the next export will delete',
  exportErrors: 'Objects whose last export or confirmation failed',
  notConfirmed: 'Exported values the following import did not find',
  disconnectors: 'Objects joined to no metaverse object',
  obsolete: 'Objects the last import no longer found',
};

/** Per connected system: how many objects each scope holds. */
export interface SystemScopeCounts {
  systemId: number;
  counts: Record<CsScope, number>;
}

export const MV_CONDITION_OPERATORS = ['equals', 'startsWith', 'contains', 'isPresent', 'isNotPresent'] as const;
export type MvConditionOperator = (typeof MV_CONDITION_OPERATORS)[number];

export const MV_CONDITION_OPERATOR_LABELS: Record<MvConditionOperator, string> = {
  equals: 'equals',
  startsWith: 'starts with',
  contains: 'contains',
  isPresent: 'is present',
  isNotPresent: 'is not present',
};

/** Operators that compare with a value; the others only look at whether the attribute has one. */
export const VALUE_OPERATORS: readonly MvConditionOperator[] = ['equals', 'startsWith', 'contains'];

export interface MvCondition {
  attribute: string;
  operator: MvConditionOperator;
  value: string;
}

/** The most rows one CSV export of a metaverse search holds. */
export const MV_EXPORT_LIMIT = 10_000;
