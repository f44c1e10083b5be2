// HÖK in the reference data: the adoption view's county map draws the 26 municipalities coloured
// by their decisions and lists the region beside it, and the decision memo is reached and read
// by keyboard; both pass axe (WCAG 2.1 A/AA) as they stand once drawn, and the Nu Html Checker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { axeViolationsHere, htmlErrors, tabTo } from './lib/checks.mjs';
import { chooseOption, tabToField } from './lib/keyboard.mjs';

let server;
let browser;
let hok;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const agreements = await (await fetch(`${server.origin}/api/v1/agreements`)).json();
  hok = agreements.find((a) => a.kind === 'main').id;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the adoption map draws every municipality and lists the region beside it', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(`${server.origin}/overenskommelser/${hok}/antagande`);
  await page.waitForSelector('#antagande-karta[data-drawn]');
  assert.equal(await page.getAttribute('#antagande-karta', 'data-drawn'), '26');
  assert.equal(await page.locator('#antagande-karta path.leaflet-interactive').count(), 26);
  assert.ok(await page.isVisible('#antagande-figur'));
  assert.match(await page.textContent('#antagande-utanfor-kartan'), /Region Stockholm: Antagen/);
  // Every council adopted HÖK: every shape has the "adopted" colour.
  const fills = await page.$$eval('#antagande-karta path.leaflet-interactive', (paths) => [...new Set(paths.map((p) => p.getAttribute('fill')))]);
  assert.deepEqual(fills, ['#1a7f37']);
  const found = await axeViolationsHere(page);
  assert.deepEqual(found, [], found.join('\n'));
  await context.close();
});

test('a municipality reaches its draft decision memo by keyboard', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(`${server.origin}/overenskommelser/${hok}`);
  await tabTo(page, 'Tjänsteutlåtande (utkast per part)');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await tabToField(page, 'part');
  await chooseOption(page, 'Nacka');
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const memo = await page.textContent('article.memo');
  assert.match(memo, /Nacka/);
  assert.match(memo, /Kommunfullmäktige föreslås besluta att anta Huvudöverenskommelse om länsövergripande samverkan kring hälsa, vård och omsorg \(HÖK\)/);
  assert.match(memo, /Storsthlms styrelse beslutade 2021-10-14/);
  assert.match(memo, /tidigast 2022-07-01/);
  for (const heading of ['Ekonomiska konsekvenser', 'Barnkonsekvensanalys', 'Beslutsunderlag', 'Beslutet expedieras till']) {
    assert.ok(memo.includes(heading), heading);
  }
  const link = await page.getAttribute('a[href*="tjansteutlatande.docx"]', 'href');
  const docx = await fetch(server.origin + link);
  assert.equal(docx.status, 200);
  assert.match(docx.headers.get('content-type'), /wordprocessingml/);
  const found = await axeViolationsHere(page);
  assert.deepEqual(found, [], found.join('\n'));
  const url = new URL(page.url());
  const errors = await htmlErrors(server.origin, [`${url.pathname}${url.search}`, `/overenskommelser/${hok}/antagande`]);
  assert.deepEqual(errors, [], errors.join('\n'));
  await context.close();
});
