import { InvalidArgumentError, type Command } from 'commander';
import { resolve } from 'node:path';
import { createLab, labNextDay, labStatus, LAB_SCHEDULE } from '../../lab/create-lab';
import { generateDataset, generateNextDay, isLabSize, LAB_SIZE_NAMES, LAB_SIZES, type LabSize } from '../../lab/generate';
import type { CommandEnv } from '../main';
import { printJson, UsageError } from '../output';

function parseSize(value: string): LabSize {
  if (!isLabSize(value)) throw new InvalidArgumentError(`expected one of ${LAB_SIZE_NAMES.join(', ')}`);
  return value;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError('expected a whole number from 0 to 4294967295');
  return n;
}

const sizes = LAB_SIZE_NAMES.map((s) => `${s} (${LAB_SIZES[s].toLocaleString('en')})`).join(', ');

export function registerLabCommands(program: Command, env: CommandEnv): void {
  const lab = program.command('lab').description('generate identity data and build the demo lab (docs/demo-lab.md)');
  lab
    .command('generate')
    .description(`write a seeded dataset (hr, departments, groups, training CSVs) into a folder; sizes: ${sizes}`)
    .option('--size <size>', 'how many people', parseSize)
    .option('--seed <n>', 'the random seed (same seed, same files)', parseSeed, 42)
    .requiredOption('--out <dir>', 'the folder to write')
    .option('--changes-from <dir>', 'derive the next day from this dataset: a next full hr.csv and a change file hr-changes.csv')
    .option('--json', 'print JSON')
    .action(async (options: { size?: LabSize; seed: number; out: string; changesFrom?: string; json?: boolean }) => {
      const outDir = resolve(options.out);
      const started = Date.now();
      if (options.changesFrom) {
        const result = await generateNextDay({ fromDir: resolve(options.changesFrom), outDir, seed: options.seed });
        if (options.json) return printJson({ ...result, durationMs: Date.now() - started });
        const c = result.manifest.changes;
        process.stdout.write(
          `Day ${result.manifest.day} (${result.manifest.asOf}) in ${outDir}: ${result.manifest.rows} people; ` +
            `${c?.joiners ?? 0} joiners, ${c?.movers ?? 0} movers, ${c?.leavers ?? 0} leavers, ${c?.removed ?? 0} removed, ${c?.reassigned ?? 0} reassigned\n`,
        );
        return;
      }
      if (!options.size) throw new UsageError(`--size is required (one of ${LAB_SIZE_NAMES.join(', ')})`);
      const result = await generateDataset({ size: options.size, seed: options.seed, outDir });
      if (options.json) return printJson({ ...result, durationMs: Date.now() - started });
      process.stdout.write(`${result.manifest.rows} people (${result.manifest.active} active) written to ${outDir} in ${Date.now() - started} ms\n`);
    });
  lab
    .command('create')
    .description('build the demo lab in this database: HR, Directory and Training systems, sync rules, run profiles and a "Nightly cycle" schedule')
    .option('--size <size>', `how many people: ${sizes}`, parseSize, 'medium' as LabSize)
    .option('--dir <dir>', "the lab folder (default: 'lab' beside the database)")
    .option('--seed <n>', 'the random seed', parseSeed)
    .option('--json', 'print JSON')
    .action(async (options: { size: LabSize; dir?: string; seed?: number; json?: boolean }) => {
      const session = env.session();
      const result = await createLab(session.db, {
        size: options.size,
        databasePath: session.databasePath,
        dir: options.dir,
        seed: options.seed,
      });
      if (options.json) return printJson(result);
      process.stdout.write(
        `Demo lab created in ${result.labDir} (${result.rows} people, ${result.size}): systems ${result.systems.join(', ')}, schedule "${result.scheduleName}".\n` +
          `Run it: junction schedules run "${LAB_SCHEDULE}" --wait\n`,
      );
    });
  lab
    .command('next-day')
    .description("generate the lab's next day: joiners, movers and leavers in a new HR full file and a change file")
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const session = env.session();
      const result = await labNextDay(session.db, session.databasePath);
      if (options.json) return printJson(result);
      process.stdout.write(
        `Day ${result.day} (${result.asOf}): ${result.joiners} joiners, ${result.movers} movers, ${result.leavers} leavers, ` +
          `${result.removed} removed, ${result.reassigned} reassigned; ${result.rows} people in ${result.fullFile}, changes in ${result.changeFile}\n`,
      );
    });
  lab
    .command('status')
    .description('whether this database has a demo lab, and where its files are')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const session = env.session();
      const status = labStatus(session.db, session.databasePath);
      if (options.json) return printJson(status);
      process.stdout.write(
        status.exists
          ? `Demo lab in ${status.labDir}: ${status.size}, day ${status.day} (${status.asOf}), ${status.rows} people\n`
          : `No demo lab in this database (junction lab create would put it in ${status.labDir})\n`,
      );
    });
}
