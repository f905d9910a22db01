import type { MvObjectType } from '../../../shared/model';
import type { SyncCso } from '../../store';
import { deprovision } from './outbound';
import type { ItemDraft, MvoWork, SyncSession } from './sync-session';

type Decision = 'keep' | 'delete';

/** Deletion rule of the object's type, given which systems are still joined (domain §7.1). */
export function evaluateDeletion(type: MvObjectType, disconnectingSystemId: number, remainingSystemIds: number[]): Decision {
  switch (type.deletionRule) {
    case 'manual':
      return 'keep';
    case 'whenLastConnectorDisconnected':
      return remainingSystemIds.length === 0 ? 'delete' : 'keep';
    case 'whenAuthoritativeSourceDisconnected': {
      const triggers = type.deletionTriggerSystemIds;
      if (triggers.length === 0) return remainingSystemIds.length === 0 ? 'delete' : 'keep';
      if (!triggers.includes(disconnectingSystemId)) return 'keep';
      // Targets never block deletion: only trigger systems still joined keep the identity alive.
      return remainingSystemIds.some((id) => triggers.includes(id)) ? 'keep' : 'delete';
    }
  }
}

/** Deletes a metaverse object now: its remaining connections are deprovisioned per the export rules (domain §7.4). */
export function deleteMvo(session: SyncSession, work: MvoWork, item: ItemDraft, reason: string): void {
  for (const cso of session.joinedTo(work.mvo.id)) deprovision(session, cso, item, 'its metaverse object was deleted');
  session.mv.remove(work.mvo.id);
  session.forgetJoins(work.mvo.id);
  work.deleted = true;
  session.counters.mvoDeleted += 1;
  session.raise(item, item.changeType, `metaverse object #${work.mvo.id} deleted (${reason})`);
}

/**
 * Breaks a join (domain §4.4): the deletion rule decides first; otherwise the system's contributed
 * values are recalled and the next contributor in priority order takes over in this same run.
 */
export function disconnect(session: SyncSession, cso: SyncCso, item: ItemDraft, reason: string): void {
  const mvoId = cso.mvoId;
  session.cso.disconnect(cso.id);
  cso.mvoId = null;
  cso.joinType = 'notJoined';
  if (mvoId === null) return;
  session.forgetJoins(mvoId);
  const work = session.work(mvoId, item);
  if (!work) return;
  const type = session.model.mvTypeById.get(work.mvo.objectTypeId);
  const remaining = session.joinedTo(mvoId);
  const systemName = session.model.systems.get(cso.systemId)?.name ?? `system ${cso.systemId}`;
  const decision =
    type && work.mvo.origin === 'projected' ? evaluateDeletion(type, cso.systemId, remaining.map((c) => c.systemId)) : 'keep';
  if (decision === 'delete' && type) {
    if (type.deletionGraceSeconds === 0) {
      deleteMvo(session, work, item, `${reason} in ${systemName}`);
      return;
    }
    const due = new Date(Date.parse(session.now) + type.deletionGraceSeconds * 1000).toISOString();
    session.mv.markDeletion(mvoId, due, systemName);
    work.mvo.deletionDueAt = due;
    // During the grace period the recalled values freeze, so derived values do not break (domain §7.4).
    session.raise(item, item.changeType, `metaverse object deletion scheduled for ${due}`);
    return;
  }
  reelect(session, work, cso.systemId, { excludeCsoId: cso.id, keepWhenNoneElected: false });
}

/**
 * Re-runs the priority walk for every attribute a system contributed, e.g. when its object
 * disconnects or leaves scope: the next contributor's values take over. With nobody left the
 * attribute clears on a disconnect, but keeps its values when the join remains ("remain joined").
 */
export function reelect(
  session: SyncSession,
  work: MvoWork,
  systemId: number,
  options: { excludeCsoId?: number; keepWhenNoneElected: boolean },
): void {
  for (const [name, contributor] of Object.entries(work.mvo.contributors)) {
    if (contributor.systemId !== systemId) continue;
    const attribute = session.model.mvAttributes.get(name.toLowerCase());
    if (!attribute) continue;
    const next = session.elect(work, attribute, options.excludeCsoId === undefined ? {} : { excludeCsoId: options.excludeCsoId });
    if (next.contributor === null && options.keepWhenNoneElected) continue;
    session.setAttribute(work, attribute, next.values, next.contributor);
  }
}

/** Grace periods that have run out: delete those objects now (each gets its own execution item). */
export function deleteDueObjects(session: SyncSession): void {
  for (const mvoId of session.mv.dueForDeletion(session.now, 10_000)) {
    const item = session.standaloneItem(mvoId);
    const work = session.work(mvoId, item);
    if (!work) continue;
    session.promote(item, 'deleted');
    deleteMvo(session, work, item, 'grace period over');
  }
}
