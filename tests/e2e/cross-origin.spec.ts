import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { startServe, type ServedApp } from './support/serve';

// A hostile page served from another loopback port is "same-site" with serve mode, so the
// browser attaches our SameSite=Strict cookie to its requests. It must still be unable to read
// anything or change anything: not by fetch(), not by the event WebSocket, not by a form POST.

let app: ServedApp;
let attacker: Server;
let attackerUrl: string;

interface AttackOutcome {
  readAttempt: string;
  socket: string;
}

function attackerPage(target: string): string {
  const events = target.replace(/^http/, 'ws');
  // A text/plain form body of `{"method":…,"pad":"` + `=` + `"}` is valid JSON: the classic CSRF.
  return `<!doctype html><html><body>
<iframe name="sink"></iframe>
<form id="csrf" method="POST" action="${target}/api/call" enctype="text/plain" target="sink">
  <input name='{"method":"settings.update","input":{"retentionDays":7},"pad":"' value='"}'>
</form>
<script>
window.attack = (async () => {
  const outcome = {};
  await fetch('${target}/api/call', { method: 'POST', mode: 'no-cors', credentials: 'include',
    headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ method: 'settings.update', input: { retentionDays: 3 } }) })
    .catch(() => undefined);
  try {
    const response = await fetch('${target}/api/call', { method: 'POST', credentials: 'include',
      headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ method: 'settings.get', input: {} }) });
    outcome.readAttempt = await response.text();
  } catch (error) {
    outcome.readAttempt = 'blocked';
  }
  outcome.socket = await new Promise((resolve) => {
    const socket = new WebSocket('${events}/api/events');
    socket.onopen = () => resolve('open');
    socket.onmessage = (message) => resolve('read: ' + message.data);
    socket.onerror = () => resolve('refused');
    setTimeout(() => resolve('timeout'), 10000);
  });
  document.getElementById('csrf').submit();
  return outcome;
})();
</script></body></html>`;
}

async function retentionDays(page: Page): Promise<number> {
  const response = await page.request.post(`${app.origin}/api/call`, {
    headers: app.apiHeaders,
    data: { method: 'settings.get', input: {} },
  });
  return ((await response.json()) as { value: { retentionDays: number } }).value.retentionDays;
}

test.beforeAll(async () => {
  app = await startServe();
  attacker = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(attackerPage(app.origin));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', () => resolve()));
  const address = attacker.address();
  attackerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
});

test.afterAll(async () => {
  await new Promise((resolve) => attacker?.close(resolve));
  await app?.stop();
});

test('the launch token leaves the address bar, and a reload keeps working', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('new-system').first()).toBeVisible();
  expect(page.url()).not.toContain(app.token);
  await page.reload();
  await expect(page.getByTestId('new-system').first()).toBeVisible();
});

test('a page on another loopback port can neither read nor write, though our cookie rides along', async ({ page }) => {
  // Our own page first, so the browser holds the launch cookie an attacker would ride on.
  await page.goto(app.url);
  await expect(page.getByTestId('new-system').first()).toBeVisible();
  expect((await page.context().cookies(app.origin)).map((cookie) => cookie.name)).toContain('junction_token');
  const before = await retentionDays(page);

  const callStatuses: number[] = [];
  page.on('response', (response) => {
    if (response.url() === `${app.origin}/api/call`) callStatuses.push(response.status());
  });
  const formAnswered = page.waitForResponse((response) => response.url() === `${app.origin}/api/call` && response.request().postData()?.includes('"pad"') === true);
  await page.goto(attackerUrl);
  const outcome = await page.evaluate(() => (globalThis as unknown as { attack: Promise<AttackOutcome> }).attack);
  const formAnswer = await formAnswered;

  expect(outcome.readAttempt).not.toContain('retentionDays');
  expect(outcome.socket).toBe('refused');
  expect(formAnswer.status()).toBe(403);
  // The browser reports only some cross-origin fetches as responses; every one it reports was refused.
  expect(callStatuses.every((status) => status === 403)).toBe(true);
  expect(await retentionDays(page)).toBe(before);
});
