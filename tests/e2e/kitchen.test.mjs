// The kitchen across screens: two boards (and a third, later) converge on order statuses over MQTT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  startMosquitto, openBoard, mosquittoPub, mosquittoPubLines, waitFor, repoRoot, useSharedWorld, broker, site,
  browser, screenshotsOf, retainedStatuses,
} from './harness.mjs';

useSharedWorld();

const ORDERS = [
  { order_id: 'ORD-K1', customer_name: 'Ada', items: [{ name: 'Margherita Pizza', quantity: 2, price: 12.99 }, { name: 'Coca-Cola', quantity: 1, price: 2.49 }], total_amount: 28.47 },
  { order_id: 'ORD-K2', customer_name: 'Alan', items: [{ name: 'Margherita Pizza', quantity: 1, price: 12.99 }], total_amount: 12.99 },
  { order_id: 'ORD-K3', customer_name: 'Grace', items: [{ name: 'Iced Tea', quantity: 3, price: 2.99 }], total_amount: 8.97 },
].map((o) => JSON.stringify(o));

const statusOf = (page, id) =>
  page.$eval(`[data-order-id="${id}"]`, (el) => el.dataset.status).catch(() => null);
const waitStatus = (page, id, status, ms = 5000) =>
  waitFor(`${id} ${status}`, async () => (await statusOf(page, id)) === status, ms);

async function board(topic) {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, problems } = await openBoard(context, site.origin, broker.wsUrl, topic);
  return { context, page, problems };
}

