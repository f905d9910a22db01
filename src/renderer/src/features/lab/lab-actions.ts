import type { LabCreateResult, LabNextDayResult, LabSizeOption } from '../../../../shared/contract/lab';
import { LAB_SIZE_OPTIONS, LAB_SIZE_ROWS } from '../../../../shared/contract/lab';
import { api } from '../../api/client';

export { LAB_SIZE_OPTIONS };
export type { LabSizeOption };

export const sizeLabel = (size: LabSizeOption): string => `${size} (${LAB_SIZE_ROWS[size].toLocaleString()} people)`;

export function createLab(size: LabSizeOption): Promise<LabCreateResult> {
  return api.call('lab.create', { size });
}

/** Starts the lab's schedule now; returns where to watch it (the schedule's page, with its step rail). */
export async function runNightly(scheduleId?: number | null): Promise<string> {
  let id = scheduleId ?? null;
  if (id === null) {
    const status = await api.call('lab.status', {});
    if (!status.exists || status.scheduleId === null) throw new Error('This database has no demo lab schedule: create the demo lab first');
    id = status.scheduleId;
  }
  await api.call('schedules.runNow', { id });
  return `/schedules/${id}`;
}

export function nextDay(): Promise<LabNextDayResult> {
  return api.call('lab.nextDay', {});
}

export function describeNextDay(r: LabNextDayResult): string {
  return (
    `Day ${r.day} (${r.asOf}): ${r.joiners} joiners, ${r.movers} movers, ${r.leavers} leavers` +
    `${r.removed ? `, ${r.removed} earlier leavers removed` : ''}${r.reassigned ? `, ${r.reassigned} reports reassigned` : ''}. ` +
    'Run the nightly cycle to see them flow.'
  );
}
