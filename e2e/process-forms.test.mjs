// A party's part of an agreement's process, recorded on the pages (issue 5). Nacka's party
// editor signs in, changes the one-time password and records a decision by keyboard alone:
// first without its day (the form comes back with a summary that takes focus), then right; the
// adoption view counts it. Then the three forms (consultation answer, decision, preparatory
// step) pass axe (WCAG 2.1 A/AA) and the Nu Html Checker, blank and with errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { enter, signInFirstTime, signInFirstTimeByKeyboard } from './lib/session.mjs';
import { axeViolationsHere, htmlErrorsOf, tabTo } from './lib/checks.mjs';
import { focused, tabToField, typeDate } from './lib/keyboard.mjs';

const NACKA = '0182';
const editorEmail = 'registrator@nacka.se';
const otherEmail = 'granskare@nacka.se';
const ownPassword = 'ett eget lösenord för processen';
/** An agreement whose version Nacka has not decided on, and the one sent on consultation. */
const UNDECIDED = 'Samverkan vid utskrivning från sluten hälso- och sjukvård';
const CONSULTED = 'Huvudöverenskommelse om länsövergripande samverkan kring hälsa, vård och omsorg';

let server;
let browser;
const oneTime = new Map();
before(async () => {
  server = await startServer();
  for (const email of [editorEmail, otherEmail]) {
    const out = server.cli('user', 'add', '--email', email, '--role', 'party_editor', '--party', NACKA);
    oneTime.set(email, out.trim().split('\n').pop());
  }
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The path of an agreement's page, from the list. */
async function agreementPath(title) {
  const html = await (await fetch(`${server.origin}/overenskommelser`)).text();
  const href = [...html.matchAll(/<a href="(\/overenskommelser\/\d+)">([^<]+)<\/a>/g)].find((m) => m[2] === title)?.[1];
  assert.ok(href, `${title} is on /overenskommelser`);
  return href;
}

/** The "N av M har antagit" of an adoption view. */
async function adopted(page) {
  return (await page.innerText('.summary-count strong')).trim();
}

/** The row of a party in the page's table, its text with white space made one space. */
async function rowOf(page, party) {
  const text = await page.$eval(`tr:has(th a:text-is("${party}"))`, (tr) => tr.innerText);
  return text.replace(/\s+/g, ' ').trim();
}

/** Checks the error summary of a form that came back: announced, focused, linking to fields. */
async function errorSummary(page) {
  const summary = await page.$eval('.error-summary', (el) => ({
    role: el.getAttribute('role'),
    focused: document.activeElement === el,
    links: [...el.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent.trim()]),
    targets: [...el.querySelectorAll('a')].every((a) => !!document.querySelector(a.getAttribute('href'))),
  }));
  assert.equal(summary.role, 'alert');
  assert.ok(summary.focused, 'the summary has focus when the page comes back');
  assert.ok(summary.targets, `the summary links to fields: ${JSON.stringify(summary.links)}`);
  return summary.links;
}

test('a party editor records a decision by keyboard, first with an error, then right', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();

  // Signing in with the one-time password, which must be changed first.
  await signInFirstTimeByKeyboard(page, server.origin, editorEmail, oneTime.get(editorEmail), ownPassword);

  // The agreement's adoption view, and its link to the form.
  const agreement = await agreementPath(UNDECIDED);
  await page.goto(server.origin + agreement + '/antagande');
  const before = await adopted(page);
  await tabTo(page, 'Registrera beslut');
  let response = await enter(page);
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, `${agreement}/antagande/beslut`);
  assert.equal(await page.$eval('#f-party_id', (el) => el.selectedOptions[0].textContent), 'Nacka', 'Nacka chosen');

  // Everything but the day: the body, a paragraph, the outcome (a radio group: Space chooses).
  await tabToField(page, 'f-deciding_body');
  await page.keyboard.type('Kommunfullmäktige');
  await tabToField(page, 'f-paragraph', 8);
  await page.keyboard.type('§ 112');
  await tabToField(page, 'f-outcome');
  await page.keyboard.press('Space');
  assert.equal(await page.$eval('input[name=outcome]:checked', (el) => el.value), 'adopted');
  await tabTo(page, 'Spara beslutet');
  response = await enter(page);
  assert.equal(response.status(), 422);
  assert.match(await page.title(), /^Fel: /);
  const links = await errorSummary(page);
  assert.deepEqual(links.map(([href]) => href), ['#f-decided_on']);
  assert.match(links[0][1], /^Dag: ange en dag \(ÅÅÅÅ-MM-DD\), eller tiden i ord i ”Tid i ord”$/);
  assert.equal(await page.getAttribute('#f-decided_on', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#f-paragraph'), '§ 112', 'what was typed is kept');
  assert.equal(await page.$eval('input[name=outcome]:checked', (el) => el.value), 'adopted');
  let found = await axeViolationsHere(page, 'beslut (422)');
  assert.deepEqual(found, [], found.join('\n'));
  const errors = await htmlErrorsOf([['beslut (422)', await response.text()]]);
  assert.deepEqual(errors, [], errors.join('\n'));

  // The summary's link leads to the day; typed, the form is sent again.
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), links[0][1]);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#f-decided_on');
  assert.equal(await focused(page), 'f-decided_on', 'the link moves focus to the field');
  await typeDate(page, '2025-06-10');
  await tabTo(page, 'Spara beslutet');
  response = await enter(page);
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, `${agreement}/antagande`);
  const [n, of] = before.match(/\d+/g).map(Number);
  assert.equal(await adopted(page), `${n + 1} av ${of} har antagit`);
  assert.match(await rowOf(page, 'Nacka'), /^Nacka Antagen 2025-06-10 Kommunfullmäktige § 112/);
  found = await axeViolationsHere(page);
  assert.deepEqual(found, [], found.join('\n'));
  await context.close();
});

