// Editing through the pages. A party editor of Nacka signs in, changes the one-time password,
// adds an organisation and a function (after a rejected first try), hands the function over and
// signs out, all by keyboard; the change shows, with its history entry. Then every form a party
// editor can reach, and the record pages as they see them, pass axe (WCAG 2.1 A/AA) and the Nu
// Html Checker, both blank and as they come back with errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { enter, signInFirstTime } from './lib/session.mjs';
import { axeViolationsHere, htmlErrorsOf, tabTo } from './lib/checks.mjs';
import { chooseOption, focused, tabToField, typeDate } from './lib/keyboard.mjs';

const NACKA = '0182';
const editorEmail = 'redaktor@nacka.se';
const otherEmail = 'andra.redaktoren@nacka.se';
const adminEmail = 'processledare@storsthlm.se';
/** Every account's own password, chosen at its first sign-in. */
const ownPassword = 'ett eget lösenord för e2e';

let server;
let browser;
/** One-time passwords by e-mail. */
const oneTime = new Map();
before(async () => {
  server = await startServer();
  const add = (email, ...role) =>
    oneTime.set(email, server.cli('user', 'add', '--email', email, ...role).trim().split('\n').pop());
  add(editorEmail, '--role', 'party_editor', '--party', NACKA);
  add(otherEmail, '--role', 'party_editor', '--party', NACKA);
  add(adminEmail, '--role', 'admin');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The element's text as shown, with runs of white space made one space. */
async function text(page, selector) {
  return (await page.innerText(selector)).replace(/\s+/g, ' ').trim();
}

/** The path of Nacka's page, from the list of parties. */
async function nackaPath() {
  const html = await (await fetch(`${server.origin}/parter`)).text();
  const m = html.match(/<a href="(\/parter\/\d+)">Nacka<\/a>/);
  assert.ok(m, 'Nacka is on /parter');
  return m[1];
}

test('a party editor signs in, adds and hands over a function, and signs out, by keyboard', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(server.origin + '/');

  // Signing in with the one-time password, which must be changed first.
  await tabTo(page, 'Logga in');
  await enter(page);
  assert.equal(new URL(page.url()).pathname, '/logga-in');
  await tabToField(page, 'email');
  await page.keyboard.type(editorEmail);
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'password');
  await page.keyboard.type(oneTime.get(editorEmail));
  await enter(page);
  assert.equal(new URL(page.url()).pathname, '/konto/losenord');
  await tabToField(page, 'current_password');
  await page.keyboard.type(oneTime.get(editorEmail));
  await page.keyboard.press('Tab');
  await page.keyboard.type(ownPassword);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ownPassword);
  await enter(page);
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/konto?klart=losenord');
  assert.match(await text(page, 'header'), new RegExp(`Inloggad som ${editorEmail}`));

  // Menu → Parter → Nacka.
  await tabTo(page, 'Parter');
  await enter(page);
  assert.equal(new URL(page.url()).pathname, '/parter');
  await tabTo(page, 'Nacka');
  await enter(page);
  const nacka = new URL(page.url()).pathname;
  assert.equal(nacka, await nackaPath());

  // An organisation of Nacka's first, to hand the function over to.
  await tabTo(page, 'Ny organisation hos Nacka');
  await enter(page);
  assert.equal(new URL(page.url()).pathname, '/organisationer/ny');
  await tabToField(page, 'f-name');
  await page.keyboard.type('Nacka kommun, äldreförvaltningen');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'f-kind');
  await chooseOption(page, 'Förvaltning');
  assert.equal(await page.inputValue('#f-kind'), 'administration');
  await tabTo(page, 'Spara organisationen');
  let response = await enter(page);
  assert.equal(response.status(), 200);
  assert.match(new URL(page.url()).pathname, /^\/organisationer\/\d+$/);
  assert.equal(await text(page, 'h1'), 'Nacka kommun, äldreförvaltningen');
  await tabTo(page, 'Nacka');
  await enter(page);
  assert.equal(new URL(page.url()).pathname, nacka);

  // A new function, sent first without its name.
  await tabTo(page, 'Ny funktion hos Nacka');
  await enter(page);
  assert.equal(new URL(page.url()).pathname, `${nacka}/ny-funktion`);
  const today = await page.inputValue('#f-valid_from');
  assert.match(today, /^\d{4}-\d{2}-\d{2}$/, 'the form starts from today');
  await tabToField(page, 'f-name');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'f-kind');
  await chooseOption(page, 'Annan funktion');
  assert.equal(await page.inputValue('#f-kind'), 'other');
  await tabTo(page, 'Spara funktionen');
  response = await enter(page);

  // The form comes back (422) with a summary that takes focus and is announced, and the field
  // marked invalid and described by its message.
  assert.equal(response.status(), 422);
  assert.match(await page.title(), /^Fel: /);
  const summary = await page.$eval('.error-summary', (el) => ({
    role: el.getAttribute('role'),
    label: document.getElementById(el.getAttribute('aria-labelledby'))?.textContent.trim(),
    tabindex: el.getAttribute('tabindex'),
    focused: document.activeElement === el,
    links: [...el.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent.trim()]),
  }));
  assert.equal(summary.role, 'alert');
  assert.equal(summary.label, 'Uppgifterna kunde inte sparas');
  assert.equal(summary.tabindex, '-1', 'the summary can take focus');
  assert.ok(summary.focused, 'the summary has focus when the page comes back');
  assert.equal(summary.links.length, 1, `one error: ${JSON.stringify(summary.links)}`);
  assert.equal(summary.links[0][0], '#f-name');
  assert.match(summary.links[0][1], /^Namn: \S/);
  assert.equal(await page.getAttribute('#f-name', 'aria-invalid'), 'true');
  const describedby = (await page.getAttribute('#f-name', 'aria-describedby')).split(' ');
  assert.ok(describedby.includes('f-name-error'), `aria-describedby="${describedby.join(' ')}"`);
  const message = await text(page, '#f-name-error');
  assert.equal(message, `Fel: ${summary.links[0][1].replace(/^Namn: /, '')}`);
  assert.equal(await page.inputValue('#f-kind'), 'other', 'what was chosen is kept');
  let found = await axeViolationsHere(page, `${nacka}/ny-funktion (422)`);
  assert.deepEqual(found, [], found.join('\n'));
  const errors = await htmlErrorsOf([[`${nacka}/ny-funktion (422)`, await response.text()]]);
  assert.deepEqual(errors, [], errors.join('\n'));

  // The summary's link leads to the field; the name typed, the form is sent again.
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), summary.links[0][1]);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#f-name');
  assert.equal(await focused(page), 'f-name', 'the link moves focus to the field');
  await page.keyboard.type('Samordnare för äldreomsorgen');
  response = await enter(page);
  assert.equal(response.status(), 200);
  const functionPath = new URL(page.url()).pathname;
  assert.match(functionPath, /^\/funktioner\/\d+$/);
  assert.equal(await text(page, 'h1'), 'Samordnare för äldreomsorgen');
  let history = await text(page, 'table.history tbody');
  assert.match(history, /Skapad/);
  assert.match(history, new RegExp(editorEmail.replaceAll('.', '\\.')));

  // A handover, on the function's page: from today, to the new organisation, with a new contact.
  await tabToField(page, 'f-valid_from');
  await typeDate(page, today);
  // Tab moves through the date's parts before it leaves the field.
  await tabToField(page, 'f-organisation_id', 4);
  await chooseOption(page, 'Nacka kommun, äldreförvaltningen');
  await tabToField(page, 'f-person_name');
  await page.keyboard.type('Karin Lindqvist');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'f-person_title');
  await page.keyboard.type('Enhetschef');
  await tabTo(page, 'Byt innehavare');
  response = await enter(page);
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, functionPath);
  assert.match(await text(page, 'dl.facts'), /Innehavare per \S+ Nacka kommun, äldreförvaltningen/);
  const holders = await text(page, 'section[aria-labelledby="innehavare"] tbody');
  assert.match(holders, /Nacka kommun, äldreförvaltningen Karin Lindqvist från \d{4}-\d{2}-\d{2}/);
  history = await text(page, 'table.history tbody');
  assert.match(history, /Byte av innehavare/);
  found = await axeViolationsHere(page);
  assert.deepEqual(found, [], found.join('\n'));

  // Signing out: the header offers to sign in again, and the history is for signed-in users.
  await tabTo(page, 'Logga ut');
  await enter(page);
  assert.match(await text(page, 'header'), /Logga in/);
  assert.doesNotMatch(await text(page, 'header'), /Inloggad|Logga ut/);
  await page.goto(server.origin + functionPath);
  assert.equal(await page.$('table.history'), null, 'no history for an anonymous visitor');
  assert.match(await text(page, 'section[aria-labelledby="historik"]'), /Logga in för att se ändringshistoriken/);
  assert.equal(await page.$(`a[href="${functionPath}/andra"]`), null, 'no edit link for an anonymous visitor');
  assert.equal(await page.$('#f-valid_from'), null, 'no handover form for an anonymous visitor');
  await context.close();
});

