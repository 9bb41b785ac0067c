// What a ticket says beyond the seed: modifiers and a note per line, order type, table and guests, rush and
// scheduled orders — from a Python paho client like the seed's, from our counter to the seed's subscriber,
// and on the kitchen wall, its print area and its CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  openBoard, mosquittoPub, orderJson, waitFor, useSharedWorld, broker, site, browser, screenshotsOf, serveDist,
  repoRoot,
} from './harness.mjs';

useSharedWorld();

// Debian's python3 has Debian's paho-mqtt (setup.sh installs python3-paho-mqtt), whatever python3 is on PATH.
const PYTHON = '/usr/bin/python3';
const seedScript = (name) => path.join(repoRoot, 'tests', 'e2e', 'seed', name);

function pahoPublish(topic, order) {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [seedScript('paho_order.py'), String(broker.mqttPort), topic, JSON.stringify(order)],
      { timeout: 20000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message} ${stderr}`)) : resolve(stdout)));
  });
}

/** The seed-style Python subscriber: resolves once subscribed; `next()` is its next printed order. */
async function pahoSubscriber(topic) {
  const child = spawn(PYTHON, [seedScript('paho_subscriber.py'), String(broker.mqttPort), topic]);
  const lines = [];
  let buffer = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    buffer += d;
    const parts = buffer.split('\n');
    buffer = parts.pop();
    lines.push(...parts.filter(Boolean));
  });
  child.stderr.on('data', (d) => { stderr += d; });
  await waitFor('the Python subscriber subscribed', () => lines.includes('ready') || (stderr && Promise.reject(new Error(stderr))));
  return {
    next: () => waitFor('an order at the Python subscriber', () => {
      const at = lines.findIndex((l) => l !== 'ready');
      return at >= 0 && JSON.parse(lines.splice(at, 1)[0]);
    }),
    stop: () => child.kill(),
  };
}

const EVERY_DETAIL = (id) => ({
  order_id: id, customer_name: 'Ada Lovelace', timestamp: new Date().toISOString(), special_instructions: null,
  order_type: 'dine_in', table: '12', guests: 4, priority: 'rush',
  items: [
    { name: 'Margherita Pizza', quantity: 1, price: 14.49, note: 'well done',
      modifiers: [{ name: 'Extra cheese', price: 1.50 }, { name: 'No basil' }] },
    { name: 'Iced Tea', quantity: 2, price: 2.99, note: 'Lactose intolerant' },
  ],
  total_amount: 20.47,
});

async function screen(topic, extra = {}, origin = site.origin) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1920, height: 1080 } });
  const { page, problems } = await openBoard(context, origin, broker.wsUrl, topic, null, extra);
  return { context, page, problems };
}

const card = (id) => `[data-testid=order-card][data-order-id="${id}"]`;
const texts = (page, selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent.trim()));

test('an order from a Python paho client with every detail shows on the kitchen card, the print area and the CSV', async () => {
  const topic = `restaurant/orders/details-${Date.now()}`;
  const kitchen = await screen(topic, { view: 'kitchen' });
  const tools = await screen(topic);
  try {
    await pahoPublish(topic, EVERY_DETAIL('DET-1'));
    await waitFor('the card', () => kitchen.page.$(card('DET-1')));
    const c = card('DET-1');
    assert.deepEqual(await kitchen.page.$eval(c, (el) => [el.dataset.priority, el.dataset.orderType]), ['rush', 'dine_in']);
    assert.ok(await kitchen.page.isVisible(`${c} [data-testid=rush-badge]`), 'RUSH shows');
    assert.equal(await kitchen.page.textContent(`${c} [data-testid=table]`), 'Table 12');
    assert.equal(await kitchen.page.textContent(`${c} [data-testid=guests]`), '4 guests');
    assert.equal(await kitchen.page.textContent(`${c} [data-testid=order-type]`), 'Dine in');
    assert.deepEqual(await texts(kitchen.page, `${c} [data-testid=modifier]`), ['Extra cheese', 'No basil']);
    assert.deepEqual(await kitchen.page.$$eval(`${c} [data-testid=modifier]`, (els) => els.map((e) => e.classList.contains('without'))),
      [false, true], 'a "No …" stands out');
    assert.deepEqual(await texts(kitchen.page, `${c} [data-testid=line-note]`), ['well done', '⚠ Lactose intolerant']);
    // The menu says the pizza has gluten and milk: milk is what the note asks about.
    assert.equal(await kitchen.page.textContent(`${c} [data-testid=allergens-named]`), 'milk');
    assert.equal(await kitchen.page.textContent(`${c} [data-testid=allergens]`), 'gluten');
    // Readable from 3 m: the table is no smaller than the dishes.
    const size = (sel) => kitchen.page.$eval(sel, (el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(await size(`${c} [data-testid=table]`) >= await size(`${c} .items .name`), 'the table is large');
    assert.equal(await kitchen.page.$(`${c} [data-testid=price-warning]`), null, 'its extra costs what the menu says');
    await screenshotsOf(kitchen.page, 'ticket-details');
    // An extra priced otherwise than on the menu is said on the ticket, like a wrong total; the order stands.
    const dear = { ...EVERY_DETAIL('DET-2'), priority: null };
    dear.items = [{ name: 'Margherita Pizza', quantity: 1, price: 14.99, modifiers: [{ name: 'Extra cheese', price: 2.00 }] }];
    dear.total_amount = 14.99;
    await mosquittoPub(broker.mqttPort, topic, JSON.stringify(dear));
    await waitFor('the second card', () => kitchen.page.$(card('DET-2')));
    assert.equal(await kitchen.page.textContent(`${card('DET-2')} [data-testid=price-warning]`),
      'Margherita Pizza: "Extra cheese" is +$2.00 on the order, +$1.50 on the menu.');

    // The print area carries the same.
    await kitchen.page.evaluate(() => { window.print = () => {}; });
    await kitchen.page.click(`${c} [data-testid=print]`);
    const paper = await kitchen.page.$$eval('.print-ticket > p, .print-ticket li', (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
    assert.ok(paper.includes('RUSH · Dine in · Table 12 · 4 guests'), paper.join(' | '));
    assert.ok(paper.some((l) => l.startsWith('1 × Margherita Pizza') && l.includes('Extra cheese, No basil') && l.includes('well done')), paper.join(' | '));

    // And the CSV, a row per line.
    await waitFor('both cards on the tools view', async () => (await tools.page.$(card('DET-1'))) && tools.page.$(card('DET-2')));
    const [download] = await Promise.all([tools.page.waitForEvent('download'), tools.page.click('[data-testid=export-csv]')]);
    const rows = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    assert.equal(rows.length, 4);
    assert.ok(rows[1].includes(',Extra cheese (+1.50); No basil,well done,dine_in,12,4,rush,'), rows[1]);
    assert.ok(rows[2].includes(',,Lactose intolerant,dine_in,12,4,rush,'), rows[2]);
    assert.deepEqual([...kitchen.problems, ...tools.problems], []);
  } finally {
    await kitchen.context.close();
    await tools.context.close();
  }
});

test('an order placed at the counter with choices reaches mosquitto_sub and the seed-style subscriber, whose sum equals its total', async () => {
  const topic = `restaurant/orders/details-counter-${Date.now()}`;
  const python = await pahoSubscriber(topic);
  const raw = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker.mqttPort), '-t', topic, '-q', '1', '-C', '1', '-i', `e2e-details-${process.pid}`]);
  let rawOut = '';
  raw.stdout.on('data', (d) => { rawOut += d; });
  const counter = await screen(topic, { view: 'counter' });
  try {
    const page = counter.page;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.fill('[data-testid=customer-name]', 'Grace');
    // A pizza with choices and a note, by keyboard and taps; then a plain one: two lines of one dish.
    await page.click('[data-testid=choose-0]');
    await page.check('[data-testid=choices] [data-choice="Large"]');
    await page.check('[data-testid=choices] [data-choice="No basil"]');
    await page.fill('[data-testid=line-note-input]', 'well done');
    await screenshotsOf(page, 'counter-choices');
    await page.click('[data-testid=add-line]');
    await page.click('[data-testid=add-0]');
    await page.selectOption('[data-testid=order-type]', 'dine_in');
    await page.fill('[data-testid=table]', '7');
    await page.fill('[data-testid=guests]', '2');
    await page.check('[data-testid=rush]');
    // 12.99 + 3.00 (large), and a plain 12.99.
    assert.equal(await page.textContent('[data-testid=form-total]'), '$28.98');
    await screenshotsOf(page, 'counter-details');
    await page.click('[data-testid=place-order]');
    const heard = await python.next();
    assert.equal(heard.customer_name, 'Grace');
    assert.equal(heard.sum, heard.total, 'Σ price × quantity is the total for a reader of the seed');
    assert.equal(heard.total, 28.98);
    await waitFor('mosquitto_sub got it', () => rawOut.includes('\n') || rawOut.endsWith('}'));
    const order = JSON.parse(rawOut);
    assert.equal(order.items.length, 2, 'two lines of the same dish');
    assert.deepEqual(order.items[0].modifiers.map((m) => m.name), ['Regular'], 'the plain pizza: the required size');
    assert.deepEqual(order.items[1].modifiers, [{ name: 'Large', price: 3.00 }, { name: 'No basil' }]);
    assert.equal(order.items[1].note, 'well done');
    assert.equal(order.items[1].price, 15.99);
    assert.deepEqual([order.order_type, order.table, order.guests, order.priority], ['dine_in', '7', 2, 'rush']);
    assert.deepEqual(counter.problems, []);
  } finally {
    python.stop();
    raw.kill();
    await counter.context.close();
  }
});

test('a rush order published first stays first on the kitchen wall and the expo as older orders arrive', async () => {
  const topic = `restaurant/orders/details-rush-${Date.now()}`;
  const kitchen = await screen(topic, { view: 'kitchen' });
  const expo = await screen(topic, { view: 'expo' });
  try {
    const tea = [{ name: 'Iced Tea', quantity: 1, price: 2.99 }];
    const minutesAgo = (m) => new Date(Date.now() - m * 60000).toISOString();
    await mosquittoPub(broker.mqttPort, topic, orderJson('R-RUSH', 'Rush', tea, { priority: 'rush', timestamp: minutesAgo(1) }));
    await waitFor('the rush card', () => kitchen.page.$(card('R-RUSH')));
    for (const [id, m] of [['R-OLD', 5], ['R-OLDER', 9]]) {
      await mosquittoPub(broker.mqttPort, topic, orderJson(id, id, tea, { timestamp: minutesAgo(m) }));
    }
    const order = (page, sel) => page.$$eval(sel, (els) => els.map((e) => e.dataset.orderId));
    await waitFor('three on the wall, rush first', async () =>
      JSON.stringify(await order(kitchen.page, '[data-testid=order-card]')) === JSON.stringify(['R-RUSH', 'R-OLDER', 'R-OLD']));
    await waitFor('the expo too', async () =>
      JSON.stringify(await order(expo.page, '[data-testid=expo-card]')) === JSON.stringify(['R-RUSH', 'R-OLDER', 'R-OLD']));
    assert.deepEqual([...kitchen.problems, ...expo.problems], []);
  } finally {
    await kitchen.context.close();
    await expo.context.close();
  }
});

test('a scheduled order waits in Later with its start time and moves onto the board when it is time to start', async () => {
  const topic = `restaurant/orders/details-later-${Date.now()}`;
  // A dish that takes one minute, due in two: it starts one minute from now.
  const menu = { menu: [{ name: 'Quick Soup', category: 'Soup', price: 5, prep_minutes: 1 }] };
  const own = await serveDist({ '/config.json': JSON.stringify({ menu_url: 'menu.json' }), '/menu.json': JSON.stringify(menu) });
  const kitchen = await screen(topic, { view: 'kitchen' }, own.origin);
  try {
    await waitFor('the menu in use', () => kitchen.page.evaluate(() => true));
    const due = new Date(Date.now() + 2 * 60000);
    await mosquittoPub(broker.mqttPort, topic, orderJson('L-1', 'Later', [{ name: 'Quick Soup', quantity: 1, price: 5 }],
      { timestamp: new Date().toISOString(), due_at: due.toISOString(), order_type: 'takeout' }));
    await waitFor('in the Later lane', () => kitchen.page.$('[data-testid=scheduled][data-order-id="L-1"]'));
    assert.equal(await kitchen.page.$(card('L-1')), null, 'not on the board yet');
    const starts = await kitchen.page.textContent('[data-testid=scheduled][data-order-id="L-1"]');
    const hhmm = (d) => d.toTimeString().slice(0, 5);
    assert.ok(starts.includes(`starts ${hhmm(new Date(due - 60000))}`), starts);
    await screenshotsOf(kitchen.page, 'later-lane');
    await waitFor('on the board at its start', () => kitchen.page.$(card('L-1')), 100000);
    assert.ok(Date.now() >= due - 60000 - 1000, 'not before its start');
    assert.equal(await kitchen.page.$('[data-testid=scheduled][data-order-id="L-1"]'), null);
    assert.equal(await kitchen.page.$eval(card('L-1'), (el) => el.dataset.ageFrom), 'scheduled');
    assert.deepEqual(kitchen.problems, []);
  } finally {
    await kitchen.context.close();
    await own.close();
  }
});
