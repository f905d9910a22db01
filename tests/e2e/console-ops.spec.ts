import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, startServe, type ServedApp } from './support/serve';

// Issue #10 §2 and §4 through the UI: a configuration uploaded in Settings shows its plan and
// applies only when confirmed; a projected item's detail shows the identity it created and the
// values that flowed in; a run whose override file vanished after saving shows as failed.

const SCREENSHOTS = 'test-results/screenshots';
let app: ServedApp;
let hrFile: string;

const call = <T>(request: APIRequestContext, method: string, input: unknown): Promise<T> => callApi<T>(request, app, method, input);

interface Activity {
  id: number;
  status: string;
  errorMessage: string | null;
}

async function runToEnd(request: APIRequestContext, profileId: number): Promise<Activity> {
  const { activityId } = await call<{ activityId: number }>(request, 'runProfiles.execute', { id: profileId });
  for (let i = 0; i < 240; i++) {
    const activity = await call<Activity>(request, 'activities.get', { id: activityId });
    if (activity.status !== 'inProgress') return activity;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`activity ${activityId} did not finish`);
}

async function profileId(request: APIRequestContext, name: string): Promise<number> {
  const systems = await call<{ id: number; name: string }[]>(request, 'systems.list', {});
  const hr = systems.find((s) => s.name === 'HR');
  if (!hr) throw new Error('no HR system');
  const profiles = await call<{ id: number; name: string }[]>(request, 'runProfiles.list', { systemId: hr.id });
  const profile = profiles.find((p) => p.name === name);
  if (!profile) throw new Error(`no run profile ${name}`);
  return profile.id;
}

function configDocument(): string {
  return `version: 1
metaverse:
  objectTypes:
    - {name: person, deletionRule: manual}
  attributes:
    - {name: displayName, type: text, boundTo: [person]}
    - {name: employeeId, type: text, boundTo: [person]}
    - {name: department, type: text, boundTo: [person]}
connectedSystems:
  - name: HR
    connector: file
    settings: {filePath: ${JSON.stringify(hrFile)}, objectType: person, externalIdColumn: employeeId}
    schema:
      objectTypes:
        - name: person
          attributes:
            - {name: employeeId, type: text, externalId: true}
            - {name: firstName, type: text}
            - {name: lastName, type: text}
            - {name: department, type: text}
    runProfiles:
      - {name: Full import, runType: fullImport}
      - {name: Full sync, runType: fullSync}
syncRules:
  - name: HR inbound
    system: HR
    csObjectType: person
    mvObjectType: person
    direction: inbound
    projectToMetaverse: true
    matching:
      - {sources: [employeeId], target: employeeId}
    flows:
      - {target: employeeId, source: {kind: attribute, attribute: employeeId}}
      - {target: department, source: {kind: attribute, attribute: department}}
      - target: displayName
        source: {kind: expression, expression: 'cs["firstName"] + " " + cs["lastName"]'}
`;
}

