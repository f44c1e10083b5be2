// Crisis support at a serious event (issue 15), by keyboard alone: a coordinator of Nacka keeps
// the area's crisis contact list (a function with no phone makes it incomplete), activates
// crisis support after a blank activation is refused beside its fields, writes in the incident's
// log and closes it with a summary. Every page and form on the way passes axe (WCAG 2.1 A/AA) and
// the Nu Html Checker, and reflows at 320 px and 200%; the crisis card prints to exactly one A4
// page in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { enter, signInFirstTimeByKeyboard } from './lib/session.mjs';
import { axeViolationsHere, htmlErrorsOf, tabTo } from './lib/checks.mjs';
import { followError, tabToField, typeDateTime } from './lib/keyboard.mjs';

const email = 'krissamordnare@nacka.se';
const ownPassword = 'ett eget lösenord för krisstöd';

let server;
let browser;
let area;
let oneTime;
const made = {};
// The alerts are written as .eml files here (no mail server), where the test reads the links.
const mailDir = mkdtempSync(join(tmpdir(), 'samverkan-crisis-mail-'));
before(async () => {
  process.env.SAMVERKAN_MAIL_DIR = mailDir;
  server = await startServer();
  const areas = await (await fetch(`${server.origin}/api/v1/areas?limit=1000`)).json();
  area = areas.find((a) => a.municipality_code === '0182').id;
  oneTime = server.cli('user', 'add', '--email', email, '--role', 'area_coordinator', '--area', String(area)).trim().split('\n').pop();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(mailDir, { recursive: true, force: true });
});

/** The acknowledgement links in the alerts written so far, waiting for the worker. */
async function ackLinks(n) {
  for (let i = 0; i < 100; i++) {
    const files = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
    if (files.length >= n) {
      return files.map((f) => {
        const raw = readFileSync(join(mailDir, f), 'utf8');
        const body = raw.slice(Math.max(0, raw.search(/\r?\n\r?\n/)));
        const text = /Content-Transfer-Encoding: base64/i.test(raw)
          ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
          : body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
        return text.match(/https?:\/\/\S+\/krisstod\/kvittens\/[0-9]+-[0-9a-f]{64}/)[0];
      });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no alerts in ${mailDir}`);
}

/** The pages of a PDF as Chromium writes it. */
const pageCount = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

test('a coordinator keeps the crisis list and activates crisis support by keyboard; every page passes axe and the Nu Html Checker', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  await signInFirstTimeByKeyboard(page, server.origin, email, oneTime, ownPassword);
  const found = [];
  const documents = [];
  const here = () => new URL(page.url()).pathname;
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
  assert.equal(await go('Krisstöd i Nacka'), `/omraden/${area}/krisstod`);
  assert.match(await page.innerText('main'), /Listan är ofullständig/);

  // The list: a crisis leader with a phone, a staff chief without one.
  assert.equal(await go('Ändra krislistan'), `/omraden/${area}/krisstod/kontakter`);
  await tabToField(page, 'f-meeting_place');
  await page.keyboard.type('Nacka stadshus, plan 3');
  await tabToField(page, 'f-function-0');
  await page.keyboard.type('Krisledare');
  await tabToField(page, 'f-holder-0');
  await page.keyboard.type('Anna Berg');
  await tabToField(page, 'f-phone-0');
  await page.keyboard.type('08-718 80 00');
  await tabToField(page, 'f-email-0');
  await page.keyboard.type('anna.berg@nacka.se');
  await tabToField(page, 'f-function-1');
  await page.keyboard.type('Stabschef');
  await tabToField(page, 'f-holder-1');
  await page.keyboard.type('Bo Lind');
  assert.equal(await go('Spara krislistan'), `/omraden/${area}/krisstod`);
  assert.match(await page.innerText('main'), /Stabschef saknar telefon/);

  // Activation: blank is refused beside the fields, then it opens the incident.
  assert.equal(await go('Aktivera krisstöd'), `/omraden/${area}/krisstod/aktivera`);
  await go('Aktivera krisstöd', 422);
  await followError(page, 'Vad har hänt');
  await page.keyboard.type('Brand i äldreboende');
  await tabToField(page, 'f-place');
  await page.keyboard.type('Sjötorpet');
  await tabToField(page, 'f-occurred_at');
  await typeDateTime(page, '2026-11-30T21:15');
  const incident = await go('Aktivera krisstöd');
  assert.match(incident, /^\/krisstod\/handelser\/\d+$/);
  made.incident = incident;
  assert.match(await page.innerText('main'), /0 av 2 har bekräftat/);

  // The crisis leader's own link, opened in another browser without signing in, by keyboard.
  const [link] = await ackLinks(1);
  const contact = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
  const opened = await contact.goto(link);
  assert.equal(opened.status(), 200);
  found.push(...(await axeViolationsHere(contact, 'acknowledgement link')));
  documents.push(['acknowledgement link', await opened.text()]);
  await tabTo(contact, 'Jag har tagit emot meddelandet');
  const pressed = await enter(contact);
  assert.equal(pressed.status(), 200);
  found.push(...(await axeViolationsHere(contact, 'acknowledged')));
  documents.push(['acknowledged', await pressed.text()]);
  assert.match(await contact.innerText('main'), /Du har bekräftat/);
  await contact.context().close();
  await page.reload();
  assert.match(await page.innerText('main'), /1 av 2 har bekräftat/);

  assert.equal(await go('Skriv i loggen'), `${incident}/logg`);
  await tabToField(page, 'f-text');
  await page.keyboard.type('Stab upprättad i stadshuset');
  assert.equal(await go('Skriv i loggen'), incident);
  assert.match(await page.innerText('main'), /Stab upprättad i stadshuset/);

  assert.equal(await go('Avsluta händelsen'), `${incident}/avsluta`);
  await tabToField(page, 'f-summary');
  await page.keyboard.type('Alla evakuerade utan skador.');
  assert.equal(await go('Avsluta händelsen'), incident);
  assert.match(await page.innerText('main'), /Händelsen är avslutad/);

  assert.equal(await go('Nacka'), `/omraden/${area}/krisstod`);
  assert.equal(await go('Kriskort att skriva ut'), `/omraden/${area}/krisstod/kort`);
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal(pageCount(pdf), 1, 'the crisis card prints to one A4 page');

  const errors = await htmlErrorsOf(documents);
  assert.deepEqual([...found, ...errors], [], [...found, ...errors].join('\n'));
  await context.close();
});

test('the crisis pages reflow on a 320 px screen and at 200% zoom', async () => {
  assert.ok(made.incident, 'the journey made an incident');
  const paths = [
    `/omraden/${area}/krisstod`,
    `/omraden/${area}/krisstod/kontakter`,
    `/omraden/${area}/krisstod/aktivera`,
    `/omraden/${area}/krisstod/kort`,
    made.incident,
    `${made.incident}/avsluta`,
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
    for (const path of paths) {
      const response = await page.goto(server.origin + path);
      assert.equal(response.status(), 200, path);
      found.push(...(await axeViolationsHere(page, `${path} at ${size}`)));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) found.push(`${path}: page scrolls sideways by ${overflow}px at ${size}`);
    }
    await context.close();
  }
  assert.deepEqual(found, [], found.join('\n'));
});
