// Moving through a page and filling in forms with the keyboard alone, as a person without a mouse.
import assert from 'node:assert/strict';

/** The focused element's id, or its text when it has none. */
export function focused(page) {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim());
}

/** Presses Tab until the field with this id has focus; fails after `limit` presses. */
export async function tabToField(page, id, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
  }
  assert.fail(`could not reach #${id} with Tab`);
}

// A date field's parts come in the browser's own order (Chromium's is that of its interface
// language, not the page's), so the order is found once per browser context by typing into a
// date field on a blank page.
const dateOrders = new WeakMap();
const ORDERS = ['ymd', 'dmy', 'mdy'];

function dateKeys(iso, order) {
  const [y, m, d] = iso.split('-');
  return [...order].map((part) => ({ y, m, d })[part]).join('');
}

async function dateOrder(context) {
  if (!dateOrders.has(context)) {
    const probe = await context.newPage();
    try {
      let found;
      for (const order of ORDERS) {
        // A fresh field each time: typing starts in the first part only when focus arrives.
        await probe.setContent('<input type="date" id="d">');
        await probe.focus('#d');
        await probe.keyboard.type(dateKeys('2001-02-03', order));
        if ((await probe.inputValue('#d')) === '2001-02-03') {
          found = order;
          break;
        }
      }
      assert.ok(found, 'a date can be typed into a date field');
      dateOrders.set(context, found);
    } finally {
      await probe.close();
    }
  }
  return dateOrders.get(context);
}

/**
 * Types `iso` (YYYY-MM-DD) into the focused field: digit by digit in the browser's order into a
 * date field, as written into a text field.
 */
export async function typeDate(page, iso) {
  const type = await page.evaluate(() => document.activeElement?.type);
  if (type !== 'date') {
    await page.keyboard.type(iso);
    return;
  }
  const order = await dateOrder(page.context());
  await page.keyboard.type(dateKeys(iso, order));
  const id = await page.evaluate(() => document.activeElement.id);
  assert.equal(await page.inputValue(`#${id}`), iso, `#${id} shows the date typed`);
}

/** In the focused select list, presses the arrow keys until the option `label` is chosen. */
export async function chooseOption(page, label) {
  const options = await page.evaluate(() => [...document.activeElement.options].map((o) => o.textContent.trim()));
  const want = options.indexOf(label);
  assert.ok(want >= 0, `"${label}" is one of ${JSON.stringify(options)}`);
  const key = want < (await page.evaluate(() => document.activeElement.selectedIndex)) ? 'ArrowUp' : 'ArrowDown';
  for (let i = 0; i < options.length; i++) {
    if ((await page.evaluate(() => document.activeElement.selectedIndex)) === want) return;
    await page.keyboard.press(key);
  }
  assert.fail(`could not choose "${label}" with the arrow keys`);
}
