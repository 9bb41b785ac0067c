// A restaurant's own setup: its menu (config.json, a menu file, a retained topic; a broken one refused),
// its currency and number format, printed tickets, and clearing the board at the end of the day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  serveDist, openBoard, mosquittoPub, waitFor, useSharedWorld, broker, browser, site, screenshotsOf, cardIds,
  orderJson, retainedStatuses,
} from './harness.mjs';

useSharedWorld();

let topics = 0;
const topicFor = (name) => `noodles/${name}-${process.pid}-${++topics}/orders`;
const menuTopic = (topic) => `${topic.slice(0, topic.lastIndexOf('/'))}/menu`;
const NOODLES = [
  { name: 'Pho Bo', category: 'Soup', price: 12.5 },
  { name: 'Bun Cha', category: 'Soup', price: 11 },
  { name: 'Banh Mi', category: 'Sandwich', price: 8.25 },
  { name: 'Iced Coffee', category: 'Drinks', price: 4 },
];
// Stamped now: the tickets age from their own time.
const order = (id, customer, items, extra = {}) =>
  orderJson(id, customer, items, { timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), ...extra });
/** Publishes a retained message (an empty one deletes it). */
const retain = (topic, payload) => new Promise((resolve, reject) => execFile('mosquitto_pub',
  ['-h', '127.0.0.1', '-p', String(broker.mqttPort), '-i', `e2e-retain-${process.pid}-${Date.now()}`, '-r', '-q', '1', '-t', topic,
    ...(payload ? ['-m', payload] : ['-n'])], (e) => (e ? reject(e) : resolve())));
const menuNames = (page) => page.$$eval('[data-testid=menu] .menu-name', (els) => els.map((e) => e.textContent));
const sections = (page) => page.$$eval('[data-testid=menu] legend', (els) => els.map((e) => e.textContent));
const text = (page, id) => page.$eval(`[data-testid=${id}]`, (el) => el.textContent.replace(/\s/g, ' '));

async function boardOn(origin, topic, extra = {}) {
  const context = await browser.newContext();
  const { page, problems } = await openBoard(context, origin, broker.wsUrl, topic, null, extra);
  return { context, page, problems };
}

test('a menu in config.json is the form\'s, the stations\' and the generator\'s, and beats a retained one', async () => {
  const own = await serveDist({ '/config.json': JSON.stringify({ menu: NOODLES }) });
  const topic = topicFor('config');
  const { context, page, problems } = await boardOn(own.origin, topic);
  try {
    await waitFor('the noodle menu', async () => (await menuNames(page)).join() === NOODLES.map((d) => d.name).join());
    assert.deepEqual(await sections(page), ['Soup', 'Sandwich', 'Drinks']);
    assert.match(await text(page, 'menu-info'), /4 dishes in 3 sections, from config\.json/);
    const stations = await page.$$eval('[data-testid=station] option', (els) => els.map((e) => e.textContent));
    // The menu's stations, then "Other" for dishes not on it.
    assert.deepEqual(stations, ['All', 'Soup', 'Sandwich', 'Drinks', 'Other']);
    // An order with a dish of this menu belongs to its station; one from elsewhere is still shown.
    await mosquittoPub(broker.mqttPort, topic, order('N-1', 'Lan', [{ name: 'Pho Bo', quantity: 2, price: 12.5 }, { name: 'Iced Coffee', quantity: 1, price: 4 }]));
    await mosquittoPub(broker.mqttPort, topic, order('N-2', 'Other', [{ name: 'Margherita Pizza', quantity: 1, price: 12.99 }]));
    await waitFor('two tickets', async () => (await cardIds(page)).length === 2);
    await page.selectOption('[data-testid=station]', 'Soup');
    await waitFor('the soup station', async () => (await cardIds(page)).join() === 'N-1');
    assert.deepEqual(await page.$$eval('[data-order-id="N-1"] .items .name', (els) => els.map((e) => e.textContent)), ['Pho Bo']);
    // The generator's orders come from this menu.
    await page.fill('[data-testid=gen-count]', '5');
    await page.fill('[data-testid=gen-interval]', '0');
    await page.click('[data-testid=gen-start]');
    await page.selectOption('[data-testid=station]', '');
    // A run schedules a few of its orders for later: those wait in the Later lane, not as cards.
    const later = async () => Number(await text(page, 'later-count'));
    await waitFor('seven orders', async () => Number(await text(page, 'open-count')) + await later() === 7, 20000);
    const dishes = await page.$$eval('[data-testid=order-card]:not([data-order-id^="N-"]) .items .name', (els) => els.map((e) => e.textContent));
    assert.ok(dishes.length >= 5 - await later() && dishes.every((d) => NOODLES.some((n) => n.name === d)), dishes.join());
    // A retained menu does not replace the one config.json gives: after a reload the retained menu comes
    // with the subscription, before an order published later — and the menu is still config.json's.
    await retain(menuTopic(topic), JSON.stringify([{ name: 'Other Dish', category: 'X', price: 1 }]));
    await page.reload();
    await waitFor('subscribed again', () => page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, topic).catch(() => false));
    await mosquittoPub(broker.mqttPort, topic, order('N-3', 'After', [{ name: 'Banh Mi', quantity: 1, price: 8.25 }]));
    await waitFor('the later order', async () => (await cardIds(page)).includes('N-3'));
    assert.equal((await menuNames(page)).join(), NOODLES.map((d) => d.name).join());
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await own.close();
    await retain(menuTopic(topic), '');
  }
});

