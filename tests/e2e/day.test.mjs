// Closing the day reaches every board: the closing board's choice for the tickets still open (kept for
// tomorrow, or cancelled) holds on a second board at once and on a board opened later; the report keeps the day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  openBoard, mosquittoPub, orderJson, waitFor, useSharedWorld, broker, site, browser, screenshotsOf, repoRoot, serveDist, savedTickets,
} from './harness.mjs';

useSharedWorld();

const tea = [{ name: 'Iced Tea', quantity: 1, price: 3.00 }];
const ids = (page) => page.$$eval('[data-testid=order-card]', (els) => els.map((e) => e.dataset.orderId).sort());

async function dayWithThreeOrders(topic) {
  for (const id of ['D-1', 'D-2', 'D-3']) {
    await mosquittoPub(broker.mqttPort, topic, orderJson(id, `Guest ${id}`, tea, { timestamp: new Date().toISOString() }));
  }
  await mosquittoPub(broker.mqttPort, `${topic}/D-1/status`,
    JSON.stringify({ order_id: 'D-1', status: 'served', at: new Date().toISOString(), by: 'other' }));
}

test('closing the day with open tickets cancelled empties every board, and a board opened later does not bring them back', async () => {
  const topic = `restaurant/orders/day-${Date.now()}`;
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page: tools, problems } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'tools' });
  const other = await browser.newContext();
  const { page: kitchen } = await openBoard(other, site.origin, broker.wsUrl, topic, null, { view: 'kitchen' });
  // A board that saw the day and is closed during the close: its saved tickets come back with it.
  const later = await browser.newContext();
  const { page: away } = await openBoard(later, site.origin, broker.wsUrl, topic, null, { view: 'kitchen' });
  await dayWithThreeOrders(topic);
  await waitFor('three tickets in the kitchen', async () => (await kitchen.$$('[data-order-id]')).length >= 3);
  await waitFor('D-1 served on the tools board', () => tools.$eval('[data-testid=clear-finished]', (b) => !b.disabled).catch(() => false));
  await waitFor('the away board saved its tickets', async () => (await savedTickets(away)).includes('D-3'));
  await away.close();

  await tools.click('[data-testid=close-day]');
  const question = await tools.textContent('[data-testid=close-day-confirm]');
  assert.match(question, /2 tickets are still open/);
  await screenshotsOf(tools, 'close-day-confirm');
  await tools.locator('[data-testid=close-day-area]').screenshot({ path: path.join(repoRoot, 'target', 'e2e-artifacts', 'close-day-question.png') });
  await tools.click('[data-testid=close-day-cancel]');
  assert.match(await tools.textContent('[data-testid=day-closed]'), /Day closed on every board: 3 tickets left this screen/);
  await waitFor('the kitchen empty', async () => (await kitchen.$$('[data-order-id]')).length === 0);

  // Opened again: it shows what it saved until the retained close arrives, then nothing of that day.
  const opened = await later.newPage();
  await opened.goto(`${site.origin}/?${new URLSearchParams({ broker: broker.wsUrl, topic, view: 'kitchen' })}`);
  await waitFor('the saved day gone from the board opened later', async () => (await ids(opened)).length === 0
    && opened.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, topic).catch(() => false));

  const { page: report } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'report' });
  await report.selectOption('[data-testid=report-period]', 'week');
  const figures = await waitFor('the report keeps the day', async () => {
    const orders = await report.textContent('[data-testid=report-orders]').catch(() => null);
    if (orders === '3') return { cancelled: await report.textContent('[data-testid=report-cancelled]') };
    await report.click('[data-testid=report-refresh]').catch(() => {});
    return false;
  });
  assert.deepEqual(figures, { cancelled: '2' });
  assert.deepEqual(problems, []);
  await Promise.all([context.close(), other.close(), later.close()]);
});

test('closing the day keeping open tickets takes only the finished ones off every board', async () => {
  const topic = `restaurant/orders/day-keep-${Date.now()}`;
  const context = await browser.newContext();
  const { page: tools } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'tools' });
  const other = await browser.newContext();
  const { page: kitchen } = await openBoard(other, site.origin, broker.wsUrl, topic, null, { view: 'kitchen' });
  await dayWithThreeOrders(topic);
  await waitFor('three tickets in the kitchen', async () => (await kitchen.$$('[data-order-id]')).length >= 2);
  await waitFor('D-1 served on the tools board', () => tools.$eval('[data-testid=clear-finished]', (b) => !b.disabled).catch(() => false));
  await tools.click('[data-testid=close-day]');
  await tools.click('[data-testid=close-day-keep]');
  await waitFor('only the open ones left in the kitchen', async () => JSON.stringify(await ids(kitchen)) === '["D-2","D-3"]');
  await Promise.all([context.close(), other.close()]);
});

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
  const chunks = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const text = (page, testid) => page.textContent(`[data-testid=${testid}]`).catch(() => null);
