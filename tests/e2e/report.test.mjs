// The board's memory and the speed-of-service report: orders with known placed and ready times, published by
// an independent client, give the report's figures — read from the browser's real IndexedDB by another tab,
// again after a reload and after the board that heard them is gone; the history pruned at a bound the test sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openBoard, mosquittoPub, orderJson, waitFor, useSharedWorld, broker, site, browser, screenshotsOf, repoRoot, retainedStatuses, savedTickets,
} from './harness.mjs';
import path from 'node:path';

useSharedWorld();

const MIN = 60_000;
const iso = (ms) => new Date(ms).toISOString();
const tea = [{ name: 'Iced Tea', quantity: 2, price: 3.00 }];

/** An order placed `ago` ms before now and made ready `ready` ms after it was placed (or cancelled). */
async function orderWith(topic, id, { ago, ready, cancelled = false, extra = {} }) {
  const now = Date.now();
  await mosquittoPub(broker.mqttPort, topic, orderJson(id, `Guest ${id}`, tea, { timestamp: iso(now - ago), ...extra }));
  if (ready === undefined && !cancelled) return;
  const status = { order_id: id, status: cancelled ? 'cancelled' : 'ready', at: iso(cancelled ? now - ago + MIN : now - ago + ready), by: 'paho-like' };
  await mosquittoPub(broker.mqttPort, `${topic}/${id}/status`, JSON.stringify(status));
}

/** The text of what a button offers as a download. */
async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
  const stream = await file.createReadStream();
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Opens the report for the last 7 days (not "today": a run just after midnight would split the orders). */
async function reportFigures(page, expectedOrders) {
  await page.selectOption('[data-testid=report-period]', 'week');
  const read = async () => page.evaluate(() => {
    const t = (id) => document.querySelector(`[data-testid=${id}]`)?.textContent.trim();
    return {
      orders: t('report-orders'), median: t('report-median-ready'), p90: t('report-p90-ready'),
      cancelled: t('report-cancelled'), late: t('report-late'),
    };
  });
  return waitFor(`the report to count ${expectedOrders} orders`, async () => {
    const figures = await read();
    if (figures.orders === String(expectedOrders)) return figures;
    await page.click('[data-testid=report-refresh]').catch(() => {});
    return false;
  });
}

test('orders with known placed and ready times give the report its figures, in a second tab, after a reload and with the first board gone', async () => {
  const topic = `restaurant/orders/report-${Date.now()}`;
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
  const { page: board, problems } = await openBoard(context, site.origin, broker.wsUrl, topic);
  // Times to ready 5, 7 and 9 minutes (one of them 9 > the 8 red minutes: late); one cancelled; one test order.
  await orderWith(topic, 'R-1', { ago: 20 * MIN, ready: 5 * MIN });
  await orderWith(topic, 'R-2', { ago: 18 * MIN, ready: 7 * MIN });
  await orderWith(topic, 'R-3', { ago: 16 * MIN, ready: 9 * MIN });
  await orderWith(topic, 'R-4', { ago: 15 * MIN, cancelled: true });
  await orderWith(topic, 'R-T', { ago: 14 * MIN, ready: 1 * MIN, extra: { source: 'generator' } });
  await waitFor('the test order on the board', () => board.$('[data-order-id="R-T"]'));
  await waitFor('R-3 ready on the board', () => board.$('[data-order-id="R-3"][data-status="ready"]'));

  const { page: report } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'report' });
  const first = await reportFigures(report, 4);
  assert.deepEqual(first, { orders: '4', median: '7:00', p90: '9:00', cancelled: '1', late: '33%1 of 3' });
  const hours = await report.$$eval('[data-testid=report-hours] tbody tr', (rows) => rows.length);
  assert.ok(hours >= 1, 'an hour row');
  await screenshotsOf(report, 'report');
  await report.emulateMedia({ media: 'print' });
  assert.ok(await report.isVisible('[data-testid=report-hours]'), 'the report is what prints');
  await report.emulateMedia({ media: null });
  const pdf = await report.pdf({ path: path.join(repoRoot, 'target', 'e2e-artifacts', 'report-a4.pdf'), preferCSSPageSize: true });
  assert.ok(pdf.length > 1000, 'the report prints');

  // The history's CSV: one row per order with every time; the spreadsheet's in German with ; and decimal commas.
  const csv = (await download(report, 'report-csv')).split('\r\n').filter(Boolean);
  assert.equal(csv.length, 5, 'a header and four orders');
  const header = csv[0].split(',');
  const seconds = Object.fromEntries(csv.slice(1).map((l) => l.split(',')).map((c) => [c[0], c[header.indexOf('ready_seconds')]]));
  assert.deepEqual(seconds, { 'R-1': '300', 'R-2': '420', 'R-3': '540', 'R-4': '' });
  const { page: german } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'report', locale: 'de-DE' });
  await reportFigures(german, 4);
  const sheet = await download(german, 'report-sheet');
  assert.ok(sheet.startsWith('\ufeff'), 'a byte-order mark');
  const r1 = sheet.split('\r\n').find((l) => l.startsWith('R-1;'));
  assert.match(r1, /;"?6,00"?;/, 'the total with a decimal comma');
  assert.match(r1, /;5,00;/, 'five minutes to ready');
  await german.close();

  await report.reload();
  assert.deepEqual(await reportFigures(report, 4), first, 'the same after a reload');
  await board.close();
  await report.reload();
  assert.deepEqual(await reportFigures(report, 4), first, 'the same with the board that heard them closed');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the tools screen says whether the browser keeps the board\'s data and how much space it uses', async () => {
  const topic = `restaurant/orders/report-storage-${Date.now()}`;
  const context = await browser.newContext();
  const { page } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'tools' });
  const info = await waitFor('the storage line', () => page.$eval('[data-testid=storage-info]',
    (el) => el.dataset.persisted && { persisted: el.dataset.persisted, text: el.textContent }).catch(() => false));
  assert.ok(['true', 'false'].includes(info.persisted), info.persisted);
  assert.match(info.text, /Space used: [\d.]+ MB of \d+ MB/);
  await page.click('[data-testid=open-report]');
  await waitFor('the report', () => page.$('[data-testid=report-orders]'));
  assert.match(page.url(), /view=report/);
  await context.close();
});

