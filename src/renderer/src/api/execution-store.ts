import { useEffect } from 'react';
import { create } from 'zustand';
import type { ScheduleExecution } from '../../../shared/model/index';
import { api } from './client';
import { usePollWhileRunning } from './use-poll-while-running';

interface ExecutionState {
  executions: Record<number, ScheduleExecution>;
  upsert(execution: ScheduleExecution): void;
}

export const useExecutionStore = create<ExecutionState>()((set) => ({
  executions: {},
  upsert: (execution) =>
    set((state) => {
      const known = state.executions[execution.id];
      // A poll that left before the final event can land after it; an ended execution never restarts.
      if (known && known.status !== 'inProgress' && execution.status === 'inProgress') return state;
      return { executions: { ...state.executions, [execution.id]: execution } };
    }),
}));

let subscribed = false;

/** One subscription for the whole window, like the activity events: every rail reads the same state. */
export function subscribeExecutionEvents(): void {
  if (subscribed) return;
  subscribed = true;
  api.on('schedules.onExecutionChanged', useExecutionStore.getState().upsert);
}

const fetchExecution = (id: number): Promise<ScheduleExecution> => api.call('schedules.execution', { id });
const storeExecution = (fresh: ScheduleExecution): void => useExecutionStore.getState().upsert(fresh);

/**
 * The live view of one schedule execution. Events keep it current; executions started by the
 * scheduler or the CLI while the event stream was down are caught by polling while in progress.
 */
export function useLiveExecution(
  id: number | null,
  initial?: ScheduleExecution,
): { execution: ScheduleExecution | undefined; error: string | null } {
  const stored = useExecutionStore((s) => (id === null ? undefined : s.executions[id]));
  const execution = stored ?? (initial?.id === id ? initial : undefined);
  const running = execution === undefined || execution.status === 'inProgress';

  useEffect(() => {
    // A list snapshot must not overwrite fresher state that events already brought in.
    if (initial && !useExecutionStore.getState().executions[initial.id]) useExecutionStore.getState().upsert(initial);
  }, [initial]);

  const error = usePollWhileRunning(id, running, fetchExecution, storeExecution);

  return { execution, error };
}
