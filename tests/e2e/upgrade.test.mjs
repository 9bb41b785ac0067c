// Upgrading in place: a browser that ran build 38500b6 keeps what that build stored (fixtures/
// localstorage-38500b6.json, made by fixtures/capture-38500b6.mjs); the board that replaces it shows the same
// tickets, sends what was waiting and moves the storage to its versioned format. And with the browser's
// storage full, an order placed while the broker is away is still kept and sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  savedTickets, storedOutbox, outboxInDatabaseOnly, seedOrder,
  startMosquitto, mosquittoPub, waitFor, useSharedWorld, site, browser, screenshotsOf,
} from './harness.mjs';

useSharedWorld({ withBroker: false });

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = JSON.parse(readFileSync(path.join(here, 'fixtures', 'localstorage-38500b6.json'), 'utf8'));
const TOPIC = 'restaurant/orders';
const old = (key) => JSON.parse(FIXTURE[`order-board.${key}`]);

// What the fixture holds (see the README in fixtures/capture-38500b6.mjs).
const TICKETS = [
  { id: 'ORD-UP1', customer: 'Ada Lovelace', status: 'preparing' },
  { id: 'ORD-UP2', customer: 'Alan Turing', status: 'preparing' },
  { id: 'ORD-UP3', customer: 'Grace Hopper', status: 'ready' },
  { id: 'ORD-UP4', customer: 'Edsger Dijkstra', status: 'new' },
];
const WAITING_ORDER = JSON.parse(old('outbox')[0]);
const [WAITING_STATUS_TOPIC, WAITING_STATUS_JSON] = old('status-outbox')[0];
const WAITING_STATUS = JSON.parse(WAITING_STATUS_JSON);

// Keys the new build writes in the versioned envelope { v, data }: these three must be there after a load;
// the others are checked when present.
const MUST_BE_VERSIONED = ['settings', 'screen'];
// The tickets move to the database: localStorage holds them again only as a page's last words.
const VERSIONED_WHEN_PRESENT = ['board', 'draft', 'subscribed', 'broker-versions', 'outbox', 'status-outbox'];

const boardUrl = (wsUrl) =>
  `${site.origin}/?view=all&broker=${encodeURIComponent(wsUrl)}&topic=${encodeURIComponent(TOPIC)}`;

/**
 * A context whose first page load finds `entries` (and nothing else) in localStorage, as if the browser had
 * been used before; reloads and later loads in the same tab keep whatever the board wrote since.
 */
async function contextWithStorage(entries) {
  const context = await browser.newContext();
  await context.addInitScript(({ entries, origin }) => {
    if (location.origin !== origin || sessionStorage.getItem('upgrade-test-seeded')) return;
    sessionStorage.setItem('upgrade-test-seeded', '1');
    localStorage.clear();
    for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
  }, { entries, origin: new URL(site.origin).origin });
  return context;
}

async function openBoardPage(context, wsUrl) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(boardUrl(wsUrl));
  return { page, problems };
}

const connState = (page) => page.$eval('[data-testid=conn-state]', (el) => ({
  state: el.dataset.state, subscribed: el.dataset.subscribed,
})).catch(() => ({}));

const subscribed = (page) =>
  waitFor('the board to subscribe', async () => (await connState(page)).subscribed === TOPIC, 20000);

async function brokerGone(page, broker) {
  await broker.stop();
  await waitFor('the board to notice the broker is gone', async () => (await connState(page)).state !== 'connected', 20000);
}

/**
 * mosquitto_sub on the orders topic and every order's status topic (an independent client): `messages` holds
 * each one as { topic, payload }, in arrival order. Its session is kept (-c, QoS 1): on a broker with
 * persistence, what the board sends right after a restart waits for it, even before it has reconnected.
 */
