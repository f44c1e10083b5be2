// An area's actor map (issue 14). A coordinator of Botkyrka signs in and, by keyboard, imports a
// list: first a bad one (nothing saved, every bad row named by row and column), then a good one
// (a dry run showing what happens, then saved), adds an actor after a rejected first try and
// opens it to change it. Every page on the way passes axe (WCAG 2.1 A/AA) and the Nu Html Checker
// as it came (the answers to POSTs included), the map and the import page also on a 320 px
// screen and at 200% zoom without scrolling sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { enter, signInFirstTime } from './lib/session.mjs';
import { axeViolationsHere, htmlErrorsOf, tabTo } from './lib/checks.mjs';
import { chooseOption, tabToField } from './lib/keyboard.mjs';

const email = 'samordnare@botkyrka.se';
const ownPassword = 'ett eget lösenord för e2e';
let server;
let browser;
let oneTime;
let area;

before(async () => {
  server = await startServer();
  const areas = await (await fetch(`${server.origin}/api/v1/areas`)).json();
  area = areas.find((a) => a.name === 'Botkyrka').id;
  oneTime = server.cli('user', 'add', '--email', email, '--role', 'area_coordinator', '--area', String(area)).trim().split('\n').pop();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const BAD = 'Namn;Kategori;Sektor;HSA-id\r\nTumba vårdcentral;Vårdcentral;Region;SE2321000016-15CQ\r\n;Hemtjänst;Kommun;\r\nKyrkan;Kyrka;Civilsamhälle;SE1\r\n';
const GOOD = '\ufeffNamn;Kategori;Sektor;Adress;Kontaktfunktion\r\nTumba vårdcentral;Vårdcentral;Region;Tumba torg 5;Verksamhetschef\r\nBotkyrka hemtjänst;Hemtjänst;Kommun;Munkhättevägen 45;Enhetschef\r\n"Svenska kyrkan, Tumba";Trossamfund;Civilsamhälle;Kyrkvägen 1;Diakon\r\n';

/** Chooses a file in the import form's file field, reached by keyboard, and sends it. */
async function sendFile(page, name, text) {
  await tabToField(page, 'f-file');
  // A file dialog is the system's, not the page's: the file is handed to the focused field.
  await page.setInputFiles('#f-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  await tabTo(page, 'Granska filen');
  return enter(page);
}

test('a coordinator imports a list after a bad one and adds an actor, by keyboard', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await signInFirstTime(page, server.origin, email, oneTime, ownPassword);
  const found = [];
  const documents = [];
  const keep = async (label, response) => {
    found.push(...(await axeViolationsHere(page, label)));
    documents.push([label, await response.text()]);
  };

  let response = await page.goto(`${server.origin}/omraden/${area}`);
  await keep('area', response);
  await tabTo(page, 'Närområdets aktörskarta');
  response = await enter(page);
  assert.equal(new URL(page.url()).pathname, `/omraden/${area}/aktorer`);
  await keep('map (empty)', response);

  await tabTo(page, 'Importera en aktörslista (CSV)');
  response = await enter(page);
  await keep('import', response);

  // A bad list: nothing is saved, and every bad row is named with its column.
  response = await sendFile(page, 'aktorer.csv', BAD);
  assert.equal(response.status(), 422);
  await keep('import (422)', response);
  const errors = (await page.innerText('table')).replace(/\s+/g, ' ');
  assert.match(errors, /3 Namn måste fyllas i/);
  assert.match(errors, /4 Kategori okänd kategori "Kyrka"/);
  assert.match(errors, /4 HSA-id "SE1" är inget HSA-id/);
  assert.equal(await page.$('text=Spara importen'), null, 'nothing to save from a bad list');

  // A good one: what would happen, then saved.
  response = await sendFile(page, 'aktorer.csv', GOOD);
  assert.equal(response.status(), 200);
  await keep('import (granskning)', response);
  assert.match(await page.innerText('main'), /3 nya, 0 ändrade och 0 oförändrade aktörer\./);
  await tabTo(page, 'Spara importen');
  response = await enter(page);
  assert.equal(new URL(page.url()).pathname, `/omraden/${area}/aktorer`);
  assert.match(await page.innerText('.notice.saved'), /Listan är importerad: 3 nya/);
  await keep('map', response);
  assert.match(await page.innerText('table:has(caption:text-matches("^Aktörer i"))'), /Svenska kyrkan, Tumba/);

  // Filtering by keyboard: the region's only.
  await tabToField(page, 'sektor');
  await chooseOption(page, 'Region');
  await tabTo(page, 'Filtrera');
  response = await enter(page);
  assert.match(page.url(), /sektor=region/);
  await keep('map (filtered)', response);
  const rows = await page.$$eval('table:has(caption:text-matches("^Aktörer i")) tbody tr', (trs) => trs.length);
  assert.equal(rows, 1);

  // A new actor: without a name first, then with one.
  response = await page.goto(`${server.origin}/omraden/${area}/aktorer/ny`);
  await keep('new actor', response);
  await tabToField(page, 'f-category');
  await chooseOption(page, 'Lokal förening');
  await tabToField(page, 'f-sector');
  await chooseOption(page, 'Civilsamhälle');
  await tabTo(page, 'Spara aktören');
  response = await enter(page);
  assert.equal(response.status(), 422);
  await keep('new actor (422)', response);
  await tabToField(page, 'f-name');
  await page.keyboard.type('Tumba IF');
  await tabTo(page, 'Spara aktören');
  response = await enter(page);
  assert.match(await page.innerText('.notice.saved'), /Aktören är sparad/);

  await tabTo(page, 'Ändra Tumba IF');
  response = await enter(page);
  assert.match(new URL(page.url()).pathname, /^\/tjanster\/\d+\/andra$/);
  await keep('change actor', response);

  assert.deepEqual(found, [], found.join('\n'));
  const html = await htmlErrorsOf(documents);
  assert.deepEqual(html, [], html.join('\n'));
  await context.close();
});

test('the map and the import page reflow on a 320 px screen and at 200% zoom', async () => {
  const found = [];
  for (const options of [{ viewport: { width: 320, height: 640 } }, { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }]) {
    const context = await browser.newContext({ ...options, locale: 'sv-SE' });
    const page = await context.newPage();
    // The first test chose the account's own password.
    await page.goto(`${server.origin}/logga-in`);
    await page.fill('#email', email);
    await page.fill('#password', ownPassword);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    for (const path of [`/omraden/${area}/aktorer`, `/omraden/${area}/aktorer/import`]) {
      const response = await page.goto(server.origin + path);
      assert.equal(response.status(), 200, path);
      found.push(...(await axeViolationsHere(page, `${path} at ${options.viewport.width}px`)));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) found.push(`${path}: page scrolls sideways by ${overflow}px at ${options.viewport.width}px`);
    }
    await context.close();
  }
  assert.deepEqual(found, [], found.join('\n'));
});
