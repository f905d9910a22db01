import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { ScheduleExecution } from '../../../shared/model/index';
import { ApiError, api, errorMessage } from './client';

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

const POLL_MS = 1000;

/**
 * The live view of one schedule execution. Events keep it current; executions started by the
 * scheduler or the CLI while the event stream was down are caught by polling while in progress.
 */
export function useLiveExecution(
  id: number | null,
  initial?: ScheduleExecution,
): { execution: ScheduleExecution | undefined; error: string | null } {
  const [error, setError] = useState<string | null>(null);
  const stored = useExecutionStore((s) => (id === null ? undefined : s.executions[id]));
  const execution = stored ?? (initial?.id === id ? initial : undefined);
  const running = execution === undefined || execution.status === 'inProgress';

  useEffect(() => {
    // A list snapshot must not overwrite fresher state that events already brought in.
    if (initial && !useExecutionStore.getState().executions[initial.id]) useExecutionStore.getState().upsert(initial);
  }, [initial]);

  useEffect(() => {
    if (id === null || !running) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      try {
        const fresh = await api.call('schedules.execution', { id });
        if (cancelled) return;
        setError(null);
        useExecutionStore.getState().upsert(fresh);
        if (fresh.status !== 'inProgress') return;
      } catch (err) {
        if (cancelled) return;
        setError(errorMessage(err));
        if (err instanceof ApiError && err.code === 'notFound') return;
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [id, running]);

  return { execution, error };
}
