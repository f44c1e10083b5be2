// An agreement's whole process on the pages, by keyboard alone (issue 13): a process leader
// registers an agreement, adds a version with its text, sends it on consultation and records the
// recommendation (which, dated before the deadline, asks to confirm); Nacka's party editor
// answers with an attachment, changes the answer (the form shows the saved one and asks to
// confirm; the history then shows both), and records its council's decision with the minutes'
// extract. Every page on the way passes axe (WCAG 2.1 A/AA) and the Nu Html Checker; then each of
// the process leaders' forms does too, blank and with errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { enter, signInFirstTime, signInFirstTimeByKeyboard } from './lib/session.mjs';
import { axeViolationsHere, htmlErrorsOf, tabTo } from './lib/checks.mjs';
import { chooseOption, focused, tabToField, typeDate } from './lib/keyboard.mjs';

const NACKA = '0182';
const leaderEmail = 'processledare@storsthlm.se';
const editorEmail = 'remisser@nacka.se';
const otherLeaderEmail = 'granskare@storsthlm.se';
const ownPassword = 'ett eget lösenord för processen';
const HOK = 'Huvudöverenskommelse om länsövergripande samverkan kring hälsa, vård och omsorg';
const TITLE = 'Samverkan kring personer med samsjuklighet';

// The days of the process, all in the past: the version, its consultation and deadline, the
// recommendation (before the deadline, so it asks to confirm), Nacka's answer and its change,
// and Nacka's decision.
const VERSION_DAY = '2024-11-20';
const SENT = '2025-01-15';
const DEADLINE = '2025-03-31';
const RECOMMENDED = '2025-03-14';
const ANSWERED = '2025-02-20';
const ANSWERED_AGAIN = '2025-03-05';
const DECIDED = '2025-05-20';