async function watchOrdersAndStatuses(port) {
  const probe = `e2e-probe/upgrade-${process.pid}-${Date.now()}`;
  const child = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(port), '-i', `e2e-upgrade-sub-${process.pid}-${Date.now()}`,
    '-c', '-q', '1', '-v', '-t', TOPIC, '-t', `${TOPIC}/+/status`, '-t', probe]);
  const messages = [];
  let buffer = '';
  child.stdout.on('data', (d) => {
    buffer += d.toString();
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const space = line.indexOf(' ');
      messages.push(space < 0 ? { topic: line, payload: '' } : { topic: line.slice(0, space), payload: line.slice(space + 1) });
    }
  });
  await waitFor('mosquitto_sub to be subscribed', async () => {
    if (messages.some((m) => m.topic === probe)) return true;
    await mosquittoPub(port, probe, 'ping', 0);
    return false;
  });
  const json = (m) => { try { return JSON.parse(m.payload); } catch { return null; } };
  return {
    messages,
    /** The first order on the orders topic that `match`es. */
    order: (what, match, ms = 30000) => waitFor(what, () =>
      messages.filter((m) => m.topic === TOPIC).map(json).find((o) => o && match(o)), ms),
    /** The first status on `topic` that `match`es. */
    status: (what, topic, match, ms = 30000) => waitFor(what, () =>
      messages.filter((m) => m.topic === topic).map(json).find((s) => s && match(s)), ms),
    stop: () => child.kill('SIGTERM'),
  };
}

const storageNow = (page) => page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));

/** Every field the old value had, with the same value (the new build may add fields). */
function keeps(oldValue, data) {
  if (typeof oldValue !== 'object' || oldValue === null || Array.isArray(oldValue)) {
    return JSON.stringify(oldValue) === JSON.stringify(data);
  }
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    && Object.entries(oldValue).every(([k, v]) => JSON.stringify(data[k]) === JSON.stringify(v));
}

/** What is not in the versioned format yet, key by key (empty once every key is). */
function unversioned(storage) {
  const problems = [];
  // An outbox is kept under each page's own name now (`order-board.outbox:<page>`): those are checked too.
  const keys = [...MUST_BE_VERSIONED, ...VERSIONED_WHEN_PRESENT].flatMap((name) => [
    [name, `order-board.${name}`],
    ...Object.keys(storage).filter((key) => key.startsWith(`order-board.${name}:`)).map((key) => [name, key]),
  ]);
  for (const [name, key] of keys) {
    const raw = storage[key];
    if (raw === undefined) {
      if (MUST_BE_VERSIONED.includes(name)) problems.push(`${key}: missing`);
      continue;
    }
    let value;
    try { value = JSON.parse(raw); } catch { problems.push(`${key}: not JSON`); continue; }
    const shown = raw.length > 80 ? `${raw.slice(0, 80)}…` : raw;
    if (typeof value !== 'object' || value === null || Array.isArray(value)
      || JSON.stringify(Object.keys(value).sort()) !== '["data","v"]') {
      problems.push(`${key}: not { v, data }: ${shown}`);
      continue;
    }
    if (!Number.isInteger(value.v) || value.v < 1) problems.push(`${key}: v is not a positive integer: ${value.v}`);
    const { data } = value;
    const was = old(name);
    const kept = {
      // The snapshot, with every ticket of the old one (and the order that was waiting, once it came back).
      board: () => Array.isArray(data) && TICKETS.every((t) => JSON.stringify(data).includes(t.id)),
      // Sent by now: what waits may have changed, but it is still a list.
      outbox: () => Array.isArray(data),
      'status-outbox': () => Array.isArray(data),
      // Rewritten at connect with what this build subscribes to (a filter more: the counters' letters),
      // still listing every filter 38500b6 had subscribed each client id to.
      subscribed: () => Object.entries(was).every(([id, filters]) =>
        Array.isArray(data?.[id]) && filters.every((f) => data[id].includes(f))),
    }[name] ?? (() => keeps(was, data));
    if (!kept()) problems.push(`${key}: data does not hold what 38500b6 stored (${JSON.stringify(was).slice(0, 80)}): ${shown}`);
  }
  return problems;
}

