// The board end to end: Mosquitto <-> the release build in headless Chromium <-> mosquitto_pub/sub.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDist, openBoard, mosquittoPub, subscribeReady, validateWithRust, waitFor, useSharedWorld, broker, site,
  browser, screenshotsOf,
} from './harness.mjs';

useSharedWorld();

/** A topic of its own per test, so tests never see each other's messages. */
const topicFor = (name) => `restaurant/orders/e2e-${name}-${Date.now()}`;

// The seed document's example, byte for byte as its Python publisher would send it.
const SEED_ORDER = JSON.stringify({
  order_id: 'ORD-001',
  customer_name: 'John Doe',
  items: [{ name: 'Item Name', quantity: 1, price: 10.99 }],
  total_amount: 10.99,
  timestamp: '2025-01-14T16:30:00Z',
});

// Pretty-printed, with fields other systems add (status, category), a null and an item not on our menu.
const PRETTY_ORDER = `{
    "order_id": "ORD-1a2b3c4d",
    "status": "pending",
    "customer_name": "Maya Rodriguez",
    "items": [
        {"name": "Chef's Special", "category": "Mystery", "quantity": 2, "price": 4.35},
        {"name": "Iced Tea", "category": "Drinks", "quantity": 1, "price": 2.99}
    ],
    "total_amount": 11.69,
    "timestamp": "2025-01-14T16:31:00Z",
    "special_instructions": null
}`;

const cardCount = (page) => page.$$eval('[data-testid=order-card]', (cards) => cards.length);

