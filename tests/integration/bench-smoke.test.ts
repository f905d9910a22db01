import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm run bench` in miniature, so the benchmark cannot rot: the built bench on 300 rows, through
// real run processes. It checks what must hold on any machine: every figure is a real, positive
// number, the runs did the work the data asks for, and progress reached the client. The one bound
// on time is a ceiling no healthy run comes near, so a loaded machine cannot fail it.

const ROWS = 300;
/** A main event loop blocked this long at the 99th percentile means work moved onto it. */
const EVENT_LOOP_P99_CEILING_MS = 1000;

const root = resolve(import.meta.dirname, '..', '..');
const bench = resolve(root, 'out/main/bench.js');

interface BenchReport {
  machine: { cpus: number; model: string; memory: string; node: string };
  baseline: { rows: number; seconds: number; objectsPerSecond: number };
  scenarios: {
    name: string;
    objects: number;
    seconds: number;
    objectsPerSecond: number;
    ratioToBaseline: number;
    target: string;
    met: boolean;
    runProcessPeakRssMb: number | null;
    progressEventsPerSecond: number;
  }[];
  memory: { runProcessPeakRssMb: Record<string, number | null>; mainPeakRssMb: number };
  eventLoop: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number; progressEventsPerSecond: number };
}

function expectPositive(value: unknown, what: string): void {
  expect(typeof value === 'number' && Number.isFinite(value), `${what} is ${String(value)}`).toBe(true);
  expect(value, what).toBeGreaterThan(0);
}

describe('the benchmark (smoke)', () => {
  it(`runs every scenario on ${ROWS} rows and prints one JSON report`, { timeout: 180_000 }, () => {
    expect(existsSync(bench), `${bench} is missing: run \`npm run build\``).toBe(true);
    const result = spawnSync(process.execPath, [bench, '--rows', String(ROWS), '--json'], { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as BenchReport;
    expect(report.machine.cpus).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
    expect(report.baseline.rows).toBe(ROWS);
    expectPositive(report.baseline.seconds, 'baseline seconds');
    expectPositive(report.baseline.objectsPerSecond, 'baseline objects/s');

    // The first import and the export count what the runs report (added, exported): every row
    // generated must arrive. The change file updates every 100th row.
    const changed = ROWS / 100;
    expect(report.scenarios.map((s) => [s.name, s.objects])).toEqual([
      [`full import, ${ROWS} HR rows, empty connector space`, ROWS],
      ['full import again, nothing changed', ROWS],
      [`full sync, ${ROWS} (projection + 14 flows + provisioning to Directory)`, ROWS],
      [`export, ${ROWS} creates to CSV`, ROWS],
      [`delta import + delta sync after a 1% change set (${changed} rows)`, changed],
    ]);
    for (const scenario of report.scenarios) {
      expectPositive(scenario.seconds, `${scenario.name}: seconds`);
      expectPositive(scenario.objectsPerSecond, `${scenario.name}: objects/s`);
      expectPositive(scenario.ratioToBaseline, `${scenario.name}: ratio to baseline`);
      // Every run reports at least its steps to the client, however short it is.
      expectPositive(scenario.progressEventsPerSecond, `${scenario.name}: progress events/s`);
      expect(scenario.target, scenario.name).not.toBe('');
      expect(typeof scenario.met).toBe('boolean');
      // /proc gives the run process's peak RSS on Linux; elsewhere the bench reports null.
      if (process.platform === 'linux') expectPositive(scenario.runProcessPeakRssMb, `${scenario.name}: run-process peak RSS`);
    }
    expectPositive(report.memory.mainPeakRssMb, 'main peak RSS');
    expect(Object.keys(report.memory.runProcessPeakRssMb)).toEqual(report.scenarios.map((s) => s.name));

    const loop = report.eventLoop;
    for (const figure of ['p50Ms', 'p90Ms', 'p99Ms', 'maxMs'] as const) expectPositive(loop[figure], `event loop ${figure}`);
    expect(loop.p50Ms).toBeLessThanOrEqual(loop.p99Ms);
    expect(loop.p99Ms).toBeLessThanOrEqual(loop.maxMs);
    expect(loop.p99Ms).toBeLessThan(EVENT_LOOP_P99_CEILING_MS);
    expectPositive(loop.progressEventsPerSecond, 'progress events/s during the event-loop scenario');
  });
});
