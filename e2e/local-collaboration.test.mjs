// An area's local collaboration (issue 14), by keyboard alone. A coordinator of Botkyrka signs
// in and imports a list of actors: first a bad one (nothing saved, every bad row named by row and
// column), then a good one (a dry run showing what happens, then saved); adds an actor after a
// rejected first try; names the categories the area wants at its meetings; convenes a meeting in
// Stockholm's local time, inviting three of the actors; records their attendance (present, with
// who came; excused; absent) after a refused first try; sees on the meeting's page which of the
// categories were missing and on the area's participation page invited against attended; and adds
// a follow-up task. Typing, Tab, Enter, Space, the arrow keys and Ctrl+A only (a file is handed to
// the focused file field, as a file dialog would). Every page on the way passes axe (WCAG 2.1 A/AA)
// and the Nu Html Checker as it came (the answers to POSTs, 200 and 422, included). Then every
// page of the issue, on a 320 px screen and at 200% zoom, passes axe without scrolling sideways.
// With E2E_SCREENSHOTS=DIR, each of those pages is also saved there as a screenshot, to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { enter, signInFirstTimeByKeyboard } from './lib/session.mjs';
import { axeViolationsHere, htmlErrorsOf, tabTo } from './lib/checks.mjs';
import {
  chooseOption,
  chooseRadio,
  followError,
  tabIntoGroup,
  tabToField,
  tabToLabelled,
  tick,
  typeDate,
  typeDateTime,
} from './lib/keyboard.mjs';

const email = 'samordnare@botkyrka.se';
const ownPassword = 'ett eget lösenord för e2e';
let server;
let browser;
let oneTime;
let area;

// What the journey made, for the reflow test to open.
const made = {};

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

// The meeting: the categories the area wants (as the form names them), and the actors of the
// good list invited, with what is recorded of each. What the pages must then show is derived from
// these alone.
const REQUIRED = ['Vårdcentral', 'Hemtjänst', 'Socialtjänst'];
const INVITED = [
  { name: 'Tumba vårdcentral', role: 'Verksamhetschef', category: 'Vårdcentral', sector: 'Region', attendance: 'Närvarande', onBehalf: 'Verksamhetschef' },
  { name: 'Botkyrka hemtjänst', role: 'Enhetschef', category: 'Hemtjänst', sector: 'Kommun', attendance: 'Anmält förhinder' },
  { name: 'Svenska kyrkan, Tumba', role: 'Diakon', category: 'Trossamfund', sector: 'Civilsamhälle', attendance: 'Frånvarande' },
];
const TITLE = 'Nätverksmöte om samverkan kring äldre';
// A personnummer (Skatteverket's test number) typed where a function belongs is refused.
const PERSONAL_NUMBER = '19121212-1212';

/** A day `days` from today in Stockholm, as YYYY-MM-DD. */
function stockholmDay(days) {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Stockholm's offset from UTC at a local time, as `+01:00`. */
function stockholmOffset(local) {
  // The offset an hour's guess away is the same but for the two hours a year the clocks change.
  const guess = new Date(`${local}:00Z`);
  const name = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Stockholm', timeZoneName: 'longOffset' })
    .formatToParts(guess)
    .find((p) => p.type === 'timeZoneName').value;
  return name.replace('GMT', '') || '+00:00';
}

const swedishWeekday = (day) => new Intl.DateTimeFormat('sv-SE', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));

