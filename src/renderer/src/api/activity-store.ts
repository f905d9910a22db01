import { create } from 'zustand';
import type { ActivityProgress, ActivitySummary } from '../../../shared/model/index';
import { api } from './client';
import { usePollWhileRunning } from './use-poll-while-running';

interface ActivityState {
  summaries: Record<number, ActivitySummary>;
  progress: Record<number, ActivityProgress>;
  upsert(summary: ActivitySummary): void;
  applyProgress(progress: ActivityProgress): void;
}

export const useActivityStore = create<ActivityState>()((set) => ({
  summaries: {},
  progress: {},
  upsert: (summary) =>
    set((state) => {
      const known = state.summaries[summary.id];
      // A poll that left before the finish event can land after it; an ended activity never restarts.
      if (known && known.status !== 'inProgress' && summary.status === 'inProgress') return state;
      return { summaries: { ...state.summaries, [summary.id]: summary } };
    }),
  applyProgress: (progress) =>
    set((state) => {
      const known = state.summaries[progress.activityId];
      if (known && known.status !== 'inProgress') return state;
      const summaries = known
        ? {
            ...state.summaries,
            [known.id]: {
              // The end of a run is taken only from the finish event or a poll, which carry endedAt.
              ...known,
              step: progress.step,
              objectsToProcess: progress.objectsToProcess,
              objectsProcessed: progress.objectsProcessed,
              counters: progress.counters,
            },
          }
        : state.summaries;
      return { summaries, progress: { ...state.progress, [progress.activityId]: progress } };
    }),
}));

let subscribed = false;

/** One subscription for the whole window: every screen reads the same live state. */
export function subscribeActivityEvents(): void {
  if (subscribed) return;
  subscribed = true;
  const { upsert, applyProgress } = useActivityStore.getState();
  api.on('activities.onProgress', applyProgress);
  api.on('activities.onFinished', upsert);
}

const fetchActivity = (id: number): Promise<ActivitySummary> => api.call('activities.get', { id });
const storeActivity = (fresh: ActivitySummary): void => useActivityStore.getState().upsert(fresh);

/**
 * The live view of one activity. Events keep it current for runs started from this window;
 * runs started by the CLI push nothing here, so we also poll while it is in progress.
 */
export function useLiveActivity(id: number | null): {
  activity: ActivitySummary | undefined;
  progress: ActivityProgress | undefined;
  error: string | null;
} {
  const activity = useActivityStore((s) => (id === null ? undefined : s.summaries[id]));
  const progress = useActivityStore((s) => (id === null ? undefined : s.progress[id]));
  const running = activity === undefined || activity.status === 'inProgress';

  const error = usePollWhileRunning(id, running, fetchActivity, storeActivity);

  return { activity, progress, error };
}