test('a menu file named in config.json is used, and a missing one is said in words', async () => {
  const own = await serveDist({
    '/config.json': JSON.stringify({ menu_url: 'menu.json' }),
    '/menu.json': JSON.stringify({ menu: NOODLES.slice(0, 2) }),
  });
  const missing = await serveDist({ '/config.json': JSON.stringify({ menu_url: 'gone.json' }) });
  const a = await boardOn(own.origin, topicFor('file'));
  const b = await boardOn(missing.origin, topicFor('file-missing'));
  try {
    await waitFor('the menu file', async () => (await menuNames(a.page)).join() === 'Pho Bo,Bun Cha');
    assert.match(await text(a.page, 'menu-info'), /from the menu file/);
    const problem = await waitFor('the missing file said', () => text(b.page, 'menu-problem').catch(() => null));
    assert.equal(problem, 'The menu in gone.json was not used: the menu file gone.json is not on the server (404). The board keeps the built-in demo menu.');
    assert.ok((await menuNames(b.page)).includes('Margherita Pizza'), 'the demo menu stays');
  } finally {
    await a.context.close();
    await b.context.close();
    await own.close();
    await missing.close();
  }
});

test('a retained menu on the topic updates every board, and a malformed one is refused with its reason', async () => {
  const topic = topicFor('retained');
  const a = await boardOn(site.origin, topic);
  try {
    // Retained: a board opened later gets it too.
    await retain(menuTopic(topic), JSON.stringify(NOODLES));
    await waitFor('the published menu on the open board', async () => (await menuNames(a.page)).includes('Banh Mi'));
    const late = await boardOn(site.origin, topic);
    try {
      await waitFor('the retained menu on a board opened later', async () => (await menuNames(late.page)).includes('Banh Mi'));
      assert.match(await text(late.page, 'menu-info'), /published on the menu topic/);
    } finally {
      await late.context.close();
    }
    await mosquittoPub(broker.mqttPort, menuTopic(topic), JSON.stringify([{ name: 'Pho Bo', category: 'Soup', price: 'cheap' }]));
    const problem = await waitFor('the refusal', () => text(a.page, 'menu-problem').catch(() => null));
    assert.equal(problem, `The menu published on ${menuTopic(topic)} was not used: menu item 1 (Pho Bo) has no price as a number. The board keeps published on the menu topic.`);
    assert.ok((await menuNames(a.page)).includes('Banh Mi'), 'the previous menu stays in use');
    await screenshotsOf(a.page, 'menu-refused');
  } finally {
    await a.context.close();
    await retain(menuTopic(topic), '');
  }
});

