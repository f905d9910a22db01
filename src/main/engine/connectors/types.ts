import type { AttributeDefinition } from '../../store';
import type { RunType } from '../../../shared/model';

export interface ConnectorCapabilities {
  runTypes: readonly RunType[];
  supportsFilePaths: boolean;
}

export interface DiscoveredObjectType {
  name: string;
  attributes: AttributeDefinition[];
}

/** A problem with the connector's settings or source, in words an admin can act on. */
export class ConnectorError extends Error {
  /** The settings field the problem belongs to, so a form can show it in place. */
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.name = 'ConnectorError';
    this.field = field;
  }
}