test('orders from mosquitto_pub become cards and a malformed message becomes a rejection', async () => {
  const topic = topicFor('ingest');
  const { page, problems } = await openBoard(browser, site.origin, broker.wsUrl, topic);

  await mosquittoPub(broker.mqttPort, topic, SEED_ORDER);
  await mosquittoPub(broker.mqttPort, topic, PRETTY_ORDER);
  await mosquittoPub(broker.mqttPort, topic, '{"order_id": "ORD-002", "customer_name": ');

  await waitFor('two cards', async () => (await cardCount(page)) === 2);
  await waitFor('one rejection', () =>
    page.$eval('[data-testid=rejected-count]', (el) => el.textContent === '1'));

  const cards = await page.$$eval('[data-testid=order-card]', (els) => els.map((el) => ({
    id: el.dataset.orderId,
    customer: el.querySelector('[data-testid=customer]').textContent,
    total: el.querySelector('[data-testid=total]').textContent,
  })));
  // Newest first.
  assert.deepEqual(cards, [
    { id: 'ORD-1a2b3c4d', customer: 'Maya Rodriguez', total: '$11.69' },
    { id: 'ORD-001', customer: 'John Doe', total: '$10.99' },
  ]);
  const reason = await page.$eval('[data-testid=rejected-reason]', (el) => el.textContent);
  // Said for a cook: the message was cut off — not the parser's "EOF while parsing a value".
  assert.match(reason, /not JSON: the message stops before the order is complete/);
  assert.equal(await page.$eval('[data-testid=order-count]', (el) => el.textContent), '2');
  await page.click('[data-testid=rejected-panel] summary');
  await screenshotsOf(page, 'rejected-reason');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a name that looks like markup is shown as text and its script never runs', async () => {
  const topic = topicFor('xss');
  const { page, problems } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  const hostile = '<img src=x onerror=alert(1)>';
  await mosquittoPub(broker.mqttPort, topic, JSON.stringify({
    order_id: 'ORD-XSS', customer_name: hostile,
    items: [{ name: '<script>alert(2)</script>', quantity: 1, price: 1 }], total_amount: 1,
  }));
  // A malformed one carrying markup too: its excerpt must also stay text.
  await mosquittoPub(broker.mqttPort, topic, '<svg onload=alert(3)>');
  await waitFor('the hostile card', async () => (await cardCount(page)) === 1);
  await waitFor('the hostile rejection', () =>
    page.$eval('[data-testid=rejected-count]', (el) => el.textContent === '1'));
  assert.equal(await page.$eval('[data-testid=customer]', (el) => el.textContent), hostile);
  assert.equal(await page.$$eval('.board img, .board script, .board svg', (els) => els.length), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('publishing from the page reaches mosquitto_sub as a valid order and is acknowledged', async () => {
  const topic = topicFor('publish');
  const { page, problems } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  const sub = await subscribeReady(broker.mqttPort, topic);
  try {
    await page.click('[data-testid=publish-random]');
    const payload = await sub.next();
    const summary = await validateWithRust(payload);
    assert.match(summary, /^valid order [0-9a-f-]{36} for /);

    const order = JSON.parse(payload);
    await waitFor('the publish to be acknowledged', () =>
      page.$eval('[data-testid=publish-record]', (el) => el.dataset.state === 'acknowledged'));
    assert.equal(
      await page.$eval('[data-testid=publish-record]', (el) => el.dataset.orderId), order.order_id);
    // The board is subscribed to the same topic, so its own order shows up as a card.
    await waitFor('the published order on the board', () =>
      page.$(`[data-testid=order-card][data-order-id="${order.order_id}"]`));
    // Money on the wire has exactly two decimals.
    assert.match(payload, /"total_amount":\d+\.\d\d[,}]/);
    assert.deepEqual(problems, []);
  } finally {
    sub.stop();
    await page.close();
  }
});

test('an unreachable broker is explained on the page', async () => {
  const page = await browser.newPage();
  const deadPort = broker.wsPort + 1 === broker.mqttPort ? broker.wsPort + 2 : broker.wsPort + 1;
  const query = new URLSearchParams({ broker: `ws://127.0.0.1:${deadPort}`, topic: topicFor('dead') });
  await page.goto(`${site.origin}/?${query}`);
  const text = await waitFor('a reconnecting state with a reason', async () => {
    const state = await page.$eval('[data-testid=conn-state]', (el) => [el.dataset.state, el.textContent]);
    return state[0] === 'reconnecting' ? state[1] : null;
  });
  assert.match(text, /cannot reach ws:\/\/127\.0\.0\.1:\d+/);
  await page.close();
});

test('a malformed broker URL is refused with a sentence, not retried', async () => {
  const page = await browser.newPage();
  const query = new URLSearchParams({ broker: 'mqtt://127.0.0.1:1883', topic: topicFor('bad-url') });
  await page.goto(`${site.origin}/?${query}`);
  const text = await waitFor('a failed state', async () => {
    const [state, label] = await page.$eval('[data-testid=conn-state]', (el) => [el.dataset.state, el.textContent]);
    return state === 'failed' ? label : null;
  });
  assert.match(text, /must start with ws:\/\/ or wss:\/\//);
  await page.close();
});

test('the page runs under its Content-Security-Policy without a single violation', async () => {
  const topic = topicFor('csp');
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const { problems } = await openBoard(browser, site.origin, broker.wsUrl, topic, page);
  const policy = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (el) => el.content);
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  await mosquittoPub(broker.mqttPort, topic, SEED_ORDER);
  await waitFor('a card', async () => (await cardCount(page)) === 1);
  await page.click('[data-testid=publish-random]');
  await waitFor('acknowledged', () => page.$eval('[data-testid=publish-record]', (el) => el.dataset.state === 'acknowledged'));
  // An inline script added now is refused by the policy.
  const ran = await page.evaluate(() => new Promise((resolve) => {
    window.__injected = false;
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
    setTimeout(() => resolve(window.__injected), 100);
  }));
  assert.equal(ran, false, 'an injected inline script ran');
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations.filter((v) => !v.startsWith('script-src-elem inline')), []);
  assert.deepEqual(problems.filter((p) => !p.includes('Content Security Policy')), []);
  await page.close();
});

test('the static build works from a folder of a host, not only from its root', async () => {
  const nested = await serveDist({}, { prefix: '/kitchen/board' });
  try {
    const topic = topicFor('folder');
    const { page, problems } = await openBoard(browser, `${nested.origin}`, broker.wsUrl, topic);
    await mosquittoPub(broker.mqttPort, topic, SEED_ORDER);
    await waitFor('a card', async () => (await cardCount(page)) === 1);
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await nested.close();
  }
});

test('an order whose total does not match its items is shown with a warning, not rejected', async () => {
  const topic = topicFor('total-off');
  const { page, problems } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  await mosquittoPub(broker.mqttPort, topic, JSON.stringify({
    order_id: 'ORD-OFF', customer_name: 'Ada',
    items: [{ name: 'Margherita Pizza', quantity: 2, price: 12.99 }], total_amount: 20,
  }));
  const warning = await waitFor('the ticket with its warning', () =>
    page.$eval('[data-order-id="ORD-OFF"] [data-testid=total-warning]', (el) => el.textContent).catch(() => null));
  assert.equal(warning, '⚠ Total $20.00 does not match the items ($25.98) — check the bill');
  assert.equal(await page.$eval('[data-testid=rejected-count]', (el) => el.textContent), '0');
  await screenshotsOf(page, 'total-mismatch');
  assert.deepEqual(problems, []);
  await page.close();
});
