import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startServe, writeHrCsv, type ServedApp } from './support/serve';

// The steps 2-7 through the real UI, against serve mode (the built app on a Node host
// with real run processes) on a real CSV.

const ROWS = 60_000;
/** Counters are shown formatted ("60,000"); compare the number. */
const counter = async (page: Page, name: string): Promise<number> =>
  Number(((await page.getByTestId(`counter-${name}`).textContent()) ?? '').replace(/\D/g, ''));
const SCREENSHOTS = 'test-results/screenshots';
let app: ServedApp;
let csvPath: string;

test.beforeAll(async () => {
  app = await startServe();
  csvPath = writeHrCsv(app.dir, ROWS);
  mkdirSync(SCREENSHOTS, { recursive: true });
});

test.afterAll(async () => {
  await app?.stop();
});

async function createSystem(page: Page): Promise<void> {
  await page.getByTestId('new-system').first().click();
  const dialog = page.getByTestId('system-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('system-name').fill('HR');
  await page.getByTestId('system-file-path').fill(csvPath);
  await page.getByTestId('system-object-type-fixed').check();
  await page.getByTestId('system-object-type').fill('person');
  await page.getByTestId('system-external-id').selectOption('employeeId');
  await page.getByTestId('system-save').click();
  await expect(page.getByTestId('system-title')).toHaveText(/HR/);
}

test('bad input is refused in the form, with nothing stored', async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('new-system').first().click();
  await page.getByTestId('system-name').fill('Broken');
  await page.getByTestId('system-file-path').fill(`${app.dir}/missing.csv`);
  await page.getByTestId('system-save').click();
  await expect(page.getByTestId('system-dialog')).toContainText(/does not exist|required|object type/i);
  await page.keyboard.press('Escape');
  const response = await page.request.post(`${app.origin}/api/call`, {
    headers: app.apiHeaders,
    data: { method: 'systems.list', input: {} },
  });
  expect(((await response.json()) as { value: unknown[] }).value).toHaveLength(0);
});

test('the bridge refuses requests without the launch token', async ({ request }) => {
  const call = await request.post(`${app.origin}/api/call`, { data: { method: 'systems.list', input: {} } });
  expect(call.status()).toBe(403);
  const page = await request.get(`${app.origin}/`);
  expect(page.status()).toBe(403);
});

test('create a file system, run a full import live, browse the results', async ({ page }) => {
  await page.goto(app.url);
  await createSystem(page);

  // Schema imported from the header, types inferred, plurality shown.
  await page.getByTestId('tab-schema').click();
  await expect(page.getByTestId('object-type-person')).toBeVisible();
  await expect(page.locator('[data-testid^="attr-row-"]')).toHaveCount(8);

  // Run profiles: create, then run.
  await page.getByTestId('tab-run-profiles').click();
  await page.getByTestId('new-run-profile').click();
  await page.getByTestId('run-profile-name').fill('Full import');
  await page.getByTestId('run-profile-type').selectOption('fullImport');
  await page.getByTestId('run-profile-batch-size').fill('200');
  await page.getByTestId('run-profile-save').click();
  await expect(page.getByTestId('run-profile-tab-Full import')).toBeVisible();

  await page.getByTestId('run-profile-run').click();
  const panel = page.getByTestId('activity-panel');
  await expect(panel).toBeVisible();
  // Mid-run: the counters move while the status is still in progress.
  await expect(page.getByTestId('activity-status')).toHaveText(/In progress/);
  await expect
    .poll(() => counter(page, 'added'), { timeout: 30_000 })
    .toBeGreaterThan(0);
  await expect(page.getByTestId('activity-status')).toHaveText(/In progress/);
  await page.screenshot({ path: `${SCREENSHOTS}/run-profile-mid-run.png` });

  await expect(page.getByTestId('activity-status')).toHaveText(/Complete with error/, { timeout: 90_000 });
  expect(await counter(page, 'added')).toBe(ROWS);
  expect(await counter(page, 'errors')).toBe(1);
  await page.screenshot({ path: `${SCREENSHOTS}/activity-finished.png` });

  // Execution items: filter to errors, open the detail.
  await expect(page.getByTestId('execution-items')).toBeVisible();
  await page.getByTestId('items-errors-only').check();
  await expect(page.getByTestId('execution-item-row')).toHaveCount(1);
  await page.getByTestId('execution-item-row').first().click();
  await expect(page.getByTestId('execution-item-detail')).toContainText('MissingExternalIdAttributeValue');
  await page.getByTestId('execution-item-close').click();

  // Connector space: search and open an object.
  await page.getByTestId('tab-connector-space').click();
  await page.getByTestId('cs-search').fill('E000042');
  await expect(page.getByTestId('cs-row')).toHaveCount(1);
  await page.getByTestId('cs-row').first().click();
  await expect(page.getByTestId('cs-detail')).toContainText('first42@corp.example');
  await expect(page.getByTestId('cs-detail-status')).toContainText(/normal/i);
  await page.screenshot({ path: `${SCREENSHOTS}/connector-space.png` });
  await page.getByTestId('cs-detail-close').click();

  // Activities page: the run is listed and opens the same detail.
  await page.getByTestId('nav-activities').click();
  await expect(page.getByTestId('activity-row')).toHaveCount(1);
  await page.getByTestId('activities-filter-status').selectOption('completeWithError');
  await expect(page.getByTestId('activity-row')).toHaveCount(1);
  await page.getByTestId('activities-filter-status').selectOption('complete');
  await expect(page.getByTestId('activity-row')).toHaveCount(0);
  await page.getByTestId('activities-filter-status').selectOption('');
  await page.getByTestId('activity-row').first().click();
  await expect(page.getByTestId('activity-status')).toHaveText(/Complete with error/);
  expect(await counter(page, 'added')).toBe(ROWS);
  await page.screenshot({ path: `${SCREENSHOTS}/activities.png` });
});

test('a delta import of a file without a change-type column fails with a clear message', async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('system-row').first().click();
  await page.getByTestId('new-run-profile').click();
  await page.getByTestId('run-profile-name').fill('Delta');
  await page.getByTestId('run-profile-type').selectOption('deltaImport');
  await page.getByTestId('run-profile-save').click();
  await page.getByTestId('run-profile-run').click();
  await expect(page.getByTestId('activity-status')).toHaveText(/Failed/);
  await expect(page.getByTestId('activity-error')).toContainText(/change-type column "_changeType" is not in the header/);
});

test('cancel stops a running import after the current batch', async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('system-row').first().click();
  await page.getByTestId('new-run-profile').click();
  await page.getByTestId('run-profile-name').fill('Small batches');
  await page.getByTestId('run-profile-type').selectOption('fullImport');
  // The file is already imported, so make every row a change: point the profile at a new copy.
  await page.getByTestId('run-profile-batch-size').fill('20');
  await page.getByTestId('run-profile-file-path').fill(writeHrCsv(app.dir, ROWS, 'renamed'));
  await page.getByTestId('run-profile-save').click();
  await page.getByTestId('run-profile-run').click();
  await expect.poll(() => counter(page, 'updated'), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.getByTestId('activity-cancel').click();
  await expect(page.getByTestId('activity-status')).toHaveText(/Cancelled/, { timeout: 10_000 });
  const updated = await counter(page, 'updated');
  expect(updated).toBeLessThan(ROWS);
  expect(updated % 20).toBe(0);
  expect(await counter(page, 'deleted')).toBe(0);
});