test('a board upgraded from 38500b6 shows the tickets and statuses it stored and sends the order that was waiting', async () => {
  const broker = await startMosquitto();
  const sub = await watchOrdersAndStatuses(broker.mqttPort);
  const context = await contextWithStorage(FIXTURE);
  try {
    const { page, problems } = await openBoardPage(context, broker.wsUrl);
    await subscribed(page);

    const card = (id) => page.$eval(`[data-testid=order-card][data-order-id="${id}"]`, (el) => ({
      id: el.dataset.orderId, customer: el.querySelector('[data-testid=customer]')?.textContent, status: el.dataset.status,
    })).catch(() => null);
    for (const ticket of TICKETS) {
      const shown = await waitFor(`${ticket.id} on the board`, () => card(ticket.id));
      assert.deepEqual(shown, ticket, `${ticket.id} as 38500b6 left it`);
    }

    const order = await sub.order(`the waiting order ${WAITING_ORDER.order_id} on ${TOPIC}`,
      (o) => o.order_id === WAITING_ORDER.order_id);
    assert.equal(order.customer_name, WAITING_ORDER.customer_name);
    assert.deepEqual(order.items, WAITING_ORDER.items);
    const status = await sub.status(`the waiting status change on ${WAITING_STATUS_TOPIC}`, WAITING_STATUS_TOPIC,
      (s) => s.order_id === WAITING_STATUS.order_id && s.status === WAITING_STATUS.status);
    assert.equal(status.status, 'preparing');
    await waitFor('the waiting order on the board', () => card(WAITING_ORDER.order_id));
    // Taken up into this page's own outboxes, the release before's shared ones are gone.
    await waitFor('the old outboxes forgotten', async () => {
      const storage = await storageNow(page);
      return storage['order-board.outbox'] === undefined && storage['order-board.status-outbox'] === undefined;
    });
    // The bumps made before the upgrade still stand.
    for (const ticket of TICKETS) assert.equal((await card(ticket.id))?.status, ticket.status, ticket.id);

    // Storage moved to the versioned format: { v, data }, data being what 38500b6 stored there.
    await waitFor('every key in the versioned format', async () => unversioned(await storageNow(page)).length === 0, 10000)
      .catch(() => {});
    assert.deepEqual(unversioned(await storageNow(page)), []);
    assert.deepEqual(problems, []);

    // The tickets moved into the database, and the old key was forgotten once it held them all.
    await waitFor('the tickets in the database, not in localStorage', async () => {
      const saved = await savedTickets(page);
      return TICKETS.every((t) => saved.includes(t.id)) && (await storageNow(page))['order-board.board'] === undefined;
    });
    // From the database alone: the last words the page leaves in localStorage as it goes are taken away.
    await page.close();
    const next = await context.newPage();
    await next.goto(`${site.origin}/manifest.webmanifest`);
    await next.evaluate(() => localStorage.removeItem('order-board.board'));
    await next.goto(boardUrl(broker.wsUrl));
    for (const ticket of TICKETS) {
      const shown = await waitFor(`${ticket.id} back from the database`, () => next.$eval(
        `[data-testid=order-card][data-order-id="${ticket.id}"]`, (el) => el.dataset.status).catch(() => null));
      assert.equal(shown, ticket.status, ticket.id);
    }
  } finally {
    sub.stop();
    await context.close();
    await broker.stop();
  }
});