let server;
let browser;
const oneTime = new Map();
before(async () => {
  server = await startServer();
  for (const email of [leaderEmail, otherLeaderEmail]) {
    oneTime.set(email, lastLine(server.cli('user', 'add', '--email', email, '--role', 'admin')));
  }
  const out = server.cli('user', 'add', '--email', editorEmail, '--role', 'party_editor', '--party', NACKA);
  oneTime.set(editorEmail, lastLine(out));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

function lastLine(out) {
  return out.trim().split('\n').pop();
}

/** A small valid PDF (one blank page) whose title is `note`, as a file for a file field. */
function pdf(name, note) {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< /Title (${note}) >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(out, 'latin1') };
}

/**
 * Tabs to the file field `id` and chooses `file` in it. Choosing the file is the operating
 * system's dialog, which the browser test stands in for; reaching the field is the keyboard's.
 */
async function chooseFile(page, id, file) {
  await tabToField(page, id);
  const field = (await page.evaluateHandle(() => document.activeElement)).asElement();
  await field.setInputFiles(file);
  assert.equal(await focused(page), id, 'the file field keeps focus');
}

/** Signs in by keyboard from the start page, changing the one-time password. */
async function signInByKeyboard(page, email) {
  await signInFirstTimeByKeyboard(page, server.origin, email, oneTime.get(email), ownPassword);
}

/** Tabs to the link or button `text` and follows it with Enter; returns the response. */
async function follow(page, text, status = 200) {
  await tabTo(page, text);
  const response = await enter(page);
  assert.equal(response.status(), status, `"${text}" answers ${status}`);
  return response;
}

/** What the page after a save says. */
async function savedMessage(page) {
  return (await page.innerText('.notice.saved')).trim();
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

/** A table row of a party (its name in the row's header), its text with white space made one. */
async function rowOf(page, party) {
  const text = await page.$eval(`tr:has(th a:text-is("${party}"))`, (tr) => tr.innerText);
  return text.replace(/\s+/g, ' ').trim();
}

/** The text of an element, its white space made one space. */
async function textOf(page, selector) {
  return (await page.innerText(selector)).replace(/\s+/g, ' ').trim();
}

/** Collects axe's violations and the answers' HTML of the pages seen, checked at the end. */
function checker(page) {
  const found = [];
  const documents = [];
  return {
    async keep(label, response) {
      found.push(...(await axeViolationsHere(page, label)));
      documents.push([label, await response.text()]);
    },
    async assertClean() {
      const errors = await htmlErrorsOf(documents);
      const all = [...found, ...errors];
      assert.deepEqual(all, [], all.join('\n'));
      assert.ok(documents.length > 0);
    },
  };
}

let agreementPath;

test('a process leader registers an agreement and takes a version to its recommendation, by keyboard', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  const check = checker(page);
  await signInByKeyboard(page, leaderEmail);

  // The list offers registering one; the form is blank.
  await follow(page, 'Överenskommelser');
  let response = await follow(page, 'Registrera en överenskommelse');
  assert.equal(new URL(page.url()).pathname, '/overenskommelser/ny');
  await check.keep('ny överenskommelse', response);

  await tabToField(page, 'f-title');
  await page.keyboard.type(TITLE);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Samsjuklighet');
  // The kind is a radio group: Tab reaches its first choice, an arrow key chooses the next.
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'f-kind');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.$eval('input[name=kind]:checked', (el) => el.id), 'f-kind-subject_area');
  await tabToField(page, 'f-parent_id', 8);
  await chooseOption(page, HOK);
  await tabToField(page, 'f-target_groups-adults');
  await page.keyboard.press('Space');
  await tabToField(page, 'f-summary');
  await page.keyboard.type('Hur parterna samordnar insatser för personer med både missbruk och psykisk ohälsa.');
  await tabToField(page, 'f-implementation_models-coordinated_individual_plan');
  await page.keyboard.press('Space');
  response = await follow(page, 'Registrera överenskommelsen');
  agreementPath = new URL(page.url()).pathname;
  assert.match(agreementPath, /^\/overenskommelser\/\d+$/);
  assert.equal(await savedMessage(page), 'Överenskommelsen är registrerad.');
  assert.equal(await textOf(page, 'h1'), TITLE);
  assert.match(await textOf(page, 'dl.facts'), /Förkortning Samsjuklighet Typ Länsövergripande överenskommelse/);
  assert.match(await textOf(page, 'dl.facts'), new RegExp(`Plats under HÖK Under ${HOK}`));
  assert.match(await textOf(page, 'dl.facts'), /Målgrupper Vuxna/);
  assert.match(await textOf(page, '#genomforande ~ dl'), /Arbetssätt: Samordnad individuell plan \(SIP\)/);
  await check.keep('överenskommelsen, registrerad', response);

  // A version with its text.
  response = await follow(page, 'Lägg till en version');
  assert.equal(new URL(page.url()).pathname, `${agreementPath}/ny-version`);
  await check.keep('ny version', response);
  await tabToField(page, 'f-number');
  await page.keyboard.type('1.0');
  await chooseFile(page, 'f-file', pdf('samsjuklighet-1.0.pdf', 'Overenskommelse om samsjuklighet'));
  await tabToField(page, 'f-date', 4);
  await typeDate(page, VERSION_DAY);
  response = await follow(page, 'Spara versionen');
  assert.equal(new URL(page.url()).pathname, agreementPath);
  assert.equal(await savedMessage(page), 'Versionen och dess text är sparade.');
  const version = await page.$eval('section.version', (s) => ({
    heading: s.querySelector('h3').textContent.trim(),
    text: s.innerText.replace(/\s+/g, ' '),
    documents: [...s.querySelectorAll('ul.documents a')].map((a) => a.getAttribute('download')),
  }));
  assert.equal(version.heading, 'Version 1.0');
  assert.match(version.text, new RegExp(`Datum ${VERSION_DAY}`));
  assert.deepEqual(version.documents, ['samsjuklighet-1.0.pdf'], 'the text is the version’s document');
  await check.keep('överenskommelsen, med version', response);

  // Sent on consultation: every party a recipient unless unticked.
  response = await follow(page, 'Skicka version 1.0 på remiss');
  assert.equal(new URL(page.url()).pathname, `${agreementPath}/remiss/skicka`);
  const recipients = await page.$$eval('input[name=recipients]', (els) => els.map((el) => el.checked));
  assert.equal(recipients.length, 27, 'every party is offered');
  assert.ok(recipients.every(Boolean), 'every party is ticked');
  await check.keep('skicka på remiss', response);
  await tabToField(page, 'f-sent_on');
  await typeDate(page, SENT);
  await tabToField(page, 'f-deadline', 4);
  await typeDate(page, DEADLINE);
  response = await follow(page, 'Skicka på remiss');
  assert.equal(new URL(page.url()).pathname, `${agreementPath}/remiss`);
  assert.equal(await savedMessage(page), 'Remissen är registrerad som skickad.');
  assert.match(await textOf(page, 'main dl.facts'), new RegExp(`Remiss skickad ${SENT} Sista svarsdag ${DEADLINE}`));
  assert.match(await textOf(page, '.summary-count'), /^0 av 27 parter har svarat/);
  await check.keep('remissvar, skickad', response);

  // The recommendation, from the adoption view: dated before the deadline, it asks first.
  response = await follow(page, 'Antagande');
  await check.keep('antagande', response);
  response = await follow(page, 'Registrera rekommendation');
  assert.equal(new URL(page.url()).pathname, `${agreementPath}/antagande/rekommendation`);
  await check.keep('rekommendation', response);
  await tabToField(page, 'f-body_name');
  await page.keyboard.type('Storsthlms styrelse');
  await tabToField(page, 'f-addressed_to', 4);
  await page.keyboard.press('Space');
  await tabToField(page, 'f-decided_on');
  await typeDate(page, RECOMMENDED);
  await tabToField(page, 'f-outcome');
  await page.keyboard.press('Space');
  response = await follow(page, 'Spara rekommendationen', 422);
  const links = await errorSummary(page);
  assert.deepEqual(links.map(([href]) => href), ['#f-confirm']);
  assert.match(links[0][1], new RegExp(`${DEADLINE}`), `the question names the deadline: ${links[0][1]}`);
  assert.equal(await page.inputValue('#f-body_name'), 'Storsthlms styrelse', 'what was typed is kept');
  assert.equal(await page.inputValue('#f-decided_on'), RECOMMENDED);
  assert.equal(await textOf(page, 'label[for=f-confirm]'), 'Ja, registrera rekommendationen ändå');
  await check.keep('rekommendation (422, bekräfta)', response);
  await tabToField(page, 'f-confirm');
  await page.keyboard.press('Space');
  response = await follow(page, 'Spara rekommendationen');
  assert.equal(new URL(page.url()).pathname, `${agreementPath}/antagande`);
  assert.equal(await savedMessage(page), 'Rekommendationen är sparad.');
  await check.keep('antagande, rekommenderad', response);

  // The agreement's page tells the process so far.
  response = await follow(page, TITLE);
  const timeline = await textOf(page, 'section.version ol.timeline');
  assert.match(timeline, new RegExp(SENT));
  assert.match(timeline, new RegExp(RECOMMENDED));
  assert.match(timeline, /Storsthlms styrelse/);
  await check.keep('överenskommelsen, rekommenderad', response);

  await check.assertClean();
  await context.close();
});

