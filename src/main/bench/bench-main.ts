import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ApiError, type InputOf, type MethodName, type OutputOf } from '../../shared/contract';
import type { ActivitySummary, RunType } from '../../shared/model';
import { readCsv } from '../engine/connectors/file/csv-reader';
import { createAppHost, type AppHost } from '../host/app-host';
import { resolveWorkerEntry } from '../host/paths';
import { dispatch } from '../ipc/handlers';
import { createNodeProcessPort } from '../runs/node-process-port';
import type { RunProcessPort } from '../runs/process-port';
import { DIRECTORY_COLUMNS, HR_COLUMNS, writeChangeCsv, writeHrCsv } from './data';

// `npm run bench`: Junction's own benchmark. A main-process host (the same createAppHost the app
// and serve mode use) drives real run processes over a real database on generated data, and
// every figure is also given relative to a raw baseline measured in the same run.

interface Options {
  rows: number;
  largeRows: number;
  large: boolean;
  json: boolean;
  keep: boolean;
  batchSize: number;
}

interface RunMeasure {
  activity: ActivitySummary;
  seconds: number;
  progressEvents: number;
  /** VmHWM of the run process, MB; null where /proc is not available. */
  runPeakRssMb: number | null;
  eventLoop: EventLoopFigures;
}

interface EventLoopFigures {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface Scenario {
  name: string;
  objects: number;
  seconds: number;
  objectsPerSecond: number;
  ratioToBaseline: number;
  target: string;
  met: boolean;
  /** What the target compares, as measured (e.g. "2.1x baseline, 61k/s"). */
  measured: string;
  runProcessPeakRssMb: number | null;
  progressEventsPerSecond: number;
  eventLoopP99Ms: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '100000' },
      'large-rows': { type: 'string', default: '1000000' },
      large: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: '1000' },
    },
  });
  const int = (text: string, name: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  return {
    rows: int(values.rows, 'rows'),
    largeRows: int(values['large-rows'], 'large-rows'),
    large: values.large,
    json: values.json,
    keep: values.keep,
    batchSize: int(values['batch-size'], 'batch-size'),
  };
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Peak resident set (VmHWM) of a live process, MB, from Linux /proc; null elsewhere. */
function peakRssOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** The Node port, watched: each run process's peak RSS is read just before it exits. */
function measuredPort(peaks: Map<number, number | null>): RunProcessPort {
  const inner = createNodeProcessPort(resolveWorkerEntry());
  return {
    start(args) {
      const handle = inner.start(args);
      const sample = (): void => {
        const peak = peakRssOf(handle.pid);
        if (peak !== null) peaks.set(args.activityId, Math.max(peak, peaks.get(args.activityId) ?? 0));
        else if (!peaks.has(args.activityId)) peaks.set(args.activityId, null);
      };
      const poll = setInterval(sample, 250);
      poll.unref();
      // The worker sends `finished` after closing its database and before it exits: VmHWM then is its peak.
      handle.onMessage((message) => {
        if (message.kind === 'finished') sample();
      });
      handle.onExit(() => clearInterval(poll));
      return handle;
    },
  };
}

class Bench {
  readonly peaks = new Map<number, number | null>();
  readonly host: AppHost;
  private readonly waiters = new Map<number, (activity: ActivitySummary) => void>();
  private readonly finished = new Map<number, ActivitySummary>();
  private progressEvents = 0;
  mainPeakDuringRuns = 0;

  constructor(readonly dir: string) {
    this.host = createAppHost({
      databasePath: join(dir, 'junction.sqlite'),
      port: measuredPort(this.peaks),
      info: { host: 'browser', version: 'bench', nativeFilePicker: false },
    });
    // The client: every event a transport would relay, as the window receives them.
    this.host.onEvent((event, payload) => {
      if (event === 'activities.onProgress') {
        this.progressEvents++;
      } else if (event === 'activities.onFinished') {
        const activity = payload as ActivitySummary;
        if (activity.status === 'inProgress') return;
        const waiter = this.waiters.get(activity.id);
        if (waiter) waiter(activity);
        else this.finished.set(activity.id, activity);
      }
    });
  }

  async call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
    const envelope = await dispatch(this.host.handlers, method, input);
    if (!envelope.ok) throw new ApiError(envelope.error);
    return envelope.value as OutputOf<M>;
  }

  /** Enqueues a run profile and measures it, enqueue to `finished`. */
  async run(profileId: number): Promise<RunMeasure> {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const progressBefore = this.progressEvents;
    let mainPeak = 0;
    const sampler = setInterval(() => {
      mainPeak = Math.max(mainPeak, process.memoryUsage.rss());
    }, 100);
    histogram.enable();
    const started = performance.now();
    const { activityId } = await this.call('runProfiles.execute', { id: profileId });
    const activity = await new Promise<ActivitySummary>((resolve) => {
      const early = this.finished.get(activityId);
      if (early) resolve(early);
      else this.waiters.set(activityId, resolve);
    });
    const seconds = (performance.now() - started) / 1000;
    histogram.disable();
    clearInterval(sampler);
    mainPeak = Math.max(mainPeak, process.memoryUsage.rss());
    this.mainPeakDuringRuns = Math.max(this.mainPeakDuringRuns, mainPeak);
    this.waiters.delete(activityId);
    if (activity.status !== 'complete') {
      throw new Error(`${activity.systemName} / ${activity.runProfileName} ended ${activity.status}: ${activity.errorMessage ?? activity.message ?? ''}`);
    }
    const ms = (ns: number): number => round(ns / 1e6, 2);
    return {
      activity,
      seconds,
      progressEvents: this.progressEvents - progressBefore,
      runPeakRssMb: this.peaks.get(activityId) ?? null,
      eventLoop: {
        p50Ms: ms(histogram.percentile(50)),
        p90Ms: ms(histogram.percentile(90)),
        p99Ms: ms(histogram.percentile(99)),
        maxMs: ms(histogram.max),
      },
    };
  }

  close(): void {
    this.host.close();
  }
}

