// The session under faults: broker crash and restart, reload with a full outbox, a board closed while
// orders arrive, a refused password, MQTT 5 and 3.1.1, and wss:// with a certificate the test made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  startMosquitto, openBoard, mosquittoPub, mosquittoPubLines, subscribeReady, seedOrder, cardIds, allCardIds, orderCount, waitFor,
  useSharedWorld, site, browser, storedOutbox, outboxInDatabaseOnly,
} from './harness.mjs';

useSharedWorld({ withBroker: false });

const topicFor = (name) => `restaurant/orders/session-${name}-${Date.now()}`;
const stateOf = (page) => page.$eval('[data-testid=conn-state]', (el) => el.dataset.state);
const storedOutboxIds = async (page) => (await storedOutbox(page)).map((o) => JSON.parse(o).order_id);

function assertNoDuplicates(ids) {
  assert.equal(new Set(ids).size, ids.length, `duplicates among ${ids.length} cards`);
}

test('a broker killed and restarted loses none of the orders and shows none twice', async () => {
  const broker = await startMosquitto();
  const topic = topicFor('crash');
  const { page } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  try {
    const before = Array.from({ length: 10 }, (_, i) => `ORD-BEFORE-${i}`);
    await mosquittoPubLines(broker.mqttPort, topic, before.map((id) => seedOrder(id)));
    await waitFor('10 cards', async () => (await cardIds(page)).length === 10);

    await broker.kill();
    await waitFor('the board to notice', async () => (await stateOf(page)) === 'reconnecting');
    // Orders placed on the page while the broker is down wait in the outbox.
    for (let i = 0; i < 5; i++) await page.click('[data-testid=publish-random]');
    const queued = await storedOutboxIds(page);
    assert.equal(queued.length, 5);

    await broker.restart();
    await waitFor('the board to reconnect and resubscribe', () =>
      page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, topic), 30000);
    const after = Array.from({ length: 10 }, (_, i) => `ORD-AFTER-${i}`);
    await mosquittoPubLines(broker.mqttPort, topic, after.map((id) => seedOrder(id)));

    await waitFor('all 25 orders', async () => (await orderCount(page)) === 25, 30000);
    const ids = await allCardIds(page, 25);
    assertNoDuplicates(ids);
    for (const id of [...before, ...after, ...queued]) assert.ok(ids.includes(id), `${id} missing`);
    await waitFor('the outbox to empty', async () => (await storedOutboxIds(page)).length === 0);
    console.log(`# broker crash: sent ${before.length + after.length} + ${queued.length} queued, on board ${ids.length}, duplicated 0`);
  } finally {
    await page.close();
    await broker.stop();
  }
});

test('reloading with 50 orders in the outbox sends all 50 after the reload', async () => {
  const broker = await startMosquitto();
  const topic = topicFor('reload');
  const { page } = await openBoard(browser, site.origin, broker.wsUrl, topic);
  const sub = await subscribeReady(broker.mqttPort, topic);
  try {
    await page.click('.conn-settings summary');
    await page.click('[data-testid=disconnect]');
    await waitFor('offline', async () => (await stateOf(page)) === 'offline');
    for (let i = 0; i < 50; i++) await page.click('[data-testid=publish-random]');
    const queued = await storedOutboxIds(page);
    assert.equal(queued.length, 50);
    // At rest the outbox is in the browser's database: the copy written ahead to localStorage is let go.
    await waitFor('the outbox in the database only', () => outboxInDatabaseOnly(page));
    assert.deepEqual((await storedOutboxIds(page)).sort(), [...queued].sort());

    // Disconnect pressed by hand is remembered across the reload: the orders wait until Connect.
    await page.reload();
    await page.click('.conn-settings summary');
    await page.click('[data-testid=connect]');
    const received = [];
    for (let i = 0; i < 50; i++) received.push(JSON.parse(await sub.next()).order_id);
    assert.deepEqual([...received].sort(), [...queued].sort());
    assertNoDuplicates(received);
    await waitFor('the outbox to empty', async () => (await storedOutboxIds(page)).length === 0);
    console.log(`# reload: queued 50, received 50 at mosquitto_sub, duplicated 0`);
  } finally {
    sub.stop();
    await page.close();
    await broker.stop();
  }
});

