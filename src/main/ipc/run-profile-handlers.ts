import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunType } from '../../shared/model';
import {
  deleteRunProfile,
  findRunProfileByName,
  getRunProfile,
  getSystem,
  insertRunProfile,
  listJobsForSystem,
  getActivity,
  listRunProfiles,
  updateRunProfile,
} from '../store';
import { RunNotFoundError } from '../runs/queued-run';
import type { DomainHandlers, HandlerContext } from './context';
import { conflict, found, invalid, notFound } from './errors';

const isImport = (runType: RunType): boolean => runType === 'fullImport' || runType === 'deltaImport';

/**
 * An override path is checked on save as the system's path is, so a typo shows on the form
 * instead of as a failed run: an import reads an existing file, an export writes into an
 * existing folder.
 */
function assertOverrideUsable(runType: RunType, filePath: string | null): void {
  if (filePath === null) return;
  const kind = (path: string): 'file' | 'folder' | null => {
    try {
      return statSync(path).isDirectory() ? 'folder' : 'file';
    } catch {
      return null;
    }
  };
  let problem: string | null = null;
  if (isImport(runType)) {
    const existing = kind(filePath);
    if (existing === null) problem = `The file ${filePath} does not exist`;
    else if (existing === 'folder') problem = `${filePath} is a folder, not a file`;
  } else if (runType === 'export') {
    if (kind(filePath) === 'folder') problem = `${filePath} is a folder, not a file`;
    else if (kind(dirname(filePath)) !== 'folder') problem = `The folder ${dirname(filePath)} does not exist`;
  }
  if (problem) throw invalid(problem, { filePath: problem });
}

export function runProfileHandlers(ctx: HandlerContext): DomainHandlers<'runProfiles'> {
  const { db } = ctx;
  const assertNameFree = (systemId: number, name: string, exceptId?: number): void => {
    const existing = findRunProfileByName(db, systemId, name);
    if (existing && existing.id !== exceptId) {
      throw conflict(`This system already has a run profile named "${name}"`, { name: 'This name is already used' });
    }
  };
  return {
    'runProfiles.list': ({ systemId }) => {
      found(getSystem(db, systemId), `Connected system ${systemId}`);
      return listRunProfiles(db, systemId);
    },
    'runProfiles.create': (input) => {
      found(getSystem(db, input.systemId), `Connected system ${input.systemId}`);
      assertNameFree(input.systemId, input.name);
      assertOverrideUsable(input.runType, input.filePath);
      const id = insertRunProfile(db, {
        connectedSystemId: input.systemId,
        name: input.name,
        runType: input.runType,
        batchSize: input.batchSize,
        filePath: input.filePath,
      });
      return found(getRunProfile(db, id), `Run profile ${id}`);
    },
    'runProfiles.update': (input) => {
      const profile = found(getRunProfile(db, input.id), `Run profile ${input.id}`);
      assertNameFree(profile.connectedSystemId, input.name, input.id);
      assertOverrideUsable(profile.runType, input.filePath);
      updateRunProfile(db, input.id, { name: input.name, batchSize: input.batchSize, filePath: input.filePath });
      return found(getRunProfile(db, input.id), `Run profile ${input.id}`);
    },
    'runProfiles.delete': ({ id }) => {
      const profile = found(getRunProfile(db, id), `Run profile ${id}`);
      const busy = listJobsForSystem(db, profile.connectedSystemId).some(
        (job) => getActivity(db, job.activityId)?.runProfileId === id,
      );
      if (busy) {
        throw conflict(`Run profile "${profile.name}" has a run queued or in progress; cancel it first`);
      }
      deleteRunProfile(db, id);
    },
    'runProfiles.execute': ({ id }) => {
      try {
        return ctx.queue.enqueue(id, ctx.initiator);
      } catch (error) {
        if (error instanceof RunNotFoundError) throw notFound(`Run profile ${id}`);
        throw error;
      }
    },
  };
}