test('Nacka answers with an attachment, changes its answer and records its decision, by keyboard', async () => {
  assert.ok(agreementPath, 'the process leader registered the agreement');
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  const check = checker(page);
  await signInByKeyboard(page, editorEmail);

  // From the list to the agreement, to its consultation answers, to the form.
  await follow(page, 'Överenskommelser');
  await follow(page, TITLE);
  assert.equal(new URL(page.url()).pathname, agreementPath);
  await follow(page, 'Remissvar för version 1.0');
  let response = await follow(page, 'Registrera remissvar');
  assert.equal(new URL(page.url()).pathname, `${agreementPath}/remiss/svar`);
  assert.equal(await page.$eval('#f-party_id', (el) => el.selectedOptions[0].textContent), 'Nacka', 'Nacka chosen');
  assert.equal(await page.$('#f-confirm'), null, 'nothing to replace yet');
  await check.keep('remissvar', response);

  await tabToField(page, 'f-answered_on');
  await typeDate(page, ANSWERED);
  await tabToField(page, 'f-stance');
  await page.keyboard.press('Space');
  const firstStance = await page.$eval('input[name=stance]:checked', (el) => el.labels[0].textContent.trim());
  await tabToField(page, 'f-text');
  await page.keyboard.type('Nacka ställer sig bakom förslaget.');
  await chooseFile(page, 'f-file', pdf('nacka-remissvar.pdf', 'Nackas remissvar'));
  response = await follow(page, 'Spara remissvaret');
  assert.equal(new URL(page.url()).pathname, `${agreementPath}/remiss`);
  assert.equal(await savedMessage(page), 'Remissvaret och bilagan är sparade.');
  assert.match(await rowOf(page, 'Nacka'), new RegExp(`^Nacka ${ANSWERED} ${firstStance} Nej nacka-remissvar`));
  assert.match(await textOf(page, '.summary-count'), /^1 av 27 parter har svarat/);
  await check.keep('remissvar, sparat', response);

  // Again: the form shows the saved answer, filled in, and asks before replacing it.
  response = await follow(page, 'Registrera remissvar');
  const hint = await textOf(page, '#f-confirm-hint');
  assert.match(hint, new RegExp(`^Nacka har redan svarat ${ANSWERED}: ${firstStance}\\. ”Nacka ställer sig bakom förslaget\\.”`));
  assert.equal(await page.inputValue('#f-text'), 'Nacka ställer sig bakom förslaget.');
  assert.equal(await page.$eval('input[name=stance]:checked', (el) => el.labels[0].textContent.trim()), firstStance);
  await check.keep('remissvar, ändra', response);
  await tabToField(page, 'f-answered_on');
  await typeDate(page, ANSWERED_AGAIN);
  // The stance chosen has focus in its group; the next choice is an arrow key away.
  await tabToField(page, 'f-stance');
  await page.keyboard.press('ArrowDown');
  const secondStance = await page.$eval('input[name=stance]:checked', (el) => el.labels[0].textContent.trim());
  assert.notEqual(secondStance, firstStance);
  await tabToField(page, 'f-text');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Nacka tillstyrker med en synpunkt på uppföljningen.');
  response = await follow(page, 'Spara remissvaret', 422);
  const links = await errorSummary(page);
  assert.deepEqual(links.map(([href]) => href), ['#f-confirm']);
  assert.equal(await page.inputValue('#f-text'), 'Nacka tillstyrker med en synpunkt på uppföljningen.', 'kept');
  assert.equal(await page.inputValue('#f-answered_on'), ANSWERED_AGAIN);
  assert.equal(await textOf(page, 'label[for=f-confirm]'), 'Ja, ersätt det sparade svaret');
  await check.keep('remissvar (422, bekräfta)', response);
  await tabToField(page, 'f-confirm');
  await page.keyboard.press('Space');
  response = await follow(page, 'Spara remissvaret');
  assert.equal(new URL(page.url()).pathname, `${agreementPath}/remiss`);
  assert.equal(await savedMessage(page), 'Remissvaret är sparat.');
  assert.match(await rowOf(page, 'Nacka'), new RegExp(`^Nacka ${ANSWERED_AGAIN} ${secondStance} `));
  assert.match(await textOf(page, '.summary-count'), /^1 av 27 parter har svarat/, 'still one answer');
  await check.keep('remissvar, ändrat', response);

  // The history keeps both answers: the first, and the change from it.
  response = await follow(page, TITLE);
  const history = await page.$$eval('table.history tbody tr', (rows) =>
    rows.map((r) => [...r.cells].map((c) => c.innerText.replace(/\s+/g, ' ').trim())),
  );
  const answers = history.filter(([, , what]) => what === 'Remissvar').map(([, who, , changes]) => [who, changes]);
  assert.deepEqual(
    answers,
    [
      [
        editorEmail,
        `Svarade: ${ANSWERED} → ${ANSWERED_AGAIN} Ställningstagande: ${firstStance} → ${secondStance} ` +
          'Remissvar: Nacka ställer sig bakom förslaget. → Nacka tillstyrker med en synpunkt på uppföljningen.',
      ],
      [
        editorEmail,
        `Part: – → Nacka Svarade: – → ${ANSWERED} Ställningstagande: – → ${firstStance} ` +
          'Remissvar: – → Nacka ställer sig bakom förslaget.',
      ],
    ],
    'the history shows the first answer and its change, latest first',
  );
  const stored = await page.$$eval('table.history .changes .field', (els) =>
    els.map((el) => el.textContent.trim()).filter((f) => /_|^[a-z]+:$/.test(f)),
  );
  assert.deepEqual(stored, [], 'the history names every field in words, none by its stored name');
  await check.keep('överenskommelsen, historik', response);

  // The decision, from the adoption view: the council from the register, with the extract.
  await follow(page, 'Antagande för version 1.0');
  const before = await textOf(page, '.summary-count strong');
  response = await follow(page, 'Registrera beslut');
  assert.equal(new URL(page.url()).pathname, `${agreementPath}/antagande/beslut`);
  await check.keep('beslut', response);
  await tabToField(page, 'f-deciding_body_id');
  const councils = await page.$eval('#f-deciding_body_id', (el) => [...el.options].slice(1).map((o) => o.textContent));
  assert.equal(councils.length, 1, `Nacka's council: ${JSON.stringify(councils)}`);
  await chooseOption(page, councils[0]);
  await tabToField(page, 'f-decided_on');
  await typeDate(page, DECIDED);
  await tabToField(page, 'f-paragraph', 4);
  await page.keyboard.type('§ 87');
  await page.keyboard.press('Tab');
  await page.keyboard.type('KFKS 2025/112');
  await tabToField(page, 'f-outcome');
  await page.keyboard.press('Space');
  assert.equal(await page.$eval('input[name=outcome]:checked', (el) => el.value), 'adopted');
  await chooseFile(page, 'f-file', pdf('nacka-protokollsutdrag.pdf', 'Protokollsutdrag KF Nacka'));
  response = await follow(page, 'Spara beslutet');
  assert.equal(new URL(page.url()).pathname, `${agreementPath}/antagande`);
  assert.equal(await savedMessage(page), 'Beslutet och protokollsutdraget är sparade.');
  const [n, of] = before.match(/\d+/g).map(Number);
  assert.equal(await textOf(page, '.summary-count strong'), `${n + 1} av ${of} har antagit`);
  assert.match(
    await rowOf(page, 'Nacka'),
    new RegExp(`^Nacka Antagen ${DECIDED} ${councils[0]} § 87 KFKS 2025/112 – nacka-protokollsutdrag`),
  );
  await check.keep('antagande, beslutat', response);

  // A new decision would replace the standing one: the form says so, and asks first.
  response = await follow(page, 'Registrera beslut');
  assert.match(
    await textOf(page, '#f-confirm-hint'),
    new RegExp(`^Nacka har redan beslutat \\(${councils[0]}, ${DECIDED}: Antagen\\)\\.`),
  );
  assert.equal(await textOf(page, 'label[for=f-confirm]'), 'Ja, registrera ett nytt beslut som ersätter det tidigare');
  await check.keep('beslut, ersätta', response);
  await tabToField(page, 'f-deciding_body_id');
  await chooseOption(page, councils[0]);
  await tabToField(page, 'f-decided_on');
  await typeDate(page, DECIDED);
  await tabToField(page, 'f-outcome');
  await page.keyboard.press('Space');
  response = await follow(page, 'Spara beslutet', 422);
  assert.deepEqual((await errorSummary(page)).map(([href]) => href), ['#f-confirm']);
  await check.keep('beslut (422, bekräfta)', response);

  await check.assertClean();
  await context.close();
});