/** The rows of the table with this caption, each as its cells' text. */
function tableRows(page, caption) {
  return page.$$eval(`table:has(caption:text-is("${caption}")) tbody tr`, (trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
  );
}

/** Chooses a file in the import form's file field, reached by keyboard, and sends it. */
async function sendFile(page, name, text) {
  await tabToField(page, 'f-file');
  // A file dialog is the system's, not the page's: the file is handed to the focused field.
  await page.setInputFiles('#f-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  await tabTo(page, 'Granska filen');
  return enter(page);
}

test('a coordinator imports actors, convenes a meeting and records its attendance, by keyboard', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await signInFirstTimeByKeyboard(page, server.origin, email, oneTime, ownPassword);
  const found = [];
  const documents = [];
  const keep = async (label, response, status = 200) => {
    assert.equal(response.status(), status, `${label} answers ${status}`);
    found.push(...(await axeViolationsHere(page, label)));
    documents.push([label, await response.text()]);
  };
  const here = () => new URL(page.url()).pathname;

  await tabTo(page, 'Närområden');
  let response = await enter(page);
  await keep('areas', response);
  await tabTo(page, 'Botkyrka');
  response = await enter(page);
  assert.equal(here(), `/omraden/${area}`);
  await keep('area', response);
  await tabTo(page, 'Närområdets aktörskarta');
  response = await enter(page);
  assert.equal(here(), `/omraden/${area}/aktorer`);
  await keep('map (empty)', response);

  // ---- the actor map: a bad list, a good one, a new actor ----
  await tabTo(page, 'Importera en aktörslista (CSV)');
  response = await enter(page);
  await keep('import', response);

  // A bad list: nothing is saved, and every bad row is named with its column.
  response = await sendFile(page, 'aktorer.csv', BAD);
  await keep('import (422)', response, 422);
  const errors = (await page.innerText('table')).replace(/\s+/g, ' ');
  assert.match(errors, /3 Namn måste fyllas i/);
  assert.match(errors, /4 Kategori okänd kategori "Kyrka"/);
  assert.match(errors, /4 HSA-id "SE1" är inget HSA-id/);
  assert.equal(await page.$('text=Spara importen'), null, 'nothing to save from a bad list');

  // A good one: what would happen, then saved.
  response = await sendFile(page, 'aktorer.csv', GOOD);
  await keep('import (granskning)', response);
  assert.match(await page.innerText('main'), /3 nya, 0 ändrade och 0 oförändrade aktörer\./);
  await tabTo(page, 'Spara importen');
  response = await enter(page);
  assert.equal(here(), `/omraden/${area}/aktorer`);
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
  await tabTo(page, 'Lägg till en aktör');
  response = await enter(page);
  assert.equal(here(), `/omraden/${area}/aktorer/ny`);
  await keep('new actor', response);
  await tabToField(page, 'f-category');
  await chooseOption(page, 'Lokal förening');
  await tabToField(page, 'f-sector');
  await chooseOption(page, 'Civilsamhälle');
  await tabTo(page, 'Spara aktören');
  response = await enter(page);
  await keep('new actor (422)', response, 422);
  await followError(page, 'Namn');
  await page.keyboard.type('Tumba IF');
  await tabTo(page, 'Spara aktören');
  response = await enter(page);
  assert.match(await page.innerText('.notice.saved'), /Aktören är sparad/);
  await keep('map (with the new actor)', response);

  await tabTo(page, 'Ändra Tumba IF');
  response = await enter(page);
  assert.match(here(), /^\/tjanster\/\d+\/andra$/);
  made.serviceEdit = here();
  await keep('change actor', response);

  // ---- the categories the area wants at its meetings ----
  await tabTo(page, 'Närområden');
  await enter(page);
  await tabTo(page, 'Botkyrka');
  response = await enter(page);
  assert.equal(here(), `/omraden/${area}`);
  await keep('area (with its actors)', response);
  await tabTo(page, 'Deltagande');
  response = await enter(page);
  assert.equal(here(), `/omraden/${area}/deltagande`);
  await keep('participation (before any meeting)', response);
  await tabTo(page, 'Ändra kategorierna');
  response = await enter(page);
  assert.equal(here(), `/omraden/${area}/deltagande/kategorier`);
  await keep('required categories', response);
  // The form's order, which is the order the pages list categories in.
  const categoryOrder = await page.$$eval('input[name=categories]', (inputs) => inputs.map((i) => i.labels[0].textContent.trim()));
  const required = [...REQUIRED].sort((a, b) => categoryOrder.indexOf(a) - categoryOrder.indexOf(b));
  for (const c of required) {
    await tabToLabelled(page, c);
    await tick(page);
  }
  await tabTo(page, 'Spara kategorierna');
  response = await enter(page);
  assert.equal(here(), `/omraden/${area}/deltagande`);
  await keep('participation (with required categories)', response);
  const requiredShown = await page.$$eval('section[aria-labelledby=kategorier] ul li', (lis) => lis.map((li) => li.textContent.trim()));
  assert.deepEqual(requiredShown, required);

  // ---- a meeting, in Stockholm's time, with three of the actors invited ----
  await tabTo(page, 'Närområdets möten');
  response = await enter(page);
  assert.equal(here(), `/omraden/${area}/moten`);
  await keep('meetings (none)', response);
  await tabTo(page, 'Kalla till ett nytt möte');
  response = await enter(page);
  assert.equal(here(), `/omraden/${area}/moten/nytt`);
  await keep('new meeting', response);
  // A week ago, so that its attendance can be recorded and it counts in the last 12 months.
  const day = stockholmDay(-7);
  const [starts, ends] = [`${day}T09:00`, `${day}T11:30`];
  // First without a title: refused, the rest kept.
  await tabToField(page, 'f-starts_at');
  await typeDateTime(page, starts);
  await tabToField(page, 'f-ends_at');
  await typeDateTime(page, ends);
  await tabToField(page, 'f-place');
  await page.keyboard.type('Botkyrka kommunhus, Tumba');
  await tabToField(page, 'f-agenda');
  await page.keyboard.type('1. Välkommen');
  await page.keyboard.press('Enter');
  await page.keyboard.type('2. Samverkan kring äldre');
  const checkboxes = await page.$$eval('input[name=invited]', (inputs) => inputs.map((i) => i.labels[0].textContent.trim()));
  const label = (i) => `${i.name} (${i.role})`;
  for (const i of [...INVITED].sort((a, b) => checkboxes.indexOf(label(a)) - checkboxes.indexOf(label(b)))) {
    await tabToLabelled(page, label(i));
    await tick(page);
  }
  await tabTo(page, 'Kalla till mötet');
  response = await enter(page);
  await keep('new meeting (422)', response, 422);
  const kept = await page.$$eval('input[name=invited]:checked', (inputs) => inputs.map((i) => i.labels[0].textContent.trim()));
  assert.deepEqual(kept.sort(), INVITED.map((i) => `${i.name} (${i.role})`).sort(), 'the invited stay ticked');
  assert.equal(await page.inputValue('#f-starts_at'), starts);
  await followError(page, 'Rubrik');
  await page.keyboard.type(TITLE);
  await tabTo(page, 'Kalla till mötet');
  response = await enter(page);
  assert.match(here(), /^\/moten\/\d+$/);
  made.meeting = here();
  await keep('meeting', response);
  assert.match(await page.innerText('.notice.saved'), /Mötet är sparat/);
  // Shown in Stockholm's time, and kept as that time with Stockholm's offset of the day.
  const when = `${swedishWeekday(day)} ${day} kl. 09.00–11.30`;
  assert.match(await page.innerText('main'), new RegExp(`${when} \\(svensk tid\\)`));
  const id = made.meeting.split('/').pop();
  const stored = await (await fetch(`${server.origin}/api/v1/meetings/${id}`)).json();
  assert.equal(stored.starts_at, `${starts}:00${stockholmOffset(starts)}`);
  const invitedShown = await tableRows(page, 'Inbjudna aktörer och deras närvaro');
  assert.deepEqual(invitedShown.map((r) => r[0]).sort(), INVITED.map((i) => i.name).sort());
  assert.ok(invitedShown.every((r) => r[3] === 'Inte registrerad'));

  // ---- attendance: refused once (a personnummer where a function belongs), then saved ----
  await tabTo(page, 'Registrera närvaro');
  response = await enter(page);
  assert.equal(here(), `${made.meeting}/narvaro`);
  await keep('attendance', response);
  const legends = await page.$$eval('form.edit-form > fieldset > legend', (ls) => ls.map((l) => l.textContent.trim()));
  const group = (i) => `${i.name} (${i.category})`;
  const sheet = [...INVITED].sort((a, b) => legends.indexOf(group(a)) - legends.indexOf(group(b)));
  for (const i of sheet) {
    await tabIntoGroup(page, group(i));
    await chooseRadio(page, i.attendance);
    if (i.onBehalf) {
      await page.keyboard.press('Tab');
      assert.match(await page.evaluate(() => document.activeElement.labels[0].textContent), /^Deltog för aktören/);
      await page.keyboard.type(PERSONAL_NUMBER);
    }
  }
  await tabTo(page, 'Spara närvaron');
  response = await enter(page);
  await keep('attendance (422)', response, 422);
  const present = INVITED.find((i) => i.onBehalf);
  await followError(page, `Deltog för ${present.name}`);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(present.onBehalf);
  const chosen = await page.$$eval('input[type=radio]:checked', (inputs) => inputs.map((i) => i.labels[0].textContent.trim()));
  assert.deepEqual(chosen, sheet.map((i) => i.attendance), 'the attendance chosen is kept');
  await tabTo(page, 'Spara närvaron');
  response = await enter(page);
  assert.equal(here(), made.meeting);
  await keep('meeting (attendance recorded)', response);
  assert.match(await page.innerText('.notice.saved'), /Närvaron är sparad/);

  // What the meeting's page shows: each one's attendance, and the categories that were missing.
  const byName = Object.fromEntries((await tableRows(page, 'Inbjudna aktörer och deras närvaro')).map((r) => [r[0], r]));
  for (const i of INVITED) {
    assert.deepEqual(byName[i.name].slice(1, 5), [i.category, i.sector, i.attendance, i.onBehalf ?? '']);
  }
  const represented = new Set(INVITED.filter((i) => i.attendance === 'Närvarande').map((i) => i.category));
  const missing = required.filter((c) => !represented.has(c));
  assert.ok(missing.length > 0 && missing.length < required.length, 'the journey has some categories missing, not all');
  const section = (await page.innerText('section[aria-labelledby=inbjudna]')).replace(/\s+/g, ' ');
  assert.match(section, new RegExp(`saknades ${missing.length} av ${required.length}:`));
  assert.doesNotMatch(section, /närvaron är inte registrerad för alla/);
  const missingShown = await page.$$eval('section[aria-labelledby=inbjudna] ul li', (lis) => lis.map((li) => li.textContent.trim()));
  assert.deepEqual(missingShown, missing);

  // ---- the area's participation: invited against attended ----
  await tabTo(page, 'Botkyrka');
  response = await enter(page);
  assert.equal(here(), `/omraden/${area}/moten`);
  await keep('meetings', response);
  assert.deepEqual((await tableRows(page, 'Tidigare möten, senaste först')).map((r) => r[0]), [TITLE]);
  await tabTo(page, 'Deltagande i mötena');
  response = await enter(page);
  assert.equal(here(), `/omraden/${area}/deltagande`);
  await keep('participation', response);
  const rate = (invited, attended) => `${Math.round((100 * attended) / invited)} %`;
  const count = (key) => {
    const out = {};
    for (const i of INVITED) {
      const [n, a] = out[i[key]] ?? [0, 0];
      out[i[key]] = [n + 1, a + (i.attendance === 'Närvarande' ? 1 : 0)];
    }
    return Object.fromEntries(Object.entries(out).map(([k, [n, a]]) => [k, [String(n), String(a), '0', rate(n, a)]]));
  };
  const shown = async (caption) => Object.fromEntries((await tableRows(page, caption)).map(([label, ...cells]) => [label, cells]));
  assert.deepEqual(await shown('Inbjudna och deltagande per sektor, senaste 12 månaderna'), count('sector'));
  assert.deepEqual(await shown('Inbjudna och deltagande per kategori, senaste 12 månaderna'), count('category'));
  const attended = INVITED.filter((i) => i.attendance === 'Närvarande');
  const year = (await page.innerText('section[aria-labelledby=senaste-aret] > p')).replace(/\s+/g, ' ');
  assert.match(
    year,
    new RegExp(`1 möte, ${INVITED.length} inbjudningar\\. Andel som deltog: ${rate(INVITED.length, attended.length)} \\(${attended.length} av ${INVITED.length} med registrerad närvaro\\)\\.`),
  );
  const month = await tableRows(page, 'Inbjudna och deltagande per månad, de senaste 24 månaderna, senaste först');
  assert.deepEqual(
    month.filter((r) => r[1] !== '0').map((r) => r.slice(1)),
    [[String(INVITED.length), String(attended.length), '0', rate(INVITED.length, attended.length)]],
    'the meeting counts in its month alone',
  );
  const absent = await page.$$eval('section[aria-labelledby=franvarande] li', (lis) => lis.map((li) => li.textContent.replace(/\s+/g, ' ').trim()));
  assert.deepEqual(
    absent.sort(),
    INVITED.filter((i) => i.attendance !== 'Närvarande').map((i) => `${i.name} (${i.category}, ${i.sector})`).sort(),
  );
  assert.deepEqual(await tableRows(page, 'Kategorier som saknades vid varje möte, senaste 12 månaderna'), [
    [TITLE, day, missing.join(', '), '0'],
  ]);

  // ---- a follow-up task for what was missing ----
  await tabTo(page, TITLE);
  response = await enter(page);
  assert.equal(here(), made.meeting);
  await keep('meeting (from participation)', response);
  await tabTo(page, 'Lägg till en uppgift');
  response = await enter(page);
  assert.equal(here(), `${made.meeting}/ny-uppgift`);
  await keep('new task', response);
  await tabToField(page, 'f-description');
  await page.keyboard.type(`Bjud in ${missing.join(' och ').toLowerCase()} till nästa möte`);
  await tabToField(page, 'f-owner_function');
  await page.keyboard.type('Samordnare');
  await tabToField(page, 'f-due_on');
  await typeDate(page, stockholmDay(30));
  await tabTo(page, 'Lägg till uppgiften');
  response = await enter(page);
  assert.equal(here(), made.meeting);
  await keep('meeting (with a task)', response);
  const tasks = await tableRows(page, 'Uppgifter att följa upp');
  assert.equal(tasks.length, 1);
  assert.equal(tasks[0][2], stockholmDay(30));
  made.taskDone = await page.$eval('main a[href^="/uppgifter/"]', (a) => a.getAttribute('href'));

  assert.deepEqual(found, [], found.join('\n'));
  const html = await htmlErrorsOf(documents);
  assert.deepEqual(html, [], html.join('\n'));
  await context.close();
});

test('every page of the local collaboration reflows on a 320 px screen and at 200% zoom', async () => {
  assert.ok(made.meeting && made.taskDone && made.serviceEdit, 'the journey made a meeting, a task and an actor');
  const paths = [
    `/omraden/${area}/aktorer`,
    `/omraden/${area}/aktorer/import`,
    `/omraden/${area}/aktorer/ny`,
    made.serviceEdit,
    `/omraden/${area}/moten`,
    `/omraden/${area}/moten/nytt`,
    made.meeting,
    `${made.meeting}/andra`,
    `${made.meeting}/narvaro`,
    `${made.meeting}/ny-uppgift`,
    `${made.meeting}/stall-in`,
    made.taskDone,
    `/omraden/${area}/deltagande`,
    `/omraden/${area}/deltagande/kategorier`,
    `/omraden/${area}/kalender/forny`,
  ];
  const shots = process.env.E2E_SCREENSHOTS;
  if (shots) mkdirSync(shots, { recursive: true });
  const found = [];
  for (const options of [{ viewport: { width: 320, height: 640 } }, { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }]) {
    const size = options.deviceScaleFactor ? '200%' : '320px';
    const context = await browser.newContext({ ...options, locale: 'sv-SE' });
    const page = await context.newPage();
    // The journey chose the account's own password.
    await page.goto(`${server.origin}/logga-in`);
    await page.fill('#email', email);
    await page.fill('#password', ownPassword);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    for (const path of paths) {
      const response = await page.goto(server.origin + path);
      assert.equal(response.status(), 200, path);
      found.push(...(await axeViolationsHere(page, `${path} at ${size}`)));
      // Nothing but data tables (in their own scrolling region) may scroll sideways (WCAG 1.4.10).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) found.push(`${path}: page scrolls sideways by ${overflow}px at ${size}`);
      if (shots) {
        const file = `${size}${path.replaceAll('/', '_')}.png`;
        await page.screenshot({ path: join(shots, file), fullPage: true });
      }
    }
    await context.close();
  }
  assert.deepEqual(found, [], found.join('\n'));
});
