/** One look at a run's progress: from a progress event, or from a polled activity summary. */
export interface ProgressReading {
  activityId: number;
  step: string;
  /** The current step's total; null while it is unknown (counting rows, loading a file). */
  total: number | null;
  processed: number;
  /** When the reading reached this window (ms, this window's clock). */
  arrivedAt: number;
  /**
   * Milliseconds since the run started, measured by the run itself (progress events carry it).
   * Events can reach the window in bursts; placing them by the run's own clock instead of their
   * arrival keeps a burst from looking like a thousand objects in a millisecond.
   */
  elapsedMs: number | null;
}

export interface ThroughputSeries {
  /** Objects per second in each bucket, oldest first. */
  rates: number[];
  bucketSeconds: number;
  peak: number;
}

interface WorkPoint {
  step: string;
  arrivedAt: number;
  elapsedMs: number | null;
  /** Objects processed by the run so far, over every counted step. */
  work: number;
}

/**
 * A step's count, from the first reading of it: a run seen mid-step, or a polled summary that
 * already names the next step while still holding the previous step's figures (the step is
 * stored at once, the counts after its first batch), must not look like a burst of work.
 */
interface StepCount {
  baseline: number;
  most: number;
}

interface RunTrack {
  steps: Map<string, StepCount>;
  /** The smallest arrival - elapsed seen: the run's start on this window's clock, least delayed. */
  anchor: number | null;
  points: WorkPoint[];
}

/** The whole run in at most this many points, so the line keeps its shape on any screen. */
export const MAX_POINTS = 60;

/**
 * Records progress readings of one or more runs and turns them into objects per second over
 * time. Work is cumulative per run (a step's count restarts at 0, so each step adds its own),
 * spread evenly between consecutive readings, then summed over runs going in parallel.
 */
export class ThroughputRecorder {
  private readonly tracks = new Map<number, RunTrack>();

  record(reading: ProgressReading): void {
    const track = this.trackOf(reading.activityId);
    if (reading.elapsedMs !== null) {
      const anchor = reading.arrivedAt - reading.elapsedMs;
      track.anchor = track.anchor === null ? anchor : Math.min(track.anchor, anchor);
    }
    // Steps whose total is unknown (counting rows, detecting deletions, loading a file) read or
    // scan without processing objects; at hundreds of thousands of rows a second they would
    // flatten the line of the work the audience came to see.
    if (reading.total !== null) {
      const count = track.steps.get(reading.step);
      if (!count) track.steps.set(reading.step, { baseline: reading.processed, most: reading.processed });
      // Below the first reading: that one was the previous step's figures; this step counts from 0.
      else if (reading.processed < count.baseline) track.steps.set(reading.step, { baseline: 0, most: reading.processed });
      // A poll that left before a newer event can land after it: counts never go back.
      else count.most = Math.max(count.most, reading.processed);
    }
    const point = { step: reading.step, arrivedAt: reading.arrivedAt, elapsedMs: reading.elapsedMs, work: workOf(track) };
    const [before, last] = track.points.slice(-2);
    const plateau = before !== undefined && last !== undefined && before.work === last.work;
    if (plateau && last.work === point.work) {
      // A reading without new work says nothing happened since the last one; a run of them
      // only needs its first and last point.
      track.points[track.points.length - 1] = point;
    } else if (plateau && point.elapsedMs === null && before.step === point.step && last.step === point.step) {
      // A polled count moves once per stored batch: the work of a step went on all through the
      // readings that did not move yet, so spread it from the last move, not the last reading.
      track.points[track.points.length - 1] = point;
    } else {
      track.points.push(point);
    }
  }

  /** When the latest reading was placed (ms), or null before the first. */
  latestAt(): number | null {
    let latest: number | null = null;
    for (const track of this.tracks.values()) {
      const last = track.points.at(-1);
      if (last) latest = Math.max(latest ?? -Infinity, placedAt(track, last));
    }
    return latest;
  }

  /** Objects per second from the first reading up to `end`, in buckets of whole seconds. */
  series(end: number, maxPoints = MAX_POINTS): ThroughputSeries {
    const lines = [...this.tracks.values()]
      .map((track) => monotonic(track.points.map((p) => ({ at: placedAt(track, p), work: p.work }))))
      .filter((line) => line.length > 0);
    const start = Math.min(...lines.map((line) => line[0]?.at ?? Infinity));
    if (!Number.isFinite(start) || end <= start) return { rates: [], bucketSeconds: 1, peak: 0 };
    const bucketSeconds = Math.max(1, Math.ceil((end - start) / maxPoints / 1000));
    const bucketMs = bucketSeconds * 1000;
    const rates: number[] = [];
    for (let from = start; from < end; from += bucketMs) {
      const to = Math.min(end, from + bucketMs);
      const done = lines.reduce((total, line) => total + workAt(line, to) - workAt(line, from), 0);
      rates.push(done / ((to - from) / 1000));
    }
    return { rates, bucketSeconds, peak: Math.max(0, ...rates) };
  }

  private trackOf(activityId: number): RunTrack {
    let track = this.tracks.get(activityId);
    if (!track) {
      track = { steps: new Map(), anchor: null, points: [] };
      this.tracks.set(activityId, track);
    }
    return track;
  }
}

function workOf(track: RunTrack): number {
  let total = 0;
  for (const count of track.steps.values()) total += count.most - count.baseline;
  return total;
}

function placedAt(track: RunTrack, point: WorkPoint): number {
  return point.elapsedMs !== null && track.anchor !== null ? track.anchor + point.elapsedMs : point.arrivedAt;
}

/** Mixed event and poll placements can step back a little; time only moves forward. */
function monotonic(points: { at: number; work: number }[]): { at: number; work: number }[] {
  let latest = -Infinity;
  return points.map((p) => {
    latest = Math.max(latest, p.at);
    return { at: latest, work: p.work };
  });
}

/**
 * Work done by `at`, assuming an even pace between readings. Before its first reading a run
 * counts as already at that reading: work done before the presenter watched is not plotted.
 */
function workAt(line: readonly { at: number; work: number }[], at: number): number {
  const first = line[0];
  if (!first || at <= first.at) return first?.work ?? 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1];
    const b = line[i];
    if (!a || !b) break;
    if (at <= b.at) return b.at === a.at ? b.work : a.work + ((b.work - a.work) * (at - a.at)) / (b.at - a.at);
  }
  return line.at(-1)?.work ?? 0;
}
