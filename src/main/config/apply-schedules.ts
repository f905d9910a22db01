import type { ScheduleTrigger } from '../../shared/model';
import { findRunProfileByName, findScheduleByName, insertSchedule, listScheduleSteps, updateSchedule, type WriteDb } from '../store';
import type { ApplyContext } from './apply-context';
import type { ConfigDocument } from './document';

/** Schedules, whose steps name systems and run profiles. */
export function applySchedules(db: WriteDb, schedules: ConfigDocument['schedules'], ctx: ApplyContext): void {
  const { problems, changes } = ctx;
  schedules.forEach((schedule, i) => {
    const path = ['schedules', i] as const;
    const steps: { runProfileId: number; parallelWithPrevious: boolean; continueOnFailure: boolean }[] = [];
    let complete = true;
    schedule.steps.forEach((step, j) => {
      const systemId = ctx.systemNamed(step.system);
      if (systemId === undefined) {
        complete = false;
        ctx.unknownSystem([...path, 'steps', j, 'system'], step.system);
        return;
      }
      const profile = findRunProfileByName(db, systemId, step.runProfile);
      if (!profile) {
        complete = false;
        problems.add([...path, 'steps', j, 'runProfile'], `System "${step.system}" has no run profile named "${step.runProfile}"`);
        return;
      }
      steps.push({ runProfileId: profile.id, parallelWithPrevious: j > 0 && step.parallelWithPrevious, continueOnFailure: step.continueOnFailure });
    });
    if (!complete) return;
    const input = {
      name: schedule.name,
      description: schedule.description,
      enabled: schedule.enabled,
      trigger: schedule.trigger as ScheduleTrigger,
      steps,
    };
    ctx.attempt(path, () => {
      const existing = findScheduleByName(db, schedule.name);
      if (!existing) {
        insertSchedule(db, input, Date.now());
        changes.push(`schedule ${schedule.name}: created`);
        return;
      }
      const unchanged =
        existing.name === input.name &&
        existing.description === input.description &&
        existing.enabled === input.enabled &&
        JSON.stringify(existing.trigger) === JSON.stringify(input.trigger) &&
        JSON.stringify(listScheduleSteps(db, existing.id)) === JSON.stringify(steps);
      if (unchanged) return;
      const retimed = JSON.stringify(existing.trigger) !== JSON.stringify(input.trigger) || (!existing.enabled && input.enabled);
      updateSchedule(db, existing.id, input, retimed ? Date.now() : null);
      changes.push(`schedule ${existing.name}: updated`);
    });
  });
}
