// Item-level work: each station bumps its own part of an order, the expo rolls the parts up, the pickup
// screen says "ready" only when every part is, and a board opened later sees the same progress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  openBoard, mosquittoPub, orderJson, waitFor, useSharedWorld, broker, site, browser, screenshotsOf,
} from './harness.mjs';

useSharedWorld();

const PIZZA_AND_TEA = (id, customer) => orderJson(id, customer, [
  { name: 'Margherita Pizza', quantity: 1, price: 12.99 },
  { name: 'Iced Tea', quantity: 2, price: 2.99 },
], { timestamp: new Date().toISOString() });

async function screen(topic, extra) {
  const context = await browser.newContext();
  const { page, problems } = await openBoard(context, site.origin, broker.wsUrl, topic, null, extra);
  return { context, page, problems };
}

const progress = (page, id) => page.$$eval(`[data-testid=expo-card][data-order-id="${id}"] [data-testid=station-progress]`,
  (els) => Object.fromEntries(els.map((e) => [e.dataset.station, e.dataset.done])));
const waitProgress = (page, id, want, what) => waitFor(what, async () =>
  JSON.stringify(await progress(page, id).catch(() => null)) === JSON.stringify(want));
const pickupList = (page, list) => page.$$eval(`[data-testid=${list}] [data-testid=pickup-entry]`,
  (els) => els.map((e) => e.textContent));
const cardOn = (page, id) => page.$(`[data-testid=order-card][data-order-id="${id}"]`);

/** The retained parts under `topic`, as the broker holds them. */
function retainedParts(topic) {
  return new Promise((resolve, reject) => {
    execFile('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker.mqttPort), '-i', `e2e-parts-${Date.now()}`,
      '-t', `${topic}/+/parts/+`, '--retained-only', '-W', '1', '-v'], (err, stdout) => {
      if (err && err.code !== 27) reject(err);
      else resolve(stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l.slice(l.indexOf(' ') + 1))));
    });
  });
}

test('a drinks part done shows on the expo while pickup still says preparing; the pizza part done makes it ready everywhere', async () => {
  const topic = `restaurant/orders/stations-${Date.now()}`;
  const drinks = await screen(topic, { view: 'kitchen', station: 'Drinks' });
  const pizza = await screen(topic, { view: 'kitchen', station: 'Pizza' });
  const expo = await screen(topic, { view: 'expo' });
  const pickup = await screen(topic, { view: 'pickup' });
  const opened = [drinks, pizza, expo, pickup];
  try {
    await mosquittoPub(broker.mqttPort, topic, PIZZA_AND_TEA('ST-1', 'Ada'));
    // Each station sees only its own lines.
    await waitFor('the drinks card', async () => (await cardOn(drinks.page, 'ST-1')) !== null);
    const lines = (page) => page.$$eval('[data-order-id="ST-1"] [data-testid=item-line]',
      (els) => els.map((e) => `${e.textContent.replace(/\s+/g, ' ').trim()}|${e.dataset.done}`));
    assert.deepEqual((await lines(drinks.page)).map((l) => l.split('|')[1]), ['false']);
    assert.match((await lines(drinks.page))[0], /Iced Tea/);
    await waitFor('the pizza card', async () => (await cardOn(pizza.page, 'ST-1')) !== null);
    assert.match((await lines(pizza.page))[0], /Margherita Pizza/);
    assert.equal((await lines(pizza.page)).length, 1);
    await waitProgress(expo.page, 'ST-1', { Pizza: 'false', Drinks: 'false' }, 'the expo lists both parts');

    // The drinks cook: Start, then Done. The ticket leaves the drinks screen, not the pizza screen.
    await drinks.page.click('[data-order-id="ST-1"] [data-testid=bump]');
    await waitFor('drinks preparing', async () =>
      (await drinks.page.$eval('[data-order-id="ST-1"]', (e) => e.dataset.status)) === 'preparing');
    await drinks.page.click('[data-order-id="ST-1"] [data-testid=bump]');
    await waitFor('off the drinks screen', async () => (await cardOn(drinks.page, 'ST-1')) === null);
    await waitProgress(expo.page, 'ST-1', { Pizza: 'false', Drinks: 'true' }, 'expo: drinks done, pizza not');
    assert.equal(await expo.page.$eval('[data-station="Pizza"]', (e) => e.dataset.slowest), 'true',
      'the pizza holds the order up');
    assert.match(await expo.page.$eval('[data-station="Drinks"] [data-testid=done-at]', (e) => e.textContent), /^\d\d:\d\d$/);
    assert.equal(await expo.page.$eval('[data-order-id="ST-1"] [data-testid=hand-off]', (e) => e.disabled), true);
    assert.ok(await cardOn(pizza.page, 'ST-1'), 'the pizza screen still has it');
    await waitFor('pickup: still preparing', async () =>
      (await pickupList(pickup.page, 'pickup-preparing')).some((t) => t.includes('Ada')));
    assert.deepEqual(await pickupList(pickup.page, 'pickup-ready'), []);
    // The broker keeps the drinks part, retained, on its own topic.
    const parts = await retainedParts(topic);
    assert.deepEqual(parts.map((p) => [p.order_id, p.part, p.state]), [['ST-1', 'Drinks', 'done']]);

    // A board opened later on a fresh profile shows the same progress, from the retained messages.
    const late = await screen(topic, { view: 'expo' });
    opened.push(late);
    await waitProgress(late.page, 'ST-1', { Pizza: 'false', Drinks: 'true' }, 'the late expo: drinks done, pizza not');

    // The pizza cook crosses off the one line: the part is done, so is the order.
    await pizza.page.click('[data-order-id="ST-1"] [data-testid=item-line]');
    await waitFor('off the pizza screen', async () => (await cardOn(pizza.page, 'ST-1')) === null);
    for (const page of [expo.page, late.page]) {
      await waitProgress(page, 'ST-1', { Pizza: 'true', Drinks: 'true' }, 'both parts done');
      await waitFor('ready on the expo', async () =>
        (await page.$eval('[data-testid=expo-card][data-order-id="ST-1"]', (e) => e.dataset.status)) === 'ready');
    }
    await waitFor('pickup: ready', async () =>
      (await pickupList(pickup.page, 'pickup-ready')).some((t) => t.includes('Ada')));

    // The expo hands it off: served, gone from the expo and the pickup screen.
    await expo.page.click('[data-order-id="ST-1"] [data-testid=hand-off]');
    await waitFor('handed off', async () =>
      (await expo.page.$('[data-testid=expo-card][data-order-id="ST-1"]')) === null);
    await waitFor('pickup: gone', async () =>
      !(await pickupList(pickup.page, 'pickup-ready')).some((t) => t.includes('Ada')));

    for (const { problems } of opened) assert.deepEqual(problems, []);
  } finally {
    for (const { context } of opened) await context.close();
  }
});

