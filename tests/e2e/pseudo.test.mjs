// Every word a person reads comes from the catalogues. Each screen, in the pseudo-locale en-XA (English
// accented, bracketed and 40% longer), must hold no plain text outside order data (marked translate="no");
// in ar-XB (mirrored) the page runs right to left; in both and in German nothing overflows its box at the
// three screen sizes. The pseudo-locales are in the tests' build only (`dist-pseudo/`, built with the
// `pseudo-locales` feature): the shipped page does not carry them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  openBoard, mosquittoPub, mosquittoPubLines, waitFor, startMosquitto, serveDist, launchBrowser, orderJson,
  SCREENS, repoRoot,
} from './harness.mjs';

let broker;
let site;
let browser;
before(async () => {
  broker = await startMosquitto();
  site = await serveDist({}, { dir: process.env.PSEUDO_DIST_DIR ?? path.join(repoRoot, 'dist-pseudo') });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await broker?.stop();
});

const VIEWS = ['all', 'kitchen', 'expo', 'counter', 'pickup', 'tools', 'report'];
let topics = 0;
const topicFor = (name) => `restaurant/orders/pseudo-${name}-${process.pid}-${++topics}`;

/** A board in `lang` with something in every state: new, preparing, ready, done (recall), a rejection. */
async function busyBoard(lang) {
  const topic = topicFor(lang);
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1920, height: 1080 } });
  const { page, problems } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'all', lang });
  const item = (dish, quantity, price) => ({ name: dish, quantity, price });
  await mosquittoPubLines(broker.mqttPort, topic, [
    orderJson('ORD-P1', 'Zoë', [item('Margherita Pizza', 2, 12.99), item('Iced Tea', 1, 2.5)],
      { special_instructions: 'No onions please', timestamp: new Date().toISOString() }),
    orderJson('ORD-P2', 'Bob', [item('Caesar Salad', 1, 9.5)], { timestamp: new Date(Date.now() - 9 * 60e3).toISOString() }),
    orderJson('ORD-P3', 'Ann', [item('Tiramisu', 1, 6)]),
    orderJson('ORD-P4', 'Kim', [item('Unknown Dish', 1, 4)]),
    '{"order_id": "broken", "items": 3}',
  ]);
  for (const [id, status] of [['ORD-P2', 'preparing'], ['ORD-P3', 'ready'], ['ORD-P4', 'served']]) {
    await mosquittoPub(broker.mqttPort, `${topic}/${id}/status`,
      JSON.stringify({ order_id: id, status, at: new Date().toISOString() }));
  }
  await waitFor('every ticket in its state', () => page.$('[data-testid=order-card][data-order-id="ORD-P3"][data-status=ready]'));
  const show = async (view) => {
    await page.goto(`${site.origin}/?${new URLSearchParams({ broker: broker.wsUrl, topic, view, lang })}`);
    await waitFor(`the ${view} screen`, () =>
      page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, topic).catch(() => false));
    // The report reads the browser's database first: its figures are what is checked.
    if (view === 'report') await waitFor('the report\'s figures', () => page.$('[data-testid=report-orders]'));
    // Folded parts are read too: a word in a closed <details> is still a word.
    await page.$$eval('details', (els) => els.forEach((d) => { d.open = true; }));
    await page.evaluate(() => new Promise(requestAnimationFrame));
  };
  return { context, page, problems, show };
}

/**
 * Text the UI wrote in plain English: every text node and every title, aria-label, placeholder and alt
 * outside order data (`translate="no"`) and outside <script>/<style>, that still has a Latin letter once
 * its pseudo-translated [bracketed] parts are taken out.
 */
function plainText() {
  const leftover = (s) => {
    let rest = s;
    for (let before = ''; before !== rest;) {
      before = rest;
      rest = rest.replace(/\[[^[\]]*\]/g, '');
    }
    return /[A-Za-z]/.test(rest) ? s.trim() : null;
  };
  const data = (el) => el.closest('[translate=no], script, style, noscript, template, title');
  const found = new Set();
  const where = (el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (data(node.parentElement)) continue;
    const plain = leftover(node.textContent);
    if (plain) found.add(`${where(node.parentElement)}: ${plain}`);
  }
  for (const el of document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
    if (data(el)) continue;
    for (const attr of ['title', 'aria-label', 'placeholder', 'alt']) {
      const value = el.getAttribute(attr);
      const plain = value && leftover(value);
      if (plain) found.add(`${where(el)} @${attr}: ${plain}`);
    }
  }
  const title = leftover(document.title);
  if (title) found.add(`document title: ${title}`);
  return [...found];
}