test('two tabs of one board keep each other\'s unsent orders, and a closed tab\'s are sent by the one left open', async () => {
  const broker = await startMosquitto();
  const topic = topicFor('two-tabs');
  const sub = await subscribeReady(broker.mqttPort, topic);
  const context = await browser.newContext();
  try {
    const a = await openBoard(context, site.origin, broker.wsUrl, topic);
    const b = await openBoard(context, site.origin, broker.wsUrl, topic);
    for (const { page } of [a, b]) {
      await page.click('.conn-settings summary');
      await page.click('[data-testid=disconnect]');
      await waitFor('offline', async () => (await stateOf(page)) === 'offline');
    }
    for (let i = 0; i < 2; i++) await a.page.click('[data-testid=publish-random]');
    const fromA = await storedOutboxIds(a.page);
    for (let i = 0; i < 3; i++) await b.page.click('[data-testid=publish-random]');
    // One device's storage holds both tabs' orders: neither tab's save wrote over the other's.
    const queued = await storedOutboxIds(b.page);
    assert.equal(fromA.length, 2);
    assert.equal(queued.length, 5, `stored: ${queued}`);
    assert.ok(fromA.every((id) => queued.includes(id)), 'the first tab\'s orders still stored');

    await a.page.close();
    await b.page.click('[data-testid=connect]');
    const received = [];
    for (let i = 0; i < 5; i++) received.push(JSON.parse(await sub.next()).order_id);
    assert.deepEqual([...received].sort(), [...queued].sort());
    assertNoDuplicates(received);
    await waitFor('the outboxes to empty', async () => (await storedOutboxIds(b.page)).length === 0);
    assert.deepEqual([...a.problems, ...b.problems], []);
  } finally {
    sub.stop();
    await context.close();
    await broker.stop();
  }
});

test('orders published while the board is closed are on it when it reopens', async () => {
  const broker = await startMosquitto();
  const topic = topicFor('closed');
  const context = await browser.newContext();
  try {
    const first = await openBoard(context, site.origin, broker.wsUrl, topic);
    await first.page.close();
    const ids = Array.from({ length: 100 }, (_, i) => `ORD-AWAY-${String(i).padStart(3, '0')}`);
    await mosquittoPubLines(broker.mqttPort, topic, ids.map((id) => seedOrder(id)), 1);

    const second = await openBoard(context, site.origin, broker.wsUrl, topic);
    await waitFor('all 100 queued orders', async () => (await orderCount(second.page)) === 100, 30000);
    const shown = await allCardIds(second.page, 100);
    assertNoDuplicates(shown);
    assert.deepEqual([...shown].sort(), ids);
    console.log('# closed board: published 100 while closed, on board 100, duplicated 0');
  } finally {
    await context.close();
    await broker.stop();
  }
});

