// Fault injection with figures: a seeded 2,000-order generator run through a broker crash, a cut WebSocket
// and a page reload, and a board away while 1,000 orders are published. Each prints sent / on the board /
// duplicated and the time to recover; the targets are 0 lost and 0 shown twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  startMosquitto, openBoard, startWsBridge, mosquittoPubLines, cardIds, waitFor, repoRoot, useSharedWorld,
  site, browser, screenshotsOf, storedOutbox,
} from './harness.mjs';

const RUN = 2000;
useSharedWorld({ withBroker: false });

/** The ids a seeded run produces, from the board's own generator (examples/generate_orders.rs). */
function seededIds(seed, count) {
  const bin = path.join(repoRoot, 'target/debug/examples/generate_orders');
  return execFileSync(bin, [String(seed), String(count), '--ids']).toString().trim().split('\n');
}

const stateOf = (page) => page.$eval('[data-testid=conn-state]', (el) => el.dataset.state);
const number = (page, testid) => page.$eval(`[data-testid=${testid}]`, (el) => Number(el.textContent));
const duplicatesOn = (page) => page.$eval('.stats', (el) => Number(el.dataset.duplicates));

/** An observer board that keeps every order, in its own browser context. */
async function observer(broker, topic) {
  const context = await browser.newContext();
  const board = await openBoard(context, site.origin, broker.wsUrl, topic);
  return { ...board, context };
}

async function startRun(page, seed, interval = '0') {
  await page.fill('[data-testid=gen-count]', String(RUN));
  await page.fill('[data-testid=gen-interval]', interval);
  await page.fill('[data-testid=gen-seed]', String(seed));
  await page.click('[data-testid=gen-start]');
}

/** Waits until the observer has every expected order, then reports; fails on anything missing or doubled. */
async function settle(label, watcher, expected, recoveredMs) {
  await waitFor(`${label}: all ${expected.length} orders on the observing board`,
    async () => (await number(watcher.page, 'order-count')) >= expected.length, 120000);
  const count = await number(watcher.page, 'order-count');
  const duplicated = await duplicatesOn(watcher.page);
  // Every card is an order of this run: with as many distinct ones as expected, none is missing.
  const known = new Set(expected);
  assert.ok((await cardIds(watcher.page)).every((id) => known.has(id)), `${label}: a stranger on the board`);
  console.log(`# ${label}: sent ${expected.length}, on the board ${count}, lost ${expected.length - count}, `
    + `delivered twice ${duplicated} (shown once), recovered in ${recoveredMs} ms`);
  assert.equal(count, expected.length, `${label}: ${expected.length - count} lost`);
  return { count, duplicated };
}

test('a broker SIGKILLed and restarted during a 2,000-order run loses nothing', async () => {
  const broker = await startMosquitto('mosquitto-durable.conf.template');
  const topic = `restaurant/orders/fault-kill-${Date.now()}`;
  const watcher = await observer(broker, topic);
  // The publishing board is a board like any other: it subscribes to the topic it publishes to.
  const { page } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  try {
    await startRun(page, 1001, '0.002');
    await waitFor('the run under way', async () => (await number(page, 'gen-acknowledged')) >= 300, 60000);
    await broker.kill();
    await waitFor('the publisher to notice', async () => (await stateOf(page)) !== 'connected');
    const t0 = Date.now();
    await broker.restart();
    await waitFor('the publisher back', async () => (await stateOf(page)) === 'connected', 60000);
    const recovered = Date.now() - t0;
    await waitFor('the run finished', () =>
      page.$eval('[data-testid=gen-progress]', (el) => el.dataset.state === 'finished'), 120000);
    await settle('broker SIGKILL', watcher, seededIds(1001, RUN), recovered);
  } finally {
    await watcher.context.close();
    await page.close();
    await broker.stop();
  }
});

test('a WebSocket cut mid-run (listener stopped and started again) loses nothing', async () => {
  const broker = await startMosquitto('mosquitto-durable.conf.template');
  const topic = `restaurant/orders/fault-cut-${Date.now()}`;
  let bridge = await startWsBridge(broker.mqttPort);
  const watcher = await observer(broker, topic);
  const page = await browser.newPage();
  try {
    await page.goto(`${site.origin}/?${new URLSearchParams({ broker: bridge.wsUrl, topic })}`);
    await waitFor('connected through the bridge', async () => (await stateOf(page)) === 'connected');
    await startRun(page, 1002, '0.002');
    await waitFor('the run under way', async () => (await number(page, 'gen-acknowledged')) >= 300, 60000);
    const port = Number(new URL(bridge.wsUrl).port);
    await bridge.close({ cut: true });
    await waitFor('the publisher to notice', async () => (await stateOf(page)) !== 'connected');
    const t0 = Date.now();
    bridge = await startWsBridge(broker.mqttPort, port);
    await waitFor('the publisher back', async () => (await stateOf(page)) === 'connected', 60000);
    const recovered = Date.now() - t0;
    await waitFor('the run finished', () =>
      page.$eval('[data-testid=gen-progress]', (el) => el.dataset.state === 'finished'), 120000);
    await settle('WebSocket cut', watcher, seededIds(1002, RUN), recovered);
  } finally {
    await watcher.context.close();
    await page.close();
    await bridge.close({ cut: true });
    await broker.stop();
  }
});

