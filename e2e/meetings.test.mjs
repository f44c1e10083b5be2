// Network meetings through the pages (issue 14), by keyboard alone: what the local collaboration
// journey (local-collaboration.test.mjs) leaves out. A coordinator of Nacka convenes a meeting
// after a time the clocks skip is refused, moves it after an end before its start is refused,
// opens the attendance sheet of a meeting nobody is invited to, adds a task (refused first
// without a description) and marks it done, gets a calendar feed address (refused first without
// the confirmation) and cancels the meeting. Each refusal's error summary leads to its field.
// Every page and form on the way, blank, refused and saved, passes axe (WCAG 2.1 A/AA) and the Nu
// Html Checker; the reflow of these pages at 320 px and 200% is local-collaboration.test.mjs's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { enter, signInFirstTimeByKeyboard } from './lib/session.mjs';
import { axeViolationsHere, htmlErrorsOf, tabTo } from './lib/checks.mjs';
import { followError, tabToField, tick, typeDateTime } from './lib/keyboard.mjs';

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

test('a coordinator convenes, moves and cancels a meeting by keyboard; every page and form passes axe and the Nu Html Checker', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  await signInFirstTimeByKeyboard(page, server.origin, email, oneTime, ownPassword);
  const found = [];
  const documents = [];
  const here = () => new URL(page.url()).pathname;
  /** Follows the link or presses the button `text` and checks the page it leads to. */
  const go = async (text, status = 200) => {
    await tabTo(page, text);
    const response = await enter(page);
    const label = `${here()}${status === 200 ? '' : ` (${status})`}`;
    assert.equal(response.status(), status, `${text} → ${label}`);
    found.push(...(await axeViolationsHere(page, label)));
    documents.push([label, await response.text()]);
    return here();
  };

  assert.equal(await go('Närområden'), '/omraden');
  assert.equal(await go('Nacka'), `/omraden/${area}`);
  assert.equal(await go('Nätverksmöten i Nacka'), `/omraden/${area}/moten`);

  // Convene: a time the clocks skip is refused beside its field, then the meeting is saved.
  assert.equal(await go('Kalla till ett nytt möte'), `/omraden/${area}/moten/nytt`);
  await tabToField(page, 'f-title');
  await page.keyboard.type('Nätverksmöte våren');
  await tabToField(page, 'f-starts_at');
  await typeDateTime(page, '2026-03-29T02:30');
  await tabToField(page, 'f-ends_at');
  await typeDateTime(page, '2026-03-29T04:00');
  await go('Kalla till mötet', 422);
  assert.match(await page.innerText('#f-starts_at-error'), /finns inte i svensk tid/);
  await followError(page, 'Börjar');
  await typeDateTime(page, '2026-03-30T09:00');
  await tabToField(page, 'f-ends_at');
  await typeDateTime(page, '2026-03-30T11:00');
  await tabToField(page, 'f-place');
  await page.keyboard.type('Nacka stadshus');
  await tabToField(page, 'f-agenda');
  await page.keyboard.type('1. Välkommen');
  await page.keyboard.press('Enter');
  await page.keyboard.type('2. Aktörskartan');
  const meeting = await go('Kalla till mötet');
  assert.match(meeting, /^\/moten\/\d+$/);
  assert.match(await page.innerText('main'), /måndag 2026-03-30 kl\. 09\.00–11\.00/);

  // Move it: an end before the start is refused.
  assert.equal(await go('Ändra eller flytta mötet'), `${meeting}/andra`);
  await tabToField(page, 'f-ends_at');
  await typeDateTime(page, '2026-03-30T08:00');
  await go('Spara ändringarna', 422);
  await followError(page, 'Slutar');
  await typeDateTime(page, '2026-03-30T12:00');
  assert.equal(await go('Spara ändringarna'), meeting);
  assert.match(await page.innerText('main'), /måndag 2026-03-30 kl\. 09\.00–12\.00/);

  // Nobody is invited: the attendance sheet says so.
  assert.equal(await go('Registrera närvaro'), `${meeting}/narvaro`);
  assert.match(await page.innerText('main'), /Inga aktörer är inbjudna till mötet/);
  assert.equal(await go('Tillbaka till Nätverksmöte våren'), meeting);

  // A task: refused without a description, then added and marked done.
  assert.equal(await go('Lägg till en uppgift'), `${meeting}/ny-uppgift`);
  await go('Lägg till uppgiften', 422);
  await followError(page, 'Uppgift');
  await page.keyboard.type('Uppdatera aktörskartan');
  await tabToField(page, 'f-owner_function');
  await page.keyboard.type('Samordnare');
  assert.equal(await go('Lägg till uppgiften'), meeting);
  assert.match(await go('Markera som klar: Uppdatera aktörskartan'), /^\/uppgifter\/\d+\/klar$/);
  await tabToField(page, 'f-done');
  await tick(page);
  assert.equal(await go('Spara'), meeting);
  assert.match(await page.innerText('table:has(caption:text-is("Uppgifter att följa upp"))'), /Uppdatera aktörskartan\s+Samordnare\s+uppgift saknas\s+Klar/);

  // A calendar feed address: refused without the confirmation.
  assert.equal(await go('Nacka'), `/omraden/${area}/moten`);
  assert.equal(await go('Skapa en kalenderadress'), `/omraden/${area}/kalender/forny`);
  await go('Gör en ny adress', 422);
  await followError(page, 'Bekräfta');
  await tick(page);
  assert.equal(await go('Gör en ny adress'), `/omraden/${area}/moten`);
  assert.match(await page.innerText('main'), /\/kalender\/[0-9a-f]+\.ics/);

  // Cancel it.
  assert.equal(await go('Nätverksmöte våren'), meeting);
  assert.equal(await go('Ställ in mötet'), `${meeting}/stall-in`);
  await tabToField(page, 'f-confirm');
  await tick(page);
  assert.equal(await go('Ställ in mötet'), meeting);
  assert.match(await page.innerText('main'), /Mötet är inställt/);
  assert.equal(await go('Nacka'), `/omraden/${area}/moten`);
  assert.match(await page.innerText('main'), /Nätverksmöte våren \(inställt\)/);
  assert.equal(await go('Deltagande i mötena'), `/omraden/${area}/deltagande`);

  const errors = await htmlErrorsOf(documents);
  assert.deepEqual([...found, ...errors], [], [...found, ...errors].join('\n'));
  await context.close();
});
