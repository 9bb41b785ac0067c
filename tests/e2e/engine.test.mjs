// The connection engine in its Web Worker: the page's own thread opens no socket, and a host whose worker
// script cannot run still gets a working board (the engine then runs in the page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDist, openBoard, mosquittoPub, subscribeReady, seedOrder, cardIds, waitFor, useSharedWorld, broker, site,
  browser,
} from './harness.mjs';

useSharedWorld();

const topicFor = (name) => `restaurant/orders/e2e-${name}-${Date.now()}`;

/** Counts the WebSockets the page's own thread opens (a worker has its own global, untouched by this). */
async function countPageSockets(page) {
  await page.addInitScript(() => {
    window.__pageSockets = 0;
    const Native = window.WebSocket;
    window.WebSocket = function (...args) {
      window.__pageSockets += 1;
      return new Native(...args);
    };
    window.WebSocket.prototype = Native.prototype;
    Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  });
}

/** Places one order with the form and returns what an independent subscriber received. */
async function placeOrder(page, topic, customer) {
  const sub = await subscribeReady(broker.mqttPort, topic);
  try {
    await page.fill('[data-testid=customer-name]', customer);
    await page.click('[data-testid=add-0]');
    await page.click('[data-testid=place-order]');
    return JSON.parse(await sub.next());
  } finally {
    sub.stop();
  }
}

test('the connection runs in a Web Worker: the page thread opens no socket, orders flow both ways', async () => {
  const topic = topicFor('worker');
  const page = await browser.newPage();
  await countPageSockets(page);
  try {
    const { problems } = await openBoard(browser, site.origin, broker.wsUrl, topic, page);
    assert.deepEqual(page.workers().map((w) => new URL(w.url()).pathname), ['/engine.js']);
    await mosquittoPub(broker.mqttPort, topic, seedOrder('ORD-WORKER-1'));
    await waitFor('the order from mosquitto_pub', async () => (await cardIds(page)).includes('ORD-WORKER-1'));
    const placed = await placeOrder(page, topic, 'Worker Test');
    assert.equal(placed.customer_name, 'Worker Test');
    assert.equal(await page.evaluate(() => window.__pageSockets), 0, 'the page thread opened a WebSocket');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a host whose engine.js cannot run still gets a working board, its connection in the page', async () => {
  // An old or broken host: the worker script does not parse, so the worker fails before it is ready.
  const broken = await serveDist({ '/engine.js': 'this is not a script (' });
  const topic = topicFor('no-worker');
  const page = await browser.newPage();
  await countPageSockets(page);
  try {
    await openBoard(browser, broken.origin, broker.wsUrl, topic, page);
    await mosquittoPub(broker.mqttPort, topic, seedOrder('ORD-PAGE-1'));
    await waitFor('the order from mosquitto_pub', async () => (await cardIds(page)).includes('ORD-PAGE-1'));
    const placed = await placeOrder(page, topic, 'Page Engine');
    assert.equal(placed.customer_name, 'Page Engine');
    assert.equal(await page.evaluate(() => window.__pageSockets), 1, 'the page did not take the connection over');
  } finally {
    await page.close();
    await broken.close();
  }
});
