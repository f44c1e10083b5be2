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

// A `datetime-local` field's parts come in the browser's order too, its year part does not move
// on by itself (it takes up to six digits), and its hour is on a 12- or 24-hour clock as the
// browser's language has it: the way to type one is found once per browser context, like a date's.
const dateTimeWays = new WeakMap();

async function typeDateTimeKeys(page, iso, way) {
  const [date, time] = iso.split('T');
  const [y, m, d] = date.split('-');
  for (const part of way.order) {
    await page.keyboard.type({ y, m, d }[part]);
    if (part === 'y' && way.moveOnFromYear) await page.keyboard.press('ArrowRight');
  }
  const [hour, minute] = time.split(':').map(Number);
  if (way.twelveHours) {
    const h = hour % 12 === 0 ? 12 : hour % 12;
    await page.keyboard.type(String(h).padStart(2, '0') + String(minute).padStart(2, '0') + (hour < 12 ? 'A' : 'P'));
  } else {
    await page.keyboard.type(String(hour).padStart(2, '0') + String(minute).padStart(2, '0'));
  }
}

async function dateTimeWay(context) {
  if (!dateTimeWays.has(context)) {
    const probe = await context.newPage();
    try {
      let found;
      search: for (const order of ORDERS) {
        for (const moveOnFromYear of [true, false]) {
          for (const twelveHours of [false, true]) {
            const way = { order, moveOnFromYear, twelveHours };
            let typed = true;
            // A morning's time and an afternoon's: a 12-hour clock takes "13" as 1 p.m. too.
            for (const iso of ['2001-02-03T13:30', '2001-02-03T09:05']) {
              await probe.setContent('<input type="datetime-local" id="d">');
              await probe.focus('#d');
              await typeDateTimeKeys(probe, iso, way);
              typed &&= (await probe.inputValue('#d')) === iso;
            }
            if (typed) {
              found = way;
              break search;
            }
          }
        }
      }
      assert.ok(found, 'a date and time can be typed into a datetime-local field');
      dateTimeWays.set(context, found);
    } finally {
      await probe.close();
    }
  }
  return dateTimeWays.get(context);
}

/**
 * Types `iso` (YYYY-MM-DDTHH:MM, a local time) into the focused `datetime-local` field, part by
 * part as the browser's own order and clock have it, and checks that the field shows it.
 */
export async function typeDateTime(page, iso) {
  const way = await dateTimeWay(page.context());
  const id = await page.evaluate(() => document.activeElement.id);
  await typeDateTimeKeys(page, iso, way);
  assert.equal(await page.inputValue(`#${id}`), iso, `#${id} shows the time typed`);
}

/** What a form control is called: its first label's text, spaces collapsed. */
function labelOfFocused(page) {
  return page.evaluate(() => document.activeElement?.labels?.[0]?.textContent.replace(/\s+/g, ' ').trim());
}

/**
 * Presses Tab until the focused form control's label is `label` (a string, or a RegExp to match);
 * fails after `limit` presses.
 */
export async function tabToLabelled(page, label, limit = 120) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const text = await labelOfFocused(page);
    if (text !== undefined && (label instanceof RegExp ? label.test(text) : text === label)) return;
  }
  assert.fail(`could not reach the field labelled ${label} with Tab`);
}

/**
 * Presses Tab until focus is inside the group (a fieldset, at any depth) whose legend is
 * `legend`; fails after `limit` presses.
 */
export async function tabIntoGroup(page, legend, limit = 120) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate((want) => {
      for (let f = document.activeElement?.closest('fieldset'); f; f = f.parentElement?.closest('fieldset')) {
        if (f.querySelector(':scope > legend')?.textContent.replace(/\s+/g, ' ').trim() === want) return true;
      }
      return false;
    }, legend);
    if (inside) return;
  }
  assert.fail(`could not reach the group "${legend}" with Tab`);
}

/**
 * With focus on a radio button, presses the down arrow (which moves and chooses) until the one
 * labelled `label` is chosen.
 */
export async function chooseRadio(page, label) {
  const count = await page.evaluate(
    () => document.querySelectorAll(`input[type=radio][name="${CSS.escape(document.activeElement.name)}"]`).length,
  );
  for (let i = 0; i <= count; i++) {
    const [text, checked] = [await labelOfFocused(page), await page.evaluate(() => document.activeElement.checked)];
    if (text === label && checked) return;
    await page.keyboard.press('ArrowDown');
  }
  assert.fail(`could not choose "${label}" with the arrow keys`);
}

/** Presses Space on the focused checkbox so that it ends ticked (`on`) or not. */
export async function tick(page, on = true) {
  assert.equal(await page.evaluate(() => document.activeElement?.type), 'checkbox', 'a checkbox has focus');
  if ((await page.evaluate(() => document.activeElement.checked)) !== on) await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => document.activeElement.checked), on);
}

/**
 * After a refused form, the error summary has focus: Tab reaches its link to the field labelled
 * `label` ("Namn: måste fyllas i"), and Enter on it moves focus to the field.
 */
export async function followError(page, label) {
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true, 'the error summary has focus');
  for (let i = 0; ; i++) {
    assert.ok(i < 20, `the error summary links to ${label}`);
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => document.activeElement?.closest('.error-summary') && document.activeElement.textContent.trim());
    if (text?.startsWith(`${label}: `)) break;
  }
  const target = await page.evaluate(() => document.activeElement.getAttribute('href').slice(1));
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), target, `the error's link moves focus to #${target}`);
}