/** Signs in for the first time (with the mouse), changing the one-time password. */
async function signIn(page, email) {
  await signInFirstTime(page, server.origin, email, oneTime.get(email), ownPassword);
}

test('the three forms pass axe and the Nu Html Checker, blank and with errors', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  await signIn(page, otherEmail);
  const found = [];
  const documents = [];
  const keep = async (label, response) => {
    found.push(...(await axeViolationsHere(page, label)));
    documents.push([label, await response.text()]);
  };
  const undecided = await agreementPath(UNDECIDED);
  const consulted = await agreementPath(CONSULTED);
  // Each form blank, then sent with `fill` (id → value) and checked as it comes back (422).
  for (const [path, fill] of [
    [`${consulted}/remiss/svar`, { 'f-answered_on': '' }],
    [`${undecided}/antagande/beslut`, { 'f-deciding_body': '', 'f-decided_on': 'i juni' }],
    [`${undecided}/antagande/beredning`, { 'f-body_name': '', 'f-handled_on': '2025-13-01' }],
  ]) {
    let response = await page.goto(server.origin + path);
    assert.equal(response.status(), 200, path);
    await keep(path, response);
    for (const [id, value] of Object.entries(fill)) {
      // What is not a date goes into a date field as into a browser without date fields.
      await page.$eval(`#${id}`, (el) => {
        if (el.type === 'date') el.type = 'text';
      });
      await page.fill(`#${id}`, value);
    }
    [response] = await Promise.all([page.waitForNavigation(), page.click('main form.edit-form button[type=submit]')]);
    assert.equal(response.status(), 422, path);
    const links = await errorSummary(page);
    assert.ok(links.length >= 1, `${path}: ${JSON.stringify(links)}`);
    for (const id of await page.$$eval('[aria-invalid="true"]', (els) => els.map((el) => el.id))) {
      const describedby = (await page.getAttribute(`#${id}`, 'aria-describedby')) ?? '';
      assert.ok(describedby.split(' ').includes(`${id}-error`), `${path}: #${id} is described by its message`);
    }
    await keep(`${path} (422)`, response);
  }
  // The pages the forms are linked from, as a party editor sees them.
  for (const path of [`${consulted}/remiss`, `${undecided}/antagande`]) {
    const response = await page.goto(server.origin + path);
    await keep(path, response);
  }
  const errors = await htmlErrorsOf(documents);
  assert.deepEqual([...found, ...errors], [], [...found, ...errors].join('\n'));
  await context.close();
});
