import { z } from 'zod';
import { ATTRIBUTE_TYPES, DEFAULT_CHANGE_TYPE_COLUMN, DEFAULT_FILE_ENCODING, FILE_ENCODINGS, FILE_MODES } from '../model';
import type { ConnectedSystem, ConnectedSystemSummary, FileConnectorSettings } from '../model';
import { method } from './method';

const singleCharacter = (what: string) =>
  z
    .string()
    .refine((s) => [...s].length === 1, { message: `${what} must be exactly one character` });

const fileEncoding = z.enum(FILE_ENCODINGS, {
  error: () => `Encoding must be one of ${FILE_ENCODINGS.join(', ')}`,
});

export const fileSettingsInput = z
  .object({
    filePath: z.string().trim().min(1, 'File path is required'),
    delimiter: singleCharacter('Delimiter').default(','),
    multiValueDelimiter: singleCharacter('Multi-value delimiter').default('|'),
    encoding: fileEncoding.default(DEFAULT_FILE_ENCODING),
    objectType: z.string().trim().nullish(),
    objectTypeColumn: z.string().trim().nullish(),
    externalIdColumn: z.string().trim().min(1, 'External ID column is required'),
    mode: z.enum(FILE_MODES).default('importOnly'),
    /** Delta Import only: the column holding add / update / delete; Full Import ignores it. */
    changeTypeColumn: z.string().trim().min(1, 'Change-type column is required').max(200).default(DEFAULT_CHANGE_TYPE_COLUMN),
  })
  .strict()
  .superRefine((s, ctx) => {
    const fixed = Boolean(s.objectType);
    const column = Boolean(s.objectTypeColumn);
    if (fixed === column) {
      const message = fixed
        ? 'Set either a fixed object type or an object type column, not both'
        : 'Set a fixed object type or an object type column';
      ctx.addIssue({ code: 'custom', path: ['objectType'], message });
      ctx.addIssue({ code: 'custom', path: ['objectTypeColumn'], message });
    }
    if (s.delimiter === s.multiValueDelimiter) {
      ctx.addIssue({
        code: 'custom',
        path: ['multiValueDelimiter'],
        message: 'Multi-value delimiter must differ from the delimiter',
      });
    }
    const changeType = s.changeTypeColumn.toLowerCase();
    if (changeType === s.externalIdColumn.toLowerCase() || changeType === (s.objectTypeColumn ?? '').toLowerCase()) {
      ctx.addIssue({
        code: 'custom',
        path: ['changeTypeColumn'],
        message: 'The change-type column must differ from the external ID and object type columns',
      });
    }
    if (['"', '\r', '\n'].includes(s.delimiter)) {
      ctx.addIssue({ code: 'custom', path: ['delimiter'], message: 'Delimiter cannot be a quote or a line break' });
    }
  });

export type FileSettingsInput = z.input<typeof fileSettingsInput>;

const systemName = z.string().trim().min(1, 'Name is required').max(100, 'Name is at most 100 characters');
const id = z.number().int().positive();

export interface FilePreview {
  columns: string[];
  sampleRows: string[][];
}

/**
 * A type change that would alter stored values is refused without this; the refusal's
 * `confirmValueChanges` field says how many values would change, for the caller to confirm.
 */
const confirmValueChanges = z.boolean().optional();

export const systemsContract = {
  'systems.list': method<ConnectedSystemSummary[]>()(z.object({}).strict()),
  'systems.get': method<ConnectedSystem>()(z.object({ id }).strict()),
  'systems.previewFile': method<FilePreview>()(
    z
      .object({
        filePath: z.string().trim().min(1, 'File path is required'),
        delimiter: singleCharacter('Delimiter'),
        encoding: fileEncoding.default(DEFAULT_FILE_ENCODING),
      })
      .strict(),
  ),
  'systems.create': method<ConnectedSystem>()(
    z
      .object({
        name: systemName,
        description: z.string().max(2000).default(''),
        connectorType: z.literal('file'),
        settings: fileSettingsInput,
      })
      .strict(),
  ),
  'systems.update': method<ConnectedSystem>()(
    z
      .object({ id, name: systemName, description: z.string().max(2000).default(''), settings: fileSettingsInput, confirmValueChanges })
      .strict(),
  ),
  'systems.delete': method<void>()(z.object({ id }).strict()),
  'systems.refreshSchema': method<ConnectedSystem>()(z.object({ id, confirmValueChanges }).strict()),
  'systems.updateAttribute': method<ConnectedSystem>()(
    z
      .object({
        systemId: id,
        attributeId: id,
        type: z.enum(ATTRIBUTE_TYPES).optional(),
        multiValued: z.boolean().optional(),
        selected: z.boolean().optional(),
        isExternalId: z.literal(true).optional(),
        confirmValueChanges,
      })
      .strict(),
  ),
  'systems.updateObjectType': method<ConnectedSystem>()(
    z.object({ systemId: id, objectTypeId: id, selected: z.boolean() }).strict(),
  ),
};

/**
 * Parsed settings as stored: an empty object-type setting is null, so "fixed type" and "type
 * column" read the same whether they came from a form, the CLI or a configuration document.
 */
export function toFileSettings(input: z.output<typeof fileSettingsInput>): FileConnectorSettings {
  return {
    filePath: input.filePath,
    delimiter: input.delimiter,
    multiValueDelimiter: input.multiValueDelimiter,
    encoding: input.encoding,
    objectType: input.objectType || null,
    objectTypeColumn: input.objectTypeColumn || null,
    externalIdColumn: input.externalIdColumn,
    mode: input.mode,
    changeTypeColumn: input.changeTypeColumn,
  };
}
