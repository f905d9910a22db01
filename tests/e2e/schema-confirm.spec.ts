import { expect, test, type APIRequestContext } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, startServe, type ServedApp } from './support/serve';

// Issue #9: the schema tab's type override shows how many stored values it would change and asks
// before saving; cancelling keeps everything as it was.

let app: ServedApp;
let systemId = 0;

const call = <T>(request: APIRequestContext, method: string, input: unknown): Promise<T> => callApi<T>(request, app, method, input);

test.beforeAll(async ({ request }) => {
  app = await startServe();
  const filePath = join(app.dir, 'hr.csv');
  writeFileSync(filePath, 'id,badge\n1,0011\n2,11\n3,0400\n');
  const system = await call<{ id: number }>(request, 'systems.create', {
    name: 'HR',
    connectorType: 'file',
    settings: { filePath, objectType: 'person', externalIdColumn: 'id' },
  });
  systemId = system.id;
  const profile = await call<{ id: number }>(request, 'runProfiles.create', {
    systemId,
    name: 'Full import',
    runType: 'fullImport',
    batchSize: 100,
    filePath: null,
  });
  const { activityId } = await call<{ activityId: number }>(request, 'runProfiles.execute', { id: profile.id });
  await expect
    .poll(async () => (await call<{ status: string }>(request, 'activities.get', { id: activityId })).status, { timeout: 60_000 })
    .toBe('complete');
});

test.afterAll(async () => {
  await app?.stop();
});

test('a type override that would change stored values says how many and waits for confirmation', async ({ page }) => {
  await page.goto(`${app.url.replace(/#.*$/, '')}#/systems/${systemId}/schema`);
  const badgeType = page.getByTestId('attr-type-badge');
  await expect(badgeType).toHaveValue('text');

  await badgeType.selectOption('integer');
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('2 stored values would change (e.g. 0011 → 11)');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(badgeType).toHaveValue('text');
  await expect(page.getByTestId('attr-admin-badge')).toHaveCount(0);

  await badgeType.selectOption('integer');
  await page.getByTestId('confirm-ok').click();
  await expect(dialog).toBeHidden();
  await expect(badgeType).toHaveValue('integer');
  await expect(page.getByTestId('attr-admin-badge')).toBeVisible();
});
