// Every page in the sitemap is valid HTML according to the Nu Html Checker (vnu.jar, on the
// machine's Java).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sitemapPaths } from './lib/server.mjs';
import { htmlErrors } from './lib/checks.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('every page is valid HTML', async () => {
  const paths = await sitemapPaths(server.origin);
  // Error pages are pages too.
  paths.push('/finns-inte', '/omraden?at=yesterday');
  const errors = await htmlErrors(server.origin, paths);
  assert.deepEqual(errors, [], errors.join('\n'));
});