test('a plain mosquitto_pub order-level ready marks every part, and the expo sends a part back to its station', async () => {
  const topic = `restaurant/orders/plain-${Date.now()}`;
  const drinks = await screen(topic, { view: 'kitchen', station: 'Drinks' });
  const expo = await screen(topic, { view: 'expo' });
  try {
    await mosquittoPub(broker.mqttPort, topic, PIZZA_AND_TEA('ST-2', 'Bo'));
    await waitProgress(expo.page, 'ST-2', { Pizza: 'false', Drinks: 'false' }, 'both parts open');
    const at = new Date().toISOString();
    await mosquittoPub(broker.mqttPort, `${topic}/ST-2/status`, JSON.stringify({ order_id: 'ST-2', status: 'ready', at }));
    await waitProgress(expo.page, 'ST-2', { Pizza: 'true', Drinks: 'true' }, 'a plain ready marks every part');
    await waitFor('off the drinks screen', async () => (await cardOn(drinks.page, 'ST-2')) === null);

    // The expo sends the drinks back: the drinks station has it again, the order is preparing.
    await expo.page.click('[data-order-id="ST-2"] [data-station="Drinks"] [data-testid=send-back]');
    await waitFor('back on the drinks screen', async () => (await cardOn(drinks.page, 'ST-2')) !== null);
    await waitProgress(expo.page, 'ST-2', { Pizza: 'true', Drinks: 'false' }, 'drinks open again');
    assert.equal(await expo.page.$eval('[data-testid=expo-card][data-order-id="ST-2"]', (e) => e.dataset.status), 'preparing');

    // Keys on the expo: 1 selects the first order, R sends its last finished part (the pizza) back.
    await expo.page.keyboard.press('1');
    await expo.page.keyboard.press('r');
    await waitProgress(expo.page, 'ST-2', { Pizza: 'false', Drinks: 'false' }, 'R sent the pizza back');
    assert.deepEqual(drinks.problems, []);
    assert.deepEqual(expo.problems, []);
  } finally {
    await drinks.context.close();
    await expo.context.close();
  }
});

