import type { z } from 'zod';

/**
 * One IPC method: a zod schema for what the caller sends (checked at every entry) and the
 * TypeScript type of what comes back. Outputs are produced by our own code, so they are typed,
 * not re-validated.
 */
export interface Method<I extends z.ZodType, O> {
  readonly input: I;
  readonly output: O;
}

export function method<O>() {
  return <I extends z.ZodType>(input: I): Method<I, O> => ({ input, output: undefined as O });
}

/** Events carry no schema: only main emits them. */
export interface EventSpec<P> {
  readonly payload: P;
}

export function event<P>(): EventSpec<P> {
  return { payload: undefined as P };
}
