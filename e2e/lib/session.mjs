// Moving between pages and signing in, as the browser tests do it.
import assert from 'node:assert/strict';
import { tabTo } from './checks.mjs';
import { tabToField } from './keyboard.mjs';

/** Presses Enter and waits for the page it leads to; returns that page's response. */
export async function enter(page) {
  const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  return response;
}

/**
 * Signs in with the mouse (signing in by keyboard has its own test) with a one-time password,
 * which must then be changed to `ownPassword`; ends signed in, on the page after the change.
 */
export async function signInFirstTime(page, origin, email, oneTimePassword, ownPassword) {
  await page.goto(origin + '/logga-in');
  await page.fill('#email', email);
  await page.fill('#password', oneTimePassword);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/konto/losenord', 'a one-time password must be changed first');
  await page.fill('#current_password', oneTimePassword);
  await page.fill('#new_password', ownPassword);
  await page.fill('#repeat_password', ownPassword);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
}

/**
 * Signs in by keyboard alone from the start page with a one-time password, changing it to
 * `ownPassword` as the service asks; ends signed in, on the page after the change.
 */
export async function signInFirstTimeByKeyboard(page, origin, email, oneTimePassword, ownPassword) {
  await page.goto(origin + '/');
  await tabTo(page, 'Logga in');
  await enter(page);
  await tabToField(page, 'email');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(oneTimePassword);
  await enter(page);
  assert.equal(new URL(page.url()).pathname, '/konto/losenord', 'a one-time password must be changed first');
  await tabToField(page, 'current_password');
  await page.keyboard.type(oneTimePassword);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ownPassword);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ownPassword);
  await enter(page);
  assert.match(await page.innerText('header'), new RegExp(`Inloggad som ${email.replaceAll('.', '\\.')}`));
}
