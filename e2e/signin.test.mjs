// Signing in and out by keyboard alone, with the one-time password `samverkan user add` prints,
// which must be changed first; the sign-in and password forms, their error states, the account
// page and a signed-in page pass axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { axeViolations, tabTo } from './lib/checks.mjs';

let server;
let browser;
let password;
/** The password chosen at the first sign-in. */
const ownPassword = 'ett eget lösenord för e2e';
before(async () => {
  server = await startServer();
  password = server.cli('user', 'add', '--email', 'processledare@storsthlm.se', '--role', 'admin').trim().split('\n').pop();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Presses Tab until the field with this id has focus. */
async function tabToField(page, id, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
  }
  assert.fail(`could not reach #${id} with Tab`);
}

async function focused(page) {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim());
}

test('a process leader signs in and out by keyboard', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(server.origin + '/');
  await tabTo(page, 'Logga in');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/logga-in');

  // A wrong password first: the message is announced and tied to the fields.
  await tabToField(page, 'email');
  await page.keyboard.type('processledare@storsthlm.se');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'password');
  await page.keyboard.type('fel lösenord');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#login-error');
  assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');
  let found = await axeViolations(page, server.origin, '/logga-in');
  assert.deepEqual(found, [], found.join('\n'));

  await page.goto(server.origin + '/logga-in');
  await tabToField(page, 'email');
  await page.keyboard.type('processledare@storsthlm.se');
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');

  // A one-time password: the password page comes first, whatever else is asked for.
  await page.waitForURL('**/konto/losenord');
  found = await axeViolations(page, server.origin, '/konto/losenord');
  assert.deepEqual(found, [], found.join('\n'));
  await tabToField(page, 'current_password');
  await page.keyboard.type(password);
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'new_password');
  await page.keyboard.type(ownPassword);
  await page.keyboard.press('Tab');
  await page.keyboard.type('något annat');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#repeat_password-error');
  assert.equal(await page.getAttribute('#repeat_password', 'aria-invalid'), 'true');
  await tabToField(page, 'current_password');
  await page.keyboard.type(password);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ownPassword);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ownPassword);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/konto?klart=losenord');
  assert.match(await page.textContent('main'), /Ditt lösenord är ändrat/);
  assert.match(await page.textContent('header'), /Inloggad som processledare@storsthlm\.se/);

  // A personal API token, made by keyboard and shown once.
  await tabToField(page, 'token-name');
  await page.keyboard.type('Rapportverktyg');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#new-token');
  assert.match(await page.inputValue('#new-token'), /^[0-9a-f]{64}$/);
  found = await axeViolations(page, server.origin, '/konto');
  assert.deepEqual(found, [], found.join('\n'));

  await tabTo(page, 'Logga ut');
  await page.keyboard.press('Enter');
  await page.waitForSelector('header a[href="/logga-in"]');
  assert.match(await page.textContent('header'), /Logga in/);
  assert.doesNotMatch(await page.textContent('header'), /Inloggad/);
  await context.close();
});

test('a signed-in page has no WCAG 2.1 A/AA violations', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(server.origin + '/logga-in');
  await page.fill('#email', 'processledare@storsthlm.se');
  await page.fill('#password', ownPassword);
  await page.click('button[type=submit]');
  await page.waitForURL(server.origin + '/');
  const found = [];
  for (const path of ['/', '/omraden', '/konto', '/konto/losenord']) found.push(...(await axeViolations(page, server.origin, path)));
  assert.deepEqual(found, [], found.join('\n'));
  await context.close();
});