// ---- every form and record page, blank and with errors ------------------------------------

/** Signs in for the first time (with the mouse), changing the one-time password. */
async function signIn(page, email) {
  await signInFirstTime(page, server.origin, email, oneTime.get(email), ownPassword);
  assert.match(await text(page, 'header'), new RegExp(`Inloggad som ${email.replaceAll('.', '\\.')}`));
}

/**
 * Checks pages as one user sees them: each is opened (`open`), or a form on it is sent with
 * some fields filled (`send`), and its axe violations and its HTML are kept for the end.
 */
function checker(page) {
  const found = [];
  const documents = [];
  const keep = async (label, response) => {
    found.push(...(await axeViolationsHere(page, label)));
    documents.push([label, await response.text()]);
  };
  return {
    found,
    documents,
    /** Opens `path` (200 expected) and checks it as it is. */
    async open(path) {
      const response = await page.goto(server.origin + path);
      assert.equal(response.status(), 200, `${path} answers 200`);
      await keep(path, response);
    },
    /**
     * Opens the form at `path`, checks it blank, fills in `fields` (id → value; '' empties a
     * field), sends it and expects `status`; checks the answer when it is the form again (422).
     * Returns the path it led to.
     */
    async send(path, fields, status = 422) {
      await this.open(path);
      for (const [id, value] of Object.entries(fields)) {
        const tag = await page.$eval(`#${id}`, (el) => el.tagName);
        if (tag === 'SELECT') {
          await page.selectOption(`#${id}`, value === '' ? '' : { label: value });
          continue;
        }
        if (value !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
          // What is not a date goes into a date field as into a browser without date fields.
          await page.$eval(`#${id}`, (el) => {
            if (el.type === 'date') el.type = 'text';
          });
        }
        await page.fill(`#${id}`, value);
      }
      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.click('main form.edit-form button[type=submit]'),
      ]);
      assert.equal(response.status(), status, `${path} answers ${status} to ${JSON.stringify(fields)}`);
      if (status === 422) {
        const summary = await page.$eval('.error-summary', (el) => ({
          focused: document.activeElement === el,
          targets: [...el.querySelectorAll('a')].map((a) => !!document.querySelector(a.getAttribute('href'))),
        }));
        assert.ok(summary.focused, `${path}: the error summary has focus`);
        assert.ok(summary.targets.length > 0 && summary.targets.every(Boolean), `${path}: the summary links to the fields`);
        const invalid = await page.$$eval('[aria-invalid="true"]', (els) => els.map((el) => el.id));
        assert.ok(invalid.length > 0, `${path}: a field marked invalid`);
        for (const id of invalid) {
          const describedby = (await page.getAttribute(`#${id}`, 'aria-describedby')) ?? '';
          assert.ok(describedby.split(' ').includes(`${id}-error`), `${path}: #${id} is described by its message`);
        }
        await keep(`${path} (422)`, response);
      }
      return new URL(page.url()).pathname;
    },
  };
}