test('amounts follow the restaurant\'s currency and locale: EUR in de-DE, JPY without decimals; the wire keeps plain numbers', async () => {
  const topic = topicFor('money');
  const eur = await boardOn(site.origin, topic, { currency: 'EUR', locale: 'de-DE' });
  const jpyHost = await serveDist({ '/config.json': JSON.stringify({ currency: 'JPY', locale: 'en-US' }) });
  const jpy = await boardOn(jpyHost.origin, topic);
  try {
    await mosquittoPub(broker.mqttPort, topic, order('M-1', 'Jürgen', [{ name: 'Margherita Pizza', quantity: 2, price: 1299.5 }]));
    for (const { page } of [eur, jpy]) await waitFor('the ticket', async () => (await cardIds(page)).includes('M-1'));
    assert.equal(await text(eur.page, 'total'), '2.599,00 €');
    assert.equal(await eur.page.$eval('[data-order-id="M-1"] .items .price', (el) => el.textContent.replace(/\s/g, ' ')), '2.599,00 €');
    assert.equal(await text(eur.page, 'revenue'), '2.599,00 €');
    assert.equal(await text(jpy.page, 'total'), '¥2,599');
    assert.match(await jpy.page.$eval('[data-testid=menu] .price', (el) => el.textContent), /^¥13$/, 'JPY has no decimals');
    const bad = await boardOn(site.origin, topic, { currency: 'EURO' });
    try {
      const problem = await waitFor('a bad code said', () => bad.page.$eval('.topbar .error', (el) => el.textContent).catch(() => null));
      assert.equal(problem, 'currency "EURO" is not a three-letter ISO 4217 code like EUR or JPY');
    } finally {
      await bad.context.close();
    }
    await screenshotsOf(eur.page, 'money-eur');
  } finally {
    await eur.context.close();
    await jpy.context.close();
    await jpyHost.close();
  }
});

