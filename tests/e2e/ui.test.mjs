// Each panel end to end: the order form, the generator, settings sources, search and sort, and a screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  serveDist, openBoard, mosquittoPub, subscribeReady, validateWithRust, waitFor, repoRoot, useSharedWorld,
  broker, site, browser,
} from './harness.mjs';

useSharedWorld();

const topicFor = (name) => `restaurant/orders/ui-${name}-${Date.now()}`;
const text = (page, testid) => page.$eval(`[data-testid=${testid}]`, (el) => el.textContent);

test('the order form publishes exactly the order that was entered', async () => {
  const topic = topicFor('form');
  const { page, problems } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  const sub = await subscribeReady(broker.mqttPort, topic);
  try {
    await page.fill('[data-testid=customer-name]', '  Grace Okafor ');
    await page.click('[data-testid=add-0]'); // Margherita Pizza, 12.99
    await page.click('[data-testid=add-0]');
    await page.click('[data-testid=add-21]'); // Iced Tea, 2.99
    await page.fill('[data-testid=special-instructions]', 'Food allergy: nuts');
    assert.equal(await text(page, 'form-total'), '$28.97');
    await page.click('[data-testid=place-order]');

    const payload = await sub.next();
    await validateWithRust(payload);
    const order = JSON.parse(payload);
    assert.equal(order.customer_name, 'Grace Okafor');
    // The menu requires a pizza's size: a plain tap sends its first option, at the menu's price.
    assert.deepEqual(order.items, [
      { name: 'Margherita Pizza', quantity: 2, price: 12.99, modifiers: [{ name: 'Regular' }] },
      { name: 'Iced Tea', quantity: 1, price: 2.99 },
    ]);
    assert.equal(order.total_amount, 28.97);
    assert.equal(order.special_instructions, 'Food allergy: nuts');
    assert.match(order.order_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(payload, /"total_amount":28\.97,/);

    await waitFor('the order to be acknowledged', () => page.$eval(
      `[data-testid=publish-record][data-order-id="${order.order_id}"]`, (el) => el.dataset.state === 'acknowledged'));
    // The form is ready for the next order.
    assert.equal(await page.inputValue('[data-testid=customer-name]'), '');
    assert.equal(await text(page, 'form-total'), '$0.00');
    // The card on the board marks the allergy.
    await waitFor('the card with an allergy warning', () =>
      page.$(`[data-testid=order-card][data-order-id="${order.order_id}"] .instructions.allergy`));
    assert.deepEqual(problems, []);
  } finally {
    sub.stop();
    await page.close();
  }
});

test('an incomplete form says what is missing and publishes nothing', async () => {
  const topic = topicFor('form-invalid');
  const { page } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  await page.click('[data-testid=place-order]');
  const errors = await page.$$eval('.order-form .field-error', (els) => els.map((e) => e.textContent));
  assert.deepEqual(errors, ["Enter the customer's name", 'Pick at least one item']);
  assert.equal(await page.$$eval('[data-testid=publish-record]', (els) => els.length), 0);
  // Typed text survives a reload (the draft is kept in the browser).
  await page.fill('[data-testid=customer-name]', 'Half-typed');
  await page.click('[data-testid=add-3]');
  await page.reload();
  await waitFor('the draft to come back', async () =>
    (await page.inputValue('[data-testid=customer-name]')) === 'Half-typed');
  assert.equal(await page.inputValue('[data-testid=qty-3]'), '1');
  await page.close();
});

/** Runs the generator with a seed and returns the payloads mosquitto_sub received. */
async function generatorRun(topic, seed, count) {
  const { page, problems } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  const sub = await subscribeReady(broker.mqttPort, topic);
  try {
    await page.fill('[data-testid=gen-count]', String(count));
    await page.fill('[data-testid=gen-interval]', '0');
    await page.fill('[data-testid=gen-seed]', String(seed));
    await page.click('[data-testid=gen-start]');
    const payloads = [];
    for (let i = 0; i < count; i++) payloads.push(await sub.next());
    await waitFor('the run to finish', () =>
      page.$eval('[data-testid=gen-progress]', (el) => el.dataset.state === 'finished'));
    assert.equal(await text(page, 'gen-progress-text'), `Order ${count}/${count}`);
    assert.equal(await text(page, 'gen-acknowledged'), String(count));
    assert.equal(await text(page, 'gen-failed'), '0');
    assert.deepEqual(problems, []);
    return payloads;
  } finally {
    sub.stop();
    await page.close();
  }
}

test('a seeded generator run of 25 at interval 0 publishes the same 25 orders every time', async () => {
  const first = await generatorRun(topicFor('gen-a'), 4242, 25);
  const second = await generatorRun(topicFor('gen-b'), 4242, 25);
  const other = await generatorRun(topicFor('gen-c'), 4243, 25);
  // Timestamps are the time of publishing; everything else comes from the seed.
  const strip = (p) => { const o = JSON.parse(p); delete o.timestamp; return o; };
  assert.equal(first.length, 25);
  assert.equal(new Set(first.map((p) => JSON.parse(p).order_id)).size, 25);
  assert.deepEqual(first.map(strip), second.map(strip));
  assert.notDeepEqual(first.map(strip), other.map(strip));
  for (const p of first.slice(0, 3)) await validateWithRust(p);
});

test('settings come from config.json next to index.html when the URL has none', async () => {
  const topic = topicFor('config');
  const configured = await serveDist({ '/config.json': JSON.stringify({ broker: broker.wsUrl, topic }) });
  try {
    const { page } = await openBoard(browser, configured.origin, null, topic);
    assert.equal(await page.inputValue('[data-testid=broker-url]'), broker.wsUrl);
    await mosquittoPub(broker.mqttPort, topic, JSON.stringify({
      order_id: 'ORD-CFG', customer_name: 'Config', items: [{ name: 'Tea', quantity: 1, price: 2 }], total_amount: 2,
    }));
    await waitFor('the card', () => page.$('[data-testid=order-card][data-order-id="ORD-CFG"]'));
    await page.close();
  } finally {
    await configured.close();
  }
});

test('the URL query wins over config.json', async () => {
  const topic = topicFor('query-wins');
  const configured = await serveDist({ '/config.json': JSON.stringify({ broker: 'ws://127.0.0.1:1', topic: 'elsewhere' }) });
  try {
    const { page } = await openBoard(browser, configured.origin, broker.wsUrl, topic);
    assert.equal(await page.inputValue('[data-testid=topic]'), topic);
    await page.close();
  } finally {
    await configured.close();
  }
});

test('search filters the board and the sort order can be flipped; a screenshot is kept', async () => {
  const topic = topicFor('search');
  const { page, problems } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  await page.setViewportSize({ width: 1400, height: 1000 });
  const names = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'];
  for (let i = 0; i < 20; i++) {
    const customer = names[i % names.length];
    await mosquittoPub(broker.mqttPort, topic, JSON.stringify({
      order_id: `ORD-${String(i).padStart(3, '0')}`,
      customer_name: customer,
      items: [{ name: 'Margherita Pizza', quantity: 1 + (i % 3), price: 12.99 }, { name: 'Coca-Cola', quantity: 1, price: 2.49 }],
      total_amount: Math.round(((1 + (i % 3)) * 1299 + 249)) / 100,
      timestamp: new Date(Date.now() - i * 60000).toISOString(),
      special_instructions: i % 4 === 0 ? 'Food allergy: nuts' : (i % 4 === 1 ? 'No onions' : null),
    }));
  }
  await mosquittoPub(broker.mqttPort, topic, '{"order_id":"ORD-BAD","customer_name":"","items":[]}');
  await waitFor('20 cards', async () => (await page.$$('[data-testid=order-card]')).length === 20);
  const firstId = () => page.$eval('[data-testid=order-card]', (el) => el.dataset.orderId);
  // In line by when each order was placed, not when it arrived: ORD-000 came first but was placed last.
  assert.equal(await firstId(), 'ORD-000');
  await page.click('[data-testid=sort-toggle]');
  await waitFor('oldest first', async () => (await firstId()) === 'ORD-019');

  await page.fill('[data-testid=search]', 'grace');
  await waitFor('4 matching cards', async () => (await page.$$('[data-testid=order-card]')).length === 4);
  await page.fill('[data-testid=search]', 'ord-007');
  await waitFor('1 matching card', async () => (await page.$$('[data-testid=order-card]')).length === 1);
  await page.fill('[data-testid=search]', '');
  await page.click('[data-testid=sort-toggle]');
  await waitFor('all cards again', async () => (await page.$$('[data-testid=order-card]')).length === 20);
  await page.click('[data-testid=rejected-panel] summary');

  const dir = path.join(repoRoot, 'target', 'e2e-artifacts');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, 'board.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('an order placed while disconnected waits as queued and is sent on reconnect', async () => {
  const topic = topicFor('queued');
  const { page } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  const sub = await subscribeReady(broker.mqttPort, topic);
  try {
    await page.click('.conn-settings summary');
    await page.click('[data-testid=disconnect]');
    await waitFor('offline', () => page.$eval('[data-testid=conn-state]', (el) => el.dataset.state === 'offline'));
    await page.click('[data-testid=publish-random]');
    await waitFor('a queued record', () =>
      page.$eval('[data-testid=publish-record]', (el) => el.dataset.state === 'queued'));
    await page.click('[data-testid=connect]');
    const payload = await sub.next();
    const id = JSON.parse(payload).order_id;
    await waitFor('acknowledged after reconnecting', () =>
      page.$eval('[data-testid=publish-record]', (el, i) => el.dataset.state === 'acknowledged' && el.dataset.orderId === i, id));
  } finally {
    sub.stop();
    await page.close();
  }
});

test('the order form can be completed with the keyboard alone', async () => {
  const topic = topicFor('keyboard');
  const { page } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  const active = () => page.evaluate(() => document.activeElement?.dataset?.testid ?? '');
  // Tab from the top of the page to the customer name.
  for (let i = 0; i < 200 && (await active()) !== 'customer-name'; i++) await page.keyboard.press('Tab');
  assert.equal(await active(), 'customer-name');
  await page.keyboard.type('Keyboard Kim');
  // The first dish's name (its choices), then — its "−" disabled at zero — its quantity and its "+".
  await page.keyboard.press('Tab');
  assert.equal(await active(), 'choose-0');
  await page.keyboard.press('Tab');
  assert.equal(await active(), 'qty-0');
  await page.keyboard.press('Tab');
  assert.equal(await active(), 'add-0');
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('[data-testid=qty-0]'), '2');
  // The choices open from the keyboard too: Enter on the name, Tab to "Add to order", Enter.
  await page.focus('[data-testid=choose-0]');
  await page.keyboard.press('Enter');
  await waitFor('the choices', () => page.$('[data-testid=choices]'));
  for (let i = 0; i < 10 && (await active()) !== 'choice'; i++) await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowRight'); // the size: from Regular to Large
  for (let i = 0; i < 40 && (await active()) !== 'line-note-input'; i++) await page.keyboard.press('Tab');
  await page.keyboard.type('cut in half');
  await page.keyboard.press('Tab');
  assert.equal(await active(), 'add-line');
  await page.keyboard.press('Enter');
  await waitFor('the line with choices', () => page.$('[data-testid=custom-line]'));
  assert.match(await page.textContent('[data-testid=custom-line]'), /1 × Margherita Pizza — Large · cut in half/);
  // Enter in a text field submits the form.
  await page.focus('[data-testid=customer-name]');
  await page.keyboard.press('Enter');
  await waitFor('the order to be acknowledged', () =>
    page.$eval('[data-testid=publish-record]', (el) => el.dataset.state === 'acknowledged'));
  assert.match(await page.$eval('[data-testid=publish-record]', (el) => el.textContent), /Keyboard Kim — 3 items, \$41\.97/);
  await page.close();
});

