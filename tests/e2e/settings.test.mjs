// Applied settings versus the draft in the panel: a half-typed topic changes nothing until Connect; a new
// topic applied drops the old one from the persistent session; a tick made before config.json arrives stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSharedWorld, broker, site, browser, serveDist, openBoard, mosquittoPub, subscribeReady, seedOrder, waitFor,
} from './harness.mjs';

useSharedWorld();
const topicFor = (name) => `restaurant/orders/settings-${name}-${Date.now()}`;
const card = (page, id) => page.$(`[data-testid=order-card][data-order-id="${id}"]`);

test('a topic typed but not applied changes nothing; applied, the old topic is no longer received', async () => {
  const before = topicFor('old');
  const after = topicFor('new');
  const { page, problems } = await openBoard(browser, site.origin, broker.wsUrl, before);
  const sub = await subscribeReady(broker.mqttPort, before);
  try {
    await page.click('.conn-settings summary');
    await page.fill('[data-testid=topic]', after);
    // Not applied yet: orders go to, and come from, the topic the board is subscribed to.
    await page.click('[data-testid=publish-random]');
    const placed = JSON.parse(await sub.next());
    await waitFor('its card, from the subscribed topic', () => card(page, placed.order_id));
    await mosquittoPub(broker.mqttPort, before, seedOrder('ORD-STILL-OLD'));
    await waitFor('an order on the applied topic', () => card(page, 'ORD-STILL-OLD'));

    await page.click('[data-testid=connect]');
    await waitFor('the new subscription', () =>
      page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, after));
    // The persistent session must not keep delivering the old topic: each old-topic order is published
    // before a new-topic one, and the broker keeps one connection's deliveries in order.
    for (const n of [1, 2]) {
      await mosquittoPub(broker.mqttPort, before, seedOrder(`ORD-OLD-${n}`));
      await mosquittoPub(broker.mqttPort, after, seedOrder(`ORD-NEW-${n}`));
      await waitFor('the new-topic order', () => card(page, `ORD-NEW-${n}`));
      assert.equal(await card(page, `ORD-OLD-${n}`), null, `ORD-OLD-${n} arrived from the old topic`);
    }
    assert.deepEqual(problems, []);
  } finally {
    sub.stop();
    await page.close();
  }
});

test('a tick made before config.json arrives is kept, not overwritten by start-up', async () => {
  const topic = topicFor('tick');
  let release;
  const gate = new Promise((r) => { release = r; });
  const slow = await serveDist({ '/config.json': async () => { await gate; return JSON.stringify({ broker: broker.wsUrl, topic }); } });
  const page = await browser.newPage();
  try {
    await page.goto(`${slow.origin}/`);
    await page.click('.conn-settings summary');
    await page.uncheck('[data-testid=persistent-session]');
    release();
    await waitFor('config.json to be read', () =>
      page.$eval('[data-testid=conn-state]', (el) => el.dataset.state !== 'offline'));
    assert.equal(await page.isChecked('[data-testid=persistent-session]'), false);
  } finally {
    await page.close();
    await slow.close();
  }
});

test('a list of brokers from config.json and from the panel: an unreachable first node is passed over for the next', async () => {
  const topic = topicFor('list');
  const dead = 'ws://127.0.0.1:1/mqtt';
  const listed = await serveDist({ '/config.json': JSON.stringify({ brokers: [dead, broker.wsUrl], topic }) });
  const page = await browser.newPage();
  try {
    await page.goto(`${listed.origin}/`);
    const port = new URL(broker.wsUrl).port;
    await waitFor('the second node of config.json', async () => (await page.$eval('[data-testid=conn-state]',
      (el) => el.textContent)) === `connected to 127.0.0.1:${port} (2 of 2)`, 20000);
    // The panel shows the list a node per line; a list typed there is applied with Connect.
    await page.click('.conn-settings summary');
    assert.equal(await page.inputValue('[data-testid=broker-url]'), `${dead}\n${broker.wsUrl}`);
    await page.fill('[data-testid=broker-url]', `${broker.wsUrl}\n${dead}\nws://127.0.0.1:2/mqtt`);
    await page.click('[data-testid=connect]');
    await waitFor('the first node of the typed list', async () => (await page.$eval('[data-testid=conn-state]',
      (el) => el.textContent)) === `connected to 127.0.0.1:${port} (1 of 3)`, 20000);
  } finally {
    await page.close();
    await listed.close();
  }
});
