import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from './client';

const POLL_MS = 1000;

/**
 * Polls one in-progress record every second until it ends, handing each fresh copy to `store`.
 * Events keep most views current; this catches what no event reached (runs started by the CLI,
 * a dropped event stream). `fetch` and `store` must be stable (module-level) functions.
 */
export function usePollWhileRunning<T extends { status: string }>(
  id: number | null,
  running: boolean,
  fetch: (id: number) => Promise<T>,
  store: (fresh: T) => void,
): string | null {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (id === null || !running) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      try {
        const fresh = await fetch(id);
        if (cancelled) return;
        setError(null);
        store(fresh);
        if (fresh.status !== 'inProgress') return;
      } catch (err) {
        if (cancelled) return;
        setError(errorMessage(err));
        // Retrying cannot make a deleted or mistyped record appear.
        if (err instanceof ApiError && err.code === 'notFound') return;
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [id, running, fetch, store]);
  return error;
}