test('pausing holds the generator and stopping leaves every order whole', async () => {
  const topic = topicFor('gen-stop');
  const { page } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  const sub = await subscribeReady(broker.mqttPort, topic);
  try {
    await page.fill('[data-testid=gen-count]', '100000');
    await page.fill('[data-testid=gen-interval]', '0.02');
    await page.click('[data-testid=gen-start]');
    const published = async () => Number(await text(page, 'gen-published'));
    await waitFor('some orders', async () => (await published()) >= 5);
    await page.click('[data-testid=gen-pause]');
    await waitFor('paused', () => page.$eval('[data-testid=gen-progress]', (el) => el.dataset.state === 'paused'));
    const atPause = await published();
    // Held: the count does not move while paused (checked across several of its intervals).
    const stillHeld = await page.evaluate(() => new Promise((resolve) => {
      const before = document.querySelector('[data-testid=gen-published]').textContent;
      setTimeout(() => resolve(document.querySelector('[data-testid=gen-published]').textContent === before), 300);
    }));
    assert.ok(stillHeld, 'no orders while paused');
    assert.equal(await published(), atPause);
    await page.click('[data-testid=gen-pause]'); // resume
    await waitFor('more orders after resuming', async () => (await published()) >= atPause + 5);
    await page.click('[data-testid=gen-stop]');
    await waitFor('stopped', () => page.$eval('[data-testid=gen-progress]', (el) => el.dataset.state === 'stopped'));
    const total = await published();
    await waitFor('every stopped order acknowledged', async () => Number(await text(page, 'gen-acknowledged')) === total);
    // mosquitto_sub got exactly those orders, each a complete valid order.
    const ids = new Set();
    for (let i = 0; i < total; i++) ids.add(JSON.parse(await sub.next()).order_id);
    assert.equal(ids.size, total);
    assert.equal(await published(), total, 'nothing more after stop');
  } finally {
    sub.stop();
    await page.close();
  }
});
