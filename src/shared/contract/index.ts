import type { z } from 'zod';
import { activitiesContract, activityEvents } from './activities';
import { appContract } from './app';
import { connectorSpaceContract } from './connector-space';
import type { EventSpec, Method } from './method';
import { runProfilesContract } from './run-profiles';
import { systemsContract } from './systems';
import { metaverseContract } from './metaverse';
import { syncRulesContract } from './sync-rules';
import { pendingExportsContract } from './pending-exports';
import { configContract } from './config';
import { executionItemsContract } from './execution-items';
import { scheduleEvents, schedulesContract } from './schedules';
import { settingsContract } from './settings';
import { labContract } from './lab';

/** THE contract: every IPC method, in one map. Adding a method = one entry here + its handler. */
export const contract = {
  ...appContract,
  ...systemsContract,
  ...runProfilesContract,
  ...activitiesContract,
  ...executionItemsContract,
  ...connectorSpaceContract,
  ...metaverseContract,
  ...syncRulesContract,
  ...pendingExportsContract,
  ...configContract,
  ...schedulesContract,
  ...settingsContract,
  ...labContract,
};

export const events = { ...activityEvents, ...scheduleEvents };

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type EventName = keyof typeof events;

type AnyMethod = Method<z.ZodType, unknown>;
export type InputOf<M extends MethodName> = Contract[M] extends Method<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<M extends MethodName> = Contract[M] extends Method<infer I, unknown> ? z.output<I> : never;
export type OutputOf<M extends MethodName> = Contract[M] extends Method<z.ZodType, infer O> ? O : never;
export type PayloadOf<E extends EventName> = (typeof events)[E] extends EventSpec<infer P> ? P : never;

/** What main implements: one handler per method, receiving the zod-parsed input. */
export type Handlers = {
  [M in MethodName]: (input: ParsedInputOf<M>) => OutputOf<M> | Promise<OutputOf<M>>;
};


export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function methodSpec(name: MethodName): AnyMethod {
  return contract[name] as AnyMethod;
}

export { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

export * from './errors';
export type { ExecuteResult } from './run-profiles';
export type { FilePreview, FileSettingsInput } from './systems';
export type { AppInfo } from './app';
export type { ExpressionTestResult, SyncRuleInput } from './sync-rules';
export type { ConfigApplyResult } from './config';
export type { ChainItem, ExecutionItemChain } from './execution-items';
export type { AppSettings } from './settings';
export type { LabCreateResult, LabNextDayResult, LabStatus, LabSizeOption } from './lab';
export * from './bridge';
