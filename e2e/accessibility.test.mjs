// Every page the server can show, from its own sitemap, must have zero axe violations of
// WCAG 2.1 A and AA: at desktop width, and the index pages also at 320 px (reflow) and 200% zoom.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer, sitemapPaths } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

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

async function violations(page, path) {
  const response = await page.goto(server.origin + path);
  assert.equal(response.status(), 200, `${path} answers 200`);
  // The page's CSP forbids inline scripts; evaluating through the DevTools protocol is not one.
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG,
  );
  return result.violations.map(
    (v) => `${path}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`,
  );
}

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
