import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServe, type ServedApp } from './support/serve';

// Issue #3's UI path: build a small rule set in the UI (metaverse attributes, an inbound rule
// with projection, matching and an expression, an outbound rule with provisioning), then run
// the cycle HR import -> sync -> Directory export -> confirming import, and follow the lineage.

const SCREENSHOTS = 'test-results/screenshots';
let app: ServedApp;
let hrFile: string;
let directoryFile: string;

test.beforeAll(async () => {
  app = await startServe();
  mkdirSync(SCREENSHOTS, { recursive: true });
  hrFile = join(app.dir, 'hr.csv');
  directoryFile = join(app.dir, 'directory.csv');
  writeFileSync(
    hrFile,
    ['employeeId,firstName,lastName,department', 'E1,Ada,Lovelace,Engineering', 'E2,Alan,Turing,Research', 'E3,Grace,Hopper,Navy'].join('\n') + '\n',
  );
  writeFileSync(directoryFile, 'id,displayName,department\n');
});

test.afterAll(async () => {
  await app?.stop();
});

const counter = async (page: Page, name: string): Promise<number> =>
  Number(((await page.getByTestId(`counter-${name}`).textContent()) ?? '').replace(/\D/g, ''));

async function createSystem(page: Page, name: string, file: string, externalId: string, mode: string): Promise<void> {
  await page.getByTestId('nav-systems').click();
  await page.getByTestId('new-system').first().click();
  await page.getByTestId('system-name').fill(name);
  await page.getByTestId('system-file-path').fill(file);
  await page.getByTestId('system-object-type-fixed').check();
  await page.getByTestId('system-object-type').fill('person');
  await page.getByTestId('system-external-id').selectOption(externalId);
  await page.getByTestId('system-mode').selectOption(mode);
  await page.getByTestId('system-save').click();
  await expect(page.getByTestId('system-title')).toHaveText(new RegExp(name));
}

async function createAttribute(page: Page, name: string): Promise<void> {
  await page.getByTestId('mv-new-attribute').click();
  await page.getByTestId('mv-attr-name').fill(name);
  await page.getByTestId('mv-attr-type').selectOption('text');
  await page.getByTestId('mv-attr-bind-person').check();
  await page.getByTestId('mv-attr-save').click();
  await expect(page.getByTestId(`mv-attr-row-${name}`)).toBeVisible();
}

async function addFlow(page: Page, i: number, target: string, source: { attribute: string } | { expression: string }): Promise<void> {
  await page.getByTestId('sr-add-flow').click();
  await page.getByTestId(`sr-flow-target-${i}`).selectOption(target);
  if ('attribute' in source) {
    await page.getByTestId(`sr-flow-kind-${i}`).selectOption('attribute');
    await page.getByTestId(`sr-flow-source-${i}`).selectOption(source.attribute);
  } else {
    await page.getByTestId(`sr-flow-kind-${i}`).selectOption('expression');
    await page.getByTestId(`sr-flow-expression-${i}`).fill(source.expression);
    await expect(page.getByTestId(`sr-flow-expression-ok-${i}`)).toBeVisible();
  }
}

async function startRule(page: Page, name: string, system: string, direction: 'inbound' | 'outbound'): Promise<void> {
  await page.getByTestId('nav-sync-rules').click();
  await page.getByTestId('new-sync-rule').first().click();
  await expect(page.getByTestId('sync-rule-editor')).toBeVisible();
  await page.getByTestId('sr-name').fill(name);
  await page.getByTestId('sr-direction').selectOption(direction);
  await page.getByTestId('sr-system').selectOption({ label: system });
  await page.getByTestId('sr-cs-type').selectOption('person');
  await page.getByTestId('sr-mv-type').selectOption('person');
}

