import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TERMINAL_STATUSES, type ActivitySummary } from '../../src/shared/model';
import { tryClaim } from '../../src/main/runs/job-claim';
import { identify, isProcessAlive } from '../../src/main/runs/process-liveness';
import { createQueuedRun } from '../../src/main/runs/queued-run';
import { createExecution } from '../../src/main/schedules/engine';
import { getActivity } from '../../src/main/store';
import { createFileSystem, createRunProfile, openTestEnv, type TestEnv } from '../support/engine';
import { makeTempDir, onCleanup, writeCsv } from '../support/temp';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
/** Each test starts several CLI and run processes; on a busy two-core machine that takes a while. */
const SLOW = { timeout: 120_000 };

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a script would start it, without waiting for it. */
function startCli(dbPath: string, args: string[], extraEnv: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, '--db', dbPath, ...args], { env: { ...process.env, ...extraEnv } });
  onCleanup(() => void child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolveDone) => child.on('close', (code) => resolveDone({ code, stdout, stderr })));
  return { child, done };
}

function cli(dbPath: string, ...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [CLI, '--db', dbPath, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A process that lives until killed, standing in for a run that holds the system. */
function liveProcess(): ChildProcess & { pid: number } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  onCleanup(() => void child.kill('SIGKILL'));
  if (child.pid === undefined) throw new Error('could not start a process');
  return child as ChildProcess & { pid: number };
}

async function hr(rows = 3): Promise<{ env: TestEnv; dir: string; profileId: number }> {
  const dir = makeTempDir();
  const env = openTestEnv(dir);
  const lines = ['id,name'];
  for (let i = 1; i <= rows; i += 1) lines.push(`u${i},n${i}`);
  const filePath = join(dir, 'people.csv');
  writeFileSync(filePath, `${lines.join('\n')}\n`);
  const system = await createFileSystem(env, { filePath });
  return { env, dir, profileId: (await createRunProfile(env, system.id, { name: 'Full' })).id };
}

async function waitForStatus(env: TestEnv, id: number, timeoutMs = 60_000): Promise<ActivitySummary | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const activity = getActivity(env.db, id);
    if (!activity || TERMINAL_STATUSES.includes(activity.status) || Date.now() > deadline) return activity;
    await sleep(100);
  }
}

describe('junction run and queued runs', () => {
  it('run --wait on a busy system waits its turn, runs, prints the result and exits with its status', SLOW, async () => {
    const { env, profileId } = await hr();
    // Another run holds the system: a live process claimed it.
    const holder = liveProcess();
    const busy = createQueuedRun(env.db, profileId, 'user', holder.pid).activityId;
    expect(tryClaim(env.db, busy, identify(holder.pid))).toEqual({ claimed: true });

    const waiting = startCli(env.dbPath, ['run', 'HR', 'Full', '--wait', '--json']);
    const queued = busy + 1;
    const deadline = Date.now() + 30_000;
    while (getActivity(env.db, queued) === undefined && Date.now() < deadline) await sleep(50);
    expect(getActivity(env.db, queued)?.status).toBe('inProgress');
    // Several pump intervals later, the CLI is still there, waiting for its queued run.
    await sleep(2500);
    expect(waiting.child.exitCode, 'the CLI left before its queued run ran').toBeNull();

    holder.kill('SIGKILL');
    const result = await waiting.done;
    expect(result.code, result.stderr).toBe(0);
    const activity = JSON.parse(result.stdout) as { id: number; status: string; counters: { added: number } };
    expect(activity).toMatchObject({ status: 'complete', counters: { added: 3 } });
    expect(activity.id).toBe(queued);
    expect(getActivity(env.db, busy)?.errorMessage).toMatch(/^Interrupted/);
  });

  it('a queued run whose process ended before it started is picked up by the next command, not failed', SLOW, async () => {
    const { env, profileId } = await hr();
    const exited = spawnSync(process.execPath, ['-e', '']).pid;
    expect(isProcessAlive(exited)).toBe(false);
    // As left by a `junction run` whose detached run process was killed while it waited its turn.
    const { activityId } = createQueuedRun(env.db, profileId, 'cli', exited);

    const shown = cli(env.dbPath, 'activities', 'show', String(activityId), '--json');
    expect(shown.code, shown.stderr).toBe(0);
    const finished = await waitForStatus(env, activityId);
    expect(finished?.errorMessage ?? null).toBeNull();
    expect(finished).toMatchObject({ status: 'complete', counters: expect.objectContaining({ added: 3 }) });
  });

  it('any command fails a schedule execution whose coordinating process is gone', SLOW, async () => {
    const { env, profileId } = await hr();
    const { id } = await env.call('schedules.create', { name: 'Nightly', trigger: { kind: 'manual' }, steps: [{ runProfileId: profileId }] });
    const exited = spawnSync(process.execPath, ['-e', '']).pid;
    const executionId = createExecution(env.db, id, 'cli', exited);
    expect(getActivity(env.db, executionId)?.status).toBe('inProgress');

    const listed = cli(env.dbPath, 'systems', 'list', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const execution = getActivity(env.db, executionId);
    expect(execution?.status).toBe('failedWithError');
    expect(execution?.errorMessage).toMatch(new RegExp(`^Interrupted: .*pid ${exited}`));
  });

  it('a reader that closes the pipe early (| head -1) ends the CLI quietly', SLOW, async () => {
    const { env } = await hr();
    for (const args of [['systems', 'list'], ['--help']]) {
      const { child, done } = startCli(env.dbPath, args);
      // The reader is gone before the CLI writes its first line.
      child.stdout?.destroy();
      const result = await done;
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.code, args.join(' ')).toBe(0);
    }
  });
});

describe('junction schedules run --wait', () => {
  it('never touches the closed database after the execution completed', SLOW, async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const system = await createFileSystem(env, { filePath: writeCsv(dir, 'tiny.csv', 'id,name\n1,Ann\n') });
    const profile = await createRunProfile(env, system.id);
    await env.call('schedules.create', { name: 'Tiny', trigger: { kind: 'manual' }, steps: [{ runProfileId: profile.id }] });
    // The crash needs the run process to end a moment after it recorded its result (1 run in 8
    // under load). Its exit is delayed here so every repetition hits that window.
    const slowExit = writeCsv(dir, 'slow-exit.cjs', 'const exit = process.exit.bind(process);\nprocess.exit = (code) => void setTimeout(() => exit(code), 1500);\n');
    const runs = 3;
    for (let i = 1; i <= runs; i += 1) {
      const result = await startCli(env.dbPath, ['schedules', 'run', 'Tiny', '--wait', '--json'], { JUNCTION_RUN_NODE_FLAGS: `--require ${slowExit}` }).done;
      expect(result.stderr, `run ${i}`).toBe('');
      expect(result.code, `run ${i}`).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 'complete' });
    }
  });
});
