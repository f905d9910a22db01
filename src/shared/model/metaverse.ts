// The metaverse, sync rules and pending exports (domain.md §1.3, §4-§7).
import type { AttributeValues, ScalarValue } from './index';

export const MV_ATTRIBUTE_TYPES = ['text', 'integer', 'decimal', 'boolean', 'guid', 'dateTime', 'reference'] as const;
export type MvAttributeType = (typeof MV_ATTRIBUTE_TYPES)[number];

export const DELETION_RULES = ['manual', 'whenLastConnectorDisconnected', 'whenAuthoritativeSourceDisconnected'] as const;
export type DeletionRule = (typeof DELETION_RULES)[number];

export interface MvObjectType {
  id: number;
  name: string;
  builtIn: boolean;
  deletionRule: DeletionRule;
  /** 0 = delete at once; otherwise the object is marked and deleted when the grace period is over. */
  deletionGraceSeconds: number;
  /** For whenAuthoritativeSourceDisconnected: the systems whose disconnection triggers deletion. */
  deletionTriggerSystemIds: number[];
  attributeIds: number[];
  objectCount: number;
}

export interface MvAttribute {
  id: number;
  name: string;
  type: MvAttributeType;
  multiValued: boolean;
  builtIn: boolean;
  boundTypeIds: number[];
  valueCount: number;
}

export interface MetaverseSchema {
  objectTypes: MvObjectType[];
  attributes: MvAttribute[];
}

/** Who supplied an attribute's values: the winning inbound flow. */
export interface Contribution {
  systemId: number;
  systemName: string;
  syncRuleId: number;
  syncRuleName: string;
}

export interface MetaverseObjectSummary {
  id: number;
  objectType: string;
  displayName: string;
  attributes: AttributeValues;
  createdAt: string;
  lastUpdatedAt: string | null;
  deletionDueAt: string | null;
}

export interface LineageEntry {
  csoId: number;
  systemId: number;
  systemName: string;
  objectType: string;
  externalId: string;
  status: string;
  joinType: string;
  joinedAt: string | null;
}

export interface MetaverseObjectDetail extends MetaverseObjectSummary {
  origin: 'projected' | 'internal';
  contributions: Record<string, Contribution>;
  /** Reference attributes resolved for display: attribute -> [{id, displayName}]. */
  references: Record<string, { id: number; displayName: string }[]>;
  lineage: LineageEntry[];
  deletionTriggeredBy: string | null;
}

// ---- Sync rules ----

export const SYNC_DIRECTIONS = ['inbound', 'outbound'] as const;
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];

export const SCOPE_OPERATORS = [
  'equals',
  'notEquals',
  'startsWith',
  'endsWith',
  'contains',
  'lessThan',
  'greaterThan',
  'isPresent',
  'isAbsent',
] as const;
export type ScopeOperator = (typeof SCOPE_OPERATORS)[number];

export interface ScopeCriterion {
  attribute: string;
  operator: ScopeOperator;
  value: string;
  caseSensitive: boolean;
}

/** all = every criterion and child group holds; any = at least one. An empty group is true. */
export interface ScopeGroup {
  match: 'all' | 'any';
  criteria: ScopeCriterion[];
  groups: ScopeGroup[];
}

export interface MatchingRule {
  /** Source attributes (inbound: connector space; outbound: metaverse), joined with a space when several. */
  sources: string[];
  /** The attribute on the other side that must equal the source value. */
  target: string;
  caseSensitive: boolean;
}

export const MISSING_INPUT_BEHAVIOURS = ['evaluateAnyway', 'contributeNoValue', 'failMapping', 'failObject'] as const;
export type MissingInputBehaviour = (typeof MISSING_INPUT_BEHAVIOURS)[number];

export type FlowSource =
  | { kind: 'attribute'; attribute: string }
  | { kind: 'constant'; value: string }
  | { kind: 'expression'; expression: string; missingInput: MissingInputBehaviour };

export interface AttributeFlow {
  /** Target attribute name: metaverse for inbound rules, connector space for outbound. */
  target: string;
  source: FlowSource;
  /** Inbound: an empty contribution asserts "no value" and stops the priority walk. */
  nullIsValue: boolean;
  /** Outbound: sent on create only, never in later updates. */
  initialExportOnly: boolean;
}

export interface SyncRule {
  id: number;
  name: string;
  description: string;
  connectedSystemId: number;
  systemName: string;
  csObjectType: string;
  mvObjectType: string;
  direction: SyncDirection;
  enabled: boolean;
  /** Inbound: create a metaverse object when no join matches. */
  projectToMetaverse: boolean;
  /** Outbound: create a connector space object (and a Create pending export) when none is joined. */
  provisionToSystem: boolean;
  outOfScopeAction: 'disconnect' | 'remainJoined';
  deprovisionAction: 'disconnect' | 'delete';
  scoping: ScopeGroup[];
  matching: MatchingRule[];
  flows: AttributeFlow[];
  updatedAt: string;
}

/** Priority of inbound contributors for one metaverse attribute of one type: first with a value wins. */
export interface AttributePriority {
  mvObjectType: string;
  attribute: string;
  contributors: { syncRuleId: number; syncRuleName: string; systemName: string; ranked: boolean }[];
}

// ---- Pending exports ----

export const PENDING_EXPORT_STATUSES = ['pending', 'exported', 'exportNotConfirmed', 'failed'] as const;
export type PendingExportStatus = (typeof PENDING_EXPORT_STATUSES)[number];

export type PendingChangeType = 'create' | 'update' | 'delete';

/**
 * One attribute's staged change. `values` is the complete new value set (set/replace semantics,
 * empty = clear); `previous` is what the target held when it was staged, for the admin.
 * Reference values hold metaverse object ids until export resolves them to anchors.
 */
export interface PendingAttributeChange {
  attribute: string;
  values: ScalarValue[];
  previous: ScalarValue[];
  referencesMvoIds: boolean;
  status: 'pending' | 'exportedPendingConfirmation' | 'exportedNotConfirmed';
}

export interface PendingExport {
  id: number;
  connectedSystemId: number;
  csoId: number;
  externalId: string;
  objectType: string;
  changeType: PendingChangeType;
  status: PendingExportStatus;
  errorCount: number;
  maxRetries: number;
  lastError: string | null;
  lastAttemptedAt: string | null;
  nextRetryAt: string | null;
  sourceMvoId: number | null;
  syncRuleId: number | null;
  changes: PendingAttributeChange[];
  createdAt: string;
}
