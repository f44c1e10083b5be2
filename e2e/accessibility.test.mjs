// Every page the server can show, from its own sitemap, must have zero axe violations of
// WCAG 2.1 A and AA: at desktop width, and the index pages also at 320 px (reflow) and 200% zoom.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sitemapPaths } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { axeViolations } from './lib/checks.mjs';

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

const violations = (page, path) => axeViolations(page, server.origin, path);

test('every page in the sitemap has no WCAG 2.1 A/AA violations', async () => {
  const paths = await sitemapPaths(server.origin);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  const found = [];
  for (const path of paths) found.push(...(await violations(page, path)));
  await context.close();
  assert.deepEqual(found, [], `axe violations:\n${found.join('\n')}`);
});

test('index pages have no violations on a 320 px screen and at 200% zoom', async () => {
  const paths = (await sitemapPaths(server.origin)).filter((p) => !/\/\d+$/.test(p));
  const found = [];
  for (const options of [
    { viewport: { width: 320, height: 640 } },
    { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 },
  ]) {
    const context = await browser.newContext({ ...options, locale: 'sv-SE' });
    const page = await context.newPage();
    for (const path of paths) {
      found.push(...(await violations(page, path)));
      // Nothing but data tables may make the page scroll sideways (WCAG 1.4.10).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) found.push(`${path}: page scrolls sideways by ${overflow}px at ${options.viewport.width}px`);
    }
    await context.close();
  }
  assert.deepEqual(found, [], found.join('\n'));
});