test('the history keeps no more orders than the bound it is given, the oldest going first', async () => {
  const topic = `restaurant/orders/report-bound-${Date.now()}`;
  const context = await browser.newContext();
  const { page } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { history_max: '3' });
  for (const [i, ago] of [30, 25, 20, 15, 10].entries()) {
    await orderWith(topic, `B-${i}`, { ago: ago * MIN, ready: MIN });
  }
  await waitFor('five cards', async () => (await page.$$('[data-testid=order-card]')).length === 5);
  const { page: report } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'report', history_max: '3' });
  await reportFigures(report, 3);
  const csv = await report.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open('order-board');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const keys = await new Promise((resolve) => {
      const r = db.transaction('history').objectStore('history').getAllKeys();
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return keys.sort();
  });
  assert.deepEqual(csv, ['B-2', 'B-3', 'B-4'], 'the three newest kept');
  await context.close();
});

test('a board closed while an order was made ready learns its time to ready from the served status', async () => {
  const topic = `restaurant/orders/report-later-${Date.now()}`;
  const one = await browser.newContext();
  const { page: kitchen, problems } = await openBoard(one, site.origin, broker.wsUrl, topic);
  const two = await browser.newContext();
  const { page: away } = await openBoard(two, site.origin, broker.wsUrl, topic);
  await mosquittoPub(broker.mqttPort, topic, orderJson('L-1', 'Lucas', tea, { timestamp: iso(Date.now() - 6 * MIN) }));
  for (const page of [kitchen, away]) await waitFor('the ticket', () => page.$('[data-testid=order-card][data-order-id="L-1"]'));
  await waitFor('the away board saved it', async () => (await savedTickets(away)).includes('L-1'));
  await away.close();
  // Started, made ready and handed over while the other board was closed.
  for (const status of ['preparing', 'ready']) {
    await kitchen.click('[data-order-id="L-1"] [data-testid=bump]');
    await waitFor(status, () => kitchen.$(`[data-testid=order-card][data-order-id="L-1"][data-status=${status}]`));
  }
  await kitchen.click('[data-order-id="L-1"] [data-testid=bump]');
  const served = await waitFor('the served status retained', async () =>
    (await retainedStatuses(broker.mqttPort, topic)).find((s) => s.order_id === 'L-1' && s.status === 'served'));
  assert.match(served.ready_at ?? '', /^\d{4}-\d\d-\d\dT[\d:.]+Z$/, 'the served status says when it was ready');
  assert.match(served.started_at ?? '', /^\d{4}-\d\d-\d\dT[\d:.]+Z$/, 'and when it was started');
  assert.ok(Date.parse(served.started_at) < Date.parse(served.ready_at), 'started before it was ready');
  const readyIn = Date.parse(served.ready_at) - (Date.now() - 6 * MIN);

  // Opened again: it hears only the retained "served", and still knows the time to ready.
  const report = await two.newPage();
  await report.goto(`${site.origin}/?${new URLSearchParams({ broker: broker.wsUrl, topic, view: 'report' })}`);
  await report.selectOption('[data-testid=report-period]', 'week');
  const median = await waitFor('a known time to ready', async () => {
    const text = await report.textContent('[data-testid=report-median-ready]').catch(() => null);
    if (text && /^\d+:\d\d$/.test(text)) return text;
    await report.click('[data-testid=report-refresh]').catch(() => {});
    return false;
  });
  const [m, s] = median.split(':').map(Number);
  assert.ok(Math.abs((m * 60 + s) * 1000 - readyIn) < 10_000, `${median} is about ${readyIn} ms`);
  assert.equal(await report.$('[data-testid=report-unknown]'), null, 'nothing it could not know');
  assert.deepEqual(problems, []);
  await Promise.all([one.close(), two.close()]);
});
