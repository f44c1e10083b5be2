// Every page in the sitemap is valid HTML according to the Nu Html Checker (vnu.jar, on the
// machine's Java).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer, sitemapPaths } from './lib/server.mjs';

const require = createRequire(import.meta.url);
const vnu = require('vnu-jar');

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('every page is valid HTML', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samverkan-html-'));
  try {
    const paths = await sitemapPaths(server.origin);
    // Error pages are pages too.
    paths.push('/finns-inte', '/omraden?at=yesterday');
    const files = [];
    for (const [i, path] of paths.entries()) {
      const html = await (await fetch(server.origin + path)).text();
      const file = join(dir, `${String(i).padStart(4, '0')}.html`);
      writeFileSync(file, html);
      files.push([file, path]);
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
    const errors = report.messages.map((m) => `${byFile.get(m.url) ?? m.url}:${m.lastLine}: ${m.message}`);
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
