// The shape of a function implementation, shared by the function modules and the compiler.

import type { ExprValue, Runtime } from './types';

export type Compiled = (rt: Runtime) => ExprValue;
/** Arguments evaluated before the call; omitted optional arguments are undefined. */
export type EagerFn = (rt: Runtime, a?: ExprValue, b?: ExprValue, c?: ExprValue) => ExprValue;
/** Arguments evaluated by the function itself (IIF evaluates one branch, Coalesce stops early). */
export type LazyFn = (rt: Runtime, args: readonly Compiled[]) => ExprValue;

export interface FunctionImpl {
  minArgs: number;
  maxArgs: number;
  eager?: EagerFn;
  lazy?: LazyFn;
}

export const eager = (minArgs: number, maxArgs: number, fn: EagerFn): FunctionImpl => ({ minArgs, maxArgs, eager: fn });
export const lazy = (minArgs: number, maxArgs: number, fn: LazyFn): FunctionImpl => ({ minArgs, maxArgs, lazy: fn });
