// With synthetic county data (`samverkan demo-data`) every list is long enough to page: the
// pager, the later pages and the "synthetic data" notice must pass the same checks as the rest,
// and the pager must work by keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sitemapPaths } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { axeViolations, htmlErrors, tabTo } from './lib/checks.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ demo: 'county' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The index pages, each list's second and last page, and the first record of each kind. */
async function samplePaths() {
  const paths = await sitemapPaths(server.origin);
  const sample = paths.filter((p) => !p.includes('?') && !/\/\d+$/.test(p));
  const paged = paths.filter((p) => p.includes('sida='));
  for (const list of new Set(paged.map((p) => p.split('?')[0]))) {
    const pages = paged.filter((p) => p.startsWith(`${list}?`));
    sample.push(pages[0], pages[pages.length - 1]);
  }
  for (const prefix of ['/parter/', '/omraden/', '/organ/']) sample.push(paths.find((p) => p.startsWith(prefix)));
  return [...new Set(sample)];
}

test('paged lists and the synthetic-data notice have no WCAG 2.1 A/AA violations and are valid HTML', async () => {
  const paths = await samplePaths();
  assert.ok(paths.some((p) => p.startsWith('/organisationer?sida=')), `the organisations page; ${paths}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  const found = [];
  for (const path of paths) found.push(...(await axeViolations(page, server.origin, path)));
  await context.close();
  assert.deepEqual(found, [], `axe violations:\n${found.join('\n')}`);
  const errors = await htmlErrors(server.origin, paths);
  assert.deepEqual(errors, [], errors.join('\n'));
});

test('a reader pages through the organisations by keyboard, keeping the chosen date', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(server.origin + '/organisationer?at=2024-03-01');
  assert.match(await page.textContent('main'), /Demonstrationsdata/);
  const firstRow = await page.textContent('tbody tr th');
  await tabTo(page, 'Nästa sida', 400);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/organisationer\?at=2024-03-01&sida=2&efter=\d+$/);
  assert.match(await page.textContent('.pager p'), /^Visar 101–200 av \d+/);
  assert.notEqual(await page.textContent('tbody tr th'), firstRow);
  await tabTo(page, 'Föregående sida', 400);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/organisationer?at=2024-03-01');
  assert.equal(await page.textContent('tbody tr th'), firstRow);
  await context.close();
});
