// The main flows by keyboard only, and once with JavaScript disabled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { tabTo } from './lib/checks.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a coordinator finds an area and its coordinating health centre by keyboard alone', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(server.origin + '/');

  // The first Tab reaches the skip link, which moves focus to the main content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Hoppa till innehållet');
  const skipVisible = await page.evaluate(() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.left >= 0 && r.width > 0;
  });
  assert.ok(skipVisible, 'the skip link is visible when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

  // Menu → Närområden → Nacka.
  await page.goto(server.origin + '/');
  await tabTo(page, 'Närområden');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/omraden');
  await tabTo(page, 'Nacka');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/omraden\/\d+$/);
  assert.equal(await page.textContent('h1'), 'Nacka');
  assert.match(await page.textContent('main'), /Boo vårdcentral/);

  // The focus indicator is visible: an outline on the focused link.
  await tabTo(page, 'Nacka');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await context.close();
});

test('the date form works by keyboard and without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(server.origin + '/omraden');
  assert.match(await page.textContent('main'), /Tensta vårdcentral/);

  await page.focus('#at');
  await page.fill('#at', '2022-06-01');
  await tabTo(page, 'Visa', 5);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/omraden?at=2022-06-01');
  const main = await page.textContent('main');
  assert.match(main, /Visar läget per 2022-06-01/);
  assert.doesNotMatch(main, /Tensta vårdcentral/, 'no coordinating health centre before 2023');

  // Links keep the chosen date.
  await page.click('text=Rinkeby-Kista');
  await page.waitForURL(/\/omraden\/\d+\?at=2022-06-01$/);
  assert.match(await page.textContent('main'), /Rinkeby-Kista stadsdelsförvaltning/);
  await context.close();
});
