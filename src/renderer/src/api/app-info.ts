import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/contract/app';
import { api } from './client';

let cached: Promise<AppInfo> | undefined;

export function loadAppInfo(): Promise<AppInfo> {
  cached ??= api.call('app.info', {}).catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

export function useAppInfo(): AppInfo | undefined {
  const [info, setInfo] = useState<AppInfo | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    loadAppInfo().then(
      (value) => {
        if (!cancelled) setInfo(value);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return info;
}
