// Flow control and reconnect pacing against real brokers: a strict Mosquitto that grants two publishes in
// flight (MQTT 5 Receive Maximum 2) gets every generated order once over one connection, at QoS 1 and 2; a
// broker that accepts and drops every connection at once sees the board's attempts spread out, not a storm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  useSharedWorld, site, browser, startMosquitto, openBoard, subscribeReady, waitFor, startDroppingProxy,
  broker,
} from './harness.mjs';

useSharedWorld();
const COUNT = 2000;
const text = (page, testid) => page.$eval(`[data-testid=${testid}]`, (el) => el.textContent);

for (const qos of ['1', '2']) {
  test(`with Receive Maximum 2, a ${COUNT}-order generator run at QoS ${qos} (MQTT 5) delivers every order once over one connection`, async () => {
    const strict = await startMosquitto('mosquitto-strict.conf.template');
    const topic = `restaurant/orders/strict-q${qos}-${Date.now()}`;
    try {
      const { page, problems } = await openBoard(browser, site.origin, strict.wsUrl, topic, null, { version: '5', qos });
      const sub = await subscribeReady(strict.mqttPort, topic);
      const started = Date.now();
      try {
        await page.fill('[data-testid=gen-count]', String(COUNT));
        await page.fill('[data-testid=gen-interval]', '0');
        await page.fill('[data-testid=gen-seed]', '77');
        await page.click('[data-testid=gen-start]');
        const ids = new Set();
        for (let i = 0; i < COUNT; i++) ids.add(JSON.parse(await sub.next(30000)).order_id);
        assert.equal(ids.size, COUNT, 'every order arrived exactly once');
        await waitFor('the run to finish', () =>
          page.$eval('[data-testid=gen-progress]', (el) => el.dataset.state === 'finished'), 30000);
        console.log(`QoS ${qos}, Receive Maximum 2: ${COUNT} orders in ${Date.now() - started} ms`);
        assert.equal(await text(page, 'gen-acknowledged'), String(COUNT));
        assert.equal(await text(page, 'gen-failed'), '0');
        const log = readFileSync(path.join(strict.dir, 'mosquitto.log'), 'utf8');
        const boardConnections = log.split('\n').filter((l) => /New client connected .* as board-/.test(l));
        assert.equal(boardConnections.length, 1, boardConnections.join('\n'));
        assert.match(boardConnections[0], /\(p5,/, 'connected with MQTT 5');
        assert.deepEqual(problems, []);
      } finally {
        sub.stop();
        await page.close();
      }
    } finally {
      await strict.stop();
    }
  });
}

test('a broker that accepts and drops every connection gets attempts spaced further and further apart', async () => {
  const proxy = await startDroppingProxy(broker.wsUrl);
  const page = await browser.newPage();
  try {
    await page.goto(`${site.origin}/?${new URLSearchParams({ broker: proxy.wsUrl, topic: 'restaurant/orders/drop' })}`);
    await waitFor('five accepted and dropped connections', () => proxy.connections.length >= 5, 40000);
    const gaps = proxy.connections.slice(1, 5).map((t, i) => t - proxy.connections[i]);
    console.log(`gaps between attempts: ${gaps.join(', ')} ms`);
    // Backoff from 0.75 s doubling, each delay between half and all of its step: the fourth gap is at least
    // 3 s where a schedule that started over after every CONNACK would stay under 0.8 s.
    assert.ok(gaps[3] >= 2900, `fourth gap ${gaps[3]} ms`);
    assert.ok(gaps[3] > 2 * gaps[0], `gaps ${gaps}`);
    // The page counts on too, instead of saying "attempt 1" forever.
    await waitFor('the page to count attempts', async () => /attempt ([5-9]|\d\d)/.test(await text(page, 'conn-state')), 20000);
  } finally {
    await page.close();
    await proxy.close();
  }
});
