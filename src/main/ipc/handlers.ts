import type { z } from 'zod';
import {
  ApiError,
  isMethodName,
  methodSpec,
  type Envelope,
  type FieldErrors,
  type Handlers,
} from '../../shared/contract';
import { activityHandlers, connectorSpaceHandlers } from './activity-handlers';
import type { HandlerContext } from './context';
import { configHandlers } from './config-handlers';
import { executionItemHandlers } from './execution-item-handlers';
import { labHandlers } from './lab-handlers';
import { metaverseHandlers } from './metaverse-handlers';
import { pendingExportHandlers } from './pending-export-handlers';
import { runProfileHandlers } from './run-profile-handlers';
import { scheduleHandlers } from './schedule-handlers';
import { settingsHandlers } from './settings-handlers';
import { syncRuleHandlers } from './sync-rule-handlers';
import { systemHandlers } from './system-handlers';

export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    'app.info': () => ctx.info,
    'dialog.openFile': async ({ title }) => {
      if (!ctx.pickFile) {
        throw new ApiError({ code: 'unavailable', message: 'This window has no native file picker: type the path' });
      }
      return { filePath: await ctx.pickFile(title) };
    },
    ...systemHandlers(ctx),
    ...runProfileHandlers(ctx),
    ...activityHandlers(ctx),
    ...executionItemHandlers(ctx),
    ...connectorSpaceHandlers(ctx),
    ...metaverseHandlers(ctx),
    ...syncRuleHandlers(ctx),
    ...pendingExportHandlers(ctx),
    ...configHandlers(ctx),
    ...scheduleHandlers(ctx),
    ...settingsHandlers(ctx),
    ...labHandlers(ctx),
  };
}

function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    fields[path] ??= issue.message;
  }
  return fields;
}

/**
 * The single entry for every transport (Electron IPC, the loopback bridge, the CLI): unknown
 * methods are refused, input is parsed by the method's zod schema, and every outcome comes back
 * as an envelope, never as a thrown object crossing a process boundary.
 */
export async function dispatch(handlers: Handlers, method: string, rawInput: unknown): Promise<Envelope<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'notFound', message: `Unknown method "${method}"` } };
  }
  const parsed = methodSpec(method).input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    const first = parsed.error.issues[0];
    const where = first && first.path.length ? `${first.path.join('.')}: ` : '';
    return { ok: false, error: { code: 'validation', message: `${where}${first?.message ?? 'Invalid input'}`, fields } };
  }
  try {
    const handler = handlers[method] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.toPayload() };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'internal', message } };
  }
}
