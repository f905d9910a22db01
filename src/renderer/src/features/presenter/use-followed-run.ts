import { useEffect, useState } from 'react';
import type { ActivitySummary } from '../../../../shared/model/index';
import { api, errorMessage } from '../../api/client';

/**
 * Runs started by the CLI or another window push no events here, so the presenter looks for a
 * new run this often; runs started from this window are picked up at once through their events.
 */
export const DISCOVERY_POLL_MS = 2000;
/** Enough top-level activities to see past a few housekeeping passes. */
const LOOK_BACK = 20;

/** What the presenter shows: one run profile run, or a schedule execution with its steps. */
export interface FollowedRun {
  id: number;
  kind: 'run' | 'schedule';
}

const presentable = (a: ActivitySummary): a is ActivitySummary & { kind: FollowedRun['kind'] } =>
  a.kind === 'run' || a.kind === 'schedule';

/**
 * Picks what to follow from the top-level activities: a run in progress (the one already shown
 * while it goes on, else the newest), otherwise the one shown last, otherwise the latest that ran.
 * Pure, so the choice is the same whichever way the lists arrived.
 */
export function chooseFollowed(
  current: FollowedRun | null,
  inProgress: readonly ActivitySummary[],
  latest: readonly ActivitySummary[],
): FollowedRun | null {
  const running = inProgress.filter(presentable);
  if (current && running.some((a) => a.id === current.id)) return current;
  const next = running[0] ?? (current ? undefined : latest.find(presentable));
  return next ? { id: next.id, kind: next.kind } : current;
}

/** The run the presenter follows, found whichever way it was started (app, scheduler or CLI). */
export function useFollowedRun(): { followed: FollowedRun | null; loaded: boolean; error: string | null } {
  const [followed, setFollowed] = useState<FollowedRun | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let busy = false;
    let again = false;
    const known = new Set<number>();
    const look = async (): Promise<void> => {
      // One look at a time; a request made meanwhile runs once the current look is done.
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        const [inProgress, latest] = await Promise.all([
          api.call('activities.list', { status: 'inProgress', topLevelOnly: true, limit: LOOK_BACK }),
          api.call('activities.list', { topLevelOnly: true, limit: LOOK_BACK }),
        ]);
        if (cancelled) return;
        for (const a of [...inProgress.rows, ...latest.rows]) known.add(a.id);
        setFollowed((current) => {
          const next = chooseFollowed(current, inProgress.rows, latest.rows);
          return next?.id === current?.id && next?.kind === current?.kind ? current : next;
        });
        setError(null);
        setLoaded(true);
      } catch (err) {
        if (!cancelled) setError(errorMessage(err));
      } finally {
        busy = false;
        if (again && !cancelled) {
          again = false;
          void look();
        }
      }
    };
    void look();
    const timer = setInterval(() => void look(), DISCOVERY_POLL_MS);
    const offExecution = api.on('schedules.onExecutionChanged', (e) => {
      if (!known.has(e.id)) void look();
    });
    const offProgress = api.on('activities.onProgress', (p) => {
      // A step run's first event names an activity not seen yet; its parent may be new too.
      if (!known.has(p.activityId)) {
        known.add(p.activityId);
        void look();
      }
    });
    const offFinished = api.on('activities.onFinished', () => void look());
    return () => {
      cancelled = true;
      clearInterval(timer);
      offExecution();
      offProgress();
      offFinished();
    };
  }, []);

  return { followed, loaded, error };
}
