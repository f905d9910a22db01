import type { SyncRuleInput } from '../../../../shared/contract/sync-rules';
import type {
  ConnectedSystem,
  FlowSource,
  MetaverseSchema,
  MissingInputBehaviour,
  ScopeGroup,
  ScopeOperator,
  SyncDirection,
  SyncRule,
} from '../../../../shared/model/index';

export const SCOPE_OPERATOR_LABELS: Record<ScopeOperator, string> = {
  equals: 'equals',
  notEquals: 'does not equal',
  startsWith: 'starts with',
  endsWith: 'ends with',
  contains: 'contains',
  lessThan: 'is less than',
  greaterThan: 'is greater than',
  isPresent: 'is present',
  isAbsent: 'is absent',
};

/** Operators that test presence only: they take no value. */
export const VALUELESS_OPERATORS: readonly ScopeOperator[] = ['isPresent', 'isAbsent'];

export const MISSING_INPUT_LABELS: Record<MissingInputBehaviour, string> = {
  evaluateAnyway: 'Evaluate anyway',
  contributeNoValue: 'Contribute no value',
  failMapping: 'Fail this flow',
  failObject: 'Fail the whole object',
};

export type FlowKind = FlowSource['kind'];

/** One flow as edited: every kind's input is kept, so switching kind back and forth loses nothing. */
export interface FlowDraft {
  key: number;
  target: string;
  /** Outbound only: the target is a new column typed by hand rather than one from the schema. */
  newTarget: boolean;
  kind: FlowKind;
  attribute: string;
  constant: string;
  expression: string;
  missingInput: MissingInputBehaviour;
  nullIsValue: boolean;
  initialExportOnly: boolean;
}

export interface MatchDraft {
  key: number;
  sources: string[];
  target: string;
  caseSensitive: boolean;
}

export interface SyncRuleDraft {
  name: string;
  description: string;
  connectedSystemId: number | null;
  csObjectType: string;
  mvObjectType: string;
  direction: SyncDirection;
  enabled: boolean;
  projectToMetaverse: boolean;
  provisionToSystem: boolean;
  outOfScopeAction: SyncRule['outOfScopeAction'];
  deprovisionAction: SyncRule['deprovisionAction'];
  scoping: ScopeGroup[];
  matching: MatchDraft[];
  flows: FlowDraft[];
}

let nextKey = 1;
/** Stable React keys for rows that can be reordered or removed. */
export function newKey(): number {
  return nextKey++;
}

export function newFlow(): FlowDraft {
  return {
    key: newKey(),
    target: '',
    newTarget: false,
    kind: 'attribute',
    attribute: '',
    constant: '',
    expression: '',
    missingInput: 'evaluateAnyway',
    nullIsValue: false,
    initialExportOnly: false,
  };
}

export function newMatch(): MatchDraft {
  return { key: newKey(), sources: [''], target: '', caseSensitive: true };
}

export function emptyDraft(systemId: number | null): SyncRuleDraft {
  return {
    name: '',
    description: '',
    connectedSystemId: systemId,
    csObjectType: '',
    mvObjectType: 'person',
    direction: 'inbound',
    enabled: true,
    projectToMetaverse: false,
    provisionToSystem: false,
    outOfScopeAction: 'disconnect',
    deprovisionAction: 'disconnect',
    scoping: [],
    matching: [],
    flows: [],
  };
}

export function draftFromRule(rule: SyncRule): SyncRuleDraft {
  return {
    name: rule.name,
    description: rule.description,
    connectedSystemId: rule.connectedSystemId,
    csObjectType: rule.csObjectType,
    mvObjectType: rule.mvObjectType,
    direction: rule.direction,
    enabled: rule.enabled,
    projectToMetaverse: rule.projectToMetaverse,
    provisionToSystem: rule.provisionToSystem,
    outOfScopeAction: rule.outOfScopeAction,
    deprovisionAction: rule.deprovisionAction,
    scoping: rule.scoping,
    matching: rule.matching.map((m) => ({ ...m, key: newKey(), sources: m.sources.length ? m.sources : [''] })),
    flows: rule.flows.map((f) => ({
      ...newFlow(),
      target: f.target,
      kind: f.source.kind,
      attribute: f.source.kind === 'attribute' ? f.source.attribute : '',
      constant: f.source.kind === 'constant' ? f.source.value : '',
      expression: f.source.kind === 'expression' ? f.source.expression : '',
      missingInput: f.source.kind === 'expression' ? f.source.missingInput : 'evaluateAnyway',
      nullIsValue: f.nullIsValue,
      initialExportOnly: f.initialExportOnly,
    })),
  };
}

function flowSource(f: FlowDraft): FlowSource {
  if (f.kind === 'constant') return { kind: 'constant', value: f.constant };
  if (f.kind === 'expression') return { kind: 'expression', expression: f.expression, missingInput: f.missingInput };
  return { kind: 'attribute', attribute: f.attribute };
}