test('a wrong password is shown as refused and retried with backoff, not a storm', async () => {
  const dir = path.dirname(new URL(import.meta.url).pathname);
  const passwordFile = path.join(dir, '..', '..', 'target', `e2e-passwd-${Date.now()}`);
  writeFileSync(passwordFile, '');
  execFileSync('mosquitto_passwd', ['-b', passwordFile, 'kitchen', 'right-password']);
  const broker = await startMosquitto('mosquitto-auth.conf.template', { PASSWORD_FILE: passwordFile });
  const topic = topicFor('auth');
  const page = await browser.newPage();
  try {
    await page.goto(`${site.origin}/?${new URLSearchParams({ broker: broker.wsUrl, topic, username: 'kitchen' })}`);
    await page.click('.conn-settings summary');
    await page.fill('[data-testid=password]', 'wrong-password');
    await page.click('[data-testid=connect]');
    const label = await waitFor('a refusal', async () =>
      (await stateOf(page)) === 'refused' && page.$eval('[data-testid=conn-state]', (el) => el.textContent));
    assert.match(label, /refused: (not authorised to connect|bad user name or password)/);

    // Note when each new connection attempt reaches the broker's log, until four more have come.
    const attempts = () =>
      (readFileSync(path.join(broker.dir, 'mosquitto.log'), 'utf8').match(/Sending CONNACK/g) ?? []).length;
    const seen = [];
    let count = attempts();
    await waitFor('four more refused attempts', () => {
      const now = attempts();
      for (; count < now; count++) seen.push(Date.now());
      return seen.length >= 4;
    }, 30000);
    const gaps = seen.slice(1).map((t, i) => t - seen[i]);
    // Backoff doubles from 0.75 s with jitter between half and all of each step: at least 0.375 + 0.75 + 1.5 s.
    assert.ok(seen[3] - seen[0] >= 2000, `attempts too close together: gaps ${gaps} ms`);
    assert.ok(gaps[2] > gaps[0], `gaps should grow: ${gaps} ms`);
    // The broker logs its CONNACK before the page has read it: the refusal with its countdown follows.
    await waitFor('the refusal shown with its countdown', async () =>
      /retrying in/.test(await page.$eval('[data-testid=conn-state]', (el) => el.textContent)));

    await page.fill('[data-testid=password]', 'right-password');
    await page.click('[data-testid=connect]');
    await waitFor('connected with the right password', async () => (await stateOf(page)) === 'connected', 20000);
    console.log(`# wrong password: refused attempts ${gaps.length + 1}, gaps ${gaps.join('/')} ms`);
  } finally {
    await page.close();
    await broker.stop();
  }
});

for (const [version, qos] of [['3.1.1', '1'], ['5', '1'], ['3.1.1', '2'], ['5', '2']]) {
  test(`MQTT ${version}, publishing at QoS ${qos}: orders flow both ways`, async () => {
    const broker = await startMosquitto();
    const topic = topicFor(`v${version}-q${qos}`);
    const page = await browser.newPage();
    try {
      await page.goto(`${site.origin}/?${new URLSearchParams({ broker: broker.wsUrl, topic, version, qos })}`);
      await waitFor('subscribed', () =>
        page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, topic));
      const sub = await subscribeReady(broker.mqttPort, topic);
      await mosquittoPub(broker.mqttPort, topic, seedOrder(`ORD-V${version}`));
      await waitFor('the card', () => page.$(`[data-testid=order-card][data-order-id="ORD-V${version}"]`));
      assert.equal(JSON.parse(await sub.next()).order_id, `ORD-V${version}`);
      await page.click('[data-testid=publish-random]');
      const sent = JSON.parse(await sub.next());
      await waitFor('acknowledged', () => page.$eval('[data-testid=publish-record]',
        (el, id) => el.dataset.state === 'acknowledged' && el.dataset.orderId === id, sent.order_id));
      sub.stop();
    } finally {
      await page.close();
      await broker.stop();
    }
  });
}

test('wss:// works with a trusted certificate and a TLS failure is explained', async () => {
  const dir = execFileSync('mktemp', ['-d']).toString().trim();
  const ssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Order Board Test CA',
    '-keyout', 'ca.key', '-out', 'ca.crt');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'ext.cnf', '-out', 'server.crt');
  const pubkey = ssl('x509', '-in', 'server.crt', '-pubkey', '-noout');
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: pubkey });
  const spki = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der }).toString('base64');
  const broker = await startMosquitto('mosquitto-tls.conf.template', {
    CERT: path.join(dir, 'server.crt'), KEY: path.join(dir, 'server.key'),
  });
  const wss = `wss://127.0.0.1:${broker.wsPort}`;
  const topic = topicFor('tls');
  // This browser trusts exactly the test server's key, nothing else.
  const trusting = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      `--ignore-certificate-errors-spki-list=${spki}`],
  });
  try {
    const { page } = await openBoard(trusting, site.origin, wss, topic);
    await mosquittoPub(broker.mqttPort, topic, seedOrder('ORD-TLS'));
    await waitFor('the card over wss', () => page.$('[data-testid=order-card][data-order-id="ORD-TLS"]'));

    const untrusting = await browser.newPage();
    await untrusting.goto(`${site.origin}/?${new URLSearchParams({ broker: wss, topic })}`);
    const label = await waitFor('a TLS failure explained', async () => (await stateOf(untrusting)) === 'reconnecting'
      && untrusting.$eval('[data-testid=conn-state]', (el) => el.textContent));
    assert.match(label, /cannot reach wss:\/\/127\.0\.0\.1:\d+ \(.*TLS/);
    await untrusting.close();
  } finally {
    await trusting.close();
    await broker.stop();
  }
});

