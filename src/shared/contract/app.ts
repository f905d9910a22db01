import { z } from 'zod';
import { method } from './method';

export interface AppInfo {
  host: 'electron' | 'browser';
  version: string;
  databasePath: string;
  nativeFilePicker: boolean;
}

export const appContract = {
  'app.info': method<AppInfo>()(z.object({}).strict()),
  'dialog.openFile': method<{ filePath: string | null }>()(
    z.object({ title: z.string().max(200).optional() }).strict(),
  ),
};