async function saveRule(page: Page): Promise<void> {
  await page.getByTestId('sr-save').click();
  await expect(page.getByTestId('sr-error')).toHaveCount(0);
  await expect(page).toHaveURL(/#\/sync-rules\/\d+/);
}

async function addProfile(page: Page, system: string, name: string, runType: string): Promise<void> {
  await openSystem(page, system);
  await page.getByTestId('tab-run-profiles').click();
  await page.getByTestId('new-run-profile').click();
  await page.getByTestId('run-profile-name').fill(name);
  await page.getByTestId('run-profile-type').selectOption(runType);
  await page.getByTestId('run-profile-save').click();
  await expect(page.getByTestId(`run-profile-tab-${name}`)).toBeVisible();
}

async function openSystem(page: Page, system: string): Promise<void> {
  await page.getByTestId('nav-systems').click();
  await page.getByTestId('system-row').filter({ hasText: system }).click();
  await expect(page.getByTestId('system-title')).toHaveText(new RegExp(system));
}

async function run(page: Page, system: string, profile: string): Promise<void> {
  await openSystem(page, system);
  await page.getByTestId('tab-run-profiles').click();
  await page.getByTestId(`run-profile-tab-${profile}`).click();
  await page.getByTestId('run-profile-run').click();
  await expect(page.getByTestId('activity-status')).toHaveText(/^Complete$/, { timeout: 60_000 });
}

test('build a rule set in the UI and run the HR -> metaverse -> Directory cycle', async ({ page }) => {
  await page.goto(app.url);
  await createSystem(page, 'HR', hrFile, 'employeeId', 'importOnly');
  await createSystem(page, 'Directory', directoryFile, 'id', 'bidirectional');

  await page.getByTestId('nav-mv-schema').click();
  await createAttribute(page, 'employeeId');
  await createAttribute(page, 'department');

  await startRule(page, 'HR people in', 'HR', 'inbound');
  await page.getByTestId('sr-project').check();
  await page.getByTestId('sr-add-match').click();
  await page.getByTestId('sr-match-source-0').selectOption('employeeId');
  await page.getByTestId('sr-match-target-0').selectOption('employeeId');
  await addFlow(page, 0, 'employeeId', { attribute: 'employeeId' });
  await addFlow(page, 1, 'department', { attribute: 'department' });
  await addFlow(page, 2, 'displayName', { expression: 'cs["firstName"] + " " + cs["lastName"]' });
  await page.screenshot({ path: `${SCREENSHOTS}/sync-rule-editor.png`, fullPage: true });
  await saveRule(page);

  await startRule(page, 'Directory people out', 'Directory', 'outbound');
  await page.getByTestId('sr-provision').check();
  await addFlow(page, 0, 'id', { attribute: 'employeeId' });
  await addFlow(page, 1, 'displayName', { attribute: 'displayName' });
  await addFlow(page, 2, 'department', { attribute: 'department' });
  await saveRule(page);

  await addProfile(page, 'HR', 'Full import', 'fullImport');
  await addProfile(page, 'HR', 'Full sync', 'fullSync');
  await addProfile(page, 'Directory', 'Export', 'export');
  await addProfile(page, 'Directory', 'Confirming import', 'fullImport');

  await run(page, 'HR', 'Full import');
  await run(page, 'HR', 'Full sync');
  expect(await counter(page, 'projected')).toBe(3);
  expect(await counter(page, 'provisioned')).toBe(3);
  await expect(page.getByTestId('execution-item-row').first()).toContainText('provisioned to Directory');
  await page.screenshot({ path: `${SCREENSHOTS}/sync-finished.png` });

  await openSystem(page, 'Directory');
  await page.getByTestId('tab-pending-exports').click();
  await expect(page.getByTestId('pe-row')).toHaveCount(3);
  await page.screenshot({ path: `${SCREENSHOTS}/pending-exports.png` });

  await run(page, 'Directory', 'Export');
  expect(await counter(page, 'exported')).toBe(3);
  expect(readFileSync(directoryFile, 'utf8')).toContain('E2,Alan Turing,Research');
  await run(page, 'Directory', 'Confirming import');
  expect(await counter(page, 'confirmed')).toBe(3);
  await page.getByTestId('tab-pending-exports').click();
  await expect(page.getByTestId('pe-row')).toHaveCount(0);

  // The metaverse: search, open, lineage both ways.
  await page.getByTestId('nav-metaverse').click();
  await page.getByTestId('mv-type').selectOption('person');
  await page.getByTestId('mv-search').fill('Grace');
  await expect(page.getByTestId('mv-row')).toHaveCount(1);
  await page.getByTestId('mv-row').first().click();
  await expect(page.getByTestId('mv-detail')).toContainText('Grace Hopper');
  await expect(page.getByTestId('lineage-row')).toHaveCount(2);
  await expect(page.getByTestId('mv-attr-contributor-department')).toContainText('HR');
  await page.screenshot({ path: `${SCREENSHOTS}/metaverse-object.png`, fullPage: true });
  await page.getByTestId('lineage-row').filter({ hasText: 'Directory' }).getByTestId('lineage-link').click();
  await expect(page.getByTestId('cs-detail')).toContainText('Grace Hopper');
  await page.getByTestId('cso-mvo-link').click();
  await expect(page.getByTestId('mv-detail')).toContainText('Grace Hopper');
});
