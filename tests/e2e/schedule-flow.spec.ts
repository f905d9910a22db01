import { expect, test, type APIRequestContext } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, startServe, type ServedApp } from './support/serve';

// Issue #4's UI path: build a two-step schedule in the editor, run it now, and watch the step
// rail go through to done, each step linking to its own activity.

const SCREENSHOTS = 'test-results/screenshots';
let app: ServedApp;

const call = <T>(request: APIRequestContext, method: string, input: unknown): Promise<T> => callApi<T>(request, app, method, input);

test.beforeAll(async ({ request }) => {
  app = await startServe();
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const name of ['HR', 'Badges']) {
    const file = join(app.dir, `${name}.csv`);
    const rows = Array.from({ length: 2000 }, (_, i) => `${name[0]}${i},Person ${i},Dept${i % 9}`);
    writeFileSync(file, `${['id,name,department', ...rows].join('\n')}\n`);
    const system = await call<{ id: number }>(request, 'systems.create', {
      name,
      connectorType: 'file',
      settings: { filePath: file, objectType: 'person', externalIdColumn: 'id' },
    });
    await call(request, 'runProfiles.create', { systemId: system.id, name: 'Full import', runType: 'fullImport', batchSize: 100 });
  }
});

test.afterAll(async () => {
  await app?.stop();
});

test('a two-step schedule runs now and its step rail completes', async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-schedules').click();
  await page.getByTestId('new-schedule').first().click();
  await expect(page.getByTestId('schedule-editor')).toBeVisible();
  await page.getByTestId('schedule-name').fill('Nightly imports');
  await page.getByTestId('schedule-trigger-kind').selectOption('times');
  await expect(page.getByTestId('schedule-next-run')).toHaveCount(5);
  await page.getByTestId('schedule-trigger-kind').selectOption('manual');

  // A new schedule starts with one empty step.
  await page.getByTestId('schedule-step-profile-0').selectOption({ label: 'HR — Full import (Full Import)' });
  await page.getByTestId('schedule-add-step').click();
  await page.getByTestId('schedule-step-profile-1').selectOption({ label: 'Badges — Full import (Full Import)' });
  await page.getByTestId('schedule-save').click();
  await expect(page).toHaveURL(/#\/schedules\/\d+/);

  await page.getByTestId('schedule-run-now').click();
  const rail = page.getByTestId('step-rail').first();
  await expect(rail).toBeVisible();
  await expect(rail.getByTestId('step-rail-step-0')).toHaveAttribute('data-state', /running|done/);
  await page.screenshot({ path: `${SCREENSHOTS}/schedule-running.png` });
  await expect(rail.getByTestId('step-rail-step-1')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(rail.getByTestId('step-rail-step-0')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('schedule-execution-status').first()).toHaveText(/Complete/);
  await page.screenshot({ path: `${SCREENSHOTS}/schedule-done.png` });

  // Each step links to its own activity.
  await rail.getByTestId('step-rail-link-1').click();
  await expect(page.getByTestId('activity-status')).toHaveText(/^Complete$/);
  await expect(page.getByTestId('activity-panel')).toContainText('Badges');

  // The Activities page shows the execution as one row that expands into its steps.
  await page.getByTestId('nav-activities').click();
  await page.getByTestId('activities-filter-initiator').selectOption('');
  await page.getByTestId('activity-expand').first().click();
  await expect(page.getByTestId('activity-child-row')).toHaveCount(2);
});
