// Nothing tuned to one broker: the same publish/subscribe round trip against NATS, a second broker
// implementation (MQTT 3.1.1 over its WebSocket listener at /mqtt), with mosquitto_pub/sub on its MQTT port.
// MQTT 5 is covered against Mosquitto in session.test.mjs: NATS 2.9 speaks 3.1.1 only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startNats, mosquittoPub, subscribeReady, seedOrder, waitFor, useSharedWorld, site, browser,
} from './harness.mjs';

useSharedWorld({ withBroker: false });
let nats;

before(async () => { nats = await startNats(); });
after(() => nats?.stop());

for (const qos of ['1', '0']) {
  test(`NATS, MQTT 3.1.1, publishing at QoS ${qos}: orders flow both ways`, async () => {
    const topic = `restaurant/orders/nats-q${qos}-${Date.now()}`;
    const id = `ORD-N${qos}`;
    const page = await browser.newPage();
    try {
      await page.goto(`${site.origin}/?${new URLSearchParams({ broker: nats.wsUrl, topic, version: '3.1.1', qos })}`);
      await waitFor('subscribed', () =>
        page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, topic), 30000);
      const sub = await subscribeReady(nats.mqttPort, topic);
      try {
        await mosquittoPub(nats.mqttPort, topic, seedOrder(id));
        await waitFor('the card', () => page.$(`[data-testid=order-card][data-order-id="${id}"]`));
        assert.equal(JSON.parse(await sub.next()).order_id, id);
        await page.click('[data-testid=publish-random]');
        const sent = JSON.parse(await sub.next());
        const settled = qos === '0' ? 'sent' : 'acknowledged';
        await waitFor(settled, () => page.$eval('[data-testid=publish-record]',
          (el, [orderId, state]) => el.dataset.state === state && el.dataset.orderId === orderId,
          [sent.order_id, settled]));
      } finally {
        sub.stop();
      }
    } finally {
      await page.close();
    }
  });
}

test('NATS speaks only MQTT 3.1.1: version 5 is explained in words, and "auto" falls back to 3.1.1 and remembers it', async () => {
  const topic = `restaurant/orders/nats-auto-${Date.now()}`;
  const strict = await browser.newPage();
  const auto = await browser.newPage();
  try {
    await strict.goto(`${site.origin}/?${new URLSearchParams({ broker: nats.wsUrl, topic, version: '5' })}`);
    await waitFor('the reason', async () => /does not speak MQTT 5/.test(
      await strict.$eval('[data-testid=conn-state]', (el) => el.textContent)), 20000);

    // No version given: "auto", the default.
    await auto.goto(`${site.origin}/?${new URLSearchParams({ broker: nats.wsUrl, topic })}`);
    const subscribed = () => waitFor('subscribed over 3.1.1', () =>
      auto.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, topic), 30000);
    await subscribed();
    const known = await auto.evaluate(() => JSON.parse(localStorage.getItem('order-board.broker-versions'))?.data);
    assert.equal(known[nats.wsUrl], '3.1.1');
    await mosquittoPub(nats.mqttPort, topic, seedOrder('ORD-AUTO'));
    await waitFor('the card', () => auto.$('[data-testid=order-card][data-order-id="ORD-AUTO"]'));
    await auto.reload();
    await subscribed();
  } finally {
    await strict.close();
    await auto.close();
  }
});
