// Schedules (domain.md §9): a trigger plus ordered steps, each a run profile; an execution is a
// parent activity with one child activity per step.
import type { ActivityStatus } from './index';

export type ScheduleTrigger =
  | { kind: 'manual' }
  /** At each of these times (HH:MM, local) on these weekdays. */
  | { kind: 'times'; daysOfWeek: number[]; times: string[] }
  /** Every N minutes or hours between windowStart and windowEnd (HH:MM, local) on these weekdays. */
  | { kind: 'interval'; every: number; unit: 'minutes' | 'hours'; daysOfWeek: number[]; windowStart: string; windowEnd: string }
  /** A cron expression (croner syntax), in the machine's time zone. */
  | { kind: 'cron'; expression: string };

export interface ScheduleStep {
  runProfileId: number;
  /** Runs together with the previous step (a parallel group) instead of after it. */
  parallelWithPrevious: boolean;
  continueOnFailure: boolean;
}

export interface ScheduleStepView extends ScheduleStep {
  systemId: number | null;
  systemName: string;
  runProfileName: string;
  runType: string;
  /** 1-based position counted in groups ("step 2 of 5"). */
  group: number;
}

export type StepState = 'pending' | 'running' | 'done' | 'warning' | 'failed' | 'cancelled' | 'notRun';

export interface ExecutionStep {
  stepIndex: number;
  group: number;
  runProfileId: number;
  systemName: string;
  runProfileName: string;
  continueOnFailure: boolean;
  activityId: number | null;
  status: ActivityStatus | null;
  state: StepState;
  /** Why the step could not be queued at all (e.g. its run profile was deleted). */
  error?: string;
}

export interface ScheduleExecution {
  /** The parent activity's id. */
  id: number;
  scheduleId: number | null;
  scheduleName: string;
  status: ActivityStatus;
  initiatedBy: string;
  startedAt: string | null;
  endedAt: string | null;
  message: string | null;
  steps: ExecutionStep[];
}

export interface Schedule {
  id: number;
  name: string;
  description: string;
  enabled: boolean;
  trigger: ScheduleTrigger;
  steps: ScheduleStepView[];
  /** The next five fire times (ISO), empty for manual or disabled schedules. */
  nextRunTimes: string[];
  lastExecution: ScheduleExecution | null;
  /** A slot that passed while Junction was not running (not replayed; offered as "run now"). */
  missedRunAt: string | null;
  createdAt: string;
}
