import { describe, expect, it } from 'vitest';
import { ThroughputRecorder, type ProgressReading } from '../../src/renderer/src/features/presenter/throughput-series';

// The presenter's throughput line (issue #10 §3): objects per second over the run, from
// progress events and from polled summaries of runs the CLI started.

const T0 = 1_000_000;

function reading(over: Partial<ProgressReading> & Pick<ProgressReading, 'processed'>): ProgressReading {
  return { activityId: 1, step: 'Processing objects', total: 10_000, arrivedAt: T0, elapsedMs: null, ...over };
}

describe('ThroughputRecorder', () => {
  it('places events by the run clock, so a burst of late events is no spike', () => {
    const recorder = new ThroughputRecorder();
    // 100 objects/s for 10 s, pushed every 200 ms, all of which reach the window at once at the end.
    for (let ms = 0; ms <= 10_000; ms += 200) {
      recorder.record(reading({ processed: ms / 10, elapsedMs: ms, arrivedAt: T0 + 10_050 + ms / 1000 }));
    }
    const { rates, peak } = recorder.series(T0 + 10_000 + 50);
    expect(rates).toHaveLength(10);
    for (const rate of rates) expect(rate).toBeCloseTo(100, 0);
    expect(peak).toBeLessThan(101);
  });

  it('shows a slowdown as it happened', () => {
    const recorder = new ThroughputRecorder();
    // 400/s for 5 s, then 50/s for 5 s.
    for (let s = 0; s <= 10; s++) {
      const processed = s <= 5 ? s * 400 : 2000 + (s - 5) * 50;
      recorder.record(reading({ processed, elapsedMs: s * 1000, arrivedAt: T0 + s * 1000 }));
    }
    const { rates } = recorder.series(T0 + 10_000);
    expect(rates.slice(0, 5).every((r) => Math.abs(r - 400) < 1)).toBe(true);
    expect(rates.slice(5).every((r) => Math.abs(r - 50) < 1)).toBe(true);
  });

  it('follows a run known only from polled summaries (no events: the CLI started it)', () => {
    const recorder = new ThroughputRecorder();
    for (let s = 0; s <= 6; s++) recorder.record(reading({ processed: s * 250, arrivedAt: T0 + s * 1000 }));
    const { rates, peak } = recorder.series(T0 + 6000);
    expect(rates).toEqual([250, 250, 250, 250, 250, 250]);
    expect(peak).toBe(250);
  });

  it('spreads a polled count that moves once per stored batch over the whole batch', () => {
    const recorder = new ThroughputRecorder();
    // 100 objects/s, stored every 3 s, polled every second.
    for (let s = 0; s <= 9; s++) recorder.record(reading({ processed: Math.floor(s / 3) * 300, arrivedAt: T0 + s * 1000 }));
    expect(recorder.series(T0 + 9000).rates).toEqual([100, 100, 100, 100, 100, 100, 100, 100, 100]);
  });

  it('keeps counting when a step restarts its count, and leaves out steps without a total', () => {
    const recorder = new ThroughputRecorder();
    recorder.record(reading({ step: 'Counting rows', total: null, processed: 0, arrivedAt: T0 }));
    recorder.record(reading({ step: 'Counting rows', total: null, processed: 90_000, arrivedAt: T0 + 500 }));
    recorder.record(reading({ step: 'Importing objects', total: 1000, processed: 0, arrivedAt: T0 + 1000 }));
    recorder.record(reading({ step: 'Importing objects', total: 1000, processed: 1000, arrivedAt: T0 + 2000 }));
    recorder.record(reading({ step: 'Resolving references', total: 500, processed: 0, arrivedAt: T0 + 2000 }));
    recorder.record(reading({ step: 'Resolving references', total: 500, processed: 500, arrivedAt: T0 + 3000 }));
    const { rates } = recorder.series(T0 + 3000);
    expect(rates).toEqual([0, 1000, 500]);
  });

  it('does not count a polled step change that still holds the previous step’s figures', () => {
    const recorder = new ThroughputRecorder();
    recorder.record(reading({ step: 'Processing objects', total: 800, processed: 0, arrivedAt: T0 }));
    recorder.record(reading({ step: 'Processing objects', total: 800, processed: 800, arrivedAt: T0 + 1000 }));
    recorder.record(reading({ step: 'Resolving references', total: 800, processed: 800, arrivedAt: T0 + 2000 }));
    recorder.record(reading({ step: 'Resolving references', total: 100, processed: 100, arrivedAt: T0 + 3000 }));
    expect(recorder.series(T0 + 3000).rates).toEqual([800, 0, 100]);
  });

  it('does not turn the previous step’s late final figures, polled under the next step’s name, into a burst', () => {
    const recorder = new ThroughputRecorder();
    recorder.record(reading({ step: 'Processing objects', total: 1000, processed: 0, arrivedAt: T0 }));
    recorder.record(reading({ step: 'Processing objects', total: 1000, processed: 500, arrivedAt: T0 + 1000 }));
    recorder.record(reading({ step: 'Processing objects', total: 1000, processed: 900, arrivedAt: T0 + 2000 }));
    recorder.record(reading({ step: 'Resolving references', total: 1000, processed: 1000, arrivedAt: T0 + 3000 }));
    recorder.record(reading({ step: 'Resolving references', total: 1000, processed: 1000, arrivedAt: T0 + 4000 }));
    expect(recorder.series(T0 + 4000).rates).toEqual([500, 400, 0, 0]);
  });

  it('ignores a stale poll that lands after a newer event', () => {
    const recorder = new ThroughputRecorder();
    recorder.record(reading({ processed: 0, elapsedMs: 0, arrivedAt: T0 }));
    recorder.record(reading({ processed: 500, elapsedMs: 1000, arrivedAt: T0 + 1000 }));
    recorder.record(reading({ processed: 300, arrivedAt: T0 + 1100 }));
    recorder.record(reading({ processed: 1000, elapsedMs: 2000, arrivedAt: T0 + 2000 }));
    expect(recorder.series(T0 + 2000).rates).toEqual([500, 500]);
  });

  it('adds up steps running in parallel', () => {
    const recorder = new ThroughputRecorder();
    for (let s = 0; s <= 4; s++) {
      recorder.record(reading({ activityId: 1, processed: s * 100, elapsedMs: s * 1000, arrivedAt: T0 + s * 1000 }));
      recorder.record(reading({ activityId: 2, processed: s * 30, elapsedMs: s * 1000, arrivedAt: T0 + s * 1000 }));
    }
    expect(recorder.series(T0 + 4000).rates).toEqual([130, 130, 130, 130]);
  });

  it('does not plot the work done before the presenter first saw the run', () => {
    const recorder = new ThroughputRecorder();
    recorder.record(reading({ processed: 7000, arrivedAt: T0 }));
    recorder.record(reading({ processed: 7200, arrivedAt: T0 + 1000 }));
    expect(recorder.series(T0 + 1000).rates).toEqual([200]);
  });

  it('covers a long run in at most 60 points of whole seconds', () => {
    const recorder = new ThroughputRecorder();
    for (let s = 0; s <= 600; s += 5) recorder.record(reading({ processed: s * 20, arrivedAt: T0 + s * 1000 }));
    const { rates, bucketSeconds } = recorder.series(T0 + 600_000);
    expect(bucketSeconds).toBe(10);
    expect(rates).toHaveLength(60);
    for (const rate of rates) expect(rate).toBeCloseTo(20, 6);
  });

  it('has nothing to plot before the first reading', () => {
    expect(new ThroughputRecorder().series(T0)).toEqual({ rates: [], bucketSeconds: 1, peak: 0 });
  });
});
