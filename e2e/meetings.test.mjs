// Network meetings through the pages (issue 14). An area's coordinator signs in, convenes a
// meeting (after a time the clocks skip is refused), changes it, adds a task and marks it done,
// sets the categories the area wants at its meetings, gets a calendar feed address and cancels
// the meeting; every page and form on the way, blank and with errors, passes axe (WCAG 2.1
// A/AA) and the Nu Html Checker, and the meeting's pages also on a 320 px screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { signInFirstTime } from './lib/session.mjs';
import { axeViolationsHere, htmlErrorsOf } from './lib/checks.mjs';

const email = 'samordnare@nacka.se';
const ownPassword = 'ett eget lösenord för e2e';

let server;
let browser;
let area;
let oneTime;
before(async () => {
  server = await startServer();
  const areas = await (await fetch(`${server.origin}/api/v1/areas?limit=1000`)).json();
  area = areas.find((a) => a.municipality_code === '0182').id;
  oneTime = server.cli('user', 'add', '--email', email, '--role', 'area_coordinator', '--area', String(area)).trim().split('\n').pop();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a coordinator convenes, changes and cancels a meeting; every page and form passes axe and the Nu Html Checker', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  await signInFirstTime(page, server.origin, email, oneTime, ownPassword);
  const found = [];
  const documents = [];
  const keep = async (label, response) => {
    found.push(...(await axeViolationsHere(page, label)));
    documents.push([label, await response.text()]);
  };
  const open = async (path) => {
    const response = await page.goto(server.origin + path);
    assert.equal(response.status(), 200, `${path} answers 200`);
    await keep(path, response);
  };
  const submit = async (path, status) => {
    const [response] = await Promise.all([page.waitForNavigation(), page.click('main form.edit-form button[type=submit]')]);
    assert.equal(response.status(), status, `${path} answers ${status}`);
    if (status === 422) {
      const focused = await page.$eval('.error-summary', (el) => document.activeElement === el);
      assert.ok(focused, `${path}: the error summary has focus`);
      await keep(`${path} (422)`, response);
    }
    return new URL(page.url()).pathname;
  };

  await open(`/omraden/${area}`);
  await open(`/omraden/${area}/moten`);
  await open(`/omraden/${area}/deltagande`);

  // Convene: a time the clocks skip is refused beside its field, then the meeting is saved.
  const convene = `/omraden/${area}/moten/nytt`;
  await open(convene);
  await page.fill('#f-title', 'Nätverksmöte våren');
  await page.fill('#f-starts_at', '2026-03-29T02:30');
  await page.fill('#f-ends_at', '2026-03-29T04:00');
  await submit(convene, 422);
  assert.match(await page.innerText('#f-starts_at-error'), /finns inte i svensk tid/);
  await page.fill('#f-starts_at', '2026-03-30T09:00');
  await page.fill('#f-ends_at', '2026-03-30T11:00');
  await page.fill('#f-place', 'Nacka stadshus');
  await page.fill('#f-agenda', '1. Välkommen\n2. Aktörskartan');
  const meeting = await submit(convene, 200);
  assert.match(meeting, /^\/moten\/\d+$/);
  await keep(meeting, await page.goto(server.origin + meeting));
  assert.match(await page.innerText('main'), /måndag 2026-03-30 kl\. 09\.00–11\.00/);

  // Change it: an end before the start is refused.
  await open(`${meeting}/andra`);
  await page.fill('#f-ends_at', '2026-03-30T08:00');
  await submit(`${meeting}/andra`, 422);
  await page.fill('#f-ends_at', '2026-03-30T12:00');
  await submit(`${meeting}/andra`, 200);

  // A task: refused without a description, then added and marked done.
  await open(`${meeting}/ny-uppgift`);
  await submit(`${meeting}/ny-uppgift`, 422);
  await page.fill('#f-description', 'Uppdatera aktörskartan');
  await page.fill('#f-owner_function', 'Samordnare');
  await submit(`${meeting}/ny-uppgift`, 200);
  const done = await page.$$eval('main a[href^="/uppgifter/"]', (as) => as.map((a) => a.getAttribute('href')));
  assert.equal(done.length, 1);
  await open(done[0]);
  await page.check('#f-done');
  await submit(done[0], 200);
  await open(`${meeting}/narvaro`);

  // The categories the area wants, and a calendar feed address.
  await open(`/omraden/${area}/deltagande/kategorier`);
  await page.check('#f-categories');
  await submit(`/omraden/${area}/deltagande/kategorier`, 200);
  await open(`/omraden/${area}/kalender/forny`);
  await submit(`/omraden/${area}/kalender/forny`, 422);
  await page.check('#f-confirm');
  await submit(`/omraden/${area}/kalender/forny`, 200);
  assert.match(await page.innerText('main'), /\/kalender\/[0-9a-f]+\.ics/);
  await keep(`/omraden/${area}/moten (with a feed)`, await page.goto(server.origin + `/omraden/${area}/moten`));

  // Cancel it.
  await open(`${meeting}/stall-in`);
  await page.check('#f-confirm');
  await submit(`${meeting}/stall-in`, 200);
  assert.match(await page.innerText('main'), /Mötet är inställt/);
  await open(meeting);
  await open(`/omraden/${area}/deltagande`);

  // The meeting's pages on a 320 px screen: nothing but tables scrolls sideways.
  const narrow = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'sv-SE' });
  const small = await narrow.newPage();
  for (const path of [meeting, `/omraden/${area}/moten`, `/omraden/${area}/deltagande`]) {
    await small.goto(server.origin + path);
    found.push(...(await axeViolationsHere(small, `${path} (320 px)`)));
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) found.push(`${path}: page scrolls sideways by ${overflow}px at 320px`);
  }
  await narrow.close();

  const errors = await htmlErrorsOf(documents);
  assert.deepEqual([...found, ...errors], [], [...found, ...errors].join('\n'));
  await context.close();
});
