// Domain vocabulary shared by every process. Pure types and constants: no Node, no DOM.

export const RUN_TYPES = ['fullImport', 'deltaImport', 'fullSync', 'deltaSync', 'export'] as const;
export type RunType = (typeof RUN_TYPES)[number];

export const RUN_TYPE_LABELS: Record<RunType, string> = {
  fullImport: 'Full Import',
  deltaImport: 'Delta Import',
  fullSync: 'Full Synchronisation',
  deltaSync: 'Delta Synchronisation',
  export: 'Export',
};

export const ACTIVITY_STATUSES = [
  'inProgress',
  'complete',
  'completeWithWarning',
  'completeWithError',
  'failedWithError',
  'cancelled',
] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const TERMINAL_STATUSES: readonly ActivityStatus[] = ACTIVITY_STATUSES.filter((s) => s !== 'inProgress');

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  inProgress: 'In progress',
  complete: 'Complete',
  completeWithWarning: 'Complete with warning',
  completeWithError: 'Complete with error',
  failedWithError: 'Failed',
  cancelled: 'Cancelled',
};

export const INITIATORS = ['user', 'cli', 'schedule'] as const;
export type Initiator = (typeof INITIATORS)[number];

export const ATTRIBUTE_TYPES = ['text', 'integer', 'decimal', 'boolean', 'guid', 'dateTime'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export const ATTRIBUTE_TYPE_LABELS: Record<AttributeType, string> = {
  text: 'Text',
  integer: 'Integer',
  decimal: 'Decimal',
  boolean: 'Boolean',
  guid: 'GUID',
  dateTime: 'Date-time',
};

export const CONNECTOR_TYPES = ['file'] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

export const FILE_MODES = ['importOnly', 'exportOnly', 'bidirectional'] as const;
export type FileMode = (typeof FILE_MODES)[number];

/**
 * Text encodings a file connected system reads and writes. Reading honours a UTF-8 or UTF-16
 * byte-order mark whatever the setting; the setting decides how a file without one is read and
 * whether an exported file starts with one (utf-8-bom, utf-16le and utf-16be write a BOM).
 */
export const FILE_ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252', 'latin1'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

export const FILE_ENCODING_LABELS: Record<FileEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with byte-order mark',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252 (Western European)',
  latin1: 'Latin-1 (ISO-8859-1)',
};

/** Encoding of a file system whose settings predate the setting. */
export const DEFAULT_FILE_ENCODING: FileEncoding = 'utf-8';

export const CSO_STATUSES = ['normal', 'obsolete', 'pendingProvisioning'] as const;
export type CsoStatus = (typeof CSO_STATUSES)[number];

export const CHANGE_TYPES = [
  'added',
  'updated',
  'deleted',
  'projected',
  'joined',
  'attributeFlow',
  'disconnected',
  'provisioned',
  'exported',
  'deprovisioned',
  'exportConfirmed',
] as const;
export type ItemChangeType = (typeof CHANGE_TYPES)[number] | 'none';

