// Starts `samverkan serve --addr 127.0.0.1:0` on a fresh SQLite database and reads the address it
// logs. The binary is SAMVERKAN_BIN, or the debug build of this checkout.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Starts the server. With `{ demo: 'county' }` the database is first filled by
 * `samverkan demo-data` (synthetic, big enough that every list pages) instead of the reference data.
 */
export async function startServer({ demo } = {}) {
  const bin = process.env.SAMVERKAN_BIN ?? join(root, 'target', 'debug', 'samverkan');
  if (!existsSync(bin)) {
    throw new Error(`no samverkan binary at ${bin}: run \`cargo build\` first or set SAMVERKAN_BIN`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'samverkan-e2e-'));
  const env = { ...process.env, DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}?mode=rwc`, SAMVERKAN_LOG: 'warn' };
  if (demo) execFileSync(bin, ['demo-data', '--scale', demo, '--seed', '1'], { env, stdio: 'pipe' });
  const child = spawn(bin, ['serve', '--addr', '127.0.0.1:0'], {
    env: { ...env, SAMVERKAN_LOG: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = log.match(/listening on (http:\/\/[0-9.:]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
  return {
    origin,
    /** Runs a `samverkan` command against the server's database and returns its standard output. */
    cli(...args) {
      return execFileSync(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every page the server publishes in its sitemap, as paths with their query (`/parter?sida=2`). */
export async function sitemapPaths(origin) {
  const xml = await (await fetch(`${origin}/sitemap.xml`)).text();
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => {
    const url = new URL(m[1].replaceAll('&amp;', '&'));
    return url.pathname + url.search;
  });
  if (paths.length === 0) throw new Error('the sitemap lists no page');
  return paths;
}