const written = (page) => page.$eval('[data-testid=storage-info]', (el) => el.dataset.historyWaiting === '0').catch(() => false);

test('clearing finished tickets keeps a sold order in the takings and the CSV, and two boards export the same rows', async () => {
  const topic = `restaurant/orders/day-sold-${Date.now()}`;
  const context = await browser.newContext();
  const { page: a, problems } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'tools' });
  const other = await browser.newContext();
  const { page: b } = await openBoard(other, site.origin, broker.wsUrl, topic, null, { view: 'tools' });
  await dayWithThreeOrders(topic);
  for (const page of [a, b]) {
    await waitFor('three orders taken, one served', async () => (await text(page, 'stats-revenue')) === '$9.00'
      && page.$eval('[data-testid=clear-finished]', (x) => !x.disabled).catch(() => false));
  }
  await a.click('[data-testid=clear-finished]');
  assert.equal(await text(a, 'cleared'), 'Cleared 1 ticket.');
  assert.equal(await text(a, 'stats-revenue'), '$9.00', 'a cleared ticket was still sold');
  // Once the history has it, a reload keeps it too.
  await waitFor('the history written', () => written(a));
  await a.reload();
  await waitFor('the takings after a reload', async () => (await text(a, 'stats-revenue')) === '$9.00');

  const rows = async (page) => {
    const lines = (await download(page, 'export-csv')).split('\r\n').filter(Boolean);
    const header = lines[0].split(',');
    // When each board heard an order differs by milliseconds; everything else is the orders'.
    const received = header.indexOf('received_at');
    return { header, rows: lines.slice(1).map((l) => l.split(',').filter((_, i) => i !== received).join(',')).sort() };
  };
  const [fromA, fromB] = [await rows(a), await rows(b)];
  assert.equal(fromA.header.slice(0, 18).join(','), 'order_id,customer_name,item,quantity,price,item_total,order_total,timestamp,received_at,status,special_instructions,modifiers,item_note,order_type,table,guests,priority,due_at', 'the plain columns first');
  assert.deepEqual(fromA.header.slice(18), ['placed_at', 'placed_from', 'started_at', 'ready_at', 'served_at', 'cancelled_at', 'ready_seconds']);
  assert.equal(fromA.rows.length, 3, 'the cleared order is still a row');
  assert.deepEqual(fromA.rows, fromB.rows, 'two boards that saw the same orders');
  // Without received_at, served_at is the 21st column.
  const served = fromA.rows.find((r) => r.startsWith('D-1,')).split(',');
  assert.equal(served[8], 'served');
  assert.match(served[21], /^\d{4}-\d\d-\d\dT/, 'when it was served');
  assert.deepEqual(problems, []);
  await Promise.all([context.close(), other.close()]);
});

test('the day closes by itself at the hour config.json sets, on an open board and on one opened later', async () => {
  // A few seconds from now, in the local time the browser shares with this process.
  const at = new Date(Date.now() + 12_000);
  const hhmmss = [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  const own = await serveDist({ '/config.json': JSON.stringify({ close_day_at: hhmmss }) });
  const topic = `restaurant/orders/day-hour-${Date.now()}`;
  const context = await browser.newContext();
  try {
    const { page, problems } = await openBoard(context, own.origin, broker.wsUrl, topic);
    await dayWithThreeOrders(topic);
    await waitFor('D-1 served', () => page.$('[data-testid=done-item][data-order-id="D-1"][data-status=served]'));
    assert.ok(Date.now() < at.getTime(), 'the orders came before the close (the test was too slow to tell)');
    assert.deepEqual([await text(page, 'order-count'), await text(page, 'revenue')], ['3', '$9.00']);
    // The close keeps open tickets unless config.json says "cancelled": only the served one leaves, and the new
    // day's takings start from nothing.
    await waitFor('the served ticket gone at the set hour', async () => (await text(page, 'order-count')) === '2', 25_000);
    assert.deepEqual(await ids(page), ['D-2', 'D-3']);
    await waitFor('a new day\'s takings', async () => (await text(page, 'revenue')) === '$0.00');
    await waitFor('the board saved', async () => { const saved = await savedTickets(page); return saved.includes('D-2') && !saved.includes('D-1'); });
    await page.close();
    const later = await context.newPage();
    await later.goto(`${own.origin}/?${new URLSearchParams({ broker: broker.wsUrl, topic })}`);
    await waitFor('the open tickets back, the closed day not', async () => JSON.stringify(await ids(later)) === '["D-2","D-3"]'
      && (await text(later, 'order-count')) === '2');
    assert.deepEqual(problems, []);
  } finally {
    // A failure must not leave the server holding the test process open.
    await own.close();
    await context.close();
  }
});
