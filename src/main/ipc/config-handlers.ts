import { applyConfig } from '../config/apply-config';
import { exportConfig } from '../config/export-config';
import type { DomainHandlers, HandlerContext } from './context';

/** Configuration as code: the whole configuration as one document (docs/configuration.md). */
export function configHandlers(ctx: HandlerContext): DomainHandlers<'config'> {
  const { db } = ctx;
  return {
    'config.export': ({ format }) => ({ text: exportConfig(db, format) }),
    'config.apply': ({ text, dryRun }) => applyConfig(db, text, { dryRun }),
  };
}