/**
 * Elements whose content does not fit their box: wider or taller than it, unless the box scrolls or ends in
 * an ellipsis with the whole text in its title; and a page wider than the screen.
 */
function overflowing() {
  const found = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    found.push(`the page is ${document.documentElement.scrollWidth}px wide on a ${window.innerWidth}px screen`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.display === 'inline' || style.visibility === 'hidden') continue;
    if (el.clientWidth === 0 && el.clientHeight === 0) continue;
    // A text field scrolls its value by itself.
    if (el.matches('input, textarea, select')) continue;
    if (/(auto|scroll)/.test(style.overflowX + style.overflowY)) continue;
    if (el.closest('.visually-hidden, [hidden]')) continue;
    if (style.textOverflow === 'ellipsis' && el.title && el.title.trim() === el.textContent.trim()) continue;
    const wide = el.scrollWidth - el.clientWidth;
    const tall = el.scrollHeight - el.clientHeight;
    if (wide > 1 || tall > 1) {
      found.push(`${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}.${el.className}`
        + ` by ${wide > 1 ? `${wide}px across` : ''}${tall > 1 ? ` ${tall}px down` : ''}: "${el.textContent.trim().slice(0, 60)}"`);
    }
  }
  return found;
}

test('every screen in en-XA shows no word that did not come from the catalogues', async () => {
  const { context, page, problems, show } = await busyBoard('en-XA');
  const found = [];
  try {
    for (const view of VIEWS) {
      await show(view);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en-XA');
      for (const text of await page.evaluate(plainText)) found.push(`${view}: ${text}`);
    }
    // What appears only after something is done: the form's problems, a generator run, the day's end.
    await show('counter');
    await page.click('[data-testid=place-order]');
    await waitFor('the form\'s problems', () => page.$('.order-form .field-error'));
    for (const text of await page.evaluate(plainText)) found.push(`counter, not sent: ${text}`);
    await page.fill('[data-testid=customer-name]', 'Zoë');
    await page.click('[data-testid=add-0]');
    await page.click('[data-testid=place-order]');
    await waitFor('the order followed', () => page.$('[data-testid=form-feedback][data-state=acknowledged]'));
    for (const text of await page.evaluate(plainText)) found.push(`counter, placed: ${text}`);
    await show('tools');
    await page.fill('[data-testid=gen-count]', '1');
    await page.fill('[data-testid=gen-interval]', '0');
    await page.click('[data-testid=gen-start]');
    await waitFor('the run finished', () => page.$('[data-testid=gen-progress][data-state=finished]'));
    await page.click('[data-testid=clear-all]');
    await waitFor('the question', () => page.$('[data-testid=clear-all-confirm]'));
    for (const text of await page.evaluate(plainText)) found.push(`tools, after a run: ${text}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
  assert.deepEqual(found, [], `hard-coded text:\n${found.join('\n')}`);
});

test('the same screens in ar-XB run right to left, and in en-XA, ar-XB and German nothing overflows at any size', async () => {
  const found = [];
  for (const lang of ['en-XA', 'ar-XB', 'de']) {
    const { context, page, problems, show } = await busyBoard(lang);
    try {
      for (const view of VIEWS) {
        await show(view);
        const dir = await page.evaluate(() => document.documentElement.dir);
        assert.equal(dir, lang === 'ar-XB' ? 'rtl' : 'ltr', `${lang} ${view}`);
        for (const [screen, width, height] of SCREENS) {
          await page.setViewportSize({ width, height });
          await page.evaluate(() => new Promise(requestAnimationFrame));
          // The kitchen wall fits its page to the new size (and to long words) over a frame or two.
          await waitFor(`the wall fitted (${lang} ${view} ${screen})`, () => page.evaluate(() => !document.querySelector('[data-fitting]')));
          for (const what of await page.evaluate(overflowing)) found.push(`${lang} ${view} ${screen}: ${what}`);
        }
        await page.setViewportSize({ width: 1920, height: 1080 });
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(found, [], `overflowing:\n${found.join('\n')}`);
});