const clientIdOf = (page) => page.$eval('[data-testid=client-id]', (el) => el.placeholder);

test('two tabs of one board get their own client ids and both stay connected', async () => {
  const broker = await startMosquitto();
  const topic = topicFor('tabs');
  const context = await browser.newContext();
  try {
    const a = await openBoard(context, site.origin, broker.wsUrl, topic);
    const b = await openBoard(context, site.origin, broker.wsUrl, topic);
    const [idA, idB] = [await clientIdOf(a.page), await clientIdOf(b.page)];
    assert.match(idA, /^board-[0-9a-f]{12}$/);
    assert.notEqual(idA, idB, 'the second tab must not reuse the first one\'s id');
    for (let i = 0; i < 3; i++) await mosquittoPub(broker.mqttPort, topic, seedOrder(`ORD-TAB-${i}`));
    for (const { page } of [a, b]) {
      await waitFor('three cards on each tab', async () => (await cardIds(page)).length === 3);
      assert.equal(await stateOf(page), 'connected');
    }
    // A reload keeps the tab's id: the board's session stays the board's.
    await a.page.reload();
    await waitFor('the first tab back', () =>
      a.page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, topic));
    assert.equal(await clientIdOf(a.page), idA);
  } finally {
    await context.close();
    await broker.stop();
  }
});

test('a board announcing presence is online while open and its last will says offline when it drops', async () => {
  const broker = await startMosquitto();
  const topic = topicFor('presence');
  const page = await browser.newPage();
  try {
    await page.goto(`${site.origin}/?${new URLSearchParams({ broker: broker.wsUrl, topic, presence: '1' })}`);
    await waitFor('subscribed', () =>
      page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, topic));
    const id = await clientIdOf(page);
    const presenceTopic = `${topic.slice(0, topic.lastIndexOf('/'))}/boards/${id}`;
    const sub = await subscribeReady(broker.mqttPort, presenceTopic);
    try {
      assert.deepEqual(JSON.parse(await sub.next()), { client_id: id, status: 'online' }); // retained
      await page.close(); // the socket goes without a DISCONNECT: the broker sends the will
      assert.deepEqual(JSON.parse(await sub.next()), { client_id: id, status: 'offline' });
    } finally {
      sub.stop();
    }
  } finally {
    if (!page.isClosed()) await page.close();
    await broker.stop();
  }
});

test('an idle board keeps its connection with keepalive pings, not reconnects', async () => {
  const broker = await startMosquitto('mosquitto-log.conf.template');
  const topic = topicFor('keepalive');
  const page = await browser.newPage();
  try {
    // PINGREQs as the broker logs them ("Received PINGREQ from <client id>"): the socket is the worker's.
    const pings = () => (readFileSync(path.join(broker.dir, 'mosquitto.log'), 'utf8').match(/Received PINGREQ from board-/g) ?? []).length;
    await openBoard(browser, site.origin, broker.wsUrl, topic, page, { keepalive: '5' });
    await page.evaluate(() => {
      window.__stateChanges = [];
      const el = document.querySelector('[data-testid=conn-state]');
      new MutationObserver(() => window.__stateChanges.push(el.dataset.state))
        .observe(el, { attributes: true, attributeFilter: ['data-state'] });
    });
    // Mosquitto drops a client silent for 1.5 keepalives (7.5 s); three pings span 15 s of idleness.
    await waitFor('three keepalive pings', () => pings() >= 3, 30000);
    assert.deepEqual(await page.evaluate(() => window.__stateChanges), [], 'the connection state changed');
    await mosquittoPub(broker.mqttPort, topic, seedOrder('ORD-IDLE-1'));
    await waitFor('the order after the idle time', async () => (await cardIds(page)).includes('ORD-IDLE-1'));
    console.log(`# keepalive 5 s: ${pings()} pings, connection kept`);
  } finally {
    await page.close();
    await broker.stop();
  }
});