export const ERROR_TYPES = [
  'CouldNotMatchObjectType',
  'MissingExternalIdAttributeValue',
  'DuplicateObject',
  'DuplicateImportedAttributes',
  'ImportAttributeValueError',
  'MalformedRow',
  'UnknownChangeType',
  'AmbiguousMatch',
  'CouldNotJoinDueToExistingJoin',
  'ExpressionEvaluationError',
  'ExpressionMissingInput',
  'MultiValuedToSingleValued',
  'InvalidGeneratedExternalId',
  'UnresolvedReference',
  'ExportFailed',
  'ExportConfirmationFailed',
  'UnhandledError',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/** A stored attribute value: scalars are normalised per type (see engine/values.ts). */
export type ScalarValue = string | number | boolean;
export type AttributeValue = ScalarValue | ScalarValue[];
export type AttributeValues = Record<string, AttributeValue>;

export interface FileConnectorSettings {
  filePath: string;
  delimiter: string;
  multiValueDelimiter: string;
  encoding: FileEncoding;
  objectType: string | null;
  objectTypeColumn: string | null;
  externalIdColumn: string;
  mode: FileMode;
  /** Column naming each row's change (add / update / delete) in a Delta Import's change file; never an attribute. */
  changeTypeColumn: string;
}

/** Change-type column of a file system whose settings predate the setting. */
export const DEFAULT_CHANGE_TYPE_COLUMN = '_changeType';

export interface SchemaAttribute {
  id: number;
  name: string;
  type: AttributeType;
  multiValued: boolean;
  isExternalId: boolean;
  selected: boolean;
  typeSetByAdmin: boolean;
}

export interface SchemaObjectType {
  id: number;
  name: string;
  selected: boolean;
  attributes: SchemaAttribute[];
}

export interface ConnectedSystemSummary {
  id: number;
  name: string;
  description: string;
  connectorType: ConnectorType;
  objectCount: number;
  runProfileCount: number;
  lastActivity: ActivitySummary | null;
  createdAt: string;
}

export interface ConnectedSystem {
  id: number;
  name: string;
  description: string;
  connectorType: ConnectorType;
  settings: FileConnectorSettings;
  objectTypes: SchemaObjectType[];
  createdAt: string;
}

export interface RunProfile {
  id: number;
  connectedSystemId: number;
  name: string;
  runType: RunType;
  batchSize: number;
  filePath: string | null;
}

/** Every counter a run can move; each run type shows the ones it uses (see COUNTERS_BY_RUN_TYPE). */
export interface RunCounters {
  added: number;
  updated: number;
  deleted: number;
  unchanged: number;
  errors: number;
  projected: number;
  joined: number;
  attributeFlows: number;
  disconnected: number;
  provisioned: number;
  deprovisioned: number;
  pendingExports: number;
  exported: number;
  confirmed: number;
  mvoDeleted: number;
}
export type ImportCounters = RunCounters;
export type CounterName = keyof RunCounters;

export const EMPTY_COUNTERS: RunCounters = {
  added: 0,
  updated: 0,
  deleted: 0,
  unchanged: 0,
  errors: 0,
  projected: 0,
  joined: 0,
  attributeFlows: 0,
  disconnected: 0,
  provisioned: 0,
  deprovisioned: 0,
  pendingExports: 0,
  exported: 0,
  confirmed: 0,
  mvoDeleted: 0,
};

export const COUNTER_LABELS: Record<CounterName, string> = {
  added: 'Added',
  updated: 'Updated',
  deleted: 'Deleted',
  unchanged: 'Unchanged',
  errors: 'Errors',
  projected: 'Projected',
  joined: 'Joined',
  attributeFlows: 'Attribute flows',
  disconnected: 'Disconnected',
  provisioned: 'Provisioned',
  deprovisioned: 'Deprovisioned',
  pendingExports: 'Pending exports',
  exported: 'Exported',
  confirmed: 'Exports confirmed',
  mvoDeleted: 'Metaverse deletions',
};

export const COUNTERS_BY_RUN_TYPE: Record<RunType, readonly CounterName[]> = {
  fullImport: ['added', 'updated', 'deleted', 'unchanged', 'confirmed', 'errors'],
  deltaImport: ['added', 'updated', 'deleted', 'unchanged', 'confirmed', 'errors'],
  fullSync: ['projected', 'joined', 'attributeFlows', 'disconnected', 'provisioned', 'pendingExports', 'deprovisioned', 'mvoDeleted', 'unchanged', 'errors'],
  deltaSync: ['projected', 'joined', 'attributeFlows', 'disconnected', 'provisioned', 'pendingExports', 'deprovisioned', 'mvoDeleted', 'unchanged', 'errors'],
  export: ['exported', 'deprovisioned', 'pendingExports', 'errors'],
};

export interface ActivitySummary {
  id: number;
  connectedSystemId: number | null;
  systemName: string;
  runProfileId: number | null;
  runProfileName: string;
  /** null for a schedule execution (kind 'schedule'), whose steps are its child activities. */
  runType: RunType | null;
  status: ActivityStatus;
  step: string;
  message: string | null;
  errorMessage: string | null;
  warningMessage: string | null;
  initiatedBy: Initiator;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  objectsToProcess: number | null;
  objectsProcessed: number;
  counters: RunCounters;
  cancelRequested: boolean;
  /** 'run': one run profile run; 'schedule': a schedule execution (parent of its step runs). */
  kind: ActivityKind;
  /** The schedule execution this run is a step of. */
  parentActivityId: number | null;
  scheduleId: number | null;
}

/** 'housekeeping': a retention / grace-period pass (no system, run profile or run type). */
export type ActivityKind = 'run' | 'schedule' | 'housekeeping';

export interface AttributeChange {
  name: string;
  kind: 'add' | 'remove' | 'replace';
  added: ScalarValue[];
  removed: ScalarValue[];
  /** Sync items: the inbound rule whose value the metaverse attribute took. */
  syncRule?: string;
}

export interface ExecutionItem {
  id: number;
  activityId: number;
  csoId: number | null;
  externalId: string | null;
  objectType: string | null;
  changeType: ItemChangeType;
  errorType: ErrorType | null;
  errorMessage: string | null;
  rowNumber: number | null;
  attributeChanges: AttributeChange[];
  /** Sync/export: the metaverse object involved, and a one-line outcome ("projected, 9 attributes flowed, export queued to Directory"). */
  mvoId: number | null;
  outcome: string | null;
}

export const JOIN_TYPES = ['notJoined', 'projected', 'joined', 'provisioned'] as const;
export type JoinType = (typeof JOIN_TYPES)[number];

export interface ConnectorSpaceObject {
  id: number;
  externalId: string;
  objectType: string;
  status: CsoStatus;
  mvoId: number | null;
  joinType: JoinType;
  attributes: AttributeValues;
  createdAt: string;
  lastUpdatedAt: string | null;
}

/** A live progress sample pushed from a run process through main to every client. */
export interface ActivityProgress {
  activityId: number;
  status: ActivityStatus;
  step: string;
  objectsToProcess: number | null;
  objectsProcessed: number;
  counters: RunCounters;
  objectsPerSecond: number;
  elapsedMs: number;
}

export interface Page<T> {
  rows: T[];
  total: number;
}

/** Exit codes of the CLI, shared so tests and docs use one definition. */
export const EXIT_CODES = {
  ok: 0,
  failed: 1,
  completeWithError: 2,
  usage: 64,
} as const;

export * from './metaverse';
export * from './schedules';
