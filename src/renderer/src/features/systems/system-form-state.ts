import type { FileSettingsInput } from '../../../../shared/contract/systems';
import { DEFAULT_CHANGE_TYPE_COLUMN, DEFAULT_FILE_ENCODING } from '../../../../shared/model/index';
import type { ConnectedSystem, FileEncoding, FileMode } from '../../../../shared/model/index';
import { ApiError } from '../../../../shared/contract/errors';

export type DelimiterChoice = 'comma' | 'tab' | 'semicolon' | 'pipe' | 'other';

export const DELIMITER_OPTIONS: { value: DelimiterChoice; label: string; char: string }[] = [
  { value: 'comma', label: 'Comma (,)', char: ',' },
  { value: 'tab', label: 'Tab', char: '\t' },
  { value: 'semicolon', label: 'Semicolon (;)', char: ';' },
  { value: 'pipe', label: 'Pipe (|)', char: '|' },
  { value: 'other', label: 'Other…', char: '' },
];

export const MODE_LABELS: Record<FileMode, string> = {
  importOnly: 'Import only',
  exportOnly: 'Export only',
  bidirectional: 'Bidirectional',
};

export interface SystemFormValues {
  name: string;
  description: string;
  filePath: string;
  delimiterChoice: DelimiterChoice;
  otherDelimiter: string;
  multiValueDelimiter: string;
  encoding: FileEncoding;
  objectTypeMode: 'fixed' | 'column';
  objectType: string;
  objectTypeColumn: string;
  externalIdColumn: string;
  mode: FileMode;
  changeTypeColumn: string;
}

export const EMPTY_SYSTEM_FORM: SystemFormValues = {
  name: '',
  description: '',
  filePath: '',
  delimiterChoice: 'comma',
  otherDelimiter: '',
  multiValueDelimiter: '|',
  encoding: DEFAULT_FILE_ENCODING,
  objectTypeMode: 'fixed',
  objectType: '',
  objectTypeColumn: '',
  externalIdColumn: '',
  mode: 'importOnly',
  // Empty, with the default as the placeholder: an internal column name is not a value the admin chose.
  changeTypeColumn: '',
};

export function formFromSystem(system: ConnectedSystem): SystemFormValues {
  const s = system.settings;
  const known = DELIMITER_OPTIONS.find((o) => o.value !== 'other' && o.char === s.delimiter);
  return {
    name: system.name,
    description: system.description,
    filePath: s.filePath,
    delimiterChoice: known ? known.value : 'other',
    otherDelimiter: known ? '' : s.delimiter,
    multiValueDelimiter: s.multiValueDelimiter,
    encoding: s.encoding,
    objectTypeMode: s.objectTypeColumn ? 'column' : 'fixed',
    objectType: s.objectType ?? '',
    objectTypeColumn: s.objectTypeColumn ?? '',
    externalIdColumn: s.externalIdColumn,
    mode: s.mode,
    changeTypeColumn: s.changeTypeColumn === DEFAULT_CHANGE_TYPE_COLUMN ? '' : (s.changeTypeColumn ?? ''),
  };
}

export function delimiterOf(values: SystemFormValues): string {
  if (values.delimiterChoice === 'other') return values.otherDelimiter;
  return DELIMITER_OPTIONS.find((o) => o.value === values.delimiterChoice)?.char ?? ',';
}

export function settingsInput(values: SystemFormValues): FileSettingsInput {
  return {
    filePath: values.filePath,
    delimiter: delimiterOf(values),
    multiValueDelimiter: values.multiValueDelimiter,
    encoding: values.encoding,
    objectType: values.objectTypeMode === 'fixed' ? values.objectType : null,
    objectTypeColumn: values.objectTypeMode === 'column' ? values.objectTypeColumn : null,
    externalIdColumn: values.externalIdColumn,
    mode: values.mode,
    // Optional: a cleared box means "the default column", which the server fills in.
    ...(values.changeTypeColumn.trim() ? { changeTypeColumn: values.changeTypeColumn } : {}),
  };
}

/** Field paths the form can show next to a control; anything else goes into the summary alert. */
export const FORM_FIELD_PATHS = [
  'name',
  'description',
  'settings.filePath',
  'settings.delimiter',
  'settings.multiValueDelimiter',
  'settings.encoding',
  'settings.objectType',
  'settings.objectTypeColumn',
  'settings.externalIdColumn',
  'settings.mode',
  'settings.changeTypeColumn',
] as const;

export interface SubmitErrors {
  fields: Record<string, string>;
  summary: string | null;
}

export function submitErrors(err: unknown): SubmitErrors {
  if (!(err instanceof ApiError) || !err.fields) {
    return { fields: {}, summary: err instanceof Error ? err.message : String(err) };
  }
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(err.fields)) {
    if ((FORM_FIELD_PATHS as readonly string[]).includes(path)) fields[path] = message;
    else unplaced.push(path ? `${path}: ${message}` : message);
  }
  const summary =
    unplaced.length > 0 ? [err.message, ...unplaced].join(' — ') : Object.keys(fields).length ? null : err.message;
  return { fields, summary };
}