interface Lab {
  profiles: Record<'hrImport' | 'hrFullSync' | 'hrDeltaImport' | 'hrDeltaSync' | 'directoryExport', number>;
  hrSystemId: number;
}

/** HR (import only) -> metaverse -> Directory (export only), built through the handlers as a user would. */
async function buildLab(bench: Bench, files: { hr: string; changes: string; directory: string }, batchSize: number): Promise<Lab> {
  writeFileSync(files.directory, `${DIRECTORY_COLUMNS.join(',')}\n`);
  const hr = await bench.call('systems.create', {
    name: 'HR',
    connectorType: 'file',
    settings: { filePath: files.hr, objectType: 'person', externalIdColumn: 'employeeId' },
  });
  const directory = await bench.call('systems.create', {
    name: 'Directory',
    connectorType: 'file',
    settings: { filePath: files.directory, objectType: 'person', externalIdColumn: 'id', mode: 'exportOnly' },
  });
  const schema = await bench.call('metaverse.schema', {});
  const person = schema.objectTypes.find((t) => t.name === 'person');
  if (!person) throw new Error('The metaverse has no person type');
  const direct = HR_COLUMNS.filter((c) => c !== 'managerId');
  for (const name of direct) {
    if (!schema.attributes.some((a) => a.name === name)) {
      await bench.call('metaverse.createAttribute', { name, type: 'text', boundTypeIds: [person.id] });
    }
  }
  for (const [name, type] of [
    ['manager', 'reference'],
    ['email', 'text'],
    ['accountName', 'text'],
  ] as const) {
    await bench.call('metaverse.createAttribute', { name, type, boundTypeIds: [person.id] });
  }
  // 14 inbound flows: 11 direct, a reference, and 3 expressions.
  await bench.call('syncRules.create', {
    name: 'HR people in',
    connectedSystemId: hr.id,
    csObjectType: 'person',
    mvObjectType: 'person',
    direction: 'inbound',
    projectToMetaverse: true,
    matching: [{ sources: ['employeeId'], target: 'employeeId' }],
    flows: [
      ...direct.map((name) => ({ target: name, source: { kind: 'attribute' as const, attribute: name } })),
      { target: 'manager', source: { kind: 'attribute', attribute: 'managerId' } },
      { target: 'displayName', source: { kind: 'expression', expression: 'cs["firstName"] + " " + cs["lastName"]' } },
      { target: 'email', source: { kind: 'expression', expression: 'Lower(cs["firstName"] + "." + cs["lastName"]) + "@corp.example"' } },
      { target: 'accountName', source: { kind: 'expression', expression: 'Lower(Left(cs["firstName"], 1) + cs["lastName"])' } },
    ],
  });
  await bench.call('syncRules.create', {
    name: 'Directory people out',
    connectedSystemId: directory.id,
    csObjectType: 'person',
    mvObjectType: 'person',
    direction: 'outbound',
    provisionToSystem: true,
    deprovisionAction: 'delete',
    flows: [
      { target: 'id', source: { kind: 'attribute', attribute: 'employeeId' } },
      { target: 'displayName', source: { kind: 'attribute', attribute: 'displayName' } },
      { target: 'mail', source: { kind: 'attribute', attribute: 'email' } },
      { target: 'department', source: { kind: 'attribute', attribute: 'department' } },
      { target: 'title', source: { kind: 'attribute', attribute: 'title' } },
      { target: 'location', source: { kind: 'attribute', attribute: 'location' } },
      { target: 'manager', source: { kind: 'attribute', attribute: 'manager' } },
      { target: 'login', source: { kind: 'attribute', attribute: 'accountName' } },
    ],
  });
  const profile = async (systemId: number, name: string, runType: RunType, filePath: string | null = null): Promise<number> =>
    (await bench.call('runProfiles.create', { systemId, name, runType, batchSize, filePath })).id;
  return {
    hrSystemId: hr.id,
    profiles: {
      hrImport: await profile(hr.id, 'Full import', 'fullImport'),
      hrFullSync: await profile(hr.id, 'Full sync', 'fullSync'),
      hrDeltaImport: await profile(hr.id, 'Delta import', 'deltaImport', files.changes),
      hrDeltaSync: await profile(hr.id, 'Delta sync', 'deltaSync'),
      directoryExport: await profile(directory.id, 'Export', 'export'),
    },
  };
}

