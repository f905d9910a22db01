import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm run bench` in miniature, so the benchmark cannot rot: the built bench on 300 rows, through
// real run processes. Shapes and positive rates only; never a timing assertion.

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
  }[];
  memory: { runProcessPeakRssMb: Record<string, number | null>; mainPeakRssMb: number };
  eventLoop: { p50Ms: number; p99Ms: number; maxMs: number; progressEventsPerSecond: number };
}

describe('the benchmark (smoke)', () => {
  it('runs every scenario on 300 rows and prints one JSON report', { timeout: 180_000 }, () => {
    expect(existsSync(bench), `${bench} is missing: run \`npm run build\``).toBe(true);
    const result = spawnSync(process.execPath, [bench, '--rows', '300', '--json'], { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as BenchReport;
    expect(report.machine.cpus).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
    expect(report.baseline.rows).toBe(300);
    expect(report.baseline.objectsPerSecond).toBeGreaterThan(0);
    expect(report.scenarios.map((s) => s.name)).toEqual([
      'full import, 300 HR rows, empty connector space',
      'full import again, nothing changed',
      'full sync, 300 (projection + 14 flows + provisioning to Directory)',
      'export, 300 creates to CSV',
      'delta import + delta sync after a 1% change set (3 rows)',
    ]);
    for (const scenario of report.scenarios) {
      expect(scenario.objects, scenario.name).toBeGreaterThan(0);
      expect(scenario.seconds, scenario.name).toBeGreaterThan(0);
      expect(scenario.objectsPerSecond, scenario.name).toBeGreaterThan(0);
      expect(scenario.ratioToBaseline, scenario.name).toBeGreaterThan(0);
      expect(typeof scenario.target).toBe('string');
      expect(typeof scenario.met).toBe('boolean');
    }
    expect(report.memory.mainPeakRssMb).toBeGreaterThan(0);
    expect(Object.keys(report.memory.runProcessPeakRssMb)).toHaveLength(report.scenarios.length);
    expect(report.eventLoop.p99Ms).toBeGreaterThanOrEqual(0);
  });
});