/** The address of the first link on the page whose text matches `pattern`, or undefined. */
function linkTo(page, pattern) {
  return page.$$eval(
    'main a',
    (as, source) => as.find((a) => new RegExp(source).test(a.textContent.trim()))?.getAttribute('href'),
    pattern.source,
  );
}

test('the process leaders’ forms pass axe and the Nu Html Checker, blank and with errors', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  await signInFirstTime(page, server.origin, otherLeaderEmail, oneTime.get(otherLeaderEmail), ownPassword);
  const check = checker(page);

  // The reference data's agreements: HÖK, consulted, and one whose latest version is not.
  await page.goto(server.origin + '/overenskommelser');
  const agreements = await page.$$eval('main table a[href^="/overenskommelser/"]', (as) =>
    as.map((a) => [a.textContent.trim(), a.getAttribute('href')]),
  );
  const hok = agreements.find(([title]) => title === HOK)[1];
  await page.goto(server.origin + hok);
  const deadline = await linkTo(page, /^Förläng svarstiden för version /);
  const recommend = await linkTo(page, /^Registrera rekommendation för version /);
  assert.ok(deadline && recommend, 'HÖK offers the deadline and the recommendation');
  let send;
  for (const [, path] of agreements) {
    await page.goto(server.origin + path);
    send = await linkTo(page, /^Skicka version .+ på remiss$/);
    if (send) break;
  }
  assert.ok(send, 'some agreement has a version not sent on consultation');

  const notADocument = { name: 'text.pdf', mimeType: 'application/pdf', buffer: Buffer.from('Ingen pdf.\n') };
  // Each form blank, then sent with `fill` (id → value, or a file for the file field) and
  // checked as it comes back (422).
  for (const [path, fill] of [
    ['/overenskommelser/ny', { 'f-title': '' }],
    [`${hok}/andra`, { 'f-title': '', 'f-review_date': '2025-02-30' }],
    [`${hok}/ny-version`, { 'f-number': '', 'f-file': notADocument, 'f-date': '2025-13-01' }],
    [`${hok}/ny-relation`, {}],
    [send, { 'f-sent_on': '', 'f-sent_text': '', 'f-deadline': 'snart' }],
    [deadline, { 'f-deadline': '2021-01-01' }],
    [recommend, { 'f-body_name': '', 'f-decided_on': '' }],
  ]) {
    let response = await page.goto(server.origin + path);
    assert.equal(response.status(), 200, path);
    await check.keep(path, response);
    for (const [id, value] of Object.entries(fill)) {
      if (typeof value === 'object') {
        await page.setInputFiles(`#${id}`, value);
        continue;
      }
      // What is not a date goes into a date field as into a browser without date fields.
      await page.$eval(`#${id}`, (el) => {
        if (el.type === 'date') el.type = 'text';
      });
      await page.fill(`#${id}`, value);
    }
    [response] = await Promise.all([page.waitForNavigation(), page.click('main form.edit-form button[type=submit]')]);
    assert.equal(response.status(), 422, path);
    const links = await errorSummary(page);
    const expected = Object.keys(fill).filter((id) => id !== 'f-sent_text');
    for (const id of expected) {
      assert.ok(links.some(([href]) => href.startsWith(`#${id}`)), `${path}: #${id} is named: ${JSON.stringify(links)}`);
    }
    for (const id of await page.$$eval('[aria-invalid="true"]', (els) => els.map((el) => el.id))) {
      const describedby = (await page.getAttribute(`#${id}`, 'aria-describedby')) ?? '';
      assert.ok(describedby.split(' ').includes(`${id}-error`), `${path}: #${id} is described by its message`);
    }
    await check.keep(`${path} (422)`, response);
  }
  await check.assertClean();
  await context.close();
});