test('the key map on a station screen says what Enter does to its part, and Enter bumps only that part', async () => {
  const topic = `restaurant/orders/stationkeys-${Date.now()}`;
  const drinks = await screen(topic, { view: 'kitchen', station: 'Drinks' });
  const expo = await screen(topic, { view: 'expo' });
  try {
    assert.equal(await drinks.page.$eval('[data-testid=station-title]', (e) => e.textContent.trim()), '· Drinks');
    await drinks.page.keyboard.press('?');
    await waitFor('the key map', () => drinks.page.$eval('[data-testid=key-help]', (e) => !e.hidden));
    assert.match(await drinks.page.$eval('[data-testid=key-help]', (e) => e.textContent), /Start → Done \(this station's part\)/);
    await drinks.page.keyboard.press('?');
    await mosquittoPub(broker.mqttPort, topic, PIZZA_AND_TEA('ST-3', 'Cy'));
    await waitFor('the card', async () => (await cardOn(drinks.page, 'ST-3')) !== null);
    await drinks.page.keyboard.press('1');
    await drinks.page.keyboard.press('Enter');
    await waitFor('drinks started', async () =>
      (await expo.page.$eval('[data-order-id="ST-3"] [data-station="Drinks"]', (e) => e.textContent).catch(() => '')).includes('preparing'));
    assert.equal(await expo.page.$eval('[data-testid=expo-card][data-order-id="ST-3"]', (e) => e.dataset.status), 'preparing');
    await drinks.page.keyboard.press('Enter');
    await waitFor('off the drinks screen', async () => (await cardOn(drinks.page, 'ST-3')) === null);
    // "Recently done" on the station lists it, with Recall back to the station.
    const done = await drinks.page.$$eval('[data-testid=done-item]', (els) => els.map((e) => e.dataset.orderId));
    assert.deepEqual(done, ['ST-3']);
    await drinks.page.click('[data-testid=done-panel] summary');
    await drinks.page.click('[data-testid=done-item][data-order-id="ST-3"] [data-testid=recall]');
    await waitFor('recalled to the station', async () => (await cardOn(drinks.page, 'ST-3')) !== null);

    // What a person sees: the expo and a station screen, at three sizes, light and dark.
    await mosquittoPub(broker.mqttPort, topic, PIZZA_AND_TEA('ST-4', 'Dee'));
    await mosquittoPub(broker.mqttPort, topic, orderJson('ST-5', 'Eve', [
      { name: 'Classic Cheeseburger', quantity: 2, price: 11.99 }, { name: 'French Fries', quantity: 2, price: 4.49 },
      { name: 'Coca-Cola', quantity: 2, price: 2.49 }, { name: 'Chef special', quantity: 1, price: 5 },
    ]));
    await waitFor('three on the expo', async () => (await expo.page.$$('[data-testid=expo-card]')).length === 3);
    await screenshotsOf(expo.page, 'expo');
    await screenshotsOf(drinks.page, 'station-drinks');
    assert.deepEqual(drinks.problems, []);
    assert.deepEqual(expo.problems, []);
  } finally {
    await drinks.context.close();
    await expo.context.close();
  }
});

test('the pickup screen asks for the staff PIN from config.json before it becomes a kitchen screen', async () => {
  const topic = `restaurant/orders/pin-${Date.now()}`;
  const { serveDist } = await import('./harness.mjs');
  const withPin = await serveDist({
    '/config.json': JSON.stringify({ broker: broker.wsUrl, topic, staff_pin: '2468' }),
  });
  const context = await browser.newContext();
  try {
    const { page, problems } = await openBoard(context, withPin.origin, broker.wsUrl, topic, null, { view: 'pickup' });
    await page.click('[data-testid=staff-menu]');
    assert.equal(await page.$('[data-testid=screen-kitchen]'), null, 'no way to the kitchen before the PIN');
    await page.fill('[data-testid=staff-pin]', '1111');
    await page.click('[data-testid=staff-unlock]');
    await waitFor('a wrong PIN said', () => page.$eval('[data-testid=staff-pin-wrong]', (e) => !e.hidden));
    assert.equal(await page.$('[data-testid=screen-kitchen]'), null);
    await page.fill('[data-testid=staff-pin]', '2468');
    await page.keyboard.press('Enter');
    await waitFor('the screens offered', () => page.$('[data-testid=screen-kitchen]'));
    await page.click('[data-testid=screen-kitchen]');
    await waitFor('the kitchen screen', () => page.$('[data-testid=cards]'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await withPin.close();
  }
});
