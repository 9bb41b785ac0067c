// Nothing tuned to one broker: the same publish/subscribe round trip against rumqttd, a second broker
// implementation, in MQTT 3.1.1 (its WebSocket listener) and MQTT 5 (its TCP listener via a byte bridge).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startRumqttd, startWsBridge, mosquittoPub, subscribeReady, seedOrder, waitFor, useSharedWorld, site, browser,
} from './harness.mjs';

useSharedWorld({ withBroker: false });
let rumqttd;

before(async () => {
  rumqttd = await startRumqttd();
  if (!rumqttd) throw new Error('rumqttd is not installed: run scripts/setup.sh');
});

after(() => rumqttd?.stop());

for (const version of ['3.1.1', '5']) {
  test(`rumqttd, MQTT ${version}: orders flow both ways`, async () => {
    const topic = `restaurant/orders/rumqttd-${version}-${Date.now()}`;
    const bridge = version === '5' ? await startWsBridge(rumqttd.v5Port) : null;
    const brokerUrl = bridge ? bridge.wsUrl : rumqttd.wsUrl;
    const page = await browser.newPage();
    try {
      await page.goto(`${site.origin}/?${new URLSearchParams({ broker: brokerUrl, topic, version })}`);
      await waitFor('subscribed', () =>
        page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, topic));
      const sub = await subscribeReady(rumqttd.mqttPort, topic);
      try {
        await mosquittoPub(rumqttd.mqttPort, topic, seedOrder(`ORD-R${version}`));
        await waitFor('the card', () => page.$(`[data-testid=order-card][data-order-id="ORD-R${version}"]`));
        assert.equal(JSON.parse(await sub.next()).order_id, `ORD-R${version}`);
        await page.click('[data-testid=publish-random]');
        const sent = JSON.parse(await sub.next());
        await waitFor('acknowledged', () => page.$eval('[data-testid=publish-record]',
          (el, id) => el.dataset.state === 'acknowledged' && el.dataset.orderId === id, sent.order_id));
      } finally {
        sub.stop();
      }
    } finally {
      await page.close();
      await bridge?.close();
    }
  });
}
