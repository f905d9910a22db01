import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ApiError, type ConfigApplyResult, type FieldErrors } from '../../shared/contract';
import type { FileConnectorSettings, MvAttribute, MvObjectType, SchemaObjectType } from '../../shared/model';
import {
  addSchemaAttribute,
  countAttributeValues,
  findRunProfileByName,
  findScheduleByName,
  insertSchedule,
  listScheduleSteps,
  updateSchedule,
  findSyncRuleByName,
  findSystemByName,
  insertMvAttribute,
  insertMvObjectType,
  insertRunProfile,
  insertSyncRule,
  insertSystem,
  listJobsForSystem,
  listObjectTypes,
  listPriorities,
  mergeDiscoveredSchema,
  readMetaverseSchema,
  setExternalIdAttribute,
  setMvAttributeBindings,
  setObjectTypeSelected,
  setPriority,
  updateAttributeDefinition,
  updateMvObjectTypeDeletion,
  updateRunProfile,
  updateSyncRule,
  updateSystem,
  type WriteDb,
} from '../store';
import { invalid } from '../ipc/errors';
import { attributePriorities } from '../ipc/sync-rule-handlers';
import { validateTrigger } from '../schedules/triggers';
import type { ScheduleTrigger } from '../../shared/model';
import { validateSyncRule, type SyncRuleBody } from '../ipc/sync-rule-validation';
import { configDocument, type ConfigDocument, type ConfigSystem } from './document';

type Path = readonly (string | number)[];

const lower = (s: string): string => s.toLowerCase();

/** `["syncRules", 2, "flows", 0, "target"]` → `syncRules[2].flows[0].target`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out || '(document)';
}

/** A field path of the handlers ("flows.0.source.expression") as path segments. */
function handlerPath(field: string): (string | number)[] {
  if (field === '_' || field === '') return [];
  return field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s === 'connectedSystemId' ? 'system' : s));
}

/** Thrown inside the transaction so SQLite rolls everything back. */
class RollBack extends Error {}

/** Every problem of one apply, keyed by its path in the document, with the line it is on when known. */
class Problems {
  readonly fields: FieldErrors = {};

  constructor(private readonly locate: (path: Path) => number | null) {}

  add(path: Path, message: string): void {
    const key = formatPath(path);
    if (this.fields[key] !== undefined) return;
    const line = this.locate(path);
    this.fields[key] = line === null ? message : `${message} (line ${line})`;
  }

  get count(): number {
    return Object.keys(this.fields).length;
  }

  /** Records a failure thrown while applying one object; field errors keep their own paths. */
  fromError(path: Path, error: unknown): void {
    if (error instanceof ApiError && error.fields && Object.keys(error.fields).length > 0) {
      for (const [field, message] of Object.entries(error.fields)) this.add([...path, ...handlerPath(field)], message);
      return;
    }
    this.add(path, error instanceof Error ? error.message : String(error));
  }

  toError(): ApiError {
    const entries = Object.entries(this.fields);
    const [firstPath, firstMessage] = entries[0] ?? ['(document)', 'invalid'];
    const n = entries.length;
    return invalid(`${n} problem${n === 1 ? '' : 's'}: ${firstPath}: ${firstMessage}`, this.fields);
  }
}

/** Parses YAML or JSON and checks it against the document schema; problems point at their line. */
function parseText(text: string): { value?: ConfigDocument; problems: Problems } {
  const lines = new LineCounter();
  let parsed: Document | null = null;
  const locate = (path: Path): number | null => {
    if (!parsed) return null;
    // The deepest node that exists on the path (a missing key points at its parent).
    for (let n = path.length; n >= 0; n -= 1) {
      const node = n === 0 ? parsed.contents : parsed.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return lines.linePos(range[0]).line;
    }
    return null;
  };
  const result = new Problems(locate);
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const { line, col } = lines.linePos(error.pos[0]);
      result.add([`(syntax) line ${line}, column ${col}`], error.message.split('\n')[0] ?? error.message);
    }
    return { problems: result };
  }
  parsed = document;
  const value: unknown = document.toJS({ maxAliasCount: 1000 });
  const checked = configDocument.safeParse(value ?? undefined);
  if (!checked.success) {
    for (const issue of checked.error.issues as z.core.$ZodIssue[]) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) result.add([...path, key], 'Unknown property');
      } else {
        result.add(path, issue.message);
      }
    }
    return { problems: result };
  }
  return { value: checked.data, problems: result };
}

