import { z } from 'zod';
import { DELETION_RULES, MV_ATTRIBUTE_TYPES } from '../model';
import type { MetaverseObjectDetail, MetaverseObjectSummary, MetaverseSchema, Page } from '../model';
import { MV_CONDITION_OPERATORS, VALUE_OPERATORS, type HistoryPage } from '../model/drill-down';
import { paging } from './activities';
import { historyPaging } from './connector-space';
import { method } from './method';

const id = z.number().int().positive();
const schemaName = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(100, `${what} is at most 100 characters`)
    .regex(/^[A-Za-z][A-Za-z0-9 _.-]*$/, `${what} starts with a letter and holds letters, digits, space, _ . -`);

/** One search condition; all of a search's conditions must hold. Equals is what a bare { attribute, value } means. */
const condition = z
  .object({
    attribute: z.string().trim().min(1, 'Attribute is required').max(100),
    operator: z.enum(MV_CONDITION_OPERATORS).default('equals'),
    value: z.string().max(200).default(''),
  })
  .strict()
  .refine((c) => !VALUE_OPERATORS.includes(c.operator) || c.value !== '', {
    message: 'This operator needs a value',
    path: ['value'],
  });

export const metaverseContract = {
  'metaverse.schema': method<MetaverseSchema>()(z.object({}).strict()),
  'metaverse.createObjectType': method<MetaverseSchema>()(z.object({ name: schemaName('Name') }).strict()),
  'metaverse.updateObjectType': method<MetaverseSchema>()(
    z
      .object({
        id,
        deletionRule: z.enum(DELETION_RULES),
        deletionGraceSeconds: z.number().int().min(0).max(10 * 365 * 86400),
        deletionTriggerSystemIds: z.array(id).max(100),
      })
      .strict(),
  ),
  'metaverse.createAttribute': method<MetaverseSchema>()(
    z
      .object({
        name: schemaName('Name'),
        type: z.enum(MV_ATTRIBUTE_TYPES),
        multiValued: z.boolean().default(false),
        boundTypeIds: z.array(id).max(100).default([]),
      })
      .strict(),
  ),
  'metaverse.updateAttribute': method<MetaverseSchema>()(
    z.object({ id, name: schemaName('Name'), boundTypeIds: z.array(id).max(100) }).strict(),
  ),
  'metaverse.deleteAttribute': method<MetaverseSchema>()(z.object({ id }).strict()),
  'metaverse.search': method<Page<MetaverseObjectSummary>>()(
    z
      .object({
        objectType: z.string().trim().min(1).optional(),
        where: z.array(condition).max(20).default([]),
        text: z.string().max(200).optional(),
        ...paging,
      })
      .strict(),
  ),
  'metaverse.get': method<MetaverseObjectDetail>()(z.object({ id }).strict()),
  /** Items of the syncs that touched the identity and of its connected objects, newest first. */
  'metaverse.history': method<HistoryPage>()(z.object({ id, ...historyPaging }).strict()),
};
