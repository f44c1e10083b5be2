// The checks every page must pass, shared by the suites: axe (WCAG 2.1 A/AA) and the Nu Html
// Checker.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnu = require('vnu-jar');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Opens `origin + path` in `page` and returns axe's WCAG 2.1 A/AA violations, one line each. */
export async function axeViolations(page, origin, path) {
  const response = await page.goto(origin + path);
  assert.equal(response.status(), 200, `${path} answers 200`);
  return axeViolationsHere(page, path);
}

/**
 * Returns axe's WCAG 2.1 A/AA violations of the page as it is now, without loading it again (a
 * form's error state is the answer to a POST, which a reload would lose), one line each, labelled
 * with `label`.
 */
export async function axeViolationsHere(page, label = new URL(page.url()).pathname) {
  // The page's CSP forbids inline scripts; evaluating through the DevTools protocol is not one.
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG,
  );
  return result.violations.map(
    (v) => `${label}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`,
  );
}

/** Fetches each path and returns the Nu Html Checker's errors, one line each. */
export async function htmlErrors(origin, paths) {
  const documents = [];
  for (const path of paths) documents.push([path, await (await fetch(origin + path)).text()]);
  return htmlErrorsOf(documents);
}

/**
 * Returns the Nu Html Checker's errors in documents given as `[label, html]` pairs (pages seen
 * by a signed-in user, a form's answer to a POST), one line each; one run of the checker for all.
 */
export async function htmlErrorsOf(documents) {
  const dir = mkdtempSync(join(tmpdir(), 'samverkan-html-'));
  try {
    const files = [];
    for (const [i, [label, html]] of documents.entries()) {
      const file = join(dir, `${String(i).padStart(4, '0')}.html`);
      writeFileSync(file, html);
      files.push([file, label]);
    }
    let report;
    try {
      execFileSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', dir], { encoding: 'utf8', stdio: 'pipe' });
      report = { messages: [] };
    } catch (e) {
      // vnu exits non-zero when it finds errors and prints its JSON report to stderr.
      report = JSON.parse(e.stderr);
    }
    const byFile = new Map(files.map(([f, p]) => [`file:${f}`, p]));
    return report.messages.map((m) => `${byFile.get(m.url) ?? m.url}:${m.lastLine}: ${m.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Presses Tab until the focused element's text is `text`; fails after `limit` presses. */
export async function tabTo(page, text, limit = 200) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (focused === text) return;
  }
  assert.fail(`could not reach "${text}" with Tab`);
}