/** What the server receives. Direction-specific options are sent as off/default for the other direction. */
export function inputFromDraft(d: SyncRuleDraft): SyncRuleInput {
  const inbound = d.direction === 'inbound';
  return {
    name: d.name,
    description: d.description,
    // 0 fails the server's positive-id check, which reports it on the field like any other error.
    connectedSystemId: d.connectedSystemId ?? 0,
    csObjectType: d.csObjectType,
    mvObjectType: d.mvObjectType,
    direction: d.direction,
    enabled: d.enabled,
    projectToMetaverse: inbound && d.projectToMetaverse,
    provisionToSystem: !inbound && d.provisionToSystem,
    outOfScopeAction: d.outOfScopeAction,
    deprovisionAction: d.deprovisionAction,
    scoping: d.scoping,
    // Sent as edited (blank rows included) so that error paths line up with the rows on screen.
    matching: d.matching.map((m) => ({ sources: m.sources, target: m.target, caseSensitive: m.caseSensitive })),
    flows: d.flows.map((f) => ({
      target: f.target,
      source: flowSource(f),
      nullIsValue: inbound && f.nullIsValue,
      initialExportOnly: !inbound && f.initialExportOnly,
    })),
  };
}

// ---- Attribute choices for each side of the rule ----

export interface AttributeOption {
  name: string;
  hint: string;
}

export function csObjectTypes(system: ConnectedSystem | undefined): string[] {
  if (!system) return [];
  const names = system.objectTypes.map((t) => t.name);
  // An export-only file may have no header yet: its fixed object type is still a valid target.
  const fixed = system.settings.objectType;
  if (fixed && !names.some((n) => n.toLowerCase() === fixed.toLowerCase())) names.push(fixed);
  return names;
}

export function csAttributeOptions(system: ConnectedSystem | undefined, csType: string): AttributeOption[] {
  const type = system?.objectTypes.find((t) => t.name.toLowerCase() === csType.toLowerCase());
  return (type?.attributes ?? []).map((a) => ({
    name: a.name,
    hint: [a.type, a.multiValued ? 'multi' : '', a.isExternalId ? 'external ID' : '', a.selected ? '' : 'not imported']
      .filter(Boolean)
      .join(', '),
  }));
}

export function mvAttributeOptions(schema: MetaverseSchema | undefined, mvType: string): AttributeOption[] {
  if (!schema) return [];
  const type = schema.objectTypes.find((t) => t.name.toLowerCase() === mvType.toLowerCase());
  if (!type) return [];
  return schema.attributes
    .filter((a) => a.boundTypeIds.includes(type.id))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((a) => ({ name: a.name, hint: a.multiValued ? `${a.type}, multi` : a.type }));
}

// ---- Field errors: zod paths joined with dots, e.g. "flows.2.source.expression" ----

export type FieldErrors = Record<string, string>;

/** Drops the errors at a path and below it, once the user has touched that part of the form. */
export function withoutErrors(errors: FieldErrors, prefix: string): FieldErrors {
  const next: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    if (path !== prefix && !path.startsWith(`${prefix}.`)) next[path] = message;
  }
  return next;
}

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  connectedSystemId: 'Connected system',
  csObjectType: 'Connected system object type',
  mvObjectType: 'Metaverse object type',
  direction: 'Direction',
  outOfScopeAction: 'Out-of-scope action',
  deprovisionAction: 'Deprovision action',
  target: 'target attribute',
  source: 'source',
  attribute: 'attribute',
  value: 'value',
  expression: 'expression',
  missingInput: 'missing-input behaviour',
  operator: 'operator',
  sources: 'source attributes',
  match: 'match',
};

const SOURCE_LABELS: Record<string, string> = {
  attribute: 'source attribute',
  value: 'constant value',
  expression: 'expression',
  missingInput: 'missing-input behaviour',
};

/** "flows.2.source.expression" -> "Flow 3 (mail): expression", for the summary alert. */
export function describePath(path: string, draft: SyncRuleDraft): string {
  const parts = path.split('.');
  const out: string[] = [];
  let field = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const index = Number(parts[i + 1]);
    const hasIndex = parts[i + 1] !== undefined && Number.isInteger(index);
    if (part === 'flows' && hasIndex) {
      const target = draft.flows[index]?.target;
      out.push(`Flow ${index + 1}${target ? ` (${target})` : ''}`);
      i++;
    } else if (part === 'scoping' && hasIndex) {
      out.push(`Scoping group ${index + 1}`);
      i++;
    } else if (part === 'groups' && hasIndex) {
      out.push(`child group ${index + 1}`);
      i++;
    } else if (part === 'criteria' && hasIndex) {
      out.push(`criterion ${index + 1}`);
      i++;
    } else if (part === 'matching' && hasIndex) {
      out.push(`Matching rule ${index + 1}`);
      i++;
    } else if (part === 'sources' && hasIndex) {
      field = `source attribute ${index + 1}`;
      i++;
    } else if (parts[i - 1] === 'source' && SOURCE_LABELS[part]) {
      field = SOURCE_LABELS[part];
    } else if (part !== 'source' || i === parts.length - 1) {
      field = FIELD_LABELS[part] ?? part;
    }
  }
  if (out.length === 0) return field || 'Sync rule';
  return field ? `${out.join(', ')}: ${field}` : out.join(', ');
}