/** Names must be unique (case-insensitively, like the database) within each list of the document. */
function checkDuplicates<T>(problems: Problems, items: readonly T[], key: (item: T) => string, path: (i: number) => Path): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = lower(key(item));
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else problems.add(path(i), `"${key(item)}" is listed twice (also at ${formatPath(path(first))})`);
  });
}

function checkDocument(doc: ConfigDocument, problems: Problems): void {
  checkDuplicates(problems, doc.metaverse.objectTypes, (t) => t.name, (i) => ['metaverse', 'objectTypes', i, 'name']);
  checkDuplicates(problems, doc.metaverse.attributes, (a) => a.name, (i) => ['metaverse', 'attributes', i, 'name']);
  checkDuplicates(problems, doc.connectedSystems, (s) => s.name, (i) => ['connectedSystems', i, 'name']);
  checkDuplicates(problems, doc.syncRules, (r) => r.name, (i) => ['syncRules', i, 'name']);
  checkDuplicates(
    problems,
    doc.attributePriorities,
    (p) => `${p.mvObjectType}.${p.attribute}`,
    (i) => ['attributePriorities', i],
  );
  doc.connectedSystems.forEach((system, s) => {
    checkDuplicates(problems, system.runProfiles, (p) => p.name, (i) => ['connectedSystems', s, 'runProfiles', i, 'name']);
    const types = system.schema.objectTypes;
    checkDuplicates(problems, types, (t) => t.name, (i) => ['connectedSystems', s, 'schema', 'objectTypes', i, 'name']);
    types.forEach((type, t) => {
      const base = ['connectedSystems', s, 'schema', 'objectTypes', t] as const;
      checkDuplicates(problems, type.attributes, (a) => a.name, (i) => [...base, 'attributes', i, 'name']);
      const anchors = type.attributes.flatMap((a, i) => (a.externalId ? [i] : []));
      if (anchors.length !== 1) {
        problems.add([...base, 'attributes'], `Exactly one attribute must be the external ID (found ${anchors.length})`);
      }
      for (const i of anchors) {
        const anchor = type.attributes[i];
        if (anchor?.multiValued) problems.add([...base, 'attributes', i, 'multiValued'], 'The external ID must be single-valued');
        if (anchor && !anchor.selected) problems.add([...base, 'attributes', i, 'selected'], 'The external ID is always imported');
      }
    });
    if (system.settings.objectType && !types.some((t) => lower(t.name) === lower(system.settings.objectType ?? ''))) {
      problems.add(['connectedSystems', s, 'schema', 'objectTypes'], `The schema has no object type "${system.settings.objectType}" (settings.objectType)`);
    }
  });
  checkDuplicates(problems, doc.schedules, (s) => s.name, (i) => ['schedules', i, 'name']);
  doc.schedules.forEach((schedule, i) => {
    const problem = validateTrigger(schedule.trigger as ScheduleTrigger, new Date());
    if (problem) problems.add(['schedules', i, 'trigger', ...(schedule.trigger.kind === 'cron' ? ['expression'] : [])], problem);
  });
  doc.attributePriorities.forEach((p, i) => {
    checkDuplicates(problems, p.order, (n) => n, (j) => ['attributePriorities', i, 'order', j]);
  });
}

function settingsOf(system: ConfigSystem): FileConnectorSettings {
  const s = system.settings;
  return {
    filePath: s.filePath,
    delimiter: s.delimiter,
    multiValueDelimiter: s.multiValueDelimiter,
    objectType: s.objectType || null,
    objectTypeColumn: s.objectTypeColumn || null,
    externalIdColumn: s.externalIdColumn,
    mode: s.mode,
    changeTypeColumn: s.changeTypeColumn,
  };
}

const sameSettings = (a: FileConnectorSettings, b: FileConnectorSettings): boolean =>
  a.filePath === b.filePath &&
  a.delimiter === b.delimiter &&
  a.multiValueDelimiter === b.multiValueDelimiter &&
  (a.objectType ?? null) === (b.objectType ?? null) &&
  (a.objectTypeColumn ?? null) === (b.objectTypeColumn ?? null) &&
  a.externalIdColumn === b.externalIdColumn &&
  a.mode === b.mode &&
  a.changeTypeColumn === b.changeTypeColumn;

const sameSet = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));

