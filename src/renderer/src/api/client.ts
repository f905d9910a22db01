import type { JunctionBridge } from '../../../shared/contract/bridge';
import { ApiError } from '../../../shared/contract/errors';
import type { EventName, InputOf, MethodName, OutputOf, PayloadOf } from '../../../shared/contract/index';
import { createLoopbackBridge } from './loopback-bridge';

declare global {
  interface Window {
    junction?: JunctionBridge;
  }
}

let bridge: JunctionBridge | undefined;

function getBridge(): JunctionBridge {
  bridge ??= window.junction ?? createLoopbackBridge();
  return bridge;
}

export const api = {
  async call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
    let envelope;
    try {
      envelope = await getBridge().call(method, input);
    } catch (err) {
      throw new ApiError({ code: 'unavailable', message: err instanceof Error ? err.message : String(err) });
    }
    if (!envelope.ok) throw new ApiError(envelope.error);
    return envelope.value as OutputOf<M>;
  },

  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void {
    const b = getBridge();
    b.on(event, listener);
    return () => b.off(event, listener);
  },
};

/** Starts the transport early so the event stream is open before the first screen needs it. */
export function initApi(): void {
  getBridge();
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export { ApiError };
