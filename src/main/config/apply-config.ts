import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { ConfigApplyResult } from '../../shared/contract';
import type { ConfigPlan } from '../../shared/contract/config';
import type { ScheduleTrigger } from '../../shared/model';
import type { WriteDb } from '../store';
import { validateTrigger } from '../schedules/triggers';
import { createApplyContext, formatPath, lower, Problems, type Path } from './apply-context';
import { applyMvAttributes, applyMvDeletionRules, applyMvObjectTypes } from './apply-metaverse';
import { applyAttributePriorities, applySyncRules } from './apply-rules';
import { applySchedules } from './apply-schedules';
import { applyRunProfiles, applySystems } from './apply-systems';
import { configDocument, type ConfigDocument } from './document';

export { formatPath } from './apply-context';

/** Thrown inside the transaction so SQLite rolls everything back. */
class RollBack extends Error {}

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

/** Applies a validated document inside the caller's transaction; every failure becomes a problem. */
function applyDocument(db: WriteDb, doc: ConfigDocument, problems: Problems, changes: string[]): void {
  const ctx = createApplyContext(db, problems, changes);
  // 1. Metaverse object types (their deletion rules come last: they name systems).
  applyMvObjectTypes(db, doc.metaverse.objectTypes, ctx);
  // 2. Metaverse attributes and their bindings.
  applyMvAttributes(db, doc.metaverse.attributes, ctx);
  // 3. Connected systems with their schema.
  applySystems(db, doc.connectedSystems, ctx);
  // 4. Run profiles, matched by system and name.
  applyRunProfiles(db, doc.connectedSystems, ctx);
  // 5. Sync rules, validated as the sync rule editor validates them.
  applySyncRules(db, doc.syncRules, ctx);
  // 6. Attribute priorities (by rule name).
  applyAttributePriorities(db, doc.attributePriorities, ctx);
  // 7. Deletion rules of the metaverse object types, now that every system exists.
  applyMvDeletionRules(db, doc.metaverse.objectTypes, ctx);
  // 8. Schedules, whose steps name systems and run profiles.
  applySchedules(db, doc.schedules, ctx);
}

/** The sections report "<object>: created" (or ": set" for a priority) for a new object. */
const CREATED = /^(.*): (created|set)$/;

/** Groups the change lines of an apply into what it creates and what it changes. */
export function planOf(changes: readonly string[]): ConfigPlan {
  const plan: ConfigPlan = { create: [], change: [], delete: [] };
  for (const line of changes) {
    const created = CREATED.exec(line);
    if (created?.[1] !== undefined) plan.create.push(created[1]);
    else plan.change.push(line);
  }
  return plan;
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
  return { changes, plan: planOf(changes) };
}
