import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { callApi, startServe, type ServedApp } from './support/serve';

// Issue #10 §1, the admin's console: a finished run's counter opens the items behind it and
// "back" returns to the panel; a connector space object shows its history; a system's pending
// views show their counts and open the objects in them; the systems list links to all of these.

let app: ServedApp;
const systems: Record<string, number> = {};

const call = <T>(request: APIRequestContext, method: string, input: unknown): Promise<T> => callApi<T>(request, app, method, input);

function cli(...args: string[]): void {
  const result = spawnSync(process.execPath, [resolve('packages/cli/junction.js'), '--db', join(app.dir, 'e2e.sqlite'), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(result.status, result.stderr).toBe(0);
}

/** "3 items", "1 item" or "1 items": whichever way the list counts, the number is what matters. */
const counted = (n: number | undefined, noun: string): RegExp => new RegExp(`^${n} ${noun}s?$`);
const route = (page: Page, path: string) => page.goto(`${app.url.replace(/#.*$/, '')}#${path}`);
const numberIn = async (page: Page, testId: string): Promise<number> =>
  Number(((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\D/g, ''));

interface Activity {
  id: number;
  runProfileName: string;
  counters: Record<string, number>;
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(180_000);
  app = await startServe();
  await call(request, 'lab.create', { size: 'micro' });
  // Day 0 in full, then the next day's HR changes imported and synchronised but not yet exported:
  // the Directory then has adds, updates and deletes waiting.
  cli('schedules', 'run', 'Nightly cycle', '--wait');
  await call(request, 'lab.nextDay', {});
  cli('run', 'HR', 'HR full import', '--wait');
  cli('run', 'HR', 'HR full sync', '--wait');
  for (const system of await call<{ id: number; name: string }[]>(request, 'systems.list', {})) systems[system.name] = system.id;
});

test.afterAll(async () => {
  await app?.stop();
});

test.describe.configure({ mode: 'serial' });

test("a finished activity's counter opens its filtered items, and back returns to the panel", async ({ page, request }) => {
  const runs = await call<{ rows: Activity[] }>(request, 'activities.list', { topLevelOnly: false, limit: 100 });
  const sync = runs.rows.find((a) => a.runProfileName === 'HR full sync' && (a.counters['projected'] ?? 0) > 0);
  if (!sync) throw new Error('no HR full sync projected anyone');
  await route(page, `/activities/${sync.id}`);
  await expect(page.getByTestId('activity-status')).toBeVisible();
  const projected = await numberIn(page, 'counter-projected');
  expect(projected).toBe(sync.counters['projected']);
  const allItems = await numberIn(page, 'execution-items-count');

  await page.getByTestId('counter-projected-link').click();
  await expect(page).toHaveURL(/counter=projected/);
  await expect(page.getByTestId('items-filter-counter')).toHaveText(/Projected/);
  await expect(page.getByTestId('execution-items-count')).toHaveText(counted(projected, 'item'));
  await expect(page.getByTestId('execution-item-row').first()).toContainText('Projected');
  await page.goBack();
  await expect(page).not.toHaveURL(/counter=/);
  await expect(page.getByTestId('items-filter-counter')).toHaveCount(0);
  await expect(page.getByTestId('execution-items-count')).toHaveText(counted(allItems, 'item'));

  // The filtered list is a link of its own: opened afresh it shows the same.
  await route(page, `/activities/${sync.id}?counter=projected`);
  await expect(page.getByTestId('items-filter-counter')).toHaveText(/Projected/);
  await expect(page.getByTestId('execution-items-count')).toHaveText(counted(projected, 'item'));

  // The Activities list links its counters the same way (the newest run first: the day-1 HR sync).
  await route(page, '/activities');
  await page.getByTestId('activity-row-attributeFlows').first().click();
  await expect(page).toHaveURL(/activities\/\d+\?counter=attributeFlows/);
  await expect(page.getByTestId('items-filter-counter')).toHaveText(/Attribute flows/);
});

test("a connector space object's history: every run that touched it, newest first, each linking to its activity", async ({ page }) => {
  await route(page, `/systems/${systems['Directory']}/connector-space`);
  // The search also finds the people E0000002 manages; the row is the one with that external ID.
  await page.getByTestId('cs-search').fill('E0000002');
  await page.getByTestId('cs-row').filter({ has: page.getByText('E0000002', { exact: true }) }).click();
  const history = page.getByTestId('cs-history');
  await expect(history).toBeVisible();
  const rows = history.getByTestId('history-row');
  // Created by the export, confirmed by the import after it.
  await expect(rows.first()).toContainText('Directory full import');
  await expect(rows.nth(1)).toContainText('Directory export');
  await expect(rows.nth(1)).toContainText('Exported');
  // The nightly cycle's steps ran on behalf of the schedule.
  await expect(rows.first()).toContainText('Schedule');
  const ids: number[] = [];
  for (let i = 0; i < (await rows.count()); i++) ids.push(Number(await rows.nth(i).getAttribute('data-activity-id')));
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
  await rows.nth(1).getByTestId('history-activity-link').click();
  await expect(page).toHaveURL(new RegExp(`activities/${ids[1]}$`));
});

test('pending views show each scope with its count and open the objects in it; the systems list links to them', async ({ page, request }) => {
  const [directory] = await call<{ counts: Record<string, number> }[]>(request, 'connectorSpace.scopeCounts', { systemId: systems['Directory'] });
  const counts = directory?.counts ?? {};
  expect(counts['pendingExportAdds']).toBeGreaterThan(0);
  expect((counts['pendingExportUpdates'] ?? 0) + (counts['pendingExportDeletes'] ?? 0)).toBeGreaterThan(0);

  await route(page, `/systems/${systems['Directory']}/pending`);
  for (const scope of ['pendingExport', 'pendingExportAdds', 'pendingExportUpdates', 'pendingExportDeletes', 'exportErrors', 'notConfirmed', 'disconnectors', 'obsolete']) {
    await expect(page.getByTestId(`pending-view-count-${scope}`)).toHaveText(String(counts[scope]));
  }
  await page.getByTestId('pending-view-pendingExportAdds').click();
  await expect(page).toHaveURL(/connector-space\?scope=pendingExportAdds/);
  await expect(page.getByTestId('cs-filter-scope')).toHaveText(/adds/);
  await expect(page.getByTestId('cs-table-count')).toHaveText(counted(counts['pendingExportAdds'], 'object'));
  await page.goBack();
  await expect(page.getByTestId('pending-views')).toBeVisible();

  await route(page, '/systems');
  const directoryRow = page.getByTestId('system-row').filter({ hasText: 'Directory' });
  await expect(directoryRow.getByTestId('system-row-pendingExportAdds')).toHaveText(new RegExp(`^${counts['pendingExportAdds']} adds?$`));
  await directoryRow.getByTestId('system-row-pendingExportAdds').click();
  await expect(page).toHaveURL(new RegExp(`systems/${systems['Directory']}/connector-space\\?scope=pendingExportAdds`));
  await expect(page.getByTestId('cs-table-count')).toHaveText(counted(counts['pendingExportAdds'], 'object'));
});
