// The agreements' pages with an agreement that has been through its whole process: a process
// leader's token (`samverkan token create`) makes it through the API (consultation with a late
// answer, a recommendation, decisions with a referral back); then the list (filtered and
// searched, without JavaScript), the agreement, the consultation matrix and the adoption view
// pass axe (WCAG 2.1 A/AA, at desktop width, 320 px and 200% zoom) and the Nu Html Checker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { axeViolations, htmlErrors, tabTo } from './lib/checks.mjs';

let server;
let browser;
let token;
/** The pages under test, filled by `before`. */
const paths = [];

async function post(path, body) {
  const response = await fetch(server.origin + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  assert.equal(response.status, 201, `POST ${path}: ${JSON.stringify(answer)}`);
  return answer.id;
}

before(async () => {
  server = await startServer();
  const email = 'processledare@storsthlm.se';
  server.cli('user', 'add', '--email', email, '--role', 'admin');
  token = server.cli('token', 'create', '--email', email, '--name', 'e2e').trim().split('\n').pop();
  const parties = await (await fetch(`${server.origin}/api/v1/parties?limit=1000`)).json();
  const id = (name) => parties.find((p) => p.name === name).id;
  const agreement = await post('/api/v1/agreements', {
    title: 'Samverkan kring personer med psykisk ohälsa',
    short_name: 'Psykisk ohälsa',
    kind: 'subject_area',
    target_groups: ['adults', 'elderly'],
    summary: 'Ansvarsfördelning och samverkan mellan kommunerna och regionen.',
    implementation: 'Lokala handlingsplaner i varje närområde',
    follow_up: 'Årlig uppföljning',
    digital_support: 'Samordnad individuell plan i det gemensamma IT-stödet',
    review_date: '2028-12-31',
    implementation_models: ['local_action_plans', 'coordinated_individual_plan'],
    follow_up_models: ['annual_report', 'indicators'],
    digital_support_models: ['digital_sip'],
  });
  const addOn = await post('/api/v1/agreements', {
    title: 'Psykisk ohälsa – tillägg för äldre',
    kind: 'add_on',
    parent_id: agreement,
    target_groups: ['elderly'],
    implementation_models: ['local_action_plans'],
    follow_up_models: ['indicators'],
  });
  await post(`/api/v1/agreements/${addOn}/relations`, { kind: 'add_on_to', related_id: agreement });
  const version = await post(`/api/v1/agreements/${agreement}/versions`, {
    number: '2026',
    date: '2026-01-15',
    earliest_start: '2026-09-01',
    change_summary: 'Ny version efter remissen',
  });
  const consultation = await post(`/api/v1/versions/${version}/consultation`, {
    sent_on: '2026-02-01',
    deadline: '2026-03-31',
  });
  const answers = `/api/v1/consultations/${consultation}/answers`;
  await post(answers, { party_id: id('Nacka'), answered_on: '2026-03-20', stance: 'agrees' });
  await post(answers, { party_id: id('Solna'), answered_on: '2026-04-03', stance: 'agrees_with_comments' });
  await post(`/api/v1/versions/${version}/recommendations`, {
    body_name: 'Storsthlms styrelse',
    addressed_to: 'municipalities',
    decided_text: 'maj 2026',
    outcome: 'recommended',
  });
  // Nacka's preparatory handling: two committees in parallel, then the executive board.
  const steps = `/api/v1/versions/${version}/preparatory-steps`;
  for (const [body_name, role, handled_on] of [
    ['Socialnämnden', 'opinion', '2026-05-12'],
    ['Äldrenämnden', 'opinion', '2026-05-13'],
    ['Kommunstyrelsen', 'proposal', '2026-05-25'],
  ]) {
    await post(steps, { party_id: id('Nacka'), body_name, role, handled_on, outcome: 'supports_adoption' });
  }
  const decisions = `/api/v1/versions/${version}/decisions`;
  await post(decisions, {
    party_id: id('Nacka'),
    deciding_body: 'Kommunfullmäktige',
    decided_on: '2026-06-01',
    paragraph: '§ 40',
    diary_number: 'KS26/100',
    outcome: 'adopted',
  });
  await post(decisions, {
    party_id: id('Ekerö'),
    deciding_body: 'Kommunfullmäktige',
    decided_text: 'våren 2026',
    outcome: 'adopted',
  });
  await post(decisions, {
    party_id: id('Solna'),
    deciding_body: 'Kommunfullmäktige',
    decided_on: '2026-06-10',
    outcome: 'referred_back',
  });
  const at = 'at=2026-07-01';
  paths.push(
    `/overenskommelser?${at}`,
    `/overenskommelser?sok=OH%C3%84LSA&malgrupp=elderly&lage=being_adopted&${at}`,
    `/overenskommelser?sok=finns+inte`,
    `/overenskommelser/${agreement}?${at}`,
    `/overenskommelser/${addOn}`,
    `/overenskommelser/${agreement}/remiss?${at}`,
    `/overenskommelser/${agreement}/antagande?${at}`,
    `/overenskommelser/jamforelse?${at}`,
  );
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the agreement pages have no WCAG 2.1 A/AA violations, wide, narrow and zoomed', async () => {
  const found = [];
  for (const options of [
    { viewport: { width: 1280, height: 900 } },
    { viewport: { width: 320, height: 640 } },
    { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 },
  ]) {
    const context = await browser.newContext({ ...options, locale: 'sv-SE' });
    const page = await context.newPage();
    for (const path of paths) {
      found.push(...(await axeViolations(page, server.origin, path)));
      // Nothing but data tables may make the page scroll sideways (WCAG 1.4.10).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) found.push(`${path}: page scrolls sideways by ${overflow}px at ${options.viewport.width}px`);
    }
    await context.close();
  }
  assert.deepEqual(found, [], found.join('\n'));
});

test('the agreement pages are valid HTML', async () => {
  const errors = await htmlErrors(server.origin, paths);
  assert.deepEqual(errors, [], errors.join('\n'));
});

test('the list is searched and filtered by keyboard without JavaScript, keeping the date', async () => {
  const context = await browser.newContext({ locale: 'sv-SE', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.origin}/overenskommelser?at=2026-07-01`);
  await tabTo(page, 'Hoppa till innehållet');
  await page.focus('#sok');
  await page.keyboard.type('OHÄLSA');
  await page.selectOption('#lage', 'being_adopted');
  await page.focus('#sok');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('sok'), 'OHÄLSA');
  assert.equal(url.searchParams.get('at'), '2026-07-01', 'the date is kept');
  const titles = await page.$$eval('tbody th a', (links) => links.map((a) => a.textContent));
  assert.ok(titles.includes('Samverkan kring personer med psykisk ohälsa'), titles.join(', '));
  assert.ok(!titles.includes('Psykisk ohälsa – tillägg för äldre'), 'no version: not being adopted');
  const row = await page.innerText('tbody tr:has(a:text("Samverkan kring personer med psykisk ohälsa"))');
  assert.match(row, /Antagen av 2 av 27 parter/);
  await context.close();
});

test('the matrix marks the late answer and the adoption view counts the standing decisions', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(server.origin + paths[5]);
  const solna = await page.innerText('tbody tr:has(th a:text-is("Solna"))');
  assert.match(solna, /Sen/);
  assert.match(solna, /Tillstyrker med synpunkter/);
  assert.equal(await page.locator('table.matrix caption').count(), 1);
  await page.goto(server.origin + paths[6]);
  assert.match(await page.innerText('main'), /2 av 27 har antagit/);
  assert.match(await page.innerText('tbody tr:has(th a:text-is("Ekerö"))'), /våren 2026/);
  assert.match(await page.innerText('tbody tr:has(th a:text-is("Solna"))'), /återremitterad/);
  const nacka = await page.innerText('tbody tr:has(th a:text-is("Nacka"))');
  assert.match(nacka, /Socialnämnden: Yttrande, 2026-05-12: Tillstyrker antagande/);
  assert.match(nacka, /Kommunstyrelsen: Förslag till beslut, 2026-05-25/);
  await context.close();
});

test('the comparison matrix shows the shared models and is reached by keyboard, section by section', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(`${server.origin}/overenskommelser?at=2026-07-01`);
  await tabTo(page, 'Jämför överenskommelsernas arbetssätt');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/overenskommelser/jamforelse');
  assert.equal(new URL(page.url()).searchParams.get('at'), '2026-07-01', 'the date is kept');
  // Both agreements use local action plans and indicators: the overlaps are named.
  const implementation = await page.innerText('section[aria-labelledby="genomforande"]');
  assert.match(implementation, /Lokala handlingsplaner: 2 överenskommelser/);
  assert.match(await page.innerText('section[aria-labelledby="uppfoljning"]'), /Indikatorer: 2 överenskommelser/);
  // A screen reader hears "Ja" in the marked cell, under the model's column header.
  const row = page.locator('section[aria-labelledby="genomforande"] tbody tr:has(th a:text-is("Samverkan kring personer med psykisk ohälsa"))');
  const cells = await row.locator('td.model-cell').allInnerTexts();
  // Columns: local action plans, joint routines, SIP.
  assert.deepEqual(cells.slice(0, 3).map((c) => c.replace(/\s+/g, '')), ['✓Ja', 'Nej', '✓Ja']);
  // The page's own table of contents takes the keyboard to a section.
  await tabTo(page, 'Uppföljning');
  await page.keyboard.press('Enter');
  // A fragment navigation completes after the key press returns: wait for it rather than race it.
  await page.waitForFunction(() => location.hash === '#uppfoljning');
  assert.equal(new URL(page.url()).hash, '#uppfoljning');
  await context.close();
});
