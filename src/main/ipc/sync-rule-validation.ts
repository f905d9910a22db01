import { parseExpression } from '../../shared/expressions';
import type { ParsedInputOf } from '../../shared/contract';
import type { AttributeType, MvAttribute, ScopeGroup, SchemaObjectType } from '../../shared/model';
import {
  findSyncRuleByName,
  getSystem,
  listObjectTypes,
  readMetaverseSchema,
  type SyncRuleRecord,
  type WriteDb,
} from '../store';
import { invalid } from './errors';

export type SyncRuleBody = ParsedInputOf<'syncRules.create'>;

/** A connector-space attribute an outbound rule writes that the target's schema does not have yet. */
export interface NewTargetAttribute {
  objectTypeId: number;
  name: string;
  type: AttributeType;
  multiValued: boolean;
}

export interface ValidatedSyncRule {
  record: SyncRuleRecord;
  newTargetAttributes: NewTargetAttribute[];
}

const lower = (s: string): string => s.toLowerCase();

/**
 * Checks a sync rule against the schemas it names and collects every problem with its path in
 * the input (so forms and `config apply` can point at each one). Throws when any is found.
 */
export function validateSyncRule(db: WriteDb, body: SyncRuleBody, existingId?: number): ValidatedSyncRule {
  const problems: Record<string, string> = {};
  const problem = (path: string, message: string): void => {
    problems[path] ??= message;
  };
  const clash = findSyncRuleByName(db, body.name);
  if (clash && clash.id !== existingId) problem('name', `A sync rule named "${body.name}" already exists`);

  const system = getSystem(db, body.connectedSystemId);
  if (!system) problem('connectedSystemId', `Connected system ${body.connectedSystemId} does not exist`);
  const csType: SchemaObjectType | undefined = system
    ? listObjectTypes(db, system.id).find((t) => lower(t.name) === lower(body.csObjectType))
    : undefined;
  if (system && !csType) problem('csObjectType', `${system.name} has no object type "${body.csObjectType}"`);

  const mvSchema = readMetaverseSchema(db);
  const mvType = mvSchema.objectTypes.find((t) => lower(t.name) === lower(body.mvObjectType));
  if (!mvType) problem('mvObjectType', `The metaverse has no object type "${body.mvObjectType}"`);
  const mvAttributes = new Map<string, MvAttribute>(
    mvSchema.attributes.filter((a) => mvType && a.boundTypeIds.includes(mvType.id)).map((a) => [lower(a.name), a]),
  );
  const csAttributes = new Map((csType?.attributes ?? []).map((a) => [lower(a.name), a]));
  const inbound = body.direction === 'inbound';
  if (inbound && body.provisionToSystem) problem('provisionToSystem', 'Only outbound rules provision');
  if (!inbound && body.projectToMetaverse) problem('projectToMetaverse', 'Only inbound rules project');

  // Inbound rules read the connected system and write the metaverse; outbound the other way round.
  const sourceKnown = (name: string): boolean => (inbound ? csAttributes.has(lower(name)) : mvAttributes.has(lower(name)));
  const sourceSide = inbound ? `${csType?.name ?? body.csObjectType} in ${system?.name ?? 'the system'}` : `metaverse ${body.mvObjectType}`;
  const checkScope = (groups: ScopeGroup[], path: string): void => {
    groups.forEach((group, g) => {
      group.criteria.forEach((c, i) => {
        if (!sourceKnown(c.attribute)) problem(`${path}.${g}.criteria.${i}.attribute`, `${c.attribute} is not an attribute of ${sourceSide}`);
      });
      checkScope(group.groups, `${path}.${g}.groups`);
    });
  };
  if (csType && mvType) {
    checkScope(body.scoping, 'scoping');
    body.matching.forEach((m, i) => {
      m.sources.forEach((s, j) => {
        if (!sourceKnown(s)) problem(`matching.${i}.sources.${j}`, `${s} is not an attribute of ${sourceSide}`);
      });
      const targetKnown = inbound ? mvAttributes.has(lower(m.target)) : csAttributes.has(lower(m.target));
      if (!targetKnown) problem(`matching.${i}.target`, `${m.target} is not an attribute of ${inbound ? `metaverse ${body.mvObjectType}` : csType.name}`);
    });
  }

  const newTargetAttributes: NewTargetAttribute[] = [];
  const seenTargets = new Set<string>();
  body.flows.forEach((flow, i) => {
    if (seenTargets.has(lower(flow.target))) problem(`flows.${i}.target`, `${flow.target} already has a flow in this rule`);
    seenTargets.add(lower(flow.target));
    const source = flow.source;
    if (source.kind === 'attribute' && csType && mvType && !sourceKnown(source.attribute)) {
      problem(`flows.${i}.source.attribute`, `${source.attribute} is not an attribute of ${sourceSide}`);
    }
    if (source.kind === 'expression') {
      const parsed = parseExpression(source.expression, { scope: inbound ? 'cs' : 'mv' });
      if (!parsed.ok) {
        const at = parsed.error.position === null ? '' : ` (at character ${parsed.error.position + 1})`;
        problem(`flows.${i}.source.expression`, `${parsed.error.message}${at}`);
      }
    }
    if (!csType || !mvType) return;
    if (inbound) {
      if (!mvAttributes.has(lower(flow.target))) {
        problem(`flows.${i}.target`, `${flow.target} is not an attribute bound to metaverse ${mvType.name}`);
      }
      return;
    }
    if (csAttributes.has(lower(flow.target)) || newTargetAttributes.some((a) => lower(a.name) === lower(flow.target))) return;
    if (system?.connectorType !== 'file') {
      problem(`flows.${i}.target`, `${flow.target} is not an attribute of ${csType.name}`);
      return;
    }
    // A file target's columns come from the rules that write it.
    const sourceAttribute = source.kind === 'attribute' ? mvAttributes.get(lower(source.attribute)) : undefined;
    const type: AttributeType = !sourceAttribute || sourceAttribute.type === 'reference' ? 'text' : sourceAttribute.type;
    newTargetAttributes.push({ objectTypeId: csType.id, name: flow.target, type, multiValued: sourceAttribute?.multiValued ?? false });
  });

  const paths = Object.keys(problems);
  if (paths.length > 0) {
    const first = paths[0] as string;
    const more = paths.length > 1 ? ` (and ${paths.length - 1} more problem${paths.length > 2 ? 's' : ''})` : '';
    throw invalid(`${first}: ${problems[first]}${more}`, problems);
  }
  const { mvObjectType: _name, ...rest } = body;
  return {
    record: { ...rest, mvObjectTypeId: (mvType as { id: number }).id, csObjectType: (csType as SchemaObjectType).name },
    newTargetAttributes,
  };
}