test('two boards converge on bumps, a mosquitto_pub status, recall, and a third board opened later', async () => {
  const topic = `restaurant/orders/kitchen-${Date.now()}`;
  const a = await board(topic);
  const b = await board(topic);
  try {
    await mosquittoPubLines(broker.mqttPort, topic, ORDERS);
    for (const { page } of [a, b]) {
      await waitFor('three tickets', async () => (await page.$$('[data-testid=order-card]')).length === 3);
    }
    // Bump on A; B follows.
    const t0 = Date.now();
    await a.page.click('[data-order-id="ORD-K1"] [data-testid=bump]');
    await waitStatus(b.page, 'ORD-K1', 'preparing', 1000);
    const propagation = Date.now() - t0;
    assert.equal(await statusOf(a.page, 'ORD-K1'), 'preparing');

    // Any client can move an order: a plain mosquitto_pub of a retained status.
    const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await mosquittoPub(broker.mqttPort, `${topic}/ORD-K2/status`,
      JSON.stringify({ order_id: 'ORD-K2', status: 'ready', at }));
    await waitStatus(a.page, 'ORD-K2', 'ready');
    await waitStatus(b.page, 'ORD-K2', 'ready');

    // All day: what is still to make, summed per item — a ready order's pizza (ORD-K2) is made.
    const allDay = () => a.page.$$eval('[data-testid=all-day-row]', (els) => els.map((e) => e.textContent));
    await waitFor('all-day counts', async () =>
      JSON.stringify(await allDay()) === JSON.stringify(['3 × Iced Tea', '2 × Margherita Pizza', '1 × Coca-Cola']));

    // Served on A: off both open boards, into "recently done"; the all-day counts stay (it was made).
    await a.page.click('[data-order-id="ORD-K2"] [data-testid=bump]');
    for (const { page } of [a, b]) {
      await waitFor('ORD-K2 done', () => page.$('[data-testid=done-item][data-order-id="ORD-K2"][data-status=served]'));
    }
    await waitFor('all-day without ORD-K2', async () =>
      JSON.stringify(await allDay()) === JSON.stringify(['3 × Iced Tea', '2 × Margherita Pizza', '1 × Coca-Cola']));

    // Recall on B: back to ready, back in its place between K1 and K3, on both.
    await b.page.click('[data-testid=done-panel] summary');
    await b.page.click('[data-testid=done-item][data-order-id="ORD-K2"] [data-testid=recall]');
    for (const { page } of [a, b]) {
      await waitStatus(page, 'ORD-K2', 'ready');
      const order = await page.$$eval('[data-testid=order-card]', (els) => els.map((e) => e.dataset.orderId));
      assert.deepEqual(order, ['ORD-K3', 'ORD-K2', 'ORD-K1'], 'newest first, K2 in its original place');
    }

    // A third board opened later gets the retained statuses, and applies them as the orders arrive.
    const c = await board(topic);
    try {
      await mosquittoPubLines(broker.mqttPort, topic, ORDERS);
      await waitStatus(c.page, 'ORD-K1', 'preparing');
      await waitStatus(c.page, 'ORD-K2', 'ready');
      assert.equal(await statusOf(c.page, 'ORD-K3'), 'new');
    } finally {
      await c.context.close();
    }
    console.log(`# kitchen: bump on one board reached the other in ${propagation} ms`);
    // Both synced boards side by side for a person to look at (not committed).
    const dir = path.join(repoRoot, 'target', 'e2e-artifacts');
    mkdirSync(dir, { recursive: true });
    for (const [name, { page }] of [['kitchen-board-a.png', a], ['kitchen-board-b.png', b]]) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: path.join(dir, name) });
    }
    assert.deepEqual([...a.problems, ...b.problems], []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('a drinks station shows only drinks; a reload keeps the board; the CSV export has every item', async () => {
  const topic = `restaurant/orders/kitchen-station-${Date.now()}`;
  const a = await board(topic);
  try {
    await mosquittoPubLines(broker.mqttPort, topic, ORDERS);
    await waitFor('three tickets', async () => (await a.page.$$('[data-testid=order-card]')).length === 3);
    await a.page.click('[data-order-id="ORD-K3"] [data-testid=bump]');
    await waitStatus(a.page, 'ORD-K3', 'preparing');

    await a.page.selectOption('[data-testid=station]', 'Drinks');
    await waitFor('only tickets with drinks', async () =>
      JSON.stringify(await a.page.$$eval('[data-testid=order-card]', (els) => els.map((e) => e.dataset.orderId)))
        === JSON.stringify(['ORD-K3', 'ORD-K1']));
    const k1Items = await a.page.$$eval('[data-order-id="ORD-K1"] .items .name', (els) => els.map((e) => e.textContent));
    assert.deepEqual(k1Items, ['Coca-Cola']);

    const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.click('[data-testid=export-csv]')]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    assert.match(download.suggestedFilename(), /^orders-\d{4}-\d{2}-\d{2}\.csv$/, 'the file name is dated');
    // The plain columns, then the history's times (appended: a reader of the first 18 keeps working).
    assert.equal(csv[0], 'order_id,customer_name,item,quantity,price,item_total,order_total,timestamp,received_at,status,special_instructions,modifiers,item_note,order_type,table,guests,priority,due_at'
      + ',placed_at,placed_from,started_at,ready_at,served_at,cancelled_at,ready_seconds');
    assert.equal(csv.length, 1 + 4, 'a row per item');
    assert.ok(csv.some((r) => /^ORD-K3,Grace,Iced Tea,3,2\.99,8\.97,8\.97,,\d{4}-\d\d-\d\dT[\d:]+Z,preparing,,,,,,,,,\d{4}-[^,]+,received,\d{4}-[^,]+,,,,$/.test(r)), csv.join('\n'));
    // The order total once per order: the column sums to the revenue (28.47 + 12.99 + 8.97).
    const totals = csv.slice(1).map((r) => r.split(',')[6]).filter(Boolean).map(Number);
    assert.equal(Math.round(totals.reduce((a, b) => a + b, 0) * 100), 5043);

    // A reload keeps the board and this screen's own settings: still the Drinks station.
    await a.page.reload();
    await waitFor('the board back after a reload, still on Drinks', async () => (await a.page.$$('[data-testid=order-card]')).length === 2);
    assert.equal(await a.page.$eval('[data-testid=station]', (el) => el.value), 'Drinks');
    assert.equal(await statusOf(a.page, 'ORD-K3'), 'preparing');
  } finally {
    await a.context.close();
  }
});

test('a board cut off from the broker says its data may be stale', async () => {
  const own = await startMosquitto();
  const topic = `restaurant/orders/kitchen-stale-${Date.now()}`;
  const context = await browser.newContext();
  try {
    const { page } = await openBoard(context, site.origin, own.wsUrl, topic);
    assert.equal(await page.$('[data-testid=stale-banner]'), null);
    await own.stop();
    const text = await waitFor('the stale banner', () =>
      page.$eval('[data-testid=stale-banner]', (el) => el.textContent).catch(() => null), 20000);
    assert.match(text, /Not connected for \d+ s/);
    // The pill counts down to the next attempt, and reconnecting looks unlike a first "connecting".
    const pill = () => page.$eval('[data-testid=conn-state]', (el) =>
      ({ state: el.dataset.state, text: el.textContent, background: getComputedStyle(el).backgroundImage }));
    const seconds = (t) => Number(/reconnecting in (\d+) s/.exec(t)?.[1] ?? NaN);
    const first = await waitFor('a wait of 2 s or more', async () => {
      const p = await pill();
      return p.state === 'reconnecting' && seconds(p.text) >= 2 ? p : null;
    }, 30000);
    assert.match(first.text, /\(attempt \d+\)$/);
    assert.match(first.background, /repeating-linear-gradient/, 'reconnecting is striped');
    await waitFor('the countdown to move', async () => {
      const p = await pill();
      return p.state === 'reconnecting' && /attempt/.test(p.text) && p.text !== first.text;
    }, 10000);
  } finally {
    await context.close();
    await own.stop();
  }
});

