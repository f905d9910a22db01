import type { ActivityStatus, ActivitySummary, ExecutionItem } from '../../shared/model';
import { ACTIVITY_STATUS_LABELS, COUNTER_LABELS, COUNTERS_BY_RUN_TYPE, EXIT_CODES, RUN_TYPE_LABELS } from '../../shared/model';

/** A usage error: one line on stderr, exit 64, never a stack trace. */
export class UsageError extends Error {}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Plain aligned columns for a terminal; scripts should use --json. */
export function printTable(headers: string[], rows: (string | number | null)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  for (const row of cells) {
    process.stdout.write(`${row.map((c, i) => (c ?? '').padEnd(widths[i] ?? 0)).join('  ').trimEnd()}\n`);
  }
}

export function exitCodeFor(status: ActivityStatus): number {
  switch (status) {
    case 'complete':
    case 'completeWithWarning':
      return EXIT_CODES.ok;
    case 'completeWithError':
      return EXIT_CODES.completeWithError;
    default:
      return EXIT_CODES.failed;
  }
}

export function durationMs(activity: ActivitySummary): number | null {
  if (!activity.startedAt) return null;
  const end = activity.endedAt ? Date.parse(activity.endedAt) : Date.now();
  return end - Date.parse(activity.startedAt);
}

/** The JSON shape of an activity for scripts: stable names, status as stored. */
export function activityJson(activity: ActivitySummary, items?: ExecutionItem[]): Record<string, unknown> {
  return {
    id: activity.id,
    status: activity.status,
    // The counters this run type moves, e.g. added/updated/deleted/unchanged/confirmed/errors for an import.
    counters: Object.fromEntries((activity.runType ? COUNTERS_BY_RUN_TYPE[activity.runType] : []).map((name) => [name, activity.counters[name]])),
    system: activity.systemName,
    runProfile: activity.runProfileName,
    runType: activity.runType,
    kind: activity.kind,
    parentActivityId: activity.parentActivityId,
    initiatedBy: activity.initiatedBy,
    step: activity.step,
    message: activity.message,
    errorMessage: activity.errorMessage,
    warningMessage: activity.warningMessage,
    createdAt: activity.createdAt,
    startedAt: activity.startedAt,
    endedAt: activity.endedAt,
    durationMs: durationMs(activity),
    objectsToProcess: activity.objectsToProcess,
    objectsProcessed: activity.objectsProcessed,
    ...(items ? { items } : {}),
  };
}

export function printActivity(activity: ActivitySummary): void {
  const counters = (activity.runType ? COUNTERS_BY_RUN_TYPE[activity.runType] : []).map((name) => `${COUNTER_LABELS[name].toLowerCase()} ${activity.counters[name]}`);
  const ms = durationMs(activity);
  const lines = [
    activity.runType
      ? `Activity ${activity.id}: ${RUN_TYPE_LABELS[activity.runType]} "${activity.runProfileName}" on ${activity.systemName}`
      : `Activity ${activity.id}: schedule "${activity.runProfileName}"`,
    `Status:   ${ACTIVITY_STATUS_LABELS[activity.status]} (${activity.status})`,
    ...(counters.length ? [`Counters: ${counters.join(', ')}`] : []),
    `Started:  ${activity.startedAt ?? 'not started'}${ms === null ? '' : `, took ${(ms / 1000).toFixed(2)} s`}`,
  ];
  if (activity.message) lines.push(`Message:  ${activity.message}`);
  if (activity.errorMessage) lines.push(`Error:    ${activity.errorMessage}`);
  if (activity.warningMessage) lines.push(`Warning:  ${activity.warningMessage}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function printItems(items: ExecutionItem[]): void {
  printTable(
    ['ROW', 'EXTERNAL ID', 'TYPE', 'CHANGE', 'ERROR', 'MESSAGE'],
    items.map((i) => [i.rowNumber, i.externalId, i.objectType, i.changeType, i.errorType, i.errorMessage]),
  );
}
