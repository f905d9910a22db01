import { executionItemChain } from '../store/repos/item-chain';
import type { DomainHandlers, HandlerContext } from './context';
import { found } from './errors';

/** What one execution item led to, and what led to it (issue #10 §2). */
export function executionItemHandlers(ctx: HandlerContext): DomainHandlers<'executionItems'> {
  const { db } = ctx;
  return {
    'executionItems.chain': ({ id }) => found(executionItemChain(db, id), `Execution item ${id}`),
  };
}
