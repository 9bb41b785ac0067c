// Closing the day reaches every board: the closing board's choice for the tickets still open (kept for
// tomorrow, or cancelled) holds on a second board at once and on a board opened later; the report keeps the day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  openBoard, mosquittoPub, orderJson, waitFor, useSharedWorld, broker, site, browser, screenshotsOf, repoRoot,
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
  await waitFor('the away board saved its tickets', () => away.evaluate(() => (localStorage.getItem('order-board.board') ?? '').includes('D-3')));
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
