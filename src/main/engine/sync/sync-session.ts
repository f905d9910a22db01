import type { AttributeChange, ErrorType, ItemChangeType, MvAttribute, RunCounters, ScalarValue } from '../../../shared/model';
import { EMPTY_COUNTERS } from '../../../shared/model';
import {
  prepareCsoSyncStatements,
  prepareMetaverseStatements,
  preparePendingExportStatements,
  type CsoSyncStatements,
  type MetaverseStatements,
  type NewExecutionItem,
  type PendingExportStatements,
  type StoredMvo,
  type SyncCso,
  type WriteDb,
} from '../../store';
import { flowSourceValues, sameValues, storedValue } from './flow-values';
import { findKey, inScope } from './scoping';
import { contributorKey, type CompiledRule, type SyncModel } from './sync-model';

/** A metaverse object being worked on in the current page. */
export interface MvoWork {
  mvo: StoredMvo;
  /** Attribute names (canonical) whose values changed in this run: export evaluation looks at them. */
  changed: Set<string>;
  dirty: boolean;
  /** Evaluate outbound rules for it at the flush even if no value changed (a new join, a configuration change). */
  reevaluate: boolean;
  /** Projected in this run: nothing of it is stored yet beyond its row (no match values to clear). */
  created: boolean;
  deleted: boolean;
  /** The execution item that outcomes of this object (exports queued, deletion) are told on. */
  item: ItemDraft | null;
}

/** One execution item in the making: the change type rises with what happened to the object. */
export interface ItemDraft {
  csoId: number | null;
  externalId: string | null;
  objectType: string | null;
  changeType: ItemChangeType;
  mvoId: number | null;
  outcomes: string[];
  flowed: number;
  /** The metaverse values this object's flows changed, each with its rule: the item's detail shows them. */
  flows: AttributeChange[];
  errorType: ErrorType | null;
  errorMessage: string | null;
}

const CHANGE_RANK: ItemChangeType[] = ['none', 'attributeFlow', 'provisioned', 'disconnected', 'joined', 'projected', 'deleted'];

/** State shared by every step of one sync run. Holds a page's worth of objects at a time. */
export class SyncSession {
  readonly counters: RunCounters = { ...EMPTY_COUNTERS };
  readonly cso: CsoSyncStatements;
  readonly mv: MetaverseStatements;
  readonly pe: PendingExportStatements;
  private readonly works = new Map<number, MvoWork>();
  private readonly items: ItemDraft[] = [];
  private readonly joinedCache = new Map<number, SyncCso[]>();
  /** External ID -> metaverse object of references resolved in this page (managers repeat a lot). */
  private readonly referenceCache = new Map<string, number>();

  constructor(
    readonly db: WriteDb,
    readonly model: SyncModel,
    readonly systemId: number,
    readonly now: string,
    readonly clock: () => Date,
    /** A full sync after a configuration change: every processed identity gets export evaluation. */
    readonly reevaluateAll: boolean,
  ) {
    this.cso = prepareCsoSyncStatements(db);
    this.mv = prepareMetaverseStatements(db);
    this.pe = preparePendingExportStatements(db);
  }

  itemFor(cso: SyncCso): ItemDraft {
    const item: ItemDraft = {
      csoId: cso.id,
      externalId: cso.externalId,
      objectType: cso.objectType,
      changeType: 'none',
      mvoId: cso.mvoId,
      outcomes: [],
      flowed: 0,
      flows: [],
      errorType: null,
      errorMessage: null,
    };
    this.items.push(item);
    return item;
  }

  /** An item not tied to a connector space object (a grace-period deletion falling due). */
  standaloneItem(mvoId: number): ItemDraft {
    const item: ItemDraft = { csoId: null, externalId: null, objectType: null, changeType: 'none', mvoId, outcomes: [], flowed: 0, flows: [], errorType: null, errorMessage: null };
    this.items.push(item);
    return item;
  }

  raise(item: ItemDraft, changeType: ItemChangeType, outcome: string): void {
    this.promote(item, changeType);
    item.outcomes.push(outcome);
  }

  /** The item's change type is the most significant thing that happened to its object. */
  promote(item: ItemDraft, changeType: ItemChangeType): void {
    if (CHANGE_RANK.indexOf(changeType) > CHANGE_RANK.indexOf(item.changeType)) item.changeType = changeType;
  }

  fail(item: ItemDraft, errorType: ErrorType, message: string): void {
    if (item.errorType === null) this.counters.errors += 1;
    item.errorType ??= errorType;
    item.errorMessage = item.errorMessage ? `${item.errorMessage}; ${message}` : message;
  }

  work(mvoId: number, item: ItemDraft | null): MvoWork | undefined {
    let work = this.works.get(mvoId);
    if (!work) {
      const mvo = this.mv.load(mvoId);
      if (!mvo) return undefined;
      work = { mvo, changed: new Set(), dirty: false, reevaluate: false, created: false, deleted: false, item };
      this.works.set(mvoId, work);
    }
    work.item ??= item;
    return work;
  }

  /** A metaverse object just projected from `cso`: its only connection is known without asking. */
  adopt(mvo: StoredMvo, item: ItemDraft | null, cso: SyncCso): MvoWork {
    const work: MvoWork = { mvo, changed: new Set(), dirty: true, reevaluate: true, created: true, deleted: false, item };
    this.works.set(mvo.id, work);
    this.joinedCache.set(mvo.id, [cso]);
    return work;
  }