test('a ticket prints on an 80 mm receipt with nothing else of the page, and a kiosk can print each new one', async () => {
  const topic = topicFor('print');
  const context = await browser.newContext();
  // Headless Chromium has no printer: the page's print() is counted instead.
  await context.addInitScript(() => { window.__prints = 0; window.print = () => { window.__prints += 1; }; });
  const { page, problems } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'kitchen' });
  try {
    await mosquittoPub(broker.mqttPort, topic, order('P-1', 'Grace Hopper', [
      { name: 'Margherita Pizza', quantity: 2, price: 12.99 }, { name: 'Iced Tea', quantity: 1, price: 2.99 },
    ], { special_instructions: 'Food allergy: nuts' }));
    await waitFor('the ticket', async () => (await cardIds(page)).includes('P-1'));
    await page.click('[data-order-id="P-1"] [data-testid=print]');
    await waitFor('print() called', () => page.evaluate(() => window.__prints === 1));
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 302, height: 420 }); // 80 mm at 96 dpi
    const paper = await page.evaluate(() => ({
      visible: [...document.body.children].filter((el) => getComputedStyle(el).display !== 'none').map((el) => el.className),
      lines: [...document.querySelectorAll('.print-ticket > p, .print-ticket li')].map((el) => el.textContent),
      bold: getComputedStyle(document.querySelector('.print-instructions')).fontWeight,
    }));
    assert.deepEqual(paper.visible, ['print-area']);
    assert.equal(paper.lines.length, 5, paper.lines.join(' | '));
    assert.equal(paper.lines[0], 'Grace Hopper');
    assert.match(paper.lines[1], /^#P-1 · \d\d:\d\d:\d\d$/);
    assert.deepEqual(paper.lines.slice(2), ['2 × Margherita Pizza', '1 × Iced Tea', '⚠ Food allergy: nuts']);
    assert.ok(Number(paper.bold) >= 700, `instructions weight ${paper.bold}`);
    await page.screenshot({ path: new URL('../../target/e2e-artifacts/print-ticket.png', import.meta.url).pathname });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 800 });

    // A kiosk at the pass: each new ticket prints by itself.
    await page.click('[data-testid=tools-menu]');
    await page.check('[data-testid=print-new]');
    await mosquittoPub(broker.mqttPort, topic, order('P-2', 'Ada', [{ name: 'Iced Tea', quantity: 3, price: 2.99 }]));
    await waitFor('the new ticket printed', () => page.evaluate(() => window.__prints === 2));
    assert.match(await page.$eval('[data-testid=print-area]', (el) => el.textContent), /Ada.*3 × Iced Tea/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the end of the day clears finished tickets, and everything only after a second yes, on the broker too', async () => {
  const topic = topicFor('day');
  const { context, page, problems } = await boardOn(site.origin, topic, { view: 'tools' });
  const all = await boardOn(site.origin, topic);
  try {
    for (const [i, name] of ['Ada', 'Alan', 'Grace', 'Edsger'].entries()) {
      await mosquittoPub(broker.mqttPort, topic, order(`D-${i + 1}`, name, [{ name: 'Iced Tea', quantity: 1, price: 2.99 }]));
    }
    await waitFor('four tickets', async () => (await cardIds(all.page)).length === 4);
    const at = new Date().toISOString();
    await mosquittoPub(broker.mqttPort, `${topic}/D-1/status`, JSON.stringify({ order_id: 'D-1', status: 'served', at }));
    await mosquittoPub(broker.mqttPort, `${topic}/D-2/status`, JSON.stringify({ order_id: 'D-2', status: 'cancelled', at }));
    await waitFor('two finished', async () => (await text(page, 'clear-finished')) === 'Clear finished (2)');
    await page.click('[data-testid=clear-finished]');
    assert.equal(await text(page, 'cleared'), 'Cleared 2 tickets.');
    await waitFor('their statuses deleted on the broker', async () =>
      !(await retainedStatuses(broker.mqttPort, topic)).some((s) => ['D-1', 'D-2'].includes(s.order_id)));
    // Everything: asked first; "Keep them" keeps them. (The other board goes home first: a board still
    // open keeps its tickets and would make them reachable again.)
    await all.context.close();
    await page.click('[data-testid=clear-all]');
    assert.equal(await text(page, 'clear-all-confirm'),
      'Clear all 2 tickets, open ones too, from this board and the broker\'s saved statuses? Other screens keep theirs: "Close the day…" clears every screen. Yes, clear everything Keep them');
    await page.click('[data-testid=clear-all-no]');
    assert.equal(await page.$('[data-testid=clear-all-confirm]'), null);
    await page.click('[data-testid=clear-all]');
    await screenshotsOf(page, 'clear-all-confirm');
    await page.click('[data-testid=clear-all-yes]');
    assert.equal(await text(page, 'cleared'), 'Cleared 2 tickets.');
    // Nothing comes back: not after a reload, not on a board opened tomorrow.
    await waitFor('no retained status left', async () => (await retainedStatuses(broker.mqttPort, topic)).length === 0, 20000);
    await page.reload();
    await waitFor('the board subscribed again', () =>
      page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, topic).catch(() => false));
    const tomorrow = await boardOn(site.origin, topic);
    try {
      // Subscribed, and an order published after it is there: whatever was retained has come first.
      await mosquittoPub(broker.mqttPort, topic, order('D-9', 'Tomorrow', [{ name: 'Iced Tea', quantity: 1, price: 2.99 }]));
      await waitFor('the new order', async () => (await cardIds(tomorrow.page)).includes('D-9'));
      assert.equal(await text(tomorrow.page, 'open-count'), '1', 'a cleared ticket came back');
    } finally {
      await tomorrow.context.close();
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await all.context.close();
  }
});