/** Today in Stockholm, as YYYY-MM-DD. */
function today() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
}

/** The first link on the current page whose address matches `pattern`. */
async function link(page, pattern) {
  const hrefs = await page.$$eval('main a[href]', (as) => as.map((a) => a.getAttribute('href')));
  const href = hrefs.find((h) => pattern.test(h));
  assert.ok(href, `a link matching ${pattern} on ${page.url()}`);
  return href;
}

test('every form a party editor can reach, and the record pages they see, pass axe and the Nu Html Checker, blank and with errors', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  await signIn(page, otherEmail);
  const check = checker(page);
  const nacka = await nackaPath();
  const partyId = nacka.split('/').pop();
  await check.open(nacka);

  // Organisations: a new one (rejected without a name, then saved), then changed.
  await check.send(`/organisationer/ny?part=${partyId}`, { 'f-name': '', 'f-kind': '' });
  const organisation = await check.send(
    `/organisationer/ny?part=${partyId}`,
    { 'f-name': 'Nacka kommun, socialförvaltningen', 'f-kind': 'Förvaltning' },
    200,
  );
  assert.match(organisation, /^\/organisationer\/\d+$/);
  await check.open(organisation);
  await check.send(`${organisation}/andra`, { 'f-name': '', 'f-valid_to': '2001-01-01' });

  // Functions: a new one of the party and of one of its areas, changed, handed over.
  await check.send(`${nacka}/ny-funktion`, { 'f-name': '', 'f-kind': '', 'f-valid_from': 'i dag' });
  const fn = await check.send(`${nacka}/ny-funktion`, { 'f-name': 'Demensansvarig', 'f-kind': 'Annan funktion' }, 200);
  assert.match(fn, /^\/funktioner\/\d+$/);
  await page.goto(server.origin + nacka);
  const area = await link(page, /^\/omraden\/\d+$/);
  await check.open(area);
  await check.send(`${area}/ny-funktion`, { 'f-name': '', 'f-valid_to': 'sedan' });
  await check.send(`${fn}/andra`, { 'f-name': '' });
  await check.send(`${fn}/byte`, { 'f-person_email': 'inte en adress' });
  await check.send(
    `${fn}/byte`,
    {
      'f-valid_from': today(),
      'f-organisation_id': 'Nacka kommun, socialförvaltningen',
      'f-person_name': 'Per Holm',
      'f-person_email': 'per.holm@nacka.se',
    },
    200,
  );
  await check.open(fn);

  // The person who took over.
  const person = await link(page, /^\/personer\/\d+$/);
  await check.open(person);
  await check.send(`${person}/andra`, { 'f-name': '', 'f-email': 'inte en adress' });

  // Bodies: a new one (rejected, then saved), changed, a member added and the membership ended.
  await check.send(`/organ/nytt?part=${partyId}`, { 'f-name': '', 'f-level': '', 'f-kind': '' });
  const body = await check.send(
    `/organ/nytt?part=${partyId}`,
    { 'f-name': 'Äldreomsorgsrådet', 'f-level': 'Lokal nivå', 'f-kind': 'Annat organ' },
    200,
  );
  assert.match(body, /^\/organ\/\d+$/);
  await check.send(`${body}/andra`, { 'f-name': '', 'f-valid_from': '' });
  await check.send(`${body}/ny-medlem`, { 'f-function_id': '', 'f-role': '' });
  await check.send(`${body}/ny-medlem`, { 'f-function_id': 'Demensansvarig' }, 200);
  await check.open(body);
  const membership = await link(page, /^\/medlemskap\/\d+\/avsluta$/);
  await check.send(membership, { 'f-valid_to': '' });
  await check.send(membership, { 'f-valid_to': '1999-12-31' });

  // A sub-region's page, seen signed in.
  await page.goto(server.origin + '/delregioner');
  await check.open(await link(page, /^\/delregioner\/\d+$/));

  const errors = await htmlErrorsOf(check.documents);
  assert.deepEqual([...check.found, ...errors], [], [...check.found, ...errors].join('\n'));
  await context.close();
});

test("the process leaders' forms for sub-regions pass axe and the Nu Html Checker, blank and with errors", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  await signIn(page, adminEmail);
  const check = checker(page);
  await check.send('/delregioner/ny', { 'f-name': '', 'f-valid_from': 'snart' });
  const region = await check.send('/delregioner/ny', { 'f-name': 'Nordost' }, 200);
  assert.match(region, /^\/delregioner\/\d+$/);
  await check.open(region);
  await check.send(`${region}/andra`, { 'f-name': '', 'f-valid_to': '2000-01-01' });
  await check.open('/organisationer/ny');
  await check.open('/organ/nytt');
  const errors = await htmlErrorsOf(check.documents);
  assert.deepEqual([...check.found, ...errors], [], [...check.found, ...errors].join('\n'));
  await context.close();
});