test('the stats panel counts the hour, averages time to ready and charts the last 30 minutes', async () => {
  const topic = `restaurant/orders/kitchen-stats-${Date.now()}`;
  const a = await board(topic);
  try {
    await mosquittoPubLines(broker.mqttPort, topic, ORDERS);
    await waitFor('three tickets', async () => (await a.page.$$('[data-testid=order-card]')).length === 3);
    await a.page.click('[data-order-id="ORD-K1"] [data-testid=bump]');
    await a.page.click('[data-order-id="ORD-K1"] [data-testid=bump]');
    await waitStatus(a.page, 'ORD-K1', 'ready');
    await a.page.click('[data-order-id="ORD-K2"] [data-testid=cancel]');
    await waitFor('ORD-K2 cancelled', () => a.page.$('[data-testid=done-item][data-order-id="ORD-K2"][data-status=cancelled]'));
    const text = (id) => a.page.$eval(`[data-testid=${id}]`, (el) => el.textContent);
    await waitFor('the figures', async () => (await text('stats-per-hour')) === '3'
      && (await text('stats-revenue')) === '$37.44' && /^0:\d\d$/.test(await text('stats-ready')), 25000);
    const bars = await a.page.$$eval('[data-testid=rate-chart] rect', (els) => els.map((e) => Number(e.dataset.count)));
    assert.equal(bars.length, 30);
    assert.equal(bars.reduce((x, y) => x + y, 0), 3);
  } finally {
    await a.context.close();
  }
});

test('lowering "Keep" drops finished tickets first and says so when it has to drop an open one', async () => {
  const topic = `restaurant/orders/keep-${Date.now()}`;
  const a = await board(topic);
  try {
    await mosquittoPubLines(broker.mqttPort, topic, ORDERS);
    await waitFor('three tickets', async () => (await a.page.$$('[data-testid=order-card]')).length === 3);
    // The middle ticket, ORD-K2, served (Start, Ready, Served): not the oldest, so age alone would keep it.
    for (const status of ['preparing', 'ready']) {
      await a.page.click('[data-order-id="ORD-K2"] [data-testid=bump]');
      await waitStatus(a.page, 'ORD-K2', status);
    }
    await a.page.click('[data-order-id="ORD-K2"] [data-testid=bump]');
    await waitFor('ORD-K2 in the done list', async () => (await a.page.$('[data-testid=done-item][data-order-id="ORD-K2"]')) !== null);
    const keep = async (n) => {
      await a.page.fill('[data-testid=history-limit]', String(n));
      await a.page.dispatchEvent('[data-testid=history-limit]', 'change');
    };
    const notice = () => a.page.textContent('[data-testid=dropped-notice]').catch(() => null);
    await keep(2);
    await waitFor('the served ticket dropped', async () => /1 finished order was dropped/.test((await notice()) ?? ''));
    const open = async () => (await a.page.$$eval('[data-testid=order-card]', (cards) => cards.map((c) => c.dataset.orderId))).sort();
    assert.deepEqual(await open(), ['ORD-K1', 'ORD-K3'], 'both open tickets kept, the oldest too');
    await keep(1);
    await waitFor('an open ticket dropped, said in words', async () => /1 open order was dropped to stay within 1/.test((await notice()) ?? ''));
    assert.deepEqual(await open(), ['ORD-K3']);
    await a.page.locator('[data-testid=dropped-notice]').scrollIntoViewIfNeeded();
    await screenshotsOf(a.page, 'keep-dropped-open');
    assert.deepEqual(a.problems, []);
  } finally {
    await a.context.close();
  }
});

