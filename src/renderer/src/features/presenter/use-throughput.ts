import { useEffect, useMemo, useRef, useState } from 'react';
import type { ActivitySummary } from '../../../../shared/model/index';
import { useActivityStore } from '../../api/activity-store';
import { api } from '../../api/client';
import { ThroughputRecorder, type ThroughputSeries } from './throughput-series';

/** The line moves on, and runs without events are read, once a second while the run goes. */
const TICK_MS = 1000;
/** The newest stretch is drawn only once a reading covers it; polled runs report every second. */
const SETTLE_MS = 1500;

/** What the line covers: one run, or every step run of a schedule execution. */
export interface ThroughputSource {
  kind: 'run' | 'schedule';
  id: number;
}

function readRuns(source: ThroughputSource): Promise<ActivitySummary[]> {
  return source.kind === 'run'
    ? api.call('activities.get', { id: source.id }).then((run) => [run])
    : api.call('activities.children', { id: source.id });
}

/**
 * Objects per second of a run (or of every step run of a schedule execution) over time.
 * Readings come from progress events where the run pushes them, and from polling where it does
 * not (a run the CLI started pushes nothing to this window). One poller, placed at the middle of
 * its request, so readings of the same run are never out of step with each other.
 */
export function useThroughput(source: ThroughputSource, running: boolean): ThroughputSeries {
  const { kind, id } = source;
  const recorder = useRef(new ThroughputRecorder());
  const [version, setVersion] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  /** Runs that push events: their polled copies would only be a second, coarser voice. */
  const evented = useRef(new Set<number>());

  useEffect(() => {
    const followed = (activityId: number): boolean => {
      if (kind === 'run') return activityId === id;
      return useActivityStore.getState().summaries[activityId]?.parentActivityId === id;
    };
    return api.on('activities.onProgress', (p) => {
      if (!followed(p.activityId)) return;
      evented.current.add(p.activityId);
      recorder.current.record({
        activityId: p.activityId,
        step: p.step,
        total: p.objectsToProcess,
        processed: p.objectsProcessed,
        arrivedAt: Date.now(),
        elapsedMs: p.elapsedMs,
      });
      setVersion((v) => v + 1);
    });
  }, [kind, id]);

  useEffect(() => {
    if (!running) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      const sentAt = Date.now();
      try {
        const runs = await readRuns({ kind, id });
        if (cancelled) return;
        const readAt = Math.round((sentAt + Date.now()) / 2);
        const { upsert } = useActivityStore.getState();
        for (const run of runs) {
          // Step runs only a poll found still need the store to know them as this execution's.
          upsert(run);
          if (evented.current.has(run.id)) continue;
          recorder.current.record({
            activityId: run.id,
            step: run.step,
            total: run.objectsToProcess,
            processed: run.objectsProcessed,
            arrivedAt: readAt,
            elapsedMs: null,
          });
        }
        setVersion((v) => v + 1);
      } catch {
        // The next tick tries again; the dashboard's own polling reports a lost connection.
      }
      if (!cancelled) timer = setTimeout(() => void poll(), TICK_MS);
    };
    void poll();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [kind, id, running]);

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [running]);

  return useMemo(() => {
    void version;
    const latest = recorder.current.latestAt();
    // Running: up to now, less the stretch no reading has reached yet (it would dip to 0).
    // Ended: up to the last reading, so the line keeps the shape of the whole run.
    const end = latest === null ? now : running && now - latest > SETTLE_MS ? now : latest;
    return recorder.current.series(end);
  }, [version, now, running]);
}
