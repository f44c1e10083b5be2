// Local action plans and the local area plan through the pages (issue 15), by keyboard alone,
// on synthetic county data (`samverkan demo-data`), where some entries of the area plans are
// overdue for review. A coordinator adds an action plan (refused first without a title) with an
// activity, opens its print view (which fits A4 without clipped text), and reviews an overdue
// entry of the area plan: the count of entries to review drops by one. Every page and form on
// the way passes axe (WCAG 2.1 A/AA) and the Nu Html Checker, and reflows at 320 px and 200%.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { enter, signInFirstTimeByKeyboard } from './lib/session.mjs';
import { axeViolationsHere, htmlErrorsOf, tabTo } from './lib/checks.mjs';
import { chooseOption, followError, tabToField, typeDate } from './lib/keyboard.mjs';

const email = 'samordnare@plan.example.se';
const ownPassword = 'ett eget lösenord för e2e';

let server;
let browser;
let area;
let entry;
let oneTime;
const made = {};
before(async () => {
  server = await startServer({ demo: 'county' });
  const areas = await (await fetch(`${server.origin}/api/v1/areas?limit=1000`)).json();
  // An area whose plan has an entry overdue for review, its organisation still active.
  for (const a of areas) {
    const plan = await (await fetch(`${server.origin}/api/v1/areas/${a.id}/area-plan`)).json();
    const stale = plan.entries.find((e) => e.stale && e.organisation_active);
    if (stale) {
      area = a;
      entry = stale;
      break;
    }
  }
  assert.ok(area, 'some area has an entry overdue for review');
  oneTime = server.cli('user', 'add', '--email', email, '--role', 'area_coordinator', '--area', String(area.id)).trim().split('\n').pop();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** "3 behöver granskas" in the area plan's status line, as a number. */
async function toReview(page) {
  const status = await page.innerText('#planens-lage');
  const m = status.match(/(\d+) behöver granskas/);
  assert.ok(m, status);
  return Number(m[1]);
}

test('a coordinator adds an action plan and reviews an entry of the area plan by keyboard; every page passes axe and the Nu Html Checker', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  await signInFirstTimeByKeyboard(page, server.origin, email, oneTime, ownPassword);
  const found = [];
  const documents = [];
  const here = () => new URL(page.url()).pathname;
  const check = async (response, label) => {
    found.push(...(await axeViolationsHere(page, label)));
    documents.push([label, await response.text()]);
  };
  const go = async (text, status = 200) => {
    await tabTo(page, text);
    const response = await enter(page);
    const label = `${here()}${status === 200 ? '' : ` (${status})`}`;
    assert.equal(response.status(), status, `${text} → ${label}`);
    await check(response, label);
    return here();
  };
  await check(await page.goto(`${server.origin}/omraden/${area.id}`), `/omraden/${area.id}`);

  // An action plan: refused without a title, then saved with an activity.
  assert.equal(await go('Lokala handlingsplaner'), `/omraden/${area.id}/handlingsplaner`);
  assert.equal(await go('Ny handlingsplan'), `/omraden/${area.id}/handlingsplaner/ny`);
  await tabToField(page, 'f-target_group');
  await chooseOption(page, 'Psykiatri');
  await tabToField(page, 'f-goal');
  await page.keyboard.type('Samordnad vård för personer med psykisk ohälsa och missbruk.');
  await tabToField(page, 'f-starts_on');
  await typeDate(page, '2026-01-01');
  await go('Spara handlingsplanen', 422);
  await followError(page, 'Rubrik');
  await page.keyboard.type('Psykiatri och beroende 2026');
  made.plan = await go('Spara handlingsplanen');
  assert.match(made.plan, /^\/handlingsplaner\/\d+$/);
  assert.equal(await go('Lägg till en aktivitet'), `${made.plan}/ny-aktivitet`);
  await tabToField(page, 'f-description');
  await page.keyboard.type('Gemensamma konsultationstider mellan vårdcentralen och beroendevården, med en mycket lång beskrivning som måste brytas på flera rader utan att klippas i utskriften');
  await tabToField(page, 'f-owner_function');
  await page.keyboard.type('Verksamhetschef');
  await tabToField(page, 'f-due_on');
  await typeDate(page, '2026-02-01');
  await tabToField(page, 'f-status');
  await chooseOption(page, 'Pågår');
  await tabToField(page, 'f-progress');
  await page.keyboard.type('40');
  assert.equal(await go('Lägg till aktiviteten'), made.plan);
  const main = await page.innerText('main');
  assert.match(main, /Gemensamma konsultationstider/);
  assert.match(main, /2026-02-01 \(försenad\)/);
  assert.match(main, /40\u00a0%, 1 aktivitet försenad/);

  // The print view fits A4: nothing wider than the page, no cell clipping its text.
  assert.equal(await go('Utskriftsversion (A4)'), `${made.plan}/utskrift`);
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 680, height: 1000 }); // A4 less 15 mm margins, at 96 dpi
  const clipped = await page.evaluate(() => {
    const out = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`page ${document.documentElement.scrollWidth}px wide`);
    for (const el of document.querySelectorAll('.print-plan th, .print-plan td, .print-plan p, .print-plan li, .print-plan dd')) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName} "${el.textContent.slice(0, 40)}" clipped`);
      if (el.getBoundingClientRect().right > window.innerWidth + 1) out.push(`${el.tagName} "${el.textContent.slice(0, 40)}" beyond the page`);
    }
    return out;
  });
  assert.deepEqual(clipped, []);
  const printed = await page.innerText('.print-plan');
  assert.match(printed, /Psykiatri och beroende 2026/);
  assert.match(printed, /utan att klippas i utskriften/);
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Review an overdue entry of the area plan: the count to review drops by one.
  await check(await page.goto(`${server.origin}/omraden/${area.id}`), `/omraden/${area.id}`);
  assert.equal(await go('Närområdesplan'), `/omraden/${area.id}/naromradesplan`);
  const before = await toReview(page);
  assert.ok(before >= 1);
  assert.equal(await go(`Granska: ${entry.responsibility}`), `/naromradesplan/${entry.id}/granska`);
  await tabToField(page, 'f-changes');
  await page.keyboard.type('Ingen ändring.');
  await go('Spara granskningen', 422);
  await followError(page, 'Granskad av');
  await page.keyboard.type('Samordnare i närområdet');
  assert.equal(await go('Spara granskningen'), `/omraden/${area.id}/naromradesplan`);
  assert.equal(await toReview(page), before - 1);
  made.entry = `/naromradesplan/${entry.id}`;
  assert.equal(await go(entry.responsibility), made.entry);
  assert.match(await page.innerText('main'), /Ingen ändring\./);
  assert.equal(await go('Granska'), `${made.entry}/granska`);
  assert.equal(await go(`Tillbaka till ${entry.responsibility}`), made.entry);
  assert.equal(await go('Ändra'), `${made.entry}/andra`);
  await check(await page.goto(`${server.origin}/granskningar`), '/granskningar');

  const errors = await htmlErrorsOf(documents);
  assert.deepEqual([...found, ...errors], [], [...found, ...errors].join('\n'));
  await context.close();
});

test('every page of the plans reflows on a 320 px screen and at 200% zoom', async () => {
  assert.ok(made.plan && made.entry, 'the journey made a plan and reviewed an entry');
  const paths = [
    `/omraden/${area.id}/handlingsplaner`,
    `/omraden/${area.id}/handlingsplaner/ny`,
    made.plan,
    `${made.plan}/utskrift`,
    `${made.plan}/andra`,
    `${made.plan}/ny-aktivitet`,
    `${made.plan}/ny-uppfoljning`,
    `/omraden/${area.id}/naromradesplan`,
    `/omraden/${area.id}/naromradesplan/ny`,
    made.entry,
    `${made.entry}/granska`,
    `${made.entry}/andra`,
    '/granskningar',
  ];
  const found = [];
  for (const options of [{ viewport: { width: 320, height: 640 } }, { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }]) {
    const size = options.deviceScaleFactor ? '200%' : '320px';
    const context = await browser.newContext({ ...options, locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${server.origin}/logga-in`);
    await page.fill('#email', email);
    await page.fill('#password', ownPassword);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    const documents = [];
    for (const path of paths) {
      const response = await page.goto(server.origin + path);
      assert.equal(response.status(), 200, path);
      found.push(...(await axeViolationsHere(page, `${path} at ${size}`)));
      if (size === '320px') documents.push([path, await response.text()]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) found.push(`${path}: page scrolls sideways by ${overflow}px at ${size}`);
    }
    if (documents.length) found.push(...(await htmlErrorsOf(documents)));
    await context.close();
  }
  assert.deepEqual(found, [], found.join('\n'));
});
