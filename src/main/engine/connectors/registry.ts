import type { ConnectorType, RunType } from '../../../shared/model';
import { RUN_TYPE_LABELS } from '../../../shared/model';
import type { ConnectorCapabilities } from './types';

interface ConnectorDefinition {
  displayName: string;
  capabilities: ConnectorCapabilities;
  /** Why a run type it lacks is refused, in words an admin can act on. */
  unsupportedReason(runType: RunType): string;
}

const CONNECTORS: Record<ConnectorType, ConnectorDefinition> = {
  file: {
    displayName: 'File (CSV)',
    // Synchronisation is the engine's, whatever the connector; a Delta Import reads a change file
    // (a change-type column says add / update / delete per row).
    capabilities: { runTypes: ['fullImport', 'deltaImport', 'fullSync', 'deltaSync', 'export'], supportsFilePaths: true },
    unsupportedReason: (runType) =>
      `${RUN_TYPE_LABELS[runType]} is not available in this version of Junction yet; this profile can be kept and will run once it is.`,
  },
};

export function refusalFor(type: ConnectorType, runType: RunType): string | null {
  const definition = CONNECTORS[type];
  return definition.capabilities.runTypes.includes(runType) ? null : definition.unsupportedReason(runType);
}