type DesiredType = ConfigSystem['schema']['objectTypes'][number];

/** Whether the stored schema already is what the document describes (objects it does not name are ignored). */
function schemaMatches(stored: SchemaObjectType[], desired: DesiredType[]): boolean {
  return desired.every((type) => {
    const current = stored.find((t) => lower(t.name) === lower(type.name));
    if (!current || current.selected !== type.selected) return false;
    const named = current.attributes.filter((a) => type.attributes.some((d) => lower(d.name) === lower(a.name)));
    if (named.length !== type.attributes.length) return false;
    const anchors = current.attributes.filter((a) => a.isExternalId).map((a) => lower(a.name));
    const wantedAnchor = type.attributes.filter((a) => a.externalId).map((a) => lower(a.name));
    if (anchors.length !== 1 || anchors[0] !== wantedAnchor[0]) return false;
    return type.attributes.every((d, i) => {
      const a = named[i];
      return (
        a !== undefined &&
        lower(a.name) === lower(d.name) &&
        a.type === d.type &&
        a.multiValued === d.multiValued &&
        a.selected === d.selected &&
        a.typeSetByAdmin === d.typeSetByAdmin
      );
    });
  });
}

/** Writes the document's schema of one system: ids of existing types and attributes are kept. */
function writeSchema(db: WriteDb, systemId: number, desired: DesiredType[]): void {
  mergeDiscoveredSchema(
    db,
    systemId,
    desired.map((t) => ({
      name: t.name,
      attributes: t.attributes.map((a) => ({ name: a.name, type: a.type, multiValued: a.multiValued, isExternalId: a.externalId })),
    })),
  );
  const stored = listObjectTypes(db, systemId);
  const resetShape = db.prepare('UPDATE schema_attributes SET type = ?, multi_valued = ?, type_set_by_admin = 0 WHERE id = ?');
  for (const type of desired) {
    const current = stored.find((t) => lower(t.name) === lower(type.name));
    if (!current) throw new Error(`Object type ${type.name} was not stored`);
    if (current.selected !== type.selected) setObjectTypeSelected(db, current.id, type.selected);
    for (const attribute of type.attributes) {
      const a = current.attributes.find((x) => lower(x.name) === lower(attribute.name));
      if (!a) throw new Error(`Attribute ${attribute.name} was not stored`);
      if (attribute.typeSetByAdmin) {
        updateAttributeDefinition(db, a.id, { type: attribute.type, multiValued: attribute.multiValued, selected: attribute.selected });
      } else {
        if (a.typeSetByAdmin) resetShape.run(attribute.type, attribute.multiValued ? 1 : 0, a.id);
        if (a.selected !== attribute.selected) updateAttributeDefinition(db, a.id, { selected: attribute.selected });
      }
      if (attribute.externalId) setExternalIdAttribute(db, current.id, a.id);
    }
  }
}