test('a tab of an older build holding the database is named on the page, a closed tab\'s queued order is still sent, and the board keeps its tickets once that tab goes', async () => {
  const broker = await startMosquitto();
  const sub = await watchOrdersAndStatuses(broker.mqttPort);
  const context = await browser.newContext();
  try {
    // A tab of the release before: the database open at version 1 (as that release made it), never let go.
    const older = await context.newPage();
    await older.goto(`${site.origin}/manifest.webmanifest`);
    await older.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('order-board', 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore('history', { keyPath: 'id' }).createIndex('placed', 'p');
        open.result.createObjectStore('journal', { autoIncrement: true });
      };
      open.onsuccess = () => { window.olderDb = open.result; resolve(); };
      open.onerror = () => reject(open.error);
    }));
    const { page, problems } = await openBoardPage(context, broker.wsUrl);
    const banner = () => page.$eval('[data-testid=storage-problem]', (el) => el.textContent.trim()).catch(() => '');
    const said = await waitFor('the older tab named', async () => /older version/.test(await banner()) && banner());
    console.log(`# database held: ${said}`);
    await screenshotsOf(page, 'storage-blocked');
    // The board works meanwhile: an order heard is shown.
    await mosquittoPub(broker.mqttPort, TOPIC, JSON.stringify({ order_id: 'HELD-1', customer_name: 'Held Hannah',
      items: [{ name: 'Water', quantity: 1, price: 1.5 }], total_amount: 1.5, timestamp: new Date().toISOString(),
      special_instructions: null }));
    await waitFor('the order on the board', () => page.$('[data-testid=order-card][data-order-id="HELD-1"]'));
    // A second tab queues an order with the broker away from it and is closed: the board left open sends it,
    // the database it cannot reach holding nothing up.
    const second = await context.newPage();
    await second.goto(boardUrl(broker.wsUrl));
    await second.click('.conn-settings summary');
    await second.click('[data-testid=disconnect]');
    await waitFor('the second tab offline', async () => (await connState(second)).state === 'offline');
    await fillOrderForm(second, 'Closed Tab Carla');
    await second.click('[data-testid=place-order]');
    // (Its storage is not read here: opening the database would wait behind this build's upgrade.)
    await waitFor('the order queued in the second tab', () =>
      second.$eval('[data-testid=form-feedback]', (el) => el.dataset.state === 'queued').catch(() => false));
    await second.close();
    await sub.order('the closed tab\'s order, sent by the board left open', (o) => o.customer_name === 'Closed Tab Carla', 20000);

    await older.evaluate(() => window.olderDb.close());
    await waitFor('the tickets saved once the older tab let go', async () => (await savedTickets(page)).includes('HELD-1'));
    await waitFor('the banner gone', async () => (await banner()) === '');
    assert.deepEqual(problems, []);
  } finally {
    sub.stop();
    await context.close();
    await broker.stop();
  }
});

test('an outbox a page now gone left is sent and forgotten, and one a newer build wrote is left where it is', async () => {
  const broker = await startMosquitto();
  const sub = await watchOrdersAndStatuses(broker.mqttPort);
  const envelope = (v, ids) => JSON.stringify({ v, data: ids.map((id) => seedOrder(id, `Orphan ${id}`)) });
  const newer = envelope(99, ['NEWER-1']);
  const context = await contextWithStorage({
    'order-board.outbox:gone00000001': envelope(1, ['GONE-1']),
    'order-board.outbox:newer0000001': newer,
  });
  try {
    const { page, problems } = await openBoardPage(context, broker.wsUrl);
    await subscribed(page);
    await sub.order('the gone page\'s order', (o) => o.order_id === 'GONE-1');
    const left = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('order-board.outbox')));
    await waitFor('the gone page\'s outbox forgotten', async () =>
      !(await left()).includes('order-board.outbox:gone00000001')
      && !(await storedOutbox(page)).some((o) => o.includes('GONE-1')));
    // A page that goes later: taken up by the next round, so the round before has looked at the newer one too.
    await page.evaluate((text) => localStorage.setItem('order-board.outbox:gone00000002', text), envelope(1, ['GONE-2']));
    await sub.order('the later page\'s order', (o) => o.order_id === 'GONE-2');
    assert.equal(await page.evaluate(() => localStorage.getItem('order-board.outbox:newer0000001')), newer,
      'the newer build\'s outbox is left as it was');
    assert.ok(!sub.messages.some((m) => m.payload.includes('NEWER-1')), 'nothing of it is sent');
    assert.deepEqual(problems, []);
  } finally {
    sub.stop();
    await context.close();
    await broker.stop();
  }
});

