import { z } from 'zod';
import { MISSING_INPUT_BEHAVIOURS, SCOPE_OPERATORS, SYNC_DIRECTIONS } from '../model';
import type { AttributePriority, ScopeGroup, SyncRule } from '../model';
import { method } from './method';

const id = z.number().int().positive();
const attributeName = z.string().trim().min(1, 'Attribute is required').max(200);

const criterion = z
  .object({
    attribute: attributeName,
    operator: z.enum(SCOPE_OPERATORS),
    value: z.string().max(1000).default(''),
    caseSensitive: z.boolean().default(true),
  })
  .strict();

export const scopeGroupInput: z.ZodType<ScopeGroup, unknown> = z.lazy(() =>
  z
    .object({
      match: z.enum(['all', 'any']).default('all'),
      criteria: z.array(criterion).max(50).default([]),
      groups: z.array(scopeGroupInput).max(20).default([]),
    })
    .strict(),
);

const flowSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('attribute'), attribute: attributeName }).strict(),
  z.object({ kind: z.literal('constant'), value: z.string().max(4096) }).strict(),
  z
    .object({
      kind: z.literal('expression'),
      expression: z.string().trim().min(1, 'Expression is required').max(4096, 'Expression is at most 4096 characters'),
      missingInput: z.enum(MISSING_INPUT_BEHAVIOURS).default('evaluateAnyway'),
    })
    .strict(),
]);

export const syncRuleBody = z
  .object({
    name: z.string().trim().min(1, 'Name is required').max(100),
    description: z.string().max(2000).default(''),
    connectedSystemId: id,
    csObjectType: z.string().trim().min(1, 'Connected system object type is required'),
    mvObjectType: z.string().trim().min(1, 'Metaverse object type is required'),
    direction: z.enum(SYNC_DIRECTIONS),
    enabled: z.boolean().default(true),
    projectToMetaverse: z.boolean().default(false),
    provisionToSystem: z.boolean().default(false),
    outOfScopeAction: z.enum(['disconnect', 'remainJoined']).default('disconnect'),
    deprovisionAction: z.enum(['disconnect', 'delete']).default('disconnect'),
    scoping: z.array(scopeGroupInput).max(20).default([]),
    matching: z
      .array(
        z
          .object({
            sources: z.array(attributeName).min(1, 'A matching rule needs a source attribute').max(5),
            target: attributeName,
            caseSensitive: z.boolean().default(true),
          })
          .strict(),
      )
      .max(10)
      .default([]),
    flows: z
      .array(
        z
          .object({
            target: attributeName,
            source: flowSource,
            nullIsValue: z.boolean().default(false),
            initialExportOnly: z.boolean().default(false),
          })
          .strict(),
      )
      .max(500)
      .default([]),
  })
  .strict();

export type SyncRuleInput = z.input<typeof syncRuleBody>;

export interface ExpressionTestResult {
  ok: boolean;
  value: unknown;
  valueType: string | null;
  error: string | null;
}

export const syncRulesContract = {
  'syncRules.list': method<SyncRule[]>()(z.object({ systemId: id.optional() }).strict()),
  'syncRules.get': method<SyncRule>()(z.object({ id }).strict()),
  'syncRules.create': method<SyncRule>()(syncRuleBody),
  'syncRules.update': method<SyncRule>()(syncRuleBody.extend({ id })),
  'syncRules.delete': method<void>()(z.object({ id }).strict()),
  'syncRules.priorities': method<AttributePriority[]>()(z.object({}).strict()),
  'syncRules.setPriority': method<AttributePriority[]>()(
    z.object({ mvObjectType: z.string().trim().min(1), attribute: attributeName, syncRuleIds: z.array(id).max(100) }).strict(),
  ),
  /** Evaluates an expression against a real object: a connector space object (cs) or a metaverse object (mv). */
  'expressions.test': method<ExpressionTestResult>()(
    z
      .object({
        expression: z.string().max(4096),
        scope: z.enum(['cs', 'mv']),
        objectId: id.optional(),
        externalId: z.string().optional(),
        systemId: id.optional(),
      })
      .strict(),
  ),
};