test('yellow and red minutes that cannot work are refused in words and the values in use stay', async () => {
  const topic = `restaurant/orders/thresholds-${Date.now()}`;
  const a = await board(topic);
  try {
    const set = async (which, value) => {
      await a.page.fill(`[data-testid=${which}-minutes]`, value);
      await a.page.dispatchEvent(`[data-testid=${which}-minutes]`, 'change');
    };
    const error = () => a.page.textContent('[data-testid=threshold-error]').catch(() => null);
    await set('late', '3');
    await waitFor('red before yellow refused', async () => (await error()) === 'Red must come after yellow: more than 5 minutes.');
    assert.equal(await a.page.inputValue('[data-testid=late-minutes]'), '8', 'the red minutes in use are shown again');
    await set('warn', '0');
    await waitFor('zero refused, not made 1', async () => (await error()) === 'Yellow must be 1 to 239 minutes.');
    assert.equal(await a.page.inputValue('[data-testid=warn-minutes]'), '5');
    await screenshotsOf(a.page, 'thresholds-refused');
    await set('warn', '2');
    await set('late', '3');
    await waitFor('a good pair accepted', async () => (await error()) === null);
    assert.deepEqual([await a.page.inputValue('[data-testid=warn-minutes]'), await a.page.inputValue('[data-testid=late-minutes]')], ['2', '3']);
    assert.deepEqual(a.problems, []);
  } finally {
    await a.context.close();
  }
});

test('switching station with the same tickets shown lists only that station\'s items on each card', async () => {
  const topic = `restaurant/orders/station-same-${Date.now()}`;
  const a = await board(topic);
  try {
    // Both orders have a drink, so the Drinks station shows the same two tickets as All.
    await mosquittoPubLines(broker.mqttPort, topic, [ORDERS[0], ORDERS[2]]);
    await waitFor('two tickets', async () => (await a.page.$$('[data-testid=order-card]')).length === 2);
    const names = (id) => a.page.$$eval(`[data-order-id="${id}"] .items .name`, (els) => els.map((e) => e.textContent));
    assert.deepEqual(await names('ORD-K1'), ['Margherita Pizza', 'Coca-Cola']);
    await a.page.selectOption('[data-testid=station]', 'Drinks');
    await waitFor('the pizza gone from the drinks card', async () => JSON.stringify(await names('ORD-K1')) === '["Coca-Cola"]');
    await screenshotsOf(a.page, 'station-drinks');
    await a.page.selectOption('[data-testid=station]', 'All');
    await waitFor('the pizza back on All', async () => (await names('ORD-K1')).length === 2);
  } finally {
    await a.context.close();
  }
});

test('the kitchen wall puts the oldest order first on every board, by when it was placed, however the board heard of it', async () => {
  const topic = `restaurant/orders/kitchen-line-${process.pid}-${Date.now()}`;
  const ago = (minutes) => new Date(Date.now() - minutes * 60e3).toISOString();
  const placed = (id, minutes) => JSON.stringify({
    order_id: id, customer_name: id, timestamp: ago(minutes),
    items: [{ name: 'Iced Tea', quantity: 1, price: 2.99 }], total_amount: 2.99,
  });
  const kitchen = async () => {
    const context = await browser.newContext();
    const { page, problems } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'kitchen' });
    return { context, page, problems };
  };
  const line = (page) => page.$$eval('[data-testid=order-card]', (els) => els.map((e) => e.dataset.orderId));
  const first = await kitchen();
  let late;
  try {
    // Heard newest first: the one placed 3 minutes ago, then 9, then 6.
    await mosquittoPubLines(broker.mqttPort, topic, [placed('L-3', 3), placed('L-9', 9), placed('L-6', 6)]);
    await waitFor('oldest first on the first board', async () =>
      JSON.stringify(await line(first.page)) === JSON.stringify(['L-9', 'L-6', 'L-3']));
    // The wall has no "newest first": the next ticket to make is always first.
    assert.equal(await first.page.$('[data-testid=sort-toggle]'), null);
    // A board on a fresh profile, opened later, learns of them from the retained statuses, in the broker's
    // order, and lines them up the same.
    await waitFor('the three orders retained', async () =>
      (await retainedStatuses(broker.mqttPort, topic)).length === 3, 30000);
    late = await kitchen();
    await waitFor('the same line on the late board', async () =>
      JSON.stringify(await line(late.page)) === JSON.stringify(['L-9', 'L-6', 'L-3']));
    for (const { problems } of [first, late]) assert.deepEqual(problems, []);
  } finally {
    await first.context.close();
    await late?.context.close();
  }
});