/** The raw baseline: the engine's CSV reader (csv-parse) into a fresh table, one transaction. */
async function rawBaseline(csvPath: string, dbPath: string): Promise<{ rows: number; seconds: number }> {
  const db = new Database(dbPath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const columns = HR_COLUMNS.map((c) => `"${c}" TEXT`).join(', ');
    db.exec(`CREATE TABLE raw (${columns})`);
    const insert = db.prepare(`INSERT INTO raw VALUES (${HR_COLUMNS.map(() => '?').join(', ')})`);
    const started = performance.now();
    let rows = 0;
    db.exec('BEGIN');
    for await (const part of readCsv(csvPath, { delimiter: ',' })) {
      if ('header' in part) continue;
      for (const record of part.records) {
        insert.run(record);
        rows++;
      }
    }
    db.exec('COMMIT');
    return { rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    db.close();
  }
}

function machine(): { cpus: number; model: string; memory: string; node: string; platform: string } {
  const list = cpus();
  return {
    cpus: list.length,
    model: list[0]?.model.trim() ?? 'unknown',
    memory: `${Math.round(totalmem() / 1024 ** 3)} GB`,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

const rate = (objects: number, seconds: number): number => (seconds > 0 ? Math.round(objects / seconds) : 0);
const kps = (n: number): string => (n >= 1000 ? `${round(n / 1000, 1)}k/s` : `${n}/s`);

async function main(): Promise<void> {
  const opts = options();
  const log = (line: string): void => {
    // Progress goes to stderr so `--json` leaves stdout one JSON object.
    process.stderr.write(`${line}\n`);
  };
  const dir = mkdtempSync(join(tmpdir(), 'junction-bench-'));
  const files = {
    hr: join(dir, 'hr.csv'),
    changes: join(dir, 'hr-changes.csv'),
    directory: join(dir, 'directory.csv'),
    large: join(dir, 'hr-large.csv'),
  };
  const bench = new Bench(dir);
  try {
    log(`bench: writing ${opts.rows} HR rows in ${dir}`);
    await writeHrCsv(files.hr, opts.rows);
    const changed = await writeChangeCsv(files.changes, opts.rows);
    const lab = await buildLab(bench, files, opts.batchSize);

    log('bench: raw baseline');
    // The median of three, each into a fresh database: one sample on a busy machine is too noisy a yardstick.
    const samples: { rows: number; seconds: number }[] = [];
    for (let n = 1; n <= 3; n++) samples.push(await rawBaseline(files.hr, join(dir, `baseline-${n}.sqlite`)));
    samples.sort((a, b) => a.seconds - b.seconds);
    const baselineRun = samples[1] as { rows: number; seconds: number };
    const perObject = baselineRun.seconds / baselineRun.rows;
    const baseline = {
      rows: baselineRun.rows,
      seconds: round(baselineRun.seconds),
      samplesSeconds: samples.map((sample) => round(sample.seconds)),
      objectsPerSecond: rate(baselineRun.rows, baselineRun.seconds),
      what: 'median of 3: the engine CSV reader (csv-parse) + one-transaction insert of the same rows into a fresh better-sqlite3 table, in this process',
    };
    const scenarios: Scenario[] = [];
    const measures = new Map<string, RunMeasure>();
    const add = (name: string, objects: number, m: RunMeasure, target: string, met: boolean, measured: string, basePerObject = perObject): Scenario => {
      const seconds = m.seconds;
      const scenario: Scenario = {
        name,
        objects,
        seconds: round(seconds),
        objectsPerSecond: rate(objects, seconds),
        ratioToBaseline: round(seconds / objects / basePerObject, 2),
        target,
        met,
        measured,
        runProcessPeakRssMb: m.runPeakRssMb,
        progressEventsPerSecond: round(m.progressEvents / m.seconds, 1),
        eventLoopP99Ms: m.eventLoop.p99Ms,
      };
      scenarios.push(scenario);
      measures.set(name, m);
      log(`bench: ${name}: ${scenario.seconds}s, ${kps(scenario.objectsPerSecond)}`);
      return scenario;
    };

    log('bench: full import');
    const first = await bench.run(lab.profiles.hrImport);
    const firstRatio = first.seconds / first.activity.counters.added / perObject;
    add(
      `full import, ${opts.rows} HR rows, empty connector space`,
      first.activity.counters.added,
      first,
      '>= 50k objects/s and <= 3x raw baseline time',
      rate(first.activity.counters.added, first.seconds) >= 50_000 && firstRatio <= 3,
      `${kps(rate(first.activity.counters.added, first.seconds))}, ${round(firstRatio, 2)}x baseline`,
    );

    const again = await bench.run(lab.profiles.hrImport);
    const speedup = first.seconds / again.seconds;
    add(
      'full import again, nothing changed',
      opts.rows,
      again,
      '>= 3x faster than the first import',
      speedup >= 3 && again.activity.counters.unchanged === opts.rows,
      `${round(speedup, 2)}x faster`,
    );

    log('bench: full sync');
    const sync = await bench.run(lab.profiles.hrFullSync);
    if (sync.activity.counters.projected !== opts.rows || sync.activity.counters.provisioned !== opts.rows) {
      throw new Error(`The full sync projected ${sync.activity.counters.projected} and provisioned ${sync.activity.counters.provisioned} of ${opts.rows}`);
    }
    add(
      `full sync, ${opts.rows} (projection + 14 flows + provisioning to Directory)`,
      opts.rows,
      sync,
      '>= 20k objects/s',
      rate(opts.rows, sync.seconds) >= 20_000,
      kps(rate(opts.rows, sync.seconds)),
    );

    log('bench: export');
    const exported = await bench.run(lab.profiles.directoryExport);
    add(
      `export, ${exported.activity.counters.exported} creates to CSV`,
      exported.activity.counters.exported,
      exported,
      '>= 50k objects/s',
      rate(exported.activity.counters.exported, exported.seconds) >= 50_000 && exported.activity.counters.exported === opts.rows,
      kps(rate(exported.activity.counters.exported, exported.seconds)),
    );

    log('bench: delta import + delta sync');
    const deltaImport = await bench.run(lab.profiles.hrDeltaImport);
    const deltaSync = await bench.run(lab.profiles.hrDeltaSync);
    if (deltaImport.activity.counters.updated !== changed) {
      throw new Error(`The delta import updated ${deltaImport.activity.counters.updated} of ${changed} changed rows`);
    }
    const deltaSeconds = deltaImport.seconds + deltaSync.seconds;
    const share = deltaSeconds / (first.seconds + sync.seconds);
    const deltaMeasure: RunMeasure = {
      ...deltaSync,
      seconds: deltaSeconds,
      progressEvents: deltaImport.progressEvents + deltaSync.progressEvents,
      runPeakRssMb: Math.max(deltaImport.runPeakRssMb ?? 0, deltaSync.runPeakRssMb ?? 0) || null,
    };
    add(
      `delta import + delta sync after a 1% change set (${changed} rows)`,
      changed,
      deltaMeasure,
      '<= 5% of the full import + full sync time',
      share <= 0.05,
      `${round(share * 100, 1)}% (${round(deltaImport.seconds, 2)}s + ${round(deltaSync.seconds, 2)}s)`,
    );

    let eventLoopScenario = scenarios[0]?.name ?? '';
    let largeBaseline: { rows: number; seconds: number; objectsPerSecond: number } | null = null;
    if (opts.large) {
      log(`bench: writing ${opts.largeRows} rows for the large import`);
      await writeHrCsv(files.large, opts.largeRows);
      log('bench: raw baseline of the large file');
      const largeBaselineRun = await rawBaseline(files.large, join(dir, 'baseline-large.sqlite'));
      largeBaseline = {
        rows: largeBaselineRun.rows,
        seconds: round(largeBaselineRun.seconds),
        objectsPerSecond: rate(largeBaselineRun.rows, largeBaselineRun.seconds),
      };
      const largePerObject = largeBaselineRun.seconds / largeBaselineRun.rows;
      const largeSystem = await bench.call('systems.create', {
        name: 'HR large',
        connectorType: 'file',
        settings: { filePath: files.large, objectType: 'person', externalIdColumn: 'employeeId' },
      });
      const largeProfile = await bench.call('runProfiles.create', {
        systemId: largeSystem.id,
        name: 'Full import',
        runType: 'fullImport',
        batchSize: opts.batchSize,
        filePath: null,
      });
      log(`bench: full import of ${opts.largeRows} rows`);
      const large = await bench.run(largeProfile.id);
      const objects = large.activity.counters.added;
      add(
        `full import of ${objects} rows: run-process peak RSS`,
        objects,
        large,
        'run-process peak RSS <= 400 MB',
        large.runPeakRssMb !== null && large.runPeakRssMb <= 400,
        large.runPeakRssMb === null ? 'not measurable here' : `${large.runPeakRssMb} MB`,
        largePerObject,
      );
      const eventsPerSecond = large.progressEvents / large.seconds;
      eventLoopScenario = `main-process event loop during the ${objects}-row import`;
      add(
        eventLoopScenario,
        objects,
        large,
        'p99 <= 20 ms; >= 4 progress events/s reach the client',
        large.eventLoop.p99Ms <= 20 && eventsPerSecond >= 4,
        `p99 ${large.eventLoop.p99Ms} ms, ${round(eventsPerSecond, 1)} progress events/s`,
        largePerObject,
      );
    }

    const loop = measures.get(eventLoopScenario) ?? first;
    const report = {
      machine: machine(),
      options: { rows: opts.rows, large: opts.large, largeRows: opts.large ? opts.largeRows : null, batchSize: opts.batchSize },
      baseline: { ...baseline, large: largeBaseline },
      scenarios,
      memory: {
        runProcessPeakRssMb: Object.fromEntries(scenarios.map((s) => [s.name, s.runProcessPeakRssMb])),
        mainPeakRssDuringRunsMb: mb(bench.mainPeakDuringRuns),
        mainPeakRssMb: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
      },
      eventLoop: {
        scenario: eventLoopScenario,
        resolutionMs: 1,
        ...loop.eventLoop,
        progressEventsPerSecond: round(loop.progressEvents / loop.seconds, 1),
      },
    };
    if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(formatReport(report));
  } finally {
    bench.close();
    if (opts.keep) log(`bench: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function formatReport(report: {
  machine: ReturnType<typeof machine>;
  baseline: { rows: number; seconds: number; objectsPerSecond: number };
  scenarios: Scenario[];
  memory: { mainPeakRssDuringRunsMb: number; mainPeakRssMb: number };
  eventLoop: EventLoopFigures & { scenario: string; progressEventsPerSecond: number };
}): string {
  const m = report.machine;
  const head = ['scenario', 'objects', 'seconds', 'objects/s', 'x baseline', 'run RSS MB', 'target', 'measured', 'met'];
  const rows = report.scenarios.map((s) => [
    s.name,
    String(s.objects),
    s.seconds.toFixed(2),
    String(s.objectsPerSecond),
    s.ratioToBaseline.toFixed(2),
    s.runProcessPeakRssMb === null ? '-' : String(s.runProcessPeakRssMb),
    s.target,
    s.measured,
    s.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  const e = report.eventLoop;
  return [
    `Junction bench on ${m.cpus} x ${m.model}, ${m.memory}, Node ${m.node} (${m.platform})`,
    `raw baseline (median of 3): ${report.baseline.rows} rows in ${report.baseline.seconds}s (${report.baseline.objectsPerSecond} rows/s)`,
    '',
    line(head),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...rows.map(line),
    '',
    `main process: peak RSS ${report.memory.mainPeakRssMb} MB (${report.memory.mainPeakRssDuringRunsMb} MB sampled during runs)`,
    `main event loop during "${e.scenario}": p50 ${e.p50Ms} ms, p90 ${e.p90Ms} ms, p99 ${e.p99Ms} ms, max ${e.maxMs} ms; ${e.progressEventsPerSecond} progress events/s`,
    '',
  ].join('\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
