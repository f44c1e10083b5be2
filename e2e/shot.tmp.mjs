import { launchBrowser } from './lib/browser.mjs';
import { signInFirstTime } from './lib/session.mjs';
import fs from 'node:fs';
const origin = 'http://127.0.0.1:8099';
import { execFileSync } from 'node:child_process';
const email = `pl${Date.now()}@example.se`;
const role = process.env.ROLE || 'admin';
const extra = process.env.PARTY ? ['--party', process.env.PARTY] : [];
const otp = execFileSync('../target/debug/samverkan', ['user', 'add', '--email', email, '--role', role, ...extra], { env: { ...process.env, DATABASE_URL: 'sqlite:///tmp/shot.db?mode=rwc' } }).toString().trim().split('\n').pop();
const browser = await launchBrowser();
const page = await browser.newPage();
await page.setViewportSize?.({ width: 1100, height: 900 });
await signInFirstTime(page, origin, email, otp, 'ett långt eget lösenord här');
const shots = process.argv.slice(2);
for (const s of shots) {
  const [name, path] = s.split('=');
  await page.goto(origin + path);
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: !process.env.TOP });
  console.log(name, page.url());
}
await browser.close();