async function openActivity(page: Page, id: number): Promise<void> {
  await page.goto(app.url.replace(/#.*$/, '') + `#/activities/${id}`);
  await expect(page.getByTestId('activity-panel')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  app = await startServe();
  mkdirSync(SCREENSHOTS, { recursive: true });
  hrFile = join(app.dir, 'hr.csv');
  writeFileSync(hrFile, 'employeeId,firstName,lastName,department\nE1,Ada,Lovelace,Engineering\n');
});

test.afterAll(async () => {
  await app?.stop();
});

test('a configuration uploaded in Settings shows its plan and applies only when confirmed', async ({ page, request }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-settings').click();
  const upload = { name: 'lab.yaml', mimeType: 'application/yaml', buffer: Buffer.from(configDocument()) };
  await page.getByTestId('config-apply-file').setInputFiles(upload);
  const plan = page.getByTestId('config-plan');
  await expect(plan).toBeVisible();
  await expect(plan.getByTestId('config-plan-create')).toContainText('connected system HR');
  await expect(plan.getByTestId('config-plan-create')).toContainText('sync rule HR inbound');
  await expect(plan.getByTestId('config-plan-delete')).toContainText('objects missing from the document are kept');
  await page.screenshot({ path: `${SCREENSHOTS}/config-plan.png` });

  // Cancelling changes nothing.
  await plan.getByTestId('config-plan-cancel').click();
  await expect(plan).toBeHidden();
  expect(await call<unknown[]>(request, 'systems.list', {})).toEqual([]);

  await page.getByTestId('config-apply-file').setInputFiles(upload);
  await page.getByTestId('config-plan-apply').click();
  await expect(page.getByTestId('config-apply-done')).toContainText('lab.yaml applied');
  expect((await call<{ name: string }[]>(request, 'systems.list', {})).map((s) => s.name)).toEqual(['HR']);

  // The same file again: nothing to change.
  await page.getByTestId('config-apply-file').setInputFiles(upload);
  await expect(page.getByTestId('config-plan-nothing')).toBeVisible();
  await page.getByTestId('config-plan-cancel').click();
});

test("a projected item's detail shows the identity it created and every value that flowed in, with its rule", async ({ page, request }) => {
  const imported = await runToEnd(request, await profileId(request, 'Full import'));
  expect(imported.status).toBe('complete');
  const synced = await runToEnd(request, await profileId(request, 'Full sync'));
  expect(synced.status).toBe('complete');

  await openActivity(page, synced.id);
  await page.getByTestId('execution-item-row').first().click();
  const detail = page.getByTestId('execution-item-detail');
  await expect(detail).toBeVisible();
  await expect(detail).not.toContainText('No attribute changes');
  await expect(detail.getByTestId('item-mvo-link')).toBeVisible();
  await expect(detail.getByTestId('item-change-displayName')).toContainText('Ada Lovelace');
  await expect(detail.getByTestId('item-change-displayName')).toContainText('HR inbound');
  await expect(detail.getByTestId('item-change-department')).toContainText('Engineering');
  await expect(detail.getByTestId('item-change-employeeId')).toContainText('E1');
  // The causality chain links back to the import that brought the object in.
  await expect(detail.getByTestId('chain-import')).toContainText(`#${imported.id}`);
  await expect(detail.getByTestId('chain-sync')).toContainText('this run');
  await page.screenshot({ path: `${SCREENSHOTS}/projected-item-detail.png` });
  await detail.getByTestId(`chain-activity-${imported.id}`).click();
  await expect(page).toHaveURL(new RegExp(`#/activities/${imported.id}$`));
});

test('a run whose override file is gone shows as failed, with its cause, in the panel and the list', async ({ page, request }) => {
  const systems = await call<{ id: number; name: string }[]>(request, 'systems.list', {});
  const hr = systems.find((s) => s.name === 'HR');
  if (!hr) throw new Error('no HR system');
  await page.goto(app.url.replace(/#.*$/, '') + `#/systems/${hr.id}/run-profiles`);

  // The override is checked on save.
  await page.getByTestId('new-run-profile').first().click();
  await page.getByTestId('run-profile-name').fill('Import override');
  await page.getByTestId('run-profile-file-path').fill(join(app.dir, 'missing.csv'));
  await page.getByTestId('run-profile-save').click();
  await expect(page.getByTestId('run-profile-dialog')).toContainText('does not exist');

  // Saved with a file that exists, which is then deleted: the run fails.
  const override = join(app.dir, 'override.csv');
  writeFileSync(override, 'employeeId,firstName,lastName,department\nE2,Alan,Turing,Research\n');
  await page.getByTestId('run-profile-file-path').fill(override);
  await page.getByTestId('run-profile-save').click();
  await expect(page.getByTestId('run-profile-dialog')).toBeHidden();
  rmSync(override);
  await page.getByTestId('run-profile-tab-Import override').click();
  await page.getByTestId('run-profile-run').click();

  const panel = page.getByTestId('activity-panel');
  await expect(panel.getByTestId('activity-status')).toHaveText(/Failed/);
  await expect(panel.getByTestId('activity-error')).toContainText('override.csv');
  await expect(panel.getByTestId('activity-progress-text')).not.toContainText('100%');
  await page.screenshot({ path: `${SCREENSHOTS}/failed-override-run.png` });

  await page.getByTestId('nav-activities').click();
  const row = page.getByTestId('activity-row').first();
  await expect(row).toContainText('Import override');
  await expect(row).toContainText(/Failed/);
});