/** Applies a validated document inside the caller's transaction; every failure becomes a problem. */
function applyDocument(db: WriteDb, doc: ConfigDocument, problems: Problems, changes: string[]): void {
  /** One object at a time, in a savepoint: a failure undoes only that object and the walk goes on. */
  const attempt = (path: Path, apply: () => void): boolean => {
    try {
      db.transaction(apply)();
      return true;
    } catch (error) {
      problems.fromError(path, error);
      return false;
    }
  };
  const failed = { systems: new Set<string>(), types: new Set<string>(), rules: new Set<string>() };
  const mvTypes = (): MvObjectType[] => readMetaverseSchema(db).objectTypes;
  const mvTypeNamed = (name: string): MvObjectType | undefined => mvTypes().find((t) => lower(t.name) === lower(name));
  const createdTypes = new Set<string>();

  // 1. Metaverse object types (their deletion rules come last: they name systems).
  doc.metaverse.objectTypes.forEach((type, i) => {
    if (mvTypeNamed(type.name)) return;
    const ok = attempt(['metaverse', 'objectTypes', i], () => {
      insertMvObjectType(db, type.name);
      createdTypes.add(lower(type.name));
      changes.push(`metaverse object type ${type.name}: created`);
    });
    if (!ok) failed.types.add(lower(type.name));
  });

  // 2. Metaverse attributes and their bindings.
  doc.metaverse.attributes.forEach((attribute, i) => {
    const path = ['metaverse', 'attributes', i] as const;
    const typeIds: number[] = [];
    let unresolved = false;
    attribute.boundTo.forEach((name, j) => {
      const type = mvTypeNamed(name);
      if (type) typeIds.push(type.id);
      else {
        unresolved = true;
        if (!failed.types.has(lower(name))) problems.add([...path, 'boundTo', j], `The metaverse has no object type "${name}"`);
      }
    });
    if (unresolved) return;
    const current: MvAttribute | undefined = readMetaverseSchema(db).attributes.find((a) => lower(a.name) === lower(attribute.name));
    attempt(path, () => {
      if (!current) {
        const id = insertMvAttribute(db, attribute);
        setMvAttributeBindings(db, id, typeIds);
        changes.push(`metaverse attribute ${attribute.name}: created`);
        return;
      }
      if (current.type !== attribute.type) {
        problems.add([...path, 'type'], `The type of an existing attribute cannot change (it is ${current.type})`);
      }
      if (current.multiValued !== attribute.multiValued) {
        problems.add([...path, 'multiValued'], `The plurality of an existing attribute cannot change (it is ${current.multiValued ? 'multi' : 'single'}-valued)`);
      }
      if (sameSet(current.boundTypeIds, typeIds)) return;
      for (const typeId of current.boundTypeIds.filter((t) => !typeIds.includes(t))) {
        const held = countAttributeValues(db, current.name, typeId);
        const typeName = mvTypes().find((t) => t.id === typeId)?.name ?? String(typeId);
        if (held > 0) throw invalid(`Cannot unbind from ${typeName}: ${held} metaverse object(s) hold a value`, { boundTo: `Cannot unbind "${current.name}" from ${typeName}: ${held} metaverse object(s) hold a value for it` });
      }
      setMvAttributeBindings(db, current.id, typeIds);
      changes.push(`metaverse attribute ${current.name}: object types updated`);
    });
  });

  // 3. Connected systems with their schema.
  const systemIds = new Map<string, number>();
  doc.connectedSystems.forEach((system, i) => {
    const path = ['connectedSystems', i] as const;
    const settings = settingsOf(system);
    const existing = findSystemByName(db, system.name);
    const ok = attempt(path, () => {
      if (!existing) {
        const id = insertSystem(db, { name: system.name, description: system.description, connectorType: system.connector, settings });
        writeSchema(db, id, system.schema.objectTypes);
        systemIds.set(lower(system.name), id);
        changes.push(`connected system ${system.name}: created`);
        return;
      }
      systemIds.set(lower(system.name), existing.id);
      const settingsChanged = !sameSettings(existing.settings, settings);
      const descriptionChanged = existing.description !== system.description;
      const schemaChanged = !schemaMatches(listObjectTypes(db, existing.id), system.schema.objectTypes);
      if (!settingsChanged && !descriptionChanged && !schemaChanged) return;
      const job = listJobsForSystem(db, existing.id)[0];
      if (job) throw invalid(`Cannot change ${existing.name} while activity #${job.activityId} is queued or running on it`);
      if (settingsChanged || descriptionChanged) {
        updateSystem(db, existing.id, { name: existing.name, description: system.description, settings });
        changes.push(`connected system ${existing.name}: ${settingsChanged ? 'settings' : 'description'} updated`);
      }
      if (schemaChanged) {
        writeSchema(db, existing.id, system.schema.objectTypes);
        changes.push(`connected system ${existing.name}: schema updated`);
      }
    });
    if (!ok) failed.systems.add(lower(system.name));
  });
  const systemNamed = (name: string): number | undefined => systemIds.get(lower(name)) ?? findSystemByName(db, name)?.id;
  const unknownSystem = (path: Path, name: string): void => {
    if (!failed.systems.has(lower(name))) problems.add(path, `There is no connected system named "${name}"`);
  };

  // 4. Run profiles, matched by system and name.
  doc.connectedSystems.forEach((system, i) => {
    const systemId = systemIds.get(lower(system.name));
    if (systemId === undefined) return;
    system.runProfiles.forEach((profile, j) => {
      const path = ['connectedSystems', i, 'runProfiles', j] as const;
      attempt(path, () => {
        const label = `run profile ${system.name}/${profile.name}`;
        const existing = findRunProfileByName(db, systemId, profile.name);
        if (!existing) {
          insertRunProfile(db, { connectedSystemId: systemId, ...profile });
          changes.push(`${label}: created`);
          return;
        }
        if (existing.runType !== profile.runType) {
          throw invalid('run type', {
            runType: `The run type of an existing run profile cannot change (it is ${existing.runType}): give the new profile another name`,
          });
        }
        if (existing.batchSize === profile.batchSize && existing.filePath === profile.filePath) return;
        updateRunProfile(db, existing.id, { name: existing.name, batchSize: profile.batchSize, filePath: profile.filePath });
        changes.push(`${label}: updated`);
      });
    });
  });

  // 5. Sync rules, validated as the sync rule editor validates them.
  doc.syncRules.forEach((rule, i) => {
    const path = ['syncRules', i] as const;
    const systemId = systemNamed(rule.system);
    if (systemId === undefined) {
      unknownSystem([...path, 'system'], rule.system);
      failed.rules.add(lower(rule.name));
      return;
    }
    if (failed.types.has(lower(rule.mvObjectType))) {
      failed.rules.add(lower(rule.name));
      return;
    }
    const { system: _system, ...fields } = rule;
    const body: SyncRuleBody = { ...fields, connectedSystemId: systemId };
    const ok = attempt(path, () => {
      const existing = findSyncRuleByName(db, rule.name);
      if (existing && existing.direction !== rule.direction) {
        throw invalid('direction', { direction: `The direction of an existing sync rule cannot change (it is ${existing.direction})` });
      }
      const { record, newTargetAttributes } = validateSyncRule(db, body, existing?.id);
      for (const attribute of newTargetAttributes) {
        addSchemaAttribute(db, attribute.objectTypeId, attribute);
        changes.push(`connected system ${rule.system}: schema attribute ${attribute.name} added (written by sync rule ${rule.name})`);
      }
      if (!existing) {
        insertSyncRule(db, record);
        changes.push(`sync rule ${rule.name}: created`);
        return;
      }
      const mvTypeName = mvTypes().find((t) => t.id === record.mvObjectTypeId)?.name ?? '';
      const unchanged =
        existing.name === record.name &&
        existing.description === record.description &&
        existing.connectedSystemId === record.connectedSystemId &&
        existing.csObjectType === record.csObjectType &&
        lower(existing.mvObjectType) === lower(mvTypeName) &&
        existing.enabled === record.enabled &&
        existing.projectToMetaverse === record.projectToMetaverse &&
        existing.provisionToSystem === record.provisionToSystem &&
        existing.outOfScopeAction === record.outOfScopeAction &&
        existing.deprovisionAction === record.deprovisionAction &&
        JSON.stringify(existing.scoping) === JSON.stringify(record.scoping) &&
        JSON.stringify(existing.matching) === JSON.stringify(record.matching) &&
        JSON.stringify(existing.flows) === JSON.stringify(record.flows);
      if (unchanged) return;
      updateSyncRule(db, existing.id, record);
      changes.push(`sync rule ${record.name}: updated`);
    });
    if (!ok) failed.rules.add(lower(rule.name));
  });

  // 6. Attribute priorities (by rule name).
  doc.attributePriorities.forEach((priority, i) => {
    const path = ['attributePriorities', i] as const;
    const type = mvTypeNamed(priority.mvObjectType);
    if (!type) {
      if (!failed.types.has(lower(priority.mvObjectType))) {
        problems.add([...path, 'mvObjectType'], `The metaverse has no object type "${priority.mvObjectType}"`);
      }
      return;
    }
    const group = attributePriorities(db).find(
      (p) => lower(p.mvObjectType) === lower(type.name) && lower(p.attribute) === lower(priority.attribute),
    );
    const ids: number[] = [];
    let complete = true;
    priority.order.forEach((ruleName, j) => {
      const rule = findSyncRuleByName(db, ruleName);
      if (!rule) {
        complete = false;
        if (!failed.rules.has(lower(ruleName))) problems.add([...path, 'order', j], `There is no sync rule named "${ruleName}"`);
        return;
      }
      if (!group?.contributors.some((c) => c.syncRuleId === rule.id)) {
        complete = false;
        problems.add([...path, 'order', j], `Sync rule "${rule.name}" has no inbound flow into ${type.name}.${priority.attribute}`);
        return;
      }
      ids.push(rule.id);
    });
    if (!complete) return;
    const stored = listPriorities(db).find((p) => p.mvObjectTypeId === type.id && lower(p.attribute) === lower(priority.attribute));
    if (stored && stored.syncRuleIds.length === ids.length && stored.syncRuleIds.every((id, k) => id === ids[k])) return;
    attempt(path, () => {
      setPriority(db, type.id, priority.attribute, ids);
      changes.push(`attribute priority ${type.name}.${priority.attribute}: ${stored ? 'updated' : 'set'}`);
    });
  });

  // 7. Deletion rules of the metaverse object types, now that every system exists.
  doc.metaverse.objectTypes.forEach((wanted, i) => {
    const path = ['metaverse', 'objectTypes', i] as const;
    const type = mvTypeNamed(wanted.name);
    if (!type) return;
    const ids: number[] = [];
    let complete = true;
    wanted.deletionTriggerSystems.forEach((name, j) => {
      const id = systemNamed(name);
      if (id === undefined) {
        complete = false;
        unknownSystem([...path, 'deletionTriggerSystems', j], name);
      } else ids.push(id);
    });
    if (!complete) return;
    const same =
      type.deletionRule === wanted.deletionRule &&
      type.deletionGraceSeconds === wanted.deletionGraceSeconds &&
      sameSet(type.deletionTriggerSystemIds, ids);
    if (same) return;
    attempt(path, () => {
      updateMvObjectTypeDeletion(db, type.id, {
        deletionRule: wanted.deletionRule,
        deletionGraceSeconds: wanted.deletionGraceSeconds,
        deletionTriggerSystemIds: ids,
      });
      if (!createdTypes.has(lower(wanted.name))) changes.push(`metaverse object type ${type.name}: deletion rule updated`);
    });
  });

  // 8. Schedules, whose steps name systems and run profiles.
  doc.schedules.forEach((schedule, i) => {
    const path = ['schedules', i] as const;
    const steps: { runProfileId: number; parallelWithPrevious: boolean; continueOnFailure: boolean }[] = [];
    let complete = true;
    schedule.steps.forEach((step, j) => {
      const systemId = systemNamed(step.system);
      if (systemId === undefined) {
        complete = false;
        unknownSystem([...path, 'steps', j, 'system'], step.system);
        return;
      }
      const profile = findRunProfileByName(db, systemId, step.runProfile);
      if (!profile) {
        complete = false;
        problems.add([...path, 'steps', j, 'runProfile'], `System "${step.system}" has no run profile named "${step.runProfile}"`);
        return;
      }
      steps.push({ runProfileId: profile.id, parallelWithPrevious: j > 0 && step.parallelWithPrevious, continueOnFailure: step.continueOnFailure });
    });
    if (!complete) return;
    const input = {
      name: schedule.name,
      description: schedule.description,
      enabled: schedule.enabled,
      trigger: schedule.trigger as ScheduleTrigger,
      steps,
    };
    attempt(path, () => {
      const existing = findScheduleByName(db, schedule.name);
      if (!existing) {
        insertSchedule(db, input, Date.now());
        changes.push(`schedule ${schedule.name}: created`);
        return;
      }
      const unchanged =
        existing.name === input.name &&
        existing.description === input.description &&
        existing.enabled === input.enabled &&
        JSON.stringify(existing.trigger) === JSON.stringify(input.trigger) &&
        JSON.stringify(listScheduleSteps(db, existing.id)) === JSON.stringify(steps);
      if (unchanged) return;
      const retimed = JSON.stringify(existing.trigger) !== JSON.stringify(input.trigger) || (!existing.enabled && input.enabled);
      updateSchedule(db, existing.id, input, retimed ? Date.now() : null);
      changes.push(`schedule ${existing.name}: updated`);
    });
  });
}

/**
 * Validates a configuration document (YAML or JSON) and applies it in one transaction. Any
 * problem, each reported with its path in the document, means nothing is changed; a dry run
 * reports what would change and rolls back.
 */
export function applyConfig(db: WriteDb, text: string, options: { dryRun: boolean }): ConfigApplyResult {
  const { value, problems } = parseText(text);
  if (!value) throw problems.toError();
  checkDocument(value, problems);
  if (problems.count > 0) throw problems.toError();
  const changes: string[] = [];
  try {
    db.transaction(() => {
      applyDocument(db, value, problems, changes);
      if (problems.count > 0 || options.dryRun) throw new RollBack();
    }).immediate();
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    if (problems.count > 0) throw problems.toError();
  }
  return { changes };
}