test('a page reloaded mid-run hands what was in flight to the next load', async () => {
  const broker = await startMosquitto('mosquitto-durable.conf.template');
  const topic = `restaurant/orders/fault-reload-${Date.now()}`;
  const watcher = await observer(broker, topic);
  const { page } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  try {
    await startRun(page, 1003, '0.002');
    await waitFor('the run under way', async () => (await number(page, 'gen-acknowledged')) >= 300, 60000);
    const t0 = Date.now();
    await page.reload();
    await waitFor('the page back', async () => (await stateOf(page)) === 'connected', 60000);
    const recovered = Date.now() - t0;
    // A generator run is load traffic and does not resume: what it produced before the reload is what was
    // sent, the first K orders of its seeded sequence. Orders in flight at the reload were handed to the
    // next load and sent last, in order. Once the broker has acknowledged them all, one more order from
    // mosquitto_pub reaches the observer after every one of them (the broker queues in order of receipt):
    // with it there, the observer holds K + 1, and K distinct cards of the run's first K means no gaps.
    const all = seededIds(1003, RUN);
    await waitFor('the handed-over outbox to be acknowledged', async () => (await storedOutbox(page)).length === 0,
      60000);
    const last = { order_id: `after-the-run-${Date.now()}`, customer_name: 'Last', timestamp: new Date().toISOString(),
      items: [{ name: 'Water', quantity: 1, price: 1.5 }], total_amount: 1.5, special_instructions: null };
    await mosquittoPubLines(broker.mqttPort, topic, [JSON.stringify(last)], 1);
    await waitFor('the last order on the observer', async () => (await cardIds(watcher.page))[0] === last.order_id);
    const k = (await number(watcher.page, 'order-count')) - 1;
    assert.ok(k >= 300 && k < RUN, `${k} orders before the reload`);
    await settle('page reload', watcher, [...all.slice(0, k), last.order_id], recovered);
  } finally {
    await watcher.context.close();
    await page.close();
    await broker.stop();
  }
});

test('a board away while 1,000 orders are published has all of them when it comes back', async () => {
  const broker = await startMosquitto('mosquitto-durable.conf.template');
  const topic = `restaurant/orders/fault-away-${Date.now()}`;
  const context = await browser.newContext();
  try {
    const first = await openBoard(context, site.origin, broker.wsUrl, topic);
    await first.page.close();
    const payloads = execFileSync(path.join(repoRoot, 'target/debug/examples/generate_orders'), ['1004', '1000'])
      .toString().trim().split('\n');
    await mosquittoPubLines(broker.mqttPort, topic, payloads, 1);
    const t0 = Date.now();
    const second = await openBoard(context, site.origin, broker.wsUrl, topic);
    await settle('board away', { page: second.page }, seededIds(1004, 1000), 0);
    console.log(`# board away: all 1000 shown ${Date.now() - t0} ms after reopening`);
  } finally {
    await context.close();
    await broker.stop();
  }
});

test('"Try now" on the pill sends the cashier\'s queued order as soon as the broker is back, not on the backoff\'s schedule', async () => {
  const broker = await startMosquitto('mosquitto-durable.conf.template');
  const topic = `restaurant/orders/fault-try-now-${Date.now()}`;
  const context = await browser.newContext();
  const { page, problems } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'counter' });
  try {
    await broker.kill();
    // The backoff grows with each failed attempt: wait for a countdown with seconds to spare.
    const secondsLeft = () => page.$eval('[data-testid=conn-state]', (el) =>
      (el.dataset.state === 'reconnecting' && Number(/in (\d+) s/.exec(el.textContent)?.[1])) || 0);
    await waitFor('a long wait before the next attempt', async () => (await secondsLeft()) >= 5, 60000);
    await page.fill('[data-testid=customer-name]', 'Ada');
    await page.click('[data-testid=add-0]');
    await page.click('[data-testid=place-order]');
    await waitFor('queued', () => page.$('[data-testid=form-feedback][data-state=queued]'));
    await screenshotsOf(page, 'pill-try-now');
    await waitFor('still a long wait', async () => (await secondsLeft()) >= 5, 60000);
    await broker.restart();
    const left = await secondsLeft();
    assert.ok(left >= 3, `only ${left} s left: the backoff would retry soon anyway`);
    const t0 = Date.now();
    await page.click('[data-testid=try-now]');
    await waitFor('the order acknowledged', () => page.$('[data-testid=form-feedback][data-state=acknowledged]'), 30000);
    const took = Date.now() - t0;
    console.log(`# try now: order acknowledged ${took} ms after the tap; the backoff would have waited ${left} s`);
    assert.ok(took < (left - 1) * 1000, `took ${took} ms, the backoff's own retry was ${left} s away`);
    assert.equal(await page.$('[data-testid=try-now]'), null, 'no "Try now" once connected');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await broker.stop();
  }
});