  touchedWorks(): MvoWork[] {
    return [...this.works.values()];
  }

  /** The connector space objects joined to a metaverse object (cached for the page; joins invalidate). */
  joinedTo(mvoId: number): SyncCso[] {
    let list = this.joinedCache.get(mvoId);
    if (!list) {
      list = this.cso.joinedTo(mvoId);
      this.joinedCache.set(mvoId, list);
    }
    return list;
  }

  forgetJoins(mvoId: number): void {
    this.joinedCache.delete(mvoId);
  }

  /** The metaverse object of the live object with this external ID in a system, if it has one. */
  referencedMvo(systemId: number, externalId: string): number | null {
    const key = `${systemId}\u0000${externalId}`;
    const cached = this.referenceCache.get(key);
    if (cached !== undefined) return cached;
    const target = this.cso.withExternalId(systemId, externalId).find((c) => c.mvoId !== null);
    if (target?.mvoId == null) return null;
    this.referenceCache.set(key, target.mvoId);
    return target.mvoId;
  }

  inboundRulesFor(cso: SyncCso): CompiledRule[] {
    const type = cso.objectType.toLowerCase();
    return this.model.inbound.filter((r) => r.rule.connectedSystemId === cso.systemId && r.rule.csObjectType.toLowerCase() === type);
  }

  /** Writes values for one attribute, recording provenance; returns true when the values changed. */
  setAttribute(work: MvoWork, attribute: MvAttribute, values: ScalarValue[], contributor: { systemId: number; syncRuleId: number } | null): boolean {
    const attributes = work.mvo.attributes;
    const key = findKey(attributes, attribute.name) ?? attribute.name;
    const next = storedValue(values, attribute.multiValued);
    const current = attributes[key];
    const currentList = current === undefined ? [] : Array.isArray(current) ? current : [current];
    const changed = !sameValues(currentList, next === undefined ? [] : Array.isArray(next) ? next : [next]);
    if (key !== attribute.name) delete attributes[key];
    if (next === undefined) {
      delete attributes[attribute.name];
      delete work.mvo.contributors[attribute.name];
    } else {
      attributes[attribute.name] = next;
      const previous = work.mvo.contributors[attribute.name];
      if (contributor && (previous?.systemId !== contributor.systemId || previous.syncRuleId !== contributor.syncRuleId)) {
        work.mvo.contributors[attribute.name] = contributor;
        work.dirty = true;
      }
    }
    if (changed) {
      work.changed.add(attribute.name);
      work.dirty = true;
    }
    return changed;
  }

  /**
   * Priority walk for one attribute (domain §4.7): the highest contributor with a value wins; one
   * without a value falls through unless null-is-value; a contributor whose object is gone, out of
   * scope, or excluded (being disconnected) has no opinion.
   */
  elect(
    work: MvoWork,
    attribute: MvAttribute,
    options: { excludeCsoId?: number; current?: { cso: SyncCso; rule: CompiledRule; values: ScalarValue[] } },
  ): { values: ScalarValue[]; contributor: { systemId: number; syncRuleId: number } | null } {
    const contributors = this.model.contributors.get(contributorKey(work.mvo.objectTypeId, attribute.name)) ?? [];
    const joined = this.joinedTo(work.mvo.id);
    for (const rule of contributors) {
      const type = rule.rule.csObjectType.toLowerCase();
      const cso =
        options.current && options.current.rule === rule
          ? options.current.cso
          : joined.find((c) => c.systemId === rule.rule.connectedSystemId && c.objectType.toLowerCase() === type && c.id !== options.excludeCsoId && c.status !== 'obsolete');
      if (!cso || cso.id === options.excludeCsoId || !inScope(rule.rule.scoping, cso.attributes)) continue;
      const flow = rule.flows.find((f) => f.target.toLowerCase() === attribute.name.toLowerCase());
      if (!flow) continue;
      let values: ScalarValue[];
      if (options.current && options.current.rule === rule) values = options.current.values;
      else {
        const outcome = flowSourceValues(flow, cso.attributes, this.clock);
        if (outcome.kind !== 'values') continue;
        values = outcome.values;
      }
      const contributor = { systemId: rule.rule.connectedSystemId, syncRuleId: rule.rule.id };
      if (values.length > 0) return { values, contributor };
      if (flow.flow.nullIsValue) return { values: [], contributor };
    }
    return { values: [], contributor: null };
  }

  /** Items of the page, ready to write; clears the page's working set. */
  drainPage(): { items: NewExecutionItem[]; works: MvoWork[] } {
    const works = [...this.works.values()];
    const items = this.items
      .filter((i) => i.changeType !== 'none' || i.errorType !== null || i.outcomes.length > 0)
      .map((i) => ({
        csoId: i.csoId,
        externalId: i.externalId,
        objectType: i.objectType,
        changeType: i.changeType,
        errorType: i.errorType,
        errorMessage: i.errorMessage,
        rowNumber: null,
        attributeChanges: i.flows,
        mvoId: i.mvoId,
        outcome: outcomeText(i),
      }));
    this.items.length = 0;
    this.works.clear();
    this.joinedCache.clear();
    this.referenceCache.clear();
    return { items, works };
  }
}

function outcomeText(item: ItemDraft): string | null {
  const parts = [...item.outcomes];
  if (item.flowed > 0) parts.splice(Math.min(1, parts.length), 0, `${item.flowed} attribute${item.flowed === 1 ? '' : 's'} flowed`);
  return parts.length ? parts.join(', ') : null;
}