/** Fills localStorage with junk keys, in chunks of each size in turn until each fails; returns what is left (chars). */
function fillStorage(page, sizes) {
  return page.evaluate((sizes) => {
    let n = 0;
    for (const size of sizes) {
      for (;;) {
        try {
          localStorage.setItem(`junk-${n}`, 'x'.repeat(size));
          n += 1;
        } catch {
          break;
        }
      }
    }
    // Less than the last size fits: say how much did, for the log.
    let left = 0;
    for (; left < sizes.at(-1); left++) {
      try { localStorage.setItem('junk-probe', 'x'.repeat(left + 1)); } catch { break; }
    }
    localStorage.removeItem('junk-probe');
    return { keys: n, left };
  }, sizes);
}

// A broker that keeps its sessions over a restart (mosquitto_sub's subscriptions among them).
const DURABLE = 'mosquitto-durable.conf.template';

async function fillOrderForm(page, customer) {
  await page.fill('[data-testid=customer-name]', customer);
  await page.click('[data-testid=add-0]');
}

test('with the device\'s storage full, an order placed while the broker is away is kept, and the board says what it could not keep', async (t) => {
  await t.test('with the database\'s quota spent, the board says its tickets are not saved; the order and the bump survive a reload and are sent once the broker is back', async () => {
    const broker = await startMosquitto(DURABLE);
    const sub = await watchOrdersAndStatuses(broker.mqttPort);
    const context = await contextWithStorage(FIXTURE);
    try {
      // The origin's quota cut to nothing before the board opens: its database refuses every write.
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: site.origin, quotaSize: 1 });
      await page.goto(boardUrl(broker.wsUrl));
      await subscribed(page);
      await waitFor('the saved tickets on the board', async () =>
        (await page.$$('[data-testid=order-card]')).length >= TICKETS.length);
      await brokerGone(page, broker);

      const bumped = TICKETS.find((ticket) => ticket.status === 'new');
      await page.click(`[data-testid=order-card][data-order-id="${bumped.id}"] [data-testid=bump]`);
      // The report's history is refused too; the tickets not kept is the graver, and the one said.
      const said = await waitFor('the tickets said not saved', () => page.$eval('[data-testid=storage-problem]',
        (el) => /tickets shown are not saved/.test(el.textContent) && el.textContent.trim()).catch(() => null), 10000);
      console.log(`# storage full (case A): ${said}`);
      const customer = 'Full Storage Frank';
      await fillOrderForm(page, customer);
      await page.click('[data-testid=place-order]');
      await waitFor('the form to take the order', async () =>
        (await page.inputValue('[data-testid=customer-name]')) === '');

      // The page goes (nothing it holds in memory survives), the broker comes back, the board opens again.
      await page.goto('about:blank');
      await broker.restart();
      await page.goto(boardUrl(broker.wsUrl));
      const order = await sub.order(`${customer}'s order on ${TOPIC}`, (o) => o.customer_name === customer, 45000);
      // The items of the draft 38500b6 kept, and the pizza added to it.
      const items = Object.entries({ ...old('draft').quantities, 'Margherita Pizza': 1 }).sort();
      assert.deepEqual(order.items.map((i) => [i.name, i.quantity]).sort(), items);
      await sub.status(`${bumped.id} started`, `${TOPIC}/${bumped.id}/status`, (m) => m.status === 'preparing', 45000);
    } finally {
      sub.stop();
      await context.close();
      await broker.stop();
    }
  });

  await t.test('with nothing left to give up, the board says storage is full, keeps the order queued and sends it once the broker is back', async () => {
    const broker = await startMosquitto(DURABLE);
    const sub = await watchOrdersAndStatuses(broker.mqttPort);
    const context = await contextWithStorage({});
    try {
      const { page } = await openBoardPage(context, broker.wsUrl);
      await subscribed(page);
      await brokerGone(page, broker);
      const filled = await fillStorage(page, [500_000, 50_000, 5_000, 500, 50, 5, 1]);
      console.log(`# storage full (case B): ${filled.keys} junk keys, ${filled.left} characters left`);
      // Every state the feedback goes through, from now on.
      await page.evaluate(() => {
        window.feedbackStates = [];
        const seen = () => {
          const state = document.querySelector('[data-testid=form-feedback]')?.dataset.state;
          if (state && window.feedbackStates.at(-1) !== state) window.feedbackStates.push(state);
        };
        new MutationObserver(seen).observe(document.body,
          { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
      });

      const customer = 'Storage Full Sam';
      await fillOrderForm(page, customer);
      await page.click('[data-testid=place-order]');
      const problem = await waitFor('the storage problem said', () => page.$eval('[data-testid=storage-problem]', (el) => ({
        role: el.getAttribute('role'), text: el.textContent.trim(), visible: el.checkVisibility(),
      })).catch(() => null), 5000);
      assert.equal(problem.role, 'alert');
      assert.ok(problem.visible, 'the storage problem is visible');
      assert.notEqual(problem.text, '');
      console.log(`# storage problem: ${problem.text}`);
      const feedback = () => page.$eval('[data-testid=form-feedback]', (el) => el.dataset.state ?? null).catch(() => null);
      await waitFor('the order queued', async () => (await feedback()) === 'queued', 5000)
        .catch(() => {});
      assert.equal(await feedback(), 'queued');

      const whileAway = await page.evaluate(() => window.feedbackStates);
      assert.ok(!whileAway.some((s) => s === 'sent' || s === 'acknowledged'),
        `never sent while the broker is away: ${whileAway.join(' -> ')}`);

      await broker.restart();
      const order = await sub.order(`${customer}'s order on ${TOPIC}`, (o) => o.customer_name === customer, 45000);
      assert.deepEqual(order.items.map((i) => [i.name, i.quantity]), [['Margherita Pizza', 1]]);
      await waitFor('the feedback to say sent', async () => ['sent', 'acknowledged'].includes(await feedback()), 10000);
    } finally {
      sub.stop();
      await context.close();
      await broker.stop();
    }
  });

  await t.test('with localStorage full, an order placed while the broker is away is kept in the database and sent after a reload', async () => {
    const broker = await startMosquitto(DURABLE);
    const sub = await watchOrdersAndStatuses(broker.mqttPort);
    const context = await contextWithStorage({});
    try {
      const { page } = await openBoardPage(context, broker.wsUrl);
      await subscribed(page);
      await brokerGone(page, broker);
      const filled = await fillStorage(page, [500_000, 50_000, 5_000, 500, 50, 5, 1]);
      console.log(`# localStorage full (case C): ${filled.keys} junk keys, ${filled.left} characters left`);
      const customer = 'Full Shelf Fiona';
      await fillOrderForm(page, customer);
      await page.click('[data-testid=place-order]');
      const waiting = async () => (await storedOutbox(page)).map((o) => JSON.parse(o).customer_name);
      await waitFor('the order kept in the database', async () => (await waiting()).includes(customer));
      await waitFor('the database alone holding it (localStorage is full)', () => outboxInDatabaseOnly(page));
      // Kept, and said so: what localStorage refused is the typed form, not the order.
      const banner = await waitFor('the storage problem said', () => page.$eval('[data-testid=storage-problem]',
        (el) => el.textContent.trim()).catch(() => null), 5000);
      console.log(`# localStorage full (case C) says: ${banner}`);
      assert.match(banner, /typed in the form/);
      assert.doesNotMatch(banner, /not yet sent are kept only while/);
      await screenshotsOf(page, 'storage-typed-not-kept');

      // The page goes (nothing it holds in memory survives), the broker comes back, the board opens again.
      await page.goto('about:blank');
      await broker.restart();
      await page.goto(boardUrl(broker.wsUrl));
      const order = await sub.order(`${customer}'s order on ${TOPIC}`, (o) => o.customer_name === customer, 45000);
      assert.deepEqual(order.items.map((i) => [i.name, i.quantity]), [['Margherita Pizza', 1]]);
      await waitFor('the outbox to empty', async () => (await storedOutbox(page)).length === 0);
    } finally {
      sub.stop();
      await context.close();
      await broker.stop();
    }
  });
});
