import { useEffect, useMemo, useState } from 'react';
import { useActivityStore } from '../../api/activity-store';
import { api } from '../../api/client';

/** The sparkline covers this many seconds, one point per second. */
export const WINDOW_SECONDS = 60;

interface Sample {
  at: number;
  activityId: number;
  step: string;
  processed: number;
  rate: number;
}

/**
 * Objects per second of an execution's step runs over the last minute, one point per second,
 * built from the live progress samples (activities.onProgress) of its child activities.
 * A second without a sample repeats the last one of the same run while it is still going.
 */
export function useThroughput(executionId: number, stepActivityIds: readonly number[], running: boolean): number[] {
  const [samples, setSamples] = useState<Sample[]>([]);
  const [now, setNow] = useState(() => Date.now());
  const idsKey = stepActivityIds.join(',');

  useEffect(() => {
    const ids = new Set(idsKey.split(',').filter(Boolean).map(Number));
    return api.on('activities.onProgress', (p) => {
      // The execution event naming a new step's activity can arrive after that step's first sample.
      const parent = useActivityStore.getState().summaries[p.activityId]?.parentActivityId;
      if (!ids.has(p.activityId) && parent !== executionId) return;
      const at = Date.now();
      setSamples((prev) => {
        // The rate between two samples of the same step, not the step's average so far: an
        // average spikes right after a step starts and lags behind a slowdown.
        const before = prev.findLast((s) => s.activityId === p.activityId && s.step === p.step);
        const seconds = before ? (at - before.at) / 1000 : 0;
        const rate = before && seconds > 0 ? Math.max(0, (p.objectsProcessed - before.processed) / seconds) : 0;
        return [
          ...prev.filter((s) => s.at > at - (WINDOW_SECONDS + 5) * 1000),
          { at, activityId: p.activityId, step: p.step, processed: p.objectsProcessed, rate },
        ];
      });
    });
  }, [executionId, idsKey]);

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);

  const finishedIds = useActivityStore((s) =>
    stepActivityIds.filter((id) => {
      const a = s.summaries[id];
      return a !== undefined && a.status !== 'inProgress';
    }).join(','),
  );

  return useMemo(() => {
    const finished = new Set(finishedIds.split(',').filter(Boolean).map(Number));
    // When the run is over the window stays where the last sample left it.
    const end = running ? now : (samples.at(-1)?.at ?? now);
    const start = end - WINDOW_SECONDS * 1000;
    const points: number[] = [];
    let i = 0;
    let last: Sample | undefined;
    for (let second = 0; second < WINDOW_SECONDS; second++) {
      const bucketEnd = start + (second + 1) * 1000;
      let inBucket: Sample | undefined;
      while (i < samples.length && (samples[i]?.at ?? Infinity) < bucketEnd) {
        const s = samples[i];
        if (s && s.at >= bucketEnd - 1000) inBucket = s;
        if (s) last = s;
        i++;
      }
      if (inBucket) points.push(inBucket.rate);
      else if (last && !finished.has(last.activityId) && bucketEnd - last.at < 5000) points.push(last.rate);
      else points.push(0);
    }
    return points;
  }, [samples, now, running, finishedIds]);
}
